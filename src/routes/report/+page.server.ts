import { handleReport } from '$lib/server/reports/submit';
import type { Actions } from './$types';

export const actions = {
	default: handleReport
} satisfies Actions;
