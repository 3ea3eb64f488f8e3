import { deleteUser } from './admin';
import { hash, verify } from '@node-rs/argon2';
import { sql, type Kysely, type Transaction } from 'kysely';
import { m } from '$lib/paraglide/messages';
import type { Config } from '../config';
import type { DB } from '../db';
import { sendMail, type Mail } from '../mail';
import { hashToken, newToken } from './tokens';
import type {
	Auth,
	AuthUser,
	EmailLinkType,
	LinkedUser,
	Locale,
	RequestContext,
	VerifiedUser
} from './types';

export const SESSION_COOKIE = 'wa_session';
/** Names the browser that signed up, so that only it keeps the password it chose (followLink). */
export const SIGNUP_COOKIE = 'wa_signup';
export const SESSION_IDLE_DAYS = 7;
export const SESSION_ABSOLUTE_DAYS = 30;
export const EMAIL_LINK_MINUTES = 60;
/** How long the browser that signed up may confirm and keep its password. */
const SIGNUP_BINDING_HOURS = 24;
// Refresh last_seen_at at most this often, so reading a page is not a write every time.
const TOUCH_AFTER_MS = 60 * 60 * 1000;
// What newToken() makes: 32 bytes, base64url.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

// argon2id with OWASP's minimum (m = 19 MiB, t = 2, p = 1), the library defaults made explicit.
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
let dummyHash: Promise<string> | undefined;

type Purpose = 'confirmation' | 'magic_link' | 'recovery';

/** The tokens a link of each type may carry ('email' is Supabase's type for either of two). */
const PURPOSES: Record<EmailLinkType, Purpose[]> = {
	signup: ['confirmation'],
	email: ['confirmation', 'magic_link'],
	magiclink: ['magic_link'],
	recovery: ['recovery']
};
const LINK_TYPE: Record<Purpose, EmailLinkType> = {
	confirmation: 'signup',
	magic_link: 'magiclink',
	recovery: 'recovery'
};

interface SignUpChoices {
	passwordHash: string;
	displayName: string | undefined;
	locale: Locale;
}

export interface LocalAuthDeps {
	db: Kysely<DB>;
	config: Config;
}

