import { sql } from 'kysely';
import { ANON, type Tx } from '../../src/lib/server/db';
import { createCampaign } from '../helpers/campaigns';
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

// The call to act: recipients, the letter columns and the anonymous action reports, on a
// published pending campaign (and where it matters on a draft and on a decided one) of `lead`,
// with `member` as its editor; `other` leads a campaign of their own. Nobody writes
// resolution_actions directly: "I sent it" goes through private.record_sent_letter(), which takes
// it only while the vote is pending on a published resolution, within its rate limits.

export interface ActFixture {
	/** Published, vote pending: the call to act is open. */
	openId: string;
	/** A draft of the same team. */
	draftId: string;
	/** Published, adopted: reports stay readable but no new ones. */
	decidedId: string;
	openRecipientId: string;
	draftRecipientId: string;
}

type Row = Expected;
type Cell = MatrixCell<ActFixture>;

const countRecipients = async (tx: Tx, resolutionId: string) =>
	(
		await tx
			.selectFrom('resolution_recipients')
			.select('id')
			.where('resolution_id', '=', resolutionId)
			.execute()
	).length;

const countActions = async (tx: Tx, resolutionId: string) =>
	(
		await tx
			.selectFrom('resolution_actions')
			.select('id')
			.where('resolution_id', '=', resolutionId)
			.execute()
	).length;

const addRecipient = (tx: Tx, resolutionId: string) =>
	tx
		.insertInto('resolution_recipients')
		.values({ resolution_id: resolutionId, name: 'Ada Mayor', email: 'ada@city.example.gov' })
		.execute()
		.then(() => true);

/** "I sent it" as the act page sends it: 0 when counted, else the seconds to wait. */
const recordSentLetter = async (tx: Tx, resolutionId: string, client = '192.0.2.1') => {
	const { rows } = await sql<{ wait: number }>`
		select private.record_sent_letter(${resolutionId}, ${client}, '') as wait
	`.execute(tx);
	return rows[0]?.wait;
};

/**
 * label, campaign, who reads its reports, who may add one (through the function), and how many
 * it holds.
 */
const REPORT_CASES: [string, 'openId' | 'draftId' | 'decidedId', Row, Row, number][] = [
	['pending, published', 'openId', [y, y, y, y, y, y], [y, y, y, y, y, y], 2],
	['draft', 'draftId', [n, n, n, y, y, y], [n, n, n, n, n, n], 1],
	['decided', 'decidedId', [y, y, y, y, y, y], [n, n, n, n, n, n], 1]
];

