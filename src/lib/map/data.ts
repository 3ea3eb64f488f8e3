/**
 * The map's data in the browser, without Leaflet (so it can start before Leaflet has loaded):
 * the initial view, the box to ask the server for, and a small cache of answered views so that
 * panning within what was fetched, and zooming one step in or out, redraw without a request.
 */
import type { BBox, MapViewResponse } from './protocol';

/** The contiguous United States: the first view. */
export const US_BOUNDS: BBox = [-124.8, 24.4, -66.9, 49.4];
export const MIN_ZOOM = 2;
export const MAX_ZOOM = 18;

const TILE = 256;
const MAX_LAT = 85.05;

export function project(lon: number, lat: number, zoom: number): [number, number] {
	const scale = TILE * 2 ** zoom;
	const sin = Math.sin((Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180);
	return [
		((lon + 180) / 360) * scale,
		(0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale
	];
}

export function unproject(x: number, y: number, zoom: number): [number, number] {
	const scale = TILE * 2 ** zoom;
	const lon = (x / scale) * 360 - 180;
	const n = Math.PI - (2 * Math.PI * y) / scale;
	return [lon, (180 / Math.PI) * Math.atan(Math.sinh(n))];
}

/** The largest whole zoom at which `bounds` fits a `width`×`height` box, and its centre (as Leaflet's fitBounds). */
export function fitView(bounds: BBox, width: number, height: number) {
	const [west, south, east, north] = bounds;
	let zoom = MIN_ZOOM;
	for (let z = MAX_ZOOM; z >= MIN_ZOOM; z--) {
		const [x0, y0] = project(west, north, z);
		const [x1, y1] = project(east, south, z);
		if (x1 - x0 <= width && y1 - y0 <= height) {
			zoom = z;
			break;
		}
	}
	const [x0, y0] = project(west, north, zoom);
	const [x1, y1] = project(east, south, zoom);
	const [lon, lat] = unproject((x0 + x1) / 2, (y0 + y1) / 2, zoom);
	return { zoom, center: [lat, lon] as [number, number] };
}

/** The box a `width`×`height` view around `center` shows at `zoom`. */
export function viewBox(
	center: [number, number],
	zoom: number,
	width: number,
	height: number
): BBox {
	const [cx, cy] = project(center[1], center[0], zoom);
	const [west, north] = unproject(cx - width / 2, cy - height / 2, zoom);
	const [east, south] = unproject(cx + width / 2, cy + height / 2, zoom);
	return [west, south, east, north];
}

/**
 * What to ask the server for: the view padded by half its size on every side and snapped to a
 * grid, so that nearby views ask for the same box (cache hits here, in the browser's cache and on
 * the server) and a pan within the padding needs no request.
 */
export function requestBox(view: BBox, zoom: number): BBox {
	const step = 360 / 2 ** Math.max(zoom, 0) / 2;
	const padX = (view[2] - view[0]) / 2;
	const padY = (view[3] - view[1]) / 2;
	const clampLon = (n: number) => Math.max(-180, Math.min(180, n));
	const clampLat = (n: number) => Math.max(-MAX_LAT, Math.min(MAX_LAT, n));
	const round = (n: number) => Math.round(n * 1e6) / 1e6;
	return [
		round(clampLon(Math.floor((view[0] - padX) / step) * step)),
		round(clampLat(Math.floor((view[1] - padY) / step) * step)),
		round(clampLon(Math.ceil((view[2] + padX) / step) * step)),
		round(clampLat(Math.ceil((view[3] + padY) / step) * step))
	];
}

function covers(outer: BBox, inner: BBox): boolean {
	const e = 1e-6;
	const west = Math.max(inner[0], -180);
	const east = Math.min(inner[2], 180);
	const south = Math.max(inner[1], -MAX_LAT);
	const north = Math.min(inner[3], MAX_LAT);
	return (
		outer[0] <= west + e && outer[2] >= east - e && outer[1] <= south + e && outer[3] >= north - e
	);
}

interface Cached {
	zoom: number;
	box: BBox;
	response: Promise<MapViewResponse>;
}

/** Fetches and caches views of one filter set (`query`, the canonical filter query string). */
export class MapData {
	private cache: Cached[] = [];
	private controller: AbortController | null = null;

	constructor(private readonly query: string) {}

	private url(zoom: number, box: BBox): string {
		const params = new URLSearchParams(this.query);
		params.set('zoom', String(zoom));
		params.set('bbox', box.join(','));
		return `/api/map?${params}`;
	}

	/** A cached answer covering `view` at `zoom`, if any (no request). */
	cached(zoom: number, view: BBox): Promise<MapViewResponse> | null {
		const hit = this.cache.find((c) => c.zoom === zoom && covers(c.box, view));
		return hit ? hit.response : null;
	}

	private fetch(zoom: number, view: BBox, signal?: AbortSignal): Promise<MapViewResponse> {
		const box = requestBox(view, zoom);
		const response = fetch(this.url(zoom, box), { signal }).then(async (res) => {
			if (!res.ok) throw new Error(`map data: HTTP ${res.status}`);
			return (await res.json()) as MapViewResponse;
		});
		const entry: Cached = { zoom, box, response };
		this.cache.unshift(entry);
		this.cache.length = Math.min(this.cache.length, 40);
		response.catch(() => {
			this.cache = this.cache.filter((c) => c !== entry);
		});
		return response;
	}

	/** The view's data; a new call aborts the previous one's request if it is still running. */
	load(zoom: number, view: BBox): Promise<MapViewResponse> {
		const hit = this.cached(zoom, view);
		if (hit) return hit;
		this.controller?.abort();
		this.controller = new AbortController();
		return this.fetch(zoom, view, this.controller.signal);
	}

	/** Warms the cache for a view the user may go to next (failures are ignored). */
	prefetch(zoom: number, view: BBox): void {
		if (zoom < 0 || zoom > 20 || this.cached(zoom, view)) return;
		this.fetch(zoom, view).catch(() => {});
	}
}
