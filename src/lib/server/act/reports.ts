/**
 * "I sent it": anonymous action reports, one row per report with nothing but the resolution and
 * the time, counted per resolution the way urgent-action campaigns count their supporters'
 * letters. Only private.record_sent_letter() writes them: on a published resolution whose vote
 * is pending, within the rate limits.
 */
import { sql } from 'kysely';
import type { Tx } from '../db';

/** Per address and resolution (private.record_sent_letter applies it), for messages and tests. */
export const ACTION_LIMIT = { max: 5, windowSeconds: 3600 } as const;

/** Whether reports are taken: the resolution is published and its vote pending. */
export async function isOpenForReports(tx: Tx, resolutionId: string): Promise<boolean> {
	const result = await sql<{ open: boolean }>`
		select private.is_pending_published_resolution(${resolutionId}) as open
	`.execute(tx);
	return result.rows[0]?.open === true;
}

/**
 * Records one report through private.record_sent_letter(), which refuses (42501) a resolution
 * not taking reports and applies the rate limits inside the database; 0 when counted, else the
 * seconds to wait. `client` is the sender's address: only a keyed hash of it is kept, for the
 * limit's window.
 */
export async function recordSentLetter(
	tx: Tx,
	resolutionId: string,
	client: string
): Promise<number> {
	const { rows } = await sql<{ wait: number }>`
		select private.record_sent_letter(${resolutionId}, ${client}, '') as wait`.execute(tx);
	return rows[0]?.wait ?? 0;
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
