import { expect, type Page } from '@playwright/test';
import { E2E_DATA_DIR } from '../../playwright.config';
import { latestLinkTo } from '../helpers/outbox';

export interface NewAccount {
	email: string;
	password: string;
	displayName?: string;
	/** The data directory of the server the page talks to, when not the suite's own. */
	dataDir?: string;
}

/**
 * Signs up through the form, then follows the confirmation link mailed to the address (read from
 * the server's outbox) in the same browser, which keeps the password it chose: the page ends
 * signed in, on /account.
 */
export async function signUpAndConfirm(page: Page, account: NewAccount): Promise<void> {
	await page.goto('/signup');
	await page.getByLabel('Email').fill(account.email);
	await page.getByLabel('Password').fill(account.password);
	if (account.displayName) await page.getByLabel('Display name').fill(account.displayName);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: `we sent a message to ${account.email}` })
	).toBeVisible();
	await page.goto(latestLinkTo(account.dataDir ?? E2E_DATA_DIR, account.email).href);
	await expect(page).toHaveURL(/\/account$/);
}
