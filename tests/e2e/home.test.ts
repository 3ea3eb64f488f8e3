import { check } from '@placemarkio/check-geojson';
import { expect, test } from '@playwright/test';
import Papa from 'papaparse';
import { expectAccessible } from './a11y';

const list = (page: import('@playwright/test').Page) =>
	page.getByRole('table', { name: /resolutions and consent letters, page/ });

test('the home page lists the seeded resolutions with their sources', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Refugees Welcome');
	await expect(list(page)).toHaveAccessibleName(/^120 resolutions.*page 1 of 3/);
	await expect(list(page).getByRole('row')).toHaveCount(51); // header + a page of 50
	await page.goto('/?state=FL');
	const miamiBeach = list(page).getByRole('row', { name: /Miami Beach/ });
	await expect(miamiBeach).toContainText('Adopted');
	await expect(miamiBeach).toContainText('May 16, 2018');
	await expect(miamiBeach.getByRole('link', { name: /^Source/ })).toHaveAttribute(
		'href',
		'https://www.amnestyusa.org/press-releases/city-of-miami-beach-passes-refugees-welcome-resolution/'
	);
	await expectAccessible(page);
});

test('filters go into the URL and narrow the list, the counts and the export links', async ({
	page
}) => {
	await page.goto('/');
	await page.getByRole('group', { name: 'Status' }).getByLabel('Adopted').check();
	await page.getByRole('group', { name: 'Kind of place' }).getByLabel('City').check();
	await page.getByRole('button', { name: 'Apply filters' }).click();
	await expect(page).toHaveURL(/[?&]status=adopted/);
	await expect(page).toHaveURL(/[?&]kind=city/);
	const caption =
		(await list(page).getAttribute('aria-label')) ??
		(await list(page).locator('caption').innerText());
	const total = Number(/^(\d+)/.exec(caption)?.[1]);
	expect(total).toBeGreaterThan(0);
	expect(total).toBeLessThan(120);
	for (const row of await list(page).locator('tbody tr').all()) {
		await expect(row).toContainText('Adopted');
		await expect(row).toContainText('City');
	}
	const csvHref = await page.getByRole('link', { name: 'CSV' }).getAttribute('href');
	expect(csvHref).toBe('/resolutions.csv?status=adopted&kind=city');
	await expect(page.getByRole('link', { name: 'GeoJSON' })).toHaveAttribute(
		'href',
		'/resolutions.geojson?status=adopted&kind=city'
	);

	// The exports hold exactly the filtered set: CSV, GeoJSON and the JSON API agree.
	const csv = await (await page.request.get(csvHref ?? '')).text();
	const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
	expect(parsed.errors).toEqual([]);
	expect(parsed.data).toHaveLength(total);
	const api = await (
		await page.request.get('/api/resolutions?status=adopted&kind=city&per_page=1000')
	).json();
	expect(api.total).toBe(total);
	const fromApi = api.items.map((item: Record<string, unknown>) =>
		Object.fromEntries(Object.entries(item).map(([k, v]) => [k, v === null ? '' : String(v)]))
	);
	const byCsvOrder = (a: Record<string, string>, b: Record<string, string>) =>
		(a.slug ?? '').localeCompare(b.slug ?? '');
	expect([...parsed.data].sort(byCsvOrder)).toEqual([...fromApi].sort(byCsvOrder));
	const geojson = await (
		await page.request.get('/resolutions.geojson?status=adopted&kind=city')
	).text();
	expect(() => check(geojson)).not.toThrow();
	const collection = JSON.parse(geojson);
	expect(collection.features).toHaveLength(total);
	for (const feature of collection.features) {
		if (!feature.geometry) continue;
		const [lon, lat] = feature.geometry.coordinates;
		expect(lon).toBeGreaterThanOrEqual(-180);
		expect(lon).toBeLessThan(-60); // the United States: longitude first, west is negative
		expect(lat).toBeGreaterThan(15);
		expect(lat).toBeLessThanOrEqual(72);
	}
	await expectAccessible(page);
});

