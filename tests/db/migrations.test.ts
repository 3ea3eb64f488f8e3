import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/server/config';
import { openDatabase } from '../../src/lib/server/db';
import { openEngine } from '../../src/lib/server/db/engine';
import { applyMigrations, readSqlFiles, verifyMigrations } from '../../src/lib/server/db/migrate';
import { PLATFORM_ENGINES, openTestDatabase } from '../helpers/databases';

const scratch = mkdtempSync(join(tmpdir(), 'wa-migrations-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// On 'supabase' the platform is Supabase's own: applyMigrations gets the engine's options, which
// apply no stand-in there (as `supabase db push` applies only the migrations).
describe.each(PLATFORM_ENGINES)('migrations (%s)', (engine) => {
	it('records every migration where the Supabase CLI does, and a second run applies nothing', async () => {
		const database = await openTestDatabase(engine);
		try {
			const { rows } = await database.engine.pool.query<{ version: string; name: string }>(
				'select version, name from supabase_migrations.schema_migrations order by version'
			);
			const files = readSqlFiles('supabase/migrations');
			expect(rows).toEqual(files.map(({ version, name }) => ({ version, name })));
			expect(
				await applyMigrations(database.engine.pool, 'supabase', database.migrateOptions)
			).toEqual({
				applied: [],
				fresh: false
			});
			await expect(verifyMigrations(database.engine.pool, 'supabase')).resolves.toBeUndefined();
		} finally {
			await database.engine.close();
		}
	});

	it('in supabase mode refuses to start, naming the migrations not yet pushed', async () => {
		const database = await openTestDatabase(engine);
		const dir = join(scratch, `supabase-${engine}`);
		cpSync('supabase', dir, { recursive: true });
		writeFileSync(join(dir, 'migrations', '29990101000000_future_feature.sql'), 'select 1;');
		try {
			await expect(verifyMigrations(database.engine.pool, dir)).rejects.toThrow(
				/missing 1 migration\(s\): 29990101000000_future_feature\.sql.*supabase db push/
			);
		} finally {
			await database.engine.close();
		}
	});

	it('rolls back a failing migration whole and records nothing of it', async () => {
		const database = await openTestDatabase(engine);
		const dir = join(scratch, `broken-${engine}`);
		cpSync('supabase', dir, { recursive: true });
		writeFileSync(
			join(dir, 'migrations', '29990101000000_broken.sql'),
			'create table public.half_done (id int); select no_such_function();'
		);
		try {
			await expect(
				applyMigrations(database.engine.pool, dir, database.migrateOptions)
			).rejects.toThrow(/no_such_function/);
			const { rows } = await database.engine.pool.query(
				"select to_regclass('public.half_done') as t, (select count(*)::int from supabase_migrations.schema_migrations where version = '29990101000000') as n"
			);
			expect(rows[0]).toEqual({ t: null, n: 0 });
		} finally {
			await database.engine.close();
		}
	});
});

describe('the embedded data directory', () => {
	it('cannot be opened twice, and opens again once closed', async () => {
		const dataDir = join(scratch, 'locked');
		const first = await openEngine({ kind: 'pglite', dataDir });
		try {
			await expect(openEngine({ kind: 'pglite', dataDir })).rejects.toThrow(
				/already open in process/
			);
		} finally {
			await first.close();
		}
		const again = await openEngine({ kind: 'pglite', dataDir });
		await again.close();
	});

	it('is really closed by the app database handle: lock released, opens again', async () => {
		// Kysely's destroy() ends the pool first; the engine must still close PGlite after it.
		const dataDir = join(scratch, 'app');
		const config = loadConfig({ DATA_DIR: dataDir, SEED_DEMO: 'false' });
		const database = await openDatabase(config);
		await database.close();
		expect(existsSync(join(dataDir, 'db.lock'))).toBe(false);
		const again = await openDatabase(config);
		await again.close();
	});

	it('takes over a lock left by a process that is gone', async () => {
		const dataDir = join(scratch, 'stale');
		writeFileSync(`${dataDir}.lock`, '999999999');
		const engine = await openEngine({ kind: 'pglite', dataDir });
		await engine.close();
	});
});
