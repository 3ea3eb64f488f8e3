import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { Kysely } from 'kysely';
import { SESSION_COOKIE } from '../../src/lib/server/auth/local';
import type { DB } from '../../src/lib/server/db';
import {
	createSession,
	createUser,
	startPrepared,
	type PreparedServer
} from '../helpers/atlas-server';
import { expectAccessible } from './a11y';

// A visitor reports a resolution, a site admin approves it, and it is on the list and has its
// page. A site admin exists only once granted on a closed database (`npm run admin`), so this
// spec runs its own production server (`node build`) on a data directory prepared with one,
// beside the shared one from playwright.config.ts.

test.describe.configure({ mode: 'serial' });

let server: PreparedServer<string> | undefined;
let baseURL = '';
let adminSession = '';

/** The demo database plus a site admin with a session, made before the server opens it. */
async function prepareDatabase(db: Kysely<DB>): Promise<string> {
	const userId = await createUser(db, {
		email: `moderator-${randomUUID().slice(0, 8)}@example.org`,
		siteAdmin: true
	});
	return createSession(db, userId);
}

test.beforeAll(async () => {
	test.setTimeout(120_000);
	server = await startPrepared('reports', prepareDatabase);
	baseURL = server.baseURL;
	adminSession = server.prepared;
});

test.afterAll(async () => {
	await server?.stop();
});

/** A signed-out visitor; with JavaScript off the form must work as plain HTML (axe needs it on). */
async function visitor(browser: Browser, javaScriptEnabled = true) {
	const context = await browser.newContext({ baseURL, javaScriptEnabled });
	return context.newPage();
}

async function moderator(browser: Browser) {
	const context = await browser.newContext({ baseURL });
	await context.addCookies([{ name: SESSION_COOKIE, value: adminSession, url: baseURL }]);
	return context.newPage();
}

interface ReportFields {
	place: string;
	kind: string;
	state: string;
	outcome: string;
	title: string;
	source: string;
	date?: string;
	notes?: string;
	email?: string;
}

/** Fills in the report form by its labels, as a person would. */
async function fillReport(page: Page, report: ReportFields) {
	await page.getByLabel('Place', { exact: true }).fill(report.place);
	await page.getByLabel('Kind of place').selectOption(report.kind);
	await page.getByLabel('State').selectOption(report.state);
	await page.getByLabel('Outcome').selectOption(report.outcome);
	await page.getByLabel('Date of the vote or letter').fill(report.date ?? '');
	await page.getByLabel('Title of the resolution').fill(report.title);
	await page.getByLabel('Source link').fill(report.source);
	await page.getByLabel('Notes for the moderators (optional)').fill(report.notes ?? '');
	await page.getByLabel('Your email (optional)').fill(report.email ?? '');
}

/** The status message a page shows (the empty live regions do not count). */
const statusMessage = (page: Page) => page.getByRole('status').filter({ hasText: /\S/ });

