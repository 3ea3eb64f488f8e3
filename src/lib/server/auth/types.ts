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

/**
 * What an email link is for: confirming a new account ('signup'; Supabase's templates may send
 * 'email', which covers a confirmation or a sign-in link), signing in, or resetting a password.
 */
export type EmailLinkType = 'signup' | 'email' | 'magiclink' | 'recovery';

export type Locale = 'en' | 'es';

/**
 * `signedIn: false` means "check your mail", and is the answer for every address: a new one, one
 * with an unconfirmed account and one with an account already. `user` is then only what the
 * server said (Supabase and the local adapter answer an existing address with a look-alike):
 * never use it to tell the visitor anything. `email_taken` comes only from a Supabase project
 * that confirms sign-ups at once (no mail round trip), which then tells anyway.
 */
export type SignUpResult =
	| { ok: true; user: AuthUser; signedIn: boolean }
	| { ok: false; reason: 'email_taken' | 'weak_password' | 'rejected'; message?: string };

/**
 * `email_not_confirmed` only after the password was right, as Supabase Auth answers it: someone
 * who does not know the password learns nothing about the address.
 */
export type SignInResult =
	| { ok: true; user: AuthUser }
	| { ok: false; reason: 'invalid_credentials' | 'email_not_confirmed' };

/** A followed email link: its user, now signed in. */
export interface LinkedUser extends AuthUser {
	/**
	 * The link confirmed an account somewhere other than the browser that chose its password: the
	 * account has no password now (see the README's Security section) and should choose one.
	 */
	choosePassword?: boolean;
}

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
	/**
	 * Creates an unconfirmed account and mails it a confirmation link; never signs in unless the
	 * Supabase project confirms at once. The same answer whatever the address (see SignUpResult).
	 */
	signUp(input: {
		email: string;
		password: string;
		displayName?: string;
		/** The visitor's language, for the email. */
		locale: Locale;
		/** Where the confirmation link should land once followed. */
		redirectTo: URL;
	}): Promise<SignUpResult>;
	signIn(input: { email: string; password: string }): Promise<SignInResult>;
	signOut(): Promise<void>;
	/**
	 * Sends a sign-in link; to an unconfirmed account, a new confirmation link instead (as
	 * Supabase Auth does): this is also how a visitor asks for the confirmation again. Says
	 * nothing about whether the address has an account.
	 */
	sendMagicLink(email: string, redirectTo: URL, locale?: Locale): Promise<void>;
	/** Sends a password-reset link. Says nothing about whether the address has an account. */
	sendPasswordReset(email: string, redirectTo: URL, locale?: Locale): Promise<void>;
	/**
	 * Verifies a link from one of those emails and signs its user in. A link proves the address:
	 * it confirms an unconfirmed account.
	 */
	verifyEmailLink(tokenHash: string, type: EmailLinkType): Promise<LinkedUser | null>;
	/** Sets a new password for the signed-in user. */
	updatePassword(password: string): Promise<void>;
	/**
	 * Deletes the signed-in user's account and signs out: profile and sessions go with it, rows
	 * they wrote keep a null author. In both modes the account row is deleted over the database
	 * owner's connection, the auth server's own business (Supabase Auth does the same).
	 */
	deleteAccount(): Promise<void>;
}
