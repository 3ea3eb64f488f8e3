import { expect, test, type Browser, type Page } from '@playwright/test';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/lib/server/db';
import { startPrepared, type PreparedServer } from '../helpers/atlas-server';
import { URGENT_ACTIONS } from '../../scripts/urgent-action-originals';
import { expectAccessible } from './a11y';

// Urgent actions, end to end: the list (open first, then the seeded closed ones), an open action
// with its targets and people, the sample letter filled with the visitor's details (copy, mailto
// per target with an email), and "Report your action": bad input kept and explained, then the
// count rises — with JavaScript and without, in English and Spanish, at 1280 and 390 px.
//
// Actions are written by site admins, with no page yet: this spec prepares its own data
// directory (seeded as a first start does, plus one open action) and runs its own `node build`.

const SLUG = 'ua-9-26-families-in-detention';
let server: PreparedServer<void> | undefined;
let BASE = '';

async function prepareDatabase(db: Kysely<DB>): Promise<void> {
	const action = await db
		.insertInto('urgent_actions')
		.values({
			code: 'UA 9.26',
			slug: SLUG,
			title_en: 'Free the families held in detention',
			title_es: 'Liberen a las familias detenidas',
			summary_en: 'Two mothers and their children are held far from their lawyers.',
			summary_es: 'Dos madres y sus hijos están detenidos lejos de sus abogados.',
			info_en: '## Background\n\nThe families asked for **asylum** at the border.',
			info_es: '## Contexto\n\nLas familias pidieron **asilo** en la frontera.',
			status: 'open',
			target_language: 'en',
			own_language_welcome: true,
			persons: JSON.stringify([
				{ name: 'Ana', pronoun: 'she/her', pronoun_es: 'ella', pseudonym: true },
				{ name: 'Victoria', pronoun: 'she/her', pronoun_es: 'ella', pseudonym: true }
			]),
			letter_subject_en: 'Free the families',
			letter_subject_es: 'Liberen a las familias',
			letter_en:
				'Dear Governor Diaz,\n\nPlease free the families.\n\n{{sender_name}}\n{{sender_city}}',
			letter_es:
				'Señora gobernadora Diaz:\n\nLe pido que libere a las familias.\n\n{{sender_name}}\n{{sender_city}}',
			source_url: 'https://example.org/ua-9-26',
			source_title: 'UA 9.26 (example)',
			published: true
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('urgent_action_targets')
		.values([
			{
				action_id: action.id,
				name: 'Governor Ada Diaz',
				title: 'Governor',
				organisation: 'State of Example',
				address: '1 Capitol Square\nExample City, EX 00000',
				email: 'governor@example.org',
				position: 0
			},
			{
				action_id: action.id,
				name: 'Warden Bo Li',
				organisation: 'Example Detention Center',
				address: '2 Gate Road\nExample Town, EX 00001',
				position: 1
			}
		])
		.execute();
}

test.beforeAll(async () => {
	test.setTimeout(120_000);
	server = await startPrepared('actions', prepareDatabase);
	BASE = server.baseURL;
});

test.afterAll(async () => {
	await server?.stop();
});

async function visitor(browser: Browser, width: number, javaScriptEnabled = true) {
	const context = await browser.newContext({
		baseURL: BASE,
		javaScriptEnabled,
		viewport: { width, height: 900 },
		permissions: ['clipboard-read', 'clipboard-write']
	});
	return context.newPage();
}

const fits = (page: Page) =>
	page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test('the list shows open actions first with deadlines, then closed ones', async ({ browser }) => {
	const page = await visitor(browser, 1280);
	await page.goto('/');
	await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: 'Urgent actions' })
		.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Urgent actions' })).toBeVisible();
	const open = page.getByRole('region', { name: 'Open actions' });
	const closed = page.getByRole('region', { name: 'Closed actions' });
	await expect(
		open.getByRole('link', { name: 'Free the families held in detention' })
	).toBeVisible();
	await expect(open.getByText('No deadline: act as soon as you can')).toBeVisible();
	// The seeded real actions: their deadlines have passed.
	for (const seeded of URGENT_ACTIONS) {
		await expect(closed.getByRole('link', { name: seeded.title.en })).toBeVisible();
	}
	await expect(closed.getByText('The deadline was May 30, 2025.')).toBeVisible();
	await expectAccessible(page);
	await page.setViewportSize({ width: 390, height: 844 });
	expect(await fits(page)).toBe(true);
	await expectAccessible(page);
});

