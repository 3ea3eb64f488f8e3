import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { findAccountByEmail, grantSiteAdminByEmail } from '../../src/lib/server/auth/admin';
import {
	createLocalAuth,
	EMAIL_LINK_MINUTES,
	purgeExpiredSignUps,
	SESSION_COOKIE,
	SIGNUP_COOKIE
} from '../../src/lib/server/auth/local';
import { hashToken, newToken } from '../../src/lib/server/auth/tokens';
import type { EmailLinkType } from '../../src/lib/server/auth/types';
import { loadConfig } from '../../src/lib/server/config';
import { AUTH_LIMITS, limitAuthAttempt } from '../../src/lib/server/rate-limit';
import { CookieJar } from '../helpers/cookies';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { linkIn, mailsTo, outbox } from '../helpers/outbox';

const PASSWORD = 'a long enough passphrase';
const dataDir = mkdtempSync(join(tmpdir(), 'wa-auth-'));
const config = loadConfig({ DATA_DIR: dataDir });
const url = new URL('https://atlas.example.org/login');
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const mailCount = () => outbox(dataDir).length;
const lastMailTo = (email: string) => mailsTo(dataDir, email).at(-1);
/** The token and type of the link in the newest mail to `email`. */
function lastLinkTo(email: string): { token: string; type: EmailLinkType; link: URL } {
	const link = linkIn(lastMailTo(email));
	return {
		link,
		token: link.searchParams.get('token_hash') ?? '',
		type: link.searchParams.get('type') as EmailLinkType
	};
}

