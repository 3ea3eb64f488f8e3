// One describe block per engine for a slice of the fixture table (one test file per slice, so
// vitest can spread them over workers): one database and one world per file, then RUNS hostile
// requests per action or endpoint.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON } from '../../src/lib/server/db';
import { setPublicMapCache } from '../../src/lib/server/map';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import {
	encodingArbitrary,
	hostileEntries,
	hostileParam,
	type Encoding,
	type HostileRequest
} from './corpus';
import { FIXTURES, type Fixture } from './fixtures';
import { fuzz, RUNS, tableNames } from './harness';
import { inventory, type Entry } from './inventory';
import { buildWorld, type World } from './world';

const RUNTIME = Symbol.for('welcome-atlas.runtime');
type Holder = Record<symbol, unknown>;

/** The URL SvelteKit would have matched, for handlers that read `url`. */
function pathFor(entry: Entry, params: Record<string, string>): string {
	const path = entry.routeId.replace(/\[(\.\.\.)?(\w+)\]/g, (_, rest: string, name: string) =>
		rest ? (params[name] ?? '') : encodeURIComponent(params[name] ?? '')
	);
	const action = entry.kind === 'action' ? `?/${entry.key.split('?/')[1]}` : '';
	return `${path}${action}`;
}

function requestArbitrary(entry: Entry, fixture: Fixture, world: World) {
	const ids = world.foreignIds;
	const paramValues = fixture.params?.(world) ?? {};
	const params = fc.record(
		Object.fromEntries(
			Object.entries(paramValues).map(([name, valid]) => [
				name,
				// A path segment cannot hold a slash (the router would not match); a rest param can.
				hostileParam(valid, ids).filter((v) => name === 'path' || !v.includes('/'))
			])
		)
	);
	const get = entry.method === 'GET';
	const entries = hostileEntries({
		fields: fixture.fields?.(world) ?? {},
		files: get ? undefined : fixture.files,
		ids,
		huge: !get
	});
	const encoding: fc.Arbitrary<Encoding> = get ? fc.constant('multipart') : encodingArbitrary;
	return fc.record({ params, entries, encoding }) as fc.Arbitrary<HostileRequest>;
}

function ordered(entries: Entry[]): { entry: Entry; fixture: Fixture }[] {
	const withFixtures = entries.flatMap((entry) => {
		const fixture = FIXTURES[entry.key];
		return fixture && !('notCovered' in fixture) ? [{ entry, fixture }] : [];
	});
	return withFixtures.sort((a, b) => (a.fixture.last ?? 0) - (b.fixture.last ?? 0));
}

/** Hostile requests to every action and endpoint whose key `belongs` to this file. */
export async function describeHostile(title: string, belongs: (key: string) => boolean) {
	const entries = ordered((await inventory()).filter((e) => belongs(e.key)));

	describe.each(ENGINES)(`hostile input: ${title} (%s)`, (engine) => {
		const database = useTestDatabase(engine);
		let world: World;
		let tables: string[];
		let previous: unknown;

		beforeAll(async () => {
			world = await buildWorld(database());
			tables = await tableNames(database());
			const holder = globalThis as unknown as Holder;
			previous = holder[RUNTIME];
			holder[RUNTIME] = Promise.resolve({ database: database(), config: world.config });
			// What hooks.server.ts init does for the map endpoints.
			setPublicMapCache({ run: (fn) => database().as(ANON, fn), ttlMs: 1000 });
		});
		const tally: string[] = [];
		afterAll(() => {
			(globalThis as unknown as Holder)[RUNTIME] = previous;
			console.info(`hostile input, ${title} (${engine}): accepted/refused\n${tally.join('\n')}`);
		});

		it('has something to test', () => expect(entries.length).toBeGreaterThan(0));

		for (const { entry, fixture } of entries) {
			it(`${entry.key}: ${RUNS} hostile requests`, async () => {
				const counts = await fuzz({
					d: database,
					world: () => world,
					tables: () => tables,
					entry,
					who: fixture.who,
					path: (params) => pathFor(entry, params),
					request: requestArbitrary(entry, fixture, world),
					readOnly: fixture.readOnly ?? false
				});
				tally.push(`  ${entry.key}: ${counts.accepted}/${counts.refused}`);
				expect(counts.accepted + counts.refused).toBe(RUNS);
				// Where there is input to break, the corpus must get some of it refused (reads may
				// instead answer with the problems listed, as the pages do for bad filters).
				if ((fixture.fields || fixture.params) && !fixture.readOnly) {
					expect(counts.refused).toBeGreaterThan(0);
				}
			});
		}
	});
}