/** Passwords and sessions in our own database: the embedded and postgres modes. */
export function createLocalAuth(deps: LocalAuthDeps, request: RequestContext): Auth {
	const { db, config } = deps;
	const { cookies, url } = request;
	const secure = url.protocol === 'https:';
	let current: Promise<VerifiedUser | null> | undefined;

	async function startSession(user: AuthUser): Promise<void> {
		// A new token at every sign-in: a token planted before sign-in never becomes valid.
		const token = newToken();
		await db
			.insertInto('local_auth.sessions')
			.values({ token_hash: hashToken(token), user_id: user.id })
			.execute();
		await db
			.updateTable('auth.users')
			.set({ last_sign_in_at: sql`now()` })
			.where('id', '=', user.id)
			.execute();
		cookies.set(SESSION_COOKIE, token, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure,
			maxAge: SESSION_ABSOLUTE_DAYS * 24 * 3600
		});
		current = Promise.resolve(verified(user));
	}

	async function readSession(): Promise<VerifiedUser | null> {
		const token = cookies.get(SESSION_COOKIE);
		if (!token || token.length > 100) return null;
		const tokenHash = hashToken(token);
		const row = await db
			.selectFrom('local_auth.sessions as s')
			.innerJoin('auth.users as u', 'u.id', 's.user_id')
			.select(['u.id', 'u.email', 's.created_at', 's.last_seen_at'])
			.where('s.token_hash', '=', tokenHash)
			// Sessions start only after confirmation; an account without one has none that count.
			.where('u.email_confirmed_at', 'is not', null)
			.executeTakeFirst();
		if (!row || !row.email) return null;
		const now = Date.now();
		const expired =
			now - row.created_at.getTime() > SESSION_ABSOLUTE_DAYS * 86_400_000 ||
			now - row.last_seen_at.getTime() > SESSION_IDLE_DAYS * 86_400_000;
		if (expired) {
			await db.deleteFrom('local_auth.sessions').where('token_hash', '=', tokenHash).execute();
			return null;
		}
		if (now - row.last_seen_at.getTime() > TOUCH_AFTER_MS) {
			await db
				.updateTable('local_auth.sessions')
				.set({ last_seen_at: sql`now()` })
				.where('token_hash', '=', tokenHash)
				.execute();
		}
		return verified({ id: row.id, email: row.email });
	}

	async function findUser(email: string) {
		return db
			.selectFrom('auth.users')
			.select(['id', 'email', 'encrypted_password', 'email_confirmed_at'])
			.where(sql`lower(email)`, '=', email.toLowerCase())
			.executeTakeFirst();
	}

	/** A single-use link to /auth/confirm that lands on `redirectTo`'s path once followed. */
	async function newLink(userId: string, purpose: Purpose, redirectTo: URL): Promise<string> {
		const token = newToken();
		await db
			.insertInto('local_auth.one_time_tokens')
			.values({
				token_hash: hashToken(token),
				user_id: userId,
				purpose,
				expires_at: new Date(Date.now() + EMAIL_LINK_MINUTES * 60_000)
			})
			.execute();
		const link = new URL('/auth/confirm', redirectTo);
		link.searchParams.set('token_hash', token);
		link.searchParams.set('type', LINK_TYPE[purpose]);
		link.searchParams.set('next', redirectTo.pathname);
		return link.href;
	}

	/**
	 * The hash of this browser's sign-up cookie, set (or refreshed) on every sign-up whatever the
	 * address, so the response's headers are the same too. Scoped to /auth/confirm, where it is read.
	 */
	function signupBrowser(): Buffer {
		const held = cookies.get(SIGNUP_COOKIE);
		const token = held && TOKEN_SHAPE.test(held) ? held : newToken();
		cookies.set(SIGNUP_COOKIE, token, {
			path: '/auth/confirm',
			httpOnly: true,
			sameSite: 'lax',
			secure,
			maxAge: SIGNUP_BINDING_HOURS * 3600
		});
		return hashToken(token);
	}

	/** A new, unconfirmed account; the password hash is only what the sign-in check compares. */
	async function createUnconfirmed(
		email: string,
		passwordHash: string,
		displayName: string | undefined,
		locale: Locale
	): Promise<{ id: string }> {
		const created = await db
			.insertInto('auth.users')
			.values({
				// An explicit id, as Supabase Auth gives one: its auth.users has no default.
				id: crypto.randomUUID(),
				email,
				encrypted_password: passwordHash,
				raw_user_meta_data: JSON.stringify({ display_name: displayName ?? null, locale })
			})
			.onConflict((oc) => oc.doNothing())
			.returning('id')
			.executeTakeFirst();
		// Two sign-ups for one new address at once: the other one made it, unconfirmed like ours.
		return created ?? (await findUser(email)) ?? Promise.reject(new Error('sign-up lost its row'));
	}

	/** Keeps what this browser's sign-up chose for the account until the address is proved. */
	async function holdSignUp(userId: string, browserHash: Buffer, choices: SignUpChoices) {
		const held = {
			password_hash: choices.passwordHash,
			display_name: choices.displayName ?? null,
			locale: choices.locale,
			expires_at: new Date(Date.now() + SIGNUP_BINDING_HOURS * 3_600_000)
		};
		await db
			.insertInto('local_auth.pending_signups')
			.values({ user_id: userId, browser_hash: browserHash, ...held })
			.onConflict((oc) => oc.columns(['user_id', 'browser_hash']).doUpdateSet(held))
			.execute();
	}

	async function mailLink(
		email: string,
		kind: 'magic_link' | 'recovery',
		redirectTo: URL,
		locale: Locale
	): Promise<void> {
		const user = await findUser(email);
		if (!user?.email) return;
		// An unconfirmed account is sent its confirmation instead of a sign-in link (Supabase Auth
		// does the same): this is how a visitor asks for the confirmation again.
		const purpose = kind === 'magic_link' && !user.email_confirmed_at ? 'confirmation' : kind;
		const link = await newLink(user.id, purpose, redirectTo);
		await deliver(config, linkMail(purpose, user.email, link, locale));
	}

	/**
	 * The first proof that someone holds the address of an account nobody had confirmed. Until
	 * now anyone could have signed up with it, so what a sign-up chose (password, display name,
	 * language) is kept only for the browser that chose it (its cookie matches a held sign-up):
	 * anywhere else the account is left with no password and no name. Either way every session
	 * and every other link of the account ends. Returns whether a sign-up's choices were kept.
	 */
	async function confirmOwner(trx: Transaction<DB>, userId: string): Promise<boolean> {
		const held = await trx
			.deleteFrom('local_auth.pending_signups')
			.where('user_id', '=', userId)
			.returning(['browser_hash', 'password_hash', 'display_name', 'locale', 'expires_at'])
			.execute();
		const cookie = cookies.get(SIGNUP_COOKIE);
		const browserHash = cookie && TOKEN_SHAPE.test(cookie) ? hashToken(cookie) : undefined;
		const mine = held.find(
			(row) => browserHash?.equals(row.browser_hash) && row.expires_at.getTime() > Date.now()
		);
		const profile = mine
			? { display_name: mine.display_name, locale: mine.locale === 'es' ? 'es' : 'en' }
			: { display_name: null };
		await trx
			.updateTable('auth.users')
			.set({
				email_confirmed_at: sql`now()`,
				encrypted_password: mine?.password_hash ?? null,
				updated_at: sql`now()`,
				raw_user_meta_data: sql`raw_user_meta_data || ${JSON.stringify(profile)}::jsonb`
			})
			.where('id', '=', userId)
			.execute();
		await trx.updateTable('profiles').set(profile).where('id', '=', userId).execute();
		await trx.deleteFrom('local_auth.sessions').where('user_id', '=', userId).execute();
		await trx.deleteFrom('local_auth.one_time_tokens').where('user_id', '=', userId).execute();
		return Boolean(mine);
	}

	/** Uses up a link's token; the account it names, confirmed by it if it was not yet. */
	async function followLink(
		trx: Transaction<DB>,
		token: string,
		type: EmailLinkType
	): Promise<LinkedUser | null> {
		const tokenHash = hashToken(token);
		const found = await trx
			.selectFrom('local_auth.one_time_tokens')
			.select('user_id')
			.where('token_hash', '=', tokenHash)
			.where('purpose', 'in', PURPOSES[type])
			.executeTakeFirst();
		if (!found) return null;
		// The account first, then its token: two links of one account followed at once queue here
		// (the second finds its token gone with the first's confirmation) instead of deadlocking.
		const user = await trx
			.selectFrom('auth.users')
			.select(['id', 'email', 'email_confirmed_at'])
			.where('id', '=', found.user_id)
			.forUpdate()
			.executeTakeFirst();
		const used = await trx
			.deleteFrom('local_auth.one_time_tokens')
			.where('token_hash', '=', tokenHash)
			.returning('expires_at')
			.executeTakeFirst();
		if (!user?.email || !used || used.expires_at.getTime() < Date.now()) return null;
		const linked: LinkedUser = { id: user.id, email: user.email };
		if (!user.email_confirmed_at && !(await confirmOwner(trx, user.id))) {
			linked.choosePassword = true;
		}
		return linked;
	}

	return {
		getUser() {
			current ??= readSession();
			return current;
		},

		async signUp({ email, password, displayName, locale, redirectTo }) {
			// Every path does the same work (a cookie, one argon2 hash, one link, one email), so
			// neither the answer nor its timing tells whether the address has an account.
			const address = email.toLowerCase();
			const browserHash = signupBrowser();
			const passwordHash = await hash(password, ARGON2);
			const existing = await findUser(address);
			if (existing?.email && existing.email_confirmed_at) {
				// Its owner hears that someone tried, with a way in; nothing about the account changes.
				const link = await newLink(existing.id, 'magic_link', redirectTo);
				const reset = new URL('/forgot-password', redirectTo).href;
				await deliver(config, existingAccountMail(existing.email, link, reset, locale));
				// A look-alike, as Supabase Auth answers: the caller cannot tell this case apart.
				return { ok: true, user: { id: crypto.randomUUID(), email: address }, signedIn: false };
			}
			// A repeated sign-up for an unconfirmed account changes nothing on it either (Supabase
			// Auth: "we can't be sure of their claimed identity"); it holds this browser's choices.
			const user =
				existing ?? (await createUnconfirmed(address, passwordHash, displayName, locale));
			await holdSignUp(user.id, browserHash, { passwordHash, displayName, locale });
			const link = await newLink(user.id, 'confirmation', redirectTo);
			await deliver(config, linkMail('confirmation', address, link, locale));
			return { ok: true, user: { id: user.id, email: address }, signedIn: false };
		},

		async signIn({ email, password }) {
			const user = await findUser(email);
			// Verify against a dummy hash when there is no such user, so timing does not tell.
			dummyHash ??= hash(newToken(), ARGON2);
			const stored = user?.encrypted_password ?? (await dummyHash);
			const ok = await verify(stored, password).catch(() => false);
			if (!user?.email || !user.encrypted_password || !ok) {
				return { ok: false, reason: 'invalid_credentials' };
			}
			// Only someone who knows the password learns that the address is not confirmed yet.
			if (!user.email_confirmed_at) return { ok: false, reason: 'email_not_confirmed' };
			await startSession({ id: user.id, email: user.email });
			return { ok: true, user: { id: user.id, email: user.email } };
		},

		async signOut() {
			const token = cookies.get(SESSION_COOKIE);
			if (token) {
				await db
					.deleteFrom('local_auth.sessions')
					.where('token_hash', '=', hashToken(token))
					.execute();
			}
			cookies.delete(SESSION_COOKIE, { path: '/' });
			current = Promise.resolve(null);
		},

		sendMagicLink: (email, redirectTo, locale = 'en') =>
			mailLink(email, 'magic_link', redirectTo, locale),
		sendPasswordReset: (email, redirectTo, locale = 'en') =>
			mailLink(email, 'recovery', redirectTo, locale),

		async verifyEmailLink(token, type) {
			if (token.length > 100) return null;
			const linked = await db.transaction().execute((trx) => followLink(trx, token, type));
			if (!linked) return null;
			await startSession(linked);
			return linked;
		},

		async deleteAccount() {
			const user = await this.getUser();
			// Already gone (a second click, another tab): nothing left to delete.
			if (!user) return;
			await this.signOut();
			await deleteUser(db, user.id);
		},

		async updatePassword(password) {
			const user = await this.getUser();
			if (!user) throw new Error('not signed in');
			await db
				.updateTable('auth.users')
				.set({ encrypted_password: await hash(password, ARGON2), updated_at: sql`now()` })
				.where('id', '=', user.id)
				.execute();
			// Every other session of this user ends; this one continues.
			const token = cookies.get(SESSION_COOKIE) ?? '';
			await db
				.deleteFrom('local_auth.sessions')
				.where('user_id', '=', user.id)
				.where('token_hash', '!=', hashToken(token))
				.execute();
		}
	};
}

