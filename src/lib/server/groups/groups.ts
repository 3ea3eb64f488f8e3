/**
 * Sponsor groups: create one, list mine, read one, manage members and invites. Every function
 * runs in the caller's claims-scoped transaction: RLS decides, these functions only shape.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { COMMITTEES } from '$lib/groups';
import { isStateCode } from '$lib/states';
import type { Tx } from '../db';
import { hashInviteToken, newInviteToken } from '../invites';
import { checklistSchema, type Program } from './programs';

export const groupSchema = z.object({
	name: z
		.string()
		.trim()
		.min(1, { error: () => m.groups_error_name() })
		.max(120, { error: () => m.groups_error_name() }),
	city: z
		.string()
		.trim()
		.min(1, { error: () => m.groups_error_city() })
		.max(120, { error: () => m.groups_error_city() }),
	state_code: z
		.string()
		.trim()
		.toUpperCase()
		.refine(isStateCode, { error: () => m.groups_error_state() }),
	program_id: z.string().regex(/^[a-z0-9_]{2,40}$/, { error: () => m.groups_error_program() }),
	arrival_on: z
		.union([z.literal(''), z.iso.date({ error: () => m.groups_error_date() })])
		.optional()
		.transform((value) => value || null)
		.refine((value) => value === null || (value >= '2000-01-01' && value <= '2100-12-31'), {
			error: () => m.groups_error_date()
		})
});
export type GroupInput = z.infer<typeof groupSchema>;

export interface GroupSummary {
	id: string;
	name: string;
	city: string;
	stateCode: string;
	programName: string;
	role: 'lead' | 'member';
	memberCount: number;
}

/** The groups the caller belongs to. */
export async function listMyGroups(tx: Tx, userId: string): Promise<GroupSummary[]> {
	const rows = await tx
		.selectFrom('group_members as me')
		.innerJoin('sponsor_groups as g', 'g.id', 'me.group_id')
		.innerJoin('programs as p', 'p.id', 'g.program_id')
		.where('me.user_id', '=', userId)
		.select([
			'g.id',
			'g.name',
			'g.city',
			'g.state_code',
			'p.name as program_name',
			'me.role',
			sql<number>`(select count(*)::int from public.group_members x where x.group_id = g.id)`.as(
				'member_count'
			)
		])
		.orderBy('g.name')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		name: row.name,
		city: row.city,
		stateCode: row.state_code,
		programName: row.program_name,
		role: row.role as 'lead' | 'member',
		memberCount: row.member_count
	}));
}

/**
 * Starts a group: the group, its creator as lead, the family record and the program's
 * checklist as tasks — all or nothing, in the caller's transaction.
 */