test('an unknown filter value is shown to the user and answered with 400 by the API', async ({
	page,
	request
}) => {
	await page.goto('/?status=passed&state=MN');
	await expect(page.getByRole('alert')).toContainText('“passed” is not a known value');
	await expect(list(page)).toBeVisible();
	for (const path of ['/api/resolutions', '/resolutions.csv', '/resolutions.geojson']) {
		const response = await request.get(`${path}?status=passed`);
		expect(response.status(), path).toBe(400);
		expect((await response.json()).error).toContain('Unknown status "passed"');
		const template = await request.get(`${path}?template=no-such-template`);
		expect(template.status(), path).toBe(400);
		expect((await template.json()).error).toContain('Unknown template "no-such-template"');
	}
	expect((await request.get('/api/map?zoom=4&bbox=-125,24,-66,50&template=nope')).status()).toBe(
		400
	);
	expect((await request.get('/feeds/updates.atom?template=nope')).status()).toBe(400);
	await expectAccessible(page);
});

test('sorting and paging keep the filters and tell assistive technology the order', async ({
	page
}) => {
	await page.goto('/');
	await list(page).getByRole('link', { name: /^Date/ }).click();
	await expect(page).toHaveURL(/sort=date/);
	await expect(list(page).getByRole('columnheader', { name: /^Date/ })).toHaveAttribute(
		'aria-sort',
		'ascending'
	);
	await page.getByRole('link', { name: 'Next page' }).click();
	await expect(page).toHaveURL(/page=2/);
	await expect(list(page)).toHaveAccessibleName(/page 2 of 3/);
	const etag = (await page.request.get('/api/resolutions?sort=date&page=2')).headers()['etag'];
	expect(etag).toBeTruthy();
	const again = await page.request.get('/api/resolutions?sort=date&page=2', {
		headers: { 'If-None-Match': etag ?? '' }
	});
	expect(again.status()).toBe(304);
});

test('a resolution opens by keyboard alone in at most 10 keystrokes', async ({ page }) => {
	await page.goto('/');
	let keystrokes = 0;
	const press = async (key: string) => {
		keystrokes++;
		await page.keyboard.press(key);
	};
	await press('Tab'); // skip link
	await press('Enter');
	await press('Tab'); // "Go to the list"
	await press('Enter');
	// Focus lands on the rows: the next Tab is the first resolution.
	for (let i = 0; i < 6; i++) {
		await press('Tab');
		const href = await page.evaluate(() => document.activeElement?.getAttribute('href'));
		if (href?.startsWith('/resolutions/')) break;
	}
	const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
	await press('Enter');
	await expect(page).toHaveURL(/\/resolutions\/[a-z0-9-]+$/);
	expect(keystrokes).toBeLessThanOrEqual(10);
	expect(focused).toBeTruthy();
	// The place named in the list is the page that opened.
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.locator('main')).toContainText(focused ?? '');
});

test('security headers are set and pages may not be framed', async ({ request }) => {
	const response = await request.get('/');
	const headers = response.headers();
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
	expect(headers['permissions-policy']).toContain('camera=()');
	expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(headers['content-security-policy']).toContain("script-src 'self'");
	// Pages are compressed (adapter-node only precompresses static files).
	expect(headers['content-encoding']).toBe('gzip');
});

