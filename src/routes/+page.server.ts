import { parseFilters, parseListView } from '$lib/filters';
import { countByStatus, listPage, templateProblem } from '$lib/server/resolutions/search';
import type { PageServerLoad } from './$types';

const LIST_PAGE_SIZE = 50;

export const load: PageServerLoad = async ({ locals, url }) => {
	const { filters, problems } = parseFilters(url.searchParams);
	const { view, problems: viewProblems } = parseListView(url.searchParams);
	const { rows, counts } = await locals.withClaims(async (tx) => {
		const unknownTemplate = await templateProblem(tx, filters);
		if (unknownTemplate) {
			problems.push(unknownTemplate);
			filters.template = '';
		}
		return {
			rows: await listPage(tx, filters, { ...view, pageSize: LIST_PAGE_SIZE }),
			counts: await countByStatus(tx, filters)
		};
	});
	const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
	return {
		filters,
		problems,
		viewProblems,
		view,
		rows,
		counts,
		total,
		pages: Math.max(1, Math.ceil(total / LIST_PAGE_SIZE)),
		accountDeleted: url.searchParams.get('account') === 'deleted'
	};
};
