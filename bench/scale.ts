// The figures of issue 3 at US scale: the production build on synthetic databases of 140k and
// 50k resolutions, measured in Chromium (map, Lighthouse, JS size) and under load (autocannon).
// Every section runs on its own: a missing feature (the map, the resolution page, the public
// data endpoint) or a failure prints why and leaves its keys out; nothing is estimated.
import type { Browser } from '@playwright/test';
import { launchChromium } from './browser';
import { CONNECTIONS, DURATION_S, load, probe, type LoadResult } from './http';
import { pageJsGzipBytes } from './js-size';
import { runLighthouse } from './lighthouse';
import { measureFirstViews, measureReclusters, NoMapError } from './map';
import { measureMarkerCluster } from './markercluster';
import { buildApp, startServer, statusOf, type RunningServer } from './server';
import { percentile } from './stats';
import { prepareSyntheticDatabase, type PreparedData } from './synthetic';

export type Figures = Record<string, number>;
export type Section = 'map' | 'http' | 'lighthouse' | 'js';

/** An expected absence (feature not built yet): printed as "skipped", not as a failure. */
export class Skip extends Error {}

const PUBLIC_DATA_PATH = '/api/map?zoom=4&bbox=-125,24,-66,50';
const kb = (bytes: number) => bytes / 1024;

/** Runs one section; prints its figures' absence and the reason instead of throwing. */
async function section(name: string, run: () => Promise<Figures>): Promise<Figures> {
	console.log(`${name}…`);
	const started = performance.now();
	try {
		return await run();
	} catch (error) {
		const skipped = error instanceof Skip || error instanceof NoMapError;
		const reason = error instanceof Error ? error.message : String(error);
		console.log(`  ${skipped ? 'skipped' : 'FAILED'}: ${reason}`);
		if (!skipped && process.env.BENCH_DEBUG && error instanceof Error) console.log(error.stack);
		return {};
	} finally {
		console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
	}
}

/** A published resolution with a decision, so its page shows a full record. */
function sampleSlug(prepared: PreparedData): string {
	const resolutions = prepared.data.resolutions;
	return (resolutions.find((row) => row.status === 'adopted') ?? resolutions[0])?.slug ?? '';
}

async function mapAt140k(browser: Browser, origin: string): Promise<Figures> {
	const views = await measureFirstViews(browser, origin);
	const figures: Figures = {
		map_first_view_ms_140k: views.firstViewMs,
		map_transfer_kb_140k: kb(views.transferBytes)
	};
	const byType = Object.entries(views.last.transferByType)
		.map(([type, bytes]) => `${type} ${kb(bytes).toFixed(1)} KB`)
		.join(', ');
	console.log(`  transfer by type (last run): ${byType}`);
	try {
		const reclusters = await measureReclusters(views.last.page);
		if (reclusters.length === 0) {
			console.log(
				'  map_recluster_ms_p95 skipped: no performance.measure("map:recluster") recorded'
			);
		} else {
			console.log(`  ${reclusters.length} re-clusters measured`);
			figures.map_recluster_ms_p95 = percentile(reclusters, 95);
			figures.map_recluster_count = reclusters.length;
		}
	} catch (error) {
		// The first-view figures stand on their own; say why the re-cluster one is missing.
		console.log(`  map_recluster_ms_p95 FAILED: ${error instanceof Error ? error.message : error}`);
	} finally {
		await views.last.close();
	}
	return figures;
}

async function httpAt140k(origin: string, slug: string): Promise<Figures> {
	const targets: Array<[string, string]> = [
		['public_data', PUBLIC_DATA_PATH],
		['resolution_page', `/resolutions/${slug}`]
	];
	const results: Array<[string, LoadResult]> = [];
	for (const [key, path] of targets) {
		const missing = await probe(origin, path);
		if (missing) {
			console.log(`  ${key} skipped: ${missing}`);
			continue;
		}
		console.log(`  ${path}: ${CONNECTIONS} connections, ${DURATION_S} s`);
		const result = await load(origin + path);
		console.log(
			`    ${result.rps.toFixed(0)} req/s, p99 ${result.p99Ms} ms, non-2xx ${result.non2xx}, errors ${result.errors}`
		);
		results.push([key, result]);
	}
	if (results.length === 0) throw new Skip('neither endpoint is there yet');
	const figures: Figures = {};
	for (const [key, result] of results) {
		figures[`${key}_rps`] = result.rps;
		figures[`${key}_p99_ms`] = result.p99Ms;
	}
	figures.public_p99_ms = Math.max(...results.map(([, result]) => result.p99Ms));
	figures.public_non2xx = results.reduce((sum, [, result]) => sum + result.non2xx, 0);
	figures.public_errors = results.reduce((sum, [, result]) => sum + result.errors, 0);
	return figures;
}

