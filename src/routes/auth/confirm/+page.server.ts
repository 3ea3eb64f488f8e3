import { redirect } from '@sveltejs/kit';
import { emailLinkSchema } from '$lib/server/auth/schemas';
import { safeNextPath } from '$lib/url';
import type { PageServerLoad } from './$types';

// Where a confirmation that left the account without a password lands, signed in (see below).
const CHOOSE_PASSWORD = 'choose-password';

/**
 * Where the links in confirmation, sign-in and reset emails land, in both modes (Supabase's email
 * templates point here with `token_hash` and `type`). A bad or used link shows a page, never an
 * error.
 */
export const load: PageServerLoad = async ({ url, locals, setHeaders }) => {
	// The link's token never leaves in a Referer to another site. Not `no-referrer`: a document
	// with that policy posts its forms with `Origin: null`, which SvelteKit's CSRF check refuses,
	// and pages reached from here by client-side navigation are still this document.
	setHeaders({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'same-origin' });
	if (url.searchParams.get('confirmed') === CHOOSE_PASSWORD && locals.user) {
		return {
			ok: true,
			choosePassword: true,
			next: safeNextPath(url.searchParams.get('next'), '/')
		};
	}
	const parsed = emailLinkSchema.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) return { ok: false };
	const { token_hash, type, next } = parsed.data;
	const user = await locals.auth.verifyEmailLink(token_hash, type);
	if (!user) return { ok: false };
	if (type === 'recovery') redirect(303, '/account/password');
	const landing = safeNextPath(next, '/account');
	// The address was proved away from the browser that chose the password, which is gone: say
	// so on a page of its own (a new request, so the page shows who is signed in).
	if (user.choosePassword) {
		const query = new URLSearchParams({ confirmed: CHOOSE_PASSWORD, next: landing });
		redirect(303, `/auth/confirm?${query}`);
	}
	redirect(303, landing);
};
