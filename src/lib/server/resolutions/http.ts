import { json, type RequestEvent } from '@sveltejs/kit';
import { describeProblem, filtersKey, parseFilters, type Filters } from '$lib/filters';
import { cachedPublicResponse, publicEtag } from '../http/cache';
import type { Tx } from '../db';
import { allMatching, publicationVersion, templateProblem, type ResolutionRow } from './search';

/**
 * The filters of a public data endpoint, or the 400 to answer: an unknown value is never
 * silently dropped from an export.
 */
export function filtersOrProblem(url: URL): { filters: Filters } | { response: Response } {
	const { filters, problems } = parseFilters(url.searchParams);
	if (problems.length === 0) return { filters };
	const messages = problems.map(describeProblem);
	return {
		response: json(
			{
				error: `Bad filter: ${messages.join(' ')}`,
				problems: problems.map((p, i) => ({ ...p, message: messages[i] }))
			},
			{ status: 400 }
		)
	};
}

/**
 * A whole-set export (CSV, GeoJSON) of the filtered resolutions: 400 on a bad filter, 304 when
 * the client's copy is current, otherwise the rendered file.
 */
export async function filteredExport(
	event: RequestEvent,
	format: string,
	headers: Record<string, string>,
	render: (rows: ResolutionRow[], origin: string) => string
): Promise<Response> {
	const parsed = filtersOrProblem(event.url);
	if ('response' in parsed) return parsed.response;
	const { filters } = parsed;
	return event.locals.withClaims(async (tx) => {
		const unknownTemplate = await templateProblemResponse(tx, filters);
		if (unknownTemplate) return unknownTemplate;
		const etag = publicEtag(await publicationVersion(tx), format, filtersKey(filters));
		return cachedPublicResponse(event.request, etag, headers, async () =>
			render(await allMatching(tx, filters), event.url.origin)
		);
	});
}

/** The 400 for a template filter naming no template the caller can see, or null. */
export async function templateProblemResponse(tx: Tx, filters: Filters): Promise<Response | null> {
	const problem = await templateProblem(tx, filters);
	if (!problem) return null;
	const message = describeProblem(problem);
	return json(
		{ error: `Bad filter: ${message}`, problems: [{ ...problem, message }] },
		{ status: 400 }
	);
}
