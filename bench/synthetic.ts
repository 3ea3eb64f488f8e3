// Synthetic resolutions for the scale benchmarks: N bodies spread over real US places with the
// mix of the ~140k US bodies that could pass one (incorporated places, counties, school
// districts, public schools, colleges). Offline and deterministic (seeded PRNG): the same N gives
// the same rows, so runs on one machine compare.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db';
import { STATE_CODES } from '../src/lib/states';
import { loadGazetteer } from '../scripts/build-seed';

export type PlaceKind = 'city' | 'county' | 'school_district' | 'school' | 'university';
type Status = 'pending' | 'adopted' | 'failed' | 'withdrawn' | 'tabled' | 'consent_letter';
type Precision = 'day' | 'month' | 'year';

export interface SyntheticPlace {
	id: string;
	kind: PlaceKind;
	name: string;
	stateCode: string;
	county: string | null;
	lat: number;
	lon: number;
}

export interface SyntheticResolution {
	id: string;
	slug: string;
	placeId: string;
	body: string;
	title: string;
	status: Status;
	decidedOn: string | null;
	decidedOnPrecision: Precision | null;
}

export interface SyntheticData {
	places: SyntheticPlace[];
	resolutions: SyntheticResolution[];
}

/** How many US bodies of each kind exist (Census of Governments, NCES): the mix we scale to N. */
const US_BODIES: Readonly<Record<PlaceKind, number>> = {
	city: 19_500,
	county: 3_100,
	school_district: 13_000,
	school: 100_000,
	university: 4_000
};

/** Most campaigns are under way; the rest ended one way or the other. Weights sum to 1. */
const STATUS_WEIGHTS: ReadonlyArray<[Status, number]> = [
	['pending', 0.62],
	['adopted', 0.2],
	['consent_letter', 0.06],
	['failed', 0.05],
	['tabled', 0.04],
	['withdrawn', 0.03]
];

const BODY: Readonly<Record<PlaceKind, string>> = {
	city: 'City Council',
	county: 'Board of Commissioners',
	school_district: 'Board of Education',
	school: 'School Site Council',
	university: 'Faculty Senate'
};

// Name parts: enough variety that most names are unique per state without a counter.
// prettier-ignore
const SCHOOL_NAMES = [
	'Lincoln', 'Washington', 'Jefferson', 'Roosevelt', 'Franklin', 'Kennedy', 'King', 'Adams',
	'Madison', 'Garfield', 'Oak', 'Maple', 'Cedar', 'Pine', 'Willow', 'Riverside', 'Hillside',
	'Lakeview', 'Central', 'Parkway', 'Sunset', 'Meadow', 'Valley', 'Highland'
];
// prettier-ignore
const SCHOOL_TYPES = [
	'Elementary School', 'Middle School', 'High School', 'Primary School', 'Intermediate School',
	'Academy', 'Charter School'
];
// prettier-ignore
const DISTRICT_TYPES = [
	'School District', 'Unified School District', 'Independent School District',
	'Public Schools', 'Community School District', 'Consolidated Schools'
];
// prettier-ignore
const COLLEGE_TYPES = [
	'Community College', 'College', 'State University', 'Technical College', 'University'
];
const NEW_TOWN_PREFIXES = ['North', 'South', 'East', 'West', 'New', 'Port', 'Lake', 'Mount'];

/** mulberry32: tiny, fast, good enough to spread points; seeded so runs are reproducible. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** A valid v4-shaped UUID from a counter: deterministic ids let resolutions point at places. */
function uuidFor(space: number, index: number): string {
	const hex = index.toString(16).padStart(12, '0');
	return `00000000-0000-4000-8${space.toString(16).padStart(3, '0')}-${hex}`;
}

function slugify(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 90)
		.replace(/-+$/, '');
}

/** Integer counts per kind for N bodies, in the US mix; schools take the rounding remainder. */
export function kindCounts(n: number): Record<PlaceKind, number> {
	const total = Object.values(US_BODIES).reduce((sum, count) => sum + count, 0);
	const counts = {} as Record<PlaceKind, number>;
	let assigned = 0;
	for (const [kind, count] of Object.entries(US_BODIES) as [PlaceKind, number][]) {
		counts[kind] = Math.round((n * count) / total);
		assigned += counts[kind];
	}
	counts.school += n - assigned;
	return counts;
}

interface Anchor {
	name: string;
	stateCode: string;
	county: string | null;
	lat: number;
	lon: number;
}

/** Gazetteer cities and county centroids of the 50 states and DC, in a fixed order. */
function loadAnchors(): { cities: Anchor[]; counties: Anchor[] } {
	const gazetteer = loadGazetteer();
	const states = new Set<string>(STATE_CODES);
	const cities: Anchor[] = [];
	for (const [stateCode, list] of gazetteer.citiesByState) {
		if (!states.has(stateCode)) continue;
		for (const city of list) {
			const county = city.countyFips ? gazetteer.countiesByFips.get(city.countyFips) : undefined;
			cities.push({
				...city,
				stateCode,
				county: county ? countyName(county.name, stateCode) : null
			});
		}
	}
	const counties: Anchor[] = [];
	for (const [stateCode, list] of gazetteer.countiesByState) {
		if (!states.has(stateCode)) continue;
		for (const area of list) {
			const { lat, lon } = area; // the us-atlas centroid
			const name = countyName(area.name, stateCode);
			counties.push({ name, stateCode, county: name, lat, lon });
		}
	}
	return { cities, counties };
}

