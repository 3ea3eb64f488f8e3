import { expect, test, type Page } from '@playwright/test';
import { createUser, startPrepared, type AtlasServer } from '../helpers/atlas-server';
import { expectAccessible } from './a11y';
import { signUpAndConfirm } from './mail';

// Site admins are granted only over the owner's connection (`npm run admin`), never through the
// app, and the suite's server holds its embedded database. So this file starts its own
// production server (`node build`, on a free port) on a data directory prepared beforehand with
// a site admin, and uses the suite's server only to show that anyone else gets a 404.

const PASSWORD = 'correct horse battery staple';
const ADMIN_EMAIL = 'import-admin@example.org';
const HEADER = 'name,kind,state,status,decided_on,body,title,source_url,source_title,notes';

let server: AtlasServer | undefined;
let origin = '';

test.beforeAll(async () => {
	test.setTimeout(120_000);
	server = await startPrepared(
		'import',
		(db) => createUser(db, { email: ADMIN_EMAIL, password: PASSWORD, siteAdmin: true }),
		// adapter-node's default body limit, which the gzipped upload below has to get past.
		{ seedDemo: false, env: { BODY_SIZE_LIMIT: '512K' } }
	);
	origin = server.baseURL;
});

test.afterAll(async () => {
	await server?.stop();
});

async function signInAsAdmin(page: Page) {
	await page.goto(`${origin}/login`);
	await page.locator('#field-email').fill(ADMIN_EMAIL);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

function csvFile(lines: string[]) {
	return {
		name: 'resolutions.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(`\uFEFF${[HEADER, ...lines].join('\r\n')}\r\n`)
	};
}

test('the production server answers place searches from the packaged gazetteer', async ({
	request
}) => {
	const response = await request.get('/api/places?q=Springfield&kind=city&state=IL');
	expect(response.status()).toBe(200);
	expect(response.headers()['cache-control']).toMatch(/^public/);
	const { places } = (await response.json()) as { places: { label: string }[] };
	expect(places[0]?.label).toBe('Springfield, IL (Sangamon County)');
	expect((await request.get('/api/places?q=')).status()).toBe(400);
});

test('anyone but a site admin gets a 404', async ({ page }) => {
	await signUpAndConfirm(page, {
		email: `not-admin-${Date.now()}@example.org`,
		password: PASSWORD
	});
	const response = await page.goto('/organize/import');
	expect(response?.status()).toBe(404);
});

test('a site admin checks a file, sees its problems, and imports the valid rows', async ({
	page
}) => {
	// Records whether a progress bar was shown, however short the wait.
	await page.addInitScript(() => {
		new MutationObserver(() => {
			if (document.querySelector('progress')) {
				(window as unknown as { __sawProgress: boolean }).__sawProgress = true;
			}
		}).observe(document, { childList: true, subtree: true });
	});
	await signInAsAdmin(page);
	await page.goto(`${origin}/organize/import`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Import resolutions from a CSV file'
	);
	await expectAccessible(page);

	await page
		.getByLabel(/^CSV file/)
		.setInputFiles(
			csvFile([
				'Minneapolis,city,MN,adopted,2018-03-04,City Council,"Welcome, neighbors",https://example.org/mpls,Minutes,',
				'Edina,city,MN,adopted,2019-02-30,City Council,Welcome,https://example.org/edina,,',
				'Springfield,city,XX,adopted,2019,City Council,Welcome,https://example.org/spr,,',
				'Minneapolis,city,MN,adopted,2018-03-04,City Council,"Welcome, neighbors",https://example.org/mpls,Minutes,'
			])
		);
	await page.getByRole('button', { name: 'Check the file' }).click();
	const table = page.getByRole('table', { name: /Rows with problems/ });
	await expect(table).toBeVisible();
	await expect(table.getByRole('row')).toHaveCount(4); // header + 3 problem rows
	await expect(table).toContainText('Bad date');
	await expect(table).toContainText('Unknown state');
	await expect(table).toContainText('repeats row 2');
	await expectAccessible(page);

	await page.getByRole('radio', { name: 'Import only the rows without problems' }).last().check();
	await page.getByRole('button', { name: 'Import 1 rows' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText(
		'Imported 1 resolutions and 1 new places. 3 rows with problems were left out.'
	);
	expect(
		await page.evaluate(() => (window as unknown as { __sawProgress?: boolean }).__sawProgress)
	).toBe(true);

	await page.goto(`${origin}/resolutions/minneapolis-mn-2018`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome, neighbors');
});

test('with JavaScript, a file over the server body limit (512 kB) goes through gzipped', async ({
	page
}) => {
	test.setTimeout(90_000);
	const cities = ['Duluth', 'Rochester', 'Bloomington', 'Edina', 'Mankato', 'Winona', 'Moorhead'];
	const lines = Array.from({ length: 6000 }, (_, i) => {
		const city = cities[i % cities.length];
		const year = 2000 + (i % 20);
		return `${city},city,MN,adopted,${year},City Council,Refugees Welcome resolution number ${i + 1},https://example.org/large/${i + 1},Minutes of the meeting,`;
	});
	const file = csvFile(lines);
	expect(file.buffer.length).toBeGreaterThan(512 * 1024);
	await signInAsAdmin(page);
	await page.goto(`${origin}/organize/import`);
	await page.getByLabel(/^CSV file/).setInputFiles(file);
	await page.getByRole('button', { name: 'Check the file' }).click();
	await expect(page.getByText('No problems found.')).toBeVisible({ timeout: 30_000 });
	await page.getByRole('button', { name: 'Import 6000 rows' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText(
		/^Imported 6000 resolutions and \d+ new places\.$/,
		{ timeout: 60_000 }
	);
});

test.describe('with JavaScript disabled', () => {
	test.use({ javaScriptEnabled: false });

	test('a broken header is refused; a good file is checked, then imported', async ({ page }) => {
		await signInAsAdmin(page);
		await page.goto(`${origin}/organize/import`);
		await page
			.getByLabel(/^CSV file/)
			.setInputFiles({ ...csvFile([]), buffer: Buffer.from('name,kind,state\nDuluth,city,MN\n') });
		await page.getByRole('button', { name: 'Check the file' }).click();
		await expect(page.getByRole('alert')).toContainText(
			'The file cannot be read: the header lacks column(s): status, decided_on'
		);

		await page
			.getByLabel(/^CSV file/)
			.setInputFiles(
				csvFile([
					'Northfield,city,MN,pending,,City Council,Refugees Welcome resolution,https://example.org/northfield,,',
					'Hennepin County,county,MN,adopted,2020-05,County Board,Welcome,https://example.org/hennepin,,'
				])
			);
		await page.getByRole('button', { name: 'Check the file' }).click();
		await expect(page.getByText('No problems found.')).toBeVisible();
		await page.getByRole('button', { name: 'Import 2 rows' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText(
			'Imported 2 resolutions and 2 new places.'
		);
		await page.goto(`${origin}/resolutions/hennepin-county-mn-2020`);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
	});
});