export async function createGroup(tx: Tx, userId: string, input: GroupInput): Promise<string> {
	const program = await tx
		.selectFrom('programs')
		.select(['id', 'checklist'])
		.where('id', '=', input.program_id)
		.executeTakeFirst();
	if (!program) throw new GroupInputError('program_id', m.groups_error_program());
	const group = await tx
		.insertInto('sponsor_groups')
		.values({
			name: input.name,
			city: input.city,
			state_code: input.state_code,
			program_id: input.program_id
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await tx
		.insertInto('group_families')
		.values({ group_id: group.id, arrival_on: input.arrival_on })
		.execute();
	const checklist = checklistSchema.parse(program.checklist);
	if (checklist.length > 0) {
		await tx
			.insertInto('group_tasks')
			.values(
				checklist.map((item, position) => ({
					group_id: group.id,
					title: item.title,
					category: item.category,
					kind: item.kind,
					due_days: item.due_days,
					position,
					checklist_key: item.key
				}))
			)
			.execute();
	}
	return group.id;
}

/** A form field the database turned down for a reason the user can fix. */
export class GroupInputError extends Error {
	constructor(
		readonly field: string,
		message: string
	) {
		super(message);
	}
}

export interface GroupDetail {
	id: string;
	name: string;
	city: string;
	stateCode: string;
	closedAt: Date | null;
	/** When the family data will be (or was) deleted after closing. */
	deleteOn: Date | null;
	program: Program;
	myRole: 'lead' | 'member';
}

/** The group, if the caller is a member; null otherwise (the page answers 404 either way). */
export async function getGroup(
	tx: Tx,
	groupId: string,
	userId: string
): Promise<GroupDetail | null> {
	if (!z.uuid().safeParse(groupId).success) return null;
	const row = await tx
		.selectFrom('sponsor_groups as g')
		.innerJoin('programs as p', 'p.id', 'g.program_id')
		.innerJoin('group_members as me', (join) =>
			join.onRef('me.group_id', '=', 'g.id').on('me.user_id', '=', userId)
		)
		.where('g.id', '=', groupId)
		.select([
			'g.id',
			'g.name',
			'g.city',
			'g.state_code',
			'g.closed_at',
			'g.retention_days',
			'me.role',
			'p.id as program_id',
			'p.name as program_name',
			'p.currency',
			'p.min_members',
			'p.funding_base_cents',
			'p.funding_per_person_cents',
			'p.funding_table',
			'p.cash_share_percent',
			'p.support_days',
			'p.status as program_status',
			'p.status_note',
			'p.eligibility'
		])
		.executeTakeFirst();
	if (!row) return null;
	return {
		id: row.id,
		name: row.name,
		city: row.city,
		stateCode: row.state_code,
		closedAt: row.closed_at,
		deleteOn: row.closed_at
			? new Date(row.closed_at.getTime() + row.retention_days * 86_400_000)
			: null,
		myRole: row.role as 'lead' | 'member',
		program: {
			id: row.program_id,
			name: row.program_name,
			currency: row.currency,
			minMembers: row.min_members,
			fundingBaseCents: Number(row.funding_base_cents),
			fundingPerPersonCents: Number(row.funding_per_person_cents),
			fundingTable: (row.funding_table as Record<string, number> | null) ?? null,
			cashSharePercent: row.cash_share_percent,
			supportDays: row.support_days,
			status: row.program_status as 'active' | 'paused',
			statusNote: row.status_note,
			eligibility: (row.eligibility as { key: string; label: string }[]) ?? []
		}
	};
}

export interface Member {
	userId: string;
	name: string;
	role: 'lead' | 'member';
	committees: string[];
	eligibility: Record<string, boolean>;
}

export async function listMembers(tx: Tx, groupId: string): Promise<Member[]> {
	const rows = await tx
		.selectFrom('group_members as gm')
		.leftJoin('profiles as pr', 'pr.id', 'gm.user_id')
		.where('gm.group_id', '=', groupId)
		.select(['gm.user_id', 'pr.display_name', 'gm.role', 'gm.committees', 'gm.eligibility'])
		.orderBy('gm.role')
		.orderBy('gm.joined_at')
		.execute();
	return rows.map((row) => ({
		userId: row.user_id,
		name: row.display_name ?? m.groups_member_unnamed(),
		role: row.role as 'lead' | 'member',
		committees: row.committees,
		eligibility: (row.eligibility as Record<string, boolean>) ?? {}
	}));
}

// ---- Invites -------------------------------------------------------------------------------

/** A new invite link's secret. Only its hash is stored: the link is shown once. */
export async function createInvite(
	tx: Tx,
	groupId: string,
	userId: string,
	role: 'lead' | 'member'
): Promise<string> {
	const { token, hash } = newInviteToken();
	await tx
		.insertInto('group_invites')
		.values({ group_id: groupId, token_hash: hash, role })
		.execute();
	return token;
}

export async function listOpenInvites(tx: Tx, groupId: string) {
	return tx
		.selectFrom('group_invites')
		.where('group_id', '=', groupId)
		.where('revoked_at', 'is', null)
		.where('used_at', 'is', null)
		.where('expires_at', '>', new Date())
		.select(['id', 'role', 'expires_at'])
		.orderBy('created_at', 'desc')
		.execute();
}

export async function revokeInvite(tx: Tx, groupId: string, inviteId: string): Promise<boolean> {
	const result = await tx
		.updateTable('group_invites')
		.set({ revoked_at: new Date() })
		.where('id', '=', inviteId)
		.where('group_id', '=', groupId)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/**
 * Joins the caller to the invite's group and uses the invite up (the database does both); null
 * for an unknown, used, expired or revoked link, or a closed group.
 */
export async function acceptInvite(tx: Tx, token: string): Promise<string | null> {
	const { rows } = await sql<{
		group_id: string | null;
	}>`select private.accept_group_invite(${hashInviteToken(token)}) as group_id`.execute(tx);
	return rows[0]?.group_id ?? null;
}

// ---- Membership changes --------------------------------------------------------------------

/**
 * Removes a member (a lead removing someone, or anyone leaving). Refused with a message when it
 * would leave the group without a lead.
 */
export async function removeMember(
	tx: Tx,
	groupId: string,
	actorId: string,
	memberId: string
): Promise<'removed' | 'not_found' | 'last_lead'> {
	if (await isLastLead(tx, groupId, memberId)) return 'last_lead';
	const result = await tx
		.deleteFrom('group_members')
		.where('group_id', '=', groupId)
		.where('user_id', '=', memberId)
		.executeTakeFirst();
	if (Number(result.numDeletedRows) === 0) return 'not_found';
	return 'removed';
}

async function isLastLead(tx: Tx, groupId: string, userId: string): Promise<boolean> {
	const leads = await tx
		.selectFrom('group_members')
		.where('group_id', '=', groupId)
		.where('role', '=', 'lead')
		.select('user_id')
		.execute();
	return leads.length === 1 && leads[0]?.user_id === userId;
}

/** Makes another member lead and the caller a member, in one transaction. */
export async function handOverLead(
	tx: Tx,
	groupId: string,
	leadId: string,
	newLeadId: string
): Promise<boolean> {
	const promoted = await tx
		.updateTable('group_members')
		.set({ role: 'lead' })
		.where('group_id', '=', groupId)
		.where('user_id', '=', newLeadId)
		.where('user_id', '!=', leadId)
		.executeTakeFirst();
	if (Number(promoted.numUpdatedRows) === 0) return false;
	await tx
		.updateTable('group_members')
		.set({ role: 'member' })
		.where('group_id', '=', groupId)
		.where('user_id', '=', leadId)
		.execute();
	return true;
}

/**
 * A member's own yes/no answers to the program's eligibility items (never documents). Unknown
 * item keys are ignored; every known item is answered, unchecked meaning no.
 */
export async function saveEligibility(
	tx: Tx,
	groupId: string,
	userId: string,
	items: { key: string }[],
	checked: string[]
): Promise<void> {
	const answers = Object.fromEntries(items.map((item) => [item.key, checked.includes(item.key)]));
	await tx
		.updateTable('group_members')
		.set({ eligibility: JSON.stringify(answers) })
		.where('group_id', '=', groupId)
		.where('user_id', '=', userId)
		.execute();
}

/** Closes (or reopens, until its data is deleted) a group; leads only (RLS). */
export async function setGroupClosed(
	tx: Tx,
	groupId: string,
	userId: string,
	closed: boolean
): Promise<boolean> {
	const result = await tx
		.updateTable('sponsor_groups')
		.set({ closed_at: closed ? new Date() : null })
		.where('id', '=', groupId)
		.where('closed_at', closed ? 'is' : 'is not', null)
		.executeTakeFirst();
	if (Number(result.numUpdatedRows) === 0) return false;
	return true;
}

/**
 * Ticked checkboxes sharing one name: none, one or several, each a known value at most once —
 * a repeated or unknown value is a mistake to show, not to guess about.
 */
function checkboxList(values: readonly string[], message: () => string) {
	return z
		.union([z.string(), z.array(z.string())])
		.optional()
		.transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
		.refine(
			(list) => list.every((value) => values.includes(value)) && new Set(list).size === list.length,
			{ error: message }
		);
}

export const committeesSchema = z.object({
	user_id: z.uuid({ error: () => m.groups_error_member() }),
	committee: checkboxList(COMMITTEES, () => m.groups_error_committee())
});

/** The program's eligibility items as a form: only its keys, each once. */
export function eligibilitySchema(items: { key: string }[]) {
	const keys = items.map((item) => item.key);
	return z.object({ item: checkboxList(keys, () => m.groups_error_eligibility()) });
}

/**
 * Sets a member's committees. Leads set anyone's, a member only their own (RLS says the same);
 * false when the person is not a member of this group.
 */
export async function setCommittees(
	tx: Tx,
	groupId: string,
	actorId: string,
	memberId: string,
	committees: string[]
): Promise<boolean> {
	const result = await tx
		.updateTable('group_members')
		.set({ committees: [...committees].sort() })
		.where('group_id', '=', groupId)
		.where('user_id', '=', memberId)
		.executeTakeFirst();
	if (Number(result.numUpdatedRows) === 0) return false;
	return true;
}