function countyName(name: string, stateCode: string): string {
	if (stateCode === 'LA') return `${name} Parish`;
	if (stateCode === 'AK') return `${name} Borough`;
	return `${name} County`;
}

function shuffled<T>(items: T[], random: () => number): T[] {
	const copy = [...items];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
	}
	return copy;
}

/** Box–Muller: jitter that thins out with distance, like schools around a town. */
function gaussian(random: () => number): number {
	return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const pick = <T>(items: readonly T[], random: () => number): T =>
	items[Math.floor(random() * items.length)] as T;

function pickWeighted<T>(weights: ReadonlyArray<[T, number]>, random: () => number): T {
	let roll = random();
	for (const [value, weight] of weights) {
		roll -= weight;
		if (roll < 0) return value;
	}
	return (weights.at(-1) as [T, number])[0];
}

function decision(status: Status, random: () => number) {
	if (status === 'pending') return { decidedOn: null, decidedOnPrecision: null };
	const year = 2015 + Math.floor(random() * 12); // 2015–2026
	const precision = pickWeighted<Precision>(
		[
			['day', 0.8],
			['month', 0.15],
			['year', 0.05]
		],
		random
	);
	const month = precision === 'year' ? 1 : 1 + Math.floor(random() * 12);
	const day = precision === 'day' ? 1 + Math.floor(random() * 28) : 1;
	const pad = (value: number) => String(value).padStart(2, '0');
	return { decidedOn: `${year}-${pad(month)}-${pad(day)}`, decidedOnPrecision: precision };
}

const clampLat = (lat: number) => Math.max(-89.9, Math.min(89.9, lat));
const wrapLon = (lon: number) => (lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon);

/**
 * N places and one published resolution each. Cities and counties are real gazetteer entries
 * (beyond the gazetteer's ~17k cities, "North X"-style towns near real ones); districts, schools
 * and colleges are named after a random gazetteer city and jittered around it, so density
 * follows where towns are.
 */
export function generateSynthetic(n: number, seed = 20_260_301): SyntheticData {
	const random = seededRandom(seed);
	const anchors = loadAnchors();
	const counts = kindCounts(n);
	const places: SyntheticPlace[] = [];
	const taken = new Set<string>();

	const add = (kind: PlaceKind, anchor: Anchor, baseName: string, spreadDeg: number) => {
		let name = baseName;
		for (let k = 2; taken.has(`${kind}|${anchor.stateCode}|${name}`); k++)
			name = `${baseName} ${k}`;
		taken.add(`${kind}|${anchor.stateCode}|${name}`);
		places.push({
			id: uuidFor(1, places.length),
			kind,
			name,
			stateCode: anchor.stateCode,
			county: anchor.county,
			lat: clampLat(anchor.lat + gaussian(random) * spreadDeg),
			lon: wrapLon(anchor.lon + gaussian(random) * spreadDeg)
		});
	};

	const cities = shuffled(anchors.cities, random);
	for (let i = 0; i < counts.city; i++) {
		const base = cities[i % cities.length] as Anchor;
		const round = Math.floor(i / cities.length);
		const name = round === 0 ? base.name : `${NEW_TOWN_PREFIXES[(round - 1) % 8]} ${base.name}`;
		add('city', base, name, round === 0 ? 0 : 0.05);
	}
	const counties = shuffled(anchors.counties, random);
	for (let i = 0; i < counts.county; i++) {
		const base = counties[i % counties.length] as Anchor;
		add('county', base, base.name, i < counties.length ? 0 : 0.05);
	}
	for (let i = 0; i < counts.school_district; i++) {
		const town = pick(anchors.cities, random);
		add('school_district', town, `${town.name} ${pick(DISTRICT_TYPES, random)}`, 0.03);
	}
	for (let i = 0; i < counts.school; i++) {
		const town = pick(anchors.cities, random);
		const name = `${pick(SCHOOL_NAMES, random)} ${pick(SCHOOL_TYPES, random)}, ${town.name}`;
		add('school', town, name, 0.02);
	}
	for (let i = 0; i < counts.university; i++) {
		const town = pick(anchors.cities, random);
		add('university', town, `${town.name} ${pick(COLLEGE_TYPES, random)}`, 0.01);
	}

	const resolutions = places.map((place, index): SyntheticResolution => {
		const status = pickWeighted(STATUS_WEIGHTS, random);
		return {
			id: uuidFor(2, index),
			slug: `${slugify(place.name) || 'place'}-${place.stateCode.toLowerCase()}-${index.toString(36)}`,
			placeId: place.id,
			body: BODY[place.kind],
			title:
				status === 'consent_letter'
					? 'Consent to refugee resettlement (EO 13888)'
					: `Refugees Welcome resolution of ${place.name}`.slice(0, 300),
			status,
			...decision(status, random)
		};
	});
	return { places, resolutions };
}

// One statement per batch with one array parameter per column: PostgreSQL and PGlite both parse
// it once, and no batch runs into the 65,535 bind-parameter limit of a multi-row VALUES list.
const INSERT_PLACES = `
	insert into public.places (id, kind, name, state_code, county, lat, lon, location_source)
	select id, kind, name, state_code, county, lat, lon, 'synthetic (bench)'
	from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[])
		as t(id, kind, name, state_code, county, lat, lon)`;
const INSERT_RESOLUTIONS = `
	insert into public.resolutions
		(id, slug, place_id, body, title, status, decided_on, decided_on_precision, visibility, provenance)
	select id, slug, place_id, body, title, status, decided_on, decided_on_precision, 'published', 'seed'
	from unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::date[], $8::text[])
		as t(id, slug, place_id, body, title, status, decided_on, decided_on_precision)`;

const BATCH = 10_000;

/** Bulk insert as the owner (bypasses RLS), in one transaction, then refresh the planner's stats. */
export async function insertSynthetic(pool: pg.Pool, data: SyntheticData): Promise<void> {
	const client = await pool.connect();
	try {
		await client.query('begin');
		for (let i = 0; i < data.places.length; i += BATCH) {
			const rows = data.places.slice(i, i + BATCH);
			await client.query(INSERT_PLACES, [
				rows.map((row) => row.id),
				rows.map((row) => row.kind),
				rows.map((row) => row.name),
				rows.map((row) => row.stateCode),
				rows.map((row) => row.county),
				rows.map((row) => row.lat),
				rows.map((row) => row.lon)
			]);
		}
		for (let i = 0; i < data.resolutions.length; i += BATCH) {
			const rows = data.resolutions.slice(i, i + BATCH);
			await client.query(INSERT_RESOLUTIONS, [
				rows.map((row) => row.id),
				rows.map((row) => row.slug),
				rows.map((row) => row.placeId),
				rows.map((row) => row.body),
				rows.map((row) => row.title),
				rows.map((row) => row.status),
				rows.map((row) => row.decidedOn),
				rows.map((row) => row.decidedOnPrecision)
			]);
		}
		await client.query('commit');
		await client.query('analyze public.places, public.resolutions');
	} catch (error) {
		await client.query('rollback').catch(() => {});
		throw error;
	} finally {
		client.release();
	}
}

export interface PreparedData {
	/** Environment for `node build`: DATA_DIR, plus DATABASE_URL on PostgreSQL. */
	serverEnv: Record<string, string>;
	engine: 'pglite' | 'postgres';
	data: SyntheticData;
	generateMs: number;
	insertMs: number;
	remove(): Promise<void>;
}

/**
 * A new database holding exactly the synthetic rows. Embedded by default (a new DATA_DIR);
 * on PostgreSQL when `adminUrl` is given (a scratch database, dropped by remove()). The schema is
 * applied by the app's own openDatabase() with SEED_DEMO=false, so there are no demo rows, then
 * the rows are bulk-inserted; the server later finds an existing database and does not seed.
 */
export async function prepareSyntheticDatabase(
	n: number,
	adminUrl?: string
): Promise<PreparedData> {
	const dataDir = mkdtempSync(join(tmpdir(), `wa-bench-${n}-`));
	const scratch = adminUrl ? await createScratchDatabase(adminUrl, `wa_bench_${n}`) : undefined;
	const remove = async () => {
		rmSync(dataDir, { recursive: true, force: true });
		await scratch?.drop();
	};
	try {
		let started = performance.now();
		const data = generateSynthetic(n);
		const generateMs = performance.now() - started;
		const serverEnv: Record<string, string> = scratch
			? { DATA_DIR: dataDir, DATABASE_URL: scratch.url }
			: { DATA_DIR: dataDir };
		const database = await openDatabase(loadConfig({ ...serverEnv, SEED_DEMO: 'false' }));
		try {
			started = performance.now();
			await insertSynthetic(database.engine.pool, data);
			const insertMs = performance.now() - started;
			const engine = scratch ? 'postgres' : 'pglite';
			return { serverEnv, engine, data, generateMs, insertMs, remove };
		} finally {
			await database.close();
		}
	} catch (error) {
		await remove();
		throw error;
	}
}

/** `create database` on the server of `adminUrl` (a role that may create databases and roles). */
async function createScratchDatabase(adminUrl: string, prefix: string) {
	const name = `${prefix}_${Date.now().toString(36)}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	try {
		await admin.query(`create database ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		async drop() {
			const client = new pg.Client({ connectionString: adminUrl });
			await client.connect();
			try {
				await client.query(`drop database if exists ${name} with (force)`);
			} finally {
				await client.end();
			}
		}
	};
}
