import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, type Tx } from '../../src/lib/server/db';
import { createCampaign } from '../helpers/campaigns';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { attempt, touched } from '../helpers/rls';

// The RLS matrix of the call to act: recipients, the letter columns and the anonymous action
// reports, for every persona × operation, on a published pending campaign (and where it matters
// on a draft and on a decided one). Each attempt runs in its own transaction, rolled back.

type PersonaName = 'anon' | 'stranger' | 'editor' | 'lead' | 'admin';
const PERSONAS: PersonaName[] = ['anon', 'stranger', 'editor', 'lead', 'admin'];

interface Fixture {
	/** Published, vote pending: the call to act is open. */
	openId: string;
	/** A draft of the same team. */
	draftId: string;
	/** Published, adopted: reports stay readable but no new ones. */
	decidedId: string;
	openRecipientId: string;
	draftRecipientId: string;
}

const y = true;
const n = false;
/** In PERSONAS order: anon, stranger, editor, lead, admin. */
type Row = [boolean, boolean, boolean, boolean, boolean];

interface Cell {
	name: string;
	expected: Row;
	run: (tx: Tx, f: Fixture) => Promise<boolean>;
}

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

/** label, campaign, who reads its reports, who may add one, and how many it holds. */
const REPORT_CASES: [string, 'openId' | 'draftId' | 'decidedId', Row, Row, number][] = [
	['pending, published', 'openId', [y, y, y, y, y], [y, y, y, y, y], 2],
	['draft', 'draftId', [n, n, y, y, y], [n, n, n, n, n], 1],
	['decided', 'decidedId', [y, y, y, y, y], [n, n, n, n, n], 1]
];

