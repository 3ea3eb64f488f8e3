// Routes that take a rate limit reach the owner's handle through getRuntime(), whose promise
// sits on globalThis. Pointing that slot at a suite's database, as the server's own first call
// would fill it, lets a suite call those routes; the previous value is put back after.
import { afterAll, beforeAll } from 'vitest';
import type { Runtime } from '../../src/lib/server/runtime';

const RUNTIME = Symbol.for('welcome-atlas.runtime');
type Holder = Record<symbol, unknown>;

/**
 * For the enclosing describe block: getRuntime() answers `runtime()`, read in beforeAll. Only
 * the parts the routes under test read need be there (a test database stands in for the app's).
 */
export function useRuntime(runtime: () => { [K in keyof Runtime]?: unknown }) {
	let previous: unknown;
	beforeAll(() => {
		const holder = globalThis as unknown as Holder;
		previous = holder[RUNTIME];
		holder[RUNTIME] = Promise.resolve(runtime());
	});
	afterAll(() => {
		(globalThis as unknown as Holder)[RUNTIME] = previous;
	});
}
