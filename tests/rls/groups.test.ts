import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, type Claims, type Tx } from '../../src/lib/server/db';
import { ENGINES, useTestDatabase, type TestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

// The RLS matrix of the sponsor-group tables and the `group-files` objects. Every cell — persona
// × operation — has its expected outcome written down below and is asserted. Each attempt runs
// in its own transaction that is rolled back, so cells do not affect each other.

type PersonaName = 'anon' | 'stranger' | 'otherGroup' | 'member' | 'lead' | 'admin';
type Op = 'select' | 'insert' | 'update' | 'delete';
const PERSONAS: PersonaName[] = ['anon', 'stranger', 'otherGroup', 'member', 'lead', 'admin'];

interface Fixture {
	groupId: string;
	bareGroupId: string;
	taskId: string;
	commentId: string;
	entryId: string;
	documentId: string;
	sensitiveDocumentId: string;
	objectName: string;
	sensitiveObjectName: string;
}

class Rollback extends Error {
	constructor(readonly outcome: boolean) {
		super('rollback');
	}
}

type Attempt = (tx: Tx, f: Fixture, me: Persona | null) => Promise<boolean>;

/** Allowed when the statement touched at least one row; RLS refusals count as denied. */
async function attempt(db: TestDatabase, claims: Claims, fn: (tx: Tx) => Promise<boolean>) {
	try {
		await db.as(claims, async (tx) => {
			throw new Rollback(await fn(tx));
		});
	} catch (error) {
		if (error instanceof Rollback) return error.outcome;
		const code = (error as { code?: string }).code;
		if (code === '42501') return false; // insufficient privilege / new row violates policy
		throw error;
	}
	throw new Error('unreachable');
}

const touched = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }[] | object) => {
	const rows = Array.isArray(result) ? result : [result];
	return rows.some((r) => Number(r.numUpdatedRows ?? r.numDeletedRows ?? 0) > 0);
};

const y = true;
const n = false;
/** Expected outcome per persona, in PERSONAS order: anon, stranger, otherGroup, member, lead, admin. */
type Row = [boolean, boolean, boolean, boolean, boolean, boolean];

interface Cell {
	table: string;
	op: Op;
	expected: Row;
	run: Attempt;
}

const CELLS: Cell[] = [
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
				.values({ group_id: f.groupId, user_id: outsiderId ?? randomUUID() })
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
		table: 'group_tasks (by the lead)',
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
		table: 'group_documents (sensitive)',
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
		table: 'group-files objects',
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
		table: 'group-files objects (sensitive)',
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
		table: 'group-files objects',
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
		table: 'group-files objects',
		op: 'delete',
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('storage.objects').where('name', '=', f.objectName).execute())
	}
];

let outsiderId: string | undefined;

function hashToken(token = randomBytes(32).toString('base64url')) {
	return createHash('sha256').update(token).digest('hex');
}

