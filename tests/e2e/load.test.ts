import { expect, test } from '@playwright/test';
import {
	crashDuringWrites,
	freshEmbedded,
	prepareUsers,
	publicSlugs,
	runLoad,
	startApp,
	type AppServer,
	type ModeDatabase
} from '../../bench/load';
import { freePort } from '../helpers/atlas-server';

// The short version of the load and crash benches (`npm run bench` runs 50 users for 60 s per
// mode): the production build in embedded mode, on its own data directory and a free port.
// It asserts correctness only — no error under load, no acknowledged write lost to a SIGKILL, a
// clean reopen — never latency: the timings are the bench's to measure.

const USERS = 20;
const SECONDS = 12;

let database: ModeDatabase | undefined;
let server: AppServer | undefined;

test.afterAll(async () => {
	await server?.stop();
	await database?.drop();
});

test('20 users browsing, signing in, editing tasks and uploading get no error', async () => {
	test.setTimeout(120_000);
	database = freshEmbedded('.data-e2e-load');
	server = await startApp(database.env, await freePort());
	const sessions = await prepareUsers(server.origin, USERS);
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
	await server.stop();
	server = undefined;
	await database.drop();
});

test('a SIGKILL during a stream of writes loses no acknowledged one, and the reopen is clean', async () => {
	test.setTimeout(120_000);
	database = freshEmbedded('.data-e2e-crash');
	const result = await crashDuringWrites(database, await freePort(), {
		writers: 8,
		killAfterMs: 2000
	});
	expect(result.acknowledged).toBeGreaterThan(0);
	expect(result.lost).toBe(0);
	expect(result.reopened).toBe(true);
});
