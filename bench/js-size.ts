// JavaScript a visitor downloads for a page without the map: every script response (entry,
// imported and modulepreloaded chunks), each gzip-compressed on its own as a server would send it.
import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';

export async function pageJsGzipBytes(browser: Browser, url: string): Promise<number> {
	const context = await browser.newContext();
	try {
		const page = await context.newPage();
		const bodies: Array<Promise<Buffer | null>> = [];
		page.on('response', (response) => {
			if (response.request().resourceType() !== 'script') return;
			bodies.push(response.body().catch(() => null));
		});
		const response = await page.goto(url, { waitUntil: 'networkidle' });
		if (!response?.ok()) throw new Error(`${url} answered ${response?.status()}`);
		let total = 0;
		for (const body of await Promise.all(bodies)) {
			if (body) total += gzipSync(body).length;
		}
		return total;
	} finally {
		await context.close();
	}
}
