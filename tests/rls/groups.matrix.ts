import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createPersona, type Persona } from '../helpers/personas';
import type { TestDatabase } from '../helpers/databases';
import {
	bucket,
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
// document). Site admins have no business in a group's workspace.

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
	feedId: string;
	memberId: string;
}

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
		run: async (tx, _f, me) => {
			await tx
				.insertInto('sponsor_groups')
				.values({
					name: 'New group',
					city: 'Fargo',
					state_code: 'ND',
					program_id: 'custom',
					created_by: me?.id ?? null
				})
				.execute();
			return true;
		}
	},
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

	// group_members: leads add and remove; a member changes and ends only their own membership.
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
		expected: [n, n, n, n, y, n],
		run: async (tx, f) => {
			await tx
				.insertInto('group_members')
				.values({ group_id: f.groupId, user_id: f.outsiderId })
				.execute();
			return true;
		}
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
		run: async (tx, f, me) => {
			await tx
				.insertInto('group_invites')
				.values({ group_id: f.groupId, token_hash: hashToken(), created_by: me?.id ?? null })
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
		run: async (tx, f, me) => {
			await tx
				.insertInto('group_tasks')
				.values({ group_id: f.groupId, title: 'New', category: 'other', created_by: me?.id })
				.execute();
			return true;
		}
	},
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
		run: async (tx, f, me) => {
			await tx
				.insertInto('group_task_comments')
				.values({ task_id: f.taskId, group_id: f.groupId, body: 'Hi', created_by: me?.id })
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
		run: async (tx, f, me) => {
			await tx
				.insertInto('group_ledger_entries')
				.values({
					group_id: f.groupId,
					kind: 'donation',
					amount_cents: 5000,
					description: 'Gift',
					occurred_on: '2026-01-01',
					created_by: me?.id
				})
				.execute();
			return true;
		}
	},
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

	// group_activity: an append-only log.
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
		expected: [n, n, n, y, y, n],
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
		run: async (tx, f, me) => {
			await tx
				.insertInto('group_documents')
				.values({
					group_id: f.groupId,
					object_name: `${f.groupId}/${randomUUID()}`,
					title: 'Lease',
					uploaded_by: me?.id
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
		run: async (tx, f) =>
			touched(await tx.deleteFrom('storage.objects').where('name', '=', f.objectName).execute())
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
		run: async (tx, _f, me) => {
			await tx
				.insertInto('group_calendar_feeds')
				.values({ user_id: me?.id ?? randomUUID(), token_hash: hashToken() })
				.execute();
			return true;
		}
	},
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

/** A group started the way the app starts one: the creator inserts it, then itself as lead. */
async function startGroup(db: TestDatabase, lead: Persona, name: string): Promise<string> {
	return db.as(lead.claims, async (tx) => {
		const group = await tx
			.insertInto('sponsor_groups')
			.values({
				name,
				city: 'Saint Paul',
				state_code: 'MN',
				program_id: 'welcome_corps',
				created_by: lead.id
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await tx
			.insertInto('group_members')
			.values({ group_id: group.id, user_id: lead.id, role: 'lead' })
			.execute();
		return group.id;
	});
}

async function join(db: TestDatabase, lead: Persona, member: Persona, groupId: string) {
	const token = randomBytes(32).toString('base64url');
	await db.as(lead.claims, (tx) =>
		tx
			.insertInto('group_invites')
			.values({ group_id: groupId, token_hash: hashToken(token), created_by: lead.id })
			.execute()
	);
	return db.as(member.claims, async (tx) => {
		const { rows } = await sql<{
			group_id: string | null;
		}>`select private.accept_group_invite(${hashToken(token)}) as group_id`.execute(tx);
		return rows[0]?.group_id;
	});
}

/** Group A (lead, member, their family, tasks, documents), group A2 and the other lead's group B. */
async function setup(d: TestDatabase): Promise<{ people: People; fixture: GroupFixture }> {
	const people = await createPeople(d);
	const outsiderId = (await createPersona(d, 'outsider')).id;
	const { lead, member } = people;

	const groupId = await startGroup(d, lead, 'Group A');
	const bareGroupId = await startGroup(d, lead, 'Group A2');
	await startGroup(d, people.other, 'Group B');
	for (const id of [groupId, bareGroupId]) {
		if ((await join(d, lead, member, id)) !== id) throw new Error('the member did not join');
	}

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
				.values({ group_id: groupId, title: 'Airport', category: 'arrival', created_by: lead.id })
				.returning('id')
				.executeTakeFirstOrThrow();
			await tx
				.insertInto('group_activity')
				.values({ group_id: groupId, actor_id: lead.id, action: 'created', summary: 'Started' })
				.execute();
			const sensitiveObjectName = `${groupId}/${randomUUID()}`;
			await tx
				.insertInto('storage.objects')
				.values({ bucket_id: 'group-files', name: sensitiveObjectName, owner_id: lead.id })
				.execute();
			const sensitive = await tx
				.insertInto('group_documents')
				.values({
					group_id: groupId,
					object_name: sensitiveObjectName,
					title: 'Medical',
					sensitive: true,
					uploaded_by: lead.id
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			return {
				groupId,
				bareGroupId,
				taskId: task.id,
				sensitiveDocumentId: sensitive.id,
				sensitiveObjectName
			};
		})
		.then(async (partial) =>
			d.as(member.claims, async (tx) => {
				const comment = await tx
					.insertInto('group_task_comments')
					.values({
						task_id: partial.taskId,
						group_id: groupId,
						body: 'On it',
						created_by: member.id
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				const entry = await tx
					.insertInto('group_ledger_entries')
					.values({
						group_id: groupId,
						kind: 'pledge',
						amount_cents: 100000,
						description: 'Pledge',
						occurred_on: '2026-02-01',
						created_by: member.id
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
					.values({
						group_id: groupId,
						object_name: objectName,
						title: 'Lease',
						uploaded_by: member.id
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				const feed = await tx
					.insertInto('group_calendar_feeds')
					.values({ user_id: member.id, token_hash: hashToken() })
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
