/**
 * Contract suite for the Supabase Auth and Storage adapters.
 *
 * Without configuration it runs against the local double in tests/doubles/supabase-double.ts (NOT
 * Supabase). With these variables it runs the same assertions against a real project:
 *
 *   SUPABASE_TEST_URL                https://<ref>.supabase.co (or a `supabase start` URL)
 *   SUPABASE_TEST_PUBLISHABLE_KEY    the publishable (or legacy anon) key
 *   SUPABASE_TEST_EMAIL              a confirmed user of that project…
 *   SUPABASE_TEST_PASSWORD           …and its password (the suite signs it in and out)
 *   SUPABASE_TEST_DATABASE_URL       the project's Postgres (as the app's DATABASE_URL): the storage
 *                                    adapter reads names and visibility from storage.objects
 *                                    under the user's claims, and the suite checks rows there
 *   SUPABASE_TEST_WRITABLE_FOLDER    id of a resolution that user may edit, so the
 *                                    `resolution-files` policies let it upload under it
 *   SUPABASE_TEST_FORBIDDEN_FOLDER   optional: a resolution id it may not edit (default: a new UUID)
 *   SUPABASE_TEST_EMAIL_DOMAIN       optional: domain for throwaway sign-up addresses (default
 *                                    example.com; use one your project accepts)
 *
 * The project must have this repository's migrations applied (the bucket and its policies) and
 * should use an asymmetric JWT signing key, the setting our getClaims() path is written for. A
 * real run sends emails (sign-up confirmation, magic links, password resets) and creates one user
 * per run; the built-in mailer's rate limit may make sign-up fail: use custom SMTP for CI.
 * Tests that need to read those emails run against the double only and say so in their names.
 *
 * The double's Storage keeps its rows in a database migrated from supabase/ (the Supabase
 * platform fixture when its cluster runs, else PGlite with the stand-in), so our own storage
 * policies decide there as on a project; the suite's users and campaigns are rows of that
 * database. Tests that need such fixtures (a published campaign, a group) are double only.
 */
import { randomUUID, generateKeyPairSync, sign } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import type { Cookies } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSupabaseAuth } from '../../src/lib/server/auth/supabase';
import type { Auth } from '../../src/lib/server/auth/types';
import type { Config } from '../../src/lib/server/config';
import { ANON, withClaims, type Claims, type DB, type Tx } from '../../src/lib/server/db';
import { addCampaignDocument } from '../../src/lib/server/campaigns/documents';
import { getCampaign } from '../../src/lib/server/campaigns/campaigns';
import { addDocument, listDocuments } from '../../src/lib/server/groups/documents';
import { createGroup } from '../../src/lib/server/groups/groups';
import { resolutionDocuments } from '../../src/lib/server/resolutions/detail';
import { bucketRules } from '../../src/lib/server/storage/local';
import { createSupabaseStorage } from '../../src/lib/server/storage/supabase';
import { MAX_SIGNED_URL_SECONDS, type Storage } from '../../src/lib/server/storage/types';
import type { BucketRules, UploadRules } from '../../src/lib/server/storage/validate';
import { createSupabaseServerClient } from '../../src/lib/server/supabase/client';
import { GET as getResolutionJson } from '../../src/routes/api/resolutions/[slug=slug]/+server';
import { GET as getGroupDocument } from '../../src/routes/groups/[id]/documents/[documentId]/+server';
import { load as loadOrganizePage } from '../../src/routes/organize/[id]/+page.server';
import { load as loadResolutionPage } from '../../src/routes/resolutions/[slug=slug]/+page.server';
import { GET as getResolutionFile } from '../../src/routes/resolutions/[slug=slug]/documents/[file]/+server';
import { startSupabaseDouble, type SupabaseDouble } from '../doubles/supabase-double';
import { createCampaign } from '../helpers/campaigns';
import { openTestDatabase, PLATFORM_ENGINES, type TestDatabase } from '../helpers/databases';
import { createPersona } from '../helpers/personas';

const BUCKET = 'resolution-files';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
// The `resolution-files` row of supabase/migrations/20261203001100_resolution_files.sql.
const RESOLUTION_FILES: BucketRules = {
	id: BUCKET,
	fileSizeLimit: 10_485_760,
	allowedMimeTypes: ['application/pdf', DOCX, 'image/png', 'image/jpeg', 'image/webp']
};

interface Target {
	kind: 'double' | 'real';
	label: string;
	url: string;
	key: string;
	user: { email: string; password: string };
	writableFolder: string;
	forbiddenFolder: string;
	emailDomain: string;
	/** The project's Postgres as the app's server reaches it (the owner's handle). */
	db: Kysely<DB>;
	double?: SupabaseDouble;
	/** The double's database, for fixtures only the double path makes. */
	database?: TestDatabase;
	close(): Promise<void>;
}

const env = process.env;
const REAL = Boolean(env.SUPABASE_TEST_URL && env.SUPABASE_TEST_PUBLISHABLE_KEY);
const AGAINST = REAL ? `the real project ${env.SUPABASE_TEST_URL}` : 'the local double';

