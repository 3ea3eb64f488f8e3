import { error } from '@sveltejs/kit';
import { loadReport } from '$lib/server/groups/report-data';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const user = locals.user;
	if (!user) error(401, 'Sign in first.');
	const { group, report, labels } = await locals.withClaims((tx) =>
		loadReport(tx, params.id, user.id, params.days)
	);
	return { groupId: group.id, report, title: labels.title, summary: labels.summary };
};
