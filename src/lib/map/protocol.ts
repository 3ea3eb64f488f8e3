/**
 * The wire format of the map endpoints, shared by the server (src/lib/server/map) and the browser
 * (src/lib/map). Compact on purpose: the first view must not grow with the dataset, so the server
 * sends only the clusters and points of one view, as arrays rather than GeoJSON.
 *
 * GET /api/map?<filters>&zoom=Z&bbox=w,s,e,n → MapViewResponse
 *   v        publication version the index was built from (part of the ETag)
 *   zoom     the zoom the view was clustered for (integer 0–MAX_MAP_ZOOM)
 *   total    resolutions matching the filters that have coordinates (everything on the map)
 *   unlocated matching resolutions without coordinates (not on the map, still in the list)
 *   counts   matching resolutions with coordinates, per status (only statuses present)
 *   clusters [lon, lat, count, id, passed, pending, failed, letter] — id for /api/map/clusters/[id]
 *   points   [lon, lat, statusIndex (into STATUSES), slug, label ("Place, ST")]
 *
 * GET /api/map/clusters/[id]?<filters> → ClusterResponse (first items, expansion zoom)
 * GET /api/map/points/[slug] → PointResponse (a published resolution's popup details)
 * Errors: 400 { error, problems: [{ param, value, message }] }, 404 { error }.
 */
import { STATUS_GROUP, STATUSES, type Status, type StatusGroup } from '$lib/pipeline';

/** The order of the per-group counts in a cluster tuple and of the legend. */
export const GROUPS = ['passed', 'pending', 'failed', 'letter'] as const satisfies StatusGroup[];

export const MAX_MAP_ZOOM = 20;
/** The deepest zoom the map offers (MAX_ZOOM in data.ts) still clusters: resolutions that share one spot stay one cluster, listed in its popup. */
export const CLUSTER_MAX_ZOOM = 18;
/** How wide a view may be, in pixels at its zoom, before the server refuses it (cost bound). */
export const MAX_VIEW_PIXELS = 8192;

export type ClusterTuple = [
	lon: number,
	lat: number,
	count: number,
	id: number,
	passed: number,
	pending: number,
	failed: number,
	letter: number
];
export type PointTuple = [lon: number, lat: number, status: number, slug: string, label: string];

export interface MapViewResponse {
	v: string;
	zoom: number;
	total: number;
	unlocated: number;
	counts: Partial<Record<Status, number>>;
	clusters: ClusterTuple[];
	points: PointTuple[];
}

export interface ClusterItem {
	slug: string;
	label: string;
	status: Status;
}

export interface ClusterResponse {
	id: number;
	count: number;
	/** The zoom at which the cluster splits; above CLUSTER_MAX_ZOOM its items share one spot. */
	expansionZoom: number;
	items: ClusterItem[];
}

export interface PointResponse {
	slug: string;
	title: string;
	body: string | null;
	status: Status;
	decidedOn: string | null;
	decidedOnPrecision: 'day' | 'month' | 'year' | null;
	datedOn: string | null;
	place: { name: string; kind: string; stateCode: string };
}

export interface MapProblem {
	param: string;
	value: string;
	message: string;
}

export interface MapErrorResponse {
	error: string;
	problems?: MapProblem[];
}

export function statusAt(index: number): Status {
	return STATUSES[index] ?? 'pending';
}

export function groupOf(status: Status): StatusGroup {
	return STATUS_GROUP[status];
}

export type BBox = [west: number, south: number, east: number, north: number];

/** Longitude span of a box, across the antimeridian when west > east. */
export function lonSpan([west, , east]: BBox): number {
	return west <= east ? east - west : east - west + 360;
}

/** Pixel width and height of a box at a zoom (Web Mercator, 256 px tiles). */
export function viewPixels(bbox: BBox, zoom: number): { width: number; height: number } {
	const scale = 256 * 2 ** zoom;
	const y = (lat: number) => {
		const sin = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180);
		return (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale;
	};
	return { width: (lonSpan(bbox) / 360) * scale, height: Math.abs(y(bbox[1]) - y(bbox[3])) };
}
