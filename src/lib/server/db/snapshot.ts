/**
 * A new embedded database, ready made. Creating one costs initdb (~2.5 s on a quiet machine, far
 * more on a busy one), the migrations and the seed; loading a tarball of the same data directory
 * costs a fraction of that. `npm install` builds the snapshots (scripts/build-db-snapshot.ts) and
 * the first start of `npm run dev` — and every test database on PGlite — loads one instead.
 *
 * A snapshot is named by the SHA-256 of everything that made it: the stand-in, the migrations,
 * the seed files it loaded and PGlite's version. A database is only ever loaded from the snapshot
 * of exactly the files on disk; after any change the key differs and the database is made the
 * slow way (and `npm install` or the next test run builds the new snapshot).
 */
import { createHash } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import { applyMigrations, readSqlFiles } from './migrate';

export type SnapshotContent = 'schema' | 'demo';

/** Where snapshots live: npm's cache folder for tools, beside the packages, never committed. */
export const SNAPSHOT_DIR = join('node_modules', '.cache', 'welcome-atlas');

/** PGlite's version (its package.json is not exported: found beside its entry point). */
function pgliteVersion(): string {
	let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
	while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
	return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string })
		.version;
}

/** The files a snapshot of `content` is made from, in the order they are applied. */
function sourceFiles(supabaseDir: string, content: SnapshotContent): string[] {
	const sql = (dir: string) =>
		readSqlFiles(join(supabaseDir, dir)).map((file) => `${file.version}_${file.name}:${file.sql}`);
	const seeds =
		content === 'demo'
			? ['seed-templates.sql', 'seed.sql']
					.map((name) => join(supabaseDir, name))
					.filter((file) => existsSync(file))
					.map((file) => readFileSync(file, 'utf8'))
			: [];
	return [...sql('local'), ...sql('migrations'), ...seeds];
}

export function snapshotKey(supabaseDir: string, content: SnapshotContent): string {
	const hash = createHash('sha256');
	hash.update(`pglite ${pgliteVersion()}\0${content}\0`);
	for (const text of sourceFiles(supabaseDir, content)) hash.update(`${text}\0`);
	return hash.digest('hex').slice(0, 32);
}

export function snapshotPath(supabaseDir: string, content: SnapshotContent): string {
	return join(SNAPSHOT_DIR, `pglite-${content}-${snapshotKey(supabaseDir, content)}.tar.gz`);
}

/** The snapshot of exactly these files, if one was built; null otherwise. */
export function readSnapshot(supabaseDir: string, content: SnapshotContent): Blob | null {
	try {
		return new Blob([readFileSync(snapshotPath(supabaseDir, content))]);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw error;
	}
}

/**
 * A database loaded from a snapshot shares the snapshot's random secrets with every other loaded
 * from it: it draws its own, as its migration did.
 */
export async function drawOwnSecrets(pool: pg.Pool): Promise<void> {
	await pool.query(`
		update private.rate_limit_secret
		set secret = decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex')
	`);
}

/**
 * Makes the database a snapshot holds, the slow way, in memory: the migrations (with the
 * stand-in), then for 'demo' the templates and the demo data — what openDatabase does for a new
 * embedded database.
 */
export async function buildSnapshot(supabaseDir: string, content: SnapshotContent): Promise<Blob> {
	const { PGlite } = await import('@electric-sql/pglite');
	const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
	const pglite = await PGlite.create('memory://');
	const pool = new pg.Pool(createPgConfig(pglite) as pg.PoolConfig);
	try {
		await applyMigrations(pool, supabaseDir);
		if (content === 'demo') {
			for (const name of ['seed-templates.sql', 'seed.sql']) {
				const file = join(supabaseDir, name);
				if (existsSync(file)) await pool.query(readFileSync(file, 'utf8'));
			}
		}
		await pool.end();
		// A clean shutdown point: what is loaded starts without crash recovery.
		await pglite.query('checkpoint');
		return await pglite.dumpDataDir('gzip');
	} finally {
		if (!pool.ended) await pool.end();
		await pglite.close();
	}
}

/** Older snapshots are removed a day after they were built (other checkouts may share them). */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Builds the snapshot of the current files unless it exists, and removes day-old snapshots of
 * other files. Written aside and renamed, so a reader never sees half a file.
 */
export async function ensureSnapshot(
	supabaseDir: string,
	content: SnapshotContent
): Promise<string> {
	const file = snapshotPath(supabaseDir, content);
	if (existsSync(file)) return file;
	const blob = await buildSnapshot(supabaseDir, content);
	mkdirSync(SNAPSHOT_DIR, { recursive: true });
	const temporary = `${file}.${process.pid}.tmp`;
	writeFileSync(temporary, Buffer.from(await blob.arrayBuffer()));
	renameSync(temporary, file);
	for (const name of readdirSync(SNAPSHOT_DIR)) {
		const other = join(SNAPSHOT_DIR, name);
		if (other === file) continue;
		try {
			if (Date.now() - statSync(other).mtimeMs > STALE_AFTER_MS) rmSync(other, { force: true });
		} catch {
			// Removed meanwhile by another process: nothing to do.
		}
	}
	return file;
}
