// The `load`, `crash` and `pgrestart` sections of `npm run bench`, in the embedded and postgres
// modes of the production build. Each mode runs on a new database; postgres mode uses
// BENCH_DATABASE_URL / TEST_DATABASE_URL (a scratch database is made there) or else a private
// PostgreSQL cluster, which the PostgreSQL-restart section always uses.
import { restartUnderLoad, startPrivateCluster, type PrivateCluster } from './faults';
import {
	crashDuringWrites,
	describeKinds,
	freePort,
	freshEmbedded,
	freshPostgres,
	p99,
	prepareUsers,
	publicSlugs,
	runLoad,
	startApp,
	type LoadStats,
	type ModeDatabase
} from './load';
import { buildApp } from './server';

export type LoadSection = 'load' | 'crash' | 'pgrestart';
type Figures = Record<string, number>;

const USERS = Number(process.env.BENCH_LOAD_USERS ?? 50);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
/**
 * A user's mean pause between steps (uniform 0–2×): 1 s, the pause k6's and Gatling's example
 * scenarios give a virtual user. `load_p99_ms` is measured so.
 */
const THINK_MS = Number(process.env.BENCH_LOAD_THINK_MS ?? 1000);
/**
 * Then the same users with no pause at all (a closed loop) for this long: what the box can take
 * (`load_closed_loop_rps_<mode>`) and the latency when it is saturated. 0 skips it.
 */
const CLOSED_LOOP_SECONDS = Number(process.env.BENCH_LOAD_CLOSED_LOOP_SECONDS ?? 30);
const MODES = ['embedded', 'postgres'] as const;

/** Opens (once) what postgres mode needs: a superuser URL to make scratch databases on. */
class PostgresServers {
	private cluster: PrivateCluster | null = null;

	async privateCluster(): Promise<PrivateCluster> {
		this.cluster ??= await startPrivateCluster();
		if (!this.cluster)
			throw new Error('no PostgreSQL binaries (BENCH_PG_BIN) for a private cluster');
		return this.cluster;
	}

	async adminUrl(): Promise<string> {
		const shared = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
		return shared ?? (await this.privateCluster()).url;
	}

	async close() {
		await this.cluster?.destroy();
	}
}

async function databaseFor(
	mode: (typeof MODES)[number],
	servers: PostgresServers,
	adminUrl?: string
): Promise<ModeDatabase> {
	const dataDir = `.data-bench-${mode}-load`;
	if (mode === 'embedded') return freshEmbedded(dataDir);
	return freshPostgres(adminUrl ?? (await servers.adminUrl()), dataDir);
}

async function loadIn(mode: (typeof MODES)[number], servers: PostgresServers): Promise<Figures> {
	console.log(`Load, ${mode}: ${USERS} virtual users for ${SECONDS} s, think time ${THINK_MS} ms…`);
	const database = await databaseFor(mode, servers);
	const server = await startApp(database.env, await freePort());
	try {
		const sessions = await prepareUsers(server.origin, database.env.DATA_DIR ?? '', USERS);
		const slugs = await publicSlugs(server.origin);
		const stats = await runLoad(server.origin, sessions, slugs, {
			users: USERS,
			seconds: SECONDS,
			thinkMs: THINK_MS
		});
		report(stats);
		let figures: Figures = {
			[`load_errors_${mode}`]: stats.errors,
			[`load_p99_ms_${mode}`]: p99(stats),
			[`load_rps_${mode}`]: stats.requests / SECONDS,
			[`load_requests_${mode}`]: stats.requests,
			// Says which workload the figures are for.
			load_think_ms: THINK_MS
		};
		if (CLOSED_LOOP_SECONDS > 0) {
			console.log(`  then a closed loop (no think time) for ${CLOSED_LOOP_SECONDS} s…`);
			// New users: sign-in allows 10 per account a quarter hour, and the first run used 6.
			const again = await prepareUsers(server.origin, database.env.DATA_DIR ?? '', USERS);
			const closed = await runLoad(server.origin, again, slugs, {
				users: USERS,
				seconds: CLOSED_LOOP_SECONDS,
				thinkMs: 0
			});
			report(closed);
			figures = {
				...figures,
				[`load_closed_loop_errors_${mode}`]: closed.errors,
				[`load_closed_loop_p99_ms_${mode}`]: p99(closed),
				[`load_closed_loop_rps_${mode}`]: closed.requests / CLOSED_LOOP_SECONDS
			};
		}
		return figures;
	} finally {
		await server.stop();
		await database.drop();
	}
}

