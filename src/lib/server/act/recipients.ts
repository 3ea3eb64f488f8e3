/**
 * The people a pending resolution's call to act writes to: public officials' names, roles and
 * office addresses. The campaign team (and site admins) keep the list; RLS shows it to everyone
 * once the resolution is published.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '../db';

/** More would not fit in one mailto link, and no body has that many members to write to. */
export const MAX_RECIPIENTS = 50;

// The database check is looser (any x@y.z); this one also refuses what mail clients choke on.
const EMAIL = /^[^@\s,;<>"()]+@[^@\s,;<>"()]+\.[^@\s,;<>"()]+$/;

export const recipientSchema = z.object({
	name: z
		.string()
		.trim()
		.min(1, { error: () => m.act_error_name() })
		.max(200, { error: () => m.act_error_name() }),
	role: z
		.string()
		.trim()
		.max(200, { error: () => m.act_error_role() })
		.optional()
		.transform((role) => role || null),
	email: z
		.string()
		.trim()
		.max(320, { error: () => m.act_error_email() })
		.regex(EMAIL, { error: () => m.act_error_email() })
});
export type RecipientInput = z.infer<typeof recipientSchema>;

export const recipientIdSchema = z.object({
	recipient_id: z.uuid({ error: () => m.act_error_recipient_missing() })
});

export interface Recipient {
	id: string;
	name: string;
	role: string | null;
	email: string;
}

export async function listRecipients(tx: Tx, resolutionId: string): Promise<Recipient[]> {
	return tx
		.selectFrom('resolution_recipients')
		.select(['id', 'name', 'role', 'email'])
		.where('resolution_id', '=', resolutionId)
		.orderBy('position')
		.orderBy('created_at')
		.execute();
}

/** Adds one at the end of the list; false when the list is already full. */
export async function addRecipient(
	tx: Tx,
	resolutionId: string,
	input: RecipientInput
): Promise<boolean> {
	const { count, last } = await tx
		.selectFrom('resolution_recipients')
		.select([
			sql<number>`count(*)::int`.as('count'),
			sql<number>`coalesce(max(position), -1)::int`.as('last')
		])
		.where('resolution_id', '=', resolutionId)
		.executeTakeFirstOrThrow();
	if (count >= MAX_RECIPIENTS) return false;
	await tx
		.insertInto('resolution_recipients')
		.values({ resolution_id: resolutionId, ...input, position: Math.min(last + 1, 1000) })
		.execute();
	return true;
}

/** False when no such recipient belongs to this resolution (or RLS hides it). */
export async function updateRecipient(
	tx: Tx,
	resolutionId: string,
	recipientId: string,
	input: RecipientInput
): Promise<boolean> {
	const result = await tx
		.updateTable('resolution_recipients')
		.set(input)
		.where('id', '=', recipientId)
		.where('resolution_id', '=', resolutionId)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

export async function removeRecipient(
	tx: Tx,
	resolutionId: string,
	recipientId: string
): Promise<boolean> {
	const result = await tx
		.deleteFrom('resolution_recipients')
		.where('id', '=', recipientId)
		.where('resolution_id', '=', resolutionId)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}
