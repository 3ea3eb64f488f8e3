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

	it('serves anonymous pages from the page cache unless PAGE_CACHE=off', () => {
		expect(loadConfig({}).pageCache).toBe(true);
		expect(loadConfig({ PAGE_CACHE: 'off' }).pageCache).toBe(false);
		expect(() => loadConfig({ PAGE_CACHE: 'no' })).toThrow(ConfigError);
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

	describe('the secret key for the retention job', () => {
		const supabase = {
			PUBLIC_SUPABASE_URL: 'https://abc.supabase.co',
			PUBLIC_SUPABASE_PUBLISHABLE_KEY: 'sb_publishable_0123456789abcdef',
			DATABASE_URL: 'postgresql://postgres@db.abc.supabase.co/postgres'
		};
		const unsignedJwt = (claims: object) =>
			['{"alg":"HS256","typ":"JWT"}', JSON.stringify(claims), 'signature']
				.map((part) => Buffer.from(part).toString('base64url'))
				.join('.');

		it('is optional, and read from SUPABASE_SECRET_KEY before the legacy name', () => {
			expect(loadConfig(supabase).retentionSecretKey).toBeUndefined();
			const legacy = unsignedJwt({ iss: 'supabase', role: 'service_role' });
			expect(
				loadConfig({ ...supabase, SUPABASE_SERVICE_ROLE_KEY: legacy }).retentionSecretKey
			).toBe(legacy);
			expect(
				loadConfig({
					...supabase,
					SUPABASE_SECRET_KEY: 'sb_secret_0123456789abcdef',
					SUPABASE_SERVICE_ROLE_KEY: legacy
				}).retentionSecretKey
			).toBe('sb_secret_0123456789abcdef');
		});

		it('refuses the publishable or anon key in its place', () => {
			const anon = unsignedJwt({ iss: 'supabase', role: 'anon' });
			for (const wrong of [
				{ SUPABASE_SECRET_KEY: supabase.PUBLIC_SUPABASE_PUBLISHABLE_KEY },
				{ SUPABASE_SERVICE_ROLE_KEY: anon }
			]) {
				expect(() => loadConfig({ ...supabase, ...wrong })).toThrow(
					/SUPABASE_(SECRET|SERVICE_ROLE)_KEY: must be the project's secret key/
				);
			}
		});

		it('is not kept outside Supabase mode, where the job deletes files itself', () => {
			expect(
				loadConfig({ SUPABASE_SECRET_KEY: 'sb_secret_0123456789abcdef' }).retentionSecretKey
			).toBeUndefined();
		});
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
