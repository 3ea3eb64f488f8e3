import { expect, test, type Browser } from '@playwright/test';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/lib/server/db';
import { createUser, startPrepared, type PreparedServer } from '../helpers/atlas-server';
import { MAILTO_MAX_LENGTH } from '../../src/lib/act/mailto';
import { expectAccessible } from './a11y';
import { signUpAndConfirm } from './mail';

// The call to act, end to end: an organizer keeps the recipients and the letter of a published
// resolution whose vote is pending; a visitor (not signed in, on a phone) gets the letter
// pre-filled, reports "I sent it", and the count rises — with JavaScript and without.
//
// Publishing is a lead's step with no page yet, and the shared e2e server's database cannot be
// opened by a second process (PGlite). So this spec prepares its own data directory — migrated
// and seeded exactly as a first start does, plus an organizer leading a published pending
// campaign — and runs its own `node build` on a free port.

let BASE = '';
const PASSWORD = 'correct horse battery staple';
const ORGANIZER = 'organizer-act@example.org';
const SLUG = 'fargo-nd-welcoming-resolution-act';

let server: PreparedServer<string> | undefined;
let campaignId = '';

/** The data a lead would have after publishing: what the missing publish page would do. */
async function prepareDatabase(db: Kysely<DB>): Promise<string> {
	const userId = await createUser(db, {
		email: ORGANIZER,
		password: PASSWORD,
		displayName: 'Olga Organizer'
	});
	const place = await db
		.selectFrom('places')
		.select('id')
		.where('name', '=', 'Fargo')
		.where('state_code', '=', 'ND')
		.executeTakeFirst();
	const placeId =
		place?.id ??
		(
			await db
				.insertInto('places')
				.values({ kind: 'city', name: 'Fargo', state_code: 'ND', created_by: userId })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const version = await db
		.selectFrom('template_versions as v')
		.innerJoin('templates as t', 't.id', 'v.template_id')
		.select('v.id')
		.where('t.slug', '=', 'city-council-resolution-en')
		.executeTakeFirstOrThrow();
	// Created by the organizer: the trigger makes them the campaign's lead.
	const campaign = await db
		.insertInto('resolutions')
		.values({
			slug: SLUG,
			place_id: placeId,
			title: 'Fargo welcomes refugees',
			visibility: 'published',
			status: 'pending',
			provenance: 'organizer',
			stage: 'introduced',
			created_by: userId,
			template_version_id: version.id,
			template_values: JSON.stringify({ community_name: 'Fargo' })
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return campaign.id;
}

test.beforeAll(async () => {
	test.setTimeout(120_000);
	server = await startPrepared('act', prepareDatabase);
	BASE = server.baseURL;
	campaignId = server.prepared;
});

test.afterAll(async () => {
	await server?.stop();
});

async function visitor(browser: Browser, javaScriptEnabled = true) {
	const context = await browser.newContext({
		baseURL: BASE,
		javaScriptEnabled,
		viewport: { width: 390, height: 844 },
		permissions: ['clipboard-read', 'clipboard-write']
	});
	return context.newPage();
}

test('an organizer sets recipients and a letter; a visitor sends it and the count rises', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const organizerContext = await browser.newContext({ baseURL: BASE });
	const organizer = await organizerContext.newPage();
	await organizer.goto('/login');
	await organizer.locator('#field-email').fill(ORGANIZER);
	await organizer.getByLabel('Password').fill(PASSWORD);
	await organizer.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(organizer.getByRole('button', { name: 'Sign out' })).toBeVisible();

	await organizer.goto(`/organize/${campaignId}/act`);
	await expect(organizer.getByRole('link', { name: 'Call to act' })).toHaveAttribute(
		'aria-current',
		'page'
	);
	await expect(organizer.getByTestId('organizer-count')).toHaveText('Letters reported sent: 0');
	await expectAccessible(organizer);

	// Bad input: a readable message, and what was typed stays.
	const add = organizer.locator('form[action="?/add_recipient"]');
	await add.getByLabel('Name').fill('Council Member Ada Diaz');
	await add.getByLabel('Role').fill('Ward 3');
	await add.getByLabel('Email').fill('ada@fargo');
	await add.getByRole('button', { name: 'Add recipient' }).click();
	await expect(organizer.getByText('Enter one email address, like name@city.gov.')).toBeVisible();
	await expect(add.getByLabel('Name')).toHaveValue('Council Member Ada Diaz');
	await add.getByLabel('Email').fill('ada.diaz@fargond.example.gov');
	await add.getByRole('button', { name: 'Add recipient' }).click();
	await expect(organizer.getByText('ada.diaz@fargond.example.gov')).toBeVisible();
	await add.getByLabel('Name').fill('Mayor Bo Li');
	await add.getByLabel('Role').fill('Mayor');
	await add.getByLabel('Email').fill('mayor@fargond.example.gov');
	await add.getByRole('button', { name: 'Add recipient' }).click();
	await expect(organizer.getByText('mayor@fargond.example.gov')).toBeVisible();

	// Start from the council letter template, then make it our own and save.
	await organizer.getByLabel('Letter template').selectOption({
		label: 'Letter to a council member about a welcoming resolution'
	});
	await organizer.getByRole('button', { name: 'Fill in from the template' }).click();
	await expect(organizer.getByText('The template is filled in below.')).toBeVisible();
	const body = organizer.getByLabel('Letter', { exact: true });
	// One greeting for both recipients, and the ask of the stage (introduced: support it).
	await expect(body).toHaveValue(/Dear Council Member Ada Diaz and Mayor Bo Li,/);
	await expect(body).toHaveValue(/to support the resolution welcoming refugees/);
	await expect(body).not.toHaveValue(/co-sponsor|enclosed/);
	await expect(body).toHaveValue(/Fargo/);
	await expect(organizer.getByLabel('Subject')).toHaveValue(
		'Please support the welcoming resolution: Fargo welcomes refugees'
	);
	await organizer.getByLabel('Subject').fill('Please vote yes: Fargo welcomes refugees');
	await body.fill(
		'Dear council members,\n\nPlease vote yes on the welcoming resolution.\n\n[Your name]'
	);
	await organizer.getByRole('button', { name: 'Save the letter' }).click();
	await expect(organizer.getByText('Saved.')).toBeVisible();
	await expect(body).toHaveValue(/Please vote yes on the welcoming resolution/);
	await expectAccessible(organizer);
	// Organizers work from their phones too.
	await organizer.setViewportSize({ width: 390, height: 844 });
	const organizerFits = await organizer.evaluate(
		() => document.documentElement.scrollWidth <= window.innerWidth
	);
	expect(organizerFits).toBe(true);

	// A visitor on a phone, not signed in.
	const page = await visitor(browser);
	await page.goto(`/resolutions/${SLUG}`);
	const act = page.locator('section.call-to-act');
	await expect(act.getByRole('heading', { name: 'Write to the people who decide' })).toBeVisible();
	await expect(act.getByText('mayor@fargond.example.gov')).toBeVisible();
	await expect(page.getByLabel('Letter text')).toHaveValue(/Please vote yes on the welcoming/);
	const href = await act
		.getByRole('link', { name: 'Write the email in your email app' })
		.getAttribute('href');
	const mail = new URL(href ?? '');
	expect(mail.protocol).toBe('mailto:');
	expect(href!.length).toBeLessThanOrEqual(MAILTO_MAX_LENGTH);
	expect(decodeURIComponent(mail.pathname).split(',')).toEqual([
		'ada.diaz@fargond.example.gov',
		'mayor@fargond.example.gov'
	]);
	expect(mail.searchParams.get('subject')).toBe('Please vote yes: Fargo welcomes refugees');
	expect(mail.searchParams.get('body')).toBe(
		'Dear council members,\r\n\r\nPlease vote yes on the welcoming resolution.\r\n\r\n[Your name]'
	);
	await expect(act.getByTestId('act-count')).toHaveText('Letters reported sent: 0');

	await act.getByRole('button', { name: 'Copy the letter' }).click();
	await expect(act.getByText('The letter is copied.')).toBeVisible();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(
		'Please vote yes on the welcoming resolution.'
	);
	const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
	expect(fits).toBe(true);
	await expectAccessible(page);

	await act.getByRole('button', { name: 'I sent it' }).click();
	await expect(act.getByText('Thank you for writing. Your letter is counted.')).toBeVisible();
	await expect(act.getByTestId('act-count')).toHaveText('Letters reported sent: 1');
	await expect(act.getByRole('button', { name: 'I sent it' })).toHaveCount(0);
	await expectAccessible(page);
	await page.emulateMedia({ colorScheme: 'dark' });
	await expectAccessible(page);

	// Without JavaScript: the letter is there to select, and the form still reports.
	const plain = await visitor(browser, false);
	await plain.goto(`/resolutions/${SLUG}`);
	const plainAct = plain.locator('section.call-to-act');
	await expect(plainAct.getByRole('button', { name: 'Copy the letter' })).toHaveCount(0);
	await expect(plain.getByLabel('Letter text')).toHaveValue(/Please vote yes on the welcoming/);
	await plainAct.getByRole('button', { name: 'I sent it' }).click();
	await expect(plain.getByText('Thank you for writing. Your letter is counted.')).toBeVisible();
	await expect(plain.getByTestId('act-count')).toHaveText('Letters reported sent: 2');

	// The organizers see the count too.
	await organizer.reload();
	await expect(organizer.getByTestId('organizer-count')).toHaveText('Letters reported sent: 2');
	await organizerContext.close();
});

test('a signed-in stranger finds no organizer page', async ({ browser }) => {
	const page = await visitor(browser);
	await signUpAndConfirm(page, {
		email: `stranger-${Date.now()}@example.org`,
		password: PASSWORD,
		displayName: 'Stranger',
		dataDir: server?.dataDir
	});
	const response = await page.goto(`/organize/${campaignId}/act`);
	expect(response?.status()).toBe(404);
	await expect(page.getByText('Letters reported sent')).toHaveCount(0);
});
