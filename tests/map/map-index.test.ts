import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, parseFilters, type Filters } from '../../src/lib/filters';
import { CLUSTER_MAX_ZOOM, type BBox } from '../../src/lib/map/protocol';
import { ANON } from '../../src/lib/server/db';
import { MapIndexCache, type MapIndex, type Runner } from '../../src/lib/server/map';
import { countByStatus, filteredResolutions } from '../../src/lib/server/resolutions/search';
import { ENGINES, useTestDatabase } from '../helpers/databases';

const seedSql = readFileSync('supabase/seed.sql', 'utf8');
const WORLD: BBox = [-180, -90, 180, 90];
const filtersOf = (query: string): Filters => parseFilters(new URLSearchParams(query)).filters;

/** Every slug the index holds: above the last clustering zoom each point stands alone. */
function slugsIn(index: MapIndex): string[] {
	return index
		.view(CLUSTER_MAX_ZOOM + 1, WORLD)
		.points.map((p) => p[3])
		.sort();
}

describe.each(ENGINES)('map index (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let queries = 0;
	const run: Runner = (fn) => {
		queries++;
		return database().as(ANON, fn);
	};

	beforeAll(async () => {
		const d = database();
		await d.engine.pool.query(seedSql);
		// A draft with coordinates and a published resolution without any.
		const place = await d.db
			.insertInto('places')
			.values({ kind: 'city', name: 'Draftville', state_code: 'MN', lat: 45, lon: -93 })
			.returning('id')
			.executeTakeFirstOrThrow();
		const nowhere = await d.db
			.insertInto('places')
			.values({ kind: 'city', name: 'Nowhere', state_code: 'MN' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await d.db
			.insertInto('resolutions')
			.values([
				{ slug: 'draftville-draft', place_id: place.id, title: 'Draft', status: 'adopted' },
				{
					slug: 'nowhere-published',
					place_id: nowhere.id,
					title: 'No coordinates',
					status: 'adopted',
					visibility: 'published'
				}
			])
			.execute();
	}, 120_000);

	it.each([
		'',
		'status=adopted',
		'status=pending,failed',
		'state=MN',
		'kind=university,student_government',
		'from=2017&to=2020',
		'q=council'
	])('holds exactly the rows filteredResolutions returns (%s)', async (query) => {
		const filters = filtersOf(query);
		const cache = new MapIndexCache({ run });
		const index = await cache.get(filters);
		const rows = await run((tx) =>
			filteredResolutions(tx, filters).select(['r.slug', 'p.lat', 'p.lon']).execute()
		);
		const located = rows.filter((r) => r.lat !== null && r.lon !== null);
		expect(located.length).toBeGreaterThan(0);
		expect(slugsIn(index)).toEqual(located.map((r) => r.slug).sort());
		expect(index.total).toBe(located.length);
		expect(index.unlocated).toBe(rows.length - located.length);
		const sqlCounts = await run((tx) => countByStatus(tx, filters));
		const indexCounts = { ...index.counts } as Record<string, number>;
		if (index.unlocated > 0) indexCounts.adopted = (indexCounts.adopted ?? 0) + index.unlocated;
		expect(indexCounts).toEqual(sqlCounts);
		expect(slugsIn(index)).not.toContain('draftville-draft');
		// Every located resolution is in exactly one cluster or point of a national view.
		const view = index.view(4, [-125, 24, -66, 50]);
		const alaskaHawaii = index.view(4, [-180, 15, -125, 72]);
		const shown = (v: typeof view) =>
			v.clusters.reduce((sum, c) => sum + c[2], 0) + v.points.length;
		expect(shown(view) + shown(alaskaHawaii)).toBe(index.total);
	});

	it('has the seeded resolutions and counts unlocated ones apart', async () => {
		const index = await new MapIndexCache({ run }).get(EMPTY_FILTERS);
		expect(index.total).toBeGreaterThan(100);
		expect(index.unlocated).toBe(1);
		expect(slugsIn(index)).not.toContain('nowhere-published');
	});

	it('clusters a national view and splits a cluster at its expansion zoom', async () => {
		const index = await new MapIndexCache({ run }).get(EMPTY_FILTERS);
		const view = index.view(3, WORLD);
		expect(view.clusters.length).toBeGreaterThan(0);
		const biggest = [...view.clusters].sort((a, b) => b[2] - a[2])[0]!;
		const [lon, lat, count, id, passed, pending, failed, letter] = biggest;
		expect(passed + pending + failed + letter).toBe(count);
		const cluster = index.cluster(id)!;
		expect(cluster.count).toBe(count);
		expect(cluster.items).toHaveLength(Math.min(10, count));
		expect(cluster.expansionZoom).toBeGreaterThan(3);
		// At the expansion zoom the cluster's spot shows more than one feature.
		// (children lie within a few cluster radii — 64 px — of the parent's centre)
		const d = ((3 * 64) / (256 * 2 ** cluster.expansionZoom)) * 360;
		const near = index.view(cluster.expansionZoom, [lon - d, lat - d, lon + d, lat + d]);
		expect(near.clusters.length + near.points.length).toBeGreaterThan(1);
		expect(index.cluster(999_999_999)).toBeNull();
	});

	it('reads the version at most once per ttl and rebuilds when it moves', async () => {
		let clock = 0;
		const cache = new MapIndexCache({ run, ttlMs: 2000, now: () => clock });
		const first = await cache.get(EMPTY_FILTERS);
		const before = queries;
		for (let i = 0; i < 20; i++) expect(await cache.get(EMPTY_FILTERS)).toBe(first);
		expect(queries).toBe(before); // hot path: no database at all

		await database()
			.db.updateTable('resolutions')
			.set({ visibility: 'published' })
			.where('slug', '=', 'draftville-draft')
			.execute();
		expect(await cache.get(EMPTY_FILTERS)).toBe(first); // within the ttl
		clock += 2001;
		const second = await cache.get(EMPTY_FILTERS);
		expect(second).not.toBe(first);
		expect(second.version).not.toBe(first.version);
		expect(slugsIn(second)).toContain('draftville-draft');
		expect(cache.builds).toBe(2);

		await database()
			.db.updateTable('resolutions')
			.set({ visibility: 'draft' })
			.where('slug', '=', 'draftville-draft')
			.execute();
		clock += 2001;
		expect(slugsIn(await cache.get(EMPTY_FILTERS))).not.toContain('draftville-draft');
	});

	it('keeps a bounded number of filter sets', async () => {
		const cache = new MapIndexCache({ run, maxKeys: 2, ttlMs: 60_000 });
		await cache.get(filtersOf('status=adopted'));
		await cache.get(filtersOf('status=pending'));
		await cache.get(filtersOf('status=failed'));
		expect(cache.builds).toBe(3);
		await cache.get(filtersOf('status=failed'));
		expect(cache.builds).toBe(3);
		await cache.get(filtersOf('status=adopted'));
		expect(cache.builds).toBe(4); // evicted, built again
	});
});
