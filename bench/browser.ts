// Debian's Chromium through Playwright (Playwright cannot download its own browser here).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';

export const CHROMIUM_PATH =
	process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];

export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: [...CHROMIUM_FLAGS, '--headless=new']
	});
}

/** Viewport every map measurement uses, ours and markercluster's alike. */
export const MAP_VIEWPORT = { width: 1280, height: 800 };
