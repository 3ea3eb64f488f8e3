/**
 * Server-side clustering for the public map. One supercluster index per filter set, built from
 * `filteredResolutions` (the same query as the list and the exports) and kept in memory until
 * `publicationVersion` moves. The version is read at most every `ttlMs`, so hot requests touch
 * no database at all; a view (zoom + bbox) is cut from the index in memory and its encoded
 * response is memoised per index.
 *
 * Indexes are built under the public (anon) claims by whoever constructs the cache: they are
 * shared between callers and served with `Cache-Control: public`, so they may only ever hold what
 * anyone may see. `filteredResolutions` selects published resolutions only, which RLS shows to
 * everyone, so a signed-in caller sees the same map.
 */
import Supercluster, { type PointFeature } from 'supercluster';
import { filtersKey, type Filters } from '$lib/filters';
import { STATUS_GROUP, STATUSES, type Status } from '$lib/pipeline';
import {
	CLUSTER_MAX_ZOOM,
	GROUPS,
	type BBox,
	type ClusterResponse,
	type ClusterTuple,
	type MapViewResponse,
	type PointTuple
} from '$lib/map/protocol';
import { filteredResolutions, publicationVersion } from '../resolutions/search';
import type { Tx } from '../db';

/** Runs a function in one claims-scoped transaction (the public's, for the shared cache). */
export type Runner = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

interface PointProps {
	/** Row index into the index's arrays. */
	i: number;
}
/** Per-group counts, in GROUPS order. */
interface ClusterProps {
	g: [number, number, number, number];
}

const GROUP_INDEX = Object.fromEntries(GROUPS.map((group, index) => [group, index])) as Record<
	(typeof GROUPS)[number],
	number
>;
const STATUS_INDEX = new Map<string, number>(STATUSES.map((status, index) => [status, index]));

/** The rows `filteredResolutions` returns for the map, before any clustering. */
export async function mapRows(tx: Tx, filters: Filters) {
	return filteredResolutions(tx, filters)
		.select(['r.slug', 'r.status', 'p.lat', 'p.lon', 'p.name', 'p.state_code'])
		.orderBy('r.slug')
		.execute();
}

const round = (n: number) => Math.round(n * 1e5) / 1e5;

export class MapIndex {
	readonly total: number;
	readonly counts: Partial<Record<Status, number>> = {};
	private readonly slugs: string[] = [];
	private readonly labels: string[] = [];
	private readonly statuses: number[] = [];
	private readonly index: Supercluster<PointProps, ClusterProps>;
	private readonly memos = new Map<string, unknown>();

	constructor(
		readonly key: string,
		readonly version: string,
		rows: Awaited<ReturnType<typeof mapRows>>
	) {
		const features: PointFeature<PointProps>[] = [];
		let unlocated = 0;
		for (const row of rows) {
			if (row.lat === null || row.lon === null) {
				unlocated++;
				continue;
			}
			const i = this.slugs.length;
			this.slugs.push(row.slug);
			this.labels.push(`${row.name}, ${row.state_code}`);
			this.statuses.push(STATUS_INDEX.get(row.status) ?? 0);
			const status = row.status as Status;
			this.counts[status] = (this.counts[status] ?? 0) + 1;
			features.push({
				type: 'Feature',
				properties: { i },
				geometry: { type: 'Point', coordinates: [row.lon, row.lat] }
			});
		}
		this.unlocated = unlocated;
		this.total = this.slugs.length;
		const statuses = this.statuses;
		this.index = new Supercluster<PointProps, ClusterProps>({
			radius: 64,
			extent: 256, // Leaflet's tile size: the radius is in screen pixels
			maxZoom: CLUSTER_MAX_ZOOM,
			map: ({ i }) => {
				const g: ClusterProps['g'] = [0, 0, 0, 0];
				g[GROUP_INDEX[STATUS_GROUP[STATUSES[statuses[i] ?? 0] ?? 'pending']]] = 1;
				return { g };
			},
			reduce: (acc, props) => {
				acc.g = [
					acc.g[0] + props.g[0],
					acc.g[1] + props.g[1],
					acc.g[2] + props.g[2],
					acc.g[3] + props.g[3]
				];
			}
		}).load(features);
	}

	readonly unlocated: number;

	/**
	 * Memoises something derived from this index (an encoded view): an index never changes, so
	 * neither does anything made from it. Bounded; oldest first out.
	 */
	memo<T>(key: string, make: () => T): T {
		if (this.memos.has(key)) return this.memos.get(key) as T;
		const value = make();
		if (this.memos.size >= 500) this.memos.delete(this.memos.keys().next().value ?? '');
		this.memos.set(key, value);
		return value;
	}