test('a visitor fills in the letter, emails the target, reports it and sees the count rise', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const page = await visitor(browser, 390);
	await page.goto(`/actions/${SLUG}`);
	await expect(
		page.getByRole('heading', { level: 1, name: 'Free the families held in detention' })
	).toBeVisible();
	const persons = page.getByRole('region', { name: 'Who this is about' });
	await expect(persons.getByText('Ana (pronoun: she/her)')).toBeVisible();
	await expect(persons.getByText(/pseudonyms are not the people’s real names/)).toBeVisible();
	const targets = page.getByRole('region', { name: 'Who to contact' });
	await expect(
		targets.getByText('Write to them in English, or in your own language.')
	).toBeVisible();
	await expect(targets.getByText('Warden Bo Li')).toBeVisible();
	await expect(
		page
			.getByRole('region', { name: 'Additional information' })
			.getByRole('heading', { name: 'Background' })
	).toBeVisible();
	await expect(page.getByRole('link', { name: 'UA 9.26 (example)' })).toHaveAttribute(
		'href',
		'https://example.org/ua-9-26'
	);

	// The letter, filled with the visitor's details.
	const letter = page.getByRole('region', { name: 'The letter' });
	await expect(page.getByLabel('Your letter')).toHaveValue(/\[Your name\]\n\[Your city\]$/);
	await letter.getByLabel('Your name').fill('Rosa Parks');
	await letter.getByLabel('Your city').fill('Fargo');
	await letter.getByRole('button', { name: 'Fill in the letter' }).click();
	await expect(page.getByLabel('Your letter')).toHaveValue(
		/Please free the families\.\n\nRosa Parks\nFargo$/
	);
	const href = await letter
		.getByRole('link', { name: 'Email Governor Ada Diaz' })
		.getAttribute('href');
	const mail = new URL(href ?? '');
	expect(mail.protocol).toBe('mailto:');
	expect(decodeURIComponent(mail.pathname)).toBe('governor@example.org');
	expect(mail.searchParams.get('subject')).toBe('Free the families');
	expect(mail.searchParams.get('body')).toContain('Rosa Parks\r\nFargo');
	// The warden has no email: no link for him.
	await expect(letter.getByRole('link', { name: /Warden/ })).toHaveCount(0);
	await letter.getByRole('button', { name: 'Copy the letter' }).click();
	await expect(letter.getByText('The letter is copied.')).toBeVisible();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('Rosa Parks');
	await expect(letter.getByRole('button', { name: 'Print the letter' })).toBeVisible();
	expect(await fits(page)).toBe(true);
	await expectAccessible(page);

	// Bad input: a clear message, and what was typed stays.
	const tally = page.getByRole('region', { name: 'Actions reported' });
	await expect(tally.getByText('Actions reported: 0')).toBeVisible();
	const report = page.getByRole('region', { name: 'Report your action' });
	await report.getByLabel('Made a call').check();
	await report.getByLabel('How many?').fill('0');
	await report.getByLabel('Name', { exact: true }).fill('Rosa Parks');
	await report.getByRole('button', { name: 'Report my action' }).click();
	await expect(report.getByText('Enter a whole number from 1 to 100.')).toBeVisible();
	await expect(
		report.getByText('Tick the box to let us keep your name or email, or leave them empty.')
	).toBeVisible();
	await expect(report.getByLabel('Name', { exact: true })).toHaveValue('Rosa Parks');
	await expect(report.getByLabel('Made a call')).toBeChecked();
	await expectAccessible(page);

	await report.getByLabel('How many?').fill('3');
	await report.getByLabel('Name', { exact: true }).fill('');
	await report.getByLabel('ZIP code').fill('10001');
	await report.getByRole('button', { name: 'Report my action' }).click();
	await expect(report.getByText('Thank you! Your action is counted.')).toBeVisible();
	await expect(tally.getByText('Actions reported: 3')).toBeVisible();
	await expect(tally.getByText('Made a call: 3')).toBeVisible();
	await expect(tally.getByText('New York: 3')).toBeVisible();
	await expectAccessible(page);
	await page.emulateMedia({ colorScheme: 'dark' });
	await expectAccessible(page);
	await page.setViewportSize({ width: 1280, height: 900 });
	await expectAccessible(page);

	// Without JavaScript (axe needs it: checked above), at 1280 px: the letter is there to select, and the form still reports.
	const plain = await visitor(browser, 1280, false);
	await plain.goto(`/actions/${SLUG}?name=Ana+Ruiz&city=Austin`);
	await expect(plain.getByLabel('Your letter')).toHaveValue(/Ana Ruiz\nAustin$/);
	await expect(plain.getByRole('button', { name: 'Copy the letter' })).toHaveCount(0);
	const plainReport = plain.getByRole('region', { name: 'Report your action' });
	await plainReport.getByLabel('Sent a letter').check();
	await plainReport.getByLabel('ZIP code').fill('123');
	await plainReport.getByRole('button', { name: 'Report my action' }).click();
	await expect(
		plainReport.getByText('Enter a 5-digit ZIP code, like 10001 or 10001-1234.')
	).toBeVisible();
	await expect(plainReport.getByLabel('ZIP code')).toHaveValue('123');
	await plainReport.getByLabel('ZIP code').fill('');
	await plainReport.getByRole('button', { name: 'Report my action' }).click();
	await expect(plainReport.getByText('Thank you! Your action is counted.')).toBeVisible();
	await expect(
		plain.getByRole('region', { name: 'Actions reported' }).getByText('Actions reported: 4')
	).toBeVisible();
});

