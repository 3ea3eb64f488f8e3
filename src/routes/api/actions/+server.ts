import { json } from '@sveltejs/kit';
import { baseLocale } from '$lib/paraglide/runtime';
import { listUrgentActions, tallies } from '$lib/server/urgent-actions/actions';
import { actionItem } from '$lib/server/urgent-actions/feed';
import type { RequestHandler } from './$types';

/** The published urgent actions with their public tallies (sums only), in the base locale. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const { actions, counts } = await locals.withClaims(async (tx) => ({
		actions: await listUrgentActions(tx, baseLocale),
		counts: await tallies(tx, null)
	}));
	return json(
		{ items: actions.map((action) => actionItem(action, counts.get(action.id), url.origin)) },
		{ headers: { 'Cache-Control': 'public, max-age=60' } }
	);
};
