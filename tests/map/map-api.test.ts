import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
	ClusterResponse,
	MapErrorResponse,
	MapViewResponse,
	PointResponse
} from '../../src/lib/map/protocol';
import { ANON, withClaims } from '../../src/lib/server/db';
import { setPublicMapCache } from '../../src/lib/server/map';
import { GET as mapGET } from '../../src/routes/api/map/+server';
import { GET as clusterGET } from '../../src/routes/api/map/clusters/[id]/+server';
import { GET as pointGET } from '../../src/routes/api/map/points/[slug]/+server';
import { ENGINES, useTestDatabase } from '../helpers/databases';

const seedSql = readFileSync('supabase/seed.sql', 'utf8');
const US = 'zoom=4&bbox=-125,24,-66,50';

describe.each(ENGINES)('map API (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let clock = 0;

	// Calls a route handler the way SvelteKit would, as an anonymous visitor.
	function call<H extends (event: never) => unknown>(
		handler: H,
		path: string,
		params: Record<string, string> = {},
		headers: Record<string, string> = {}
	): Promise<Response> {
		const url = new URL(path, 'http://localhost');
		const event = {
			url,
			params,
			request: new Request(url, { headers }),
			locals: {
				withClaims: <T>(fn: Parameters<typeof withClaims<T>>[2]) =>
					withClaims(database().db, ANON, fn)
			}
		};
		return (handler as unknown as (e: typeof event) => Promise<Response>)(event);
	}

	beforeAll(async () => {
		const d = database();
		await d.engine.pool.query(seedSql);
		const place = await d.db
			.insertInto('places')
			.values({ kind: 'city', name: 'Draftville', state_code: 'MN', lat: 45, lon: -93 })
			.returning('id')
			.executeTakeFirstOrThrow();
		await d.db
			.insertInto('resolutions')
			.values({ slug: 'draftville-draft', place_id: place.id, title: 'Draft', status: 'adopted' })
			.execute();
		setPublicMapCache({
			run: (fn) => d.as(ANON, fn),
			ttlMs: 1000,
			now: () => clock
		});
	}, 120_000);

	it('answers a national view with clusters and points that add up', async () => {
		const response = await call(mapGET, `/api/map?${US}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe(
			'public, max-age=60, stale-while-revalidate=600'
		);
		const body = (await response.json()) as MapViewResponse;
		expect(body.zoom).toBe(4);
		expect(body.clusters.length).toBeGreaterThan(0);
		const counted = Object.values(body.counts).reduce((a, b) => a + (b ?? 0), 0);
		expect(counted).toBe(body.total);
		for (const [, , count, , ...groups] of body.clusters) {
			expect(groups.reduce((a, b) => a + b, 0)).toBe(count);
		}
		expect(body.points.every((p) => p[3] !== 'draftville-draft')).toBe(true);
	});

	it('filters, and gzips when the client accepts it', async () => {
		const plain = (await (
			await call(mapGET, `/api/map?status=adopted&zoom=4&bbox=-125,24,-66,50`)
		).json()) as MapViewResponse;
		expect(Object.keys(plain.counts)).toEqual(['adopted']);
		const zipped = await call(
			mapGET,
			`/api/map?zoom=5&bbox=-125,24,-66,50`,
			{},
			{
				'accept-encoding': 'gzip, br'
			}
		);
		if (zipped.headers.get('content-encoding') === 'gzip') {
			const json = gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8');
			expect((JSON.parse(json) as MapViewResponse).zoom).toBe(5);
		} else {
			expect(((await zipped.json()) as MapViewResponse).zoom).toBe(5); // body under 1 KB
		}
	});

	it.each([
		['status=passed&' + US, 'status', 'Unknown status "passed".'],
		['state=XX&' + US, 'state', 'Unknown state "XX".'],
		['zoom=abc&bbox=-125,24,-66,50', 'zoom', '"zoom" must be a whole number from 0 to 20.'],
		['zoom=4&bbox=-125,24,-66', 'bbox', '"bbox" must be west,south,east,north'],
		['zoom=4&bbox=-125,50,-66,24', 'bbox', '"bbox" must be west,south,east,north'],
		['zoom=4', 'bbox', '"bbox" must be'],
		['zoom=16&bbox=-125,24,-66,50', 'bbox', 'The box is too large for zoom 16']
	])('answers 400 with readable problems (%s)', async (query, param, message) => {
		const response = await call(mapGET, `/api/map?${query}`);
		expect(response.status).toBe(400);
		const body = (await response.json()) as MapErrorResponse;
		expect(body.problems?.map((p) => p.param)).toContain(param);
		expect(body.error).toContain(message);
	});

	it('reports every problem at once', async () => {
		const response = await call(mapGET, `/api/map?status=nope&kind=town&zoom=99`);
		const body = (await response.json()) as MapErrorResponse;
		expect(body.problems?.map((p) => p.param)).toEqual(['status', 'kind', 'zoom', 'bbox']);
	});

	it('answers 304 to a matching If-None-Match, and a new ETag once the data moves', async () => {
		const first = await call(mapGET, `/api/map?${US}`);
		const etag = first.headers.get('etag');
		expect(etag).toMatch(/^"m\d+-[a-z0-9]+"$/);
		const again = await call(mapGET, `/api/map?${US}`, {}, { 'if-none-match': etag! });
		expect(again.status).toBe(304);
		expect(await again.text()).toBe('');
		const otherView = await call(
			mapGET,
			`/api/map?zoom=5&bbox=-125,24,-66,50`,
			{},
			{
				'if-none-match': etag!
			}
		);
		expect(otherView.status).toBe(200);

		// A draft changing is nobody else's news: the ETag stays.
		await database()
			.db.updateTable('resolutions')
			.set({ title: 'Renamed' })
			.where('slug', '=', 'draftville-draft')
			.execute();
		clock += 1001;
		const unmoved = await call(mapGET, `/api/map?${US}`, {}, { 'if-none-match': etag! });
		expect(unmoved.status).toBe(304);
		await database()
			.db.updateTable('resolutions')
			.set({ title: 'Renamed' })
			.where('visibility', '=', 'published')
			.where('slug', '=', (eb) =>
				eb
					.selectFrom('resolutions')
					.select('slug')
					.where('visibility', '=', 'published')
					.orderBy('slug')
					.limit(1)
			)
			.execute();
		clock += 1001;
		const moved = await call(mapGET, `/api/map?${US}`, {}, { 'if-none-match': etag! });
		expect(moved.status).toBe(200);
		expect(moved.headers.get('etag')).not.toBe(etag);
	});

	it('expands a cluster: first items and the zoom at which it splits', async () => {
		const view = (await (await call(mapGET, `/api/map?${US}`)).json()) as MapViewResponse;
		const [, , count, id] = [...view.clusters].sort((a, b) => b[2] - a[2])[0]!;
		const response = await call(clusterGET, `/api/map/clusters/${id}`, { id: String(id) });
		expect(response.status).toBe(200);
		const cluster = (await response.json()) as ClusterResponse;
		expect(cluster.count).toBe(count);
		expect(cluster.expansionZoom).toBeGreaterThan(4);
		expect(cluster.items.length).toBe(Math.min(10, count));
		expect(cluster.items[0]).toMatchObject({ slug: expect.any(String), label: expect.any(String) });

		const unknown = await call(clusterGET, `/api/map/clusters/123456789`, { id: '123456789' });
		expect(unknown.status).toBe(404);
		const bad = await call(clusterGET, `/api/map/clusters/abc`, { id: 'abc' });
		expect(bad.status).toBe(400);
		const badFilter = await call(clusterGET, `/api/map/clusters/${id}?status=x`, {
			id: String(id)
		});
		expect(badFilter.status).toBe(400);
	});

	it("gives a published point's details, and nothing for a draft", async () => {
		const view = (await (
			await call(mapGET, `/api/map?zoom=16&bbox=-93.3,44.9,-93.2,45.0`)
		).json()) as MapViewResponse;
		const slug = view.points[0]![3];
		const response = await call(pointGET, `/api/map/points/${slug}`, { slug });
		expect(response.status).toBe(200);
		const point = (await response.json()) as PointResponse;
		expect(point.slug).toBe(slug);
		expect(point.place.stateCode).toBe('MN');
		const draft = await call(pointGET, `/api/map/points/draftville-draft`, {
			slug: 'draftville-draft'
		});
		expect(draft.status).toBe(404);
	});
});
