import { filtersKey } from '$lib/filters';
import { publicMapCache } from '$lib/server/map';
import {
	encodeBody,
	etagFor,
	filterProblems,
	jsonResponse,
	notFound,
	notModified,
	notModifiedResponse,
	problemResponse
} from '$lib/server/map/http';
import type { RequestHandler } from './$types';

/** A cluster's first items and the zoom at which it splits, for its popup. */
export const GET: RequestHandler = async ({ params, url, request }) => {
	const { filters, problems } = filterProblems(url.searchParams);
	if (!/^\d{1,12}$/.test(params.id)) {
		problems.push({ param: 'id', value: params.id.slice(0, 20), message: 'Not a cluster id.' });
	}
	if (problems.length > 0) return problemResponse(problems);
	const index = await publicMapCache().get(filters);
	const etag = etagFor(index.version, `${filtersKey(filters)}|cluster/${params.id}`);
	if (notModified(request, etag)) return notModifiedResponse(etag);
	const cluster = index.cluster(Number(params.id));
	if (!cluster) return notFound('No such cluster: the map data may have changed. Reload the map.');
	return jsonResponse(request, encodeBody(cluster), etag);
};
