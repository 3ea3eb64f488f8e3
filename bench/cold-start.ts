// One measured start of the embedded mode in a fresh process: open PGlite in DATA_DIR (initdb
// when new), apply migrations, seed when new. Prints the milliseconds as JSON.
import { loadConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db';

const started = performance.now();
const database = await openDatabase(loadConfig({ DATA_DIR: process.argv[2] }));
const ms = performance.now() - started;
await database.close();
console.log(JSON.stringify({ ms }));
