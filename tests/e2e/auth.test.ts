import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E_DATA_DIR } from '../../playwright.config';
import { expectAccessible } from './a11y';

const PASSWORD = 'correct horse battery staple';
const newEmail = (label: string) => `${label}-${Date.now()}@example.org`;

async function signUp(page: Page, email: string) {
	await page.goto('/signup');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page).toHaveURL('/account');
}

async function signIn(page: Page, email: string, password = PASSWORD) {
	await page.goto('/login');
	await page.locator('#field-email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('sign up, account, export, sign out, sign in', async ({ page }) => {
	const email = newEmail('journey');
	await page.goto('/signup');
	await expectAccessible(page);
	await signUp(page, email);
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

	test('sign-up and sign-in work as plain forms', async ({ page }) => {
		const email = newEmail('nojs');
		await signUp(page, email);
		await page.getByRole('button', { name: 'Sign out' }).click();
		await signIn(page, email);
		await page.goto('/account');
		await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
	});
});

test('a magic link from the outbox signs in once', async ({ page, browser }) => {
	const email = newEmail('magic');
	await signUp(page, email);
	await page.getByRole('button', { name: 'Sign out' }).click();

	const other = await browser.newPage();
	await other.goto('/login');
	await other.locator('#magic-email').fill(email);
	await other.getByRole('button', { name: 'Email me a sign-in link' }).click();
	await expect(
		other.getByRole('status').filter({ hasText: 'a sign-in link is on its way' })
	).toBeVisible();
	const link = latestLinkTo(email);
	await other.goto(link);
	await expect(other).toHaveURL('/');
	await other.goto('/account');
	await expect(other.getByText(`Signed in as ${email}`)).toBeVisible();

	// Used once: the same link no longer works.
	await page.goto(link);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('This link does not work');
	await expectAccessible(page);
});

function latestLinkTo(email: string): string {
	const dir = join(E2E_DATA_DIR, 'outbox');
	const mails = readdirSync(dir)
		.sort()
		.map(
			(name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { to: string; text: string }
		)
		.filter((mail) => mail.to === email);
	const text = mails.at(-1)?.text ?? '';
	const match = text.match(/https?:\/\/\S+/);
	if (!match) throw new Error(`no link mailed to ${email}`);
	return match[0];
}

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
