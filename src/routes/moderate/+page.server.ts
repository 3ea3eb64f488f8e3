import { asSiteAdmin } from '$lib/server/reports/access';
import { listPendingReports } from '$lib/server/reports/reports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	reports: await asSiteAdmin(locals, (tx) => listPendingReports(tx))
});
