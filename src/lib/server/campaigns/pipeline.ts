/**
 * Moving a campaign along its body's pipeline: every change is a dated event with a note, and a
 * move the pipeline does not allow is refused with a message (src/lib/pipeline.ts has the rules).
 */
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { allowedMoves, isEndState, statusForStage } from '$lib/pipeline';
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

/** Applies the move: the resolution's stage or outcome, and its event, in the caller's transaction. */
export async function moveCampaign(
	tx: Tx,
	campaign: Campaign,
	userId: string,
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

	const stage = kind === 'stage' ? target : campaign.stage;
	const status = kind === 'stage' ? statusForStage(campaign.place.kind, target) : target;
	// The decision date is when the body decided: set by the move that decides, cleared when a
	// tabled resolution is taken up again, kept otherwise (adopted → signed).
	const decision =
		status === 'pending'
			? { decided_on: null, decided_on_precision: null }
			: status !== campaign.status
				? { decided_on: input.occurred_on, decided_on_precision: 'day' }
				: {};
	await tx
		.updateTable('resolutions')
		.set({ stage, status, ...decision })
		.where('id', '=', campaign.id)
		.execute();
	await tx
		.insertInto('resolution_events')
		.values({
			resolution_id: campaign.id,
			occurred_on: input.occurred_on,
			stage: kind === 'stage' ? target : null,
			status,
			note: input.note,
			source_url: input.source_url,
			created_by: userId
		})
		.execute();
}
