import { json } from '@sveltejs/kit';
import { filtersKey, parseListView } from '$lib/filters';
import { cachedPublicResponse, publicEtag } from '$lib/server/http/cache';
import { toItem } from '$lib/server/resolutions/exports';
import { filtersOrProblem, templateProblemResponse } from '$lib/server/resolutions/http';
import { countByStatus, listPage, publicationVersion } from '$lib/server/resolutions/search';
import type { RequestHandler } from './$types';

const DEFAULT_PER_PAGE = 100;
const MAX_PER_PAGE = 1000;

function perPageOf(url: URL): number | null {
	const raw = url.searchParams.get('per_page');
	if (raw === null) return DEFAULT_PER_PAGE;
	const value = Number(raw);
	return /^\d+$/.test(raw) && value >= 1 && value <= MAX_PER_PAGE ? value : null;
}

/** The filtered set as JSON, a page at a time: `total` and `pages` tell a client how far to go. */
export const GET: RequestHandler = async ({ url, request, locals }) => {
	const parsed = filtersOrProblem(url);
	if ('response' in parsed) return parsed.response;
	const { filters } = parsed;
	const { view, problems } = parseListView(url.searchParams);
	const perPage = perPageOf(url);
	if (problems.length > 0 || perPage === null) {
		const bad = problems.map((p) => `${p.param} "${p.value}"`);
		if (perPage === null) bad.push(`per_page must be a whole number from 1 to ${MAX_PER_PAGE}`);
		return json({ error: `Bad list parameter: ${bad.join('; ')}.` }, { status: 400 });
	}
	return locals.withClaims(async (tx) => {
		const unknownTemplate = await templateProblemResponse(tx, filters);
		if (unknownTemplate) return unknownTemplate;
		const key = [filtersKey(filters), view.sort, view.dir, view.page, perPage].join('|');
		const etag = publicEtag(await publicationVersion(tx), 'api', key);
		return cachedPublicResponse(
			request,
			etag,
			{ 'Content-Type': 'application/json; charset=utf-8' },
			async () => {
				const counts = await countByStatus(tx, filters);
				const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
				const rows = await listPage(tx, filters, { ...view, pageSize: perPage });
				return JSON.stringify({
					total,
					counts,
					page: view.page,
					per_page: perPage,
					pages: Math.max(1, Math.ceil(total / perPage)),
					items: rows.map((row) => toItem(row, url.origin))
				});
			}
		);
	});
};