const CELLS: Cell[] = [
	// resolution_recipients
	{
		name: 'recipients select (published)',
		expected: [y, y, y, y, y],
		run: async (tx, f) => (await countRecipients(tx, f.openId)) === 1
	},
	{
		name: 'recipients select (draft)',
		expected: [n, n, y, y, y],
		run: async (tx, f) => (await countRecipients(tx, f.draftId)) === 1
	},
	// The team writes on a draft and on a published campaign alike.
	...(['openId', 'draftId'] as const).flatMap((which): Cell[] => {
		const recipient = which === 'openId' ? 'openRecipientId' : 'draftRecipientId';
		const label = which === 'openId' ? 'published' : 'draft';
		return [
			{
				name: `recipients insert (${label})`,
				expected: [n, n, y, y, y],
				run: (tx, f) => addRecipient(tx, f[which])
			},
			{
				name: `recipients update (${label})`,
				expected: [n, n, y, y, y],
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
		name: 'recipients delete',
		expected: [n, n, y, y, y],
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
		name: 'letter select (published)',
		expected: [y, y, y, y, y],
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
		name: 'letter update',
		expected: [n, n, y, y, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolutions')
					.set({ letter_subject: 'Vote yes', letter_body: 'Please vote yes.' })
					.where('id', '=', f.openId)
					.executeTakeFirst()
			)
	},

	// resolution_actions: anyone reports while the vote is pending; nobody changes a report.
	// resolution_actions: everyone reads the count of a published resolution, the team that of a
	// draft; anyone reports while the vote is pending, and nobody changes or removes a report.
	...REPORT_CASES.flatMap(([label, which, reads, reports, rows]): Cell[] => [
		{
			name: `actions select (${label})`,
			expected: reads,
			run: async (tx, f) => (await countActions(tx, f[which])) === rows
		},
		{
			name: `actions insert (${label})`,
			expected: reports,
			run: async (tx, f) => {
				await tx.insertInto('resolution_actions').values({ resolution_id: f[which] }).execute();
				return true;
			}
		}
	]),
	{
		name: 'actions update',
		expected: [n, n, n, n, n],
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
		name: 'actions delete',
		expected: [n, n, n, n, n],
		run: async (tx, f) =>
			touched(
				await tx
					.deleteFrom('resolution_actions')
					.where('resolution_id', '=', f.openId)
					.executeTakeFirst()
			)
	}
];

describe.each(ENGINES)('RLS matrix of the call to act (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const people = {} as Record<PersonaName, Persona | null>;
	let fixture: Fixture;

	beforeAll(async () => {
		const d = database();
		people.anon = null;
		people.stranger = await createPersona(d, 'stranger');
		people.editor = await createPersona(d, 'editor');
		people.lead = await createPersona(d, 'lead');
		people.admin = await createPersona(d, 'admin', { siteAdmin: true });
		const lead = people.lead;
		const editor = people.editor;

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
		// Reports are taken while the vote is pending; the decided one had its report before.
		await d.as(ANON, async (tx) => {
			await tx
				.insertInto('resolution_actions')
				.values([
					{ resolution_id: open.id },
					{ resolution_id: open.id },
					{ resolution_id: decided.id }
				])
				.execute();
		});
		await d.as(lead.claims, async (tx) => {
			await tx
				.updateTable('resolutions')
				.set({ status: 'adopted' })
				.where('id', '=', decided.id)
				.execute();
		});
		// A draft never takes reports through RLS; its one row comes from the owner, to show
		// that the team (and only the team) reads a draft's count.
		await d.db.insertInto('resolution_actions').values({ resolution_id: draft.id }).execute();

		fixture = {
			openId: open.id,
			draftId: draft.id,
			decidedId: decided.id,
			openRecipientId: recipients.open.id,
			draftRecipientId: recipients.draft.id
		};
	});

	it('every cell of the matrix holds', async () => {
		const d = database();
		const failures: string[] = [];
		const report: string[] = [];
		for (const cell of CELLS) {
			const outcomes: boolean[] = [];
			for (const [i, name] of PERSONAS.entries()) {
				const persona = people[name];
				const outcome = await attempt(d, persona ? persona.claims : ANON, (tx) =>
					cell.run(tx, fixture)
				);
				outcomes.push(outcome);
				if (outcome !== cell.expected[i]) {
					failures.push(
						`${cell.name} as ${name}: expected ${cell.expected[i] ? 'allowed' : 'denied'}`
					);
				}
			}
			report.push(`${cell.name.padEnd(40)} ${outcomes.map((o) => (o ? 'Y' : '-')).join(' ')}`);
		}
		if (process.env.PRINT_RLS_MATRIX) {
			console.log(`${''.padEnd(40)} ${PERSONAS.map((p) => p[0]).join(' ')}\n${report.join('\n')}`);
		}
		expect(failures).toEqual([]);
	});

	it('a report holds no person: only the resolution and the time', async () => {
		const columns = await sql<{ column_name: string }>`
			select column_name from information_schema.columns
			where table_schema = 'public' and table_name = 'resolution_actions'
			order by column_name
		`.execute(database().db);
		expect(columns.rows.map((row) => row.column_name)).toEqual([
			'created_at',
			'id',
			'resolution_id'
		]);
	});

	it('a stranger cannot move a recipient into a campaign they do not run', async () => {
		const d = database();
		const stranger = people.stranger as Persona;
		const own = await createCampaign(d, stranger);
		// The editor's recipient, pointed at the stranger's campaign: invisible to them, so no row.
		const moved = await attempt(d, stranger.claims, async (tx) =>
			touched(
				await tx
					.updateTable('resolution_recipients')
					.set({ resolution_id: own.id })
					.where('id', '=', fixture.openRecipientId)
					.executeTakeFirst()
			)
		);
		expect(moved).toBe(false);
		// And an editor cannot move one of theirs into the stranger's campaign.
		const editor = people.editor as Persona;
		const pushed = await attempt(d, editor.claims, async (tx) =>
			touched(
				await tx
					.updateTable('resolution_recipients')
					.set({ resolution_id: own.id })
					.where('id', '=', fixture.openRecipientId)
					.executeTakeFirst()
			)
		);
		expect(pushed).toBe(false);
	});
});
