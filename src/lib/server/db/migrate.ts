import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';

/** A SQL file under supabase/: the Supabase CLI's `<version>_<name>.sql` for migrations. */
export interface SqlFile {
	version: string;
	name: string;
	sql: string;
}

export function readSqlFiles(dir: string): SqlFile[] {
	return readdirSync(dir)
		.filter((file) => file.endsWith('.sql'))
		.sort()
		.map((file) => {
			const base = file.slice(0, -'.sql'.length);
			const cut = base.indexOf('_');
			return {
				version: cut > 0 ? base.slice(0, cut) : base,
				name: cut > 0 ? base.slice(cut + 1) : base,
				sql: readFileSync(join(dir, file), 'utf8')
			};
		});
}

// Where the Supabase CLI records applied migrations, so `supabase db push` and this runner agree.
const HISTORY_DDL = `
	create schema if not exists supabase_migrations;
	create table if not exists supabase_migrations.schema_migrations (
		version text primary key,
		statements text[],
		name text
	);
`;

// Which files of supabase/local (the stand-in for Supabase's platform) are applied. Ours alone.
const STAND_IN_DDL = `
	create table if not exists supabase_migrations.local_stand_in (
		name text primary key,
		applied_at timestamptz not null default now()
	);
`;

// Any constant works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK = 7_214_020_611;

export interface MigrateOptions {
	/**
	 * Apply supabase/local, the stand-in for Supabase's platform schemas (default true). False on a
	 * database that has Supabase's platform already (the platform fixture the tests use): then the
	 * migrations alone are applied, as `supabase db push` does.
	 */
	standIn?: boolean;
}

export interface MigrateResult {
	applied: string[];
	/** True when this run created the schema, i.e. the database was new. */
	fresh: boolean;
}

/**
 * Applies supabase/local (the stand-in for Supabase's platform schemas, unless `standIn` is false)
 * and then every migration not yet recorded, each in its own transaction. Used in the embedded and
 * postgres modes, and by the tests on the Supabase platform fixture.
 */
export async function applyMigrations(
	pool: pg.Pool,
	supabaseDir: string,
	{ standIn = true }: MigrateOptions = {}
): Promise<MigrateResult> {
	const client = await pool.connect();
	try {
		await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
		await client.query(HISTORY_DDL);
		const applied: string[] = standIn ? await applyStandIn(client, supabaseDir) : [];

		const done = await appliedVersions(client);
		const fresh = done.size === 0;
		const files = readSqlFiles(join(supabaseDir, 'migrations'));
		refuseUnknownHistory(done, files);
		for (const file of files) {
			if (done.has(file.version)) continue;
			await inTransaction(client, async () => {
				await client.query(file.sql);
				await client.query(
					'insert into supabase_migrations.schema_migrations (version, statements, name) values ($1, $2, $3)',
					[file.version, [file.sql], file.name]
				);
			});
			applied.push(`${file.version}_${file.name}`);
		}
		return { applied, fresh };
	} finally {
		await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
		client.release();
	}
}

/** The files of supabase/local not yet applied to this database, each in its own transaction. */
async function applyStandIn(client: pg.PoolClient, supabaseDir: string): Promise<string[]> {
	await client.query(STAND_IN_DDL);
	const standIn = await client.query<{ name: string }>(
		'select name from supabase_migrations.local_stand_in'
	);
	const standInDone = new Set(standIn.rows.map((row) => row.name));
	const applied: string[] = [];
	for (const file of readSqlFiles(join(supabaseDir, 'local'))) {
		const key = `${file.version}_${file.name}`;
		if (standInDone.has(key)) continue;
		await inTransaction(client, async () => {
			await client.query(file.sql);
			await client.query('insert into supabase_migrations.local_stand_in (name) values ($1)', [
				key
			]);
		});
		applied.push(`local/${key}`);
	}
	return applied;
}

/**
 * Supabase mode: migrations are applied with `supabase db push`, never by the app. Refuse to
 * start, naming what is missing, rather than run against an older schema.
 */
export async function verifyMigrations(pool: pg.Pool, supabaseDir: string): Promise<void> {
	const client = await pool.connect();
	try {
		const done = await appliedVersions(client).catch(() => new Set<string>());
		const missing = readSqlFiles(join(supabaseDir, 'migrations')).filter(
			(file) => !done.has(file.version)
		);
		if (missing.length > 0) {
			throw new Error(
				`The database is missing ${missing.length} migration(s): ` +
					missing.map((file) => `${file.version}_${file.name}.sql`).join(', ') +
					'. Apply them with `supabase db push`, then start again.'
			);
		}
	} finally {
		client.release();
	}
}

/**
 * A database whose recorded migrations are not ours (one made before the migrations were squashed
 * into one file per table on 2026-12-03, or by a newer version of the app) would be half-migrated
 * by applying our files on top: stop with what to do instead.
 */
function refuseUnknownHistory(done: Set<string>, files: SqlFile[]): void {
	const known = new Set(files.map((file) => file.version));
	const unknown = [...done].filter((version) => !known.has(version)).sort();
	if (unknown.length === 0) return;
	throw new Error(
		`The database records ${unknown.length} migration(s) this version does not have ` +
			`(${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ', …' : ''}). It was made by an ` +
			'older or newer version of the app. Embedded mode: delete the data directory ' +
			'(DATA_DIR/db, `.data/db` by default) and start again; the demo data is loaded anew.'
	);
}

async function appliedVersions(client: pg.PoolClient): Promise<Set<string>> {
	const result = await client.query<{ version: string }>(
		'select version from supabase_migrations.schema_migrations'
	);
	return new Set(result.rows.map((row) => row.version));
}

async function inTransaction(client: pg.PoolClient, fn: () => Promise<void>): Promise<void> {
	await client.query('begin');
	try {
		await fn();
		await client.query('commit');
	} catch (error) {
		await client.query('rollback').catch(() => {});
		throw error;
	}
}
