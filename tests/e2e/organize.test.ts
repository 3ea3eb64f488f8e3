import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { signUpAndConfirm } from './mail';

const PASSWORD = 'correct horse battery staple';

async function newUser(browser: Browser, label: string): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signUpAndConfirm(page, {
		email: `${label}-${Date.now()}@example.org`,
		password: PASSWORD,
		displayName: label
	});
	return page;
}

// A one-page PDF is all the storage adapter needs to recognise the type from the bytes.
const PDF = Buffer.from(
	'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
);

test('an organizer starts from a template, takes it to adoption with a document, and publishes', async ({
	browser
}) => {
	test.slow(); // the whole life of a campaign, with axe on every page
	const place = `Juniper Flats ${Date.now().toString(36)}`;
	const lead = await newUser(browser, 'Olu');
	await lead.goto('/organize');
	await expect(lead.getByText('You are not on any campaign yet.')).toBeVisible();
	await expectAccessible(lead);
	await lead.getByRole('link', { name: 'Start a campaign' }).click();

	// The gazetteer search fills in the state and the coordinates.
	await lead.getByLabel('Search US cities, counties and states').fill('Bend');
	await lead.getByRole('button', { name: /^Bend, OR/ }).click();
	await expect(lead.getByLabel('State', { exact: true })).toHaveValue('OR');
	await expect(lead.getByLabel('Latitude (optional)')).not.toHaveValue('');
	await expectAccessible(lead);
	// A place of our own name, kept near Bend.
	await lead.getByLabel('Name of the place').fill(place);
	await lead.getByLabel('Deciding body').fill('City Council');
	await lead
		.getByLabel('Start from')
		.selectOption({ label: 'Welcoming refugees: city or town council resolution (EN)' });
	await lead.getByRole('button', { name: 'Start the campaign' }).click();
	await expect(lead).toHaveURL(/\/organize\/[0-9a-f-]{36}$/);
	const editorUrl = lead.url();
	await expect(lead.getByText(/clauses adapted/)).toContainText('0 clauses adapted');
	await expectAccessible(lead);

	// Adapt a clause; the editor and the comparison show it.
	const text = lead.getByLabel('Text', { exact: true });
	await text.fill(
		`${await text.inputValue()}\n\nBE IT FURTHER RESOLVED that the Clerk send a copy to our partners.`
	);
	await lead.getByLabel('Coalition endorsers (optional)').fill('Juniper Interfaith Council');
	await lead.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(lead.getByText('Saved.')).toBeVisible();
	await expect(lead.getByText(/clauses adapted/)).toContainText('1 clauses adapted');

	// An illegal move is refused with a message; legal ones go into the history.
	const record = async (label: string, note: string) => {
		await lead.getByLabel('What happened').selectOption({ label });
		await lead.getByLabel('Note', { exact: true }).fill(note);
		await lead.getByRole('button', { name: 'Record this step' }).click();
	};
	await lead.getByLabel('When it happened').fill('2099-01-01');
	await record('Introduced', 'Introduced by Councilor Reyes');
	await expect(lead.getByText('the date cannot be in the future')).toBeVisible();
	await lead.getByLabel('When it happened').fill('2026-11-03');
	await record('Introduced', 'Introduced by Councilor Reyes');
	await expect(lead.getByText('Recorded.')).toBeVisible();
	await lead.getByLabel('When it happened').fill('2026-11-17');
	await record('Adopted', 'Adopted 6–1');
	await expect(lead.locator('#history-heading + ol')).toContainText('Adopted 6–1');
	await expect(lead.getByLabel('What happened')).not.toContainText('Introduced');

	// The signed text, private while a draft.
	await lead.getByLabel('File', { exact: true }).setInputFiles({
		name: 'signed-resolution.pdf',
		mimeType: 'application/pdf',
		buffer: PDF
	});
	await lead.getByRole('button', { name: 'Upload' }).click();
	await expect(lead.getByText('Document added.')).toBeVisible();
	const documentHref = await lead
		.getByRole('link', { name: 'signed-resolution.pdf' })
		.getAttribute('href');
	const visitor = await (await browser.newContext()).newPage();
	expect((await visitor.request.get(documentHref!)).status()).toBe(404);
	await expectAccessible(lead);

	// The template's blanks ("[date introduced]") keep it from being published until filled in.
	await lead.getByRole('button', { name: 'Publish' }).click();
	await expect(
		lead.getByText(/Fill in the marked blanks in the text before publishing/)
	).toBeVisible();
	await text.fill((await text.inputValue()).replace(/\[[a-z][^\]]*\]/g, 'to be decided'));
	await lead.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(lead.getByText('Saved.')).toBeVisible();
	// Filling in blanks is not adapting the template.
	await expect(lead.getByText(/clauses adapted/)).toContainText('1 clauses adapted');

	const draftAddress = await lead
		.getByRole('link', { name: 'Preview the page (team only)' })
		.getAttribute('href');
	expect(draftAddress).toMatch(/-draft-[0-9a-f]{8}$/);

	// Publish: on the map's list, in the feed, and its document is public.
	await lead.getByRole('button', { name: 'Publish' }).click();
	await expect(lead.getByText('Published. It is now on the map.')).toBeVisible();
	// Its public address has no "draft" in it, and the draft address leads there.
	const publicAddress = await lead.getByRole('link', { name: 'Public page' }).getAttribute('href');
	expect(publicAddress).toMatch(new RegExp(`-${new Date().getUTCFullYear()}$`));
	const moved = await lead.request.get(draftAddress!, { maxRedirects: 0 });
	expect(moved.status()).toBe(301);
	expect(moved.headers()['location']).toBe(publicAddress);
	await visitor.goto(`/?q=${encodeURIComponent(place)}`);
	await expect(visitor.getByRole('link', { name: new RegExp(place) }).first()).toBeVisible();
	await visitor
		.getByRole('link', { name: new RegExp(place) })
		.first()
		.click();
	await expect(visitor.getByText('Juniper Interfaith Council')).toBeVisible();
	await expect(visitor.getByText(/1 clauses adapted/)).toBeVisible();
	await expect(visitor.getByRole('link', { name: 'signed-resolution.pdf' })).toBeVisible();
	await expectAccessible(visitor);
	expect((await visitor.request.get(documentHref!)).status()).toBe(200);
	const feed = await (
		await visitor.request.get(`/feeds/updates.atom?q=${encodeURIComponent(place)}`)
	).text();
	expect(feed).toContain(place);

	// The campaign shows in My campaigns; a stranger cannot open its editor.
	await lead.goto('/organize');
	await expect(lead.getByRole('link', { name: new RegExp(place) })).toBeVisible();
	const stranger = await newUser(browser, 'Sam');
	const response = await stranger.goto(editorUrl);
	expect(response?.status()).toBe(404);
});

