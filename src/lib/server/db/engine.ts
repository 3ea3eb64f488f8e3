import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pg from 'pg';

// A SQL `date` is a calendar day, not an instant: keep it as 'YYYY-MM-DD' instead of a Date at
// local midnight. Set once for both engines (PGlite's adapter goes through the same parsers).
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** A pool that speaks node-postgres, over PGlite (embedded) or a real PostgreSQL server. */
export interface Engine {
	kind: 'pglite' | 'postgres';
	pool: pg.Pool;
	close(): Promise<void>;
}

export type EngineOptions =
	| {
			kind: 'pglite';
			dataDir: string;
			/** A data directory's tarball to start from, when the directory is new (snapshot.ts). */
			loadDataDir?: Blob;
	  }
	| { kind: 'postgres'; connectionString: string; max?: number };

export async function openEngine(options: EngineOptions): Promise<Engine> {
	if (options.kind === 'postgres') {
		const pool = new pg.Pool({
			connectionString: options.connectionString,
			max: options.max ?? 10,
			// Fail fast and let the next request reconnect instead of queueing forever.
			connectionTimeoutMillis: 5000
		});
		// An idle client that loses its server (a PostgreSQL restart) emits 'error'; the pool drops
		// it and opens a new one on the next checkout, so the app recovers without a restart.
		pool.on('error', (error) => console.error('[db] idle client error:', error.message));
		pool.on('connect', keepConnectionErrorsFromCrashing);
		retryConnectsWhileServerIsAway(pool);
		return { kind: 'postgres', pool, close: () => endPool(pool) };
	}
	return openPglite(options.dataDir, options.loadDataDir);
}

/**
 * The pool listens for 'error' only on idle clients. A checked-out client whose server goes
 * away (PostgreSQL restarted or a backend terminated, say between two statements of a
 * transaction) emits 'error' with nobody listening, and Node ends the whole process for it.
 * Listening for the client's lifetime keeps the process up: the request in flight fails, the
 * client is marked unusable, and the pool discards it when it is released.
 */
export function keepConnectionErrorsFromCrashing(client: pg.PoolClient): void {
	client.on('error', (error) => console.error('[db] connection lost:', error.message));
}

// Errors that mean "the server is not there right now" (restarting, failing over), not "wrong".
const SERVER_AWAY_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'57P01',
	'57P02',
	'57P03'
]);
/** Waits between attempts (ms): about 3.5 s in all, a fast restart's downtime. */
export const RECONNECT_DELAYS_MS = [100, 200, 400, 800, 1000, 1000];

export function isServerAway(error: unknown): boolean {
	const { code, message } = (error ?? {}) as { code?: string; message?: string };
	// pg's own words for a client whose server went away mid-use.
	return (
		SERVER_AWAY_CODES.has(code ?? '') ||
		/Connection terminated|connection error and is not queryable/i.test(message ?? '')
	);
}

/**
 * A checkout that cannot connect has run nothing, so trying again is safe for reads and writes
 * alike. While PostgreSQL restarts, requests wait a moment for it instead of failing at once.
 * Only the promise form is wrapped: it is the one Kysely uses for every query.
 */
function retryConnectsWhileServerIsAway(pool: pg.Pool): void {
	const connect = pool.connect.bind(pool);
	const retrying = async (): Promise<pg.PoolClient> => {
		for (const delay of RECONNECT_DELAYS_MS) {
			try {
				return await connect();
			} catch (error) {
				if (!isServerAway(error) || pool.ended) throw error;
				await new Promise((resolve) => setTimeout(resolve, delay));
			}
		}
		return connect();
	};
	pool.connect = ((callback?: Parameters<pg.Pool['connect']>[0]) =>
		callback ? connect(callback) : retrying()) as pg.Pool['connect'];
}

/** Kysely's destroy() may have ended the pool already; ending it twice throws. */
async function endPool(pool: pg.Pool): Promise<void> {
	if (!pool.ended) await pool.end();
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<Engine> {
	const { PGlite } = await import('@electric-sql/pglite');
	const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
	const inMemory = dataDir.startsWith('memory://');
	const release = inMemory ? () => {} : takeLock(dataDir);
	try {
		const pglite = await PGlite.create(inMemory ? dataDir : resolve(dataDir), { loadDataDir });
		const pool = new pg.Pool(createPgConfig(pglite) as pg.PoolConfig);
		return {
			kind: 'pglite',
			pool,
			async close() {
				try {
					await endPool(pool);
					await pglite.close();
				} finally {
					release();
				}
			}
		};
	} catch (error) {
		release();
		throw error;
	}
}

/**
 * PGlite does nothing to stop a second process from opening the same directory, and two
 * writers corrupt it. A lock file holding our pid keeps a second opener out; a lock whose
 * process is gone is taken over.
 */
const heldLocks = new Set<string>();

function takeLock(dataDir: string): () => void {
	const lockFile = `${resolve(dataDir)}.lock`;
	mkdirSync(dirname(lockFile), { recursive: true });
	for (let attempt = 0; attempt < 2; attempt++) {
		if (createExclusive(lockFile)) {
			heldLocks.add(lockFile);
			return () => {
				heldLocks.delete(lockFile);
				rmSync(lockFile, { force: true });
			};
		}
		const holder = Number(readFileSync(lockFile, 'utf8'));
		// Our own pid is stale unless this process holds the lock: in a container the server
		// is often pid 1 after every restart.
		const heldByUs = holder === process.pid && heldLocks.has(lockFile);
		if (heldByUs || (holder && holder !== process.pid && isAlive(holder))) {
			throw new Error(
				`The database in ${dataDir} is already open in process ${holder}. ` +
					'Stop that process first (two processes would corrupt it).'
			);
		}
		rmSync(lockFile, { force: true });
	}
	throw new Error(`Could not take the lock ${lockFile}`);
}

/** Writes our pid to `file` unless it exists; false when it does. */
function createExclusive(file: string): boolean {
	try {
		writeFileSync(file, String(process.pid), { flag: 'wx' });
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw error;
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
