import mammoth from 'mammoth';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { ORIGINALS } from '../../scripts/template-originals';
import { renderSkeleton } from '../../src/lib/server/templates/render';
import { cleanText } from '../../src/lib/templates/values';
import { fillSkeleton } from '../../src/lib/templates/grammar';
import { XSS_PAYLOADS } from '../fixtures/xss-payloads';
import { expectAccessible } from './a11y';
import { signUpAndConfirm } from './mail';

const council = ORIGINALS.find((t) => t.slug === 'city-council-resolution-en')!;
const examples = (template = council) =>
	Object.fromEntries(template.variables.map((v) => [v.name, v.example ?? '']));

/** Any payload that runs calls window.__xss(n); the test reads what was recorded. */
async function trapXss(page: Page) {
	await page.addInitScript(() => {
		const w = window as unknown as { __xss: (n: number) => void; __fired: number[] };
		w.__fired = [];
		w.__xss = (n: number) => w.__fired.push(n);
	});
}
const fired = (page: Page) =>
	page.evaluate(() => (window as unknown as { __fired: number[] }).__fired);

async function fillAll(page: Page, values: Record<string, string>) {
	for (const [name, value] of Object.entries(values)) {
		await page.locator(`[name="v_${name}"]`).fill(value);
	}
}

async function readDocx(path: string) {
	const buffer = readFileSync(path);
	return {
		html: (await mammoth.convertToHtml({ buffer })).value,
		text: (await mammoth.extractRawText({ buffer })).value
	};
}

test('the library lists the originals and filters by body and language', async ({ page }) => {
	await page.goto('/templates');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Resolution templates');
	await expect(page.getByText(/^Templates found:/)).toHaveText('Templates found: 14');
	await expect(page.getByText('Version 1').first()).toBeVisible();
	await expect(page.getByText('Last reviewed November 20, 2026').first()).toBeVisible();
	await expectAccessible(page);

	await page.getByRole('group', { name: 'Body' }).getByLabel('School board').check();
	await page.getByRole('group', { name: 'Language' }).getByLabel('Spanish').check();
	await page.getByRole('button', { name: 'Apply filters' }).click();
	await expect(page).toHaveURL(/body_type=school_board/);
	await expect(page.getByText(/^Templates found:/)).toHaveText('Templates found: 2');
	await expect(page.getByRole('heading', { level: 2 })).toHaveCount(2);
	for (const title of [
		'Bienvenida a los estudiantes refugiados: resolución de junta escolar',
		'Carta a un miembro de la junta escolar sobre una resolución de bienvenida'
	]) {
		await expect(page.getByRole('link', { name: title })).toBeVisible();
	}
});

test('fill in with a live preview, stale facts flagged, and download Word, Markdown and text', async ({
	page
}) => {
	await page.goto(`/templates/${council.slug}`);
	const preview = page.locator('article.document');
	await expect(preview.locator('mark.missing').first()).toBeVisible();
	await expect(page.getByText('Check this figure').first()).toBeVisible();
	// The end-2024 displacement figure is recent enough; the 2015 economy figure is not.
	await expect(page.locator('.facts li.stale')).toHaveCount(4);
	await expectAccessible(page);

	// Downloading with required fields empty is stopped, and the fields are marked.
	await page.getByRole('button', { name: 'Word (.docx)' }).click();
	await expect(page.getByRole('alert')).toContainText('Some fields need attention');
	await expect(page.getByLabel(/Name of the body/)).toHaveAttribute('aria-invalid', 'true');
	await expectAccessible(page);

	await fillAll(page, examples());
	await expect(preview.locator('h2')).toHaveText(
		'A Resolution Welcoming Refugees to the City of Riverton'
	);
	await expect(preview).toContainText('Introduced on January 12, 2027.');
	await expect(preview).toContainText(
		'the Governor, our two United States Senators, and our Representative in Congress'
	);
	await expect(preview.locator('mark')).toHaveCount(0);
	await expect(preview.locator('ol > li')).toHaveCount(5);

	const docx = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Word (.docx)' }).click();
	const file = await docx;
	expect(file.suggestedFilename()).toBe('city-council-resolution-en-v1.docx');
	const { html, text } = await readDocx(await file.path());
	expect(html).toMatch(/^<h1>A Resolution Welcoming Refugees to the City of Riverton<\/h1>/);
	expect(html).toContain('<ol><li>That the City of Riverton is and will remain');
	expect(text).not.toContain('{{');
	expect(text).toContain('123.2 million people');
	expect(text).toContain('as of December 31, 2024');

	for (const [name, suffix] of [
		['Markdown (.md)', 'md'],
		['Plain text (.txt)', 'txt']
	] as const) {
		const download = page.waitForEvent('download');
		await page.getByRole('button', { name }).click();
		const got = await download;
		expect(got.suggestedFilename()).toBe(`city-council-resolution-en-v1.${suffix}`);
		const content = readFileSync(await got.path(), 'utf8');
		expect(content).toContain('the City of Riverton');
		expect(content).not.toContain('{{');
	}
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('heading', { name: 'Fill in the template' })).toBeHidden();
	await expect(preview).toBeVisible();
});

