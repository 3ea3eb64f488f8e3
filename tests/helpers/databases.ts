// Every database suite runs on PGlite, and also on PostgreSQL when TEST_DATABASE_URL is set.
// Each suite gets its own new database (an in-memory PGlite, or a fresh PostgreSQL database
// dropped afterwards), migrated from supabase/ exactly as the app does it.
//
// A third engine, 'supabase', is a copy of what a fresh hosted Supabase project has (the platform
// fixture, tests/platform/): a database cloned from the fixture's template, our migrations applied
// as `postgres` (not a superuser) file by file as `supabase db push` does, without supabase/local.
// Suites opt in through PLATFORM_ENGINES.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { withClaims, type Claims, type DB, type Tx } from '../../src/lib/server/db';
import { openEngine, type Engine } from '../../src/lib/server/db/engine';
import { applyMigrations, type MigrateOptions } from '../../src/lib/server/db/migrate';
import { drawOwnSecrets, readSnapshot } from '../../src/lib/server/db/snapshot';
import { createPlatformDatabase } from '../platform/cluster';

export type EngineName = 'pglite' | 'postgres' | 'supabase';

const postgresUrl = process.env.TEST_DATABASE_URL;
const requirePostgres = process.env.REQUIRE_POSTGRES_TESTS === '1';
if (!postgresUrl && requirePostgres) {
	throw new Error(
		'REQUIRE_POSTGRES_TESTS=1 but TEST_DATABASE_URL is not set: PostgreSQL suites would be skipped.'
	);
}
if (!postgresUrl && !(globalThis as { __pgNotice?: boolean }).__pgNotice) {
	(globalThis as { __pgNotice?: boolean }).__pgNotice = true;
	console.warn(
		'[tests] TEST_DATABASE_URL is not set: PostgreSQL suites are skipped (PGlite only).'
	);
}

// Set by tests/platform/global-setup.ts when it started the platform cluster.
const platformAdminUrl = process.env.PLATFORM_ADMIN_URL;
if (!platformAdminUrl && requirePostgres) {
	throw new Error(
		'REQUIRE_POSTGRES_TESTS=1 but PLATFORM_ADMIN_URL is not set: the Supabase platform fixture ' +
			'did not start (vitest globalSetup tests/platform/global-setup.ts).'
	);
}

/** The engines this run covers: always PGlite, PostgreSQL when configured. */
export const ENGINES: EngineName[] = postgresUrl ? ['pglite', 'postgres'] : ['pglite'];

/** ENGINES and the Supabase platform fixture, when its cluster is running. */
export const PLATFORM_ENGINES: EngineName[] = platformAdminUrl ? [...ENGINES, 'supabase'] : ENGINES;

export interface TestDatabase {
	name: EngineName;
	engine: Engine;
	/**
	 * The owner's handle (bypasses RLS): for setting up fixtures only. On 'supabase' it is the
	 * `postgres` role: not a superuser, BYPASSRLS — the app's owner connection on a hosted project.
	 */
	db: Kysely<DB>;
	/** What to pass to applyMigrations on this engine (no stand-in on 'supabase'). */
	migrateOptions: MigrateOptions;
	as<T>(claims: Claims, fn: (tx: Tx) => Promise<T>): Promise<T>;
}

interface OpenedEngine {
	engine: Engine;
	drop: () => Promise<void>;
	migrateOptions: MigrateOptions;
}

let snapshot: Blob | null | undefined;
function schemaSnapshot(): Blob | null {
	snapshot ??= readSnapshot('supabase', 'schema');
	return snapshot;
}

async function openEngineFor(name: EngineName): Promise<OpenedEngine> {
	if (name === 'pglite') {
		// Loaded from the migrated snapshot when there is one (global setup builds it): a second,
		// where initdb and the migrations take several. applyMigrations below then finds them done.
		const snapshot = schemaSnapshot();
		const engine = await openEngine({
			kind: 'pglite',
			dataDir: 'memory://',
			loadDataDir: snapshot ?? undefined
		});
		if (snapshot) await drawOwnSecrets(engine.pool);
		return { engine, drop: async () => {}, migrateOptions: {} };
	}
	if (name === 'postgres') {
		const { url, drop } = await createPostgresDatabase(postgresUrl ?? '');
		const engine = await openEngine({ kind: 'postgres', connectionString: url, max: 4 });
		return { engine, drop, migrateOptions: {} };
	}
	const { url, drop } = await createPlatformDatabase(platformAdminUrl);
	const engine = await openEngine({ kind: 'postgres', connectionString: url, max: 4 });
	// Supabase provides the platform; supabase/local would only shadow it.
	return { engine, drop, migrateOptions: { standIn: false } };
}

export async function openTestDatabase(name: EngineName): Promise<TestDatabase> {
	const { engine, drop, migrateOptions } = await openEngineFor(name);
	await applyMigrations(engine.pool, 'supabase', migrateOptions);
	const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: engine.pool }) });
	const close = engine.close;
	engine.close = async () => {
		await close();
		await drop();
	};
	return { name, engine, db, migrateOptions, as: (claims, fn) => withClaims(db, claims, fn) };
}

/** Opens a migrated database for the enclosing describe block and closes it after. */
export function useTestDatabase(name: EngineName): () => TestDatabase {
	let database: TestDatabase | undefined;
	beforeAll(async () => {
		database = await openTestDatabase(name);
	});
	afterAll(async () => {
		await database?.engine.close();
	});
	return () => {
		if (!database) throw new Error('database not open yet');
		return database;
	};
}

async function createPostgresDatabase(adminUrl: string) {
	const dbName = `wa_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`create database ${dbName}`);
	await admin.end();
	const url = new URL(adminUrl);
	url.pathname = `/${dbName}`;
	return {
		url: url.toString(),
		async drop() {
			const client = new pg.Client({ connectionString: adminUrl });
			await client.connect();
			await client.query(`drop database if exists ${dbName} with (force)`);
			await client.end();
		}
	};
}