test('in Spanish, the action reads in its Spanish columns and a closed one takes no reports', async ({
	browser
}) => {
	const page = await visitor(browser, 390);
	await page.goto(`/actions/${SLUG}`);
	await page.getByRole('button', { name: /Español/ }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'es');
	await expect(
		page.getByRole('heading', { level: 1, name: 'Liberen a las familias detenidas' })
	).toBeVisible();
	await expect(page.getByText('Escríbales en inglés o en su propio idioma.')).toBeVisible();
	await expect(page.getByLabel('Su carta')).toHaveValue(/^Señora gobernadora Diaz:/);
	await expect(page.getByRole('region', { name: 'Informe de su acción' })).toBeVisible();
	await expectAccessible(page);

	const [seeded] = URGENT_ACTIONS;
	await page.goto(`/actions/${seeded?.slug}`);
	await expect(page.getByRole('heading', { level: 1, name: seeded?.title.es })).toBeVisible();
	await expect(page.getByText('Esta acción ya no recibe informes.')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Informar de mi acción' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: seeded?.sourceTitle })).toBeVisible();
	expect(await fits(page)).toBe(true);
	await expectAccessible(page);
});

test('the actions are in an Atom feed and in the JSON API, with their counts', async () => {
	const feed = await fetch(`${BASE}/feeds/actions.atom`);
	expect(feed.headers.get('content-type')).toContain('application/atom+xml');
	const xml = await feed.text();
	expect(xml).toContain('<title type="text">UA 9.26: Free the families held in detention</title>');
	expect(xml).toContain(`href="${BASE}/actions/${URGENT_ACTIONS[0]?.slug}"`);
	const api = (await (await fetch(`${BASE}/api/actions`)).json()) as {
		items: { slug: string; status: string; actions_reported: number; by_state: object }[];
	};
	const ours = api.items.find((item) => item.slug === SLUG);
	// The report test ran first: 3 calls from a New York ZIP and one letter without a ZIP.
	expect(ours).toMatchObject({ status: 'open', actions_reported: 4, by_state: { NY: 3 } });
	expect(api.items[0]?.slug).toBe(SLUG);
	expect(api.items.find((item) => item.slug === URGENT_ACTIONS[0]?.slug)?.status).toBe('closed');
});
