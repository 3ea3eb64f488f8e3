// Calls the sponsor-group routes as SvelteKit does — a RequestEvent with the caller's locals —
// against a real test database, and snapshots every group table to prove a refusal changed
// nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { ANON, withClaims, type Claims } from '../../src/lib/server/db';
import { createLocalStorage } from '../../src/lib/server/storage/local';
import type { TestDatabase } from '../helpers/databases';
import type { Persona } from '../helpers/personas';

export type Body = Record<string, string | string[] | File | File[]>;

export function routeHarness(database: () => TestDatabase) {
	const storageRoot = mkdtempSync(join(tmpdir(), 'wa-groups-routes-'));

	/** The event a route sees for `persona` (or nobody) at `path`, posting `body` if given. */
	function eventFor(
		persona: Persona | null,
		path: string,
		params: Record<string, string>,
		body?: Body
	) {
		const db = database().db;
		const claims: Claims = persona?.claims ?? ANON;
		const form = new FormData();
		for (const [key, value] of Object.entries(body ?? {})) {
			for (const one of Array.isArray(value) ? value : [value]) form.append(key, one);
		}
		const url = new URL(`https://atlas.test${path}`);
		return {
			params,
			url,
			request: new Request(url, body ? { method: 'POST', body: form } : {}),
			locals: {
				user: persona ? { id: persona.id, email: persona.email } : null,
				claims,
				withClaims: <T>(fn: Parameters<typeof withClaims<T>>[2]) => withClaims(db, claims, fn),
				storage: createLocalStorage({ db, root: storageRoot }, claims)
			}
		} as never;
	}

	/** What a route did: its return value, or the status of what it threw (error, redirect). */
	async function outcome(run: () => unknown): Promise<unknown> {
		try {
			return await run();
		} catch (thrown) {
			const status = (thrown as { status?: number }).status;
			if (status === undefined) throw thrown;
			return { thrown: status };
		}
	}

	/** Every row of every sponsor-group table (and the file objects), in a stable order. */
	async function snapshot(): Promise<Record<string, unknown[]>> {
		const db = database().db;
		const tables = [
			'sponsor_groups',
			'group_members',
			'group_invites',
			'group_families',
			'group_family_sensitive',
			'group_tasks',
			'group_task_comments',
			'group_ledger_entries',
			'group_documents',
			'group_activity',
			'group_calendar_feeds'
		];
		const result: Record<string, unknown[]> = {};
		for (const table of tables) {
			const { rows } = await sql<Record<string, unknown>>`
				select to_jsonb(t) as row from ${sql.table(`public.${table}`)} t`.execute(db);
			result[table] = rows.map((r) => JSON.stringify(r.row)).sort();
		}
		const { rows } = await sql<{ name: string }>`
			select name from storage.objects where bucket_id = 'group-files' order by name`.execute(db);
		result['storage.objects'] = rows;
		return result;
	}

	return { eventFor, outcome, snapshot };
}

/** A Welcome Corps group in Fargo whose family arrives on 1 March 2027. */
export const groupInput = (name: string) => ({
	name,
	city: 'Fargo',
	state_code: 'ND' as const,
	program_id: 'welcome_corps',
	arrival_on: '2027-03-01'
});
