import { expect, test } from '@playwright/test';
import { restartUnderLoad, startPrivateCluster, type PrivateCluster } from '../../bench/faults';
import {
	crashDuringWrites,
	freePort,
	freshEmbedded,
	freshPostgres,
	prepareUsers,
	publicSlugs,
	runLoad,
	startApp,
	type AppServer,
	type ModeDatabase
} from '../../bench/load';

// The short version of the load and fault benches (`npm run bench` runs 50 users for 60 s per
// mode): the production build on its own data directory and a free port. It asserts
// correctness only — no error under load, no acknowledged write lost to a SIGKILL (embedded and
// PostgreSQL), a clean reopen, recovery from a PostgreSQL restart without restarting the app —
// never latency: the timings are the bench's to measure.

const USERS = 20;
const SECONDS = 12;

const postgresUrl = process.env.TEST_DATABASE_URL;
// CI sets it: there the PostgreSQL checks must run, never be skipped for want of a server.
const requirePostgres = process.env.REQUIRE_POSTGRES_TESTS === '1';

let database: ModeDatabase | undefined;
let server: AppServer | undefined;
let cluster: PrivateCluster | null = null;

test.afterEach(async () => {
	await server?.stop();
	server = undefined;
	await database?.drop();
	database = undefined;
	await cluster?.destroy();
	cluster = null;
});

async function expectNoWriteLostToAKill(on: ModeDatabase) {
	const result = await crashDuringWrites(on, await freePort(), { writers: 8, killAfterMs: 2000 });
	expect(result.acknowledged).toBeGreaterThan(0);
	expect(result.lost).toBe(0);
	expect(result.reopened).toBe(true);
}

test('20 users browsing, signing in, editing tasks and uploading get no error', async () => {
	test.setTimeout(120_000);
	database = freshEmbedded('.data-e2e-load');
	server = await startApp(database.env, await freePort());
	const sessions = await prepareUsers(server.origin, database.env.DATA_DIR ?? '', USERS);
	const stats = await runLoad(server.origin, sessions, await publicSlugs(server.origin), {
		users: USERS,
		seconds: SECONDS
	});
	expect(stats.samples).toEqual([]);
	expect(stats.errors).toBe(0);
	// Every kind of step ran, so a zero is not a zero for lack of trying.
	for (const [kind, samples] of Object.entries(stats.byKind)) {
		expect(samples.length, kind).toBeGreaterThan(0);
	}
});

test('a SIGKILL during a stream of writes loses no acknowledged one, and the reopen is clean', async () => {
	test.setTimeout(120_000);
	database = freshEmbedded('.data-e2e-crash');
	await expectNoWriteLostToAKill(database);
});

test('PostgreSQL mode: a SIGKILL during a stream of writes loses no acknowledged one', async () => {
	test.setTimeout(120_000);
	test.skip(!postgresUrl && !requirePostgres, 'needs TEST_DATABASE_URL (CI sets it)');
	if (!postgresUrl) throw new Error('REQUIRE_POSTGRES_TESTS=1 but TEST_DATABASE_URL is not set');
	database = await freshPostgres(postgresUrl, '.data-e2e-crash-pg');
	await expectNoWriteLostToAKill(database);
});

test('PostgreSQL restarted under load: the app recovers without a restart of its own', async () => {
	test.setTimeout(180_000);
	cluster = await startPrivateCluster();
	test.skip(!cluster && !requirePostgres, "needs PostgreSQL's binaries for a private cluster");
	if (!cluster) throw new Error('REQUIRE_POSTGRES_TESTS=1 but no PostgreSQL binaries were found');
	database = await freshPostgres(cluster.url, '.data-e2e-pgrestart');
	server = await startApp(database.env, await freePort());
	const sessions = await prepareUsers(server.origin, database.env.DATA_DIR ?? '', 10);
	// restartUnderLoad throws when requests still fail at the end: that is the app not recovering.
	const result = await restartUnderLoad(
		server.origin,
		sessions,
		await publicSlugs(server.origin),
		cluster,
		{ users: 10, seconds: 14, restartAfterMs: 4000 }
	);
	const restartedAt = Math.min(...result.stats.timeline.map((event) => event.startedAt));
	const servedAfter = result.stats.timeline.filter(
		(event) => event.ok && event.startedAt > restartedAt + 4000 + result.restartSeconds * 1000
	);
	expect(servedAfter.length).toBeGreaterThan(0);
	// The requests PostgreSQL cut off were told to come back (503), not that we broke (500).
	for (const sample of result.stats.samples) {
		expect(sample, server.log().slice(-4000)).toMatch(/^\w+: 503 /);
	}
	expect(server.child.exitCode).toBeNull();
});
