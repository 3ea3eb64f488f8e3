import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/lib/server/config';
import { ANON, openDatabase, withClaims, type Database } from '../src/lib/server/db';
import { percentile } from './stats';

function coldStartMs(dataDir: string): number {
	const out = execFileSync('npx', ['tsx', 'bench/cold-start.ts', dataDir], { encoding: 'utf8' });
	return JSON.parse(out.trim().split('\n').at(-1) ?? '{}').ms;
}

/** Embedded mode: start on a new data directory (initdb, migrate, seed), then reopen it. */
export function benchColdStart() {
	const dir = mkdtempSync(join(tmpdir(), 'wa-bench-'));
	try {
		const fresh = coldStartMs(dir);
		const reopen = coldStartMs(dir);
		return { embedded_cold_start_new_ms: fresh, embedded_cold_start_reopen_ms: reopen };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** One claims-scoped transaction (set claims, set role, one indexed read) end to end. */
async function queryLatency(database: Database, iterations = 1000) {
	const slugs = (
		await database.db.selectFrom('resolutions').select('slug').limit(50).execute()
	).map((row) => row.slug);
	const run = (slug: string) =>
		withClaims(database.db, ANON, (tx) =>
			tx
				.selectFrom('resolutions')
				.select(['title', 'status'])
				.where('slug', '=', slug)
				.executeTakeFirst()
		);
	for (let i = 0; i < 100; i++) await run(slugs[i % slugs.length] ?? '');
	const samples: number[] = [];
	for (let i = 0; i < iterations; i++) {
		const started = performance.now();
		await run(slugs[i % slugs.length] ?? '');
		samples.push(performance.now() - started);
	}
	return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

export async function benchPgliteQuery() {
	const dir = mkdtempSync(join(tmpdir(), 'wa-bench-'));
	const database = await openDatabase(loadConfig({ DATA_DIR: dir }));
	try {
		const { p50, p95 } = await queryLatency(database);
		return { pglite_claims_query_p50_ms: p50, pglite_claims_query_p95_ms: p95 };
	} finally {
		await database.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Needs a server: BENCH_DATABASE_URL or TEST_DATABASE_URL (a scratch database is made). */
export async function benchPostgresQuery() {
	const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
	if (!adminUrl) return null;
	const name = `wa_bench_${Date.now().toString(36)}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const database = await openDatabase(
		loadConfig({ DATABASE_URL: url.toString(), SEED_DEMO: 'true' })
	);
	try {
		const { p50, p95 } = await queryLatency(database);
		return { postgres_claims_query_p50_ms: p50, postgres_claims_query_p95_ms: p95 };
	} finally {
		await database.close();
		await admin.query(`drop database if exists ${name} with (force)`);
		await admin.end();
	}
}
