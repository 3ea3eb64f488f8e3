import type { Kysely } from 'kysely';
import type { DB } from '../db';
import { deleteUser } from './admin';
import {
	isAuthWeakPasswordError,
	type AuthError,
	type SupabaseClient,
	type User
} from '@supabase/supabase-js';
import type {
	Auth,
	AuthUser,
	EmailLinkType,
	LinkedUser,
	SignInResult,
	SignUpResult,
	VerifiedUser
} from './types';

// GoTrue's codes for "this address already has an account" (older servers send only the message).
const EMAIL_TAKEN_CODES = new Set(['user_already_exists', 'email_exists']);
const EMAIL_TAKEN_MESSAGE = /already (been )?registered/i;

/**
 * Supabase Auth behind our `Auth` interface. `client` is the request's own server client (see
 * `createSupabaseServerClient`), so the session is read from and written to that request's cookies.
 * `owner`, the database owner's connection, is only for deleting the caller's own account.
 */
export function createSupabaseAuth(client: SupabaseClient, owner?: Kysely<DB>): Auth {
	const auth = client.auth;
	return {
		getUser: () => verifiedUser(client),

		async signUp(input) {
			const { data, error } = await auth.signUp({
				email: input.email,
				password: input.password,
				options: {
					emailRedirectTo: input.redirectTo.href,
					data: { display_name: input.displayName, locale: input.locale }
				}
			});
			if (error) return signUpRefusal(error);
			if (!data.user?.email) return { ok: false, reason: 'rejected' };
			// With email confirmation on, an address that already has an account gets a look-alike
			// user and no session, so the response never says whether it exists. Keep it that way.
			return { ok: true, user: authUser(data.user), signedIn: data.session !== null };
		},

		async signIn({ email, password }) {
			const { data, error } = await auth.signInWithPassword({ email, password });
			if (error) return signInRefusal(error);
			return { ok: true, user: authUser(data.user) };
		},

		async signOut() {
			// 'local' ends this browser's session only; the other devices stay signed in.
			const { error } = await auth.signOut({ scope: 'local' });
			if (error) throwIfUnavailable(error);
		},

		// Supabase Auth writes its emails in the project's templates: the locale is not ours to pick.
		async sendMagicLink(email, redirectTo) {
			// To an unconfirmed account GoTrue sends the confirmation again, as the local adapter does.
			const { error } = await auth.signInWithOtp({
				email,
				options: { emailRedirectTo: redirectTo.href, shouldCreateUser: false }
			});
			if (error) swallowAccountHints(error);
		},

		async sendPasswordReset(email, redirectTo) {
			const { error } = await auth.resetPasswordForEmail(email, { redirectTo: redirectTo.href });
			if (error) swallowAccountHints(error);
		},

		async verifyEmailLink(tokenHash: string, type: EmailLinkType): Promise<LinkedUser | null> {
			const { data, error } = await auth.verifyOtp({ token_hash: tokenHash, type });
			if (error) {
				throwIfUnavailable(error);
				return null;
			}
			return data.user?.email ? authUser(data.user) : null;
		},

		async deleteAccount() {
			const user = await verifiedUser(client);
			// Already gone (a second click, another tab): nothing left to delete.
			if (!user) return;
			if (!owner) throw new Error('deleting an account needs the database owner’s connection');
			await this.signOut();
			// GoTrue's own tables cascade from auth.users (sessions, identities, refresh tokens).
			await deleteUser(owner, user.id);
		},

		async updatePassword(password) {
			const { error } = await auth.updateUser({ password });
			if (error) {
				throw new Error(`Could not update the password: ${error.message}`, { cause: error });
			}
		}
	};
}

/**
 * The caller, from a verified JWT only: `getClaims()` checks the signature against the project's
 * JWKS (or asks `/auth/v1/user` for symmetric keys) and the expiry. `getSession()`'s cookie data is
 * whatever the browser sent, so it is never used for identity.
 */
async function verifiedUser(client: SupabaseClient): Promise<VerifiedUser | null> {
	try {
		const { data, error } = await client.auth.getClaims();
		if (error || !data) return null;
		return userFromClaims(data.claims);
	} catch {
		// A malformed token can make verification throw rather than return an error: anonymous.
		return null;
	}
}

function userFromClaims(claims: Record<string, unknown>): VerifiedUser | null {
	const { role, sub, email, aal, session_id, is_anonymous } = claims;
	// Anonymous sign-ins carry role 'authenticated' but no address; we never enable them.
	if (role !== 'authenticated' || is_anonymous === true) return null;
	if (typeof sub !== 'string' || !sub || typeof email !== 'string' || !email) return null;
	return {
		id: sub,
		email,
		claims: {
			role: 'authenticated',
			sub,
			email,
			aal: typeof aal === 'string' ? aal : undefined,
			session_id: typeof session_id === 'string' ? session_id : undefined
		}
	};
}

function authUser(user: User): AuthUser {
	return { id: user.id, email: user.email ?? '' };
}

function signUpRefusal(error: AuthError): SignUpResult {
	throwIfUnavailable(error);
	if (isAuthWeakPasswordError(error) || error.code === 'weak_password') {
		return { ok: false, reason: 'weak_password', message: error.message };
	}
	if (
		(error.code && EMAIL_TAKEN_CODES.has(error.code)) ||
		EMAIL_TAKEN_MESSAGE.test(error.message)
	) {
		return { ok: false, reason: 'email_taken' };
	}
	return { ok: false, reason: 'rejected', message: error.message };
}

/** GoTrue checks the password first, then answers `email_not_confirmed` (code since 2024). */
function signInRefusal(error: AuthError): SignInResult {
	throwIfUnavailable(error);
	if (error.code === 'email_not_confirmed') return { ok: false, reason: 'email_not_confirmed' };
	return { ok: false, reason: 'invalid_credentials' };
}

/**
 * Magic links and password resets answer the same whether or not the address has an account:
 * GoTrue's "Signups not allowed for otp", and the per-address email rate limit (which only an
 * existing account can hit), would otherwise tell. Outages still surface.
 */
function swallowAccountHints(error: AuthError): void {
	throwIfUnavailable(error);
}

/** Network failures (status 0) and 5xx are not answers about the user: let the caller fail. */
function throwIfUnavailable(error: AuthError): void {
	const status = error.status ?? 0;
	if (status > 0 && status < 500) return;
	throw new Error(`Supabase Auth is unavailable: ${error.message}`, { cause: error });
}
