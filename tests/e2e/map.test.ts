import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './a11y';

// The map on /embed/map (the home page mounts the same MapView). Tiles: playwright.config.ts sets
// a PUBLIC_TILE_URL that cannot load; every tile request is also aborted here.

async function openMap(page: Page, path = '/embed/map') {
	await page.route('**/*.png', (route) => route.abort());
	await page.goto(path);
	await expect(page.locator('[data-map-ready="true"]')).toBeVisible();
}

/** How many resolutions the drawn markers stand for (clusters count theirs). */
async function shownCount(page: Page): Promise<number> {
	return page.evaluate(() => {
		let total = 0;
		for (const marker of document.querySelectorAll('.wa-marker')) {
			const count = marker.querySelector('.wa-count')?.textContent;
			total += count ? Number(count) : 1;
		}
		return total;
	});
}

test('the seeded resolutions appear as clusters and points, with a legend', async ({ page }) => {
	const tiles: string[] = [];
	page.on('request', (request) => {
		if (request.url().endsWith('.png')) tiles.push(request.url());
	});
	await openMap(page);
	await expect(page.locator('.wa-cluster').first()).toBeVisible();
	const totals = page.locator('.totals');
	await expect(totals).toContainText(/On the map: \d+/);
	const total = Number((await totals.textContent())?.match(/On the map: (\d+)/)?.[1]);
	expect(total).toBeGreaterThanOrEqual(110);
	expect(total).toBeLessThanOrEqual(120);
	// The first view (contiguous US) shows nearly all of them; Alaska and Hawaii are off-screen.
	expect(await shownCount(page)).toBeGreaterThan(total - 10);
	// Every cluster and point has a name that says what it is.
	const names = await page
		.locator('.wa-marker')
		.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
	expect(names.every((name) => /resolutions — |— /.test(name))).toBe(true);
	for (const label of ['Passed', 'Pending', 'Failed, withdrawn or tabled', 'Consent letter']) {
		await expect(page.locator('.legend')).toContainText(label);
	}
	// Tiles were asked for (and failed) — the map drew anyway, on its offline basemap.
	expect(tiles.length).toBeGreaterThan(0);
	await expect(page.locator('path.wa-state').first()).toBeAttached();
	expect(await page.locator('path.wa-state').count()).toBeGreaterThan(50);
	// …and drawn at full size (app.css caps svg at 100% width; the renderer's SVG must not be).
	const svg = await page
		.locator('.leaflet-basemap-pane svg')
		.evaluate((el) => [el.getBoundingClientRect().width, Number(el.getAttribute('width'))]);
	expect(Math.round(svg[0]!)).toBe(svg[1]);
	// The bench's marks.
	const marks = await page.evaluate(() => performance.getEntriesByName('map:first-view').length);
	expect(marks).toBe(1);
});

test('keyboard: Tab to a cluster, Enter opens its popup, Escape closes it', async ({ page }) => {
	await openMap(page);
	await page.locator('.leaflet-container').focus();
	await page.keyboard.press('Tab');
	const focused = page.locator('.wa-marker:focus');
	await expect(focused).toHaveCount(1);
	const name = await focused.getAttribute('aria-label');
	const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle);
	expect(outline).toBe('solid'); // visible focus
	await page.keyboard.press('Enter');
	const popup = page.locator('.leaflet-popup');
	await expect(popup).toBeVisible();
	await expect(popup).toContainText(name!.split(' — ')[0]!);
	await expect(popup.locator('a').first()).toBeVisible(); // items (cluster) or the link (point)
	await expectAccessible(page);
	await page.keyboard.press('Escape');
	await expect(popup).toHaveCount(0);
	await expect(page.locator('.wa-marker:focus')).toHaveAttribute('aria-label', name!);
});

test("a cluster's popup lists what it holds and zooms in", async ({ page }) => {
	await openMap(page);
	const cluster = page.locator('.wa-cluster').first();
	const count = Number(await cluster.locator('.wa-count').textContent());
	await cluster.focus();
	await page.keyboard.press('Enter');
	const popup = page.locator('.leaflet-popup');
	await expect(popup.locator('li')).toHaveCount(Math.min(10, count));
	await expect(popup.locator('li a').first()).toHaveAttribute(
		'href',
		/^\/resolutions\/[a-z0-9-]+$/
	);
	const zoomBefore = await page.evaluate(() => document.querySelectorAll('.wa-marker').length);
	await popup.getByRole('button', { name: 'Zoom in here' }).click();
	await expect(popup).toHaveCount(0);
	await expect
		.poll(() => page.evaluate(() => performance.getEntriesByName('map:recluster').length))
		.toBeGreaterThan(0);
	expect(zoomBefore).toBeGreaterThan(0);
});

