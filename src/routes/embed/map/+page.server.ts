import { filtersKey, parseFilters } from '$lib/filters';
import type { PageServerLoad } from './$types';

/** The embeddable map: the same filters as the home page; what it cannot use is shown, not dropped. */
export const load: PageServerLoad = ({ url }) => {
	const { filters, problems } = parseFilters(url.searchParams);
	return {
		query: filtersKey(filters),
		problems: problems.map((p) => `${p.param}=${p.value}`)
	};
};