test('a visitor reports, a site admin approves, and it is published', async ({ browser }) => {
	test.setTimeout(120_000);
	const page = await visitor(browser);
	await page.route('**/*.png', (route) => route.abort());
	await page.goto('/');
	await page.getByRole('link', { name: 'Report it' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Report a resolution');
	await expectAccessible(page);

	// Bad input: a clear message per field, and what was typed is kept.
	await page.getByLabel('Place', { exact: true }).fill('Lakeview');
	await page.getByLabel('Source link').fill('lakeview.example.org/minutes');
	await page.getByRole('button', { name: 'Send the report' }).click();
	await expect(page.getByRole('alert')).toHaveText('Please correct the marked fields.');
	await expect(page.getByText('Choose the kind of place.')).toBeVisible();
	await expect(page.getByText(/^Enter a link starting with https:\/\//)).toBeVisible();
	await expect(page.getByLabel('Place', { exact: true })).toHaveValue('Lakeview');
	await expect(page.getByLabel('Source link')).toHaveAttribute('aria-invalid', 'true');
	await expectAccessible(page);

	await fillReport(page, {
		place: 'Lakeview',
		kind: 'city',
		state: 'MN',
		outcome: 'adopted',
		date: '2024-05-14',
		title: 'Lakeview welcomes refugees',
		source: 'https://lakeview.example.org/minutes/2024-05-14',
		email: 'neighbor@example.org'
	});
	await page.getByRole('button', { name: 'Send the report' }).click();
	await expect(statusMessage(page)).toHaveText(
		'Thank you. Your report is in the moderation queue; a site admin will check it.'
	);
	await expectAccessible(page);

	// Not published yet, and the queue does not exist for a visitor.
	await page.goto('/?q=Lakeview');
	await expect(page.getByRole('link', { name: 'Lakeview', exact: true })).toHaveCount(0);
	expect((await page.goto('/moderate'))?.status()).toBe(404);
	await page.goto('/report');
	await expect(page.getByRole('link', { name: 'Moderation queue' })).toHaveCount(0);

	const admin = await moderator(browser);
	await admin.route('**/*.png', (route) => route.abort());
	await admin.goto('/');
	await admin.getByRole('link', { name: 'Moderation queue' }).click();
	await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Moderation queue');
	await expectAccessible(admin);
	await admin.getByRole('link', { name: 'Lakeview, MN: Lakeview welcomes refugees' }).click();
	await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Report: Lakeview, MN');
	await expect(admin.getByRole('link', { name: 'neighbor@example.org' })).toBeVisible();
	await expectAccessible(admin);

	// The admin corrects the title, places it, and approves.
	await admin
		.getByLabel('Title of the resolution')
		.fill('Resolution welcoming refugees to Lakeview');
	await admin.getByLabel('Latitude (optional)').fill('44.95');
	await admin.getByLabel('Longitude (optional)').fill('-93.09');
	await admin.getByRole('button', { name: 'Approve and publish' }).click();
	await expect(statusMessage(admin)).toHaveText(
		'Approved and published as “Resolution welcoming refugees to Lakeview”.'
	);
	await expect(admin.getByText('Approved and published.')).toBeVisible();
	// The email is gone with the decision.
	await expect(admin.getByRole('link', { name: 'neighbor@example.org' })).toHaveCount(0);
	await expectAccessible(admin);
	await admin.goto('/moderate');
	await expect(admin.getByText('No reports are waiting.')).toBeVisible();

	// On the public list and its own page, with its source.
	await page.goto('/?q=Lakeview');
	await page.getByRole('link', { name: 'Lakeview', exact: true }).click();
	await expect(page).toHaveURL(/\/resolutions\/lakeview-mn-2024$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(
		'Resolution welcoming refugees to Lakeview'
	);
	await expect(
		page.locator('a[href="https://lakeview.example.org/minutes/2024-05-14"]').first()
	).toBeVisible();
	await expectAccessible(page);
});

test('a filled honeypot is thanked and never reaches the queue', async ({ browser }) => {
	const page = await visitor(browser, false);
	await page.goto('/report');
	// Out of sight and out of the accessibility tree, but still in the form for robots.
	await expect(page.getByRole('textbox', { name: 'Leave this field empty' })).toHaveCount(0);
	await fillReport(page, {
		place: 'Spamtown',
		kind: 'city',
		state: 'TX',
		outcome: 'adopted',
		title: 'Buy cheap watches',
		source: 'https://spam.example/watches'
	});
	await page.locator('input[name="website"]').fill('https://spam.example');
	await page.getByRole('button', { name: 'Send the report' }).click();
	await expect(statusMessage(page)).toContainText('Thank you.');

	const admin = await moderator(browser);
	await admin.goto('/moderate');
	await expect(admin.getByText('No reports are waiting.')).toBeVisible();
});

test('a report of a resolution already in the atlas is merged into its history', async ({
	browser
}) => {
	const page = await visitor(browser);
	await page.goto('/report');
	await fillReport(page, {
		place: 'Minneapolis',
		kind: 'city',
		state: 'MN',
		outcome: 'adopted',
		title: 'Minneapolis reaffirms its welcome',
		source: 'https://news.example.org/minneapolis-reaffirms',
		notes: 'Reaffirmed unanimously.'
	});
	await page.getByRole('button', { name: 'Send the report' }).click();
	await expect(statusMessage(page)).toContainText('Thank you.');

	const admin = await moderator(browser);
	await admin.goto('/moderate');
	await admin.getByRole('link', { name: /^Minneapolis, MN: Minneapolis reaffirms/ }).click();
	await admin.getByLabel('Find a resolution by place or title').fill('minneapolis');
	await admin.getByRole('button', { name: 'Search' }).click();
	const choice = admin.getByRole('radio', { name: /^Minneapolis, MN:/ });
	await expect(choice).toHaveCount(1);
	await expectAccessible(admin);

	// Nothing chosen: the reason is shown and the choices stay.
	await admin.getByRole('button', { name: 'Merge', exact: true }).click();
	await expect(admin.getByText('Choose a resolution to merge into.').last()).toBeVisible();
	await choice.check();
	await admin.getByRole('button', { name: 'Merge', exact: true }).click();
	await expect(statusMessage(admin)).toContainText('Merged into');
	await admin.getByRole('link', { name: /^View the resolution/ }).click();
	await expect(admin).toHaveURL(/\/resolutions\/minneapolis-mn-2017$/);
	// The reporter's notes were for the moderators: the history shows the report's title.
	await expect(admin.getByText('Minneapolis reaffirms its welcome')).toBeVisible();
	await expect(admin.getByText('Reaffirmed unanimously.')).toHaveCount(0);
	await expect(
		admin.locator('a[href="https://news.example.org/minneapolis-reaffirms"]')
	).toBeVisible();
	await expectAccessible(admin);
});
