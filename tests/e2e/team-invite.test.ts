// A lead invites a co-organizer: the link can be copied, and whoever opens it — signed out first —
// is told who invited them to which campaign, as what and until when, before joining.
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

test('an invite says what it is for, signed out and signed in, and joins', async ({ browser }) => {
	const place = `Cedar Rapids ${Date.now().toString(36)}`;
	const lead = await newUser(browser, 'Ana');
	await lead.goto('/organize/new');
	await lead.getByLabel('Search US cities, counties and states').fill('Bend');
	await lead.getByRole('button', { name: /^Bend, OR/ }).click();
	await lead.getByLabel('Name of the place').fill(place);
	await lead.getByLabel('Deciding body').fill('City Council');
	await lead.getByRole('button', { name: 'Start the campaign' }).click();
	await expect(lead).toHaveURL(/\/organize\/[0-9a-f-]{36}$/);
	const editorUrl = lead.url();

	await lead.goto(`${editorUrl}/team`);
	await lead.getByLabel('Role').selectOption({ label: 'Editor' });
	await lead.getByRole('button', { name: 'Create an invite link' }).click();
	const link = await lead.getByLabel('Invite link').inputValue();
	expect(link).toMatch(/\/organize\/join\/[A-Za-z0-9_-]{43}$/);
	await expect(lead.getByRole('button', { name: 'Copy link' })).toBeVisible();
	await expectAccessible(lead);

	// Signed out: the sign-in page says who invites them to what.
	const context = await browser.newContext();
	const invitee = await context.newPage();
	await invitee.goto(link);
	await expect(invitee).toHaveURL(/\/login\?next=/);
	const note = invitee.getByRole('note');
	await expect(note).toContainText(`Ana invited you to join the team of`);
	await expect(note).toContainText(`${place}, OR`);
	await expect(note).toContainText('As an editor');
	await expect(note).toContainText(/valid until \w+ \d+, \d{4}/);
	await expectAccessible(invitee);

	// Signed in: the invite page says the same, and joining opens the campaign.
	await signUpAndConfirm(invitee, {
		email: `ben-${Date.now()}@example.org`,
		password: PASSWORD,
		displayName: 'Ben'
	});
	await invitee.goto(link);
	await expect(invitee.getByText('Ana invited you to join the team of')).toBeVisible();
	await expectAccessible(invitee);
	await invitee.getByRole('button', { name: 'Join the campaign' }).click();
	await expect(invitee).toHaveURL(editorUrl);

	// Used up: the link now says it is not valid, and offers no button.
	await invitee.goto(link);
	await expect(invitee.getByText('This invite link is not valid')).toBeVisible();
	await expect(invitee.getByRole('button', { name: 'Join the campaign' })).toHaveCount(0);
});
