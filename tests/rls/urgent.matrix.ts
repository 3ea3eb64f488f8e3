import { sql } from 'kysely';
import { ANON, type Tx } from '../../src/lib/server/db';
import type { TestDatabase } from '../helpers/databases';
import {
	n,
	touched,
	y,
	type Cell as MatrixCell,
	type Expected,
	type Matrix,
	type People,
	createPeople
} from '../helpers/rls-matrix';

// Urgent actions, their targets and the reports of actions taken. Site admins write actions and
// targets; everyone reads the published ones. Nobody reads a report but site admins, and nobody
// writes one directly: private.report_urgent_action() takes it while the action is published,
// open and before its deadline, within its rate limits. Nobody here is on a team: `other`,
// `member` and `lead` are signed-in users like the stranger (organizer roles come later).

export interface UrgentFixture {
	publishedId: string;
	draftId: string;
	/** Published, but closed: reports stay, no new ones. */
	closedId: string;
	publishedTargetId: string;
	draftTargetId: string;
}

type Cell = MatrixCell<UrgentFixture>;
type Which = 'publishedId' | 'draftId' | 'closedId';

const ALL: Expected = [y, y, y, y, y, y];
const NONE: Expected = [n, n, n, n, n, n];
const ADMIN: Expected = [n, n, n, n, n, y];

const seen = async (tx: Tx, table: 'urgent_actions' | 'urgent_action_targets', id: string) =>
	(await tx.selectFrom(table).select('id').where('id', '=', id).execute()).length === 1;

const countReports = async (tx: Tx, actionId: string) =>
	(
		await tx
			.selectFrom('urgent_action_reports')
			.select('id')
			.where('action_id', '=', actionId)
			.execute()
	).length;

/** "Report your action" as the action page sends it: 0 when counted, else the seconds to wait. */
const report = async (tx: Tx, actionId: string, client = '192.0.2.1') => {
	const { rows } = await sql<{ wait: number }>`
		select private.report_urgent_action(${actionId}, 'letter', 2, null, '10001', null, false,
			${client}, '') as wait`.execute(tx);
	return rows[0]?.wait;
};

/** label, action, who reads its reports, who may add one (through the function), rows it holds. */
const REPORT_CASES: [string, Which, Expected, Expected, number][] = [
	['published, open', 'publishedId', ADMIN, ALL, 2],
	['draft', 'draftId', ADMIN, NONE, 1],
	['closed', 'closedId', ADMIN, NONE, 1]
];