const cells: Cell[] = [
	// resolution_recipients
	{
		table: 'resolution_recipients',
		op: 'select',
		variant: 'published',
		expected: [y, y, y, y, y, y],
		run: async (tx, f) => (await countRecipients(tx, f.openId)) === 1
	},
	{
		table: 'resolution_recipients',
		op: 'select',
		variant: 'draft',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) => (await countRecipients(tx, f.draftId)) === 1
	},
	// The team writes on a draft and on a published campaign alike.
	...(['openId', 'draftId'] as const).flatMap((which): Cell[] => {
		const recipient = which === 'openId' ? 'openRecipientId' : 'draftRecipientId';
		const label = which === 'openId' ? 'published' : 'draft';
		return [
			{
				table: 'resolution_recipients',
				op: 'insert',
				variant: `${label}`,
				expected: [n, n, n, y, y, y],
				run: (tx, f) => addRecipient(tx, f[which])
			},
			{
				table: 'resolution_recipients',
				op: 'update',
				variant: `${label}`,
				expected: [n, n, n, y, y, y],
				run: async (tx, f) =>
					touched(
						await tx
							.updateTable('resolution_recipients')
							.set({ role: 'Council member' })
							.where('id', '=', f[recipient])
							.executeTakeFirst()
					)
			}
		];
	}),
	{
		table: 'resolution_recipients',
		op: 'delete',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			touched(
				await tx
					.deleteFrom('resolution_recipients')
					.where('id', '=', f.openRecipientId)
					.executeTakeFirst()
			)
	},

	// The letter lives on the resolution: the team and admins write it.
	{
		table: 'resolutions',
		op: 'select',
		variant: 'letter, published',
		expected: [y, y, y, y, y, y],
		run: async (tx, f) =>
			(
				await tx
					.selectFrom('resolutions')
					.select('letter_body')
					.where('id', '=', f.openId)
					.executeTakeFirst()
			)?.letter_body === 'Dear council,'
	},
	{
		table: 'resolutions',
		op: 'update',
		variant: 'letter',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolutions')
					.set({ letter_subject: 'Vote yes', letter_body: 'Please vote yes.' })
					.where('id', '=', f.openId)
					.executeTakeFirst()
			)
	},

	// resolution_actions: everyone reads the count of a published resolution, the team that of a
	// draft; anyone reports through the function while the vote is pending, nobody writes the
	// table directly, and nobody changes or removes a report.
	...REPORT_CASES.flatMap(([label, which, reads, reports, rows]): Cell[] => [
		{
			table: 'resolution_actions',
			op: 'select',
			variant: `${label}`,
			expected: reads,
			run: async (tx, f) => (await countActions(tx, f[which])) === rows
		},
		{
			table: 'resolution_actions',
			op: 'insert',
			variant: `${label}, through record_sent_letter`,
			expected: reports,
			run: async (tx, f) => (await recordSentLetter(tx, f[which])) === 0
		},
		{
			table: 'resolution_actions',
			op: 'insert',
			variant: `${label}, directly`,
			expected: [n, n, n, n, n, n],
			run: async (tx, f) => {
				await tx.insertInto('resolution_actions').values({ resolution_id: f[which] }).execute();
				return true;
			}
		}
	]),
	{
		table: 'resolution_actions',
		op: 'update',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolution_actions')
					.set({ created_at: new Date('2020-01-01') })
					.where('resolution_id', '=', f.openId)
					.executeTakeFirst()
			)
	},
	{
		table: 'resolution_actions',
		op: 'delete',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) =>
			touched(
				await tx
					.deleteFrom('resolution_actions')
					.where('resolution_id', '=', f.openId)
					.executeTakeFirst()
			)
	}
];

async function setup(d: TestDatabase): Promise<{ people: People; fixture: ActFixture }> {
	const people = await createPeople(d, 'editor');
	const { lead, member: editor } = people;
	// The other persona leads a published campaign of their own.
	await createCampaign(d, people.other, { publish: true });

	const open = await createCampaign(d, lead, { editor, publish: true });
	const draft = await createCampaign(d, lead, { editor });
	const decided = await createCampaign(d, lead, { editor, publish: true });
	const recipients = await d.as(editor.claims, async (tx) => {
		await tx
			.updateTable('resolutions')
			.set({ letter_subject: 'Please vote yes', letter_body: 'Dear council,' })
			.where('id', '=', open.id)
			.execute();
		const add = (resolutionId: string) =>
			tx
				.insertInto('resolution_recipients')
				.values({ resolution_id: resolutionId, name: 'Bo Member', email: 'bo@city.example.gov' })
				.returning('id')
				.executeTakeFirstOrThrow();
		return { open: await add(open.id), draft: await add(draft.id) };
	});
	// Reports are taken while the vote is pending; the decided one had its report before the lead
	// recorded the adoption (a pipeline move).
	await d.as(ANON, async (tx) => {
		for (const id of [open.id, open.id, decided.id]) {
			if ((await recordSentLetter(tx, id)) !== 0) throw new Error('the report was not counted');
		}
	});
	await d.as(lead.claims, async (tx) => {
		await sql`select private.move_resolution(${decided.id}, 'stage:adopted', current_date,
			'Adopted', null)`.execute(tx);
	});
	// A draft never takes reports through RLS; its one row comes from the owner, to show
	// that the team (and only the team) reads a draft's count.
	await d.db.insertInto('resolution_actions').values({ resolution_id: draft.id }).execute();

	const fixture = {
		openId: open.id,
		draftId: draft.id,
		decidedId: decided.id,
		openRecipientId: recipients.open.id,
		draftRecipientId: recipients.draft.id
	};
	return { people, fixture };
}

export const actMatrix: Matrix<ActFixture> = {
	name: 'act',
	roles: 'other = lead of another campaign, member = editor of the campaign, lead = its lead',
	setup,
	cells
};
