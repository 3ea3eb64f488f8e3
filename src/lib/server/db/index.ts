import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import type { Config } from '../config';
import { openEngine, type Engine, type EngineOptions } from './engine';
import { drawOwnSecrets, readSnapshot } from './snapshot';
import { applyMigrations, verifyMigrations } from './migrate';
import type { DB } from './schema';

export { withClaims, userClaims, ANON, type Claims, type Tx } from './claims';
export type { DB } from './schema';

export interface Database {
	/** The owner's handle: bypasses RLS. Only db/, auth/ and storage/ infrastructure use it. */
	db: Kysely<DB>;
	engine: Engine;
	close(): Promise<void>;
}

export function connectionFor(config: Config) {
	return config.mode === 'embedded'
		? ({ kind: 'pglite', dataDir: join(config.dataDir, 'db') } as const)
		: ({
				kind: 'postgres',
				connectionString: config.databaseUrl ?? '',
				max: config.poolMax
			} as const);
}

/**
 * Opens the database for the configured mode and brings its schema up to date: migrations are
 * applied in the embedded and postgres modes, only verified in supabase mode. A new database
 * gets the original templates (product content, not demo data) and, when configured, the demo data.
 */
export async function openDatabase(config: Config, supabaseDir = 'supabase'): Promise<Database> {
	const connection = withSnapshot(connectionFor(config), config, supabaseDir);
	const engine = await openEngine(connection);
	try {
		if ('loadDataDir' in connection) await drawOwnSecrets(engine.pool);
		if (config.mode === 'supabase') {
			await verifyMigrations(engine.pool, supabaseDir);
		} else {
			const { fresh } = await applyMigrations(engine.pool, supabaseDir);
			if (fresh) await seedTemplates(engine, supabaseDir);
			if (fresh && config.seedDemo) await seed(engine, supabaseDir);
		}
	} catch (error) {
		await engine.close();
		throw error;
	}
	const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: engine.pool }) });
	return {
		db,
		engine,
		async close() {
			await db.destroy(); // ends the pool
			await engine.close(); // closes PGlite and releases its lock
		}
	};
}

/**
 * A new embedded data directory starts from the snapshot of exactly the current migrations and
 * seed (built by `npm install`), when there is one: the first start takes a second, not ten.
 */
function withSnapshot(
	connection: ReturnType<typeof connectionFor>,
	config: Config,
	supabaseDir: string
): EngineOptions {
	// Only the demo snapshot holds all a new database gets (the templates and the demo data).
	if (connection.kind !== 'pglite' || !config.seedDemo) return connection;
	if (existsSync(join(connection.dataDir, 'PG_VERSION'))) return connection;
	const snapshot = readSnapshot(supabaseDir, 'demo');
	return snapshot ? { ...connection, loadDataDir: snapshot } : connection;
}

export async function seed(engine: Engine, supabaseDir = 'supabase'): Promise<void> {
	const file = join(supabaseDir, 'seed.sql');
	if (existsSync(file)) await engine.pool.query(readFileSync(file, 'utf8'));
}

/** The original resolution and letter templates (scripts/build-template-seed.ts). */
export async function seedTemplates(engine: Engine, supabaseDir = 'supabase'): Promise<void> {
	const file = join(supabaseDir, 'seed-templates.sql');
	if (existsSync(file)) await engine.pool.query(readFileSync(file, 'utf8'));
}
