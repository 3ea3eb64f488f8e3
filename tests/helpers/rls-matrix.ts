// The one RLS matrix: every table in public and every storage bucket × six personas × select,
// insert, update, delete, with the expected outcome of every cell written down. Each area of
// the app (groups, campaigns, …) describes its cells and fixtures in tests/rls/<area>.matrix.ts;
// tests/rls/matrix.test.ts runs them all, on every engine, and prints one report.
import { sql, type Kysely, type Transaction } from 'kysely';
import { expect } from 'vitest';
import { ANON, type Claims, type DB, type Tx } from '../../src/lib/server/db';
import type { TestDatabase } from './databases';
import { createPersona, type Persona } from './personas';

/**
 * anon: signed out. stranger: signed in, no relation. other: member (or lead) of another group or
 * campaign. member: member of the group, editor of the campaign. lead: its lead. admin: site
 * admin, on no team.
 */
export const PERSONAS = ['anon', 'stranger', 'other', 'member', 'lead', 'admin'] as const;
export type PersonaName = (typeof PERSONAS)[number];
export const OPS = ['select', 'insert', 'update', 'delete'] as const;
export type Op = (typeof OPS)[number];

/** Expected outcome per persona, in PERSONAS order: true = allowed. */
export type Expected = [boolean, boolean, boolean, boolean, boolean, boolean];
export const y = true;
export const n = false;

/** A public table by its name, a bucket as `bucket:<id>` (its rows in storage.objects). */
export type Subject = string;
export const bucket = (id: string): Subject => `bucket:${id}`;

export interface Cell<F> {
	table: Subject;
	op: Op;
	/** Which row or case, when a table has more than one cell for an operation. */
	variant?: string;
	expected: Expected;
	/** Whether the attempt went through (usually: it saw or touched the row it aimed at). */
	run: (tx: Tx, fixture: F, me: Persona | null) => Promise<boolean>;
}

export type People = Record<Exclude<PersonaName, 'anon'>, Persona>;

/** The five signed-in personas, `member` signed up under `memberLabel` (e.g. 'editor'). */
export async function createPeople(db: TestDatabase, memberLabel = 'member'): Promise<People> {
	return {
		stranger: await createPersona(db, 'stranger'),
		other: await createPersona(db, 'other'),
		member: await createPersona(db, memberLabel),
		lead: await createPersona(db, 'lead'),
		admin: await createPersona(db, 'admin', { siteAdmin: true })
	};
}

export interface Matrix<F> {
	name: string;
	/** Who the personas are in this area, for the report. */
	roles: string;
	setup: (db: TestDatabase) => Promise<{ people: People; fixture: F }>;
	cells: Cell<F>[];
}

export interface CellResult {
	matrix: string;
	table: Subject;
	op: Op;
	label: string;
	outcomes: boolean[];
	expected: Expected;
}

class Rollback extends Error {
	constructor(readonly outcome: boolean) {
		super('rollback');
	}
}

/**
 * Runs `fn` under the claims in a transaction that is always rolled back, so cells do not affect
 * each other. Allowed when `fn` says so; a refusal by a grant or a policy (42501) is a denial.
 */
export async function attempt(
	db: TestDatabase,
	claims: Claims,
	fn: (tx: Tx) => Promise<boolean>
): Promise<boolean> {
	try {
		await db.as(claims, async (tx) => {
			throw new Rollback(await fn(tx));
		});
	} catch (error) {
		if (error instanceof Rollback) return error.outcome;
		if ((error as { code?: string }).code === '42501') return false;
		throw error;
	}
	throw new Error('the attempt did not roll back');
}

/** Asserts that a statement was refused by a grant or a policy (42501), not by anything else. */
export const denied = (promise: Promise<unknown>) =>
	expect(promise).rejects.toMatchObject({ code: '42501' });

type Changed = { numUpdatedRows?: bigint; numDeletedRows?: bigint };

/** Whether an update or delete changed at least one row. */
export const touched = (result: Changed | Changed[]) =>
	(Array.isArray(result) ? result : [result]).some(
		(row) => Number(row.numUpdatedRows ?? row.numDeletedRows ?? 0) > 0
	);

/**
 * A cell in which a client sends a value for a column the server owns (who, when, status, …).
 * It counts as allowed only if the value stuck: the database refusing the write (42501) or
 * overwriting the value are both denials. What stuck is read back over the owner's rights in the
 * attempt's own transaction (`reset role`), which is rolled back like every attempt. Nobody may
 * forge, so the expected row is all denials unless a cell says otherwise (site admins, say).
 */
export function forgery<F>(cell: {
	table: Subject;
	op: Op;
	variant: string;
	expected?: Expected;
	write: (tx: Tx, fixture: F, me: Persona | null) => Promise<unknown>;
	stuck: (owner: Tx, fixture: F, me: Persona | null) => Promise<boolean>;
}): Cell<F> {
	return {
		table: cell.table,
		op: cell.op,
		variant: cell.variant,
		expected: cell.expected ?? [n, n, n, n, n, n],
		run: async (tx, fixture, me) => {
			await cell.write(tx, fixture, me);
			await sql`reset role`.execute(tx);
			return cell.stuck(tx, fixture, me);
		}
	};
}

