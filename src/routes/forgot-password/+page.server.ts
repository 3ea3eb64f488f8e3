import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { refuseIfRateLimited } from '$lib/server/auth/attempts';
import { emailOnlySchema } from '$lib/server/auth/schemas';
import { parseForm, readForm } from '$lib/server/forms';
import type { Actions } from './$types';

// Plain forms that post and render on the server: no JavaScript is sent at all (no router, no
// hydration), which is most of this page's weight on a slow phone. See README, Architecture.
export const csr = false;

export const actions: Actions = {
	default: async (event) => {
		const parsed = parseForm(emailOnlySchema, await readForm(event.request));
		if (!parsed.ok)
			return fail(400, {
				values: parsed.values,
				errors: parsed.errors,
				message: m.form_fix_errors()
			});
		const { email } = parsed.data;
		const limited = await refuseIfRateLimited(event, 'emailLink', email, { email });
		if (limited) return limited;
		await event.locals.auth.sendPasswordReset(
			email,
			new URL('/account/password', event.url.origin),
			getLocale()
		);
		// The same answer whether or not the address has an account.
		return { values: { email }, sent: true, message: m.auth_reset_sent() };
	}
};
