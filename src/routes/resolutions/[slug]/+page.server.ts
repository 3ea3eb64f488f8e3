import { error } from '@sveltejs/kit';
import { renderMarkdown } from '$lib/server/markdown';
import { resolutionDetail, resolutionDocuments } from '$lib/server/resolutions/detail';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const detail = await locals.withClaims((tx) => resolutionDetail(tx, params.slug));
	// A draft the caller may not see and a slug that never existed look exactly alike.
	if (!detail) error(404, 'Not Found');
	const documents = await resolutionDocuments(locals.storage, detail.id);
	const { text, ...resolution } = detail;
	return {
		resolution,
		textHtml: renderMarkdown(text),
		documents,
		pageUrl: `${url.origin}/resolutions/${detail.slug}`
	};
};
