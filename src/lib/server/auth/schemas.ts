import { z } from 'zod';
import { m } from '$lib/paraglide/messages';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

const email = z
	.string({ error: () => m.auth_email_invalid() })
	.trim()
	.max(254, { error: () => m.auth_email_invalid() })
	.pipe(z.email({ error: () => m.auth_email_invalid() }))
	.transform((value) => value.toLowerCase());

const newPassword = z
	.string({ error: () => m.auth_password_too_short({ min: PASSWORD_MIN }) })
	.min(PASSWORD_MIN, { error: () => m.auth_password_too_short({ min: PASSWORD_MIN }) })
	.max(PASSWORD_MAX, { error: () => m.auth_password_too_long({ max: PASSWORD_MAX }) });

const next = z.string().max(2000).optional();

export const signInSchema = z.object({
	email,
	password: z
		.string({ error: () => m.auth_password_required() })
		.min(1)
		.max(PASSWORD_MAX),
	next
});

export const signUpSchema = z.object({
	email,
	password: newPassword,
	display_name: z
		.string()
		.trim()
		.max(80, { error: () => m.auth_display_name_too_long({ max: 80 }) })
		.optional()
		.transform((value) => value || undefined),
	next
});

export const emailOnlySchema = z.object({ email, next });

export const newPasswordSchema = z
	.object({ password: newPassword, password_confirm: z.string().max(PASSWORD_MAX) })
	.refine((form) => form.password === form.password_confirm, {
		path: ['password_confirm'],
		error: () => m.auth_password_mismatch()
	});

export const emailLinkSchema = z.object({
	token_hash: z.string().min(10).max(200),
	type: z.enum(['signup', 'email', 'magiclink', 'recovery']),
	next: next
});
