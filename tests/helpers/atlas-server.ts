// A production server (`node server`, as `npm start` runs it) of its own for an e2e spec, on a data directory the spec
// prepares first: PGlite cannot be opened by two processes, so fixtures (users, sessions, groups)
// are written before the server starts and checked after it stops.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import { sql, type Kysely } from 'kysely';
import { grantSiteAdmin } from '../../src/lib/server/auth/admin';
import { hashToken, newToken } from '../../src/lib/server/auth/tokens';
import { loadConfig } from '../../src/lib/server/config';
import { openDatabase, type DB } from '../../src/lib/server/db';
import { freePort } from '../../bench/load';

export interface AtlasServer {
	baseURL: string;
	dataDir: string;
	stop(): Promise<void>;
}

export function newDataDir(label: string): string {
	return mkdtempSync(join(tmpdir(), `wa-e2e-${label}-`));
}

export function removeDataDir(dir: string): void {
	rmSync(dir, { recursive: true, force: true });
	rmSync(`${dir}.lock`, { force: true });
}

/**
 * Opens the data directory (migrating, and seeding the demo data on first open unless
 * `seedDemo` is false), runs `fn`.
 */
export async function withDataDir<T>(
	dir: string,
	fn: (db: Kysely<DB>) => Promise<T>,
	{ seedDemo = true }: { seedDemo?: boolean } = {}
): Promise<T> {
	const database = await openDatabase(
		loadConfig({ DATA_DIR: dir, SEED_DEMO: seedDemo ? 'true' : 'false' })
	);
	try {
		return await fn(database.db);
	} finally {
		await database.close();
	}
}

export interface NewUser {
	email: string;
	/** Sets a password (hashed with the app's argon2id settings). */
	password?: string;
	displayName?: string;
	siteAdmin?: boolean;
	/** Whether the owner has followed the confirmation link (default true: a usable account). */
	confirmed?: boolean;
}

/**
 * A user written straight into the closed database, confirmed unless told otherwise: only a
 * confirmed account can sign in or be granted with `npm run admin`.
 */
export async function createUser(db: Kysely<DB>, user: NewUser): Promise<string> {
	const row = await db
		.insertInto('auth.users')
		.values({
			email: user.email,
			email_confirmed_at: user.confirmed === false ? null : sql<Date>`now()`,
			...(user.password === undefined
				? {}
				: {
						// The app's own argon2id settings (src/lib/server/auth/local.ts).
						encrypted_password: await hash(user.password, {
							memoryCost: 19456,
							timeCost: 2,
							parallelism: 1
						})
					}),
			...(user.displayName === undefined
				? {}
				: { raw_user_meta_data: JSON.stringify({ display_name: user.displayName }) })
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	if (user.siteAdmin) await grantSiteAdmin(db, row.id);
	return row.id;
}

/** A session for the user: the token is the value of the session cookie. */
export async function createSession(db: Kysely<DB>, userId: string): Promise<string> {
	const token = newToken();
	await db
		.insertInto('local_auth.sessions')
		.values({ token_hash: hashToken(token), user_id: userId })
		.execute();
	return token;
}

export interface ServerOptions {
	/** Added to (or overriding) the server's environment. */
	env?: Record<string, string>;
}

export async function startServer(
	dataDir: string,
	{ env = {} }: ServerOptions = {}
): Promise<AtlasServer> {
	const port = await freePort();
	const baseURL = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, ['server'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: baseURL,
			DATA_DIR: dataDir,
			// adapter-node refuses bodies over 512 KB unless told otherwise; uploads go to 10 MB.
			BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? '11M',
			// On SIGTERM the server waits this long for open keep-alive connections (default 30 s,
			// the length of a Playwright hook): browsers of finished tests may still hold some.
			SHUTDOWN_TIMEOUT: '2',
			PUBLIC_TILE_URL: 'https://tiles.invalid/{z}/{x}/{y}.png',
			PUBLIC_TILE_ATTRIBUTION: 'Test tiles',
			...env
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	await waitUntilServing(`${baseURL}/`, child);
	return { baseURL, dataDir, stop: () => stopChild(child) };
}

export interface PreparedServer<T> extends AtlasServer {
	/** What `prepare` returned. */
	prepared: T;
}

/**
 * A new data directory written by `prepare` (see withDataDir), then a server on it; `stop`
 * removes the directory too. For specs that do not look at the data after the server stops.
 */
export async function startPrepared<T>(
	label: string,
	prepare: (db: Kysely<DB>) => Promise<T>,
	{ seedDemo, ...options }: ServerOptions & { seedDemo?: boolean } = {}
): Promise<PreparedServer<T>> {
	const dataDir = newDataDir(label);
	try {
		const prepared = await withDataDir(dataDir, prepare, { seedDemo });
		const server = await startServer(dataDir, options);
		const stop = async () => {
			await server.stop();
			removeDataDir(dataDir);
		};
		return { ...server, prepared, stop };
	} catch (error) {
		removeDataDir(dataDir);
		throw error;
	}
}

async function waitUntilServing(url: string, child: ChildProcess): Promise<void> {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`node server exited with ${child.exitCode}`);
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	child.kill('SIGTERM');
	throw new Error(`${url} did not answer in 60 s`);
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await exited;
}

/**
 * One digest per table of the app's schemas (public, auth, storage, private): comparing two
 * fingerprints names every table whose rows changed. local_auth (sessions, rate-limit attempts,
 * the download signing key) is left out: reading a session may legitimately touch it.
 */
export async function fingerprint(db: Kysely<DB>): Promise<Record<string, string>> {
	const { rows: tables } = await sql<{ schema: string; name: string }>`
		select table_schema as schema, table_name as name from information_schema.tables
		where table_schema in ('public', 'auth', 'storage', 'private') and table_type = 'BASE TABLE'
		order by 1, 2`.execute(db);
	const result: Record<string, string> = {};
	for (const { schema, name } of tables) {
		const { rows } = await sql<{ digest: string | null }>`
			select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest
			from ${sql.table(`${schema}.${name}`)} t`.execute(db);
		result[`${schema}.${name}`] = rows[0]?.digest ?? '';
	}
	return result;
}

/** The tables whose digest differs between two fingerprints. */
export function changedTables(
	before: Record<string, string>,
	after: Record<string, string>
): string[] {
	const names = new Set([...Object.keys(before), ...Object.keys(after)]);
	return [...names].filter((name) => before[name] !== after[name]).sort();
}
