import { describeProblem, filtersKey } from '$lib/filters';
import { publicMapCache } from '$lib/server/map';
import {
	encodeBody,
	etagFor,
	filterProblems,
	jsonResponse,
	notModified,
	notModifiedResponse,
	parseView,
	problemResponse
} from '$lib/server/map/http';
import { templateProblem } from '$lib/server/resolutions/search';
import type { RequestHandler } from './$types';

/** One view of the clustered map: see src/lib/map/protocol.ts for the shape. */
export const GET: RequestHandler = async ({ url, request, locals }) => {
	const { filters, problems } = filterProblems(url.searchParams);
	const { zoom, bbox, problems: viewProblems } = parseView(url.searchParams);
	if (problems.length > 0 || viewProblems.length > 0) {
		return problemResponse([...problems, ...viewProblems]);
	}
	// Only a template filter needs the database before the cache: is there such a template?
	if (filters.template) {
		const problem = await locals.withClaims((tx) => templateProblem(tx, filters));
		if (problem) {
			return problemResponse([
				{ param: problem.param, value: problem.value, message: describeProblem(problem) }
			]);
		}
	}
	const index = await publicMapCache().get(filters);
	const view = `${zoom}/${bbox.join(',')}`;
	const etag = etagFor(index.version, `${filtersKey(filters)}|${view}`);
	if (notModified(request, etag)) return notModifiedResponse(etag);
	const body = index.memo(`view:${view}`, () => encodeBody(index.view(zoom, bbox)));
	return jsonResponse(request, body, etag);
};
