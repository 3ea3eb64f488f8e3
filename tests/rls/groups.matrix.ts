import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { acceptInvite, createInvite } from '../../src/lib/server/groups/groups';
import type { Tx } from '../../src/lib/server/db';
import { createPersona, type Persona } from '../helpers/personas';
import type { TestDatabase } from '../helpers/databases';
import {
	bucket,
	deleteObject,
	forgery,
	found,
	n,
	touched,
	y,
	type Cell,
	type Expected,
	type Matrix,
	type People,
	createPeople
} from '../helpers/rls-matrix';

// The sponsor-group tables, the `group-files` objects, calendar feeds and profiles. other: the
// lead of another group; member: a member of group A (written by them: a comment, a ledger entry,
// a document and its object, a calendar feed); lead: group A's lead (its tasks, the sensitive
// document). Site admins have no business in a group's workspace. Nobody is added to a group
// directly: its creator becomes its lead, everyone else joins by using an invite once; the
// activity log is written by the database's triggers only.

export interface GroupFixture {
	groupId: string;
	/** A second group of the same lead and member, with no family yet. */
	bareGroupId: string;
	/** A signed-up user in no group, whom leads may add. */
	outsiderId: string;
	taskId: string;
	commentId: string;
	entryId: string;
	documentId: string;
	sensitiveDocumentId: string;
	objectName: string;
	sensitiveObjectName: string;
	/** An object the lead uploaded to group A that no document row describes yet. */
	pendingObjectName: string;
	/** The secret of an unused invite to group A. */
	inviteToken: string;
	feedId: string;
	memberId: string;
}

/** Uses an invite link's secret as the join page does; the group's id, or null. */
const join = (tx: Tx, token: string) => acceptInvite(tx, token);

