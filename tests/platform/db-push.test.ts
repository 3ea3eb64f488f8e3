// The real Supabase CLI (`supabase db push`) and our file-by-file runner leave the same schema on
// the platform fixture. The tests apply migrations with the runner (it is fast and needs no
// binary); this suite proves that what they test is what `db push` would make.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/lib/server/db/migrate';
import { createPlatformDatabase, type PlatformDatabase } from './cluster';

const run = promisify(execFile);
const CLI = join('node_modules', '.bin', 'supabase');
// The npm package runs a prebuilt binary from a package per platform (an optional dependency).
const BINARY = join('node_modules', '@supabase', `cli-${process.platform}-${process.arch}`, 'bin');
const available = Boolean(process.env.PLATFORM_ADMIN_URL) && existsSync(BINARY);

/** Every object our migrations make, one line each: what two schemas must share to be equal. */
const CATALOG_SUMMARY = `
	with ours as (
		select oid from pg_namespace
		where nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
			and nspname not like 'pg_temp%' and nspname not like 'pg_toast_temp%'
	)
	select line from (
		select format('schema %s owner=%s acl=%s', nspname, nspowner::regrole, nspacl) as line
		from pg_namespace where oid in (select oid from ours)
		union all
		select format('relation %s kind=%s owner=%s rls=%s acl=%s', c.oid::regclass, c.relkind,
			c.relowner::regrole, c.relrowsecurity, c.relacl)
		from pg_class c where c.relnamespace in (select oid from ours)
			and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
		union all
		select format('column %s.%s %s notnull=%s default=%s generated=%s acl=%s', a.attrelid::regclass,
			a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
			pg_get_expr(d.adbin, d.adrelid), a.attgenerated, a.attacl)
		from pg_attribute a
		join pg_class c on c.oid = a.attrelid
		left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
		where c.relnamespace in (select oid from ours) and c.relkind in ('r', 'p', 'v', 'm', 'f')
			and a.attnum > 0 and not a.attisdropped
		union all
		select format('constraint %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
		from pg_constraint where connamespace in (select oid from ours)
		union all
		select format('index %s', pg_get_indexdef(indexrelid))
		from pg_index i join pg_class c on c.oid = i.indexrelid
		where c.relnamespace in (select oid from ours)
		union all
		select format('policy %s.%s %s %s roles=%s using=%s check=%s', schemaname, tablename,
			policyname, cmd, roles, qual, with_check)
		from pg_policies
		union all
		select format('trigger %s', pg_get_triggerdef(oid))
		from pg_trigger where not tgisinternal
		union all
		select format('function %s owner=%s definer=%s volatile=%s config=%s acl=%s body=%s',
			p.oid::regprocedure, p.proowner::regrole, p.prosecdef, p.provolatile, p.proconfig,
			p.proacl, md5(p.prosrc))
		from pg_proc p where p.pronamespace in (select oid from ours)
		union all
		select format('default acl %s %s %s %s', defaclrole::regrole, defaclnamespace::regnamespace,
			defaclobjtype, defaclacl)
		from pg_default_acl
		union all
		select format('migration %s %s', version, name) from supabase_migrations.schema_migrations
	) lines
	order by line
`;

async function catalogSummary(url: string): Promise<string[]> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const { rows } = await client.query<{ line: string }>(CATALOG_SUMMARY);
		return rows.map((row) => row.line);
	} finally {
		await client.end();
	}
}

/** A project directory with our config and migrations only: no seed, nothing else to push. */
function projectCopy(): string {
	const dir = mkdtempSync(join(tmpdir(), 'wa-db-push-'));
	cpSync('supabase/config.toml', join(dir, 'supabase', 'config.toml'));
	cpSync('supabase/migrations', join(dir, 'supabase', 'migrations'), { recursive: true });
	return dir;
}

async function supabaseDbPush(projectDir: string, databaseUrl: string): Promise<string> {
	const { stdout, stderr } = await run(
		CLI,
		['db', 'push', `--remote=${databaseUrl}`, '--include-all', '--yes', '--workdir', projectDir],
		{
			timeout: 120_000,
			env: {
				...process.env,
				// Offline and on loopback: no telemetry, no TLS, nothing written to the home directory.
				DO_NOT_TRACK: '1',
				SUPABASE_TELEMETRY_DISABLED: '1',
				SUPABASE_HOME: join(projectDir, '.supabase-home'),
				PGSSLMODE: 'disable'
			}
		}
	);
	return `${stdout}\n${stderr}`;
}

describe.skipIf(!available)('supabase db push on the platform fixture', () => {
	const databases: PlatformDatabase[] = [];
	const dirs: string[] = [];
	afterAll(async () => {
		for (const database of databases) await database.drop();
		for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
	});

	it('leaves the same schema as the runner the tests use', { timeout: 180_000 }, async () => {
		const pushed = await createPlatformDatabase();
		const ran = await createPlatformDatabase();
		databases.push(pushed, ran);
		const projectDir = projectCopy();
		dirs.push(projectDir);

		const output = await supabaseDbPush(projectDir, pushed.url);
		const pool = new pg.Pool({ connectionString: ran.url, max: 1 });
		try {
			await applyMigrations(pool, 'supabase', { standIn: false });
		} finally {
			await pool.end();
		}

		const [byCli, byRunner] = await Promise.all([
			catalogSummary(pushed.adminUrl),
			catalogSummary(ran.adminUrl)
		]);
		expect(byCli.filter((line) => line.startsWith('migration ')).length, output).toBeGreaterThan(0);
		expect(byRunner).toEqual(byCli);
	});
});