/**
 * Lets this transaction delete from storage.objects as the Storage API does: on Supabase the table
 * refuses a direct DELETE (trigger protect_objects_delete) unless `storage.allow_delete_query` is
 * on, which the Storage API sets in each of its transactions. On PGlite and the stand-in the
 * setting is inert. Transaction-local, so it needs a transaction (not the pool).
 */
export async function allowStorageDelete(tx: Transaction<DB> | Kysely<DB>): Promise<void> {
	await sql`select set_config('storage.allow_delete_query', 'true', true)`.execute(tx);
}

/** Deletes an object of a bucket as the Storage API does (see allowStorageDelete). */
export async function deleteObject(tx: Tx, bucketId: string, name: string) {
	await allowStorageDelete(tx);
	return tx
		.deleteFrom('storage.objects')
		.where('bucket_id', '=', bucketId)
		.where('name', '=', name)
		.execute();
}

/** Whether a select found exactly `count` rows (1 by default). */
export const found = (rows: unknown[], count = 1) => rows.length === count;

export const cellLabel = (cell: { table: Subject; op: Op; variant?: string }) =>
	`${cell.table} ${cell.op}${cell.variant ? ` (${cell.variant})` : ''}`;

/** Every cell of a matrix, for every persona: the outcomes, in PERSONAS order. */
export async function runMatrix<F>(
	db: TestDatabase,
	matrix: Matrix<F>,
	people: People,
	fixture: F
): Promise<CellResult[]> {
	const results: CellResult[] = [];
	for (const cell of matrix.cells) {
		const outcomes: boolean[] = [];
		for (const name of PERSONAS) {
			const me = name === 'anon' ? null : people[name];
			outcomes.push(await attempt(db, me?.claims ?? ANON, (tx) => cell.run(tx, fixture, me)));
		}
		results.push({
			matrix: matrix.name,
			table: cell.table,
			op: cell.op,
			label: cellLabel(cell),
			outcomes,
			expected: cell.expected
		});
	}
	return results;
}

/** One line per cell whose outcome differs from what is written down. */
export function mismatches(results: CellResult[]): string[] {
	return results.flatMap((result) =>
		PERSONAS.flatMap((name, i) =>
			result.outcomes[i] === result.expected[i]
				? []
				: [
						`${result.matrix}: ${result.label} as ${name}: expected ${
							result.expected[i] ? 'allowed' : 'denied'
						}, was ${result.outcomes[i] ? 'allowed' : 'denied'}`
					]
		)
	);
}

/**
 * Tables and buckets missing an operation in the matrix, and cells naming a table that does not
 * exist — so a new table (or a renamed one) cannot escape.
 */
export function coverageGaps(subjects: Subject[], cells: { table: Subject; op: Op }[]): string[] {
	const covered = new Set(cells.map((cell) => `${cell.table} ${cell.op}`));
	const missing = subjects.flatMap((subject) =>
		OPS.filter((op) => !covered.has(`${subject} ${op}`)).map((op) => `no cell: ${subject} ${op}`)
	);
	const unknown = [...new Set(cells.map((cell) => cell.table))]
		.filter((table) => !subjects.includes(table))
		.map((table) => `not a table or bucket: ${table}`);
	return [...missing, ...unknown];
}

/** Attempts made (cells × personas), how many were allowed, and how many of those were writes. */
export function counts(results: CellResult[]) {
	const allowedOf = (rows: CellResult[]) =>
		rows.reduce((sum, r) => sum + r.outcomes.filter(Boolean).length, 0);
	return {
		tried: results.reduce((sum, r) => sum + r.outcomes.length, 0),
		allowed: allowedOf(results),
		allowedWrites: allowedOf(results.filter((r) => r.op !== 'select'))
	};
}

const COLUMN = 10;

/**
 * The whole matrix as one report: a group of lines per table or bucket, one column per persona,
 * Y allowed and - denied (a cell that differs from the expected outcome is marked with !).
 */
export function formatReport(
	title: string,
	matrices: { name: string; roles: string }[],
	results: CellResult[]
): string {
	const width = Math.max(...results.map((r) => r.label.length + r.matrix.length + 4), 30);
	const header = `${'table / cell  [area]'.padEnd(width)}  ${PERSONAS.map((p) => p.padEnd(COLUMN)).join('')}`;
	const tables = [...new Set(results.map((r) => r.table))].sort();
	const groups = tables.map((table) =>
		results
			.filter((r) => r.table === table)
			.sort((a, b) => OPS.indexOf(a.op) - OPS.indexOf(b.op))
			.map((r) => {
				const marks = r.outcomes.map(
					(o, i) => `${o ? 'Y' : '-'}${o === r.expected[i] ? ' ' : '!'}`
				);
				const line = `${`${r.label}  [${r.matrix}]`.padEnd(width)}  ${marks.map((m) => m.padEnd(COLUMN)).join('')}`;
				return line.trimEnd();
			})
			.join('\n')
	);
	const legend = matrices.map((m) => `  ${m.name}: ${m.roles}`).join('\n');
	const { tried, allowed, allowedWrites } = counts(results);
	return [
		`RLS matrix — ${title}: ${results.length} cells × ${PERSONAS.length} personas, Y allowed, - denied, ! unexpected`,
		`  tried ${tried}, allowed ${allowed} (of which writes ${allowedWrites})`,
		legend,
		'',
		header.trimEnd(),
		groups.join('\n\n')
	].join('\n');
}
