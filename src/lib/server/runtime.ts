import { env as privateEnv } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';
import { loadConfig, type Config } from './config';
import { openDatabase, type Database } from './db';

export interface Runtime {
	config: Config;
	database: Database;
}

// Held on globalThis so Vite's dev reloads reuse the open database instead of opening the same
// PGlite directory a second time (which corrupts it).
const KEY = Symbol.for('welcome-atlas.runtime');
type Holder = { [KEY]?: Promise<Runtime> };

export function getRuntime(): Promise<Runtime> {
	const holder = globalThis as Holder;
	holder[KEY] ??= start().catch((error) => {
		delete holder[KEY];
		throw error;
	});
	return holder[KEY];
}

async function start(): Promise<Runtime> {
	const config = loadConfig({ ...privateEnv, ...publicEnv });
	const database = await openDatabase(config);
	const shutdown = async () => {
		delete (globalThis as Holder)[KEY];
		await database.close();
	};
	// adapter-node emits this on SIGINT/SIGTERM; until PGlite is closed its timers keep the
	// process alive (tests/db/migrations.test.ts checks that close really closes it).
	process.once('sveltekit:shutdown', shutdown);
	console.log(`[welcome-atlas] ${config.mode} mode, database ready`);
	return { config, database };
}
