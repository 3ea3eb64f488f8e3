// Every database suite runs on PGlite, and also on PostgreSQL when TEST_DATABASE_URL is set.
// Each suite gets its own new database (an in-memory PGlite, or a fresh PostgreSQL database
// dropped afterwards), migrated from supabase/ exactly as the app does it.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { withClaims, type Claims, type DB, type Tx } from '../../src/lib/server/db';
import { openEngine, type Engine } from '../../src/lib/server/db/engine';
import { applyMigrations } from '../../src/lib/server/db/migrate';

export type EngineName = 'pglite' | 'postgres';

const postgresUrl = process.env.TEST_DATABASE_URL;
if (!postgresUrl && process.env.REQUIRE_POSTGRES_TESTS === '1') {
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

/** The engines this run covers: always PGlite, PostgreSQL when configured. */
export const ENGINES: EngineName[] = postgresUrl ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
	name: EngineName;
	engine: Engine;
	/** The owner's handle (bypasses RLS): for setting up fixtures only. */
	db: Kysely<DB>;
	as<T>(claims: Claims, fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export async function openTestDatabase(name: EngineName): Promise<TestDatabase> {
	let engine: Engine;
	let dropDatabase = async () => {};
	if (name === 'pglite') {
		engine = await openEngine({ kind: 'pglite', dataDir: 'memory://' });
	} else {
		const { url, drop } = await createPostgresDatabase(postgresUrl ?? '');
		engine = await openEngine({ kind: 'postgres', connectionString: url, max: 4 });
		dropDatabase = drop;
	}
	await applyMigrations(engine.pool, 'supabase');
	const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: engine.pool }) });
	const close = engine.close;
	engine.close = async () => {
		await close();
		await dropDatabase();
	};
	return { name, engine, db, as: (claims, fn) => withClaims(db, claims, fn) };
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
