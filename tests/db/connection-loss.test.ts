// PostgreSQL going away under a running app (a restart, a failover, a killed backend) must cost
// the requests in flight, never the process: found by the PostgreSQL-restart bench, where the
// first restart under load ended `node build` ("Unhandled 'error' event" on a pool client).
import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db';
import { isServerAway, openEngine } from '../../src/lib/server/db/engine';

const url = process.env.TEST_DATABASE_URL;

/** Ends one backend from outside, as a restart does to every connection; waits until it is gone. */
async function terminateBackend(pid: number): Promise<void> {
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	try {
		await admin.query('select pg_terminate_backend($1, 5000)', [pid]);
	} finally {
		await admin.end();
	}
}

/** A port nobody listens on yet. */
function unusedPort(): Promise<number> {
	return new Promise((resolve) => {
		const probe = createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

/** Starts forwarding `port` to the test server: PostgreSQL "coming back" on that port. */
function forwardTo(target: URL, port: number): Promise<Server> {
	const proxy = createServer((socket) => {
		const upstream = connect(Number(target.port || 5432), target.hostname);
		socket.on('error', () => upstream.destroy());
		upstream.on('error', () => socket.destroy());
		socket.pipe(upstream).pipe(socket);
	});
	return new Promise((resolve) => proxy.listen(port, '127.0.0.1', () => resolve(proxy)));
}

// Needs a real PostgreSQL server to cut: skipped only without TEST_DATABASE_URL, which CI sets
// (and REQUIRE_POSTGRES_TESTS=1 makes the suites refuse to run without it).
describe.skipIf(!url)('losing the PostgreSQL connection (postgres)', () => {
	it('fails the transaction in flight, keeps the process, and the next query reconnects', async () => {
		const engine = await openEngine({ kind: 'postgres', connectionString: url ?? '', max: 2 });
		const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: engine.pool }) });
		try {
			const transaction = db.transaction().execute(async (tx) => {
				const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
				await terminateBackend(rows[0]?.pid ?? 0);
				// The server's goodbye reaches the client while it is checked out and between two
				// statements: the moment that used to raise an unhandled 'error' event.
				await new Promise((resolve) => setTimeout(resolve, 300));
				await sql`select 1`.execute(tx);
			});
			await expect(transaction).rejects.toThrow();

			const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
			expect(rows).toEqual([{ one: 1 }]);
		} finally {
			await db.destroy();
			await engine.close();
		}
	});

	it('a query sent while the server is away waits for it to come back instead of failing', async () => {
		const port = await unusedPort();
		const away = new URL(url ?? '');
		away.host = `127.0.0.1:${port}`;
		const engine = await openEngine({ kind: 'postgres', connectionString: away.toString() });
		const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: engine.pool }) });
		let proxy: Server | undefined;
		try {
			// Refused at first (nothing listens), answered once the "server" is back.
			const query = sql<{ one: number }>`select 1 as one`.execute(db);
			await new Promise((resolve) => setTimeout(resolve, 300));
			proxy = await forwardTo(new URL(url ?? ''), port);
			expect((await query).rows).toEqual([{ one: 1 }]);
		} finally {
			await db.destroy();
			await engine.close();
			await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
		}
	});
});

describe('isServerAway: what answers 503 instead of 500', () => {
	it('knows a server going away from a query that is wrong', () => {
		expect(isServerAway({ code: '57P01', message: 'terminating connection' })).toBe(true);
		expect(isServerAway({ code: 'ECONNREFUSED' })).toBe(true);
		expect(isServerAway(new Error('Connection terminated unexpectedly'))).toBe(true);
		expect(
			isServerAway(new Error('Client has encountered a connection error and is not queryable'))
		).toBe(true);
		expect(isServerAway({ code: '42501', message: 'permission denied' })).toBe(false);
		expect(isServerAway(new Error('syntax error at or near "selec"'))).toBe(false);
		expect(isServerAway(undefined)).toBe(false);
	});
});
