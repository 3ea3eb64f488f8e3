import { isSiteAdmin } from '$lib/server/templates/templates';
import type { LayoutServerLoad } from './$types';

/**
 * What every page needs: who is signed in (id and email only), the saved theme, and whether to
 * show site admins the way to the moderation queue (a link only; the queue checks again).
 */
export const load: LayoutServerLoad = async ({ locals }) => ({
	user: locals.user ? { id: locals.user.id, email: locals.user.email } : null,
	theme: locals.theme,
	isAdmin: locals.user ? await locals.withClaims(isSiteAdmin) : false
});
