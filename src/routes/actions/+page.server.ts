import { getLocale } from '$lib/paraglide/runtime';
import { listUrgentActions } from '$lib/server/urgent-actions/actions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actions = await locals.withClaims((tx) => listUrgentActions(tx, getLocale()));
	const open = actions.filter((action) => action.status === 'open' || action.status === 'update');
	return { open, closed: actions.filter((action) => !open.includes(action)) };
};
