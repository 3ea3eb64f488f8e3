// `npm run bench`: prints a table and writes bench/results/latest.json (flat keys, numbers).
// Figures only, never pass/fail: compare runs on the same machine.
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchColdStart, benchPgliteQuery, benchPostgresQuery } from './database';
import { round } from './stats';

const results: Record<string, number> = {};
const record = (figures: Record<string, number> | null) => {
	for (const [key, value] of Object.entries(figures ?? {})) results[key] = round(value);
};

console.log('Embedded cold start (new data directory, then reopen)…');
record(benchColdStart());
console.log('Claims-scoped query latency on PGlite…');
record(await benchPgliteQuery());
console.log('Claims-scoped query latency on PostgreSQL…');
const postgres = await benchPostgresQuery();
if (!postgres) console.log('  skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
record(postgres);

console.table(Object.entries(results).map(([key, value]) => ({ key, value })));
if (results.pglite_claims_query_p50_ms && results.postgres_claims_query_p50_ms) {
	console.log(
		`PGlite / PostgreSQL p50 ratio: ${round(results.pglite_claims_query_p50_ms / results.postgres_claims_query_p50_ms)}`
	);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify(results, null, '\t')}\n`);
console.log('Wrote bench/results/latest.json');
