// `npm run bench`: prints a table and writes bench/results/latest.json (flat keys, numbers).
// Figures only, never pass/fail: compare runs on the same machine.
// BENCH_ONLY=dev,cold,query,groups,import,map,http,lighthouse,js,load,crash,pgrestart runs a subset
// (see bench/README.md).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { benchColdStart, benchPgliteQuery, benchPostgresQuery } from './database';
import { benchDevFirstPage } from './dev-start';
import { benchGroupWorkspace } from './groups';
import { benchImport } from './import';
import { benchLoadAndFaults, type LoadSection } from './load-sections';
import { benchAtScale, type Section } from './scale';
import { round } from './stats';

const SECTIONS = [
	'dev',
	'cold',
	'query',
	'groups',
	'import',
	'map',
	'http',
	'lighthouse',
	'js',
	'load',
	'crash',
	'pgrestart'
] as const;
const SCALE_SECTIONS: Section[] = ['map', 'http', 'lighthouse', 'js'];
const LOAD_SECTIONS: LoadSection[] = ['load', 'crash', 'pgrestart'];

function selectedSections(): Set<string> {
	const only = process.env.BENCH_ONLY?.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	if (!only?.length) return new Set(SECTIONS);
	const unknown = only.filter((name) => !(SECTIONS as readonly string[]).includes(name));
	if (unknown.length > 0) {
		throw new Error(
			`BENCH_ONLY: unknown section(s) ${unknown.join(', ')}; use ${SECTIONS.join(',')}`
		);
	}
	return new Set(only);
}

const LATEST = 'bench/results/latest.json';
const selected = selectedSections();
const results: Record<string, number> = {};
const record = (figures: Record<string, number> | null) => {
	for (const [key, value] of Object.entries(figures ?? {})) {
		if (Number.isFinite(value)) results[key] = round(value);
	}
};

if (selected.has('dev')) {
	console.log('npm run dev on a fresh clone, to the first page with the demo data…');
	try {
		record(await benchDevFirstPage());
	} catch (error) {
		console.log(`  FAILED: ${error instanceof Error ? error.message : error}`);
	}
}
if (selected.has('cold')) {
	console.log('Embedded cold start (new data directory, then reopen)…');
	record(benchColdStart());
}
if (selected.has('query')) {
	console.log('Claims-scoped query latency on PGlite…');
	record(await benchPgliteQuery());
	console.log('Claims-scoped query latency on PostgreSQL…');
	const postgres = await benchPostgresQuery();
	if (!postgres) console.log('  skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
	record(postgres);
}
if (selected.has('groups')) {
	console.log('Sponsor-group workspace under RLS, 1,000 groups × 100 tasks, PostgreSQL…');
	try {
		const groups = await benchGroupWorkspace();
		if (!groups) console.log('  skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
		record(groups);
	} catch (error) {
		console.log(`  FAILED: ${error instanceof Error ? error.message : error}`);
	}
}
if (selected.has('import')) {
	console.log('CSV import of 10,000 rows as a site admin (PGlite, and PostgreSQL when set)…');
	record(await benchImport());
}
const scale = new Set(SCALE_SECTIONS.filter((name) => selected.has(name)));
if (scale.size > 0) {
	try {
		record(await benchAtScale(scale));
	} catch (error) {
		// Build, data or browser setup failed: the other figures are still worth writing.
		console.log(`Scale benchmarks FAILED: ${error instanceof Error ? error.stack : error}`);
	}
}
const faults = new Set(LOAD_SECTIONS.filter((name) => selected.has(name)));
if (faults.size > 0) record(await benchLoadAndFaults(faults));

console.table(Object.entries(results).map(([key, value]) => ({ key, value })));
if (results.pglite_claims_query_p50_ms && results.postgres_claims_query_p50_ms) {
	console.log(
		`PGlite / PostgreSQL p50 ratio: ${round(results.pglite_claims_query_p50_ms / results.postgres_claims_query_p50_ms)}`
	);
}
mkdirSync('bench/results', { recursive: true });
// A subset run updates its own keys and keeps the others from the last run.
const previous =
	process.env.BENCH_ONLY && existsSync(LATEST) ? JSON.parse(readFileSync(LATEST, 'utf8')) : {};
writeFileSync(LATEST, `${JSON.stringify({ ...previous, ...results }, null, '\t')}\n`);
console.log('Wrote bench/results/latest.json');
