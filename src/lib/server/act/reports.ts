/**
 * "I sent it": anonymous action reports, one row per report with nothing but the resolution and
 * the time, counted per resolution the way urgent-action campaigns count their supporters'
 * letters. RLS accepts a report only on a published resolution whose vote is pending.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, Tx } from '../db';
import { takeRateLimit, type Limit } from '../rate-limit';

/**
 * Per address and resolution. Generous enough for a household or an office behind one address,
 * low enough that nobody inflates a count by clicking.
 */
export const ACTION_LIMIT: Limit = { max: 5, windowSeconds: 3600 };

/**
 * The rate-limit key, per address and resolution. Plain here: the database keeps only a hash of
 * it keyed with a secret of its own, so the limits table never holds the visitor's address.
 */
export function actionLimitKey(ip: string, resolutionId: string): string {
	return `act:ip:${resolutionId}:${ip}`;
}

/** Whether reports are taken: the resolution is published and its vote pending. */
export async function isOpenForReports(tx: Tx, resolutionId: string): Promise<boolean> {
	const result = await sql<{ open: boolean }>`
		select private.is_pending_published_resolution(${resolutionId}) as open
	`.execute(tx);
	return result.rows[0]?.open === true;
}

/**
 * Counts one report against the limit; 0 when allowed, else the seconds to wait. On the owner
 * handle (the limits table is private), and never inside a claims transaction: on PGlite both
 * share one database session, and the second would wait for the first forever.
 */
export function limitActionReport(owner: Kysely<DB>, ip: string, resolutionId: string) {
	return takeRateLimit(owner, actionLimitKey(ip, resolutionId), ACTION_LIMIT);
}

/** Records one report; RLS refuses it (42501) unless the resolution is open for reports. */
export async function recordAction(tx: Tx, resolutionId: string): Promise<void> {
	await tx.insertInto('resolution_actions').values({ resolution_id: resolutionId }).execute();
}

/** How many reports the caller may see for this resolution (RLS: published ones, or the team's). */
export async function actionCount(tx: Tx, resolutionId: string): Promise<number> {
	const row = await tx
		.selectFrom('resolution_actions')
		.select(sql<number>`count(*)::int`.as('count'))
		.where('resolution_id', '=', resolutionId)
		.executeTakeFirstOrThrow();
	return row.count;
}