describe.each(ENGINES)('local auth (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const authWith = (cookies = new CookieJar()) => ({
		cookies,
		auth: createLocalAuth({ db: database().db, config }, { cookies, url })
	});
	const newEmail = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.org`;

	/** Signs up in a browser (a cookie jar) of its own, without following the link. */
	async function signUpIn(
		browser: CookieJar,
		email: string,
		password = PASSWORD,
		extra: { displayName?: string; locale?: 'en' | 'es' } = {}
	) {
		const result = await authWith(browser).auth.signUp({
			email,
			password,
			displayName: extra.displayName,
			locale: extra.locale ?? 'en',
			redirectTo: new URL('https://atlas.example.org/account')
		});
		expect(result).toMatchObject({ ok: true, signedIn: false });
		return result;
	}

	/** Follows the newest link mailed to `email` in `browser`. */
	async function follow(email: string, browser = new CookieJar()) {
		const { token, type } = lastLinkTo(email);
		return { browser, linked: await authWith(browser).auth.verifyEmailLink(token, type) };
	}

	/** A confirmed account: signed up and confirmed in the same browser, now signed in there. */
	async function signedUp(label: string, locale: 'en' | 'es' = 'es') {
		const email = newEmail(label);
		const cookies = new CookieJar();
		await signUpIn(cookies, email, PASSWORD, { locale });
		const { linked } = await follow(email, cookies);
		if (!linked) throw new Error('the confirmation link did not work');
		return { email, cookies, user: { id: linked.id, email } };
	}

	const userRow = (id: string) =>
		database()
			.db.selectFrom('auth.users')
			.select(['email_confirmed_at', 'encrypted_password', 'raw_user_meta_data'])
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
	const sessionsOf = (id: string) =>
		database()
			.db.selectFrom('local_auth.sessions')
			.select('token_hash')
			.where('user_id', '=', id)
			.execute();

	describe('sign-up and confirmation', () => {
		it('creates an unconfirmed account with a hashed password, and mails a link, no session', async () => {
			const email = newEmail('new');
			const browser = new CookieJar();
			const result = await signUpIn(browser, email, PASSWORD, { displayName: 'Ana' });
			if (!result.ok) throw new Error('unreachable');
			expect(browser.get(SESSION_COOKIE)).toBeUndefined();
			const row = await userRow(result.user.id);
			expect(row.email_confirmed_at).toBeNull();
			expect(row.encrypted_password).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

			const mail = lastMailTo(email);
			expect(mail?.subject).toBe('Confirm your Welcome Atlas account');
			const { link, token, type } = lastLinkTo(email);
			expect(link.pathname).toBe('/auth/confirm');
			expect(type).toBe('signup');
			expect(link.searchParams.get('next')).toBe('/account');
			expect(mail?.text).toContain(`for ${EMAIL_LINK_MINUTES} minutes`);
			// Stored only as a hash, with its own purpose.
			const stored = await database()
				.db.selectFrom('local_auth.one_time_tokens')
				.select(['token_hash', 'purpose'])
				.where('user_id', '=', result.user.id)
				.execute();
			expect(stored).toEqual([{ token_hash: hashToken(token), purpose: 'confirmation' }]);
			// The browser that signed up is named by a cookie only the confirmation page receives.
			expect(browser.options.get(SIGNUP_COOKIE)).toMatchObject({
				path: '/auth/confirm',
				httpOnly: true,
				sameSite: 'lax',
				secure: true
			});
		});

		it('the link confirms and signs in once; from the same browser the password stays', async () => {
			const email = newEmail('confirm');
			const browser = new CookieJar();
			await signUpIn(browser, email);
			const { token } = lastLinkTo(email);
			// A confirmation token is not a sign-in or reset link.
			expect(await authWith().auth.verifyEmailLink(token, 'magiclink')).toBeNull();
			expect(await authWith().auth.verifyEmailLink(token, 'recovery')).toBeNull();

			const linked = await authWith(browser).auth.verifyEmailLink(token, 'signup');
			expect(linked).toMatchObject({ email });
			expect(linked?.choosePassword).toBeUndefined();
			expect(browser.options.get(SESSION_COOKIE)).toMatchObject({
				httpOnly: true,
				sameSite: 'lax',
				secure: true,
				path: '/'
			});
			expect(await authWith(browser).auth.getUser()).toMatchObject({
				email,
				claims: { role: 'authenticated', sub: linked?.id }
			});
			expect((await userRow(linked?.id ?? '')).email_confirmed_at).toBeInstanceOf(Date);
			expect(await authWith().auth.verifyEmailLink(token, 'signup')).toBeNull();
			expect(await authWith().auth.signIn({ email, password: PASSWORD })).toMatchObject({
				ok: true
			});
			const profile = await database()
				.db.selectFrom('profiles')
				.select('locale')
				.where('id', '=', linked?.id ?? '')
				.executeTakeFirstOrThrow();
			expect(profile.locale).toBe('en');
		});

		it('an expired confirmation link does nothing', async () => {
			const email = newEmail('late');
			const browser = new CookieJar();
			const result = await signUpIn(browser, email);
			const { token } = lastLinkTo(email);
			await database()
				.db.updateTable('local_auth.one_time_tokens')
				.set({ expires_at: sql`now() - interval '1 second'` })
				.where('token_hash', '=', hashToken(token))
				.execute();
			expect(await authWith(browser).auth.verifyEmailLink(token, 'signup')).toBeNull();
			expect(result.ok && (await userRow(result.user.id)).email_confirmed_at).toBeNull();
		});

		it('an unconfirmed account cannot sign in; the right password hears why', async () => {
			const email = newEmail('unconfirmed');
			await signUpIn(new CookieJar(), email);
			const visitor = authWith();
			expect(await visitor.auth.signIn({ email, password: PASSWORD })).toEqual({
				ok: false,
				reason: 'email_not_confirmed'
			});
			expect(visitor.cookies.get(SESSION_COOKIE)).toBeUndefined();
			// A wrong password learns nothing about the address.
			expect(await authWith().auth.signIn({ email, password: 'not the password' })).toEqual({
				ok: false,
				reason: 'invalid_credentials'
			});
		});

		it('asking for a sign-in link sends the confirmation again (the resend)', async () => {
			const email = newEmail('resend');
			const browser = new CookieJar();
			await signUpIn(browser, email);
			const first = lastLinkTo(email).token;
			await authWith(browser).auth.sendMagicLink(
				email,
				new URL('https://atlas.example.org/organize')
			);
			const again = lastLinkTo(email);
			expect(lastMailTo(email)?.subject).toBe('Confirm your Welcome Atlas account');
			expect(again.type).toBe('signup');
			expect(again.link.searchParams.get('next')).toBe('/organize');
			// The new link, from the browser that signed up, keeps its password; the old one ends.
			expect(await authWith(browser).auth.verifyEmailLink(again.token, 'signup')).toMatchObject({
				email
			});
			expect(await authWith().auth.verifyEmailLink(first, 'signup')).toBeNull();
			expect(await authWith().auth.signIn({ email, password: PASSWORD })).toMatchObject({
				ok: true
			});
		});

		it('two links of one account followed at once: one confirms, the other is used up', async () => {
			const email = newEmail('race');
			await signUpIn(new CookieJar(), email);
			const first = lastLinkTo(email).token;
			await authWith().auth.sendMagicLink(email, url);
			const second = lastLinkTo(email).token;
			const results = await Promise.all(
				[first, second].map((token) => authWith().auth.verifyEmailLink(token, 'signup'))
			);
			expect(results.filter(Boolean)).toHaveLength(1);
		});

		it("writes the mail in the visitor's language", async () => {
			const email = newEmail('es');
			await signUpIn(new CookieJar(), email, PASSWORD, { locale: 'es' });
			expect(lastMailTo(email)?.subject).toBe('Confirme su cuenta de Welcome Atlas');
			expect(lastMailTo(email)?.text).toContain('abra este enlace');
			await authWith().auth.sendPasswordReset(email, url, 'es');
			expect(lastMailTo(email)?.subject).toBe('Restablezca su contraseña de Welcome Atlas');
		});

		it('expired links and held sign-ups are purged by the maintenance job', async () => {
			const email = newEmail('purged');
			const result = await signUpIn(new CookieJar(), email);
			if (!result.ok) throw new Error('unreachable');
			const db = database().db;
			const rows = async () => [
				...(await db
					.selectFrom('local_auth.one_time_tokens')
					.select('expires_at')
					.where('user_id', '=', result.user.id)
					.execute()),
				...(await db
					.selectFrom('local_auth.pending_signups')
					.select('expires_at')
					.where('user_id', '=', result.user.id)
					.execute())
			];
			expect(await rows()).toHaveLength(2);
			await purgeExpiredSignUps(db);
			expect(await rows()).toHaveLength(2);
			for (const table of ['local_auth.one_time_tokens', 'local_auth.pending_signups'] as const) {
				await db
					.updateTable(table)
					.set({ expires_at: sql`now() - interval '1 second'` })
					.where('user_id', '=', result.user.id)
					.execute();
			}
			expect(await purgeExpiredSignUps(db)).toBeGreaterThanOrEqual(2);
			expect(await rows()).toEqual([]);
		});

		it('a session of an account that is not confirmed does not count', async () => {
			const email = newEmail('no-session');
			const result = await signUpIn(new CookieJar(), email);
			if (!result.ok) throw new Error('unreachable');
			const token = newToken();
			await database()
				.db.insertInto('local_auth.sessions')
				.values({ token_hash: hashToken(token), user_id: result.user.id })
				.execute();
			const jar = new CookieJar();
			jar.values.set(SESSION_COOKIE, token);
			expect(await authWith(jar).auth.getUser()).toBeNull();
		});
	});

	describe('account pre-hijacking (a stranger signs up first with your address)', () => {
		/**
		 * The attacker signs up with the victim's address and a password of their own, and (as if
		 * from before this fix, or any way at all) holds a session of that account.
		 */
		async function preRegistered(label: string) {
			const email = newEmail(label);
			const attacker = new CookieJar();
			const result = await signUpIn(attacker, email, 'the attacker chose this', {
				displayName: 'Not the owner'
			});
			if (!result.ok) throw new Error('unreachable');
			const token = newToken();
			await database()
				.db.insertInto('local_auth.sessions')
				.values({ token_hash: hashToken(token), user_id: result.user.id })
				.execute();
			const session = new CookieJar();
			session.values.set(SESSION_COOKIE, token);
			return { email, attacker, session, userId: result.user.id };
		}

		/** The attacker's password, session, links and chosen name are gone. */
		async function expectTakenBack(
			pre: Awaited<ReturnType<typeof preRegistered>>,
			displayName: string | null = null
		) {
			const { email, userId } = pre;
			expect(
				await authWith(pre.attacker).auth.signIn({ email, password: 'the attacker chose this' })
			).toEqual({ ok: false, reason: 'invalid_credentials' });
			expect(await authWith(pre.session).auth.getUser()).toBeNull();
			// Only the owner's own new session is left, and no link mailed before still works.
			expect(await sessionsOf(userId)).toHaveLength(1);
			const tokens = await database()
				.db.selectFrom('local_auth.one_time_tokens')
				.select('purpose')
				.where('user_id', '=', userId)
				.execute();
			expect(tokens).toEqual([]);
			const profile = await database()
				.db.selectFrom('profiles')
				.select('display_name')
				.where('id', '=', userId)
				.executeTakeFirstOrThrow();
			expect(profile.display_name).toBe(displayName);
		}

		it('the attacker cannot sign in before the owner confirms', async () => {
			const { email, attacker } = await preRegistered('early');
			expect(
				await authWith(attacker).auth.signIn({ email, password: 'the attacker chose this' })
			).toEqual({ ok: false, reason: 'email_not_confirmed' });
			expect(attacker.get(SESSION_COOKIE)).toBeUndefined();
		});

		it("the owner follows the link mailed by the attacker's sign-up: the attacker is out", async () => {
			const pre = await preRegistered('victim');
			const { browser: owner, linked } = await follow(pre.email);
			expect(linked).toMatchObject({ id: pre.userId, email: pre.email, choosePassword: true });
			expect(await authWith(owner).auth.getUser()).toMatchObject({ id: pre.userId });
			expect((await userRow(pre.userId)).encrypted_password).toBeNull();
			await expectTakenBack(pre);
			// The owner chooses a password, which works from then on.
			await authWith(owner).auth.updatePassword('the owner chose this');
			expect(
				await authWith().auth.signIn({ email: pre.email, password: 'the owner chose this' })
			).toMatchObject({ ok: true });
		});

		it("the owner signs up too and confirms: the owner's password, not the attacker's", async () => {
			const pre = await preRegistered('second');
			const owner = new CookieJar();
			await signUpIn(owner, pre.email, 'the owner chose this', { displayName: 'Owner' });
			const { linked } = await follow(pre.email, owner);
			expect(linked).toMatchObject({ id: pre.userId });
			expect(linked?.choosePassword).toBeUndefined();
			await expectTakenBack(pre, 'Owner');
			expect(
				await authWith().auth.signIn({ email: pre.email, password: 'the owner chose this' })
			).toMatchObject({ ok: true });
		});

		it('the owner asks for a sign-in link instead: the attacker is out', async () => {
			const pre = await preRegistered('magic');
			await authWith().auth.sendMagicLink(pre.email, url);
			const { linked } = await follow(pre.email);
			expect(linked).toMatchObject({ id: pre.userId, choosePassword: true });
			await expectTakenBack(pre);
		});

		it('the owner resets the password: the attacker is out', async () => {
			const pre = await preRegistered('reset');
			await authWith().auth.sendPasswordReset(pre.email, url);
			expect(lastLinkTo(pre.email).type).toBe('recovery');
			const { browser: owner, linked } = await follow(pre.email);
			expect(linked).toMatchObject({ id: pre.userId });
			await expectTakenBack(pre);
			await authWith(owner).auth.updatePassword('the owner chose this');
			expect(
				await authWith().auth.signIn({ email: pre.email, password: 'the owner chose this' })
			).toMatchObject({ ok: true });
		});

		it('npm run admin -- grant refuses the account until its owner confirms', async () => {
			const pre = await preRegistered('admin');
			const db = database().db;
			expect(await grantSiteAdminByEmail(db, pre.email.toUpperCase())).toBe('unconfirmed');
			expect(await grantSiteAdminByEmail(db, newEmail('nobody'))).toBe('no_account');
			const admins = await db
				.selectFrom('private.site_admins')
				.select('user_id')
				.where('user_id', '=', pre.userId)
				.execute();
			expect(admins).toEqual([]);
			await follow(pre.email);
			expect(await findAccountByEmail(db, pre.email)).toEqual({ id: pre.userId, confirmed: true });
			expect(await grantSiteAdminByEmail(db, pre.email)).toBe('granted');
		});
	});

	describe('nothing tells whether an address has an account', () => {
		it('a second sign-up answers like the first, and mails the owner a way in instead', async () => {
			const { email, user } = await signedUp('twice');
			const stranger = new CookieJar();
			const again = await authWith(stranger).auth.signUp({
				email: email.toUpperCase(),
				password: 'another long password',
				locale: 'en',
				redirectTo: url
			});
			expect(again).toMatchObject({ ok: true, signedIn: false, user: { email } });
			expect(again.ok && again.user.id).not.toBe(user.id);
			expect(stranger.get(SESSION_COOKIE)).toBeUndefined();
			expect(stranger.options.get(SIGNUP_COOKIE)).toBeDefined();
			const mail = lastMailTo(email);
			expect(mail?.subject).toBe('Sign in to Welcome Atlas');
			expect(mail?.text).toContain('https://atlas.example.org/forgot-password');
			// Nothing about the account changed: its password is the owner's, the link signs in.
			expect(
				await authWith().auth.signIn({ email, password: 'another long password' })
			).toMatchObject({ ok: false, reason: 'invalid_credentials' });
			const { linked } = await follow(email);
			expect(linked).toEqual({ id: user.id, email });
			expect(await authWith().auth.signIn({ email, password: PASSWORD })).toMatchObject({
				ok: true
			});
		});

		it('a magic link for an unknown address creates no account and sends nothing', async () => {
			const before = mailCount();
			const users = async () =>
				(
					await database()
						.db.selectFrom('auth.users')
						.select(sql<number>`count(*)::int`.as('n'))
						.executeTakeFirstOrThrow()
				).n;
			const count = await users();
			await authWith().auth.sendMagicLink(newEmail('ghost'), url);
			await authWith().auth.sendPasswordReset(newEmail('ghost'), url);
			expect(mailCount()).toBe(before);
			expect(await users()).toBe(count);
		});
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

	it('keeps only the hash of a session token', async () => {
		const { cookies, user } = await signedUp('hashed');
		expect(await sessionsOf(user.id)).toEqual([
			{ token_hash: hashToken(cookies.get(SESSION_COOKIE) ?? '') }
		]);
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
		expect(lastMailTo(email)?.subject).toBe('Your Welcome Atlas sign-in link');
		const { link, token, type } = lastLinkTo(email);
		expect(link.pathname).toBe('/auth/confirm');
		expect(type).toBe('magiclink');
		expect(link.searchParams.get('next')).toBe('/organize');
		const visitor = authWith();
		expect(await visitor.auth.verifyEmailLink(token, 'magiclink')).toEqual({
			id: expect.any(String),
			email
		});
		expect(await visitor.auth.getUser()).toMatchObject({ email });
		expect(await authWith().auth.verifyEmailLink(token, 'magiclink')).toBeNull();

		await authWith().auth.sendMagicLink(email, url);
		const second = lastLinkTo(email).token;
		await database()
			.db.updateTable('local_auth.one_time_tokens')
			.set({ expires_at: sql`now() - interval '1 second'` })
			.where('token_hash', '=', hashToken(second))
			.execute();
		expect(await authWith().auth.verifyEmailLink(second, 'magiclink')).toBeNull();
	});

	it('a password reset sets a new password and ends the other sessions', async () => {
		const { email, cookies: elsewhere } = await signedUp('reset');
		await authWith().auth.sendPasswordReset(email, url);
		const { token } = lastLinkTo(email);
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
