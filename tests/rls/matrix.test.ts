import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db';
import { PLATFORM_ENGINES, useTestDatabase } from '../helpers/databases';
import {
	bucket,
	coverageGaps,
	createPeople,
	formatReport,
	mismatches,
	runMatrix,
	touched,
	y,
	type CellResult,
	type Matrix,
	type Subject
} from '../helpers/rls-matrix';
import { actMatrix } from './act.matrix';
import { campaignsMatrix } from './campaigns.matrix';
import { groupsMatrix } from './groups.matrix';
import { publicMatrix } from './public.matrix';
import { reportsMatrix } from './reports.matrix';
import { urgentMatrix } from './urgent.matrix';

// The whole RLS matrix: every area's cells, for every persona, on every engine, in one database
// per engine (the fixtures of each area do not overlap). `npm run test:rls` prints it.

const MATRICES = [
	publicMatrix,
	groupsMatrix,
	campaignsMatrix,
	actMatrix,
	reportsMatrix,
	urgentMatrix
] as Matrix<unknown>[];

/** Every table in public and every bucket: what the matrix must cover. */
async function subjects(db: Kysely<DB>): Promise<Subject[]> {
	const tables = await sql<{ name: string }>`
		select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where n.nspname = 'public' and c.relkind in ('r', 'p')`.execute(db);
	const buckets = await db.selectFrom('storage.buckets').select('id').execute();
	return [...tables.rows.map((row) => row.name), ...buckets.map((row) => bucket(row.id))].sort();
}

describe.each(PLATFORM_ENGINES)('the RLS matrix (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const results: CellResult[] = [];

	it('covers every table in public and every bucket, for every operation', async () => {
		const cells = MATRICES.flatMap((matrix) => matrix.cells);
		expect(coverageGaps(await subjects(database().db), cells)).toEqual([]);
	});

	// The matrix must be able to fail: a cell written down wrong is reported, persona by persona.
	it('reports a cell whose outcome differs from what is written down', async () => {
		const planted: Matrix<null> = {
			name: 'planted',
			roles: 'personas on no team',
			setup: async (db) => ({ people: await createPeople(db), fixture: null }),
			cells: [
				{
					table: 'programs',
					op: 'delete',
					// Written down as open to everyone; only site admins may delete a program.
					expected: [y, y, y, y, y, y],
					run: async (tx) =>
						touched(await tx.deleteFrom('programs').where('id', '=', 'custom').execute())
				}
			]
		};
		const { people } = await planted.setup(database());
		const outcome = await runMatrix(database(), planted, people, null);
		expect(mismatches(outcome)).toEqual(
			['anon', 'stranger', 'other', 'member', 'lead'].map(
				(name) => `planted: programs delete as ${name}: expected allowed, was denied`
			)
		);
		expect(coverageGaps(['programs', 'new_table'], planted.cells)).toContain(
			'no cell: new_table select'
		);
	});

	for (const matrix of MATRICES) {
		describe(matrix.name, () => {
			let setup: Awaited<ReturnType<typeof matrix.setup>>;
			beforeAll(async () => {
				setup = await matrix.setup(database());
			});

			it('every cell holds for every persona', async () => {
				const outcome = await runMatrix(database(), matrix, setup.people, setup.fixture);
				results.push(...outcome);
				expect(mismatches(outcome)).toEqual([]);
			});
		});
	}

	afterAll(() => {
		if (process.env.PRINT_RLS_MATRIX) console.log(formatReport(engine, MATRICES, results));
	});
});
