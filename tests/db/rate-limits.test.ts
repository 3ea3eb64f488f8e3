import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAuth } from '../../src/lib/server/auth/local';
import { loadConfig } from '../../src/lib/server/config';
import { ANON } from '../../src/lib/server/db';
import { purgeRateLimits, takeRateLimit } from '../../src/lib/server/rate-limit';
import { handleReport } from '../../src/lib/server/reports/submit';
import { actions as loginActions } from '../../src/routes/login/+page.server';
import { actions as resolutionActions } from '../../src/routes/resolutions/[slug=slug]/+page.server';
import { actions as signupActions } from '../../src/routes/signup/+page.server';
import { createCampaign } from '../helpers/campaigns';
import { CookieJar } from '../helpers/cookies';
import {
	ENGINES,
	openTestDatabase,
	useTestDatabase,
	type TestDatabase
} from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { storedRateKey, storedRateKeys } from '../helpers/rate-limits';
import { denied } from '../helpers/rls-matrix';
import { outcome, routeEvent } from '../helpers/route-events';
import { useRuntime } from '../helpers/runtime';
import { reportForm } from '../reports/events';

// What private.rate_limits keeps of the people it limits: after each form that takes a limit,
// called as SvelteKit calls it, the table may hold a keyed hash of an address or an email, never
// the value, nor a hash anyone could recompute without the database's own secret.

const dataDir = mkdtempSync(join(tmpdir(), 'wa-rate-limits-'));
const config = loadConfig({ DATA_DIR: dataDir });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every form a raw value could be read back from: itself, and its plain SHA-256. */
const traces = (values: string[]) => values.flatMap((value) => [value, sha256(value)]);

