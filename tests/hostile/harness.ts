// Runs a hostile request through an action or endpoint as SvelteKit would (a RequestEvent with
// the caller's locals on a real test database) and judges the outcome: never a 5xx or an
// uncaught exception, a refusal says something readable, and a refusal changes no row.
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { createLocalAuth } from '../../src/lib/server/auth/local';
import { ANON, withClaims, type Claims } from '../../src/lib/server/db';
import { createLocalStorage } from '../../src/lib/server/storage/local';
import { CookieJar } from '../helpers/cookies';
import type { TestDatabase } from '../helpers/databases';
import { encodeBody, type HostileRequest } from './corpus';
import type { Entry } from './inventory';
import type { PersonaName, World } from './world';

/** Fixed, so that a failure reproduces: fast-check prints the seed and path to replay it. */
export const SEED = 7_2026;
export const RUNS = Number(process.env.HOSTILE_RUNS ?? 200);

// A refused sign-in or report is counted against the address on purpose, and the server's
// signing secret is created on first use by whichever request comes first: those rows may change.
const CHANGE_ALLOWED = new Set(['private.rate_limits', 'local_auth.server_secrets']);

export function eventFor(
	d: TestDatabase,
	world: World,
	who: PersonaName,
	entry: Entry,
	request: HostileRequest,
	path: string
) {
	who = request.as ?? who;
	const persona = who === 'anon' ? null : world.personas[who];
	const claims: Claims = persona?.claims ?? ANON;
	const url = new URL(`${SITE}${path}`);
	if (entry.method === 'GET') {
		for (const [name, value] of request.entries) {
			url.searchParams.append(name, typeof value === 'string' ? value : value.name);
		}
	}
	const init = entry.method === 'GET' ? {} : encodeBody(request.entries, request.encoding);
	// The signed-in personas' own session (password change needs one); a fresh jar otherwise.
	const cookies = (persona && world.sessions[who]) || new CookieJar();
	return {
		params: request.params,
		url,
		route: { id: entry.routeId },
		request: new Request(url, init),
		cookies,
		getClientAddress: () => '192.0.2.66',
		setHeaders: () => {},
		isDataRequest: false,
		locals: {
			user: persona ? { id: persona.id, email: persona.email } : null,
			claims,
			theme: 'system',
			withClaims: <T>(fn: Parameters<typeof withClaims<T>>[2]) => withClaims(d.db, claims, fn),
			storage: createLocalStorage({ db: d.db, root: world.storageRoot }, claims),
			auth: createLocalAuth({ db: d.db, config: world.config }, { cookies, url })
		}
	} as never;
}

export type Verdict = 'accepted' | 'refused';

/** A readable message: some non-blank text. */
function readable(text: unknown): boolean {
	return typeof text === 'string' && /\S/.test(text);
}

function failureIsReadable(data: unknown): boolean {
	const d = (data ?? {}) as { message?: unknown; errors?: Record<string, unknown> };
	if (readable(d.message)) return true;
	return Object.values(d.errors ?? {}).some((list) => Array.isArray(list) && list.every(readable));
}

const SITE = 'https://atlas.test';

/**
 * A redirect SvelteKit can send and that stays where it should: its Location is a valid header
 * value in printable ASCII (anything else fails as a 500 when the response is built), and a
 * relative one resolves to this site (no `//evil.example` in disguise). Absolute ones are the
 * storage's signed URLs.
 */
function expectSendableRedirect(location: string) {
	expect(location, 'a redirect to a value no header can carry').toMatch(/^[\x21-\x7e]+$/);
	expect(() => new Headers({ location }), location).not.toThrow();
	if (!/^[a-z][a-z0-9+.-]*:/i.test(location)) {
		expect(new URL(location, `${SITE}/some/page`).origin, `redirect to ${location}`).toBe(SITE);
	}
}

