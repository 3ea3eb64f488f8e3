/**
 * A campaign's team: leads and editors, invite links that expire after 7 days, role changes and
 * departures. The database keeps a lead on every campaign (checked at commit), so a change that
 * would leave none fails as a whole.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { TeamInviteView } from '$lib/campaigns/invite';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '../db';
import { hashInviteToken, INVITE_TOKEN, newInviteToken } from '../invites';

export interface TeamMember {
	userId: string;
	name: string;
	role: 'lead' | 'editor';
}

export async function listTeam(tx: Tx, resolutionId: string): Promise<TeamMember[]> {
	const rows = await tx
		.selectFrom('resolution_members as rm')
		.leftJoin('profiles as pr', 'pr.id', 'rm.user_id')
		.where('rm.resolution_id', '=', resolutionId)
		.select(['rm.user_id', 'pr.display_name', 'rm.role'])
		.orderBy('rm.role', 'desc')
		.orderBy('rm.joined_at')
		.execute();
	return rows.map((row) => ({
		userId: row.user_id,
		name: row.display_name ?? m.organize_member_unnamed(),
		role: row.role as 'lead' | 'editor'
	}));
}

export const inviteSchema = z.object({
	role: z.enum(['lead', 'editor'], { error: () => m.organize_error_role() })
});

export const memberSchema = z.object({
	user_id: z.uuid({ error: () => m.organize_error_member() })
});

export const roleSchema = memberSchema.extend({
	role: z.enum(['lead', 'editor'], { error: () => m.organize_error_role() })
});

/** A new invite link's secret: only its hash is stored, the link is shown once. */
export async function createTeamInvite(
	tx: Tx,
	resolutionId: string,
	userId: string,
	role: 'lead' | 'editor'
): Promise<string> {
	const { token, hash } = newInviteToken();
	await tx
		.insertInto('resolution_invites')
		.values({ resolution_id: resolutionId, token_hash: hash, role })
		.execute();
	return token;
}

export async function listTeamInvites(tx: Tx, resolutionId: string) {
	return tx
		.selectFrom('resolution_invites')
		.where('resolution_id', '=', resolutionId)
		.where('revoked_at', 'is', null)
		.where('used_at', 'is', null)
		.where('expires_at', '>', new Date())
		.select(['id', 'role', 'expires_at'])
		.orderBy('created_at', 'desc')
		.execute();
}

export async function revokeTeamInvite(
	tx: Tx,
	resolutionId: string,
	inviteId: string
): Promise<boolean> {
	const result = await tx
		.updateTable('resolution_invites')
		.set({ revoked_at: new Date() })
		.where('id', '=', inviteId)
		.where('resolution_id', '=', resolutionId)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/**
 * What a valid invite is for, so its page says so before anyone joins; null for an unknown, used,
 * expired or revoked link (never saying which). Anyone holding the link may read this much.
 */
export async function describeTeamInvite(tx: Tx, token: string): Promise<TeamInviteView | null> {
	if (!INVITE_TOKEN.test(token)) return null;
	const { rows } = await sql<{
		title: string;
		place_name: string;
		state_code: string;
		inviter: string | null;
		role: 'lead' | 'editor';
		expires_at: Date;
	}>`select * from private.describe_campaign_invite(${hashInviteToken(token)})`.execute(tx);
	const row = rows[0];
	return row
		? {
				title: row.title,
				place: `${row.place_name}, ${row.state_code}`,
				inviter: row.inviter,
				role: row.role,
				validUntil: new Date(row.expires_at).toISOString().slice(0, 10)
			}
		: null;
}

/** Joins the caller to the invite's campaign; null for an unknown, expired or revoked link. */
export async function acceptTeamInvite(tx: Tx, token: string): Promise<string | null> {
	const { rows } = await sql<{ resolution_id: string | null }>`
		select private.accept_campaign_invite(${hashInviteToken(token)}) as resolution_id
	`.execute(tx);
	return rows[0]?.resolution_id ?? null;
}

/** Changes a member's role; false when they are not on this team. */
export async function setTeamRole(
	tx: Tx,
	resolutionId: string,
	userId: string,
	role: 'lead' | 'editor'
): Promise<boolean> {
	const result = await tx
		.updateTable('resolution_members')
		.set({ role })
		.where('resolution_id', '=', resolutionId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** Removes a member (a lead removing anyone, or a member leaving); false when not on the team. */
export async function removeTeamMember(
	tx: Tx,
	resolutionId: string,
	userId: string
): Promise<boolean> {
	const result = await tx
		.deleteFrom('resolution_members')
		.where('resolution_id', '=', resolutionId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}

/** The keep-a-lead trigger's refusal, raised at commit. */
export function isLastLeadError(caught: unknown): boolean {
	return (
		typeof caught === 'object' &&
		caught !== null &&
		'code' in caught &&
		(caught as { code?: string }).code === '23514' &&
		String((caught as { message?: string }).message).includes('keep at least one lead')
	);
}
