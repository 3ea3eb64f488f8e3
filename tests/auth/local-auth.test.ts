import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalAuth, SESSION_COOKIE } from '../../src/lib/server/auth/local';
import { hashToken } from '../../src/lib/server/auth/tokens';
import { loadConfig } from '../../src/lib/server/config';
import { AUTH_LIMITS, limitAuthAttempt } from '../../src/lib/server/rate-limit';
import { CookieJar } from '../helpers/cookies';
import { ENGINES, useTestDatabase } from '../helpers/databases';

const PASSWORD = 'a long enough passphrase';
const dataDir = mkdtempSync(join(tmpdir(), 'wa-auth-'));
const config = loadConfig({ DATA_DIR: dataDir });
const url = new URL('https://atlas.example.org/login');
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.each(ENGINES)('local auth (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const authWith = (cookies = new CookieJar()) => ({
		cookies,
		auth: createLocalAuth({ db: database().db, config }, { cookies, url })
	});
	const newEmail = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.org`;

	async function signedUp(label: string) {
		const email = newEmail(label);
		const { cookies, auth } = authWith();
		const result = await auth.signUp({ email, password: PASSWORD, locale: 'es', redirectTo: url });
		if (!result.ok) throw new Error('sign-up failed');
		return { email, cookies, user: result.user };
	}

	it('signs up with a hashed password, a profile and a secure session cookie', async () => {
		const { email, cookies, user } = await signedUp('new');
		const row = await database()
			.db.selectFrom('auth.users')
			.select('encrypted_password')
			.where('id', '=', user.id)
			.executeTakeFirstOrThrow();
		expect(row.encrypted_password).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		const profile = await database()
			.db.selectFrom('profiles')
			.select('locale')
			.where('id', '=', user.id)
			.executeTakeFirstOrThrow();
		expect(profile.locale).toBe('es');
		expect(cookies.options.get(SESSION_COOKIE)).toMatchObject({
			httpOnly: true,
			sameSite: 'lax',
			secure: true,
			path: '/'
		});
		const seen = await authWith(cookies).auth.getUser();
		expect(seen).toMatchObject({
			id: user.id,
			email,
			claims: { role: 'authenticated', sub: user.id }
		});
		// Stored only as a hash: the cookie value is not in the table.
		const stored = await database()
			.db.selectFrom('local_auth.sessions')
			.select('token_hash')
			.where('user_id', '=', user.id)
			.execute();
		expect(stored).toEqual([{ token_hash: hashToken(cookies.get(SESSION_COOKIE) ?? '') }]);
	});

	it('refuses a second account for the same address, whatever its case', async () => {
		const { email } = await signedUp('twice');
		const again = await authWith().auth.signUp({
			email: email.toUpperCase(),
			password: PASSWORD,
			locale: 'en',
			redirectTo: url
		});
		expect(again).toEqual({ ok: false, reason: 'email_taken' });
	});

	it('refuses a wrong password and an unknown address alike', async () => {
		const { email } = await signedUp('wrong');
		expect(await authWith().auth.signIn({ email, password: 'not the password' })).toEqual({
			ok: false,
			reason: 'invalid_credentials'
		});
		expect(await authWith().auth.signIn({ email: newEmail('nobody'), password: PASSWORD })).toEqual(
			{ ok: false, reason: 'invalid_credentials' }
		);
	});

	it('issues a new token at every sign-in', async () => {
		const { email } = await signedUp('rotate');
		const first = authWith();
		const second = authWith();
		await first.auth.signIn({ email, password: PASSWORD });
		await second.auth.signIn({ email, password: PASSWORD });
		expect(first.cookies.get(SESSION_COOKIE)).not.toBe(second.cookies.get(SESSION_COOKIE));
	});

	it('treats a forged or tampered cookie as anonymous', async () => {
		const { cookies } = await signedUp('forged');
		const token = cookies.get(SESSION_COOKIE) ?? '';
		const tampered = new CookieJar();
		tampered.values.set(SESSION_COOKIE, (token[0] === 'A' ? 'B' : 'A') + token.slice(1));
		expect(await authWith(tampered).auth.getUser()).toBeNull();
		const forged = new CookieJar();
		forged.values.set(SESSION_COOKIE, 'x'.repeat(43));
		expect(await authWith(forged).auth.getUser()).toBeNull();
		const huge = new CookieJar();
		huge.values.set(SESSION_COOKIE, 'x'.repeat(5000));
		expect(await authWith(huge).auth.getUser()).toBeNull();
	});

	it('expires a session idle for 7 days and any session older than 30 days', async () => {
		const idle = await signedUp('idle');
		const old = await signedUp('old');
		await database()
			.db.updateTable('local_auth.sessions')
			.set({ last_seen_at: sql`now() - interval '7 days 1 minute'` })
			.where('user_id', '=', idle.user.id)
			.execute();
		await database()
			.db.updateTable('local_auth.sessions')
			.set({ created_at: sql`now() - interval '30 days 1 minute'` })
			.where('user_id', '=', old.user.id)
			.execute();
		expect(await authWith(idle.cookies).auth.getUser()).toBeNull();
		expect(await authWith(old.cookies).auth.getUser()).toBeNull();
		const left = await database()
			.db.selectFrom('local_auth.sessions')
			.select('user_id')
			.where('user_id', 'in', [idle.user.id, old.user.id])
			.execute();
		expect(left).toEqual([]);
	});

	it('sign-out ends the session on the server, not just in the browser', async () => {
		const { cookies } = await signedUp('out');
		const token = cookies.get(SESSION_COOKIE) ?? '';
		await authWith(cookies).auth.signOut();
		expect(cookies.get(SESSION_COOKIE)).toBeUndefined();
		const replayed = new CookieJar();
		replayed.values.set(SESSION_COOKIE, token);
		expect(await authWith(replayed).auth.getUser()).toBeNull();
	});

	it('a magic link signs in once, and only before it expires', async () => {
		const { email } = await signedUp('magic');
		await authWith().auth.sendMagicLink(email, new URL('https://atlas.example.org/organize'));
		const link = new URL(lastMailTo(email).match(/https:\/\/\S+/)?.[0] ?? '');
		expect(link.pathname).toBe('/auth/confirm');
		expect(link.searchParams.get('next')).toBe('/organize');
		const token = link.searchParams.get('token_hash') ?? '';
		const visitor = authWith();
		expect(await visitor.auth.verifyEmailLink(token, 'magiclink')).toMatchObject({ email });
		expect(await visitor.auth.getUser()).toMatchObject({ email });
		expect(await authWith().auth.verifyEmailLink(token, 'magiclink')).toBeNull();

		await authWith().auth.sendMagicLink(email, url);
		const second =
			new URL(lastMailTo(email).match(/https:\/\/\S+/)?.[0] ?? '').searchParams.get('token_hash') ??
			'';
		await database()
			.db.updateTable('local_auth.one_time_tokens')
			.set({ expires_at: sql`now() - interval '1 second'` })
			.where('token_hash', '=', hashToken(second))
			.execute();
		expect(await authWith().auth.verifyEmailLink(second, 'magiclink')).toBeNull();
	});

	it('says nothing about unknown addresses when asked for a link', async () => {
		const before = mailCount();
		await authWith().auth.sendMagicLink(newEmail('ghost'), url);
		await authWith().auth.sendPasswordReset(newEmail('ghost'), url);
		expect(mailCount()).toBe(before);
	});

	it('a password reset sets a new password and ends the other sessions', async () => {
		const { email, cookies: elsewhere } = await signedUp('reset');
		await authWith().auth.sendPasswordReset(email, url);
		const token =
			new URL(lastMailTo(email).match(/https:\/\/\S+/)?.[0] ?? '').searchParams.get('token_hash') ??
			'';
		expect(await authWith().auth.verifyEmailLink(token, 'magiclink')).toBeNull(); // wrong purpose
		const resetter = authWith();
		expect(await resetter.auth.verifyEmailLink(token, 'recovery')).toMatchObject({ email });
		await resetter.auth.updatePassword('a brand new passphrase');
		expect(await authWith(elsewhere).auth.getUser()).toBeNull();
		expect(await resetter.auth.getUser()).toMatchObject({ email });
		expect(await authWith().auth.signIn({ email, password: PASSWORD })).toMatchObject({
			ok: false
		});
		expect(
			await authWith().auth.signIn({ email, password: 'a brand new passphrase' })
		).toMatchObject({ ok: true });
	});

	it('rate-limits sign-in per email and per IP, then tells how long to wait', async () => {
		const db = database().db;
		const email = newEmail('limited');
		const { max, windowSeconds } = AUTH_LIMITS.signIn.perEmail;
		for (let i = 0; i < max; i++) {
			expect(await limitAuthAttempt(db, 'signIn', `10.0.0.${i}`, email)).toBe(0);
		}
		const wait = await limitAuthAttempt(db, 'signIn', '10.0.1.1', email);
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(windowSeconds);
		// Another address from a fresh IP is unaffected; the IP limit counts across addresses.
		expect(await limitAuthAttempt(db, 'signIn', '10.0.2.1', newEmail('other'))).toBe(0);
		const ipMax = AUTH_LIMITS.signIn.perIp.max;
		let ipWait = 0;
		for (let i = 0; i <= ipMax; i++)
			ipWait = await limitAuthAttempt(db, 'signIn', '10.0.3.1', newEmail(`ip${i}`));
		expect(ipWait).toBeGreaterThan(0);
	});
});

function mails() {
	const dir = join(dataDir, 'outbox');
	try {
		return readdirSync(dir)
			.sort()
			.map(
				(name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { to: string; text: string }
			);
	} catch {
		return [];
	}
}
const mailCount = () => mails().length;
const lastMailTo = (email: string) =>
	mails()
		.filter((mail) => mail.to === email)
		.at(-1)?.text ?? '';