const cells: Cell<GroupFixture>[] = [
	// programs: public rules, site admins maintain them.
	{
		table: 'programs',
		op: 'select',
		expected: [y, y, y, y, y, y],
		run: async (tx) => (await tx.selectFrom('programs').select('id').execute()).length === 5
	},
	{
		table: 'programs',
		op: 'insert',
		expected: [n, n, n, n, n, y],
		run: async (tx) => {
			await tx
				.insertInto('programs')
				.values({
					id: 'test_program',
					name: 'Test',
					country: 'US',
					currency: 'USD',
					min_members: 5,
					support_days: 90
				})
				.execute();
			return true;
		}
	},
	{
		table: 'programs',
		op: 'update',
		expected: [n, n, n, n, n, y],
		run: async (tx) =>
			touched(
				await tx
					.updateTable('programs')
					.set({ status_note: 'x' })
					.where('id', '=', 'custom')
					.execute()
			)
	},
	{
		table: 'programs',
		op: 'delete',
		expected: [n, n, n, n, n, y],
		run: async (tx) => touched(await tx.deleteFrom('programs').where('id', '=', 'custom').execute())
	},

	// sponsor_groups: members see their group; anyone signed in starts one; leads run it.
	{
		table: 'sponsor_groups',
		op: 'select',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			(await tx.selectFrom('sponsor_groups').select('id').where('id', '=', f.groupId).execute())
				.length === 1
	},
	{
		table: 'sponsor_groups',
		op: 'insert',
		expected: [n, y, y, y, y, y],
		run: async (tx) => {
			await tx
				.insertInto('sponsor_groups')
				.values({ name: 'New group', city: 'Fargo', state_code: 'ND', program_id: 'custom' })
				.execute();
			return true;
		}
	},
	forgery<GroupFixture>({
		table: 'sponsor_groups',
		op: 'insert',
		variant: 'forged created_by',
		write: (tx, f) =>
			tx
				.insertInto('sponsor_groups')
				.values({
					name: 'Forged group',
					city: 'Fargo',
					state_code: 'ND',
					program_id: 'custom',
					created_by: f.outsiderId
				})
				.execute(),
		stuck: async (owner, f) =>
			found(
				await owner
					.selectFrom('sponsor_groups')
					.select('id')
					.where('name', '=', 'Forged group')
					.where('created_by', '=', f.outsiderId)
					.execute()
			)
	}),
	{
		table: 'sponsor_groups',
		op: 'update',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('sponsor_groups')
					.set({ name: 'Renamed' })
					.where('id', '=', f.groupId)
					.execute()
			)
	},
	{
		table: 'sponsor_groups',
		op: 'delete',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('sponsor_groups').where('id', '=', f.groupId).execute())
	},

	// group_members: nobody adds anyone (an invite is the way in); leads change and remove; a member
	// changes and ends only their own membership.
	{
		table: 'group_members',
		op: 'select',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			(
				await tx
					.selectFrom('group_members')
					.select('user_id')
					.where('group_id', '=', f.groupId)
					.execute()
			).length === 2
	},
	{
		table: 'group_members',
		op: 'insert',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) => {
			await tx
				.insertInto('group_members')
				.values({ group_id: f.groupId, user_id: f.outsiderId })
				.execute();
			return true;
		}
	},
	{
		// Anyone signed in who has a valid link joins (a member already in keeps their role).
		table: 'group_members',
		op: 'insert',
		variant: 'through an unused invite',
		expected: [n, y, y, y, y, y],
		run: async (tx, f) => (await join(tx, f.inviteToken)) === f.groupId
	},
	{
		table: 'group_members',
		op: 'update',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('group_members')
					.set({ committees: ['housing'] })
					.where('group_id', '=', f.groupId)
					.where('role', '=', 'member')
					.execute()
			)
	},
	{
		table: 'group_members',
		op: 'delete',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			touched(
				await tx
					.deleteFrom('group_members')
					.where('group_id', '=', f.groupId)
					.where('role', '=', 'member')
					.execute()
			)
	},

	// group_invites: leads only.
	{
		table: 'group_invites',
		op: 'select',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) =>
			(
				await tx
					.selectFrom('group_invites')
					.select('id')
					.where('group_id', '=', f.groupId)
					.execute()
			).length > 0
	},
	{
		table: 'group_invites',
		op: 'insert',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) => {
			await tx
				.insertInto('group_invites')
				.values({ group_id: f.groupId, token_hash: hashToken() })
				.execute();
			return true;
		}
	},
	{
		table: 'group_invites',
		op: 'update',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('group_invites')
					.set({ revoked_at: new Date() })
					.where('group_id', '=', f.groupId)
					.execute()
			)
	},
	{
		table: 'group_invites',
		op: 'delete',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('group_invites').where('group_id', '=', f.groupId).execute())
	},

	// group_families: members read; leads write. group_family_sensitive: leads only.
	...familyCells('group_families', [n, n, n, y, y, n]),
	...familyCells('group_family_sensitive', [n, n, n, n, y, n]),

	// group_tasks: the whole group plans; leads and a task's author delete it.
	{
		table: 'group_tasks',
		op: 'select',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			(await tx.selectFrom('group_tasks').select('id').where('id', '=', f.taskId).execute())
				.length === 1
	},
	{
		table: 'group_tasks',
		op: 'insert',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) => {
			await tx
				.insertInto('group_tasks')
				.values({ group_id: f.groupId, title: 'New', category: 'other' })
				.execute();
			return true;
		}
	},
	forgery<GroupFixture>({
		// Taking over the lead's task: its author is the database's to say.
		table: 'group_tasks',
		op: 'update',
		variant: 'forged created_by',
		write: (tx, f, me) =>
			tx
				.updateTable('group_tasks')
				.set({ created_by: me?.id ?? null })
				.where('id', '=', f.taskId)
				.execute(),
		stuck: async (owner, f, me) =>
			me !== null &&
			found(
				await owner
					.selectFrom('group_tasks')
					.select('id')
					.where('id', '=', f.taskId)
					.where('created_by', '=', me.id)
					.execute()
			) &&
			// The lead wrote it: their own id "sticking" is no forgery.
			me.id !== (await taskAuthor(owner, f.taskId))
	}),
	{
		table: 'group_tasks',
		op: 'update',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('group_tasks')
					.set({ status: 'done' })
					.where('id', '=', f.taskId)
					.execute()
			)
	},
	{
		table: 'group_tasks',
		variant: 'by the lead',
		op: 'delete',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('group_tasks').where('id', '=', f.taskId).execute())
	},

	// group_task_comments (written by the member): authors and leads delete; nobody edits.
	{
		table: 'group_task_comments',
		op: 'select',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			(
				await tx
					.selectFrom('group_task_comments')
					.select('id')
					.where('id', '=', f.commentId)
					.execute()
			).length === 1
	},
	{
		table: 'group_task_comments',
		op: 'insert',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) => {
			await tx
				.insertInto('group_task_comments')
				.values({ task_id: f.taskId, group_id: f.groupId, body: 'Hi' })
				.execute();
			return true;
		}
	},
	{
		table: 'group_task_comments',
		op: 'update',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('group_task_comments')
					.set({ body: 'Edited' })
					.where('id', '=', f.commentId)
					.execute()
			)
	},
	{
		table: 'group_task_comments',
		op: 'delete',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('group_task_comments').where('id', '=', f.commentId).execute())
	},

	// group_ledger_entries (entered by the member).
	{
		table: 'group_ledger_entries',
		op: 'select',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			(
				await tx
					.selectFrom('group_ledger_entries')
					.select('id')
					.where('id', '=', f.entryId)
					.execute()
			).length === 1
	},
	{
		table: 'group_ledger_entries',
		op: 'insert',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) => {
			await tx
				.insertInto('group_ledger_entries')
				.values({
					group_id: f.groupId,
					kind: 'donation',
					amount_cents: 5000,
					description: 'Gift',
					occurred_on: '2026-01-01'
				})
				.execute();
			return true;
		}
	},
	forgery<GroupFixture>({
		table: 'group_ledger_entries',
		op: 'insert',
		variant: 'forged created_by and created_at',
		write: (tx, f) =>
			tx
				.insertInto('group_ledger_entries')
				.values({
					group_id: f.groupId,
					kind: 'expense',
					amount_cents: 99_900,
					description: 'Forged expense',
					occurred_on: '2026-01-01',
					created_by: f.outsiderId,
					created_at: new Date('2020-01-01')
				})
				.execute(),
		stuck: async (owner, f) =>
			found(
				await owner
					.selectFrom('group_ledger_entries')
					.select('id')
					.where('description', '=', 'Forged expense')
					.where((eb) =>
						eb.or([
							eb('created_by', '=', f.outsiderId),
							eb('created_at', '<', new Date('2021-01-01'))
						])
					)
					.execute()
			)
	}),
	{
		table: 'group_ledger_entries',
		op: 'update',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('group_ledger_entries')
					.set({ amount_cents: 6000 })
					.where('id', '=', f.entryId)
					.execute()
			)
	},
	{
		table: 'group_ledger_entries',
		op: 'delete',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('group_ledger_entries').where('id', '=', f.entryId).execute())
	},

	// group_activity: written by the database's triggers only; members read it (entries about
	// something sensitive are for leads, see data-api.test.ts); nobody rewrites it.
	{
		table: 'group_activity',
		op: 'select',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			(
				await tx
					.selectFrom('group_activity')
					.select('id')
					.where('group_id', '=', f.groupId)
					.execute()
			).length > 0
	},
	{
		table: 'group_activity',
		op: 'insert',
		expected: [n, n, n, n, n, n],
		run: async (tx, f, me) => {
			await tx
				.insertInto('group_activity')
				.values({ group_id: f.groupId, actor_id: me?.id, action: 'test', summary: 'Test' })
				.execute();
			return true;
		}
	},
	{
		table: 'group_activity',
		op: 'update',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('group_activity')
					.set({ summary: 'Rewritten' })
					.where('group_id', '=', f.groupId)
					.execute()
			)
	},
	{
		table: 'group_activity',
		op: 'delete',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('group_activity').where('group_id', '=', f.groupId).execute())
	},

	// group_documents (uploaded by the member): sensitive ones are for leads only.
	{
		table: 'group_documents',
		op: 'select',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			(await tx.selectFrom('group_documents').select('id').where('id', '=', f.documentId).execute())
				.length === 1
	},
	{
		table: 'group_documents',
		variant: 'sensitive',
		op: 'select',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) =>
			(
				await tx
					.selectFrom('group_documents')
					.select('id')
					.where('id', '=', f.sensitiveDocumentId)
					.execute()
			).length === 1
	},
	{
		table: 'group_documents',
		op: 'insert',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) => {
			await tx
				.insertInto('group_documents')
				.values({
					group_id: f.groupId,
					object_name: `${f.groupId}/${randomUUID()}`,
					title: 'Lease'
				})
				.execute();
			return true;
		}
	},
	{
		table: 'group_documents',
		op: 'delete',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('group_documents').where('id', '=', f.documentId).execute())
	},

	// storage.objects in group-files.
	{
		table: bucket('group-files'),
		op: 'select',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			(
				await tx
					.selectFrom('storage.objects')
					.select('id')
					.where('name', '=', f.objectName)
					.execute()
			).length === 1
	},
	{
		table: bucket('group-files'),
		variant: 'sensitive',
		op: 'select',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) =>
			(
				await tx
					.selectFrom('storage.objects')
					.select('id')
					.where('name', '=', f.sensitiveObjectName)
					.execute()
			).length === 1
	},
	{
		// While a lead uploads, before the document row says whether it is sensitive: leads only.
		table: bucket('group-files'),
		variant: 'no document row yet',
		op: 'select',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) =>
			found(
				await tx
					.selectFrom('storage.objects')
					.select(['id', 'metadata'])
					.where('name', '=', f.pendingObjectName)
					.execute()
			)
	},
	{
		table: bucket('group-files'),
		op: 'insert',
		expected: [n, n, n, y, y, n],
		run: async (tx, f, me) => {
			await tx
				.insertInto('storage.objects')
				.values({
					bucket_id: 'group-files',
					name: `${f.groupId}/${randomUUID()}`,
					owner_id: me?.id ?? null
				})
				.execute();
			return true;
		}
	},
	{
		table: bucket('group-files'),
		op: 'delete',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) => touched(await deleteObject(tx, 'group-files', f.objectName))
	},

	// group-files objects are immutable: a new version is a new object.
	{
		table: bucket('group-files'),
		op: 'update',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('storage.objects')
					.set({ metadata: JSON.stringify({ changed: true }) })
					.where('name', '=', f.objectName)
					.execute()
			)
	},
	// A document's row is never edited (no update grant): replace it instead.
	{
		table: 'group_documents',
		op: 'update',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('group_documents')
					.set({ title: 'Renamed' })
					.where('id', '=', f.documentId)
					.execute()
			)
	},

	// group_calendar_feeds (the member's): a private feed URL is its owner's alone.
	{
		table: 'group_calendar_feeds',
		op: 'select',
		expected: [n, n, n, y, n, n],
		run: async (tx, f) =>
			(
				await tx
					.selectFrom('group_calendar_feeds')
					.select('id')
					.where('id', '=', f.feedId)
					.execute()
			).length === 1
	},
	{
		table: 'group_calendar_feeds',
		op: 'insert',
		expected: [n, y, y, y, y, y],
		run: async (tx) => {
			await tx.insertInto('group_calendar_feeds').values({ token_hash: hashToken() }).execute();
			return true;
		}
	},
	forgery<GroupFixture>({
		// A feed of someone else's tasks, behind a link the forger holds.
		table: 'group_calendar_feeds',
		op: 'insert',
		variant: "forged user_id: the member's",
		write: (tx, f) =>
			tx
				.insertInto('group_calendar_feeds')
				.values({ user_id: f.memberId, token_hash: hashToken('forged-feed') })
				.execute(),
		stuck: async (owner, f, me) =>
			me?.id !== f.memberId &&
			found(
				await owner
					.selectFrom('group_calendar_feeds')
					.select('id')
					.where('token_hash', '=', hashToken('forged-feed'))
					.where('user_id', '=', f.memberId)
					.execute()
			)
	}),
	{
		table: 'group_calendar_feeds',
		op: 'update',
		expected: [n, n, n, y, n, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('group_calendar_feeds')
					.set({ revoked_at: new Date() })
					.where('id', '=', f.feedId)
					.execute()
			)
	},
	{
		// Revoked, never deleted (no delete grant).
		table: 'group_calendar_feeds',
		op: 'delete',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('group_calendar_feeds').where('id', '=', f.feedId).execute())
	},

	// profiles (the member's): their own, their groups' co-members and site admins read it; only
	// they change it; the auth.users trigger creates it and the account's deletion removes it.
	{
		table: 'profiles',
		op: 'select',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			(await tx.selectFrom('profiles').select('id').where('id', '=', f.memberId).execute())
				.length === 1
	},
	{
		table: 'profiles',
		op: 'insert',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) => {
			await tx.insertInto('profiles').values({ id: f.outsiderId, display_name: 'Twin' }).execute();
			return true;
		}
	},
	{
		table: 'profiles',
		op: 'update',
		expected: [n, n, n, y, n, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('profiles')
					.set({ display_name: 'Renamed' })
					.where('id', '=', f.memberId)
					.execute()
			)
	},
	{
		table: 'profiles',
		op: 'delete',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('profiles').where('id', '=', f.memberId).execute())
	}
];

