/**
 * Request parsing and responses of the map endpoints: filters (src/lib/filters.ts) plus the view
 * (zoom, bbox), problems reported as 400 with readable messages, ETags, gzip.
 */
import { gzipSync } from 'node:zlib';
import { describeProblem, parseFilters, type Filters } from '$lib/filters';
import {
	MAX_MAP_ZOOM,
	MAX_VIEW_PIXELS,
	viewPixels,
	type BBox,
	type MapErrorResponse,
	type MapProblem
} from '$lib/map/protocol';

export const CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

export function filterProblems(params: URLSearchParams): {
	filters: Filters;
	problems: MapProblem[];
} {
	const { filters, problems } = parseFilters(params);
	return {
		filters,
		problems: problems.map((p) => ({ param: p.param, value: p.value, message: describeProblem(p) }))
	};
}

export function parseView(params: URLSearchParams): {
	zoom: number;
	bbox: BBox;
	problems: MapProblem[];
} {
	const problems: MapProblem[] = [];
	const rawZoom = params.get('zoom') ?? '';
	let zoom = Number(rawZoom);
	if (!/^\d{1,2}$/.test(rawZoom) || zoom > MAX_MAP_ZOOM) {
		problems.push({
			param: 'zoom',
			value: rawZoom,
			message: `"zoom" must be a whole number from 0 to ${MAX_MAP_ZOOM}.`
		});
		zoom = 0;
	}
	const rawBbox = params.get('bbox') ?? '';
	const parts = rawBbox.split(',').map((part) => (part.trim() === '' ? NaN : Number(part)));
	const [west = NaN, south = NaN, east = NaN, north = NaN] = parts;
	const bbox: BBox = [west, south, east, north];
	const lonOk = (n: number) => Number.isFinite(n) && n >= -180 && n <= 180;
	const latOk = (n: number) => Number.isFinite(n) && n >= -90 && n <= 90;
	if (
		parts.length !== 4 ||
		!lonOk(west) ||
		!lonOk(east) ||
		!latOk(south) ||
		!latOk(north) ||
		south > north
	) {
		problems.push({
			param: 'bbox',
			value: rawBbox.slice(0, 100),
			message:
				'"bbox" must be west,south,east,north in degrees (longitudes -180 to 180, latitudes -90 to 90, south ≤ north).'
		});
	} else if (problems.length === 0) {
		const { width, height } = viewPixels(bbox, zoom);
		if (width > MAX_VIEW_PIXELS || height > MAX_VIEW_PIXELS) {
			problems.push({
				param: 'bbox',
				value: rawBbox.slice(0, 100),
				message: `The box is too large for zoom ${zoom} (at most ${MAX_VIEW_PIXELS} pixels a side): zoom out or ask for a smaller box.`
			});
		}
	}
	return { zoom, bbox, problems };
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function problemResponse(problems: MapProblem[]): Response {
	const body: MapErrorResponse = {
		error: problems.map((p) => p.message).join(' '),
		problems
	};
	return new Response(JSON.stringify(body), {
		status: 400,
		headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store' }
	});
}

export function notFound(message: string): Response {
	return new Response(JSON.stringify({ error: message } satisfies MapErrorResponse), {
		status: 404,
		headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store' }
	});
}

/** A short, stable hash for ETags (FNV-1a, 32 bits). */
export function hash(text: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return (h >>> 0).toString(36);
}

export function etagFor(version: string, canonical: string): string {
	return `"m${version}-${hash(canonical)}"`;
}

/** True when the client's If-None-Match already names this ETag. */
export function notModified(request: Request, etag: string): boolean {
	const header = request.headers.get('if-none-match');
	if (!header) return false;
	return header
		.split(',')
		.map((tag) => tag.trim().replace(/^W\//, ''))
		.some((tag) => tag === etag || tag === '*');
}

export function notModifiedResponse(etag: string): Response {
	return new Response(null, {
		status: 304,
		headers: { ETag: etag, 'Cache-Control': CACHE_CONTROL, Vary: 'Accept-Encoding' }
	});
}

export interface EncodedBody {
	json: string;
	gzip?: Uint8Array;
}

/** Encodes once; gzip only when it pays (bodies of a kilobyte or more). */
export function encodeBody(value: unknown): EncodedBody {
	const json = JSON.stringify(value);
	return json.length >= 1024
		? { json, gzip: new Uint8Array(gzipSync(json, { level: 6 })) }
		: { json };
}

function acceptsGzip(request: Request): boolean {
	return /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
}

export function jsonResponse(request: Request, body: EncodedBody, etag: string): Response {
	const headers: Record<string, string> = {
		'Content-Type': JSON_TYPE,
		'Cache-Control': CACHE_CONTROL,
		ETag: etag,
		Vary: 'Accept-Encoding'
	};
	if (body.gzip && acceptsGzip(request)) {
		headers['Content-Encoding'] = 'gzip';
		headers['Content-Length'] = String(body.gzip.byteLength);
		return new Response(body.gzip as BodyInit, { headers });
	}
	return new Response(body.json, { headers });
}
