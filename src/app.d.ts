import type { Auth, VerifiedUser } from '$lib/server/auth/types';
import type { Claims, Tx } from '$lib/server/db';
import type { Storage } from '$lib/server/storage/types';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** Quoted to support staff; the details stay in the server log. */
			errorId?: string;
		}
		interface Locals {
			auth: Auth;
			user: VerifiedUser | null;
			claims: Claims;
			/** Runs `fn` in one transaction as this request's caller, under RLS. */
			withClaims<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
			storage: Storage;
			theme: 'system' | 'light' | 'dark';
			/** Set by handleError when PostgreSQL was away (restarting): the answer becomes a 503. */
			databaseAway?: boolean;
		}
		interface PageData {
			user: { id: string; email: string } | null;
		}
	}
}

export {};
