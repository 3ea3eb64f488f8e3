// Who may write each column of a sponsor group's tables (supabase/migrations/2026120300130* to
// …2000). The fixture rows are group A's (lead: the lead, member: the member); "other" leads
// group B. Site admins have no business in a group's workspace.
import {
	LEAD,
	MEMBER,
	MEMBERS,
	NOBODY,
	SIGNED_IN,
	raw,
	server,
	writers,
	type Declarations
} from '../../helpers/column-matrix';
import type { World } from './world';

const hash = (digit: string) => digit.repeat(64);
/** What a client may set a closing or revoking time to: now, or nothing. */
const NOW = raw('now()');
/** An invite expires at most 7 days after it was made (a check): an earlier date moves both. */
export const INVITE_CREATED = { with: () => ({ expires_at: '2001-02-05 04:05:06+00' }) };

export const groupTables: Declarations<World> = {
	// Anyone signed in starts a group (and leads it, by trigger); its leads rename it, move it to
	// another program, set how long its data is kept after closing, and close it — at the moment
	// they close it, so closed_at only ever holds now(). Who made it and when is the database's.
	sponsor_groups: {
		row: (w) => ({ id: w.groupA }),
		insert: () => ({ name: 'Group N', city: 'Fargo', state_code: 'ND', program_id: 'custom' }),
		columns: {
			// Its members, tasks, … refer to it: its key does not change, not even for the owner.
			id: writers(SIGNED_IN, NOBODY, { owner: { update: false } }),
			name: writers(SIGNED_IN, LEAD),
			city: writers(SIGNED_IN, LEAD),
			state_code: writers(SIGNED_IN, LEAD),
			program_id: writers(SIGNED_IN, LEAD, { value: 'canada_g5' }),
			created_by: server(),
			created_at: server(),
			// A new group is open; closing is an update.
			closed_at: writers(NOBODY, LEAD, { value: NOW }),
			retention_days: writers(SIGNED_IN, LEAD)
		}
	},

	// Nobody is added by a client (creators lead by trigger, everyone else joins through an
	// invite). Leads change roles; a member chooses their own committees (a lead may assign any)
	// and answers the eligibility items for themselves only. A membership never moves.
	group_members: {
		row: (w) => ({ group_id: w.groupA, user_id: w.people.member.id }),
		insert: (w) => ({ group_id: w.groupA, user_id: w.people.stranger.id }),
		columns: {
			// The guard refuses a move even from the owner.
			group_id: server({ value: (w) => w.groupB, owner: { update: false } }),
			user_id: server({ owner: { update: false } }),
			role: writers(NOBODY, LEAD, { value: 'lead' }),
			committees: writers(NOBODY, MEMBERS, { value: ['housing', 'finance'] }),
			eligibility: writers(NOBODY, MEMBER, { value: { adult: true } }),
			joined_at: server()
		}
	},

	// Leads invite: they choose the group (one they lead), the role and a note, and the link's
	// hash; then they may only revoke it, at the moment they do. Expiry (7 days), who made it and
	// who used it are the database's.
	group_invites: {
		row: (w) => ({ id: w.groupInviteA }),
		insert: (w) => ({ group_id: w.groupA, token_hash: hash('a'), role: 'member' }),
		columns: {
			id: writers(LEAD, NOBODY),
			group_id: writers(LEAD, NOBODY, { value: (w) => w.groupA2 }),
			token_hash: writers(LEAD, NOBODY, { value: hash('b') }),
			role: writers(LEAD, NOBODY, { value: 'lead' }),
			note: writers(LEAD, NOBODY),
			created_by: server(),
			created_at: server(INVITE_CREATED),
			expires_at: server({ value: raw("now() + interval '1 day'") }),
			revoked_at: writers(NOBODY, LEAD, { value: NOW }),
			// A use has a time (a check): sent with it.
			used_by: server({ with: () => ({ used_at: NOW }) }),
			used_at: server({ value: NOW })
		}
	},

	// The family, without names: its leads record and change it, members only read it.
	group_families: {
		row: (w) => ({ group_id: w.groupA }),
		insert: (w) => ({ group_id: w.groupA2 }),
		columns: {
			// Insert: the group whose family it is (only A2 has none yet). A row stays in its group.
			group_id: writers(LEAD, NOBODY, { value: (w) => w.groupA2, sameAsBase: true }),
			household_size: writers(LEAD, LEAD),
			languages: writers(LEAD, LEAD, { value: ['ps', 'uk'] }),
			arrival_on: writers(LEAD, LEAD),
			needs: writers(LEAD, LEAD),
			// Stamped on every write, the owner's updates included.
			updated_at: server({ owner: { update: false } })
		}
	},

	// The sensitive needs (health, protection): leads only, read and write.
	group_family_sensitive: {
		row: (w) => ({ group_id: w.groupA }),
		insert: (w) => ({ group_id: w.groupA2 }),
		columns: {
			group_id: writers(LEAD, NOBODY, { value: (w) => w.groupA2, sameAsBase: true }),
			needs: writers(LEAD, LEAD),
			updated_at: server({ owner: { update: false } })
		}
	},

	// The welcome plan: every member adds and edits tasks in their groups (another of their
	// groups included), assigns them to a member and reorders them. A task stays in its group,
	// and the program item it came from (checklist_key) is set when it is created.
	group_tasks: {
		row: (w) => ({ id: w.taskA }),
		insert: (w) => ({ group_id: w.groupA, title: 'Find a bed', category: 'housing' }),
		columns: {
			// Comments refer to the task: its key does not change, not even for the owner.
			id: writers(MEMBERS, NOBODY, { owner: { update: false } }),
			// The guard keeps a task in its group, for the owner too.
			group_id: writers(MEMBERS, NOBODY, { value: (w) => w.groupA2, owner: { update: false } }),
			title: writers(MEMBERS, MEMBERS),
			category: writers(MEMBERS, MEMBERS, { value: 'health' }),
			kind: writers(MEMBERS, MEMBERS, { value: 'supply' }),
			status: writers(MEMBERS, MEMBERS, { value: 'done' }),
			assignee_id: writers(MEMBERS, MEMBERS, { value: (w) => w.people.member.id }),
			due_days: writers(MEMBERS, MEMBERS),
			due_on: writers(MEMBERS, MEMBERS),
			position: writers(MEMBERS, MEMBERS),
			notes: writers(MEMBERS, MEMBERS),
			checklist_key: writers(MEMBERS, NOBODY, { owner: { update: false } }),
			created_by: server(),
			created_at: server(),
			updated_at: server({ owner: { update: false } })
		}
	},

	// Members comment on a task of their group; a comment is never edited (delete and write
	// again). The task and the group go together.
	group_task_comments: {
		row: (w) => ({ id: w.commentA }),
		insert: (w) => ({ task_id: w.taskA, group_id: w.groupA, body: 'On my way' }),
		columns: {
			id: writers(MEMBERS, NOBODY),
			task_id: writers(MEMBERS, NOBODY, { value: (w) => w.taskA_second }),
			group_id: writers(MEMBERS, NOBODY, {
				value: (w) => w.groupA2,
				with: (w) => ({ task_id: w.taskA2 })
			}),
			body: writers(MEMBERS, NOBODY),
			created_by: server(),
			created_at: server()
		}
	},

	// The budget: members add entries in their groups; an entry is changed by its author (the
	// member, here) or a lead. An entry stays in its group.
	group_ledger_entries: {
		row: (w) => ({ id: w.ledgerEntryA }),
		insert: (w) => ({
			group_id: w.groupA,
			kind: 'donation',
			amount_cents: 5000,
			description: 'Winter coats',
			occurred_on: '2026-10-01'
		}),
		columns: {
			id: writers(MEMBERS, NOBODY),
			group_id: writers(MEMBERS, NOBODY, { value: (w) => w.groupA2 }),
			kind: writers(MEMBERS, MEMBERS, { value: 'expense' }),
			amount_cents: writers(MEMBERS, MEMBERS),
			description: writers(MEMBERS, MEMBERS),
			occurred_on: writers(MEMBERS, MEMBERS),
			created_by: server(),
			created_at: server()
		}
	},

	// A document's record: members add one for a file in their group's folder; only leads mark
	// one sensitive. A record is never edited (delete and upload again).
	group_documents: {
		row: (w) => ({ id: w.documentA }),
		insert: (w) => ({ group_id: w.groupA, object_name: `${w.groupA}/base`, title: 'Pay slip' }),
		columns: {
			id: writers(MEMBERS, NOBODY),
			group_id: writers(MEMBERS, NOBODY, {
				value: (w) => w.groupA2,
				with: (w) => ({ object_name: `${w.groupA2}/base` })
			}),
			object_name: writers(MEMBERS, NOBODY, { value: (w) => `${w.groupA}/other` }),
			title: writers(MEMBERS, NOBODY),
			sensitive: writers(LEAD, NOBODY),
			uploaded_by: server(),
			created_at: server()
		}
	},

	// The activity log is written by triggers only, in the same transaction as the change.
	group_activity: {
		row: (w) => ({ id: w.activityA }),
		insert: (w) => ({ group_id: w.groupA, action: 'task_added', summary: 'A task' }),
		columns: {
			// Generated always: not even the owner chooses it.
			id: server({ value: 999999, owner: { insert: false, update: false } }),
			group_id: server({ value: (w) => w.groupA2 }),
			actor_id: server(),
			action: server(),
			summary: server(),
			sensitive: server(),
			created_at: server()
		}
	},

	// A calendar link: anyone signed in makes one for themselves (its token's hash) and revokes
	// their own, at the moment they do. The fixture row is the member's.
	group_calendar_feeds: {
		row: (w) => ({ id: w.feedOfMember }),
		insert: () => ({ token_hash: hash('c') }),
		columns: {
			id: writers(SIGNED_IN, NOBODY),
			user_id: server(),
			token_hash: writers(SIGNED_IN, NOBODY, { value: hash('d') }),
			created_at: server(),
			revoked_at: writers(NOBODY, MEMBER, { value: NOW })
		}
	}
};
