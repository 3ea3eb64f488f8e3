/**
 * Campaigns as their organizers see them: the ones I belong to, one with everything its editor
 * needs, and its edits. Every function runs in the caller's claims-scoped transaction; RLS
 * decides who may read and write, these functions shape and validate.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '../db';

export const DEFAULT_STALE_DAYS = 60;

export type CampaignRole = 'lead' | 'editor' | 'admin';

export interface CampaignSummary {
	id: string;
	slug: string;
	title: string;
	placeName: string;
	placeKind: string;
	stateCode: string;
	stage: string | null;
	status: string;
	visibility: 'draft' | 'published';
	nextStep: string | null;
	nextStepOn: string | null;
	role: 'lead' | 'editor';
	lastActivity: Date;
	/** Nothing recorded for `staleDays` days: the organizers may have lost track. */
	stale: boolean;
}

/** The campaigns the caller belongs to, the most recently active first. */
export async function listMyCampaigns(
	tx: Tx,
	userId: string,
	staleDays: number,
	now = new Date()
): Promise<CampaignSummary[]> {
	const rows = await tx
		.selectFrom('resolution_members as me')
		.innerJoin('resolutions as r', 'r.id', 'me.resolution_id')
		.innerJoin('places as p', 'p.id', 'r.place_id')
		.where('me.user_id', '=', userId)
		.select([
			'r.id',
			'r.slug',
			'r.title',
			'r.stage',
			'r.status',
			'r.visibility',
			'r.next_step',
			'r.next_step_on',
			'me.role',
			'p.name as place_name',
			'p.kind as place_kind',
			'p.state_code',
			sql<Date>`greatest(r.updated_at, (
				select max(e.created_at) from public.resolution_events e where e.resolution_id = r.id
			))`.as('last_activity')
		])
		.orderBy('last_activity', 'desc')
		.execute();
	const cutoff = now.getTime() - staleDays * 86_400_000;
	return rows.map((row) => ({
		id: row.id,
		slug: row.slug,
		title: row.title,
		placeName: row.place_name,
		placeKind: row.place_kind,
		stateCode: row.state_code,
		stage: row.stage,
		status: row.status,
		visibility: row.visibility as 'draft' | 'published',
		nextStep: row.next_step,
		nextStepOn: row.next_step_on,
		role: row.role as 'lead' | 'editor',
		lastActivity: new Date(row.last_activity),
		stale: new Date(row.last_activity).getTime() < cutoff
	}));
}

export interface Campaign {
	id: string;
	slug: string;
	title: string;
	text: string;
	body: string | null;
	stage: string | null;
	status: string;
	visibility: 'draft' | 'published';
	officialNumber: string | null;
	officialUrl: string | null;
	votesFor: number | null;
	votesAgainst: number | null;
	votesAbstain: number | null;
	nextStep: string | null;
	nextStepOn: string | null;
	endorsers: string[];
	decidedOn: string | null;
	templateVersionId: string | null;
	templateValues: Record<string, string>;
	place: { id: string; name: string; kind: string; stateCode: string };
	/** Site admins may run any campaign; they act with a lead's rights. */
	myRole: CampaignRole;
}

/** The campaign, if the caller is on its team or a site admin; null otherwise (a 404). */
export async function getCampaign(tx: Tx, id: string, userId: string): Promise<Campaign | null> {
	if (!z.uuid().safeParse(id).success) return null;
	const row = await tx
		.selectFrom('resolutions as r')
		.innerJoin('places as p', 'p.id', 'r.place_id')
		.leftJoin('resolution_members as me', (join) =>
			join.onRef('me.resolution_id', '=', 'r.id').on('me.user_id', '=', userId)
		)
		.where('r.id', '=', id)
		.select([
			'r.id',
			'r.slug',
			'r.title',
			'r.text',
			'r.body',
			'r.stage',
			'r.status',
			'r.visibility',
			'r.official_number',
			'r.official_url',
			'r.votes_for',
			'r.votes_against',
			'r.votes_abstain',
			'r.next_step',
			'r.next_step_on',
			'r.endorsers',
			'r.decided_on',
			'r.template_version_id',
			'r.template_values',
			'p.id as place_id',
			'p.name as place_name',
			'p.kind as place_kind',
			'p.state_code',
			'me.role',
			sql<boolean>`(select private.is_site_admin())`.as('site_admin')
		])
		.executeTakeFirst();
	if (!row) return null;
	const role: CampaignRole | null = row.role
		? (row.role as 'lead' | 'editor')
		: row.site_admin
			? 'admin'
			: null;
	if (!role) return null;
	return {
		id: row.id,
		slug: row.slug,
		title: row.title,
		text: row.text ?? '',
		body: row.body,
		stage: row.stage,
		status: row.status,
		visibility: row.visibility as 'draft' | 'published',
		officialNumber: row.official_number,
		officialUrl: row.official_url,
		votesFor: row.votes_for,
		votesAgainst: row.votes_against,
		votesAbstain: row.votes_abstain,
		nextStep: row.next_step,
		nextStepOn: row.next_step_on,
		endorsers: row.endorsers,
		decidedOn: row.decided_on,
		templateVersionId: row.template_version_id,
		templateValues: (row.template_values ?? {}) as Record<string, string>,
		place: {
			id: row.place_id,
			name: row.place_name,
			kind: row.place_kind,
			stateCode: row.state_code
		},
		myRole: role
	};
}

