import type { RequestEvent } from '@sveltejs/kit';
import { describeProblem, EMPTY_FILTERS, filtersKey, type Filters } from '$lib/filters';
import { baseLocale } from '$lib/paraglide/runtime';
import { cachedPublicResponse, publicEtag } from '../http/cache';
import { buildAtomFeed, feedRows, type FeedMeta } from './feeds';
import { publicationVersion, templateProblem } from './search';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

/**
 * Answers one Atom feed: 304 when the client's copy is current, else the document. Feeds are
 * public, cacheable documents, so they are written in the base locale whoever asks.
 */
export async function atomResponse(
	event: RequestEvent,
	options: {
		key: string;
		filters?: Filters;
		slug?: string;
		meta: (origin: string) => Omit<FeedMeta, 'origin' | 'locale'>;
	}
): Promise<Response> {
	const filters = options.filters ?? EMPTY_FILTERS;
	return event.locals.withClaims(async (tx) => {
		const unknownTemplate = await templateProblem(tx, filters);
		if (unknownTemplate) return badFilterResponse([describeProblem(unknownTemplate)]);
		const etag = publicEtag(
			await publicationVersion(tx),
			'atom',
			options.key,
			filtersKey(filters),
			baseLocale
		);
		return cachedPublicResponse(
			event.request,
			etag,
			{ 'Content-Type': ATOM_CONTENT_TYPE },
			async () => {
				const rows = await feedRows(tx, filters, { slug: options.slug });
				const origin = event.url.origin;
				return buildAtomFeed({ ...options.meta(origin), origin, locale: baseLocale }, rows);
			}
		);
	});
}

/** A plain-text 400 naming what is wrong with the filters, for feed readers and people alike. */
export function badFilterResponse(messages: string[]): Response {
	return new Response(`Bad filter: ${messages.join(' ')}\n`, {
		status: 400,
		headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }
	});
}
