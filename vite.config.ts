import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	// The dev-start benchmark gives each measured start a new, empty dependency cache.
	cacheDir: process.env.WA_VITE_CACHE_DIR,
	plugins: [
		// Under vitest the compiled messages are already on disk (`npm install` runs `prepare`),
		// and the plugin's file watcher would keep the test process from exiting.
		!process.env.VITEST &&
			paraglideVitePlugin({
				project: './project.inlang',
				outdir: './src/lib/paraglide',
				strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
				cookieName: 'lang'
			}),
		sveltekit()
	],
	test: {
		include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
		exclude: ['tests/e2e/**', 'node_modules/**'],
		environment: 'node',
		// One private PostgreSQL cluster with the Supabase platform fixture for the whole run.
		globalSetup: ['tests/platform/global-setup.ts'],
		// A new PGlite database runs initdb (~3 s); database suites share one per file.
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
