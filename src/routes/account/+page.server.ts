import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getProfile, profileSchema, updateProfile } from '$lib/server/account/account';
import { parseForm, readForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user;
	if (!user) error(401, 'Sign in first.');
	const profile = await locals.withClaims((tx) => getProfile(tx, user.id));
	return { email: user.email, profile: profile ?? null };
};

export const actions: Actions = {
	profile: async ({ locals, request }) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const parsed = parseForm(profileSchema, await readForm(request));
		if (!parsed.ok) {
			return fail(400, {
				action: 'profile',
				values: parsed.values,
				errors: parsed.errors,
				message: m.form_fix_errors()
			});
		}
		await locals.withClaims((tx) => updateProfile(tx, user.id, parsed.data));
		return { action: 'profile', saved: true, message: m.account_profile_saved() };
	},

	delete: async ({ locals, request }) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		// Typing the address is the confirmation: no accidental deletes from a stray click.
		const schema = z.object({
			confirm_email: z
				.string()
				.trim()
				.toLowerCase()
				.refine((value) => value === user.email.toLowerCase(), {
					error: () => m.account_delete_mismatch()
				})
		});
		const parsed = parseForm(schema, await readForm(request));
		if (!parsed.ok) {
			return fail(400, {
				action: 'delete',
				values: parsed.values,
				errors: parsed.errors,
				message: m.account_delete_mismatch()
			});
		}
		await locals.auth.deleteAccount();
		redirect(303, '/?account=deleted');
	}
};