function familyCells(table: 'group_families' | 'group_family_sensitive', read: Row): Cell[] {
	const writers: Row = [n, n, n, n, y, n];
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

describe.each(ENGINES)('RLS matrix of sponsor groups (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const people = {} as Record<PersonaName, Persona | null>;
	let fixture: Fixture;

	beforeAll(async () => {
		const d = database();
		people.anon = null;
		people.stranger = await createPersona(d, 'stranger');
		people.otherGroup = await createPersona(d, 'other');
		people.member = await createPersona(d, 'member');
		people.lead = await createPersona(d, 'lead');
		people.admin = await createPersona(d, 'admin', { siteAdmin: true });
		outsiderId = (await createPersona(d, 'outsider')).id;
		const lead = people.lead;
		const member = people.member;

		const groupId = await startGroup(d, lead, 'Group A');
		const bareGroupId = await startGroup(d, lead, 'Group A2');
		await startGroup(d, people.otherGroup, 'Group B');
		expect(await join(d, lead, member, groupId)).toBe(groupId);
		expect(await join(d, lead, member, bareGroupId)).toBe(bareGroupId);

		fixture = await d
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
					return {
						...partial,
						commentId: comment.id,
						entryId: entry.id,
						documentId: document.id,
						objectName
					};
				})
			);
	});

	it('every cell of the matrix holds', async () => {
		const d = database();
		const failures: string[] = [];
		const report: string[] = [];
		for (const cell of CELLS) {
			const outcomes: boolean[] = [];
			for (const [i, name] of PERSONAS.entries()) {
				const persona = people[name];
				const claims = persona ? persona.claims : ANON;
				const outcome = await attempt(d, claims, (tx) => cell.run(tx, fixture, persona));
				outcomes.push(outcome);
				if (outcome !== cell.expected[i]) {
					failures.push(
						`${cell.table} ${cell.op} as ${name}: expected ${cell.expected[i] ? 'allowed' : 'denied'}`
					);
				}
			}
			report.push(
				`${`${cell.table} ${cell.op}`.padEnd(42)} ${outcomes.map((o) => (o ? 'Y' : '-')).join(' ')}`
			);
		}
		if (process.env.PRINT_RLS_MATRIX) {
			console.log(`${''.padEnd(42)} ${PERSONAS.map((p) => p[0]).join(' ')}\n${report.join('\n')}`);
		}
		expect(failures).toEqual([]);
	});

	it('a group always keeps a lead, but a hand-over in one transaction works', async () => {
		const d = database();
		const lead = people.lead as Persona;
		const member = people.member as Persona;
		await expect(
			d.as(lead.claims, (tx) =>
				tx
					.deleteFrom('group_members')
					.where('group_id', '=', fixture.groupId)
					.where('user_id', '=', lead.id)
					.execute()
			)
		).rejects.toMatchObject({ code: '23514' });
		await expect(
			d.as(member.claims, (tx) =>
				tx
					.updateTable('group_members')
					.set({ role: 'lead' })
					.where('group_id', '=', fixture.groupId)
					.where('user_id', '=', member.id)
					.execute()
			)
		).rejects.toMatchObject({ code: '42501' });
		await d.as(lead.claims, async (tx) => {
			await tx
				.updateTable('group_members')
				.set({ role: 'lead' })
				.where('group_id', '=', fixture.bareGroupId)
				.where('user_id', '=', member.id)
				.execute();
			await tx
				.updateTable('group_members')
				.set({ role: 'member' })
				.where('group_id', '=', fixture.bareGroupId)
				.where('user_id', '=', lead.id)
				.execute();
		});
	});

	it('an invite cannot be used once revoked, expired or guessed', async () => {
		const d = database();
		const lead = people.lead as Persona;
		const stranger = people.stranger as Persona;
		const token = randomBytes(32).toString('base64url');
		await d.as(lead.claims, (tx) =>
			tx
				.insertInto('group_invites')
				.values({ group_id: fixture.groupId, token_hash: hashToken(token), created_by: lead.id })
				.execute()
		);
		await d.as(lead.claims, (tx) =>
			tx
				.updateTable('group_invites')
				.set({ revoked_at: new Date() })
				.where('token_hash', '=', hashToken(token))
				.execute()
		);
		const accept = (hash: string) =>
			d.as(stranger.claims, async (tx) => {
				const { rows } = await sql<{
					group_id: string | null;
				}>`select private.accept_group_invite(${hash}) as group_id`.execute(tx);
				return rows[0]?.group_id ?? null;
			});
		expect(await accept(hashToken(token))).toBeNull();
		expect(await accept(hashToken())).toBeNull();
		await expect(
			d.as(lead.claims, (tx) =>
				tx
					.insertInto('group_invites')
					.values({
						group_id: fixture.groupId,
						token_hash: hashToken(),
						created_by: lead.id,
						expires_at: new Date(Date.now() + 8 * 86_400_000)
					})
					.execute()
			)
		).rejects.toMatchObject({ code: '23514' });
		await expect(
			d.as(ANON, async (tx) => {
				await sql`select private.accept_group_invite(${hashToken(token)})`.execute(tx);
			})
		).rejects.toMatchObject({ code: '42501' });
	});

	it('members see each other’s names; strangers do not', async () => {
		const d = database();
		const read = (who: Persona, id: string) =>
			d.as(who.claims, (tx) =>
				tx.selectFrom('profiles').select('display_name').where('id', '=', id).execute()
			);
		expect(await read(people.lead as Persona, (people.member as Persona).id)).toHaveLength(1);
		expect(await read(people.stranger as Persona, (people.member as Persona).id)).toHaveLength(0);
		expect(await read(people.admin as Persona, (people.member as Persona).id)).toHaveLength(1); // admins read profiles
	});
});