test('a campus is placed near a city, then by dragging or tapping the pin', async ({ browser }) => {
	const organizer = await newUser(browser, 'Ana');
	// A slow phone: the kind is chosen before the JavaScript arrives, and hydration keeps it.
	await organizer.route('**/_app/immutable/**', async (route) => {
		await new Promise((resolve) => setTimeout(resolve, 1500));
		await route.continue();
	});
	await organizer.goto('/organize/new', { waitUntil: 'commit' });
	await organizer.getByLabel('Kind of place').selectOption('university');
	await organizer.waitForLoadState('load');
	await organizer.unroute('**/_app/immutable/**');
	await expect(organizer.getByLabel('Kind of place')).toHaveValue('university');
	await organizer.getByLabel('Nearest city').fill('Eugene');
	await organizer.getByRole('button', { name: /^Eugene, OR/ }).click();
	const lat = organizer.getByLabel('Latitude (optional)');
	const lon = organizer.getByLabel('Longitude (optional)');
	await expect(lat).toHaveValue(/^44\.0/);
	const pinMap = organizer.getByRole('group', { name: /drag the pin/ });
	await expect(pinMap.locator('.wa-pin')).toBeVisible();
	const before = await lon.inputValue();
	const box = (await pinMap.boundingBox())!;
	await pinMap.click({ position: { x: box.width * 0.85, y: box.height / 2 } });
	await expect(lon).not.toHaveValue(before);
	expect(Number(await lon.inputValue())).toBeGreaterThan(Number(before));
	await expectAccessible(organizer);
	await organizer.getByLabel('Name of the place').fill('University of Oregon');
	await organizer.getByRole('button', { name: 'Start the campaign' }).click();
	await expect(organizer).toHaveURL(/\/organize\/[0-9a-f-]{36}$/);
	await expect(organizer.getByRole('heading', { level: 1 })).toContainText('University of Oregon');
	await expect(organizer.getByText('Sent to the administration')).toBeVisible();
});

test('deleting a draft asks for confirmation first', async ({ browser }) => {
	const lead = await newUser(browser, 'Dee');
	await lead.goto('/organize/new');
	await lead.getByLabel('Name of the place').fill(`Cedar Bluff ${Date.now().toString(36)}`);
	await lead.getByLabel('State', { exact: true }).selectOption('IA');
	await lead.getByLabel('Deciding body').fill('City Council');
	await lead.getByRole('button', { name: 'Start the campaign' }).click();
	await expect(lead).toHaveURL(/\/organize\/[0-9a-f-]{36}$/);
	const editorUrl = lead.url();
	const title = await lead.getByLabel('Title', { exact: true }).inputValue();

	// One click deletes nothing: the server wants the box ticked.
	const form = lead.getByRole('form', { name: 'Delete this draft' });
	await expect(form.getByText('It cannot be undone.')).toBeVisible();
	await form.getByRole('button', { name: 'Delete this draft' }).click();
	await expect(lead.getByRole('alert')).toContainText('Nothing was deleted.');
	await expect(lead.getByLabel('Title', { exact: true })).toHaveValue(title);
	await expectAccessible(lead);

	await lead
		.getByRole('form', { name: 'Delete this draft' })
		.getByLabel(`Yes, delete “${title}” and everything in it`)
		.check();
	await lead
		.getByRole('form', { name: 'Delete this draft' })
		.getByRole('button', { name: 'Delete this draft' })
		.click();
	await expect(lead).toHaveURL(/\/organize\?deleted=/);
	await expect(lead.getByText(`The draft “${title}” was deleted.`)).toBeVisible();
	await expectAccessible(lead);
	expect((await lead.goto(editorUrl))?.status()).toBe(404);
});
