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

export type Tx = Transaction<DB>;

// `set local role` takes no bind parameter, so the role comes from this fixed list.
const ROLE_STATEMENTS = {
	anon: sql.raw('set local role anon'),
	authenticated: sql.raw('set local role authenticated')
} as const;

/**
 * Runs `fn` in one transaction as the caller: the claims go into `request.jwt.claims` and the
 * role is switched, exactly as PostgREST does, so Row Level Security decides what it sees.
 */
export async function withClaims<T>(
	db: Kysely<DB>,
	claims: Claims,
	fn: (tx: Tx) => Promise<T>
): Promise<T> {
	const role = ROLE_STATEMENTS[claims.role];
	if (!role) throw new Error(`Unknown role ${String(claims.role)}`);
	if (claims.role === 'authenticated' && !claims.sub) {
		throw new Error('authenticated claims need a subject');
	}
	return db.transaction().execute(async (tx) => {
		await sql`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`.execute(tx);
		await role.execute(tx);
		return fn(tx);
	});
}

export function userClaims(user: { id: string; email?: string | null }): Claims {
	return { role: 'authenticated', sub: user.id, email: user.email ?? undefined };
}
