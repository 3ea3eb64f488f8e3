// The public map in the browser, through the contract with the map component:
//   - its container carries data-map-ready="true" once the first clustered view is drawn,
//   - it calls performance.mark('map:first-view') at that moment,
//   - every re-cluster after a zoom/pan records performance.measure('map:recluster', …).
import type { Browser, CDPSession, Page } from '@playwright/test';
import { MAP_VIEWPORT } from './browser';
import { percentile } from './stats';

const READY = '[data-map-ready="true"]';

/** Thrown when `/` has no map yet (before the map lands): the caller skips, it does not fail. */
export class NoMapError extends Error {}

export interface FirstView {
	firstViewMs: number;
	/** Bytes on the wire (headers included) of every non-image response up to network idle. */
	transferBytes: number;
	transferByType: Record<string, number>;
	page: Page;
	close(): Promise<void>;
}

/** Bytes received per request, from the DevTools protocol (what the network really carried). */
function recordTransfer(cdp: CDPSession) {
	const typeOf = new Map<string, string>();
	const bytes = new Map<string, number>();
	cdp.on('Network.responseReceived', (event) => typeOf.set(event.requestId, event.type));
	cdp.on('Network.loadingFinished', (event) => bytes.set(event.requestId, event.encodedDataLength));
	return () => {
		const byType: Record<string, number> = {};
		let total = 0;
		for (const [requestId, length] of bytes) {
			const type = typeOf.get(requestId) ?? 'Other';
			// Images are tiles, marker icons and pictures: not part of the data + code budget.
			if (type === 'Image' || type === 'Media') continue;
			byType[type] = (byType[type] ?? 0) + length;
			total += length;
		}
		return { total, byType };
	};
}

/** One cold load of `/` in a new context (empty cache) until the first clustered view. */
export async function loadFirstView(browser: Browser, origin: string): Promise<FirstView> {
	const context = await browser.newContext({ viewport: MAP_VIEWPORT });
	try {
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.enable');
		const transfer = recordTransfer(cdp);
		await page.goto(`${origin}/`, { waitUntil: 'load', timeout: 120_000 });
		await waitForReady(page);
		const firstViewMs = await page.evaluate(
			() => performance.getEntriesByName('map:first-view')[0]?.startTime ?? null
		);
		if (firstViewMs === null) {
			throw new Error(
				'data-map-ready="true" is set but performance mark "map:first-view" is missing'
			);
		}
		// Whatever the first view pulled in after the mark (late chunks, data) counts too.
		await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => {});
		const { total, byType } = transfer();
		return {
			firstViewMs,
			transferBytes: total,
			transferByType: byType,
			page,
			close: () => context.close()
		};
	} catch (error) {
		await context.close();
		throw error;
	}
}

async function waitForReady(page: Page) {
	// Hydration adds the map after `load`: give it a moment before deciding there is none.
	const hasMap = await page
		.waitForSelector('[data-map-ready], .leaflet-container', { timeout: 10_000 })
		.then(() => true)
		.catch(() => false);
	if (!hasMap)
		throw new NoMapError('`/` has no [data-map-ready] element (the map is not on this build)');
	await page.waitForSelector(READY, { timeout: 120_000 }).catch(() => {
		throw new Error('the map is on `/` but never set data-map-ready="true" within 120 s');
	});
}

/** Median of `runs` cold first views; the last run's page is kept for the re-cluster test. */
export async function measureFirstViews(browser: Browser, origin: string, runs = 3) {
	const views: FirstView[] = [];
	try {
		for (let i = 0; i < runs; i++) {
			const view = await loadFirstView(browser, origin);
			views.push(view);
			if (i < runs - 1) await view.close();
		}
		// The first load also warms the server's caches (e.g. a cluster index); the median is the
		// steady state, the samples are printed so a slow cold run stays visible.
		const samples = views.map((view) => view.firstViewMs.toFixed(0)).join(', ');
		console.log(`  first view samples: ${samples} ms`);
		return {
			firstViewMs: percentile(
				views.map((view) => view.firstViewMs),
				50
			),
			transferBytes: percentile(
				views.map((view) => view.transferBytes),
				50
			),
			last: views.at(-1) as FirstView
		};
	} catch (error) {
		await views.at(-1)?.close();
		throw error;
	}
}

// Zooms in over a dense region, pans around, zooms back out: 20 steps, each one re-clusters.
const STEPS = [
	'+', '+', 'ArrowRight', 'ArrowDown', '+', 'ArrowLeft', 'ArrowUp', '+', 'ArrowRight', 'ArrowDown',
	'-', 'ArrowLeft', '-', 'ArrowUp', '+', 'ArrowRight', '-', '-', 'ArrowDown', '-'
]; // prettier-ignore

/**
 * Keyboard zoom/pan on the focused map (Leaflet's keyboard handler: +/- and arrows); after each
 * step waits for the next 'map:recluster' measure (or 3 s), then lets the animation settle.
 * Returns every measure's duration.
 */
export async function measureReclusters(page: Page): Promise<number[]> {
	const count = () => page.evaluate(() => performance.getEntriesByName('map:recluster').length);
	// Leaflet listens for keys on its container, which may be the marked element or inside it.
	const leaflet = page.locator(`${READY} .leaflet-container, .leaflet-container${READY}`);
	const map = (await leaflet.count()) > 0 ? leaflet.first() : page.locator(READY).first();
	await map.focus({ timeout: 5_000 });
	for (const key of STEPS) {
		const before = await count();
		await page.keyboard.press(key);
		await page
			.waitForFunction((n) => performance.getEntriesByName('map:recluster').length > n, before, {
				timeout: 3_000
			})
			.catch(() => {});
		await page.waitForTimeout(300); // Leaflet's zoom/pan animation (250 ms) ends
	}
	return page.evaluate(() =>
		performance.getEntriesByName('map:recluster').map((entry) => entry.duration)
	);
}
