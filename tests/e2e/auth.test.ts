import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { E2E_DATA_DIR } from '../../playwright.config';
import { latestLinkTo, mailsTo } from '../helpers/outbox';
import { expectAccessible } from './a11y';
import { signUpAndConfirm } from './mail';

const PASSWORD = 'correct horse battery staple';
const newEmail = (label: string) => `${label}-${Date.now()}@example.org`;
const linkTo = (email: string) => latestLinkTo(E2E_DATA_DIR, email).href;

async function submitSignUp(page: Page, email: string, password = PASSWORD) {
	await page.goto('/signup');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Create account' }).click();
	// The answer for every address: new, unconfirmed, or with an account already.
	await expect(
		page.getByRole('status').filter({ hasText: `we sent a message to ${email}` })
	).toBeVisible();
}

async function signIn(page: Page, email: string, password = PASSWORD) {
	await page.goto('/login');
	await page.locator('#field-email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('sign up, confirm from the mail, account, export, sign out, sign in', async ({ page }) => {
	const email = newEmail('journey');
	await page.goto('/signup');
	await expectAccessible(page);
	await submitSignUp(page, email);
	await expect(page.getByRole('button', { name: 'Create account' })).toHaveCount(0);
	await expectAccessible(page);

	// Not confirmed yet: the right password says so, and offers the link again.
	await signIn(page, email);
	await expect(page.getByRole('alert')).toContainText('not confirmed yet');
	await expectAccessible(page);
	await page.getByRole('button', { name: 'Send a new confirmation link' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'a sign-in link is on its way' })
	).toBeVisible();
	const mails = mailsTo(E2E_DATA_DIR, email);
	expect(mails.map((mail) => mail.subject)).toEqual([
		'Confirm your Welcome Atlas account',
		'Confirm your Welcome Atlas account'
	]);

	// The newest link, in the browser that signed up: confirmed, signed in, password kept.
	await page.goto(linkTo(email));
	await expect(page).toHaveURL('/');
	await page.goto('/account');
	await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
	await expectAccessible(page);

	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Download my data (JSON)' }).click();
	const file = await (await download).path();
	const exported = JSON.parse(readFileSync(file, 'utf8'));
	expect(exported.account.email).toBe(email);
	expect(exported.profile.locale).toBe('en');

	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
	const guarded = await page.goto('/account');
	expect(guarded?.url()).toContain('/login?next=%2Faccount');

	await signIn(page, email, 'wrong password here');
	await expect(page.getByRole('alert')).toContainText('do not match');
	await expectAccessible(page);
	await signIn(page, email);
	await expect(page).toHaveURL('/');
	await page.goto('/account');
	await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
});

test('someone who signed up first with your address loses it when you confirm', async ({
	browser
}) => {
	const email = newEmail('victim');
	const attacker = await (await browser.newContext()).newPage();
	await submitSignUp(attacker, email, 'the attacker chose this');

	// The owner opens the mail somewhere else: signed in, asked to choose a password.
	const owner = await (await browser.newContext()).newPage();
	await owner.goto(linkTo(email));
	await expect(owner.getByRole('heading', { level: 1 })).toHaveText('Your address is confirmed');
	await expectAccessible(owner);
	await owner.getByRole('link', { name: 'Choose a password' }).click();
	await owner.getByLabel('New password', { exact: true }).fill(PASSWORD);
	await owner.getByLabel('New password again').fill(PASSWORD);
	await owner.getByRole('button', { name: 'Save' }).click();
	await expect(
		owner.getByRole('status').filter({ hasText: 'Your new password is saved' })
	).toBeVisible();

	// The password set by whoever signed up first no longer opens the account; the owner's does.
	await signIn(attacker, email, 'the attacker chose this');
	await expect(attacker.getByRole('alert')).toContainText('do not match');
	const later = await (await browser.newContext()).newPage();
	await signIn(later, email);
	await expect(later).toHaveURL('/');
	for (const page of [attacker, owner, later]) await page.context().close();
});

