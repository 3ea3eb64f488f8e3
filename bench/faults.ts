// PostgreSQL restarted under load: the app must come back by itself (its pool drops the dead
// connections and opens new ones). The restart happens on a private PostgreSQL 15 cluster made
// for the run, never on a shared server: restarting that would break everyone else's work.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, runLoad, type LoadStats, type Session } from './load';

const run = promisify(execFile);
const PG_BIN = process.env.BENCH_PG_BIN ?? debianPgBin();

/** The newest PostgreSQL Debian installed (`.ci/run` installs the release's default). */
function debianPgBin(): string {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)) : [];
	const newest = versions.sort((a, b) => Number(b) - Number(a))[0] ?? '15';
	return join(root, newest, 'bin');
}

export interface PrivateCluster {
	/** A superuser URL (trust authentication, localhost only). */
	url: string;
	restart(): Promise<void>;
	destroy(): Promise<void>;
}

/** PostgreSQL refuses to run as root: then the cluster belongs to the `postgres` user. */
function asClusterOwner(command: string, args: string[]): [string, string[]] {
	return userInfo().uid === 0
		? ['runuser', ['-u', 'postgres', '--', command, ...args]]
		: [command, args];
}

async function pgCtl(dir: string, ...args: string[]) {
	const [command, argv] = asClusterOwner(join(PG_BIN, 'pg_ctl'), ['-D', dir, '-w', ...args]);
	await run(command, argv, { timeout: 120_000 });
}

/** initdb + start on a free port, or null when PostgreSQL's binaries are not installed. */
export async function startPrivateCluster(): Promise<PrivateCluster | null> {
	if (!existsSync(join(PG_BIN, 'initdb'))) return null;
	const dir = mkdtempSync('/tmp/wa-bench-pg-');
	if (userInfo().uid === 0) {
		const { stdout } = await run('id', ['-u', 'postgres']);
		const { stdout: gid } = await run('id', ['-g', 'postgres']);
		chownSync(dir, Number(stdout), Number(gid));
	}
	const port = await freePort();
	const [initdb, initArgs] = asClusterOwner(join(PG_BIN, 'initdb'), [
		'-D',
		dir,
		'-U',
		'welcome_atlas',
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-sync'
	]);
	await run(initdb, initArgs, { timeout: 120_000 });
	const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
	// Always with a log file: a postmaster holding our stdout open would keep pg_ctl's caller
	// waiting (execFile returns when the pipes close, not when pg_ctl exits).
	const log = join(dir, 'server.log');
	await pgCtl(dir, '-l', log, '-o', options, 'start');
	return {
		url: `postgres://welcome_atlas@127.0.0.1:${port}/postgres`,
		// Fast shutdown, as `pg_ctlcluster … restart` does: open connections are terminated.
		restart: () => pgCtl(dir, '-l', log, '-m', 'fast', 'restart'),
		async destroy() {
			await pgCtl(dir, '-m', 'immediate', 'stop').catch(() => {});
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

export interface RestartResult {
	/** From the restart command to the first success after which nothing failed. */
	recoverySeconds: number;
	/** How long the restart command itself took (PostgreSQL down and up again). */
	restartSeconds: number;
	/** Requests refused while PostgreSQL was away. */
	errorsDuring: number;
	stats: LoadStats;
}

/**
 * Load for `seconds`; at `restartAfterMs` PostgreSQL restarts. The app is not touched. Recovery
 * ends with the first successful request that started after the last failed one finished.
 */
export async function restartUnderLoad(
	origin: string,
	sessions: Session[],
	slugs: string[],
	cluster: PrivateCluster,
	options: { users: number; seconds: number; restartAfterMs: number }
): Promise<RestartResult> {
	const load = runLoad(origin, sessions, slugs, options);
	await new Promise((resolve) => setTimeout(resolve, options.restartAfterMs));
	const restartedAt = performance.now();
	await cluster.restart();
	const restartSeconds = (performance.now() - restartedAt) / 1000;
	const stats = await load;
	const after = stats.timeline.filter((event) => event.endedAt >= restartedAt);
	const failures = after.filter((event) => !event.ok);
	const lastFailure = Math.max(restartedAt, ...failures.map((event) => event.endedAt));
	const recovered = after
		.filter((event) => event.ok && event.startedAt >= lastFailure)
		.reduce((first, event) => Math.min(first, event.endedAt), Infinity);
	if (!Number.isFinite(recovered)) {
		throw new Error(
			`the app did not recover: ${failures.length} failures to the end (${stats.samples.join(' | ')})`
		);
	}
	return {
		recoverySeconds: (recovered - restartedAt) / 1000,
		restartSeconds,
		errorsDuring: failures.length,
		stats
	};
}
