import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
	isServiceRoleJwt,
	listFiles,
	scanDirectory,
	serverSecretsFromEnv
} from '../helpers/secret-scan';

// Everything under build/client is public: the browser downloads it. `npm run test:e2e` builds
// first, so this scans exactly what would be deployed.

const CLIENT_DIR = 'build/client';

// Values this repository's tests and docs use for server-only settings: none may reach the
// bundle even when the environment of this run does not set them.
const KNOWN_SERVER_VALUES = [
	'welcome_atlas:welcome_atlas',
	process.env.TEST_DATABASE_URL,
	process.env.DATABASE_URL,
	process.env.SMTP_URL
].filter((value): value is string => Boolean(value));

const secrets = [...new Set([...KNOWN_SERVER_VALUES, ...serverSecretsFromEnv()])];

/** An unsigned JWT with these claims; the scanner only reads the payload. */
function fakeJwt(claims: Record<string, unknown>): string {
	const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

test('the built client bundle holds no database URL, service key or server secret', () => {
	expect(existsSync(CLIENT_DIR), 'run `vite build` first').toBe(true);
	// A bundle with a handful of files means the build failed half-way: scanning it proves nothing.
	expect(listFiles(CLIENT_DIR).filter((file) => file.endsWith('.js')).length).toBeGreaterThan(10);
	expect(scanDirectory(CLIENT_DIR, secrets)).toEqual([]);
});

// The scanner must be able to fail: each planted secret in a copy of the bundle is caught.
test.describe('the scanner catches a planted secret', () => {
	let copy = '';
	test.beforeAll(() => {
		copy = mkdtempSync(join(tmpdir(), 'wa-secret-scan-'));
	});
	test.afterAll(() => rmSync(copy, { recursive: true, force: true }));

	// [what is planted, the kind the scanner must report]
	const planted: [string, string][] = [
		['const u = "postgres://app:hunter2@db.internal:5432/atlas";', 'postgres URL'],
		["fetch('postgresql://app:hunter2@db.internal/atlas')", 'postgres URL'],
		['var m = "smtps://mailer:hunter2@smtp.example.org:465";', 'SMTP URL'],
		['"-----BEGIN RSA PRIVATE KEY-----\\nMIIE..."', 'private key'],
		['env.DATABASE_URL="mysql://x"', 'DATABASE_URL'],
		['process.env.SUPABASE_SERVICE_ROLE_KEY', 'service role name'],
		['env.SUPABASE_SECRET_KEY', 'service role name'],
		['"sb_secret_0123456789abcdefABCDEF"', 'Supabase secret key'],
		[`"${fakeJwt({ iss: 'supabase', role: 'service_role' })}"`, 'service_role JWT'],
		[`"${secrets[0]}"`, 'server-only env value']
	];

	for (const [snippet, kind] of planted) {
		test(`${kind}: ${snippet.slice(0, 30)}`, () => {
			const dir = mkdtempSync(join(copy, 'bundle-'));
			cpSync(CLIENT_DIR, dir, { recursive: true });
			expect(scanDirectory(dir, secrets)).toEqual([]);
			const target = listFiles(dir).find((file) => file.endsWith('.js'));
			expect(target).toBeDefined();
			writeFileSync(target as string, `${snippet}\n`, { flag: 'a' });
			expect(scanDirectory(dir, secrets).map((finding) => finding.kind)).toContain(kind);
		});
	}

	test('an anon JWT is public by design and is not reported', () => {
		expect(isServiceRoleJwt(fakeJwt({ role: 'anon' }))).toBe(false);
		expect(isServiceRoleJwt(fakeJwt({ role: 'service_role' }))).toBe(true);
	});
});