function hashToken(token = randomBytes(32).toString('base64url')) {
	return createHash('sha256').update(token).digest('hex');
}

function familyCells(
	table: 'group_families' | 'group_family_sensitive',
	read: Expected
): Cell<GroupFixture>[] {
	const writers: Expected = [n, n, n, n, y, n];
	return [
		{
			table,
			op: 'select',
			expected: read,
			run: async (tx, f) =>
				(await tx.selectFrom(table).select('group_id').where('group_id', '=', f.groupId).execute())
					.length === 1
		},
		{
			table,
			op: 'insert',
			expected: writers,
			run: async (tx, f) => {
				await tx.insertInto(table).values({ group_id: f.bareGroupId }).execute();
				return true;
			}
		},
		{
			table,
			op: 'update',
			expected: writers,
			run: async (tx, f) =>
				touched(
					await tx
						.updateTable(table)
						.set({ needs: 'changed' })
						.where('group_id', '=', f.groupId)
						.execute()
				)
		},
		{
			table,
			op: 'delete',
			expected: writers,
			run: async (tx, f) =>
				touched(await tx.deleteFrom(table).where('group_id', '=', f.groupId).execute())
		}
	];
}

async function taskAuthor(owner: Tx, taskId: string): Promise<string | null> {
	const row = await owner
		.selectFrom('group_tasks')
		.select('created_by')
		.where('id', '=', taskId)
		.executeTakeFirstOrThrow();
	return row.created_by;
}

