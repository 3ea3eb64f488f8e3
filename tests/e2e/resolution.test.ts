import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './a11y';

// Seeded resolutions (supabase/seed.sql): an adopted, a pending, a failed one and a consent letter.
const ADOPTED = 'miami-beach-fl-2018';
const PENDING = 'whatcom-county-wa-undated';
const FAILED = 'chicago-il-2023';
const LETTER = 'holyoke-ma-2019';
const SHOTS = 'test-results/resolution-screens';

const progress = (page: Page) => page.getByRole('list', { name: "Stages of this body's process" });

test('an adopted resolution: status, progress, history, source, verified badge', async ({
	page
}) => {
	await page.goto(`/resolutions/${ADOPTED}`);
	await expect(page).toHaveTitle('Miami Beach, FL: Refugees Welcome resolution · Welcome Atlas');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		/Miami Beach\s+Refugees Welcome resolution/
	);
	await expect(page.locator('.badges')).toContainText('Adopted');
	await expect(page.locator('.badges')).toContainText('Verified');
	await expect(page.getByText('Miami-Dade, Florida')).toBeVisible();
	// The council pipeline, with "Adopted" as the step reached.
	await expect(progress(page).getByRole('listitem')).toHaveCount(9);
	await expect(progress(page).locator('[aria-current="step"]')).toContainText('Adopted');
	const history = page.getByRole('region', { name: 'History' });
	await expect(history.getByRole('listitem')).toHaveCount(1);
	await expect(history).toContainText('May 16, 2018');
	const source = page.getByRole('region', { name: 'Source', exact: true });
	await expect(source.getByRole('link')).toHaveAttribute(
		'href',
		'https://www.amnestyusa.org/press-releases/city-of-miami-beach-passes-refugees-welcome-resolution/'
	);
	await expect(source).toContainText('From the curated dataset');
	await expect(page.getByRole('region', { name: 'Documents' })).toContainText(
		'No documents have been added yet.'
	);
	await expect(page.locator('meta[property="og:title"]')).toHaveAttribute(
		'content',
		'Miami Beach, FL: Refugees Welcome resolution'
	);
	await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /Adopted/);
	await page.screenshot({ path: `${SHOTS}/adopted-light.png`, fullPage: true });
	await expectAccessible(page);

	await page.emulateMedia({ colorScheme: 'dark' });
	await page.screenshot({ path: `${SHOTS}/adopted-dark.png`, fullPage: true });
	await expectAccessible(page);
});

test('a pending resolution without a recorded stage or history', async ({ page }) => {
	await page.goto(`/resolutions/${PENDING}`);
	await expect(page.locator('.badges')).toContainText('Pending');
	await expect(page.locator('.badges')).toContainText('Verified');
	await expect(progress(page).locator('[aria-current]')).toHaveCount(0);
	await expect(page.getByText('No stage has been recorded yet.')).toBeVisible();
	await expect(page.getByRole('region', { name: 'History' })).toContainText(
		'No dated events have been recorded yet.'
	);
	await expect(page.getByRole('region', { name: 'Source', exact: true })).toContainText(
		'Whatcom Peace & Justice Center blog'
	);
	await page.emulateMedia({ colorScheme: 'dark' });
	await expectAccessible(page);
});

test('a failed resolution shows its outcome apart from the progress bar, never as adopted', async ({
	page
}) => {
	await page.goto(`/resolutions/${FAILED}`);
	await expect(page.getByText('Outcome: Failed')).toBeVisible();
	await expect(progress(page).locator('[aria-current]')).toHaveCount(0);
	await expect(progress(page).getByRole('listitem').filter({ hasText: 'Adopted' })).toContainText(
		'not reached'
	);
	await page.screenshot({ path: `${SHOTS}/failed-light.png`, fullPage: true });
	await expectAccessible(page);
});

test('a consent letter has no pipeline', async ({ page }) => {
	await page.goto(`/resolutions/${LETTER}`);
	await expect(page.locator('.badges')).toContainText('Consent letter');
	await expect(progress(page)).toHaveCount(0);
	await expect(
		page.getByText(/Executive Order 13888\. It is not voted through stages/)
	).toBeVisible();
	await expect(page.getByRole('region', { name: 'History' })).toContainText('December 2019');
	await expect(page.getByRole('region', { name: 'History' })).not.toContainText('December 1, 2019');
});

