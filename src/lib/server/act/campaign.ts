/**
 * The call to act, seen from both sides: the campaign as its organizers edit it, and what a
 * visitor to the public page is asked to do.
 */
import { sql } from 'kysely';
import type { Tx } from '../db';
import type { CampaignForLetter } from './letter';
import { listRecipients, type Recipient } from './recipients';
import { actionCount } from './reports';

export interface ActCampaign extends CampaignForLetter {
	id: string;
	status: string;
	/** The language of the template the campaign started from, if any. */
	language: string | null;
	letterSubject: string | null;
	letterBody: string | null;
}

/**
 * The campaign when the caller may edit it (its team, site admins); undefined otherwise — also
 * for a published resolution a stranger can read, so the organizer page is a 404 for them.
 * Signed-in callers only (anon may not run can_edit_resolution; the page asks to sign in first).
 */
export async function getActCampaign(tx: Tx, id: string): Promise<ActCampaign | undefined> {
	const row = await tx
		.selectFrom('resolutions as r')
		.innerJoin('places as p', 'p.id', 'r.place_id')
		.leftJoin('template_versions as v', 'v.id', 'r.template_version_id')
		.leftJoin('templates as t', 't.id', 'v.template_id')
		.select([
			'r.id',
			'r.slug',
			'r.title',
			'r.status',
			'r.stage',
			'r.body',
			'r.visibility',
			'r.letter_subject',
			'r.letter_body',
			'r.template_values',
			'p.name as place_name',
			'p.kind as place_kind',
			't.language',
			sql<boolean>`private.can_edit_resolution(r.id)`.as('can_edit')
		])
		.where('r.id', '=', id)
		.executeTakeFirst();
	if (!row?.can_edit) return undefined;
	return {
		id: row.id,
		slug: row.slug,
		title: row.title,
		status: row.status,
		stage: row.stage,
		body: row.body,
		placeKind: row.place_kind,
		visibility: row.visibility as ActCampaign['visibility'],
		language: row.language,
		letterSubject: row.letter_subject,
		letterBody: row.letter_body,
		placeName: row.place_name,
		templateValues: stringValues(row.template_values)
	};
}

/** template_values is JSON written by the template form; keep only its string entries. */
function stringValues(json: unknown): Record<string, string> {
	const value = typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
	if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
	return Object.fromEntries(
		Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
	);
}

export interface CallToAct {
	/** Open while the vote is pending on a published resolution. */
	open: boolean;
	recipients: Recipient[];
	subject: string | null;
	body: string | null;
	count: number;
}

/**
 * What the public page shows: the letter and its recipients while the vote is pending, the count
 * of reports on any published resolution (it stays after the vote). Null when there is nothing to
 * show: a draft, or a resolution that never had a call to act.
 */
export async function callToAct(
	tx: Tx,
	resolution: { id: string; status: string; visibility: string }
): Promise<CallToAct | null> {
	if (resolution.visibility !== 'published') return null;
	const count = await actionCount(tx, resolution.id);
	const open = resolution.status === 'pending';
	if (!open) return count > 0 ? { open, recipients: [], subject: null, body: null, count } : null;
	const [recipients, letter] = await Promise.all([
		listRecipients(tx, resolution.id),
		tx
			.selectFrom('resolutions')
			.select(['letter_subject', 'letter_body'])
			.where('id', '=', resolution.id)
			.executeTakeFirst()
	]);
	if (recipients.length === 0 && !letter?.letter_body) return null;
	return {
		open,
		recipients,
		subject: letter?.letter_subject ?? null,
		body: letter?.letter_body ?? null,
		count
	};
}
