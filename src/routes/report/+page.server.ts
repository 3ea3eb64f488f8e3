import { getRuntime } from '$lib/server/runtime';
import { handleReport } from '$lib/server/reports/submit';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => handleReport(event, (await getRuntime()).database.db)
};