async function openTarget(): Promise<Target> {
	if (REAL) return realTarget();
	// The platform fixture when its cluster runs (what a project has), else PGlite.
	const database = await openTestDatabase(PLATFORM_ENGINES.at(-1) ?? 'pglite');
	const double = await startSupabaseDouble({ database: database.db });
	const persona = await createPersona(database, 'member');
	const user = { email: persona.email, password: 'correct horse 42' };
	double.createUser(user.email, user.password, { id: persona.id });
	// A draft campaign the user leads (its `resolution-files` folder is theirs to fill), and
	// someone else's, which the policies keep them out of.
	const writable = await createCampaign(database, persona);
	const forbidden = await createCampaign(database, await createPersona(database, 'other'));
	return {
		kind: 'double',
		label: 'double',
		url: double.url,
		key: double.publishableKey,
		user,
		writableFolder: writable.id,
		forbiddenFolder: forbidden.id,
		emailDomain: 'example.com',
		db: database.db,
		double,
		database,
		close: async () => {
			await double.close();
			await database.engine.close();
		}
	};
}

function realTarget(): Target {
	const need = (name: string): string => {
		const value = env[name];
		if (!value) throw new Error(`${name} is required for a real-project run (see the header)`);
		return value;
	};
	const pool = new pg.Pool({ connectionString: need('SUPABASE_TEST_DATABASE_URL'), max: 2 });
	const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
	return {
		kind: 'real',
		label: 'real project',
		url: need('SUPABASE_TEST_URL'),
		key: need('SUPABASE_TEST_PUBLISHABLE_KEY'),
		user: { email: need('SUPABASE_TEST_EMAIL'), password: need('SUPABASE_TEST_PASSWORD') },
		writableFolder: need('SUPABASE_TEST_WRITABLE_FOLDER'),
		forbiddenFolder: env.SUPABASE_TEST_FORBIDDEN_FOLDER || randomUUID(),
		emailDomain: env.SUPABASE_TEST_EMAIL_DOMAIN || 'example.com',
		db,
		close: () => db.destroy()
	};
}

// ------------------------------------------------------------------ a browser's cookies

/**
 * What SvelteKit's `cookies` does for one request, backed by a jar that outlives it the way a
 * browser does: `set` with maxAge 0 (or a past expiry) deletes, `getAll` sees this request's
 * writes, and every `set` must name a path.
 */
class CookieJar {
	readonly values = new Map<string, string>();

	forRequest(): Cookies {
		return {
			get: (name) => this.values.get(name),
			getAll: () => [...this.values].map(([name, value]) => ({ name, value })),
			set: (name, value, options) => {
				expect(options.path).toBe('/');
				const expired = options.maxAge === 0 || (options.expires && options.expires < new Date());
				if (expired) this.values.delete(name);
				else this.values.set(name, value);
			},
			delete: (name) => {
				this.values.delete(name);
			},
			serialize: (name, value) => `${name}=${encodeURIComponent(value)}`
		};
	}

	authCookieNames(): string[] {
		return [...this.values.keys()].filter((name) => /^sb-.+-auth-token(\.\d+)?$/.test(name));
	}
}

interface SessionCookie {
	access_token: string;
	expires_at?: number;
	[key: string]: unknown;
}

/** Reads the session @supabase/ssr stored (`base64-` + base64url JSON, maybe split in chunks). */
function readSession(jar: CookieJar): { key: string; session: SessionCookie } {
	const names = jar.authCookieNames().sort((a, b) => chunkIndex(a) - chunkIndex(b));
	const key = names[0]?.replace(/\.\d+$/, '');
	if (!key) throw new Error('no auth cookie');
	const raw = names.map((name) => jar.values.get(name) ?? '').join('');
	const json = Buffer.from(raw.replace(/^base64-/, ''), 'base64url').toString('utf8');
	return { key, session: JSON.parse(json) as SessionCookie };
}

function writeSession(jar: CookieJar, key: string, session: SessionCookie): void {
	for (const name of jar.authCookieNames()) jar.values.delete(name);
	const encoded = Buffer.from(JSON.stringify(session)).toString('base64url');
	jar.values.set(key, `base64-${encoded}`);
}

function chunkIndex(name: string): number {
	const match = /\.(\d+)$/.exec(name);
	return match ? Number(match[1]) : -1;
}

function jwtParts(token: string): {
	header: Record<string, unknown>;
	payload: Record<string, unknown>;
} {
	const [header = '', payload = ''] = token.split('.');
	const decode = (part: string) =>
		JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
	return { header: decode(header), payload: decode(payload) };
}

/** A local port that was just free: connecting to it fails at once. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	await new Promise((resolve) => server.close(resolve));
	if (typeof address !== 'object' || address === null) throw new Error('no port');
	return address.port;
}

type AsCaller = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

/** The file name a browser saves a download under: `filename*` (RFC 6266), else `filename`. */
function attachmentName(response: Response): string | null {
	const disposition = response.headers.get('content-disposition') ?? '';
	if (!/^attachment\b/.test(disposition)) return null;
	const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
	if (extended?.[1]) return decodeURIComponent(extended[1]);
	const plain = /filename="?([^";]+)"?/i.exec(disposition);
	return plain?.[1] ?? null;
}

