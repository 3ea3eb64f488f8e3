import { publicationVersion } from '$lib/server/resolutions/search';
import { pointDetails } from '$lib/server/map/points';
import {
	encodeBody,
	etagFor,
	jsonResponse,
	notFound,
	notModified,
	notModifiedResponse
} from '$lib/server/map/http';
import type { RequestHandler } from './$types';

/** A published resolution's details for a map point's popup (read under the caller's claims). */
export const GET: RequestHandler = async ({ params, locals, request }) => {
	if (!/^[a-z0-9-]{1,120}$/.test(params.slug)) return notFound('No such resolution.');
	const { version, point } = await locals.withClaims(async (tx) => ({
		version: await publicationVersion(tx),
		point: await pointDetails(tx, params.slug)
	}));
	if (!point) return notFound('No such resolution.');
	const etag = etagFor(version, `point/${params.slug}`);
	if (notModified(request, etag)) return notModifiedResponse(etag);
	return jsonResponse(request, encodeBody(point), etag);
};
