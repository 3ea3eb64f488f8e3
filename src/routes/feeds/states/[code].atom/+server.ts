import { error } from '@sveltejs/kit';
import { EMPTY_FILTERS } from '$lib/filters';
import { m } from '$lib/paraglide/messages';
import { baseLocale } from '$lib/paraglide/runtime';
import { atomResponse } from '$lib/server/resolutions/feed-http';
import { STATE_NAMES, isStateCode } from '$lib/states';
import type { RequestHandler } from './$types';

/** Every update in one state or territory, by postal code (`/feeds/states/MN.atom`). */
export const GET: RequestHandler = async (event) => {
	const code = event.params.code.toUpperCase();
	if (!isStateCode(code)) error(404, 'Not Found');
	return atomResponse(event, {
		key: `state:${code}`,
		filters: { ...EMPTY_FILTERS, state: [code] },
		meta: (origin) => ({
			id: `${origin}/feeds/states/${code}.atom`,
			title: m.feed_state_title({ state: STATE_NAMES[code] }, { locale: baseLocale }),
			subtitle: m.feed_updates_subtitle({}, { locale: baseLocale }),
			selfUrl: `${origin}/feeds/states/${code}.atom`,
			alternateUrl: `${origin}/?state=${code}`
		})
	});
};
