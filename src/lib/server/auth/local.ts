import { hash, verify } from '@node-rs/argon2';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../config';
import type { DB } from '../db';
import { sendMail } from '../mail';
import { hashToken, newToken } from './tokens';
import type { Auth, AuthUser, EmailLinkType, RequestContext, VerifiedUser } from './types';

export const SESSION_COOKIE = 'wa_session';
export const SESSION_IDLE_DAYS = 7;
export const SESSION_ABSOLUTE_DAYS = 30;
const EMAIL_LINK_MINUTES = 60;
// Refresh last_seen_at at most this often, so reading a page is not a write every time.
const TOUCH_AFTER_MS = 60 * 60 * 1000;

// argon2id with OWASP's minimum (m = 19 MiB, t = 2, p = 1), the library defaults made explicit.
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
let dummyHash: Promise<string> | undefined;

export interface LocalAuthDeps {
	db: Kysely<DB>;
	config: Config;
}

/** Passwords and sessions in our own database: the embedded and postgres modes. */
export function createLocalAuth(deps: LocalAuthDeps, request: RequestContext): Auth {
	const { db, config } = deps;
	const { cookies, url } = request;
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
			secure: url.protocol === 'https:',
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
			.select(['id', 'email', 'encrypted_password'])
			.where(sql`lower(email)`, '=', email.toLowerCase())
			.executeTakeFirst();
	}

	async function mailLink(email: string, type: EmailLinkType, redirectTo: URL): Promise<void> {
		const user = await findUser(email);
		if (!user?.email) return;
		const token = newToken();
		await db
			.insertInto('local_auth.one_time_tokens')
			.values({
				token_hash: hashToken(token),
				user_id: user.id,
				purpose: type === 'magiclink' ? 'magic_link' : 'recovery',
				expires_at: new Date(Date.now() + EMAIL_LINK_MINUTES * 60_000)
			})
			.execute();
		const link = new URL('/auth/confirm', redirectTo);
		link.searchParams.set('token_hash', token);
		link.searchParams.set('type', type);
		link.searchParams.set('next', redirectTo.pathname);
		const subject =
			type === 'magiclink'
				? 'Your Welcome Atlas sign-in link'
				: 'Reset your Welcome Atlas password';
		await sendMail(config, {
			to: user.email,
			subject,
			text: `${subject}:\n\n${link}\n\nThe link works once, for ${EMAIL_LINK_MINUTES} minutes. If you did not ask for it, ignore this email.`
		});
	}

	return {
		getUser() {
			current ??= readSession();
			return current;
		},

		async signUp({ email, password, displayName, locale }) {
			if (await findUser(email)) return { ok: false, reason: 'email_taken' };
			const passwordHash = await hash(password, ARGON2);
			const user = await db
				.insertInto('auth.users')
				.values({
					email: email.toLowerCase(),
					encrypted_password: passwordHash,
					// Local mode has no mail round-trip at sign-up; the address is confirmed by use.
					email_confirmed_at: sql`now()`,
					raw_user_meta_data: JSON.stringify({ display_name: displayName ?? null, locale })
				})
				.onConflict((oc) => oc.doNothing())
				.returning(['id', 'email'])
				.executeTakeFirst();
			if (!user?.email) return { ok: false, reason: 'email_taken' };
			await startSession({ id: user.id, email: user.email });
			return { ok: true, user: { id: user.id, email: user.email }, signedIn: true };
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

		sendMagicLink: (email, redirectTo) => mailLink(email, 'magiclink', redirectTo),
		sendPasswordReset: (email, redirectTo) => mailLink(email, 'recovery', redirectTo),

		async verifyEmailLink(tokenHash, type) {
			if (tokenHash.length > 100) return null;
			const row = await db
				.deleteFrom('local_auth.one_time_tokens')
				.where('token_hash', '=', hashToken(tokenHash))
				.where('purpose', '=', type === 'magiclink' ? 'magic_link' : 'recovery')
				.returning(['user_id', 'expires_at'])
				.executeTakeFirst();
			if (!row || row.expires_at.getTime() < Date.now()) return null;
			const user = await db
				.selectFrom('auth.users')
				.select(['id', 'email'])
				.where('id', '=', row.user_id)
				.executeTakeFirst();
			if (!user?.email) return null;
			await startSession({ id: user.id, email: user.email });
			return { id: user.id, email: user.email };
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

function verified(user: AuthUser): VerifiedUser {
	return { ...user, claims: { role: 'authenticated', sub: user.id, email: user.email } };
}
