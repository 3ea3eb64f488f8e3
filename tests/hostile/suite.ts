// One describe block per engine for a slice of the fixture table (one test file per slice, so
// vitest can spread them over workers): one database and one world per file, then RUNS hostile
// requests per action or endpoint.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON } from '../../src/lib/server/db';
import { setPublicMapCache } from '../../src/lib/server/map';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { matchesParams } from '../helpers/route-inventory';
import {
	CONTROL_PARAM_VALUES,
	encodingArbitrary,
	hostileEntries,
	hostileParam,
	ODD_NEXT_VALUES,
	type Encoding,
	type Entries,
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

const first = (values: Record<string, readonly string[]>) =>
	Object.fromEntries(Object.entries(values).map(([name, list]) => [name, list[0] ?? '']));

/**
 * The corpus's fixed cases, sent to every entry before the random ones, each a valid request with
 * one thing changed: every route parameter set to each control character (what `/x/%00`
 * decodes to), and every `next` field to each odd value — also sent by a signed-in persona where
 * the fixture's is anonymous, since the sign-in pages redirect a signed-in visitor at once.
 */
function fixedExamples(entry: Entry, fixture: Fixture, world: World): HostileRequest[] {
	const params = first(fixture.params?.(world) ?? {});
	const fields = first(fixture.fields?.(world) ?? {});
	const files = entry.method === 'GET' ? {} : (fixture.files ?? {});
	const entries = (next?: string): Entries => [
		...Object.entries(fields).map(([name, value]): Entries[number] => [
			name,
			name === 'next' && next !== undefined ? next : value
		]),
		...Object.entries(files).map(([name, file]): Entries[number] => [name, file()])
	];
	const request = (changes: Partial<HostileRequest>): HostileRequest => ({
		params,
		entries: entries(),
		encoding: 'multipart',
		...changes
	});
	const examples: HostileRequest[] = [];
	for (const name of Object.keys(params)) {
		for (const value of CONTROL_PARAM_VALUES) {
			examples.push(request({ params: { ...params, [name]: value } }));
		}
	}
	if ('next' in fields) {
		for (const next of ODD_NEXT_VALUES) {
			examples.push(request({ entries: entries(next) }));
			if (fixture.who === 'anon')
				examples.push(request({ entries: entries(next), as: 'stranger' }));
		}
	}
	return examples;
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
			it(`${entry.key}: fixed cases and ${RUNS} hostile requests`, async () => {
				const examples = fixedExamples(entry, fixture, world);
				const counts = await fuzz({
					d: database,
					world: () => world,
					tables: () => tables,
					entry,
					who: fixture.who,
					path: (params) => pathFor(entry, params),
					request: requestArbitrary(entry, fixture, world),
					examples,
					routed: (params) => matchesParams(entry.matchers, params),
					readOnly: fixture.readOnly ?? false
				});
				tally.push(`  ${entry.key}: ${counts.accepted}/${counts.refused}`);
				expect(counts.accepted + counts.refused).toBe(RUNS + examples.length);
				// Where there is input to break, the corpus must get some of it refused (reads may
				// instead answer with the problems listed, as the pages do for bad filters).
				if ((fixture.fields || fixture.params) && !fixture.readOnly) {
					expect(counts.refused).toBeGreaterThan(0);
				}
			});
		}
	});
}