function b64json(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

// ------------------------------------------------------------------ the suite

describe(`Supabase adapters against ${AGAINST}`, () => {
	let target: Target;
	/** Every request the adapters made, as `METHOD url`. */
	const calls: string[] = [];
	const recordingFetch: typeof fetch = (input, init) => {
		const url = input instanceof Request ? input.url : String(input);
		calls.push(`${init?.method ?? 'GET'} ${url}`);
		return fetch(input, init);
	};
	// The app's own lookup: the buckets the migrations made, in the project's database.
	const rules: UploadRules = (bucket) => bucketRules(target.db, bucket);

	/**
	 * One SvelteKit request: a fresh client bound to the jar's cookies, and the storage adapter
	 * reading storage.objects under the verified user's claims, as hooks.server.ts builds them.
	 */
	function request(
		jar: CookieJar,
		options: {
			url?: string;
			setHeaders?: (headers: Record<string, string>) => void;
			rules?: UploadRules;
		} = {}
	): { client: SupabaseClient; auth: Auth; storage: Storage; asCaller: AsCaller } {
		const config: Config = {
			mode: 'supabase',
			dataDir: '.data',
			poolMax: 1,
			mailFrom: 'test@localhost',
			seedDemo: false,
			supabase: { url: options.url ?? target.url, key: target.key }
		};
		const client = createSupabaseServerClient(config, jar.forRequest(), {
			fetch: recordingFetch,
			setHeaders: options.setHeaders
		});
		const auth = createSupabaseAuth(client);
		let claims: Promise<Claims> | undefined;
		const asCaller: AsCaller = async (fn) => {
			claims ??= auth.getUser().then((user) => user?.claims ?? ANON);
			return withClaims(target.db, await claims, fn);
		};
		return {
			client,
			auth,
			asCaller,
			storage: createSupabaseStorage({ client, rules: options.rules ?? rules, asCaller })
		};
	}

	async function signedInJar(): Promise<CookieJar> {
		const jar = new CookieJar();
		const result = await request(jar).auth.signIn(target.user);
		expect(result).toMatchObject({ ok: true });
		return jar;
	}

	/** One call to Storage as `jar`'s user (or anon), answered as its status and JSON body. */
	async function storageCall(
		jar: CookieJar | null,
		method: string,
		path: string,
		init: { headers?: Record<string, string>; body?: Uint8Array<ArrayBuffer>; json?: unknown } = {}
	): Promise<{ status: number; body: unknown }> {
		const token = jar ? readSession(jar).session.access_token : target.key;
		const headers: Record<string, string> = {
			apikey: target.key,
			authorization: `Bearer ${token}`,
			...init.headers
		};
		if (init.json !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(`${target.url}/storage/v1/${path}`, {
			method,
			headers,
			body: init.json !== undefined ? JSON.stringify(init.json) : init.body
		});
		const text = await response.text();
		return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
	}

	/** An upload whose path goes out byte for byte (node:http does not normalise `..`). */
	function rawStorageUpload(
		jar: CookieJar,
		objectPath: string
	): Promise<{ status: number; body: unknown }> {
		const base = new URL(target.url);
		const body = Buffer.from(pdfBytes());
		const send = base.protocol === 'https:' ? httpsRequest : httpRequest;
		return new Promise((resolve, reject) => {
			const outgoing = send(
				{
					host: base.hostname,
					port: base.port,
					method: 'POST',
					path: `${base.pathname.replace(/\/$/, '')}/storage/v1/object/${objectPath}`,
					headers: {
						apikey: target.key,
						authorization: `Bearer ${readSession(jar).session.access_token}`,
						'content-type': 'application/pdf',
						'content-length': String(body.length)
					}
				},
				(response) => {
					const chunks: Buffer[] = [];
					response.on('data', (chunk: Buffer) => chunks.push(chunk));
					response.on('end', () => {
						const text = Buffer.concat(chunks).toString('utf8');
						let parsed: unknown = text;
						try {
							parsed = JSON.parse(text);
						} catch {
							// not JSON: keep the text
						}
						resolve({ status: response.statusCode ?? 0, body: parsed });
					});
				}
			);
			outgoing.on('error', reject);
			outgoing.end(body);
		});
	}

	/** Where a handler that ends in SvelteKit's redirect() sends the browser. */
	async function redirectOf(handler: unknown): Promise<string> {
		try {
			await handler;
		} catch (thrown) {
			const location = (thrown as { location?: string }).location;
			if (location) return location;
			throw thrown;
		}
		throw new Error('no redirect');
	}

	const redirectTo = new URL('http://localhost:5173/auth/confirm');
	const pdfBytes = () =>
		new TextEncoder().encode(`%PDF-1.4\n% contract test ${randomUUID()}\ntrailer <<>>\n%%EOF\n`);

	beforeAll(async () => {
		target = await openTarget();
	});
	afterAll(async () => {
		await target?.close();
	});

	describe('auth', () => {
		it(`signs up a new address (${REAL ? 'real project' : 'double'})`, async () => {
			const jar = new CookieJar();
			const email = `atlas-contract-${randomUUID()}@${target.emailDomain}`;
			const result = await request(jar).auth.signUp({
				email,
				password: `Pw-${randomUUID()}`,
				displayName: 'Ana',
				locale: 'es',
				redirectTo
			});
			expect(result).toMatchObject({ ok: true, user: { email } });
			if (result.ok && result.signedIn) {
				const user = await request(jar).auth.getUser();
				expect(user).toMatchObject({ id: result.user.id, email });
			} else {
				expect(jar.authCookieNames()).toEqual([]);
			}
		});

		it('refuses a weak password on sign-up as weak_password', async () => {
			const result = await request(new CookieJar()).auth.signUp({
				email: `atlas-contract-${randomUUID()}@${target.emailDomain}`,
				password: 'abc',
				locale: 'en',
				redirectTo
			});
			expect(result).toMatchObject({ ok: false, reason: 'weak_password' });
		});

		it.runIf(!REAL)(
			'maps an existing address to email_taken when sign-up confirms at once (double only)',
			async () => {
				const result = await request(new CookieJar()).auth.signUp({
					email: target.user.email,
					password: 'another password 1',
					locale: 'en',
					redirectTo
				});
				expect(result).toEqual({ ok: false, reason: 'email_taken' });
			}
		);

		it.runIf(!REAL)(
			'keeps an existing address private when sign-up needs confirmation (double only)',
			async () => {
				const double = target.double!;
				double.settings.autoconfirm = false;
				try {
					const fresh = `new-${randomUUID()}@example.com`;
					const first = await request(new CookieJar()).auth.signUp({
						email: fresh,
						password: 'a good password',
						locale: 'en',
						redirectTo
					});
					expect(first).toMatchObject({ ok: true, signedIn: false });
					expect(double.outbox.at(-1)).toMatchObject({ type: 'signup', to: fresh });
					const repeat = await request(new CookieJar()).auth.signUp({
						email: target.user.email,
						password: 'another password 1',
						locale: 'en',
						redirectTo
					});
					expect(repeat).toMatchObject({ ok: true, signedIn: false });
				} finally {
					double.settings.autoconfirm = true;
				}
			}
		);

		it('answers invalid_credentials for a wrong password and for an unknown address', async () => {
			const jar = new CookieJar();
			const { auth } = request(jar);
			await expect(
				auth.signIn({ email: target.user.email, password: 'wrong password 123' })
			).resolves.toEqual({ ok: false, reason: 'invalid_credentials' });
			await expect(
				auth.signIn({ email: `nobody-${randomUUID()}@${target.emailDomain}`, password: 'x1234567' })
			).resolves.toEqual({ ok: false, reason: 'invalid_credentials' });
			expect(jar.authCookieNames()).toEqual([]);
		});

		it('reads the verified user from the cookies on the next request', async () => {
			const jar = await signedInJar();
			expect(jar.authCookieNames().length).toBeGreaterThan(0);
			const user = await request(jar).auth.getUser();
			expect(user).toMatchObject({
				email: target.user.email,
				claims: { role: 'authenticated', email: target.user.email, aal: 'aal1' }
			});
			expect(user?.claims.sub).toBe(user?.id);
			expect(user?.claims.session_id).toEqual(expect.any(String));
		});

		it('is anonymous without cookies', async () => {
			await expect(request(new CookieJar()).auth.getUser()).resolves.toBeNull();
		});

		it('sends the no-store headers with auth cookies, each header once', async () => {
			const sent: Record<string, string>[] = [];
			const jar = new CookieJar();
			const { auth } = request(jar, { setHeaders: (headers) => sent.push(headers) });
			await auth.signIn(target.user);
			await auth.signOut();
			const names = sent.flatMap((headers) =>
				Object.keys(headers).map((name) => name.toLowerCase())
			);
			expect(names).toContain('cache-control');
			expect(new Set(names).size).toBe(names.length);
			expect(sent[0]?.['Cache-Control'] ?? '').toMatch(/no-store/);
		});

		it('surfaces an unreachable Auth server instead of answering for the user', async () => {
			const { auth } = request(new CookieJar(), { url: `http://127.0.0.1:${await closedPort()}` });
			// auth-js logs every failed fetch; the assertions below are what matters.
			const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
			try {
				const email = target.user.email;
				await expect(auth.sendMagicLink(email, redirectTo)).rejects.toThrow(/unavailable/);
				await expect(auth.sendPasswordReset(email, redirectTo)).rejects.toThrow(/unavailable/);
				await expect(auth.signIn(target.user)).rejects.toThrow(/unavailable/);
				await expect(auth.getUser()).resolves.toBeNull();
			} finally {
				quiet.mockRestore();
			}
		});

		describe('treats forged or tampered auth cookies as anonymous', () => {
			async function withToken(forge: (token: string) => string): Promise<unknown> {
				const jar = await signedInJar();
				const { key, session } = readSession(jar);
				writeSession(jar, key, { ...session, access_token: forge(session.access_token) });
				return request(jar).auth.getUser();
			}

			it('(control: the untouched token, re-written the same way, is accepted)', async () => {
				await expect(withToken((token) => token)).resolves.toMatchObject({
					email: target.user.email
				});
			});

			it('a payload edited to another user, original signature kept', async () => {
				const user = await withToken((token) => {
					const [head, , signature] = token.split('.');
					const { payload } = jwtParts(token);
					return `${head}.${b64json({ ...payload, sub: randomUUID() })}.${signature}`;
				});
				expect(user).toBeNull();
			});

			it("a token signed with an attacker's key under the project's kid", async () => {
				const user = await withToken((token) => {
					const { header, payload } = jwtParts(token);
					const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
					const signingInput = `${b64json({ ...header, alg: 'ES256' })}.${b64json(payload)}`;
					const signature = sign('sha256', Buffer.from(signingInput), {
						key: privateKey,
						dsaEncoding: 'ieee-p1363'
					});
					return `${signingInput}.${signature.toString('base64url')}`;
				});
				expect(user).toBeNull();
			});

			it('an HS256 token (sent to /auth/v1/user, which refuses it)', async () => {
				const user = await withToken((token) => {
					const { payload } = jwtParts(token);
					return `${b64json({ alg: 'HS256', typ: 'JWT' })}.${b64json(payload)}.c2lnbmF0dXJl`;
				});
				expect(user).toBeNull();
			});

			it('an expired token', async () => {
				const user = await withToken((token) => {
					const [head, , signature] = token.split('.');
					const { payload } = jwtParts(token);
					return `${head}.${b64json({ ...payload, exp: 1_700_000_000 })}.${signature}`;
				});
				expect(user).toBeNull();
			});

			it('garbage instead of a session', async () => {
				const jar = await signedInJar();
				const { key } = readSession(jar);
				for (const name of jar.authCookieNames()) jar.values.delete(name);
				jar.values.set(key, 'base64-bm90IGpzb24');
				// @supabase/ssr warns about the undecodable cookie; expected here.
				const quiet = vi.spyOn(console, 'warn').mockImplementation(() => {});
				try {
					await expect(request(jar).auth.getUser()).resolves.toBeNull();
				} finally {
					quiet.mockRestore();
				}
			});
		});

		it('signs out: the cookies are cleared and the server ends the session', async () => {
			const jar = await signedInJar();
			const { session } = readSession(jar);
			await request(jar).auth.signOut();
			expect(jar.authCookieNames()).toEqual([]);
			await expect(request(jar).auth.getUser()).resolves.toBeNull();
			// The old access token no longer names a live session on the Auth server.
			const response = await fetch(`${target.url}/auth/v1/user`, {
				headers: { apikey: target.key, authorization: `Bearer ${session.access_token}` }
			});
			expect(response.status).toBe(403);
		});

		it('sends password resets and magic links without saying whether the account exists', async () => {
			const { auth } = request(new CookieJar());
			const known = target.user.email;
			const unknown = `nobody-${randomUUID()}@${target.emailDomain}`;
			const sentBefore = target.double?.outbox.length ?? 0;
			// Twice each: the second request for a real account hits the per-address rate limit.
			for (const email of [known, unknown, known, unknown]) {
				await expect(auth.sendPasswordReset(email, redirectTo)).resolves.toBeUndefined();
				await expect(auth.sendMagicLink(email, redirectTo)).resolves.toBeUndefined();
			}
			if (target.double) {
				const sent = target.double.outbox.slice(sentBefore);
				expect(sent.map((mail) => mail.to)).toEqual([known]);
				expect(sent[0]).toMatchObject({ type: 'recovery', redirectTo: redirectTo.href });
			}
		});

		it.runIf(!REAL)('signs in through a magic link, once (double only)', async () => {
			const double = target.double!;
			const email = `link-${randomUUID()}@example.com`;
			double.createUser(email, 'unused password');
			await request(new CookieJar()).auth.sendMagicLink(email, redirectTo);
			const mail = double.outbox.at(-1)!;
			expect(mail).toMatchObject({ type: 'magiclink', to: email, redirectTo: redirectTo.href });

			const jar = new CookieJar();
			await expect(
				request(jar).auth.verifyEmailLink(mail.tokenHash, 'magiclink')
			).resolves.toMatchObject({ email });
			await expect(request(jar).auth.getUser()).resolves.toMatchObject({ email });
			await expect(
				request(new CookieJar()).auth.verifyEmailLink(mail.tokenHash, 'magiclink')
			).resolves.toBeNull();
		});

		it.runIf(!REAL)('resets a password through a recovery link (double only)', async () => {
			const double = target.double!;
			const email = `reset-${randomUUID()}@example.com`;
			double.createUser(email, 'old password 1');
			await request(new CookieJar()).auth.sendPasswordReset(email, redirectTo);
			const mail = double.outbox.at(-1)!;
			expect(mail).toMatchObject({ type: 'recovery', to: email });

			const jar = new CookieJar();
			await expect(
				request(jar).auth.verifyEmailLink(mail.tokenHash, 'magiclink')
			).resolves.toBeNull();
			await expect(
				request(jar).auth.verifyEmailLink(mail.tokenHash, 'recovery')
			).resolves.toMatchObject({ email });
			await request(jar).auth.updatePassword('new password 2');
			const { auth } = request(new CookieJar());
			await expect(auth.signIn({ email, password: 'old password 1' })).resolves.toMatchObject({
				ok: false
			});
			await expect(auth.signIn({ email, password: 'new password 2' })).resolves.toMatchObject({
				ok: true
			});
		});
	});

	describe('storage', () => {
		it('uploads, lists, signs a download URL that returns the same bytes, and removes', async () => {
			const jar = await signedInJar();
			const { storage } = request(jar);
			const bytes = pdfBytes();
			const stored = await storage.upload({
				bucket: BUCKET,
				folder: target.writableFolder,
				bytes,
				originalName: '../Resolución de bienvenida 2026.pdf'
			});
			expect(stored).toMatchObject({
				bucket: BUCKET,
				size: bytes.byteLength,
				contentType: 'application/pdf',
				originalName: 'Resolución de bienvenida 2026.pdf'
			});
			expect(stored.path).toMatch(new RegExp(`^${target.writableFolder}/[0-9a-f-]{36}$`));

			const listed = await request(jar).storage.list(BUCKET, target.writableFolder);
			expect(listed.find((object) => object.path === stored.path)).toMatchObject({
				size: bytes.byteLength,
				contentType: 'application/pdf',
				originalName: 'Resolución de bienvenida 2026.pdf'
			});

			const url = await request(jar).storage.signedUrl(BUCKET, stored.path, 3600);
			const token = new URL(url).searchParams.get('token') ?? '';
			const { payload } = jwtParts(token);
			expect(Number(payload.exp) - Number(payload.iat)).toBeLessThanOrEqual(MAX_SIGNED_URL_SECONDS);
			const download = await fetch(url);
			expect(download.status).toBe(200);
			// Saved under the uploaded name, non-ASCII intact, never as the bare uuid.
			expect(attachmentName(download)).toBe('Resolución de bienvenida 2026.pdf');
			expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);

			await request(jar).storage.remove(BUCKET, stored.path);
			const after = await request(jar).storage.list(BUCKET, target.writableFolder);
			expect(after.map((object) => object.path)).not.toContain(stored.path);
			await expect(request(jar).storage.remove(BUCKET, stored.path)).rejects.toMatchObject({
				code: 'not_found'
			});
			await expect(request(jar).storage.signedUrl(BUCKET, stored.path)).rejects.toMatchObject({
				code: 'not_found'
			});
		});

		it('refuses an upload where the policies do not allow it with StorageError forbidden', async () => {
			const upload = (storage: Storage, folder: string) =>
				storage.upload({ bucket: BUCKET, folder, bytes: pdfBytes(), originalName: 'a.pdf' });
			const signedIn = request(await signedInJar()).storage;
			await expect(upload(signedIn, target.forbiddenFolder)).rejects.toMatchObject({
				code: 'forbidden'
			});
			const anonymous = request(new CookieJar()).storage;
			await expect(upload(anonymous, target.writableFolder)).rejects.toMatchObject({
				code: 'forbidden'
			});
		});

		it('rejects a disguised or oversized file before sending any request', async () => {
			const { storage } = request(await signedInJar());
			const png = Buffer.from(
				'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
				'base64'
			);
			const html = new TextEncoder().encode('<!doctype html><script>alert(1)</script>');
			const big = new Uint8Array(RESOLUTION_FILES.fileSizeLimit! + 1);
			big.set(pdfBytes());
			const before = calls.length;
			for (const [bytes, code] of [
				[png, 'invalid_type'],
				[html, 'invalid_type'],
				[big, 'too_large']
			] as const) {
				await expect(
					storage.upload({
						bucket: BUCKET,
						folder: target.writableFolder,
						bytes,
						originalName: 'r.pdf'
					})
				).rejects.toMatchObject({ code });
			}
			expect(calls.slice(before)).toEqual([]);
		});

		it("maps the server's own size and type refusals when our rules are looser", async () => {
			const loose: UploadRules = async () => ({
				id: BUCKET,
				fileSizeLimit: null,
				allowedMimeTypes: null
			});
			const jar = await signedInJar();
			const { storage } = request(jar, { rules: loose });
			const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00\x00\x00\x00;');
			await expect(
				storage.upload({
					bucket: BUCKET,
					folder: target.writableFolder,
					bytes: gif,
					originalName: 'a.gif'
				})
			).rejects.toMatchObject({ code: 'invalid_type' });
			const big = new Uint8Array(RESOLUTION_FILES.fileSizeLimit! + 1);
			big.set(pdfBytes());
			await expect(
				storage.upload({
					bucket: BUCKET,
					folder: target.writableFolder,
					bytes: big,
					originalName: 'b.pdf'
				})
			).rejects.toMatchObject({ code: 'too_large' });
		});

		it('refuses paths and folders that are not <uuid>/<uuid> before any request', async () => {
			const { storage } = request(await signedInJar());
			const before = calls.length;
			await expect(storage.list(BUCKET, '../other')).rejects.toMatchObject({
				code: 'invalid_name'
			});
			await expect(
				storage.signedUrl(BUCKET, `${target.writableFolder}/../x`)
			).rejects.toMatchObject({
				code: 'invalid_name'
			});
			await expect(storage.remove(BUCKET, 'a/b')).rejects.toMatchObject({ code: 'invalid_name' });
			expect(calls.slice(before)).toEqual([]);
		});

		it('keeps the uploaded name in user_metadata, no uploader on a public file, and lists it by name', async () => {
			const jar = await signedInJar();
			const { storage } = request(jar);
			const stored = await storage.upload({
				bucket: BUCKET,
				folder: target.writableFolder,
				bytes: pdfBytes(),
				originalName: 'Acta — sesión de marzo.pdf'
			});
			const row = await target.db
				.selectFrom('storage.objects')
				.select(['owner', 'owner_id', 'user_metadata', 'metadata'])
				.where('bucket_id', '=', BUCKET)
				.where('name', '=', stored.path)
				.executeTakeFirstOrThrow();
			// createObject.ts → pg.ts upsertObject writes the JWT's sub in `owner` (a uuid) and
			// `owner_id`; for resolution-files our migration clears both (public files, no uploader).
			expect(row).toMatchObject({
				owner: null,
				owner_id: null,
				user_metadata: { originalName: 'Acta — sesión de marzo.pdf' },
				metadata: { mimetype: 'application/pdf', size: stored.size }
			});
			const documents = await resolutionDocuments(request(jar).storage, target.writableFolder);
			expect(documents.find((document) => stored.path.endsWith(document.file))).toMatchObject({
				name: 'Acta — sesión de marzo.pdf',
				contentType: 'application/pdf'
			});
			await request(jar).storage.remove(BUCKET, stored.path);
		});

		it("answers list entries without user_metadata, and a missing bucket's list as []", async () => {
			const jar = await signedInJar();
			const stored = await request(jar).storage.upload({
				bucket: BUCKET,
				folder: target.writableFolder,
				bytes: pdfBytes(),
				originalName: 'listed.pdf'
			});
			const listed = await storageCall(jar, 'POST', `object/list/${BUCKET}`, {
				json: { prefix: target.writableFolder, limit: 100, offset: 0 }
			});
			expect(listed.status).toBe(200);
			const entry = (listed.body as Record<string, unknown>[]).find(
				(item) => `${target.writableFolder}/${String(item.name)}` === stored.path
			);
			expect(Object.keys(entry ?? {}).sort()).toEqual([
				'created_at',
				'id',
				'last_accessed_at',
				'metadata',
				'name',
				'updated_at'
			]);
			expect(entry?.metadata).toMatchObject({ mimetype: 'application/pdf', size: stored.size });

			const missing = `no-such-bucket-${randomUUID()}`;
			await expect(
				request(jar).client.storage.from(missing).list(target.writableFolder)
			).resolves.toMatchObject({ data: [], error: null });
			await request(jar).storage.remove(BUCKET, stored.path);
		});

		it('refuses to overwrite an object, with x-upsert (no update policy) or without', async () => {
			const jar = await signedInJar();
			const original = pdfBytes();
			const stored = await request(jar).storage.upload({
				bucket: BUCKET,
				folder: target.writableFolder,
				bytes: original,
				originalName: 'original.pdf'
			});
			const overwrite = (upsert: boolean) =>
				storageCall(jar, 'POST', `object/${BUCKET}/${stored.path}`, {
					headers: { 'content-type': 'application/pdf', 'x-upsert': String(upsert) },
					body: pdfBytes()
				});
			// uploader.ts canUpload: an upsert tries INSERT … ON CONFLICT DO UPDATE as the caller.
			expect(await overwrite(true)).toEqual({
				status: 400,
				body: {
					statusCode: '403',
					code: 'AccessDenied',
					error: 'Unauthorized',
					message: 'new row violates row-level security policy'
				}
			});
			expect(await overwrite(false)).toEqual({
				status: 400,
				body: {
					statusCode: '409',
					code: 'KeyAlreadyExists',
					error: 'Duplicate',
					message: 'The resource already exists'
				}
			});
			const url = await request(jar).storage.signedUrl(BUCKET, stored.path);
			expect(new Uint8Array(await (await fetch(url)).arrayBuffer())).toEqual(original);
			await request(jar).storage.remove(BUCKET, stored.path);
		});

		it('refuses object names with non-ASCII or control characters as InvalidKey, before the policies', async () => {
			const jar = await signedInJar();
			for (const folder of [target.writableFolder, target.forbiddenFolder]) {
				for (const name of ['Resolución.pdf', 'bell\u0007.pdf', 'tab\there.pdf']) {
					const answer = await storageCall(
						jar,
						'POST',
						`object/${BUCKET}/${folder}/${encodeURIComponent(name)}`,
						{ headers: { 'content-type': 'application/pdf' }, body: pdfBytes() }
					);
					expect(answer, name).toEqual({
						status: 400,
						body: {
							statusCode: '400',
							code: 'InvalidKey',
							error: 'InvalidKey',
							message: `Invalid key: ${folder}/${name}`
						}
					});
				}
			}
		});

		it('refuses a `..` segment in an object name (sent raw: fetch would normalise it away)', async () => {
			const jar = await signedInJar();
			const name = `${target.writableFolder}/../${randomUUID()}`;
			const answer = await rawStorageUpload(jar, `${BUCKET}/${name.replaceAll('..', '%2E%2E')}`);
			const stored = await target.db
				.selectFrom('storage.objects')
				.select('name')
				.where('name', 'like', '%..%')
				.execute();
			expect(stored).toEqual([]);
			if (target.kind === 'double') {
				// The file backend's check (secure-path.ts), after the policies let the editor in.
				expect(answer).toMatchObject({
					status: 400,
					body: { statusCode: '400', code: 'InvalidKey', error: 'InvalidKey' }
				});
				expect(String((answer.body as { message: string }).message)).toMatch(
					/^Invalid key: .* contains dot path segment$/
				);
			} else {
				// Behind a project's gateway the path may be normalised first: refused either way.
				expect(answer.status).toBeGreaterThanOrEqual(400);
			}
		});

		it('checks the type before the size', async () => {
			const jar = await signedInJar();
			const big = new Uint8Array(RESOLUTION_FILES.fileSizeLimit! + 1);
			const upload = (type: string) =>
				storageCall(jar, 'POST', `object/${BUCKET}/${target.writableFolder}/${randomUUID()}`, {
					headers: { 'content-type': type },
					body: big
				});
			expect(await upload('image/gif')).toEqual({
				status: 400,
				body: {
					statusCode: '415',
					code: 'InvalidMimeType',
					error: 'invalid_mime_type',
					message: 'mime type image/gif is not supported'
				}
			});
			expect(await upload('application/pdf')).toEqual({
				status: 400,
				body: {
					statusCode: '413',
					code: 'EntityTooLarge',
					error: 'Payload too large',
					message: 'The object exceeded the maximum allowed size'
				}
			});
		});
	});

	describe.runIf(!REAL)('documents on the pages, with our policies (double only)', () => {
		const pdf = () => new File([pdfBytes()], 'Resolución firmada.pdf', { type: 'application/pdf' });

		/** A request event as SvelteKit builds one, with the Supabase adapters for `jar`. */
		function eventFor(jar: CookieJar, path: string, params: Record<string, string>) {
			const { storage, asCaller, auth } = request(jar);
			return {
				params,
				url: new URL(`https://atlas.test${path}`),
				request: new Request(`https://atlas.test${path}`),
				locals: { withClaims: asCaller, storage, user: null as unknown, auth },
				parent: async () => ({})
			};
		}

		async function userOf(jar: CookieJar) {
			const user = await request(jar).auth.getUser();
			if (!user) throw new Error('not signed in');
			return user;
		}

		it('the resolution page, its JSON and the organize page name files as uploaded', async () => {
			const jar = await signedInJar();
			const stored = await addCampaignDocument(request(jar).storage, target.writableFolder, pdf());
			const campaign = await target.db
				.selectFrom('resolutions')
				.select('slug')
				.where('id', '=', target.writableFolder)
				.executeTakeFirstOrThrow();
			const slug = campaign.slug ?? '';
			const path = `/resolutions/${slug}`;
			const page = (await loadResolutionPage(eventFor(jar, path, { slug }) as never)) as {
				documents: { name: string; file: string }[];
			};
			expect(page.documents).toContainEqual(
				expect.objectContaining({ name: 'Resolución firmada.pdf', file: stored.path.split('/')[1] })
			);
			const json = (await (
				await getResolutionJson(eventFor(jar, `/api${path}`, { slug }) as never)
			).json()) as { documents: { name: string; url: string }[] };
			expect(json.documents.map((document) => document.name)).toContain('Resolución firmada.pdf');

			const user = await userOf(jar);
			const event = eventFor(jar, `/organize/${target.writableFolder}`, {});
			event.locals.user = user;
			event.parent = async () => ({
				campaign: await event.locals.withClaims((tx) =>
					getCampaign(tx, target.writableFolder, user.id)
				)
			});
			const organize = (await loadOrganizePage(event as never)) as {
				documents: { name: string }[];
			};
			expect(organize.documents.map((document) => document.name)).toContain(
				'Resolución firmada.pdf'
			);

			// The stable link redirects to a signed URL that saves under the same name.
			const file = stored.path.split('/')[1] ?? '';
			const redirect = await redirectOf(
				getResolutionFile(eventFor(jar, `${path}/documents/${file}`, { slug, file }) as never)
			);
			expect(attachmentName(await fetch(redirect))).toBe('Resolución firmada.pdf');
			await request(jar).storage.remove(BUCKET, stored.path);
		});

		it("shows a published campaign's files to anyone and a draft's to its team only", async () => {
			const database = target.database!;
			const jar = await signedInJar();
			const lead = await userOf(jar);
			const published = await createCampaign(
				database,
				{ id: lead.id, email: lead.email, claims: lead.claims },
				{ publish: true }
			);
			const shown = await addCampaignDocument(request(jar).storage, published.id, pdf());
			const hidden = await addCampaignDocument(request(jar).storage, target.writableFolder, pdf());
			const visitor = request(new CookieJar());
			expect(await resolutionDocuments(visitor.storage, published.id)).toEqual([
				expect.objectContaining({ name: 'Resolución firmada.pdf' })
			]);
			expect(await resolutionDocuments(visitor.storage, target.writableFolder)).toEqual([]);
			await expect(visitor.storage.signedUrl(BUCKET, hidden.path)).rejects.toMatchObject({
				code: 'not_found'
			});
			expect(attachmentName(await fetch(await visitor.storage.signedUrl(BUCKET, shown.path)))).toBe(
				'Resolución firmada.pdf'
			);
			// The policies let only editors delete, whatever Storage is asked.
			await expect(visitor.storage.remove(BUCKET, shown.path)).rejects.toMatchObject({
				code: 'not_found'
			});
			await request(jar).storage.remove(BUCKET, hidden.path);
		});

		it("a group's document downloads under its file's name; its title is what the page lists", async () => {
			const jar = await signedInJar();
			const lead = await userOf(jar);
			const { storage, asCaller } = request(jar);
			const groupId = await asCaller((tx) =>
				createGroup(tx, lead.id, {
					name: 'Contract group',
					city: 'Boise',
					state_code: 'ID',
					program_id: 'custom',
					arrival_on: null
				})
			);
			await addDocument(storage, asCaller, {
				groupId,
				userId: lead.id,
				title: 'Lease',
				sensitive: true,
				file: new File([pdfBytes()], 'Contrato de alquiler.pdf', { type: 'application/pdf' })
			});
			const [document] = await asCaller((tx) => listDocuments(tx, groupId));
			expect(document).toMatchObject({ title: 'Lease', sensitive: true });
			const event = eventFor(jar, `/groups/${groupId}/documents/${document!.id}`, {
				id: groupId,
				documentId: document!.id
			});
			event.locals.user = lead;
			const redirect = await redirectOf(getGroupDocument(event as never));
			expect(attachmentName(await fetch(redirect))).toBe('Contrato de alquiler.pdf');
		});
	});
});
