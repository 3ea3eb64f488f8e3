import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { SEARCH_KINDS, searchPlaces } from '$lib/server/places';
import type { RequestHandler } from './$types';

// The gazetteer changes only with a deploy, so answers may be cached for a while.
const CACHE_CONTROL = 'public, max-age=3600, stale-while-revalidate=86400';

const querySchema = z.object({
	q: z
		.string({ error: () => m.places_q_invalid() })
		.trim()
		.min(1, { error: () => m.places_q_invalid() })
		.max(100, { error: () => m.places_q_invalid() }),
	kind: z.enum(SEARCH_KINDS, { error: () => m.places_kind_invalid() }).optional(),
	state: z
		.string()
		.regex(/^[A-Za-z]{2}$/, { error: () => m.places_state_invalid() })
		.optional()
});

/**
 * Type-ahead over the offline gazetteer (public):
 * GET /api/places?q=spring&kind=city|county|state&state=IL →
 * { places: [{ label, name, kind, state_code, county, lat, lon }] }, at most 10, best first.
 * Bad input: 400 { error } naming the parameter.
 */
export const GET: RequestHandler = ({ url }) => {
	const params = url.searchParams;
	const raw: Record<string, string> = {};
	for (const key of ['q', 'kind', 'state'] as const) {
		const values = params.getAll(key);
		if (values.length > 1) return problem(m.places_param_repeated({ param: key }));
		if (values[0] !== undefined && (key === 'q' || values[0] !== '')) raw[key] = values[0];
	}
	const parsed = querySchema.safeParse(raw);
	if (!parsed.success) {
		return problem(parsed.error.issues.map((issue) => issue.message).join(' '));
	}
	const { q, kind, state } = parsed.data;
	const places = searchPlaces(q, { kind, state, limit: 10 });
	return json({ places }, { headers: { 'Cache-Control': CACHE_CONTROL } });
};

function problem(error: string): Response {
	return json({ error }, { status: 400, headers: { 'Cache-Control': 'no-store' } });
}
