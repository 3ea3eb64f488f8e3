// The PGlite snapshots stand for "migrated (and seeded) the slow way": a database loaded from one
// must hold exactly what the migrations and seed make, and none may be used for other files.
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/lib/server/config';
import { openDatabase, seed, seedTemplates } from '../../src/lib/server/db';
import { openEngine, type Engine } from '../../src/lib/server/db/engine';
import { applyMigrations } from '../../src/lib/server/db/migrate';
import {
	ensureSnapshot,
	readSnapshot,
	snapshotKey,
	type SnapshotContent
} from '../../src/lib/server/db/snapshot';

const scratch = mkdtempSync(join(tmpdir(), 'wa-snapshot-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What a database is: its catalog of our schemas, and how many rows each table holds. */
async function portrait(pool: pg.Pool): Promise<Record<string, unknown>> {
	const query = async (text: string) => (await pool.query(text)).rows;
	const tables = await query(`
		select table_schema || '.' || table_name as name from information_schema.tables
		where table_schema in ('public', 'private', 'auth', 'storage', 'local_auth')
			and table_type = 'BASE TABLE'
		order by 1`);
	const counts: Record<string, number> = {};
	for (const { name } of tables as { name: string }[]) {
		counts[name] = Number((await query(`select count(*) as n from ${name}`))[0]?.n);
	}
	return {
		migrations: await query('select version from supabase_migrations.schema_migrations order by 1'),
		columns: await query(`
			select table_schema, table_name, column_name, data_type, column_default
			from information_schema.columns
			where table_schema in ('public', 'private', 'auth', 'storage', 'local_auth')
			order by 1, 2, 3`),
		policies: await query(
			'select schemaname, tablename, policyname, cmd, qual, with_check from pg_policies order by 1, 2, 3'
		),
		functions: await query(`
			select n.nspname, p.proname, pg_get_function_identity_arguments(p.oid) as args,
				md5(p.prosrc) as body
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			where n.nspname in ('public', 'private', 'auth', 'storage', 'local_auth')
			order by 1, 2, 3`),
		grants: await query(`
			select table_schema, table_name, grantee, privilege_type
			from information_schema.role_table_grants
			where table_schema in ('public', 'private', 'auth', 'storage', 'local_auth')
			order by 1, 2, 3, 4`),
		counts
	};
}

async function slowWay(content: SnapshotContent): Promise<Engine> {
	const engine = await openEngine({ kind: 'pglite', dataDir: 'memory://' });
	await applyMigrations(engine.pool, 'supabase');
	if (content === 'demo') {
		await seedTemplates(engine);
		await seed(engine);
	}
	return engine;
}

describe('PGlite snapshots', () => {
	for (const content of ['schema', 'demo'] as const) {
		it(`a database loaded from the ${content} snapshot is the one the files make`, async () => {
			await ensureSnapshot('supabase', content);
			const snapshot = readSnapshot('supabase', content);
			expect(snapshot).not.toBeNull();
			const loaded = await openEngine({
				kind: 'pglite',
				dataDir: 'memory://',
				loadDataDir: snapshot ?? undefined
			});
			const made = await slowWay(content);
			try {
				const expected = await portrait(made.pool);
				expect(await portrait(loaded.pool)).toEqual(expected);
				expect(await applyMigrations(loaded.pool, 'supabase')).toEqual({
					applied: [],
					fresh: false
				});
			} finally {
				await loaded.close();
				await made.close();
			}
		});
	}

	it('the first start of the embedded app loads the demo snapshot of exactly its files', async () => {
		await ensureSnapshot('supabase', 'demo');
		const secrets: string[] = [];
		for (const name of ['app', 'app-2']) {
			const dataDir = join(scratch, name);
			const database = await openDatabase(loadConfig({ DATA_DIR: dataDir }));
			try {
				const { rows } = await database.engine.pool.query(
					"select count(*)::int as n from public.resolutions where visibility = 'published'"
				);
				expect(rows[0].n).toBeGreaterThan(100);
				const secret = await database.engine.pool.query(
					"select encode(secret, 'hex') as hex from private.rate_limit_secret"
				);
				secrets.push(secret.rows[0].hex);
			} finally {
				await database.close();
			}
			expect(existsSync(join(dataDir, 'db', 'PG_VERSION'))).toBe(true);
		}
		// Each database draws its own rate-limit secret, not the snapshot's.
		expect(new Set(secrets).size).toBe(2);
	});

	it('files that differ have another key, and no snapshot stands in for them', async () => {
		const dir = join(scratch, 'changed');
		cpSync('supabase', dir, { recursive: true });
		writeFileSync(
			join(dir, 'migrations', '29990101000000_later.sql'),
			'create table public.later (id int);'
		);
		for (const content of ['schema', 'demo'] as const) {
			expect(snapshotKey(dir, content)).not.toBe(snapshotKey('supabase', content));
			expect(readSnapshot(dir, content)).toBeNull();
		}
		// The app makes such a database the slow way, with the new migration.
		const database = await openDatabase(
			loadConfig({ DATA_DIR: join(scratch, 'changed-app'), SEED_DEMO: 'false' }),
			dir
		);
		try {
			const { rows } = await database.engine.pool.query(
				"select to_regclass('public.later') is not null as there"
			);
			expect(rows[0].there).toBe(true);
		} finally {
			await database.close();
		}
	});
});
