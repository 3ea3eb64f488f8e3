// Generates src/lib/server/db/schema.d.ts from the migrations (never written by hand):
// an in-memory PGlite is migrated and introspected. `--verify` exits 1 when the committed file
// has drifted from the migrations.
import { Kysely, PostgresDialect as KyselyPostgres } from 'kysely';
import { generate, PostgresDialect } from 'kysely-codegen';
import { openEngine } from '../src/lib/server/db/engine';
import { applyMigrations } from '../src/lib/server/db/migrate';

const verify = process.argv.includes('--verify');
const engine = await openEngine({ kind: 'pglite', dataDir: 'memory://' });
try {
	await applyMigrations(engine.pool, 'supabase');
	const db = new Kysely<unknown>({ dialect: new KyselyPostgres({ pool: engine.pool }) });
	await generate({
		db,
		dialect: new PostgresDialect({ dateParser: 'string', defaultSchemas: ['public'] }),
		defaultSchemas: ['public'],
		includePattern: '(public|auth|storage|local_auth|private).*',
		outFile: 'src/lib/server/db/schema.d.ts',
		verify
	});
	console.log(
		verify ? 'Database types match the migrations.' : 'Wrote src/lib/server/db/schema.d.ts'
	);
} catch (error) {
	console.error((error as Error).message);
	process.exitCode = 1;
} finally {
	await engine.close();
}
