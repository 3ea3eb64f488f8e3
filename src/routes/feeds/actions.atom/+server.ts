import { baseLocale } from '$lib/paraglide/runtime';
import { listUrgentActions } from '$lib/server/urgent-actions/actions';
import { ATOM_CONTENT_TYPE, buildActionsAtom } from '$lib/server/urgent-actions/feed';
import type { RequestHandler } from './$types';

/** The published urgent actions, open ones first, in the base locale. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actions = await locals.withClaims((tx) => listUrgentActions(tx, baseLocale));
	return new Response(buildActionsAtom(url.origin, actions), {
		headers: { 'Content-Type': ATOM_CONTENT_TYPE, 'Cache-Control': 'public, max-age=300' }
	});
};
