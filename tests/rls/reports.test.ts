import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, type Claims, type Tx } from '../../src/lib/server/db';
import { ENGINES, useTestDatabase, type TestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

// The RLS matrix of public.resolution_reports: anyone may add a pending report (without
// RETURNING, since only site admins read reports); only site admins read, decide or delete one.
// A campaign's editor and lead are signed-in users like any other here. Each cell runs in its own
// transaction, rolled back, so cells do not affect each other.

const PERSONAS = ['anon', 'stranger', 'editor', 'lead', 'admin'] as const;
type PersonaName = (typeof PERSONAS)[number];
/** Expected outcome per persona, in PERSONAS order. */
type Expected = [boolean, boolean, boolean, boolean, boolean];

const y = true;
const n = false;

const pendingReport = (title: string) => ({
	place_name: 'Reportville',
	place_kind: 'city',
	state_code: 'MN',
	status: 'adopted',
	decided_on: '2024-05-01',
	title,
	source_url: 'https://example.org/minutes',
	contact_email: 'reporter@example.org'
});

interface Fixture {
	reportId: string;
	resolutionId: string;
}

const touched = (rows: { numUpdatedRows?: bigint; numDeletedRows?: bigint }[]) =>
	rows.some((row) => Number(row.numUpdatedRows ?? row.numDeletedRows ?? 0) > 0);

const CELLS: { op: string; expected: Expected; run: (tx: Tx, f: Fixture) => Promise<boolean> }[] = [
	{
		op: 'select',
		expected: [n, n, n, n, y],
		run: async (tx, f) =>
			(
				await tx
					.selectFrom('resolution_reports')
					.select(['id', 'contact_email'])
					.where('id', '=', f.reportId)
					.execute()
			).length === 1
	},
	{
		op: 'insert a pending report',
		expected: [y, y, y, y, y],
		run: async (tx) => {
			await tx.insertInto('resolution_reports').values(pendingReport('New report')).execute();
			return true;
		}
	},
	{
		// RETURNING needs the select policy too: only admins may read back what they wrote.
		op: 'insert … returning',
		expected: [n, n, n, n, y],
		run: async (tx) =>
			Boolean(
				await tx
					.insertInto('resolution_reports')
					.values(pendingReport('Read back'))
					.returning('id')
					.executeTakeFirst()
			)
	},
	{
		// Nobody, admins included, files a report that is already decided.
		op: 'insert a decided report',
		expected: [n, n, n, n, n],
		run: async (tx, f) => {
			await tx
				.insertInto('resolution_reports')
				.values({
					...pendingReport('Pre-approved'),
					contact_email: null,
					state: 'approved',
					resolution_id: f.resolutionId,
					decided_at: new Date()
				})
				.execute();
			return true;
		}
	},
	{
		op: 'update',
		expected: [n, n, n, n, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolution_reports')
					.set({ notes: 'Checked' })
					.where('id', '=', f.reportId)
					.execute()
			)
	},
	{
		op: 'delete',
		expected: [n, n, n, n, y],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('resolution_reports').where('id', '=', f.reportId).execute())
	}
];

class Rollback extends Error {
	constructor(readonly allowed: boolean) {
		super('rollback');
	}
}

/** Whether the statement went through; a refusal by a grant or a policy (42501) is a denial. */
async function allowed(db: TestDatabase, claims: Claims, run: (tx: Tx) => Promise<boolean>) {
	try {
		await db.as(claims, async (tx) => {
			throw new Rollback(await run(tx));
		});
	} catch (error) {
		if (error instanceof Rollback) return error.allowed;
		if ((error as { code?: string }).code === '42501') return false;
		throw error;
	}
	throw new Error('the attempt did not roll back');
}

describe.each(ENGINES)('RLS on resolution reports (%s)', (engine) => {
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
		// A campaign led by `lead` with `editor` on its team (the creator becomes its lead).
		const resolutionId = await d.as(lead.claims, async (tx) => {
			const place = await tx
				.insertInto('places')
				.values({ kind: 'city', name: 'Campaignville', state_code: 'MN', created_by: lead.id })
				.returning('id')
				.executeTakeFirstOrThrow();
			const resolution = await tx
				.insertInto('resolutions')
				.values({
					slug: 'campaignville-mn',
					place_id: place.id,
					title: 'Welcome',
					created_by: lead.id
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await tx
				.insertInto('resolution_members')
				.values({ resolution_id: resolution.id, user_id: people.editor!.id, role: 'editor' })
				.execute();
			return resolution.id;
		});
		const report = await d.db
			.insertInto('resolution_reports')
			.values(pendingReport('Fixture report'))
			.returning('id')
			.executeTakeFirstOrThrow();
		fixture = { reportId: report.id, resolutionId };
	});

	it('every cell of the matrix holds', async () => {
		const d = database();
		const failures: string[] = [];
		for (const cell of CELLS) {
			for (const [i, name] of PERSONAS.entries()) {
				const claims = people[name]?.claims ?? ANON;
				const outcome = await allowed(d, claims, (tx) => cell.run(tx, fixture));
				if (outcome !== cell.expected[i]) {
					failures.push(
						`${cell.op} as ${name}: expected ${cell.expected[i] ? 'allowed' : 'denied'}`
					);
				}
			}
		}
		expect(failures).toEqual([]);
	});

	it('the fixture persona set is what the matrix says: editor and lead are on a campaign', async () => {
		const d = database();
		const roles = await d.db
			.selectFrom('resolution_members')
			.select(['user_id', 'role'])
			.where('resolution_id', '=', fixture.resolutionId)
			.execute();
		expect(new Map(roles.map((r) => [r.user_id, r.role]))).toEqual(
			new Map([
				[people.lead!.id, 'lead'],
				[people.editor!.id, 'editor']
			])
		);
	});

	it('a decision keeps no email, a rejection has a reason, an approval a resolution', async () => {
		const d = database();
		const admin = people.admin!;
		const decide = (values: Record<string, unknown>) =>
			d.as(admin.claims, (tx) =>
				tx
					.updateTable('resolution_reports')
					.set({ decided_at: sql`now()`, decided_by: admin.id, ...values })
					.where('id', '=', fixture.reportId)
					.execute()
			);
		const checkViolation = { code: '23514' };
		await expect(decide({ state: 'rejected', decision_reason: 'Duplicate' })).rejects.toMatchObject(
			checkViolation
		);
		await expect(
			decide({ state: 'rejected', contact_email: null, decision_reason: null })
		).rejects.toMatchObject(checkViolation);
		await expect(decide({ state: 'approved', contact_email: null })).rejects.toMatchObject(
			checkViolation
		);
		await decide({ state: 'rejected', contact_email: null, decision_reason: 'Duplicate' });
		const row = await d.db
			.selectFrom('resolution_reports')
			.select(['state', 'contact_email'])
			.where('id', '=', fixture.reportId)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ state: 'rejected', contact_email: null });
	});
});
