import { listTemplates, type LibraryFilters } from '$lib/server/templates/templates';
import { BODY_TYPES, TEMPLATE_KINDS, TEMPLATE_LANGUAGES } from '$lib/server/templates/schema';
import type { PageServerLoad } from './$types';

function pick<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[]): T[] {
	return params.getAll(name).filter((value): value is T => allowed.includes(value as T));
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const filters: LibraryFilters = {
		body_type: pick(url.searchParams, 'body_type', BODY_TYPES),
		language: pick(url.searchParams, 'language', TEMPLATE_LANGUAGES),
		kind: pick(url.searchParams, 'kind', TEMPLATE_KINDS)
	};
	const templates = await locals.withClaims((tx) => listTemplates(tx, filters));
	return {
		filters,
		templates,
		options: { body_type: BODY_TYPES, language: TEMPLATE_LANGUAGES, kind: TEMPLATE_KINDS }
	};
};
