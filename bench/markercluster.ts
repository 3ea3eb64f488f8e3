// The baseline: the same points drawn by leaflet.markercluster (chunkedLoading), the plugin most
// Leaflet maps reach for, on a bench-only static page. Same viewport, same initial US view.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';
import { MAP_VIEWPORT } from './browser';
import { BENCH_PORT } from './server';
import { percentile } from './stats';

const require = createRequire(import.meta.url);
const LEAFLET_DIST = dirname(require.resolve('leaflet/dist/leaflet.js'));
const CLUSTER_DIST = dirname(
	require.resolve('leaflet.markercluster/dist/leaflet.markercluster.js')
);

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>markercluster baseline</title>
<link rel="stylesheet" href="/leaflet/leaflet.css">
<link rel="stylesheet" href="/markercluster/MarkerCluster.css">
<link rel="stylesheet" href="/markercluster/MarkerCluster.Default.css">
<style>html, body, #map { height: 100%; margin: 0; }</style>
</head><body><div id="map"></div>
<script src="/leaflet/leaflet.js"></script>
<script src="/markercluster/leaflet.markercluster.js"></script>
<script src="/page.js"></script>
</body></html>`;

// The end is the last chunkProgress (processed === total), after which the plugin adds the
// visible clusters synchronously; one animation frame later they are on screen.
const SCRIPT = `
// No tile layer (offline), so the map must be told its zoom range, as the app's map is.
const map = L.map('map', { minZoom: 3, maxZoom: 18 }).fitBounds([[24, -125], [50, -66]]);
const group = L.markerClusterGroup({
	chunkedLoading: true,
	chunkProgress(processed, total) {
		// Adding the group to the map reports (0, 0) for its empty queue: not the end.
		if (total === 0 || processed !== total) return;
		requestAnimationFrame(() => {
			performance.mark('markercluster:done');
			document.body.dataset.done = 'true';
		});
	}
});
map.addLayer(group);
fetch('/points.json')
	.then((response) => response.json())
	.then((points) => group.addLayers(points.map(([lat, lon]) => L.marker([lat, lon]))));
`;

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript',
	'.css': 'text/css',
	'.json': 'application/json',
	'.png': 'image/png'
};

interface Asset {
	type: string;
	body: Buffer;
	gzip: Buffer;
}

function asset(path: string, body: Buffer | string): Asset {
	const buffer = Buffer.from(body);
	return {
		type: TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream',
		body: buffer,
		gzip: gzipSync(buffer)
	};
}

/** Files from a package's dist folder, by URL path; only below that folder. */
function fromDist(root: string, path: string): Asset | undefined {
	const file = normalize(join(root, path));
	if (!file.startsWith(root)) return undefined;
	try {
		return asset(file, readFileSync(file));
	} catch {
		return undefined;
	}
}

/** A tiny static server on the bench port; gzip when asked, like the app's precompressed assets. */
async function servePage(points: Array<[number, number]>): Promise<Server> {
	const fixed = new Map<string, Asset>([
		['/', asset('.html', PAGE)],
		['/page.js', asset('.js', SCRIPT)],
		['/points.json', asset('.json', JSON.stringify(points))]
	]);
	const server = createServer((request, response) => {
		const path = new URL(request.url ?? '/', 'http://x').pathname;
		const found =
			fixed.get(path) ??
			(path.startsWith('/leaflet/')
				? fromDist(LEAFLET_DIST, path.slice('/leaflet/'.length))
				: undefined) ??
			(path.startsWith('/markercluster/')
				? fromDist(CLUSTER_DIST, path.slice('/markercluster/'.length))
				: undefined);
		if (!found) {
			response.writeHead(404).end();
			return;
		}
		const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
		response.writeHead(200, {
			'content-type': found.type,
			...(gzip ? { 'content-encoding': 'gzip' } : {})
		});
		response.end(gzip ? found.gzip : found.body);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(BENCH_PORT, '127.0.0.1', () => resolve());
	});
	return server;
}

/** Median over `runs` cold loads of navigation start → all chunks clustered and drawn. */
export async function measureMarkerCluster(
	browser: Browser,
	points: Array<[number, number]>,
	runs = 3
): Promise<number> {
	const server = await servePage(points);
	try {
		const samples: number[] = [];
		for (let i = 0; i < runs; i++) {
			const context = await browser.newContext({ viewport: MAP_VIEWPORT });
			try {
				const page = await context.newPage();
				await page.goto(`http://127.0.0.1:${BENCH_PORT}/`);
				await page.waitForSelector('body[data-done="true"]', { timeout: 180_000 });
				samples.push(
					await page.evaluate(
						() => performance.getEntriesByName('markercluster:done')[0]?.startTime ?? NaN
					)
				);
			} finally {
				await context.close();
			}
		}
		return percentile(samples, 50);
	} finally {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}
}