export const canLead = (campaign: Pick<Campaign, 'myRole'>) => campaign.myRole !== 'editor';

const optionalText = (max: number, message: () => string) =>
	z
		.string()
		.trim()
		.max(max, { error: message })
		.transform((value) => value || null);

const optionalCount = z
	.string()
	.trim()
	.regex(/^\d{0,4}$/, { error: () => m.organize_error_votes() })
	.transform((value) => (value === '' ? null : Number(value)));

const optionalUrl = z
	.string()
	.trim()
	.max(2000, { error: () => m.organize_error_url() })
	.refine((value) => value === '' || /^https?:\/\/[^\s]+$/.test(value), {
		error: () => m.organize_error_url()
	})
	.transform((value) => value || null);

export const editorSchema = z.object({
	title: z
		.string()
		.trim()
		.min(1, { error: () => m.organize_error_title() })
		.max(300, { error: () => m.organize_error_title() }),
	text: z
		.string()
		.max(100_000, { error: () => m.organize_error_text() })
		.transform((value) => value.replace(/\r\n/g, '\n')),
	body: optionalText(200, () => m.organize_error_body()),
	official_number: optionalText(100, () => m.organize_error_official_number()),
	official_url: optionalUrl,
	votes_for: optionalCount,
	votes_against: optionalCount,
	votes_abstain: optionalCount,
	next_step: optionalText(300, () => m.organize_error_next_step()),
	next_step_on: z
		.string()
		.trim()
		.refine((value) => value === '' || isDateInRange(value), {
			error: () => m.organize_error_date()
		})
		.transform((value) => value || null),
	// One endorser per line.
	endorsers: z
		.string()
		.max(20_000, { error: () => m.organize_error_endorsers() })
		.transform((value) =>
			value
				.split(/\r?\n/)
				.map((line) => line.trim())
				.filter(Boolean)
		)
		.refine((lines) => lines.length <= 200 && lines.every((line) => line.length <= 200), {
			error: () => m.organize_error_endorsers()
		})
});
export type EditorInput = z.infer<typeof editorSchema>;

export function isDateInRange(value: string): boolean {
	return (
		/^\d{4}-\d{2}-\d{2}$/.test(value) &&
		!Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
		new Date(`${value}T00:00:00Z`).toISOString().startsWith(value) &&
		value >= '1980-01-01' &&
		value <= '2100-12-31'
	);
}

export async function saveCampaign(tx: Tx, id: string, input: EditorInput): Promise<void> {
	await tx
		.updateTable('resolutions')
		.set({
			title: input.title,
			text: input.text,
			body: input.body,
			official_number: input.official_number,
			official_url: input.official_url,
			votes_for: input.votes_for,
			votes_against: input.votes_against,
			votes_abstain: input.votes_abstain,
			next_step: input.next_step,
			next_step_on: input.next_step_on,
			endorsers: input.endorsers
		})
		.where('id', '=', id)
		.execute();
}

/** Publishing is a lead's decision (the database refuses it from an editor). */
export async function setVisibility(
	tx: Tx,
	id: string,
	visibility: 'draft' | 'published'
): Promise<void> {
	await tx.updateTable('resolutions').set({ visibility }).where('id', '=', id).execute();
}

/** Deletes a draft campaign (leads only, drafts only: RLS). Returns whether it was deleted. */
export async function deleteDraft(tx: Tx, id: string): Promise<boolean> {
	const result = await tx
		.deleteFrom('resolutions')
		.where('id', '=', id)
		.where('visibility', '=', 'draft')
		.executeTakeFirst();
	return result.numDeletedRows > 0n;
}