const cells: Cell[] = [
	...(
		[
			['urgent_actions', 'publishedId', 'draftId'],
			['urgent_action_targets', 'publishedTargetId', 'draftTargetId']
		] as const
	).flatMap(([table, published, draft]): Cell[] => [
		{
			table,
			op: 'select',
			variant: 'published',
			expected: ALL,
			run: (tx, f) => seen(tx, table, f[published])
		},
		{
			table,
			op: 'select',
			variant: 'draft',
			expected: ADMIN,
			run: (tx, f) => seen(tx, table, f[draft])
		}
	]),
	{
		table: 'urgent_actions',
		op: 'insert',
		expected: ADMIN,
		run: async (tx) => {
			await tx
				.insertInto('urgent_actions')
				.values({ code: 'UA 1.01', slug: 'ua-1-01', title_en: 'New', summary_en: 'New' })
				.execute();
			return true;
		}
	},
	...(['publishedId', 'draftId'] as const).map((which): Cell => ({
		table: 'urgent_actions',
		op: 'update',
		variant: which === 'publishedId' ? 'published' : 'draft',
		expected: ADMIN,
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('urgent_actions')
					.set({ status: 'success' })
					.where('id', '=', f[which])
					.executeTakeFirst()
			)
	})),
	{
		table: 'urgent_actions',
		op: 'delete',
		expected: ADMIN,
		run: async (tx, f) =>
			touched(
				await tx.deleteFrom('urgent_actions').where('id', '=', f.publishedId).executeTakeFirst()
			)
	},
	{
		table: 'urgent_action_targets',
		op: 'insert',
		expected: ADMIN,
		run: async (tx, f) => {
			await tx
				.insertInto('urgent_action_targets')
				.values({ action_id: f.publishedId, name: 'The mayor', email: 'mayor@example.org' })
				.execute();
			return true;
		}
	},
	{
		table: 'urgent_action_targets',
		op: 'update',
		expected: ADMIN,
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('urgent_action_targets')
					.set({ title: 'Governor' })
					.where('id', '=', f.publishedTargetId)
					.executeTakeFirst()
			)
	},
	{
		table: 'urgent_action_targets',
		op: 'delete',
		expected: ADMIN,
		run: async (tx, f) =>
			touched(
				await tx
					.deleteFrom('urgent_action_targets')
					.where('id', '=', f.publishedTargetId)
					.executeTakeFirst()
			)
	},
	...REPORT_CASES.flatMap(([label, which, reads, reports, rows]): Cell[] => [
		{
			table: 'urgent_action_reports',
			op: 'select',
			variant: label,
			expected: reads,
			run: async (tx, f) => (await countReports(tx, f[which])) === rows
		},
		{
			table: 'urgent_action_reports',
			op: 'insert',
			variant: `${label}, through report_urgent_action`,
			expected: reports,
			run: async (tx, f) => (await report(tx, f[which])) === 0
		},
		{
			table: 'urgent_action_reports',
			op: 'insert',
			variant: `${label}, directly`,
			expected: NONE,
			run: async (tx, f) => {
				await tx
					.insertInto('urgent_action_reports')
					.values({ action_id: f[which], kind: 'call', count: 50 })
					.execute();
				return true;
			}
		}
	]),
	{
		table: 'urgent_action_reports',
		op: 'update',
		expected: NONE,
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('urgent_action_reports')
					.set({ count: 99 })
					.where('action_id', '=', f.publishedId)
					.executeTakeFirst()
			)
	},
	{
		table: 'urgent_action_reports',
		op: 'delete',
		expected: NONE,
		run: async (tx, f) =>
			touched(
				await tx
					.deleteFrom('urgent_action_reports')
					.where('action_id', '=', f.publishedId)
					.executeTakeFirst()
			)
	}
];

async function setup(d: TestDatabase): Promise<{ people: People; fixture: UrgentFixture }> {
	const people = await createPeople(d);
	const made = await d.as(people.admin.claims, async (tx) => {
		const action = (slug: string, published: boolean) =>
			tx
				.insertInto('urgent_actions')
				.values({ code: slug, slug, title_en: slug, summary_en: slug, published })
				.returning('id')
				.executeTakeFirstOrThrow();
		const target = (actionId: string) =>
			tx
				.insertInto('urgent_action_targets')
				.values({ action_id: actionId, name: 'The governor', address: '1 State St' })
				.returning('id')
				.executeTakeFirstOrThrow();
		const published = await action('urgent-published', true);
		const draft = await action('urgent-draft', false);
		const closed = await action('urgent-closed', true);
		return {
			publishedId: published.id,
			draftId: draft.id,
			closedId: closed.id,
			publishedTargetId: (await target(published.id)).id,
			draftTargetId: (await target(draft.id)).id
		};
	});
	// Two reports on the open action, one on the closed action before it closed; the draft's
	// one row comes from the owner, to show that only site admins read reports at all.
	await d.as(ANON, async (tx) => {
		for (const id of [made.publishedId, made.publishedId, made.closedId]) {
			if ((await report(tx, id)) !== 0) throw new Error('the report was not counted');
		}
	});
	await d.as(people.admin.claims, (tx) =>
		tx
			.updateTable('urgent_actions')
			.set({ status: 'closed' })
			.where('id', '=', made.closedId)
			.execute()
	);
	await d.db
		.insertInto('urgent_action_reports')
		.values({ action_id: made.draftId, kind: 'email', count: 1 })
		.execute();
	return { people, fixture: made };
}

export const urgentMatrix: Matrix<UrgentFixture> = {
	name: 'urgent actions',
	roles: 'admin = site admin; everyone else signed in is on no team (organizer roles come later)',
	setup,
	cells
};