test('a Spanish template fills in and downloads in Spanish', async ({ page }) => {
	const school = ORIGINALS.find((t) => t.slug === 'school-board-resolution-es')!;
	await page.goto(`/templates/${school.slug}`);
	await fillAll(page, examples(school));
	const preview = page.locator('article.document');
	await expect(preview).toHaveAttribute('lang', 'es');
	await expect(preview).toContainText('Presentada el 12 de enero de 2027.');
	await expect(preview).toContainText('CONSIDERANDO');
	const docx = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Word (.docx)' }).click();
	const { text } = await readDocx(await (await docx).path());
	expect(text).toContain('POR LO TANTO, SE RESUELVE');
	expect(text).toContain('datos a 31 de diciembre de 2024');
	expect(text).not.toContain('{{');
	await expectAccessible(page);
});

test('XSS payloads typed as values never run: live preview, server preview, Word', async ({
	page
}) => {
	await trapXss(page);
	await page.goto(`/templates/${council.slug}`);
	const names = council.variables.filter((v) => v.type === 'text' || v.type === 'list');
	const preview = page.locator('article.document');
	let batch: Record<string, string> = {};
	for (let start = 0; start < XSS_PAYLOADS.length; start += names.length) {
		batch = Object.fromEntries(
			names.map((v, i) => [v.name, XSS_PAYLOADS[(start + i) % XSS_PAYLOADS.length] ?? ''])
		);
		await fillAll(page, batch);
		await expect(preview).toContainText(cleanText(batch.community_name ?? '').slice(0, 10));
		expect(
			await preview
				.locator(
					'script, img, svg, iframe, object, embed, a[href^="javascript"], [onerror], [onload], [onclick]'
				)
				.count()
		).toBe(0);
	}
	// The server's preview (the JavaScript-off path) and the download, with the last batch. The
	// server refuses control characters with a message; without them the payloads stay.
	// eslint-disable-next-line no-control-regex -- matching control characters is the point
	const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
	const withControl = Object.values(batch).some((value) => value.replace(control, '') !== value);
	if (withControl) {
		await page.getByRole('button', { name: 'Update preview' }).click();
		await expect(page.getByText('Remove the invisible control characters').first()).toBeVisible();
	}
	await fillAll(page, {
		...Object.fromEntries(
			Object.entries(batch).map(([name, value]) => [name, value.replace(control, '')])
		),
		introduced_on: '2027-01-12',
		since_year: '2002',
		local_refugee_count: '12'
	});
	await page.getByRole('button', { name: 'Update preview' }).click();
	await expect(page.locator('article.document h2')).toBeVisible();
	const docx = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Word (.docx)' }).click();
	const { html } = await readDocx(await (await docx).path());
	// Escaped text has no `<`: every real tag is one Word's structure made, every link a source.
	const tags = new Set([...html.matchAll(/<([a-z0-9]+)[\s/>]/gi)].map((match) => match[1]));
	expect([...tags].sort()).toEqual(['a', 'br', 'em', 'h1', 'h2', 'li', 'ol', 'p', 'strong']);
	for (const [, href] of html.matchAll(/<a href="([^"]*)"/g)) expect(href).toMatch(/^https:\/\//);
	expect(html).not.toMatch(/<[a-z]+ [^>]*on\w+=/i);
	await page.mouse.move(10, 10);
	await page.mouse.move(300, 300);
	expect(await fired(page)).toEqual([]);
});

test('XSS payloads in template text never run in the browser', async ({ page }) => {
	await trapXss(page);
	await page.goto('/templates');
	const body = [`# {{community_name}}`, ...XSS_PAYLOADS, 'Clause for {{community_name}}.'].join(
		'\n\n'
	);
	const html = fillSkeleton(
		renderSkeleton({ ...council, body }),
		council.variables,
		examples(),
		'en'
	);
	await page.evaluate((markup) => {
		const article = document.createElement('article');
		article.id = 'xss-host';
		article.innerHTML = markup;
		document.body.append(article);
	}, html);
	await page.locator('#xss-host').hover();
	await page.waitForTimeout(300);
	expect(await fired(page)).toEqual([]);
	expect(
		await page.locator('#xss-host script, #xss-host img, #xss-host svg, #xss-host iframe').count()
	).toBe(0);
});

