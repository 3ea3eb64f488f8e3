import { error } from '@sveltejs/kit';
import { EMPTY_FILTERS } from '$lib/filters';
import { m } from '$lib/paraglide/messages';
import { baseLocale } from '$lib/paraglide/runtime';
import { atomResponse } from '$lib/server/resolutions/feed-http';
import { publishedHeading } from '$lib/server/resolutions/feeds';
import type { RequestHandler } from './$types';

/** The history of one published resolution. Drafts have no feed: 404, like an unknown slug. */
export const GET: RequestHandler = async (event) => {
	const { slug } = event.params;
	const found = await event.locals.withClaims((tx) => publishedHeading(tx, slug));
	if (!found) error(404, 'Not Found');
	return atomResponse(event, {
		key: `resolution:${slug}`,
		filters: EMPTY_FILTERS,
		slug,
		meta: (origin) => ({
			id: `${origin}/resolutions/${slug}/feed.atom`,
			title: m.feed_resolution_title(found, { locale: baseLocale }),
			selfUrl: `${origin}/resolutions/${slug}/feed.atom`,
			alternateUrl: `${origin}/resolutions/${slug}`
		})
	});
};
