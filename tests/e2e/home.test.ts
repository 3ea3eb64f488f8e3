import { expect, test } from '@playwright/test';
import { expectAccessible } from './a11y';

test('the home page lists the seeded resolutions with their sources', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Refugees Welcome');
	const table = page.getByRole('table', { name: 'Resolutions by state and place' });
	await expect(table.getByRole('row')).toHaveCount(121); // header + 120 seeded rows
	const miamiBeach = table.getByRole('row', { name: /Miami Beach, FL/ });
	await expect(miamiBeach).toContainText('Adopted');
	await expect(miamiBeach).toContainText('May 16, 2018');
	await expect(miamiBeach.getByRole('link')).toHaveAttribute(
		'href',
		'https://www.amnestyusa.org/press-releases/city-of-miami-beach-passes-refugees-welcome-resolution/'
	);
	await expectAccessible(page);
});

test('security headers are set and pages may not be framed', async ({ request }) => {
	const response = await request.get('/');
	const headers = response.headers();
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
	expect(headers['permissions-policy']).toContain('camera=()');
	expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(headers['content-security-policy']).toContain("script-src 'self'");
});

test('the Spanish switch translates the page and sets lang', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('button', { name: /Español/ }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'es');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Bienvenidos los refugiados');
	await expectAccessible(page);
	await page.getByRole('button', { name: /English/ }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('an unknown page answers 404 with a page, not a stack trace', async ({ page }) => {
	const response = await page.goto('/no-such-page');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Page not found');
	await expect(page.locator('body')).not.toContainText(/\.(js|ts):\d+/);
	await expectAccessible(page);
});
