/**
 * Moving a campaign along its body's pipeline: every change is a dated event with a note, and a
 * move the pipeline does not allow is refused with a message (src/lib/pipeline.ts has the rules).
 */
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { sql } from 'kysely';
import { allowedMoves, isEndState } from '$lib/pipeline';
import type { Tx } from '../db';
import { isDateInRange, type Campaign } from './campaigns';

export const moveSchema = z.object({
	// `stage:<stage>` or `end:<failed|withdrawn|tabled>`, as the editor's select offers them.
	move: z.string().regex(/^(stage|end):[a-z_]{2,40}$/, { error: () => m.organize_error_move() }),
	occurred_on: z
		.string()
		.trim()
		.refine(isDateInRange, { error: () => m.organize_error_date() }),
	note: z
		.string()
		.trim()
		.min(1, { error: () => m.organize_error_note() })
		.max(2000, { error: () => m.organize_error_note() }),
	source_url: z
		.string()
		.trim()
		.max(2000, { error: () => m.organize_error_url() })
		.refine((value) => value === '' || /^https?:\/\/[^\s]+$/.test(value), {
			error: () => m.organize_error_url()
		})
		.transform((value) => value || null)
});
export type MoveInput = z.infer<typeof moveSchema>;

/** Why a move was refused, for the form. */
export class MoveRefused extends Error {}

/**
 * Applies the move through the database's private.move_resolution(), which checks the same rules
 * and writes the stage or outcome, the decision date and the event in one go: a client cannot
 * change a resolution's stage or outcome any other way. Checked here first for the message.
 */
export async function moveCampaign(
	tx: Tx,
	campaign: Campaign,
	input: MoveInput,
	today: string
): Promise<void> {
	if (input.occurred_on > today) throw new MoveRefused(m.organize_error_future());
	const [kind, target] = input.move.split(':') as ['stage' | 'end', string];
	const allowed = allowedMoves(campaign.place.kind, campaign.stage, campaign.status);
	const legal =
		kind === 'stage'
			? allowed.stages.includes(target)
			: isEndState(target) && allowed.ends.includes(target);
	if (!legal) throw new MoveRefused(m.organize_error_illegal_move());
	try {
		await sql`select private.move_resolution(${campaign.id}, ${input.move},
			${input.occurred_on}::date, ${input.note}, ${input.source_url})`.execute(tx);
	} catch (error) {
		// The database's own refusal (a move made meanwhile by someone else, say).
		const { code, hint } = error as { code?: string; hint?: string };
		if (code !== '23514') throw error;
		throw new MoveRefused(
			hint === 'future' ? m.organize_error_future() : m.organize_error_illegal_move()
		);
	}
}
