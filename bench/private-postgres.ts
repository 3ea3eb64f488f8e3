// A private PostgreSQL cluster made for one run: its own directory under the system's temporary
// directory, its own port, its unix socket inside that directory, trust authentication on
// loopback only. Used where a shared server would not do: the fault benchmarks restart it, and
// the Supabase platform fixture needs its own roles (they are cluster-wide).
import { execFile } from 'node:child_process';
import {
	chownSync,
	existsSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './load';

const run = promisify(execFile);

/** The newest PostgreSQL Debian installed (`.ci/run` installs the release's default). */
export function postgresBin(): string {
	if (process.env.BENCH_PG_BIN) return process.env.BENCH_PG_BIN;
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)) : [];
	const newest = versions.sort((a, b) => Number(b) - Number(a))[0] ?? '15';
	return join(root, newest, 'bin');
}

export function hasPostgresBinaries(): boolean {
	return existsSync(join(postgresBin(), 'initdb'));
}

export interface PrivateCluster {
	/** A superuser URL (trust authentication, localhost only) to the `postgres` database. */
	url: string;
	port: number;
	restart(): Promise<void>;
	destroy(): Promise<void>;
}

export interface PrivateClusterOptions {
	/** The bootstrap superuser (`initdb -U`). */
	superuser?: string;
	/** The directory's name starts with this; leftovers of dead runs with it are removed. */
	prefix?: string;
	/** Server settings for the whole run, e.g. `{ fsync: 'off' }`. */
	settings?: Record<string, string>;
}

/** PostgreSQL refuses to run as root: then the cluster belongs to the `postgres` user. */
function asClusterOwner(command: string, args: string[]): [string, string[]] {
	return userInfo().uid === 0
		? ['runuser', ['-u', 'postgres', '--', command, ...args]]
		: [command, args];
}

async function pgCtl(dir: string, ...args: string[]) {
	const [command, argv] = asClusterOwner(join(postgresBin(), 'pg_ctl'), ['-D', dir, '-w', ...args]);
	await run(command, argv, { timeout: 120_000 });
}

/**
 * Who made a cluster directory, written before initdb: a run that dies (killed, interrupted)
 * leaves its cluster running and its files behind, and the next run removes them. Directories
 * without this file (being made right now, or by an older version) are left alone.
 */
const OWNER_FILE = 'owner.pid';

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function readFileIfAny(path: string): string {
	try {
		return readFileSync(path, 'utf8').trim();
	} catch {
		return '';
	}
}

/** Stops and removes the clusters of earlier runs whose process is gone. */
async function removeLeftovers(prefix: string): Promise<void> {
	for (const name of readdirSync(tmpdir()).filter((entry) => entry.startsWith(prefix))) {
		const root = join(tmpdir(), name);
		const owner = Number(readFileIfAny(join(root, OWNER_FILE)));
		if (!owner || isAlive(owner)) continue;
		const data = join(root, 'data');
		if (existsSync(join(data, 'postmaster.pid'))) {
			await pgCtl(data, '-m', 'immediate', 'stop').catch(() => {});
		}
		rmSync(root, { recursive: true, force: true });
	}
}

/** A new directory holding owner.pid and the cluster's data directory (`data/`). */
async function makeClusterDirectory(prefix: string, superuser: string): Promise<string> {
	const root = mkdtempSync(join(tmpdir(), prefix));
	writeFileSync(join(root, OWNER_FILE), String(process.pid));
	if (userInfo().uid === 0) {
		const { stdout: uid } = await run('id', ['-u', 'postgres']);
		const { stdout: gid } = await run('id', ['-g', 'postgres']);
		chownSync(root, Number(uid), Number(gid));
	}
	const data = join(root, 'data');
	const [initdb, initArgs] = asClusterOwner(join(postgresBin(), 'initdb'), [
		'-D',
		data,
		'-U',
		superuser,
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-sync'
	]);
	await run(initdb, initArgs, { timeout: 120_000 });
	return root;
}

/** Starts on a free port; another process may take that port first, so try a few. */
async function startOnFreePort(dir: string, settings: Record<string, string>): Promise<number> {
	const log = join(dir, 'server.log');
	let lastError: unknown;
	for (let attempt = 0; attempt < 3; attempt++) {
		const port = await freePort();
		const options = [
			`-p ${port}`,
			`-k ${dir}`,
			'-c listen_addresses=127.0.0.1',
			...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`)
		].join(' ');
		try {
			// Always with a log file: a postmaster holding our stdout open would keep pg_ctl's caller
			// waiting (execFile returns when the pipes close, not when pg_ctl exits).
			await pgCtl(dir, '-l', log, '-o', options, 'start');
			return port;
		} catch (error) {
			lastError = error;
		}
	}
	throw new Error(`PostgreSQL did not start (see ${log}): ${String(lastError)}`);
}

/** initdb + start on a free port, or null when PostgreSQL's binaries are not installed. */
export async function startPrivateCluster(
	options: PrivateClusterOptions = {}
): Promise<PrivateCluster | null> {
	if (!hasPostgresBinaries()) return null;
	const superuser = options.superuser ?? 'welcome_atlas';
	const prefix = options.prefix ?? 'wa-bench-pg-';
	await removeLeftovers(prefix);
	const root = await makeClusterDirectory(prefix, superuser);
	const data = join(root, 'data');
	try {
		const port = await startOnFreePort(data, options.settings ?? {});
		const log = join(data, 'server.log');
		return {
			url: `postgres://${superuser}@127.0.0.1:${port}/postgres`,
			port,
			// Fast shutdown, as `pg_ctlcluster … restart` does: open connections are terminated.
			restart: () => pgCtl(data, '-l', log, '-m', 'fast', 'restart'),
			async destroy() {
				await pgCtl(data, '-m', 'immediate', 'stop').catch(() => {});
				rmSync(root, { recursive: true, force: true });
			}
		};
	} catch (error) {
		await pgCtl(data, '-m', 'immediate', 'stop').catch(() => {});
		rmSync(root, { recursive: true, force: true });
		throw error;
	}
}
