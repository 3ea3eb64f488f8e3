import type { Cookies } from '@sveltejs/kit';
import type { Claims } from '../db/claims';

export interface AuthUser {
	id: string;
	email: string;
}

/** A user whose identity was verified on this request, with the claims RLS will see. */
export interface VerifiedUser extends AuthUser {
	claims: Claims;
}

export type EmailLinkType = 'magiclink' | 'recovery';

export type SignUpResult =
	| { ok: true; user: AuthUser; signedIn: boolean }
	| { ok: false; reason: 'email_taken' | 'weak_password' | 'rejected'; message?: string };

export type SignInResult =
	{ ok: true; user: AuthUser } | { ok: false; reason: 'invalid_credentials' };

/** What one request needs to know to act for its caller. */
export interface RequestContext {
	cookies: Cookies;
	url: URL;
	setHeaders?: (headers: Record<string, string>) => void;
}

/**
 * One interface, two implementations: local (passwords and sessions in our own database) and
 * Supabase Auth. An instance is bound to one request and its cookies.
 */
export interface Auth {
	/** The verified user, or null: a missing, expired, revoked or forged session is anonymous. */
	getUser(): Promise<VerifiedUser | null>;
	signUp(input: {
		email: string;
		password: string;
		displayName?: string;
		locale: 'en' | 'es';
		/** Where the confirmation link (if any) should land. */
		redirectTo: URL;
	}): Promise<SignUpResult>;
	signIn(input: { email: string; password: string }): Promise<SignInResult>;
	signOut(): Promise<void>;
	/** Sends a sign-in link. Says nothing about whether the address has an account. */
	sendMagicLink(email: string, redirectTo: URL): Promise<void>;
	/** Sends a password-reset link. Says nothing about whether the address has an account. */
	sendPasswordReset(email: string, redirectTo: URL): Promise<void>;
	/** Verifies a link from one of those emails and signs its user in. */
	verifyEmailLink(tokenHash: string, type: EmailLinkType): Promise<AuthUser | null>;
	/** Sets a new password for the signed-in user. */
	updatePassword(password: string): Promise<void>;
}
