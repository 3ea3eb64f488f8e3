// vitest globalSetup: the PGlite schema snapshot, and one private PostgreSQL cluster with the Supabase platform fixture for the
// whole run. Its superuser URL reaches the test files as PLATFORM_ADMIN_URL; they clone a
// database per suite from it (tests/helpers/databases.ts, engine 'supabase').
import { hasPostgresBinaries } from '../../bench/private-postgres';
import { startPlatformCluster } from './cluster';
import { ensureSnapshot } from '../../src/lib/server/db/snapshot';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
	// The migrated PGlite snapshot the test databases start from (`npm install` builds it too).
	await ensureSnapshot('supabase', 'schema');
	if (!hasPostgresBinaries()) {
		const message =
			"PostgreSQL's binaries (/usr/lib/postgresql/<major>/bin) are not installed: the suites " +
			"skip the Supabase platform fixture (engine 'supabase').";
		if (process.env.REQUIRE_POSTGRES_TESTS === '1') {
			throw new Error(`REQUIRE_POSTGRES_TESTS=1 but ${message}`);
		}
		console.warn(`[platform] ${message}`);
		return undefined;
	}
	const started = performance.now();
	const cluster = await startPlatformCluster();
	if (!cluster) throw new Error('the platform cluster did not start');
	process.env.PLATFORM_ADMIN_URL = cluster.adminUrl;
	const seconds = ((performance.now() - started) / 1000).toFixed(1);
	console.log(`[platform] Supabase platform fixture ready in ${seconds} s`);
	return () => cluster.stop();
}