test('the page works at 390 px wide, light and dark', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto(`/resolutions/${ADOPTED}`);
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	await page.screenshot({ path: `${SHOTS}/adopted-390-light.png`, fullPage: true });
	await expectAccessible(page);
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.goto(`/resolutions/${FAILED}`);
	await page.screenshot({ path: `${SHOTS}/failed-390-dark.png`, fullPage: true });
	await expectAccessible(page);
});

test('the Atom link works and the feed is well-formed', async ({ page }) => {
	await page.goto(`/resolutions/${ADOPTED}`);
	const href = await page
		.locator('head link[rel="alternate"][type="application/atom+xml"]')
		.getAttribute('href');
	expect(href).toBe(`/resolutions/${ADOPTED}/feed.atom`);
	await expect(page.getByRole('link', { name: 'Follow updates (Atom feed)' })).toHaveAttribute(
		'href',
		href ?? ''
	);
	const response = await page.request.get(href ?? '');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
	expect(response.headers()['cache-control']).toMatch(/^public, max-age=60/);
	const xml = await response.text();
	expect(XMLValidator.validate(xml)).toBe(true);
	const feed = new XMLParser({ ignoreAttributes: false }).parse(xml).feed;
	expect(feed.id).toMatch(/\/resolutions\/miami-beach-fl-2018\/feed\.atom$/);
	expect(feed.entry.id).toMatch(/^urn:uuid:/);
	// Dated by when the site recorded it; the summary says when it happened.
	expect(feed.entry.updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
	expect(JSON.stringify(feed.entry.summary)).toContain('May 16, 2018');

	const etag = response.headers()['etag'] ?? '';
	const again = await page.request.get(href ?? '', { headers: { 'If-None-Match': etag } });
	expect(again.status()).toBe(304);

	const state = await page.request.get('/feeds/states/FL.atom');
	expect(state.status()).toBe(200);
	expect(XMLValidator.validate(await state.text())).toBe(true);
	expect((await page.request.get('/feeds/states/XX.atom')).status()).toBe(404);
	const bad = await page.request.get('/feeds/updates.atom?status=adoptedd');
	expect(bad.status()).toBe(400);
	expect(await bad.text()).toContain('Unknown status "adoptedd"');
});

test('the JSON of one resolution, with ETag and 304', async ({ page }) => {
	const response = await page.request.get(`/api/resolutions/${ADOPTED}`);
	expect(response.status()).toBe(200);
	const body = await response.json();
	expect(body).toMatchObject({ slug: ADOPTED, status: 'adopted', verified: true });
	expect(body.events).toHaveLength(1);
	const etag = response.headers()['etag'] ?? '';
	expect(etag).not.toBe('');
	const again = await page.request.get(`/api/resolutions/${ADOPTED}`, {
		headers: { 'If-None-Match': etag }
	});
	expect(again.status()).toBe(304);
	const missing = await page.request.get('/api/resolutions/no-such-resolution');
	expect(missing.status()).toBe(404);
	expect(await missing.json()).toHaveProperty('error');
});

test('an unknown slug is a 404 page, not a stack trace', async ({ page }) => {
	const response = await page.goto('/resolutions/no-such-resolution-mn-2099');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
	await expect(page.locator('body')).not.toContainText(/at \w+ \(|Error:/);
	expect(
		(await page.request.get('/resolutions/no-such-resolution-mn-2099/feed.atom')).status()
	).toBe(404);
	await expectAccessible(page);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });
	test('the copy-link button is a plain link to the page', async ({ page, baseURL }) => {
		await page.goto(`/resolutions/${ADOPTED}`);
		await expect(page.getByRole('link', { name: 'Copy link' })).toHaveAttribute(
			'href',
			`${baseURL}/resolutions/${ADOPTED}`
		);
		await expect(page.getByRole('link', { name: 'Share on Bluesky' })).toHaveAttribute(
			'href',
			/^https:\/\/bsky\.app\/intent\/compose\?text=/
		);
		await expect(page.getByRole('link', { name: 'Share by email' })).toHaveAttribute(
			'href',
			/^mailto:\?subject=/
		);
	});
});
