import { json } from '@sveltejs/kit';
import { cachedPublicResponse, publicEtag } from '$lib/server/http/cache';
import { renderMarkdown } from '$lib/server/markdown';
import {
	resolutionDetail,
	resolutionDocuments,
	toDetailJson
} from '$lib/server/resolutions/detail';
import { publicationVersion } from '$lib/server/resolutions/search';
import type { RequestHandler } from './$types';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * One resolution as JSON: what its page shows. 404 for a slug the caller may not see. A draft
 * (visible to its author and site admins only) is never given a shared-cache header.
 */
export const GET: RequestHandler = async ({ params, request, locals, url }) => {
	const found = await locals.withClaims(async (tx) => {
		const detail = await resolutionDetail(tx, params.slug);
		return detail && { detail, version: await publicationVersion(tx) };
	});
	if (!found) {
		return json({ error: 'No published resolution has this slug.' }, { status: 404 });
	}
	const { detail, version } = found;
	const documents = await resolutionDocuments(locals.storage, detail.id);
	const body = () =>
		JSON.stringify(toDetailJson(detail, documents, renderMarkdown(detail.text), url.origin));
	if (detail.visibility !== 'published') {
		return new Response(body(), {
			headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'private, no-store' }
		});
	}
	// Files do not move the publication version: they are part of what the validator names.
	const etag = publicEtag(version, 'resolution', detail.slug, ...documents.map((d) => d.file));
	return cachedPublicResponse(request, etag, { 'Content-Type': JSON_TYPE }, body);
};