test('the Spanish switch translates the page and sets lang', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('button', { name: /Español/ }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'es');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Bienvenidos los refugiados');
	await expectAccessible(page);
	await page.getByRole('button', { name: /English/ }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('an unknown page answers 404 with a page, not a stack trace', async ({ page }) => {
	const response = await page.goto('/no-such-page');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Page not found');
	await expect(page.locator('body')).not.toContainText(/\.(js|ts):\d+/);
	await expectAccessible(page);
});

test.describe('with JavaScript disabled', () => {
	test.use({ javaScriptEnabled: false });

	test('the filters, the list and its pages work as plain links and forms', async ({ page }) => {
		await page.goto('/');
		await page.getByRole('group', { name: 'Status' }).getByLabel('Consent letter').check();
		await page.getByRole('button', { name: 'Apply filters' }).click();
		await expect(page).toHaveURL(/status=consent_letter/);
		await expect(list(page)).toHaveAccessibleName(/^88 resolutions.*page 1 of 2/);
		await page.getByRole('link', { name: 'Next page' }).click();
		await expect(list(page)).toHaveAccessibleName(/page 2 of 2/);
		await expect(list(page).locator('tbody tr')).toHaveCount(38);
	});
});

test('the list is accessible in dark mode', async ({ page }) => {
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.goto('/?sort=status&dir=desc');
	await expect(list(page)).toBeVisible();
	await expectAccessible(page);
});

test('the map shows exactly the listed set, and the embed code carries the filters', async ({
	page
}) => {
	await page.goto('/?kind=city&status=adopted');
	await expect(page.locator('[data-map-ready="true"]')).toBeVisible();
	const caption = await list(page).locator('caption').innerText();
	const listed = Number(/^(\d+)/.exec(caption)?.[1]);
	const onMap = Number(/(\d+)/.exec(await page.getByText(/^On the map: \d+/).innerText())?.[1]);
	const unlocatedNote = page.getByText(/^Without a location/);
	const unlocated = (await unlocatedNote.count())
		? Number(/(\d+)/.exec(await unlocatedNote.innerText())?.[1])
		: 0;
	expect(listed).toBeGreaterThan(0);
	expect(onMap + unlocated).toBe(listed);

	await page.getByRole('button', { name: 'Embed this map' }).click();
	const code = page.getByLabel('Code to paste into your page');
	await expect(code).toBeVisible();
	await expect(code).toHaveValue(
		/<iframe[^>]+src="http:\/\/127\.0\.0\.1:\d+\/embed\/map\?status=adopted&amp;kind=city"/
	);
	await expectAccessible(page);
	await page.keyboard.press('Escape');
	await expect(code).toBeHidden();
});

test('on a phone the map comes first and the list reads as cards, light and dark', async ({
	page
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/');
	// The filters fold away behind their summary, so the map starts on the first screen.
	const filters = page.getByText('Filter the map and the list').first();
	await expect(page.getByRole('group', { name: 'Status' })).toBeHidden();
	const map = page.locator('section.map');
	expect((await map.boundingBox())?.y ?? Infinity).toBeLessThan(844);
	await filters.click();
	await expect(page.getByRole('group', { name: 'Status' })).toBeVisible();

	// Every row keeps its place, status and date inside the screen: nothing scrolls sideways.
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	await expect(list(page).getByRole('row')).toHaveCount(51);
	const first = list(page).locator('tbody tr').first();
	for (const cell of [
		first.getByRole('rowheader'),
		first.locator('.c-status'),
		first.locator('.c-date')
	]) {
		const box = await cell.boundingBox();
		expect((box?.x ?? 0) + (box?.width ?? 999)).toBeLessThanOrEqual(390);
	}
	expect((await first.boundingBox())?.height ?? 999).toBeLessThan(150);
	await page.screenshot({ path: 'test-results/home-screens/home-390-light.png', fullPage: true });
	await expectAccessible(page);
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.screenshot({ path: 'test-results/home-screens/home-390-dark.png' });
	await expectAccessible(page);

	// Sent with the client router, the filters keep focus where it was.
	await page.getByRole('group', { name: 'Kind of place' }).getByLabel('County').check();
	const apply = page.getByRole('button', { name: 'Apply filters' });
	await apply.click();
	await expect(page).toHaveURL(/kind=county/);
	await expect(apply).toBeFocused();
	await expect(page.getByText('1 active')).toBeVisible();
});