async function lighthouseAt140k(origin: string, slug: string): Promise<Figures> {
	const pages: Array<[string, string]> = [['home', '/']];
	const resolutionPath = `/resolutions/${slug}`;
	if ((await statusOf(origin, resolutionPath)) === 200) pages.push(['resolution', resolutionPath]);
	else console.log(`  resolution page skipped: ${resolutionPath} is not there yet`);
	const scores = await runLighthouse(pages.map(([, path]) => origin + path));
	const figures: Figures = {};
	for (const [name, path] of pages) {
		const score = scores.get(origin + path);
		if (!score) continue;
		figures[`lighthouse_${name}_performance`] = score.performance;
		figures[`lighthouse_${name}_accessibility`] = score.accessibility;
	}
	const all = [...scores.values()];
	figures.lighthouse_mobile_performance = Math.min(...all.map((score) => score.performance));
	figures.lighthouse_accessibility = Math.min(...all.map((score) => score.accessibility));
	return figures;
}

async function withServer<T>(prepared: PreparedData, run: (server: RunningServer) => Promise<T>) {
	const server = await startServer(prepared.serverEnv);
	try {
		return await run(server);
	} finally {
		await server.stop();
	}
}

async function withData<T>(n: number, run: (prepared: PreparedData) => Promise<T>) {
	const adminUrl = process.env.BENCH_SCALE_DATABASE_URL;
	const where = adminUrl ? 'PostgreSQL (BENCH_SCALE_DATABASE_URL)' : 'embedded PGlite';
	console.log(`Synthetic database, ${where}: ${n.toLocaleString('en-US')} resolutions…`);
	const prepared = await prepareSyntheticDatabase(n, adminUrl);
	console.log(
		`  generated in ${prepared.generateMs.toFixed(0)} ms, inserted in ${prepared.insertMs.toFixed(0)} ms`
	);
	try {
		return await run(prepared);
	} finally {
		await prepared.remove();
	}
}

/** Our first view on a 50k database against markercluster drawing the same 50k points. */
async function speedupAt50k(browser: Browser): Promise<Figures> {
	return withData(50_000, async (prepared) => {
		const ours = await withServer(prepared, async (server) => {
			const views = await measureFirstViews(browser, server.origin);
			await views.last.close();
			return views.firstViewMs;
		});
		const points = prepared.data.places.map((place): [number, number] => [place.lat, place.lon]);
		const baseline = await measureMarkerCluster(browser, points);
		console.log(`  ours ${ours.toFixed(0)} ms, markercluster ${baseline.toFixed(0)} ms`);
		return {
			map_first_view_ms_50k: ours,
			markercluster_ms_50k: baseline,
			map_speedup_vs_markercluster_50k: baseline / ours
		};
	});
}

export async function benchAtScale(sections: Set<Section>): Promise<Figures> {
	const figures: Figures = {};
	console.log('Production build…');
	buildApp();
	const browser = await launchChromium();
	try {
		let mapPresent = false;
		await withData(140_000, async (prepared) => {
			figures.synthetic_insert_ms_140k = prepared.insertMs;
			if (prepared.engine === 'postgres') figures.scale_on_postgres = 1;
			const slug = sampleSlug(prepared);
			await withServer(prepared, async (server) => {
				if (sections.has('map')) {
					const map = await section('Map at 140k (first view, transfer, re-cluster)', () =>
						mapAt140k(browser, server.origin)
					);
					mapPresent = 'map_first_view_ms_140k' in map;
					Object.assign(figures, map);
				}
				if (sections.has('http')) {
					Object.assign(
						figures,
						await section('HTTP load at 140k (autocannon)', () => httpAt140k(server.origin, slug))
					);
				}
				if (sections.has('lighthouse')) {
					Object.assign(
						figures,
						await section('Lighthouse (mobile) at 140k', () =>
							lighthouseAt140k(server.origin, slug)
						)
					);
				}
				if (sections.has('js')) {
					Object.assign(
						figures,
						await section('JS shipped to /login (gzip)', async () => ({
							home_js_kb_gzip: kb(await pageJsGzipBytes(browser, `${server.origin}/login`))
						}))
					);
				}
			});
		});
		if (sections.has('map')) {
			if (mapPresent) {
				Object.assign(
					figures,
					await section('Map at 50k vs leaflet.markercluster', () => speedupAt50k(browser))
				);
			} else {
				console.log('Map at 50k vs leaflet.markercluster…\n  skipped: no map figures at 140k');
			}
		}
	} finally {
		await browser.close();
	}
	return figures;
}