/** Runs the handler and says whether it took or refused the request; throws on a 5xx or crash. */
export async function judge(run: () => unknown): Promise<Verdict> {
	let result: unknown;
	try {
		result = await run();
	} catch (thrown) {
		if (isRedirect(thrown)) {
			expectSendableRedirect(thrown.location);
			return 'accepted';
		}
		if (isHttpError(thrown)) {
			expect(thrown.status, `error(${thrown.status}): ${thrown.body.message}`).toBeLessThan(500);
			expect(readable(thrown.body.message), 'error() without a readable message').toBe(true);
			return 'refused';
		}
		throw thrown;
	}
	if (isActionFailure(result)) {
		expect(result.status, JSON.stringify(result.data)).toBeGreaterThanOrEqual(400);
		expect(result.status, JSON.stringify(result.data)).toBeLessThan(500);
		expect(
			failureIsReadable(result.data),
			`fail() without a message: ${JSON.stringify(result.data)}`
		).toBe(true);
		return 'refused';
	}
	if (result instanceof Response) {
		expect(result.status, `status ${result.status}`).toBeLessThan(500);
		if (result.status >= 400) {
			expect(readable(await result.text()), `${result.status} with an empty body`).toBe(true);
			return 'refused';
		}
		await result.arrayBuffer();
	}
	return 'accepted';
}

/** Every table the app can write, as "rows:hash" per table, in one round trip. */
export async function tableNames(d: TestDatabase): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`
		select table_schema || '.' || table_name as name from information_schema.tables
		where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
		order by 1`.execute(d.db);
	return rows.map((r) => r.name).filter((name) => !CHANGE_ALLOWED.has(name));
}

/**
 * Each table as "rows:newest xmin". Every insert or update writes a row version with a new,
 * higher transaction id and every delete lowers the count, so any committed change shows here
 * without hashing every row (which cost most of the suite's time).
 */
export async function snapshot(d: TestDatabase, tables: string[]): Promise<Record<string, string>> {
	const parts = tables.map((name) => {
		const [schema = '', table = ''] = name.split('.');
		const ident = sql.id(schema, table);
		return sql`${sql.lit(name)}, (select count(*) || ':' || coalesce(max(t.xmin::text::bigint), 0) from ${ident} t)`;
	});
	const result: Record<string, string> = {};
	// json_build_object takes at most 100 arguments: 50 tables a call.
	for (let i = 0; i < parts.length; i += 50) {
		const { rows } = await sql<{ snap: Record<string, string> }>`
			select json_build_object(${sql.join(parts.slice(i, i + 50))}) as snap`.execute(d.db);
		Object.assign(result, rows[0]?.snap ?? {});
	}
	return result;
}

export interface FuzzOptions {
	d: () => TestDatabase;
	world: () => World;
	tables: () => string[];
	entry: Entry;
	who: PersonaName;
	path: (params: Record<string, string>) => string;
	request: fc.Arbitrary<HostileRequest>;
	/** Sent first, every time: the corpus's fixed cases (control characters, odd `next` values). */
	examples: HostileRequest[];
	/** Whether the router would reach the route with these parameters (its param matchers). */
	routed: (params: Record<string, string>) => Promise<boolean>;
	/** Nothing may change even when accepted (reads, previews). */
	readOnly: boolean;
}

/**
 * The examples, then RUNS hostile requests; returns how many were accepted and refused. A request
 * whose parameters the route's matchers refuse never reaches a handler (SvelteKit answers 404):
 * it counts as refused.
 */
export async function fuzz(options: FuzzOptions) {
	const counts = { accepted: 0, refused: 0 };
	let last: Record<string, string> | undefined;
	await fc.assert(
		fc.asyncProperty(options.request, async (request) => {
			if (!(await options.routed(request.params))) {
				counts.refused++;
				return;
			}
			const d = options.d();
			const before = last ?? (await snapshot(d, options.tables()));
			const event = eventFor(
				d,
				options.world(),
				options.who,
				options.entry,
				request,
				options.path(request.params)
			);
			const verdict = await judge(() => options.entry.handler(event));
			counts[verdict]++;
			const after = await snapshot(d, options.tables());
			last = after;
			if (verdict === 'refused' || options.readOnly) {
				expect(after, `${verdict} but rows changed`).toEqual(before);
			}
		}),
		{
			// fast-check counts examples in numRuns: these are on top of the RUNS random ones.
			numRuns: RUNS + options.examples.length,
			seed: SEED,
			endOnFailure: true,
			examples: options.examples.map((request) => [request])
		}
	);
	return counts;
}