/**
 * Deletes the email links and held sign-ups (password hashes, names) that can no longer be used;
 * returns how many rows went. For the local modes' hourly maintenance job: no expired link or
 * sign-up outlives its expiry by more than the interval.
 */
export async function purgeExpiredSignUps(db: Kysely<DB>): Promise<number> {
	const links = await db
		.deleteFrom('local_auth.one_time_tokens')
		.where('expires_at', '<', sql<Date>`now()`)
		.executeTakeFirst();
	const signUps = await db
		.deleteFrom('local_auth.pending_signups')
		.where('expires_at', '<', sql<Date>`now()`)
		.executeTakeFirst();
	return Number(links.numDeletedRows) + Number(signUps.numDeletedRows);
}

function verified(user: AuthUser): VerifiedUser {
	return { ...user, claims: { role: 'authenticated', sub: user.id, email: user.email } };
}

/**
 * Mail that answers a request about an address leaves without the request waiting on the SMTP
 * server, so the answer's timing does not tell whether there was anyone to write to; a failure is
 * logged (the visitor was told to check their mail either way). The development outbox is a local
 * file, written before answering so that tests can read it at once.
 */
async function deliver(config: Config, mail: Mail): Promise<void> {
	if (!config.smtpUrl) return sendMail(config, mail);
	sendMail(config, mail).catch((error: unknown) => {
		console.error(`[mail] "${mail.subject}" was not sent:`, error);
	});
}

function linkMail(purpose: Purpose, to: string, link: string, locale: Locale): Mail {
	const options = { locale };
	const params = { link, minutes: EMAIL_LINK_MINUTES };
	switch (purpose) {
		case 'confirmation':
			return {
				to,
				subject: m.auth_confirm_mail_signup_subject({}, options),
				text: m.auth_confirm_mail_signup_body(params, options)
			};
		case 'magic_link':
			return {
				to,
				subject: m.auth_confirm_mail_magic_subject({}, options),
				text: m.auth_confirm_mail_magic_body(params, options)
			};
		case 'recovery':
			return {
				to,
				subject: m.auth_confirm_mail_recovery_subject({}, options),
				text: m.auth_confirm_mail_recovery_body(params, options)
			};
	}
}

function existingAccountMail(to: string, link: string, reset: string, locale: Locale): Mail {
	return {
		to,
		subject: m.auth_confirm_mail_existing_subject({}, { locale }),
		text: m.auth_confirm_mail_existing_body(
			{ link, reset, minutes: EMAIL_LINK_MINUTES },
			{ locale }
		)
	};
}
