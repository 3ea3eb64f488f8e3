import { ANON, withClaims, type Claims } from '../../src/lib/server/db';
import type { TestDatabase } from '../helpers/databases';
import type { Persona } from '../helpers/personas';

/** A SvelteKit request event, as far as the report and moderation routes read it. */
export function requestEvent(
	database: TestDatabase,
	options: {
		path: string;
		persona?: Persona | null;
		form?: Record<string, string>;
		params?: Record<string, string>;
		ip?: string;
	}
) {
	const claims: Claims = options.persona?.claims ?? ANON;
	const url = new URL(`https://atlas.test${options.path}`);
	let body: FormData | undefined;
	if (options.form) {
		body = new FormData();
		for (const [key, value] of Object.entries(options.form)) body.set(key, value);
	}
	const headers: Record<string, string> = {};
	return {
		event: {
			params: options.params ?? {},
			url,
			request: new Request(url, body ? { method: 'POST', body } : {}),
			getClientAddress: () => options.ip ?? '192.0.2.1',
			setHeaders: (set: Record<string, string>) => Object.assign(headers, set),
			locals: {
				user: options.persona ? { id: options.persona.id, email: options.persona.email } : null,
				claims,
				withClaims: <T>(fn: Parameters<typeof withClaims<T>>[2]) =>
					withClaims(database.db, claims, fn)
			}
		} as never,
		headers
	};
}

/** What an action returned, or the status of what it threw (error(404), redirect …). */
export async function outcome(promise: unknown): Promise<unknown> {
	try {
		return await promise;
	} catch (thrown) {
		return { thrown: (thrown as { status?: number }).status ?? thrown };
	}
}

/** A report as the form sends it, valid unless overridden. */
export function reportForm(overrides: Record<string, string> = {}): Record<string, string> {
	return {
		place_name: 'Lakeview',
		place_kind: 'city',
		state_code: 'mn',
		status: 'adopted',
		decided_on: '2024-05-14',
		title: 'Resolution welcoming refugees to Lakeview',
		body: 'City Council',
		source_url: 'https://lakeview.example.org/minutes/2024-05-14',
		notes: 'Passed 6 to 1.',
		contact_email: 'neighbor@example.org',
		website: '',
		...overrides
	};
}