describe.each(ENGINES)('rate limits keep no address or email (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let lead: Persona;
	useRuntime(() => ({ database: database() }));

	/** A form action's event with the local auth adapter on locals, as the session hook sets it. */
	const actionEvent = (path: string, body: Record<string, string>, ip: string, slug = '') => {
		const { event } = routeEvent(database().db, null, { path, params: { slug }, body, ip });
		const locals = (event as { locals: Record<string, unknown> }).locals;
		locals.auth = createLocalAuth(
			{ db: database().db, config },
			{ cookies: new CookieJar(), url: new URL(`https://atlas.test${path}`) }
		);
		return event;
	};

	beforeAll(async () => {
		lead = await createPersona(database(), 'lead');
	});

	it('after a sign-in, a sign-up, a report and an "I sent it", holds only keyed hashes', async () => {
		const ipv4 = '192.0.2.91';
		const ipv6 = '2001:db8::91';
		const signInEmail = `knock-${crypto.randomUUID().slice(0, 8)}@example.org`;
		const signUpEmail = `join-${crypto.randomUUID().slice(0, 8)}@example.org`;
		const campaign = await createCampaign(database(), lead, { publish: true });

		const signIn = actionEvent('/login', { email: signInEmail, password: 'not it at all' }, ipv4);
		expect(await outcome(loginActions.password!(signIn))).toMatchObject({ status: 400 });
		const signUp = actionEvent(
			'/signup',
			{ email: signUpEmail, password: 'a long enough passphrase', display_name: 'Knock' },
			ipv6
		);
		expect(await outcome(signupActions.default!(signUp))).toMatchObject({ confirm: true });
		const report = actionEvent('/report', reportForm(), ipv6);
		expect(await handleReport(report)).toMatchObject({ sent: true });
		const sent = actionEvent(`/resolutions/${campaign.slug}`, {}, ipv4, campaign.slug);
		expect(await outcome(resolutionActions.sent!(sent))).toMatchObject({ sent: true });

		const plainKeys = [
			`signIn:ip:${ipv4}`,
			`signIn:email:${signInEmail}`,
			`signUp:ip:${ipv6}`,
			`signUp:email:${signUpEmail}`,
			`report:ip:${ipv6}`,
			`act:ip:${campaign.id}:${ipv4}`
		];
		// The limits on all clients together, which no address escapes: nobody's data.
		const totals = ['report:all:', `act:all:${campaign.id}`];
		const keys = await storedRateKeys(database().db);
		const expected = await Promise.all(
			[...plainKeys, ...totals].map((key) => storedRateKey(database().db, key))
		);
		expect([...keys].sort()).toEqual([...expected].sort());
		for (const key of keys)
			expect(key).toMatch(/^(signIn|signUp|report|act):(ip|email|all):[0-9a-f]{64}$/);

		// The hashes the app stored before: of the address salted with a constant, or with the id.
		const previousForms = [`welcome-atlas/report/${ipv6}`, `${campaign.id}\n${ipv4}`];
		const forbidden = [
			...traces([ipv4, ipv6, signInEmail, signUpEmail, ...plainKeys]),
			...previousForms.map(sha256),
			'192.0.2',
			'2001:db8',
			'@'
		];
		const leaks = keys.flatMap((key) => forbidden.filter((trace) => key.includes(trace)));
		expect(leaks).toEqual([]);
	});

	it('still refuses the hit after the last allowed one, with a wait within the window', async () => {
		const key = `test:ip:${crypto.randomUUID()}`;
		const limit = { max: 3, windowSeconds: 600 };
		for (let i = 0; i < limit.max; i++)
			expect(await takeRateLimit(database().db, key, limit)).toBe(0);
		const wait = await takeRateLimit(database().db, key, limit);
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(limit.windowSeconds);
		expect(await takeRateLimit(database().db, `${key}-other`, limit)).toBe(0);
	});

	it('starts an expired window over, and the purge deletes expired rows only', async () => {
		const db = database().db;
		const limit = { max: 1, windowSeconds: 600 };
		const expired = `test:ip:expired-${crypto.randomUUID()}`;
		const reopened = `test:ip:reopened-${crypto.randomUUID()}`;
		const current = `test:ip:current-${crypto.randomUUID()}`;
		for (const key of [expired, reopened, expired, reopened]) await takeRateLimit(db, key, limit);
		await takeRateLimit(db, current, limit);
		const ended = await Promise.all([expired, reopened].map((key) => storedRateKey(db, key)));
		await db
			.updateTable('private.rate_limits')
			.set({ expires_at: sql`now() - interval '1 second'` })
			.where('key', 'in', ended)
			.execute();

		expect(await takeRateLimit(db, reopened, limit)).toBe(0);
		expect(await purgeRateLimits(db)).toBe(1);
		const left = await storedRateKeys(db);
		expect(left).not.toContain(await storedRateKey(db, expired));
		expect(left).toContain(await storedRateKey(db, reopened));
		expect(left).toContain(await storedRateKey(db, current));
		const stale = await db
			.selectFrom('private.rate_limits')
			.select('key')
			.where('expires_at', '<=', sql<Date>`now()`)
			.execute();
		expect(stale).toEqual([]);
	});

	it('no API role reads the secret or the limits, or runs their functions', async () => {
		const d = database();
		const stranger = await createPersona(d, 'stranger');
		for (const claims of [ANON, stranger.claims]) {
			const run = (statement: ReturnType<typeof sql>) =>
				d.as(claims, (tx) => statement.execute(tx));
			await denied(run(sql`select * from private.rate_limit_secret`));
			await denied(run(sql`select * from private.rate_limits`));
			await denied(run(sql`select private.rate_limit_key('signIn:ip:192.0.2.1')`));
			await denied(run(sql`select private.purge_rate_limits()`));
			await denied(run(sql`select private.take_rate_limit('x', 1, 1)`));
		}
	});
});

describe.each(ENGINES)('the rate-limit secret (%s)', (engine) => {
	const databases: TestDatabase[] = [];
	beforeAll(async () => {
		databases.push(await openTestDatabase(engine), await openTestDatabase(engine));
	});
	afterAll(async () => {
		await Promise.all(databases.map((d) => d.engine.close()));
	});

	it('is 32 random bytes of its own in each database: one key, two stored hashes', async () => {
		const key = 'signIn:ip:192.0.2.1';
		const secrets = await Promise.all(
			databases.map((d) =>
				d.db.selectFrom('private.rate_limit_secret').select('secret').executeTakeFirstOrThrow()
			)
		);
		for (const { secret } of secrets) expect(secret.length).toBe(32);
		expect(secrets[0]?.secret.equals(secrets[1]?.secret ?? Buffer.alloc(0))).toBe(false);
		for (const d of databases) await takeRateLimit(d.db, key, { max: 5, windowSeconds: 60 });
		const [first, second] = await Promise.all(databases.map((d) => storedRateKeys(d.db)));
		expect(first).toHaveLength(1);
		expect(second).toHaveLength(1);
		expect(first?.[0]).not.toBe(second?.[0]);
		expect(first?.[0]).not.toContain(sha256(key));
	});
});
