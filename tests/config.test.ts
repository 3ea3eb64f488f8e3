import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/lib/server/config';

describe('environment', () => {
	it('runs embedded with nothing set, and seeds the demo data there only', () => {
		expect(loadConfig({})).toMatchObject({ mode: 'embedded', seedDemo: true });
		expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toMatchObject({
			mode: 'postgres',
			seedDemo: false
		});
	});

	it('chooses supabase mode with a URL, a key and the database URL', () => {
		const config = loadConfig({
			PUBLIC_SUPABASE_URL: 'https://abc.supabase.co',
			PUBLIC_SUPABASE_ANON_KEY: 'eyJhbGciOiJIUzI1NiJ9.anon-key-for-tests',
			DATABASE_URL: 'postgresql://postgres@db.abc.supabase.co/postgres'
		});
		expect(config.mode).toBe('supabase');
		expect(config.supabase?.url).toBe('https://abc.supabase.co');
	});

	it('treats an empty variable as unset', () => {
		expect(loadConfig({ DATABASE_URL: '', PUBLIC_SUPABASE_URL: '' }).mode).toBe('embedded');
	});

	it('names every bad variable in one message', () => {
		const attempt = () =>
			loadConfig({
				DATABASE_URL: 'mysql://x',
				PUBLIC_SUPABASE_URL: 'https://abc.supabase.co',
				SMTP_URL: 'http://x'
			});
		expect(attempt).toThrow(ConfigError);
		expect(attempt).toThrow(/DATABASE_URL: must be a postgres/);
		expect(attempt).toThrow(/PUBLIC_SUPABASE_PUBLISHABLE_KEY: is required/);
		expect(attempt).toThrow(/SMTP_URL: must be an smtp/);
	});
});
