import { error } from '@sveltejs/kit';
import { adaptedCount, diffClauses, templateBasis } from '$lib/server/campaigns/diff';
import { renderMarkdown } from '$lib/server/markdown';
import { resolutionDetail, resolutionDocuments } from '$lib/server/resolutions/detail';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const detail = await locals.withClaims((tx) => resolutionDetail(tx, params.slug));
	// A draft the caller may not see and a slug that never existed look exactly alike.
	if (!detail) error(404, 'Not Found');
	const documents = await resolutionDocuments(locals.storage, detail.id);
	const { text, templateVersionId, templateValues, ...resolution } = detail;
	// Most resolutions did not start from a template: no extra round trip for them.
	const basis = templateVersionId
		? await locals.withClaims((tx) => templateBasis(tx, templateVersionId, templateValues))
		: null;
	return {
		resolution,
		textHtml: renderMarkdown(text),
		documents,
		template: basis && {
			slug: basis.slug,
			title: basis.title,
			adapted: adaptedCount(diffClauses(basis.markdown, text ?? ''))
		},
		pageUrl: `${url.origin}/resolutions/${detail.slug}`
	};
};
