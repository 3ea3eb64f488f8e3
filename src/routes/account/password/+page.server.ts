import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { newPasswordSchema, PASSWORD_MIN } from '$lib/server/auth/schemas';
import { parseForm, readForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ passwordMin: PASSWORD_MIN });

export const actions: Actions = {
	default: async ({ locals, request }) => {
		if (!locals.user) error(401, 'Sign in first.');
		const parsed = parseForm(newPasswordSchema, await readForm(request));
		if (!parsed.ok) return fail(400, { errors: parsed.errors, message: m.form_fix_errors() });
		await locals.auth.updatePassword(parsed.data.password);
		return { saved: true, message: m.account_password_saved() };
	}
};