test('signing up with an address that has an account mails its owner, not the page', async ({
	page,
	browser
}) => {
	const email = newEmail('taken');
	await signUpAndConfirm(page, { email, password: PASSWORD });

	const stranger = await (await browser.newContext()).newPage();
	await submitSignUp(stranger, email, 'another long password');
	expect(mailsTo(E2E_DATA_DIR, email).at(-1)?.subject).toBe('Sign in to Welcome Atlas');
	await signIn(stranger, email, 'another long password');
	await expect(stranger.getByRole('alert')).toContainText('do not match');
	await stranger.context().close();
});

test('bad sign-up input gets readable messages and keeps what was typed', async ({ page }) => {
	await page.goto('/signup');
	await page.getByLabel('Email').fill('not-an-email');
	await page.getByLabel('Password').fill('short');
	await page.getByLabel('Display name').fill('Ana');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByText('Enter an email address like name@example.org.')).toBeVisible();
	await expect(page.getByText('Use at least 10 characters.')).toBeVisible();
	await expect(page.getByLabel('Display name')).toHaveValue('Ana');
	await expect(page.getByLabel('Email')).toHaveValue('not-an-email');
	await expectAccessible(page);
});

test.describe('with JavaScript disabled', () => {
	test.use({ javaScriptEnabled: false });

	test('sign-up, confirmation and sign-in work as plain forms', async ({ page }) => {
		const email = newEmail('nojs');
		await signUpAndConfirm(page, { email, password: PASSWORD });
		await page.getByRole('button', { name: 'Sign out' }).click();
		await signIn(page, email);
		await page.goto('/account');
		await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
	});
});

test('a magic link from the outbox signs in once', async ({ page, browser }) => {
	const email = newEmail('magic');
	await signUpAndConfirm(page, { email, password: PASSWORD });
	await page.getByRole('button', { name: 'Sign out' }).click();

	const other = await browser.newPage();
	await other.goto('/login');
	await other.locator('#magic-email').fill(email);
	await other.getByRole('button', { name: 'Email me a sign-in link' }).click();
	await expect(
		other.getByRole('status').filter({ hasText: 'a sign-in link is on its way' })
	).toBeVisible();
	const link = linkTo(email);
	await other.goto(link);
	await expect(other).toHaveURL('/');
	await other.goto('/account');
	await expect(other.getByText(`Signed in as ${email}`)).toBeVisible();

	// Used once: the same link no longer works.
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('This link does not work');
	await expectAccessible(page);
	// Its links lead on to forms that still work (the page keeps the link's token to itself, not
	// the Origin of the forms reached from it).
	await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
	await page.locator('#field-email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
	await expect(page).toHaveURL('/');
});

test('what a visitor types before the page has loaded its scripts is kept', async ({ page }) => {
	// A slow phone: the form is on screen and used before hydration.
	let release = () => {};
	const scriptsHeld = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**', async (route) => {
		await scriptsHeld;
		await route.continue();
	});
	await page.goto('/signup', { waitUntil: 'commit' });
	await page.locator('#field-email').fill('early@example.org');
	release();
	await page.waitForLoadState('networkidle');
	await expect(page.locator('#field-email')).toHaveValue('early@example.org');
});

test('the sign-in, sign-up and forgot-password pages ship no JavaScript', async ({ page }) => {
	for (const path of ['/login', '/signup', '/forgot-password']) {
		const scripts: string[] = [];
		page.on('request', (request) => {
			if (request.resourceType() === 'script') scripts.push(request.url());
		});
		await page.goto(path, { waitUntil: 'networkidle' });
		expect(scripts, path).toEqual([]);
		expect(await page.locator('script, link[rel="modulepreload"]').count(), path).toBe(0);
		page.removeAllListeners('request');
	}
});