/** A group started the way the app starts one: the creator inserts it and becomes its lead. */
async function startGroup(db: TestDatabase, lead: Persona, name: string): Promise<string> {
	return db.as(lead.claims, async (tx) => {
		const group = await tx
			.insertInto('sponsor_groups')
			.values({ name, city: 'Saint Paul', state_code: 'MN', program_id: 'welcome_corps' })
			.returning('id')
			.executeTakeFirstOrThrow();
		return group.id;
	});
}

/** `member` joins through an invite `lead` made, as the join page does it. */
async function joinGroup(db: TestDatabase, lead: Persona, member: Persona, groupId: string) {
	const token = await db.as(lead.claims, (tx) => createInvite(tx, groupId, lead.id, 'member'));
	if ((await db.as(member.claims, (tx) => join(tx, token))) !== groupId) {
		throw new Error('the member did not join');
	}
}

/** Group A (lead, member, their family, tasks, documents), group A2 and the other lead's group B. */
async function setup(d: TestDatabase): Promise<{ people: People; fixture: GroupFixture }> {
	const people = await createPeople(d);
	const outsiderId = (await createPersona(d, 'outsider')).id;
	const { lead, member } = people;

	const groupId = await startGroup(d, lead, 'Group A');
	const bareGroupId = await startGroup(d, lead, 'Group A2');
	await startGroup(d, people.other, 'Group B');
	for (const id of [groupId, bareGroupId]) await joinGroup(d, lead, member, id);

	const fixture = await d
		.as(lead.claims, async (tx) => {
			await tx
				.insertInto('group_families')
				.values({ group_id: groupId, household_size: 4 })
				.execute();
			await tx
				.insertInto('group_family_sensitive')
				.values({ group_id: groupId, needs: 'medical' })
				.execute();
			const task = await tx
				.insertInto('group_tasks')
				.values({ group_id: groupId, title: 'Airport', category: 'arrival' })
				.returning('id')
				.executeTakeFirstOrThrow();
			// The Storage API writes the object row first, as the uploader; the document row follows.
			const sensitiveObjectName = `${groupId}/${randomUUID()}`;
			const pendingObjectName = `${groupId}/${randomUUID()}`;
			await tx
				.insertInto('storage.objects')
				.values(
					[sensitiveObjectName, pendingObjectName].map((name) => ({
						bucket_id: 'group-files',
						name,
						owner_id: lead.id
					}))
				)
				.execute();
			const sensitive = await tx
				.insertInto('group_documents')
				.values({
					group_id: groupId,
					object_name: sensitiveObjectName,
					title: 'Medical',
					sensitive: true
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			const inviteToken = await createInvite(tx, groupId, lead.id, 'member');
			return {
				groupId,
				bareGroupId,
				taskId: task.id,
				sensitiveDocumentId: sensitive.id,
				sensitiveObjectName,
				pendingObjectName,
				inviteToken
			};
		})
		.then(async (partial) =>
			d.as(member.claims, async (tx) => {
				const comment = await tx
					.insertInto('group_task_comments')
					.values({ task_id: partial.taskId, group_id: groupId, body: 'On it' })
					.returning('id')
					.executeTakeFirstOrThrow();
				const entry = await tx
					.insertInto('group_ledger_entries')
					.values({
						group_id: groupId,
						kind: 'pledge',
						amount_cents: 100000,
						description: 'Pledge',
						occurred_on: '2026-02-01'
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				const objectName = `${groupId}/${randomUUID()}`;
				await tx
					.insertInto('storage.objects')
					.values({ bucket_id: 'group-files', name: objectName, owner_id: member.id })
					.execute();
				const document = await tx
					.insertInto('group_documents')
					.values({ group_id: groupId, object_name: objectName, title: 'Lease' })
					.returning('id')
					.executeTakeFirstOrThrow();
				const feed = await tx
					.insertInto('group_calendar_feeds')
					.values({ token_hash: hashToken() })
					.returning('id')
					.executeTakeFirstOrThrow();
				return {
					...partial,
					outsiderId,
					feedId: feed.id,
					commentId: comment.id,
					entryId: entry.id,
					documentId: document.id,
					objectName
				};
			})
		);
	return { people, fixture: { ...fixture, memberId: member.id } };
}

export const groupsMatrix: Matrix<GroupFixture> = {
	name: 'groups',
	roles: 'other = lead of another group, member = group member, lead = group lead',
	setup,
	cells
};