function report(stats: LoadStats) {
	console.log(describeKinds(stats));
	if (stats.samples.length > 0) console.log(`  errors, first: ${stats.samples.join('\n    ')}`);
}

async function crashIn(mode: (typeof MODES)[number], servers: PostgresServers): Promise<Figures> {
	console.log(`Crash, ${mode}: SIGKILL during a stream of acknowledged writes, then restart…`);
	const database = await databaseFor(mode, servers);
	try {
		const result = await crashDuringWrites(database, await freePort(), {
			writers: 10,
			killAfterMs: 3000
		});
		console.log(
			`  ${result.acknowledged} writes acknowledged, ${result.lost} lost, reopen ${result.reopened ? 'clean' : 'FAILED'}`
		);
		return {
			[`crash_acknowledged_writes_${mode}`]: result.acknowledged,
			[`crash_lost_rows_${mode}`]: result.lost,
			[`crash_reopen_ok_${mode}`]: result.reopened ? 1 : 0
		};
	} finally {
		await database.drop();
	}
}

async function pgRestart(servers: PostgresServers): Promise<Figures> {
	const seconds = Math.min(SECONDS, 30);
	console.log(`PostgreSQL restart under load: ${USERS} users for ${seconds} s, restart at 8 s…`);
	const cluster = await servers.privateCluster();
	const database = await databaseFor('postgres', servers, cluster.url);
	const server = await startApp(database.env, await freePort());
	try {
		const sessions = await prepareUsers(server.origin, database.env.DATA_DIR ?? '', USERS);
		const result = await restartUnderLoad(
			server.origin,
			sessions,
			await publicSlugs(server.origin),
			cluster,
			{ users: USERS, seconds, restartAfterMs: 8000 }
		);
		console.log(
			`  restart took ${result.restartSeconds.toFixed(1)} s; recovered ${result.recoverySeconds.toFixed(1)} s after it began; ${result.errorsDuring} requests failed meanwhile`
		);
		if (result.stats.samples.length > 0) {
			console.log(`  failures, first: ${result.stats.samples.join('\n    ')}`);
		}
		return {
			pg_restart_recovery_s: result.recoverySeconds,
			pg_restart_s: result.restartSeconds,
			pg_restart_errors: result.errorsDuring
		};
	} finally {
		await server.stop();
		await database.drop();
	}
}

/** A section that fails prints why and leaves its keys out; the others still run. */
async function attempt(name: string, run: () => Promise<Figures>): Promise<Figures> {
	try {
		return await run();
	} catch (error) {
		console.log(`  ${name} FAILED: ${error instanceof Error ? error.message : error}`);
		return {};
	}
}

/** Worst of the modes for latency and the sum of errors and lost rows: the headline keys. */
function combined(figures: Figures): Figures {
	const sum = (prefix: string) =>
		MODES.reduce((total, mode) => total + (figures[`${prefix}_${mode}`] ?? NaN), 0);
	const max = (prefix: string) =>
		Math.max(...MODES.map((mode) => figures[`${prefix}_${mode}`] ?? NaN));
	// An error is one at any load: the closed loop's count in too (0 when it did not run).
	const closedLoopErrors = MODES.reduce(
		(total, mode) => total + (figures[`load_closed_loop_errors_${mode}`] ?? 0),
		0
	);
	return {
		load_errors: sum('load_errors') + closedLoopErrors,
		load_p99_ms: max('load_p99_ms'),
		crash_lost_rows: sum('crash_lost_rows')
	};
}

export async function benchLoadAndFaults(sections: Set<LoadSection>): Promise<Figures> {
	buildApp();
	const servers = new PostgresServers();
	let figures: Figures = {};
	try {
		for (const mode of MODES) {
			if (sections.has('load'))
				figures = { ...figures, ...(await attempt(`load ${mode}`, () => loadIn(mode, servers))) };
			if (sections.has('crash'))
				figures = { ...figures, ...(await attempt(`crash ${mode}`, () => crashIn(mode, servers))) };
		}
		if (sections.has('pgrestart'))
			figures = { ...figures, ...(await attempt('pgrestart', () => pgRestart(servers))) };
	} finally {
		await servers.close();
	}
	// A key that needs a missing mode comes out NaN, and run.ts drops non-finite figures.
	return { ...figures, ...combined(figures) };
}
