// What SvelteKit hands a load or a form action, enough of it for the routes under test: the
// caller's claims-scoped transactions on a test database, the form posted, the client address.
import type { Kysely } from 'kysely';
import { ANON, withClaims, type DB } from '../../src/lib/server/db';
import type { Persona } from './personas';

export interface RouteCall {
	path: string;
	params: Record<string, string>;
	/** A POST with these fields; a GET without. */
	body?: Record<string, string>;
	ip?: string;
}

export function routeEvent(db: Kysely<DB>, persona: Persona | null, call: RouteCall) {
	const claims = persona?.claims ?? ANON;
	const url = `https://atlas.test${call.path}`;
	const form = new FormData();
	for (const [key, value] of Object.entries(call.body ?? {})) form.append(key, value);
	const headers: Record<string, string> = {};
	const event = {
		params: call.params,
		url: new URL(url),
		request: new Request(url, call.body ? { method: 'POST', body: form } : {}),
		getClientAddress: () => call.ip ?? '192.0.2.1',
		setHeaders: (set: Record<string, string>) => Object.assign(headers, set),
		locals: {
			user: persona ? { id: persona.id, email: persona.email } : null,
			claims,
			withClaims: <T>(fn: Parameters<typeof withClaims<T>>[2]) => withClaims(db, claims, fn)
		}
	};
	return { event: event as never, headers };
}

/** What a load or an action answered, or the status of the error or redirect it threw. */
export async function outcome(promise: unknown): Promise<Record<string, unknown>> {
	try {
		return (await promise) as Record<string, unknown>;
	} catch (thrown) {
		return { thrown: (thrown as { status?: number }).status ?? thrown };
	}
}
