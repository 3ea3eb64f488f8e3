import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'.data*/',
			'src/lib/paraglide/',
			'src/lib/server/db/schema.d.ts',
			'test-results/',
			'playwright-report/',
			'bench/results/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			// External links are plain hrefs, not SvelteKit routes.
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		// Domain modules get the caller's claims-scoped transaction; only db/, auth/ and storage/
		// may hold the owner's handle, which bypasses Row Level Security.
		files: ['src/lib/server/**/*.ts'],
		ignores: [
			'src/lib/server/db/**',
			'src/lib/server/auth/**',
			'src/lib/server/storage/**',
			'src/lib/server/supabase/**',
			'src/lib/server/runtime.ts',
			'src/lib/server/rate-limit.ts'
		],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: [
								'$lib/server/runtime',
								'../runtime',
								'../../runtime',
								'**/db/engine',
								'**/db/migrate'
							],
							message:
								'Domain modules receive the claims-scoped transaction (Tx) as their first argument.'
						}
					]
				}
			]
		}
	}
);