test("a point's popup shows place, status, date and a link", async ({ page }) => {
	await openMap(page);
	// Zoom in with the buttons (the non-drag way) until points stand alone.
	for (let i = 0; i < 6 && (await page.locator('.wa-point').count()) === 0; i++) {
		await page.getByRole('button', { name: 'Zoom in' }).click();
		await page.waitForTimeout(400);
	}
	const point = page.locator('.wa-point').first();
	await point.focus();
	const name = (await point.getAttribute('aria-label'))!;
	await page.keyboard.press('Enter');
	const popup = page.locator('.leaflet-popup');
	await expect(popup).toContainText(name.split(' — ')[0]!);
	await expect(popup.locator('.wa-badge')).toContainText(name.split(' — ')[1]!);
	await expect(popup.locator('.wa-popup-date')).not.toBeEmpty();
	await expect(popup.getByRole('link', { name: 'View the resolution' })).toHaveAttribute(
		'href',
		/^\/resolutions\//
	);
	await page.keyboard.press('Escape');
	await expect(popup).toHaveCount(0);
});

test('pan and zoom buttons move the map and are at least 24×24 px', async ({ page }) => {
	await openMap(page);
	const controls = page.getByRole('group', { name: 'Map controls' }).getByRole('button');
	for (const box of await controls.evaluateAll((els) =>
		els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect)
	)) {
		expect(box.width).toBeGreaterThanOrEqual(24);
		expect(box.height).toBeGreaterThanOrEqual(24);
	}
	const transform = () =>
		page.locator('.leaflet-map-pane').evaluate((el) => (el as HTMLElement).style.transform);
	const before = await transform();
	await page.getByRole('button', { name: 'Pan east' }).click();
	await expect.poll(transform).not.toBe(before);
});

test('filters narrow the map; unknown filter values are reported', async ({ page }) => {
	await openMap(page, '/embed/map?status=adopted');
	const adopted = Number(
		(await page.locator('.totals').textContent())?.match(/On the map: (\d+)/)?.[1]
	);
	expect(adopted).toBeGreaterThan(10);
	await expect(page.locator('.legend')).toContainText('Pending (0)');
	await page.goto('/embed/map?status=bogus');
	await expect(page.getByRole('alert')).toContainText('status=bogus');
	await expect(
		page.getByRole('link', { name: 'Open the full map on Welcome Atlas' })
	).toHaveAttribute('href', '/');
});

test('the embed may be framed anywhere, the rest of the site nowhere', async ({
	page,
	request
}) => {
	const embed = (await request.get('/embed/map')).headers();
	expect(embed['content-security-policy']).toContain('frame-ancestors *');
	expect(embed['content-security-policy']).not.toContain("frame-ancestors 'none'");
	expect(embed['x-frame-options']).toBeUndefined();
	const home = (await request.get('/')).headers();
	expect(home['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(home['x-frame-options']).toBe('DENY');

	// A page on another site (another port: Chromium blocks public pages from framing loopback
	// addresses, which is not what is under test) frames the embed and, to show the difference,
	// the home page.
	await page.route('**/*.png', (route) => route.abort());
	const origin = new URL((await request.get('/embed/map')).url()).origin;
	const otherSite = createServer((_req, res) => {
		res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
		res.end(`<!doctype html><html lang="en"><title>Other site</title><h1>Some other site</h1>
			<iframe id="embed" title="map" src="${origin}/embed/map?state=MN" width="900" height="700"></iframe>
			<iframe id="home" title="home" src="${origin}/" width="300" height="200"></iframe></html>`);
	});
	await new Promise<void>((resolve) => otherSite.listen(0, '127.0.0.1', resolve));
	const { port } = otherSite.address() as AddressInfo;
	await page.goto(`http://127.0.0.1:${port}/`);
	await expect(page.frameLocator('#home').locator('body')).not.toContainText('Refugees Welcome');
	const frame = page.frameLocator('#embed');
	await expect(frame.locator('[data-map-ready="true"]')).toBeVisible();
	await expect(frame.locator('header')).toHaveCount(0); // no site chrome in the embed
	await expect(
		frame.getByRole('link', { name: 'Open the full map on Welcome Atlas' })
	).toHaveAttribute('href', '/?state=MN');
});

test('with JavaScript off the map says where the list is', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/embed/map');
	await expect(page.getByText('The interactive map needs JavaScript.')).toBeVisible();
	await context.close();
});

for (const scheme of ['light', 'dark'] as const) {
	test(`the embed is accessible and looks right (${scheme})`, async ({ page }) => {
		await page.emulateMedia({ colorScheme: scheme });
		for (const width of [1280, 390]) {
			await page.setViewportSize({ width, height: width > 500 ? 800 : 844 });
			await openMap(page);
			await expectAccessible(page);
			await page.screenshot({ path: `test-results/map-${scheme}-${width}.png`, fullPage: true });
		}
	});
}
