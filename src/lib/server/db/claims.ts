import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema';

/** The JWT claims PostgREST would put in `request.jwt.claims`; policies read them. */
export interface Claims {
	role: 'anon' | 'authenticated';
	sub?: string;
	email?: string;
	aal?: string;
	session_id?: string;
}

export const ANON: Claims = { role: 'anon' };

declare const claimsScoped: unique symbol;

/**
 * A transaction that runs as its caller — claims set, role switched — so Row Level Security
 * decides what it sees. Only withClaims() makes one: a transaction on the owner's connection
 * (which bypasses RLS) is not a Tx, and a domain function that takes a Tx cannot be handed one.
 */
export type Tx = Transaction<DB> & { readonly [claimsScoped]: true };

// Only these roles may ever be assumed; the name is checked against this list before use.
const ROLES = new Set(['anon', 'authenticated']);

/**
 * Runs `fn` in one transaction as the caller: the claims go into `request.jwt.claims` and the
 * role is switched, exactly as PostgREST does, so Row Level Security decides what it sees.
 */
export async function withClaims<T>(
	db: Kysely<DB>,
	claims: Claims,
	fn: (tx: Tx) => Promise<T>
): Promise<T> {
	if (!ROLES.has(claims.role)) throw new Error(`Unknown role ${String(claims.role)}`);
	if (claims.role === 'authenticated' && !claims.sub) {
		throw new Error('authenticated claims need a subject');
	}
	return db.transaction().execute(async (tx) => {
		// One round trip, as PostgREST does it: set_config('role', …, true) is `set local role`.
		await sql`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
			set_config('role', ${claims.role}, true)`.execute(tx);
		return fn(tx as Tx);
	});
}

export function userClaims(user: { id: string; email?: string | null }): Claims {
	return { role: 'authenticated', sub: user.id, email: user.email ?? undefined };
}
