// `BENCH_ONLY=import npm run bench`: the admins' CSV import of 10,000 rows (goal < 10 s), in one
// claims-scoped transaction as a site admin, on PGlite and (when configured) PostgreSQL.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { grantSiteAdmin } from '../src/lib/server/auth/admin';
import { withClaims, userClaims, type DB } from '../src/lib/server/db';
import { openEngine, type Engine } from '../src/lib/server/db/engine';
import { applyMigrations } from '../src/lib/server/db/migrate';
import { runImport } from '../src/lib/server/import/import';
import { COLUMNS } from '../src/lib/server/import/rows';
import { normalizePlaceName } from '../src/lib/server/places';
import { runtimeGazetteer } from '../src/lib/server/places';

const STATUSES = ['adopted', 'pending', 'failed', 'consent_letter', 'withdrawn'];

function csvField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * `count` valid rows in the demo CSV's format: real cities (names unambiguous in their state) and
 * counties, spread over the states, with dates, quoted commas and sources. Deterministic.
 */
export function syntheticImportCsv(count: number): string {
	const gazetteer = runtimeGazetteer();
	const places: { name: string; kind: string; state: string }[] = [];
	for (const [state, cities] of gazetteer.citiesByState) {
		const seen = new Map<string, number>();
		for (const city of cities) {
			const key = normalizePlaceName(city.name);
			seen.set(key, (seen.get(key) ?? 0) + 1);
		}
		for (const city of cities) {
			if (seen.get(normalizePlaceName(city.name)) === 1) {
				places.push({ name: city.name, kind: 'city', state });
			}
		}
	}
	const lines = [COLUMNS.join(',')];
	for (let i = 0; i < count; i++) {
		const place = places[(i * 7919) % places.length]!;
		const year = 2000 + (i % 25);
		const month = String((i % 12) + 1).padStart(2, '0');
		const fields: Record<(typeof COLUMNS)[number], string> = {
			name: place.name,
			kind: place.kind,
			state: place.state,
			status: STATUSES[i % STATUSES.length]!,
			decided_on: i % 10 === 0 ? '' : `${year}-${month}`,
			body: 'City Council',
			title: `Refugees Welcome resolution ${i + 1}`,
			source_url: `https://example.org/resolutions/${i + 1}`,
			source_title: `Minutes, item ${i + 1}, "Welcome"`,
			notes: i % 3 === 0 ? 'passed unanimously, with amendments' : ''
		};
		lines.push(COLUMNS.map((column) => csvField(fields[column])).join(','));
	}
	return `${lines.join('\r\n')}\r\n`;
}

async function timeImport(engine: Engine, csv: string): Promise<number> {
	await applyMigrations(engine.pool, 'supabase');
	const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: engine.pool }) });
	const user = await db
		.insertInto('auth.users')
		.values({ email: `bench-admin-${Date.now()}@example.org` })
		.returning('id')
		.executeTakeFirstOrThrow();
	await grantSiteAdmin(db, user.id);
	const started = performance.now();
	const result = await withClaims(db, userClaims({ id: user.id }), (tx) =>
		runImport(tx, csv, 'all_or_nothing')
	);
	const elapsed = performance.now() - started;
	if (result.written !== 10_000) {
		throw new Error(
			`imported ${result.written} of 10,000 rows: ${result.report.issues[0]?.problems[0]?.message}`
		);
	}
	return elapsed;
}

export async function benchImport(): Promise<Record<string, number>> {
	const csv = syntheticImportCsv(10_000);
	const figures: Record<string, number> = {};
	const pglite = await openEngine({ kind: 'pglite', dataDir: 'memory://' });
	try {
		figures.import_10k_ms = await timeImport(pglite, csv);
	} finally {
		await pglite.close();
	}
	const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
	if (url) {
		const name = `wa_bench_import_${Date.now().toString(36)}`;
		const admin = new pg.Client({ connectionString: url });
		await admin.connect();
		await admin.query(`create database ${name}`);
		const target = new URL(url);
		target.pathname = `/${name}`;
		const engine = await openEngine({ kind: 'postgres', connectionString: target.href, max: 2 });
		try {
			figures.import_10k_postgres_ms = await timeImport(engine, csv);
		} finally {
			await engine.close();
			await admin.query(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	}
	return figures;
}
