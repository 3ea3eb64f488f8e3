import { redirect } from '@sveltejs/kit';
import { emailLinkSchema } from '$lib/server/auth/schemas';
import { safeNextPath } from '$lib/url';
import type { PageServerLoad } from './$types';

/**
 * Where the links in sign-in and reset emails land, in both modes (Supabase's email templates
 * point here with `token_hash` and `type`). A bad or used link shows a page, never an error.
 */
export const load: PageServerLoad = async ({ url, locals, setHeaders }) => {
	const parsed = emailLinkSchema.safeParse(Object.fromEntries(url.searchParams));
	setHeaders({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
	if (!parsed.success) return { ok: false };
	const { token_hash, type, next } = parsed.data;
	const user = await locals.auth.verifyEmailLink(token_hash, type);
	if (!user) return { ok: false };
	redirect(303, type === 'recovery' ? '/account/password' : safeNextPath(next, '/account'));
};
