import { sql, type Kysely } from 'kysely';
import type { DB } from './db';

export interface Limit {
	max: number;
	windowSeconds: number;
}

/** Per-IP and per-email limits on the auth forms (fixed windows, shared by every app process). */
export const AUTH_LIMITS = {
	signIn: { perIp: { max: 30, windowSeconds: 900 }, perEmail: { max: 10, windowSeconds: 900 } },
	signUp: { perIp: { max: 20, windowSeconds: 3600 }, perEmail: { max: 5, windowSeconds: 3600 } },
	emailLink: { perIp: { max: 20, windowSeconds: 3600 }, perEmail: { max: 5, windowSeconds: 3600 } }
} satisfies Record<string, { perIp: Limit; perEmail: Limit }>;

export type AuthAction = keyof typeof AUTH_LIMITS;

/**
 * Counts one attempt; returns 0 when allowed, else the seconds to wait (for Retry-After). The key
 * may name a person (`signIn:ip:<address>`, `signIn:email:<email>`): the database stores only a
 * hash of it keyed with a secret of its own (`private.rate_limit_key`), so callers pass it plain.
 */
export async function takeRateLimit(db: Kysely<DB>, key: string, limit: Limit): Promise<number> {
	const result = await sql<{ wait: number }>`
		select private.take_rate_limit(${key}, ${limit.max}, ${limit.windowSeconds}) as wait
	`.execute(db);
	return result.rows[0]?.wait ?? 0;
}

/** Both limits of an auth action are counted; the longer wait wins. */
export async function limitAuthAttempt(
	db: Kysely<DB>,
	action: AuthAction,
	ip: string,
	email: string | undefined
): Promise<number> {
	const limits = AUTH_LIMITS[action];
	const waits = [await takeRateLimit(db, `${action}:ip:${ip}`, limits.perIp)];
	if (email)
		waits.push(await takeRateLimit(db, `${action}:email:${email.toLowerCase()}`, limits.perEmail));
	return Math.max(...waits);
}

/**
 * Deletes the limits whose window is over; returns how many went. Run by the maintenance job, so
 * a key is kept no longer than its window and the time to the next run.
 */
export async function purgeRateLimits(db: Kysely<DB>): Promise<number> {
	const result = await sql<{ purged: number }>`
		select private.purge_rate_limits() as purged
	`.execute(db);
	return result.rows[0]?.purged ?? 0;
}
