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
		// The owner's connection bypasses Row Level Security. Only the database layer, the system
		// module (jobs that act for nobody), the local auth and storage servers (stand-ins for
		// Supabase's) and the hooks that start them may reach it; every domain module and every
		// route gets the caller's claims-scoped transaction (Tx) instead.
		files: ['src/**/*.ts', 'src/**/*.svelte'],
		ignores: [
			'src/lib/server/db/**',
			'src/lib/server/system/**',
			'src/lib/server/auth/**',
			'src/lib/server/storage/**',
			'src/lib/server/supabase/**',
			'src/lib/server/runtime.ts',
			'src/hooks.server.ts'
		],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: [
								'$lib/server/runtime',
								'**/server/runtime',
								'../runtime',
								'../../runtime',
								'**/db/engine',
								'**/db/migrate',
								'$lib/server/system',
								'$lib/server/system/*',
								'**/server/system',
								'**/server/system/*',
								'../system',
								'../system/*'
							],
							message:
								'The owner’s connection bypasses RLS: take the caller’s claims-scoped transaction (Tx) instead.'
						}
					]
				}
			]
		}
	}
);