test('a signed-in organizer starts a draft campaign from a template', async ({ page }) => {
	const email = `organizer-${Date.now()}@example.org`;
	await signUpAndConfirm(page, { email, password: 'correct horse battery staple' });

	await page.goto(`/templates/${council.slug}`);
	await fillAll(page, examples());
	await page.getByRole('button', { name: 'Start a draft campaign' }).click();
	await expect(page.getByRole('alert')).toContainText('Place');
	await expect(page.getByText('Choose a place, or type its name, kind and state.')).toBeVisible();
	await expectAccessible(page);
	await page.getByText('Or add a place that is not listed').click();
	await page.getByLabel('Name of the place').fill('Riverton');
	await page.getByLabel('State', { exact: true }).selectOption('WY');
	await page.getByRole('button', { name: 'Start a draft campaign' }).click();
	// The campaign's editor, which only its team sees.
	await expect(page).toHaveURL(/\/organize\/[0-9a-f-]{36}$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(
		'A Resolution Welcoming Refugees to the City of Riverton'
	);
});

test.describe('a draft from a template with blanks', () => {
	// With JavaScript off the browser's own `required` checks would run first: the draft button
	// must not ask for them either.
	test.use({ javaScriptEnabled: false });

	test('saves with only its place, shows marked blanks and refuses to publish', async ({
		page
	}) => {
		await signUpAndConfirm(page, {
			email: `blanks-${Date.now()}@example.org`,
			password: 'correct horse battery staple'
		});
		await page.goto(`/templates/${council.slug}`);
		await page.getByLabel('City or town (required)').fill('the City of Riverton');
		await page.getByText('Or add a place that is not listed').click();
		await page.getByLabel('Name of the place').fill('Riverton');
		await page.getByLabel('State', { exact: true }).selectOption('WY');
		await page.getByRole('button', { name: 'Start a draft campaign' }).click();
		await expect(page).toHaveURL(/\/organize\/[0-9a-f-]{36}$/);
		const text = await page.getByLabel('Text', { exact: true }).inputValue();
		expect(text).toContain('Introduced on [date introduced].');
		expect(text).toContain('That the [name of the body] supports');
		expect(text).not.toMatch(/ [.,;]/);
		await page.getByRole('button', { name: 'Publish' }).click();
		await expect(
			page.getByText(/Fill in the marked blanks in the text before publishing/)
		).toBeVisible();
		await expect(page.getByText('[date introduced]').first()).toBeVisible();
		// (axe needs the page's JavaScript: the editor is checked with it in organize.test.ts.)
	});
});

test("values and a place chosen before the page's JavaScript arrives are kept by hydration", async ({
	page
}) => {
	await signUpAndConfirm(page, {
		email: `slow-phone-${Date.now()}@example.org`,
		password: 'correct horse battery staple'
	});
	// A slow phone: the page is there and used before its scripts run.
	await page.route('**/_app/immutable/**', async (route) => {
		await new Promise((resolve) => setTimeout(resolve, 1500));
		// Unrouted meanwhile: Playwright has let the request through already.
		await route.continue().catch(() => {});
	});
	await page.goto(`/templates/${council.slug}`, { waitUntil: 'commit' });
	await page.getByText('Or add a place that is not listed').click();
	await page.getByLabel('Name of the place').fill('Riverton');
	await page.getByLabel('State', { exact: true }).selectOption('WY');
	await page.getByLabel('City or town (required)').fill('the Town of Riverton');
	await page.waitForLoadState('load');
	await page.unroute('**/_app/immutable/**');
	// Hydrated: the values form stops leaving its checks to the browser.
	await expect(page.locator('form[action="?/preview"]')).toHaveAttribute('novalidate', '');
	await expect(page.getByLabel('State', { exact: true })).toHaveValue('WY');
	await expect(page.getByLabel('Name of the place')).toHaveValue('Riverton');
	await expect(page.getByLabel('City or town (required)')).toHaveValue('the Town of Riverton');
});

test.describe('with JavaScript disabled', () => {
	test.use({ javaScriptEnabled: false });

	test('the preview and the download work as a plain form; the server checks numbers', async ({
		page
	}) => {
		await page.goto(`/templates/${council.slug}`);
		await fillAll(page, { ...examples(), local_refugee_count: 'lots' });
		await page.getByRole('button', { name: 'Update preview' }).click();
		await expect(page.locator('article.document')).toContainText('the City of Riverton');
		await expect(page.getByText('Enter a number, like 3,400.')).toBeVisible();
		await page.locator('[name="v_local_refugee_count"]').fill('3,400');
		const download = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Plain text (.txt)' }).click();
		const content = readFileSync(await (await download).path(), 'utf8');
		expect(content).toContain('about 3,400 refugees have made the City of Riverton their home');
	});
});
