import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Playwright cannot download its browser here: use Debian's chromium when it is installed.
const debianChromium = '/usr/bin/chromium';
const executablePath =
	process.env.CHROMIUM_PATH ?? (existsSync(debianChromium) ? debianChromium : undefined);

// E2E_PORT lets several checkouts run their suites side by side.
const PORT = Number(process.env.E2E_PORT ?? 4173);
export const E2E_DATA_DIR = '.data-e2e';

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: process.env.CI ? 1 : 0,
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
	// The production server (server/index.js, as `npm start` runs it) on a new data directory:
	// first start migrates and seeds.
	webServer: {
		command: `node -e "require('fs').rmSync('${E2E_DATA_DIR}',{recursive:true,force:true})" && node server`,
		port: PORT,
		reuseExistingServer: false,
		timeout: 120_000,
		env: {
			PORT: String(PORT),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${PORT}`,
			DATA_DIR: E2E_DATA_DIR,
			// Documents may be up to 10 MB; adapter-node refuses bodies over 512 KB by default.
			BODY_SIZE_LIMIT: '11M',
			// A tile server that cannot answer: maps must work on their offline basemap anyway.
			PUBLIC_TILE_URL: 'https://tiles.invalid/{z}/{x}/{y}.png',
			PUBLIC_TILE_ATTRIBUTION: 'Test tiles'
		}
	}
});
