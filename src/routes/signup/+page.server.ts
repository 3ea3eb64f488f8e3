import { fail, redirect } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { refuseIfRateLimited } from '$lib/server/auth/attempts';
import { PASSWORD_MIN, signUpSchema } from '$lib/server/auth/schemas';
import { parseForm, readForm } from '$lib/server/forms';
import { safeNextPath } from '$lib/url';
import type { Actions, PageServerLoad } from './$types';

// Plain forms that post and render on the server: no JavaScript is sent at all (no router, no
// hydration), which is most of this page's weight on a slow phone. See README, Architecture.
export const csr = false;

export const load: PageServerLoad = ({ locals, url }) => {
	// Empty when the link named no page to come back to: then each action picks its own.
	const next = url.searchParams.has('next') ? safeNextPath(url.searchParams.get('next')) : '';
	if (locals.user) redirect(303, next || '/');
	return { next, passwordMin: PASSWORD_MIN };
};

export const actions: Actions = {
	default: async (event) => {
		const parsed = parseForm(signUpSchema, await readForm(event.request));
		if (!parsed.ok)
			return fail(400, {
				values: parsed.values,
				errors: parsed.errors,
				message: m.form_fix_errors()
			});
		const { email, password, display_name, next } = parsed.data;
		const values = { email, display_name: display_name ?? '', next: next ?? '' };
		const limited = await refuseIfRateLimited(event, 'signUp', email, values);
		if (limited) return limited;
		const landing = safeNextPath(next, '/account');
		const result = await event.locals.auth.signUp({
			email,
			password,
			displayName: display_name,
			locale: getLocale(),
			redirectTo: new URL(landing, event.url.origin)
		});
		if (!result.ok) {
			const message =
				result.reason === 'email_taken'
					? m.auth_email_taken()
					: result.reason === 'weak_password'
						? m.auth_weak_password()
						: m.auth_sign_up_rejected();
			const field = result.reason === 'weak_password' ? 'password' : 'email';
			return fail(400, { values, errors: { [field]: [message] }, message });
		}
		// Only a Supabase project that confirms sign-ups at once signs in here.
		if (result.signedIn) redirect(303, landing);
		// The same answer for a new address, an unconfirmed one and an existing account.
		return { values, confirm: true, message: m.auth_confirm_check_mail({ email }) };
	}
};
