import { getRuntime } from '$lib/server/runtime';
import { handleReport } from '$lib/server/reports/submit';
import { isSiteAdmin } from '$lib/server/templates/templates';
import type { Actions, PageServerLoad } from './$types';

/** Site admins get a way to the queue from here. */
export const load: PageServerLoad = async ({ locals }) => ({
	isAdmin: locals.user ? await locals.withClaims(isSiteAdmin) : false
});

export const actions: Actions = {
	default: async (event) => handleReport(event, (await getRuntime()).database.db)
};
