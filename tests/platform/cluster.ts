// The Supabase platform fixture on a private PostgreSQL cluster: what a fresh hosted Supabase
// project has (roles, grants, default privileges, the auth and storage schemas), written from
// Supabase's published SQL in tests/platform/supabase/*.sql. The fixture is applied once into a
// template database; each test database is a clone of it, which takes a fraction of a second.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPrivateCluster } from '../../bench/private-postgres';

const FIXTURE_DIR = fileURLToPath(new URL('./supabase', import.meta.url));

/** The database every test database is cloned from. */
export const PLATFORM_TEMPLATE = 'supabase_platform_template';

/** Supabase's bootstrap superuser: the cluster's `initdb -U`. */
const BOOTSTRAP_SUPERUSER = 'supabase_admin';

export interface FixtureFile {
	name: string;
	/** The role Supabase applies this file as (its `-- role:` line). */
	role: string;
	/** Database-level grants: applied to the template and again to every clone. */
	eachDatabase: boolean;
	sql: string;
}

/** The fixture's files in the order Supabase applies them, with the role each runs as. */
export function readFixtureFiles(): FixtureFile[] {
	return readdirSync(FIXTURE_DIR)
		.filter((name) => name.endsWith('.sql'))
		.sort()
		.map((name) => {
			const sql = readFileSync(join(FIXTURE_DIR, name), 'utf8');
			const role = /^-- role: (\w+)$/m.exec(sql)?.[1];
			if (!role) throw new Error(`${name} does not say which role applies it (-- role: …)`);
			return { name, role, eachDatabase: /^-- applies: each database$/m.test(sql), sql };
		});
}

/** The same server and database, logged in as another role (trust authentication). */
export function urlAs(url: string, role: string, database?: string): string {
	const next = new URL(url);
	next.username = role;
	next.password = '';
	if (database) next.pathname = `/${database}`;
	return next.toString();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return await fn(client);
	} finally {
		await client.end();
	}
}

/** One file in one transaction, as the role Supabase runs it as. */
async function applyFile(adminUrl: string, database: string, file: FixtureFile): Promise<void> {
	await withClient(urlAs(adminUrl, file.role, database), async (client) => {
		try {
			await client.query(`begin;\n${file.sql}\ncommit;`);
		} catch (error) {
			await client.query('rollback').catch(() => {});
			throw new Error(`fixture ${file.name} (as ${file.role}): ${(error as Error).message}`, {
				cause: error
			});
		}
	});
}

/** Creates the template database and applies every fixture file to it. */
export async function buildTemplate(adminUrl: string): Promise<void> {
	await withClient(adminUrl, (client) => client.query(`create database ${PLATFORM_TEMPLATE}`));
	for (const file of readFixtureFiles()) await applyFile(adminUrl, PLATFORM_TEMPLATE, file);
	// Nobody may stay connected to a template: CREATE DATABASE … TEMPLATE would refuse to copy it.
	await withClient(adminUrl, (client) =>
		client.query(
			`alter database ${PLATFORM_TEMPLATE} with is_template true allow_connections false`
		)
	);
}

export interface PlatformCluster {
	/** The bootstrap superuser's URL (supabase_admin), for creating and dropping databases. */
	adminUrl: string;
	stop(): Promise<void>;
}

// For tests only: durability buys nothing here, and a clone (CREATE DATABASE) checkpoints.
const TEST_SETTINGS = {
	fsync: 'off',
	synchronous_commit: 'off',
	full_page_writes: 'off',
	max_connections: '200'
};

/** Starts a private cluster with the fixture, or null when PostgreSQL is not installed. */
export async function startPlatformCluster(): Promise<PlatformCluster | null> {
	const cluster = await startPrivateCluster({
		superuser: BOOTSTRAP_SUPERUSER,
		prefix: 'wa-platform-',
		settings: TEST_SETTINGS
	});
	if (!cluster) return null;
	try {
		await buildTemplate(cluster.url);
	} catch (error) {
		await cluster.destroy();
		throw error;
	}
	return { adminUrl: cluster.url, stop: () => cluster.destroy() };
}

export interface PlatformDatabase {
	name: string;
	/** Logs in as `postgres`: not a superuser, BYPASSRLS — the owner connection of a project. */
	url: string;
	/** Logs in as supabase_admin, the superuser, on the same database. */
	adminUrl: string;
	drop(): Promise<void>;
}

/** A new database cloned from the fixture's template, owned by `postgres` as on Supabase. */
export async function createPlatformDatabase(
	adminUrl = process.env.PLATFORM_ADMIN_URL
): Promise<PlatformDatabase> {
	if (!adminUrl)
		throw new Error('PLATFORM_ADMIN_URL is not set: the platform cluster is not running');
	const name = `wa_sb_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	await withClient(adminUrl, (client) =>
		client.query(`create database ${name} template ${PLATFORM_TEMPLATE} owner postgres`)
	);
	for (const file of readFixtureFiles().filter((each) => each.eachDatabase)) {
		await applyFile(adminUrl, name, file);
	}
	return {
		name,
		url: urlAs(adminUrl, 'postgres', name),
		adminUrl: urlAs(adminUrl, BOOTSTRAP_SUPERUSER, name),
		async drop() {
			await withClient(adminUrl, (client) =>
				client.query(`drop database if exists ${name} with (force)`)
			);
		}
	};
}
