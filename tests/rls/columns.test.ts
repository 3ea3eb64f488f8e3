import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db';
import {
	ADMINS,
	declarationGaps,
	formatColumnReport,
	mismatches,
	readCatalog,
	runColumnMatrix,
	writers,
	type Catalog,
	type CellResult,
	type Declarations
} from '../helpers/column-matrix';
import { PLATFORM_ENGINES, useTestDatabase, type EngineName } from '../helpers/databases';
import { COLUMN_DECLARATIONS } from './columns';
import { createWorld, type World } from './columns/world';

// The column-write matrix (tests/helpers/column-matrix.ts): every column of every table in public,
// for every persona, insert and update, against what tests/rls/columns/<area>.ts declare — on
// every engine, and once more where every grant has been given back to the API roles, as a click
// in a dashboard would: RLS and the triggers must hold on their own, so nothing may change.
// `npm run test:rls` prints it.

/** Where the matrix runs a second time after the grants are lost: embedded, and the platform. */
const GRANTS_LOST_ENGINES: EngineName[] = ['pglite', 'supabase'];

/** What re-granting everything from Supabase's dashboard does. */
async function grantEverything(db: Kysely<DB>) {
	await sql`grant all on all tables in schema public to anon, authenticated`.execute(db);
	await sql`grant all on all sequences in schema public to anon, authenticated`.execute(db);
}

/**
 * Columns of a primary key that a role allowed to update the table cannot read: the update cells
 * find their row by its key, which needs SELECT on it. (An attacker without it could still
 * update every row RLS lets them: the matrix would then understate what they can write.)
 */
async function unreadableKeys(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ gap: string }>`
		select format('%s.%s for %s', c.relname, a.attname, r.role) as gap
		from pg_index i
		join pg_class c on c.oid = i.indrelid
		join pg_namespace n on n.oid = c.relnamespace
		join pg_attribute a on a.attrelid = c.oid and a.attnum = any (i.indkey)
		cross join (values ('anon'), ('authenticated')) as r (role)
		where n.nspname = 'public' and i.indisprimary
			and exists (
				select 1 from pg_attribute u
				where u.attrelid = c.oid and u.attnum > 0 and not u.attisdropped
					and has_column_privilege(r.role, c.oid, u.attnum, 'UPDATE')
			)
			and not has_column_privilege(r.role, c.oid, a.attnum, 'SELECT')
		order by 1`.execute(db);
	return rows.map((row) => row.gap);
}

describe.each(PLATFORM_ENGINES)('the column-write matrix (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let world: World;
	let catalog: Catalog;
	const printed: string[] = [];

	beforeAll(async () => {
		world = await createWorld(database());
		catalog = await readCatalog(database().db);
	});

	/** The whole matrix, timed, kept for the printed report. */
	async function run(title: string): Promise<CellResult[]> {
		const started = performance.now();
		const results = await runColumnMatrix(
			database().engine.pool,
			catalog,
			COLUMN_DECLARATIONS,
			world,
			world.people
		);
		const seconds = ((performance.now() - started) / 1000).toFixed(1);
		printed.push(formatColumnReport(`${title}, ${seconds} s`, results));
		return results;
	}

	it('declares every column of every table in public, and nothing else', () => {
		expect(declarationGaps(catalog, COLUMN_DECLARATIONS)).toEqual([]);
	});

	it('finds each fixture row by a key that whoever may update it can read', async () => {
		expect(await unreadableKeys(database().db)).toEqual([]);
	});

	// The matrix must be able to fail: a column declared wrong, one not declared, one gone.
	it('reports a cell declared wrong, a column not declared and a declared column that is gone', async () => {
		const programs = COLUMN_DECLARATIONS.programs;
		if (!programs) throw new Error('programs is not declared');
		const planted: Declarations<World> = {
			programs: {
				...programs,
				columns: { ...programs.columns, name: writers(ADMINS, ['anon', 'admin']) }
			}
		};
		const only = new Map([['programs', new Map(catalog.get('programs'))]]);
		const results = await runColumnMatrix(
			database().engine.pool,
			only,
			planted,
			world,
			world.people
		);
		expect(mismatches(results).map((line) => line.slice(0, line.indexOf(':')))).toEqual([
			'programs.name update as anon'
		]);

		// A value the column holds anyway (here its default) would be "allowed" for everyone.
		const vacuous: Declarations<World> = {
			programs: {
				...programs,
				columns: { ...programs.columns, cash_share_percent: writers(ADMINS, ADMINS, { value: 0 }) }
			}
		};
		await expect(
			runColumnMatrix(database().engine.pool, only, vacuous, world, world.people)
		).rejects.toThrow(/programs.cash_share_percent insert: the test value is what the column/);

		only.get('programs')?.set('new_column', { type: 'text', default: null });
		only.get('programs')?.delete('status_note');
		expect(declarationGaps(only, planted)).toEqual([
			'not declared: programs.new_column',
			'declared, but not a column: programs.status_note'
		]);
	});

	it('every column holds for every persona, insert and update', async () => {
		expect(mismatches(await run(engine))).toEqual([]);
	}, 300_000);

	if (GRANTS_LOST_ENGINES.includes(engine)) {
		it('holds the same after every grant is given back to anon and authenticated', async () => {
			await grantEverything(database().db);
			expect(mismatches(await run(`${engine}, grants lost`))).toEqual([]);
		}, 300_000);
	}

	afterAll(() => {
		if (process.env.PRINT_RLS_MATRIX) console.log(printed.join('\n\n'));
	});
});