	/** The clusters and points of one view. */
	view(zoom: number, bbox: BBox): MapViewResponse {
		const clusters: ClusterTuple[] = [];
		const points: PointTuple[] = [];
		for (const feature of this.index.getClusters(bbox, zoom)) {
			const [lon, lat] = feature.geometry.coordinates as [number, number];
			const props = feature.properties;
			if ('cluster' in props && props.cluster) {
				const g = (props as unknown as ClusterProps).g;
				clusters.push([
					round(lon),
					round(lat),
					props.point_count,
					props.cluster_id,
					g[0],
					g[1],
					g[2],
					g[3]
				]);
			} else {
				const i = (props as PointProps).i;
				points.push([lon, lat, this.statuses[i] ?? 0, this.slugs[i] ?? '', this.labels[i] ?? '']);
			}
		}
		return {
			v: this.version,
			zoom,
			total: this.total,
			unlocated: this.unlocated,
			counts: this.counts,
			clusters,
			points
		};
	}

	/** A cluster's expansion zoom and first items; null when the id is not one of this index. */
	cluster(id: number, limit = 10): ClusterResponse | null {
		try {
			const leaves = this.index.getLeaves(id, limit, 0);
			const expansionZoom = this.index.getClusterExpansionZoom(id);
			const count = this.index.getChildren(id).reduce((sum, child) => {
				const props = child.properties as { point_count?: number };
				return sum + (props.point_count ?? 1);
			}, 0);
			return {
				id,
				count,
				expansionZoom,
				items: leaves.map((leaf) => {
					const i = leaf.properties.i;
					return {
						slug: this.slugs[i] ?? '',
						label: this.labels[i] ?? '',
						status: STATUSES[this.statuses[i] ?? 0] ?? 'pending'
					};
				})
			};
		} catch {
			// supercluster throws "No cluster with the specified id." (stale or made-up id)
			return null;
		}
	}
}

export interface MapIndexCacheOptions {
	/** Runs queries as the public (anon claims): the cache is shared between callers. */
	run: Runner;
	/** How long a read of the publication version stays trusted. */
	ttlMs?: number;
	/** How many filter sets stay indexed (least recently used goes first). */
	maxKeys?: number;
	now?: () => number;
}

interface Entry {
	version: string;
	index: Promise<MapIndex>;
}

export class MapIndexCache {
	private readonly run: Runner;
	private readonly ttlMs: number;
	private readonly maxKeys: number;
	private readonly now: () => number;
	private readonly entries = new Map<string, Entry>();
	private version: string | null = null;
	private checkedAt = 0;
	private checking: Promise<string> | null = null;
	/** How many indexes were built (tests and logs). */
	builds = 0;

	constructor(options: MapIndexCacheOptions) {
		this.run = options.run;
		this.ttlMs = options.ttlMs ?? 2000;
		this.maxKeys = options.maxKeys ?? 16;
		this.now = options.now ?? (() => performance.now());
	}

	/** The publication version, read from the database at most every `ttlMs`. */
	currentVersion(): Promise<string> | string {
		if (this.version !== null && this.now() - this.checkedAt < this.ttlMs) return this.version;
		this.checking ??= this.run((tx) => publicationVersion(tx))
			.then((version) => {
				this.version = version;
				this.checkedAt = this.now();
				return version;
			})
			.finally(() => {
				this.checking = null;
			});
		return this.checking;
	}

	/** The index of a filter set at the current publication version (built when needed). */
	async get(filters: Filters): Promise<MapIndex> {
		const version = await this.currentVersion();
		const key = filtersKey(filters);
		const entry = this.entries.get(key);
		if (entry && entry.version === version) {
			// Most recently used last.
			this.entries.delete(key);
			this.entries.set(key, entry);
			return entry.index;
		}
		const index = this.build(key, filters);
		const fresh: Entry = { version, index };
		this.entries.delete(key);
		this.entries.set(key, fresh);
		while (this.entries.size > this.maxKeys) {
			const oldest = this.entries.keys().next().value;
			if (oldest === undefined) break;
			this.entries.delete(oldest);
		}
		index.catch(() => {
			if (this.entries.get(key) === fresh) this.entries.delete(key);
		});
		return index;
	}

	private async build(key: string, filters: Filters): Promise<MapIndex> {
		// Version and rows in one transaction: if the data moves in between, the version read is
		// the older one, so the next check rebuilds (never the other way round).
		const { version, rows } = await this.run(async (tx) => ({
			version: await publicationVersion(tx),
			rows: await mapRows(tx, filters)
		}));
		this.builds++;
		return new MapIndex(key, version, rows);
	}

	/** Forget everything (tests). */
	clear(): void {
		this.entries.clear();
		this.version = null;
	}
}

// The app's one cache, held on globalThis so Vite's dev reloads keep it. hooks.server.ts creates
// it at start (with a runner that uses the anon claims) and warms the unfiltered index.
const KEY = Symbol.for('welcome-atlas.map-cache');
type Holder = { [KEY]?: MapIndexCache };

export function setPublicMapCache(options: MapIndexCacheOptions): MapIndexCache {
	const cache = new MapIndexCache(options);
	(globalThis as Holder)[KEY] = cache;
	return cache;
}

export function publicMapCache(): MapIndexCache {
	const cache = (globalThis as Holder)[KEY];
	if (!cache) throw new Error('The map cache is not set up (hooks.server.ts init).');
	return cache;
}
