import { describeProblem, filtersToParams, hasFilters, parseFilters } from '$lib/filters';
import { m } from '$lib/paraglide/messages';
import { baseLocale } from '$lib/paraglide/runtime';
import { atomResponse, badFilterResponse } from '$lib/server/resolutions/feed-http';
import type { RequestHandler } from './$types';

/** Every update to the published resolutions that match the filters (the list's filter set). */
export const GET: RequestHandler = async (event) => {
	const { filters, problems } = parseFilters(event.url.searchParams);
	if (problems.length > 0) return badFilterResponse(problems.map(describeProblem));
	const query = filtersToParams(filters).toString();
	const suffix = query ? `?${query}` : '';
	return atomResponse(event, {
		key: 'updates',
		filters,
		meta: (origin) => ({
			id: `${origin}/feeds/updates.atom${suffix}`,
			title: hasFilters(filters)
				? m.feed_updates_filtered_title({}, { locale: baseLocale })
				: m.feed_updates_title({}, { locale: baseLocale }),
			subtitle: m.feed_updates_subtitle({}, { locale: baseLocale }),
			selfUrl: `${origin}/feeds/updates.atom${suffix}`,
			alternateUrl: `${origin}/${suffix}`
		})
	});
};
