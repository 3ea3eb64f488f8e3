// The column-write matrix: every table in public × every column × persona × insert/update, with
// who may write each column declared once per table (tests/rls/columns/<area>.ts). A cell is
// measured by its effect, not by an error: it is allowed when, after the persona's statement, the
// column holds the value the persona sent. A refusal by a grant or a policy, a trigger that
// raises, a row RLS hides (nothing changed) and a trigger that overwrites the value (created_by
// reset to the caller) all count as "not allowed" — each is what an attacker with the Data API
// would get. Every cell is one short transaction that is always rolled back; the value is read
// back as the owner inside it.
import type pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { ANON, type Claims, type DB } from '../../src/lib/server/db';
import { PERSONAS, type People, type PersonaName } from './rls-matrix';

export const WRITE_OPS = ['insert', 'update'] as const;
export type WriteOp = (typeof WRITE_OPS)[number];

/**
 * The personas, and `owner`: the owner's connection (the server: migrations, jobs, security
 * definer functions). The owner is a control, not a persona: it proves that each test value is a
 * valid one (it passes the table's checks and keys), so that a persona's "not allowed" is a
 * refusal and never a test value that nobody could write.
 */
export const WRITERS = [...PERSONAS, 'owner'] as const;
export type Writer = (typeof WRITERS)[number];

/** Who may write a column in one operation. */
export type Who = readonly PersonaName[];
export const NOBODY: Who = [];
/** Anyone signed in: the stranger, the other, the member, the lead, the site admin. */
export const SIGNED_IN: Who = ['stranger', 'other', 'member', 'lead', 'admin'];
/** The group's members (the lead is one) or the campaign's team (editor and lead). */
export const MEMBERS: Who = ['member', 'lead'];
/** The campaign's team and site admins. */
export const TEAM_AND_ADMINS: Who = ['member', 'lead', 'admin'];
export const LEAD: Who = ['lead'];
export const LEAD_AND_ADMINS: Who = ['lead', 'admin'];
export const ADMINS: Who = ['admin'];
export const MEMBER: Who = ['member'];

/** An SQL expression written into the statement as it is (e.g. `now()`). */
export interface Raw {
	readonly raw: string;
}
export const raw = (expression: string): Raw => ({ raw: expression });

/** A value as written in a declaration; rendered as a literal of its column's type. */
export type Literal =
	string | number | boolean | null | Raw | readonly unknown[] | { readonly [key: string]: unknown };

export type Valued<W> = Literal | ((world: W) => Literal);
export type Row<W> = (world: W) => Record<string, Literal>;

export interface ColumnDeclaration<W> {
	/** Who may set the column when inserting the table's base row. */
	insert: Who;
	/** Who may change it in the table's fixture row. */
	update: Who;
	/** The value sent; by default one per type (TYPE_DEFAULTS, uuid: the world's `nobody`). */
	value?: Valued<W>;
	insertValue?: Valued<W>;
	updateValue?: Valued<W>;
	/** Columns that must change with this one for the row to stay valid (set in both ops). */
	with?: Row<W>;
	/**
	 * The insert cell sends the base row's own value (a key with one valid choice, such as the
	 * only group without a family): the cell then says whether the persona may insert the base
	 * row at all. Otherwise an insert value equal to the base row's is refused as proving nothing.
	 */
	sameAsBase?: boolean;
	/** What the owner's connection gets, when not both allowed (with the reason in a comment). */
	owner?: { insert?: boolean; update?: boolean };
}

export interface TableDeclaration<W> {
	/** The fixture row the update cells change: its primary key. */
	row: Row<W>;
	/** A valid row the personas could plausibly insert; each insert cell sets one column more. */
	insert: Row<W>;
	columns: Record<string, ColumnDeclaration<W>>;
}

export type Declarations<W> = Record<string, TableDeclaration<W>>;

/** Written by clients in the declared operations. */
export function writers<W>(
	insert: Who,
	update: Who,
	options: Omit<ColumnDeclaration<W>, 'insert' | 'update'> = {}
): ColumnDeclaration<W> {
	return { insert, update, ...options };
}

/** A column no client may write: the database sets it (or nobody changes it). */
export function server<W>(
	options: Omit<ColumnDeclaration<W>, 'insert' | 'update'> = {}
): ColumnDeclaration<W> {
	return { insert: NOBODY, update: NOBODY, ...options };
}

// ---------------------------------------------------------------------------------------------
// The catalog

export interface ColumnInfo {
	type: string;
	/** Its default expression, if any. */
	default: string | null;
}

/** Every base table in public (by name) with its columns (in their order). */
export type Catalog = Map<string, Map<string, ColumnInfo>>;

export async function readCatalog(db: Kysely<DB>): Promise<Catalog> {
	const { rows } = await sql<{
		table_name: string;
		column_name: string;
		type: string;
		default: string | null;
	}>`
		select c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod) as type,
			c.column_default as default
		from information_schema.columns c
		join information_schema.tables t
			on t.table_schema = c.table_schema and t.table_name = c.table_name
		join pg_catalog.pg_attribute a
			on a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass
			and a.attname = c.column_name
		where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
		order by c.table_name, c.ordinal_position`.execute(db);
	const catalog: Catalog = new Map();
	for (const row of rows) {
		const columns = catalog.get(row.table_name) ?? new Map<string, ColumnInfo>();
		columns.set(row.column_name, { type: row.type, default: row.default });
		catalog.set(row.table_name, columns);
	}
	return catalog;
}

/**
 * Tables and columns without a declaration, and declarations of tables or columns that do not
 * exist: a new column fails the suite until someone decides who may write it.
 */
export function declarationGaps<W>(catalog: Catalog, declared: Declarations<W>): string[] {
	const gaps: string[] = [];
	for (const [table, columns] of catalog) {
		const declaration = declared[table];
		if (!declaration) {
			gaps.push(`not declared: table ${table}`);
			continue;
		}
		for (const column of columns.keys()) {
			if (!declaration.columns[column]) gaps.push(`not declared: ${table}.${column}`);
		}
		for (const column of Object.keys(declaration.columns)) {
			if (!columns.has(column)) gaps.push(`declared, but not a column: ${table}.${column}`);
		}
	}
	for (const table of Object.keys(declared)) {
		if (!catalog.has(table)) gaps.push(`declared, but not a table in public: ${table}`);
	}
	return gaps;
}

// ---------------------------------------------------------------------------------------------
// SQL

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const ident = (name: string) => {
	if (!IDENTIFIER.test(name)) throw new Error(`not a plain identifier: ${name}`);
	return `"${name}"`;
};
const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Default test values by column type: valid for most columns, overridden where checks differ. */
export const TYPE_DEFAULTS: Record<string, Literal> = {
	text: 'matrix',
	integer: 7,
	bigint: 7,
	'double precision': 12.5,
	boolean: true,
	date: '2001-02-03',
	'timestamp with time zone': '2001-02-03 04:05:06+00',
	'text[]': ['matrix'],
	jsonb: { matrix: true },
	'character(2)': 'WY',
	'character(3)': 'EUR'
};

/** A value as an SQL literal for a column of `type` (arrays and jsonb by the column's type). */
export function literal(value: Literal, type: string): string {
	if (value === null) return 'null';
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
		return String(value);
	}
	if (typeof value === 'string') return quote(value);
	if ('raw' in value && typeof (value as Raw).raw === 'string') return (value as Raw).raw;
	if (type === 'jsonb' || type === 'json') return quote(JSON.stringify(value));
	if (type.endsWith('[]') && Array.isArray(value)) {
		const items = value.map((item) => `"${String(item).replace(/[\\"]/g, '\\$&')}"`);
		return quote(`{${items.join(',')}}`);
	}
	throw new Error(`no literal for ${JSON.stringify(value)} as ${type}`);
}

export interface Cell {
	table: string;
	column: string;
	op: WriteOp;
	writer: Writer;
	expected: boolean;
	/** The persona's statement, as it ran. */
	statement: string;
	/** Reads the column back, as the owner: `held` says whether it holds the value sent. */
	readBack: string;
}

export interface CellResult extends Cell {
	allowed: boolean;
	/** How it ended: allowed, refused (a grant, a policy or a trigger), no row, overwritten. */
	reason: string;
}

interface Planned {
	cells: Cell[];
	/**
	 * The owner's checks that each value differs from what the column would hold anyway: the
	 * fixture row's current value (update), the column's default (insert). A cell whose value is
	 * that one would be "allowed" whoever sent it.
	 */
	differs: { label: string; query: string }[];
}

/** The value a cell sends: the declaration's, else the type's default (uuid: `nobody`). */
function testValue<W extends { nobody: string }>(
	name: string,
	rule: ColumnDeclaration<W>,
	op: WriteOp,
	type: string,
	world: W
): Literal {
	const valued =
		(op === 'insert' ? rule.insertValue : rule.updateValue) ??
		rule.value ??
		(type === 'uuid' ? world.nobody : TYPE_DEFAULTS[type]);
	if (valued === undefined) throw new Error(`${name}: no default test value for ${type}`);
	return typeof valued === 'function' ? valued(world) : valued;
}

type Rendered = [column: string, sql: string][];

/** Reads back, as the owner, whether the row this transaction wrote holds the value. */
const readBackQuery = (table: string, held: string) =>
	// The rows this transaction wrote: the one inserted, or the fixture row if it changed (even
	// when the update changed its key). Triggers write other tables only; more rows would throw.
	`select count(*)::int as rows, coalesce(bool_and(${held}), false) as held ` +
	`from public.${ident(table)} where xmin = pg_current_xact_id()::xid`;

/** Every cell of the declarations, in catalog order, for every writer. */
export function planCells<W extends { nobody: string }>(
	catalog: Catalog,
	declared: Declarations<W>,
	world: W
): Planned {
	const cells: Cell[] = [];
	const differs: Planned['differs'] = [];
	for (const [table, columns] of catalog) {
		const declaration = declared[table];
		if (!declaration) continue;
		const render = (values: Record<string, Literal>): Rendered =>
			Object.entries(values).map(([column, value]) => {
				const info = columns.get(column);
				if (!info) throw new Error(`${table}.${column} is not a column`);
				return [column, literal(value, info.type)];
			});
		const where = render(declaration.row(world))
			.map(([column, value]) => `${ident(column)} = ${value}`)
			.join(' and ');
		const base = render(declaration.insert(world));
		for (const [column, rule] of Object.entries(declaration.columns)) {
			const info = columns.get(column);
			if (!info) continue;
			for (const op of WRITE_OPS) {
				const name = `${table}.${column} ${op}`;
				const value = literal(testValue(name, rule, op, info.type, world), info.type);
				const also = render(rule.with?.(world) ?? {}).filter(([c]) => c !== column);
				const held = `${ident(column)} is not distinct from ${value}`;
				let statement: string;
				if (op === 'insert') {
					const row = new Map([...base, ...also]);
					const baseValue = row.get(column);
					if (baseValue === undefined) {
						differs.push({
							label: name,
							query: `select 1 as rows, (${info.default ?? 'null'}) is distinct from ${value} as differs`
						});
					} else if ((baseValue === value) !== Boolean(rule.sameAsBase)) {
						throw new Error(
							`${name}: ${value} is ${rule.sameAsBase ? 'not' : 'already'} the base row's`
						);
					}
					row.set(column, value);
					statement =
						`insert into public.${ident(table)} (${[...row.keys()].map(ident).join(', ')}) ` +
						`values (${[...row.values()].join(', ')})`;
				} else {
					const changes: Rendered = [[column, value], ...also];
					const sets = changes.map(([c, v]) => `${ident(c)} = ${v}`);
					statement = `update public.${ident(table)} set ${sets.join(', ')} where ${where}`;
					differs.push({
						label: name,
						query:
							`select count(*)::int as rows, coalesce(bool_and(not (${held})), false) as differs ` +
							`from public.${ident(table)} where ${where}`
					});
				}
				const readBack = readBackQuery(table, held);
				for (const writer of WRITERS) {
					const expected =
						writer === 'owner' ? (rule.owner?.[op] ?? true) : rule[op].includes(writer);
					cells.push({ table, column, op, writer, expected, statement, readBack });
				}
			}
		}
	}
	return { cells, differs };
}

const ROLES = new Set(['anon', 'authenticated']);

/**
 * Becomes the caller as PostgREST does (claims, then role). The owner stays the owner, acting for
 * `nobody` as a security definer function acts for its caller: defaults such as
 * `user_id default auth.uid()` then have someone to name.
 */
function becomeCaller(writer: Writer, people: People, nobody: string): string {
	const claims: Claims =
		writer === 'owner'
			? { role: 'authenticated', sub: nobody }
			: writer === 'anon'
				? ANON
				: people[writer].claims;
	if (!ROLES.has(claims.role)) throw new Error(`unknown role ${claims.role}`);
	const role = writer === 'owner' ? '' : `, set_config('role', ${quote(claims.role)}, true)`;
	return `select set_config('request.jwt.claims', ${quote(JSON.stringify(claims))}, true)${role};\n`;
}

type Results = { rows: Record<string, unknown>[] }[];

/**
 * Runs one cell on `client`: the statement as the writer, deferred constraints checked, then the
 * column read back as the owner — one round trip, then a rollback.
 */
async function runCell(
	client: pg.PoolClient,
	cell: Cell,
	people: People,
	nobody: string
): Promise<CellResult> {
	const script =
		'begin;\n' +
		becomeCaller(cell.writer, people, nobody) +
		`${cell.statement};\n` +
		// Constraint triggers (a group keeps a lead) fire at commit; fire them now.
		'set constraints all immediate;\n' +
		'reset role;\n' +
		cell.readBack;
	try {
		const results = (await client.query(script)) as unknown as Results;
		const last = results.at(-1)?.rows[0] as { rows: number; held: boolean } | undefined;
		if (!last) throw new Error(`${label(cell)}: nothing was read back`);
		if (last.rows > 1) throw new Error(`${label(cell)}: the statement wrote ${last.rows} rows`);
		const reason = last.rows === 0 ? 'no row' : last.held ? 'allowed' : 'overwritten';
		return { ...cell, allowed: reason === 'allowed', reason };
	} catch (error) {
		const { code, message } = error as { code?: string; message?: string };
		// A syntax error, an unknown column or a bad value is the matrix's mistake, not an outcome.
		// (428C9: a value for a column generated always is a refusal, not a mistake.)
		const outcome = code === '42501' || code === '428C9';
		if (!code || (code.startsWith('42') && !outcome) || code.startsWith('22')) {
			throw new Error(`${label(cell)}: ${message}\n${cell.statement}`, { cause: error });
		}
		return { ...cell, allowed: false, reason: `${code} ${message}` };
	} finally {
		await client.query('rollback');
	}
}

export const label = (cell: { table: string; column: string; op: WriteOp; writer: Writer }) =>
	`${cell.table}.${cell.column} ${cell.op} as ${cell.writer}`;

/**
 * Every cell of the declarations on one connection of `pool`, one after the other. Throws when a
 * test value is what the column would hold anyway (the fixture row's value, the column's default:
 * the cell would prove nothing) or a fixture row is missing.
 */
export async function runColumnMatrix<W extends { nobody: string }>(
	pool: pg.Pool,
	catalog: Catalog,
	declared: Declarations<W>,
	world: W,
	people: People
): Promise<CellResult[]> {
	const { cells, differs } = planCells(catalog, declared, world);
	const client = await pool.connect();
	try {
		for (const check of differs) {
			const { rows } = await client.query<{ rows: number; differs: boolean }>(check.query);
			const [row] = rows;
			if (row?.rows !== 1 || !row.differs) {
				throw new Error(
					`${check.label}: the test value is what the column would hold anyway ` +
						`(or the fixture row is missing)\n${check.query}`
				);
			}
		}
		const results: CellResult[] = [];
		for (const cell of cells) results.push(await runCell(client, cell, people, world.nobody));
		return results;
	} finally {
		client.release();
	}
}

/** One line per cell whose outcome differs from its declaration, with how it ended and its SQL. */
export function mismatches(results: CellResult[]): string[] {
	return results
		.filter((result) => result.allowed !== result.expected)
		.map(
			(result) =>
				`${label(result)}: declared ${result.expected ? 'allowed' : 'not allowed'}, was ` +
				`${result.allowed ? 'allowed' : `not allowed (${result.reason})`} — ${result.statement}`
		);
}

// ---------------------------------------------------------------------------------------------
// The report

const SHORT: Record<Writer, string> = {
	anon: 'an',
	stranger: 'st',
	other: 'ot',
	member: 'me',
	lead: 'le',
	admin: 'ad',
	owner: 'ow'
};

export interface Totals {
	tables: number;
	columns: number;
	/** Persona cells (the owner's control cells are not counted). */
	tried: number;
	allowed: number;
	differing: number;
}

export function totals(results: CellResult[]): Totals {
	const personas = results.filter((result) => result.writer !== 'owner');
	return {
		tables: new Set(results.map((r) => r.table)).size,
		columns: new Set(results.map((r) => `${r.table}.${r.column}`)).size,
		tried: personas.length,
		allowed: personas.filter((r) => r.allowed).length,
		differing: results.filter((r) => r.allowed !== r.expected).length
	};
}

/**
 * The matrix as text: per table a group of lines, one per column, then for insert and update one
 * mark per persona (and the owner's control): Y allowed, - not allowed, ! differs from the
 * declaration. Totals at the top.
 */
export function formatColumnReport(title: string, results: CellResult[]): string {
	const sum = totals(results);
	const byColumn = new Map<string, { table: string; column: string; cells: CellResult[] }>();
	for (const result of results) {
		const key = `${result.table}.${result.column}`;
		const entry = byColumn.get(key) ?? { table: result.table, column: result.column, cells: [] };
		entry.cells.push(result);
		byColumn.set(key, entry);
	}
	const width = Math.max(...results.map((r) => r.column.length + 2), 24);
	const marks = (cells: CellResult[], op: WriteOp) =>
		WRITERS.map((writer) => {
			const cell = cells.find((c) => c.op === op && c.writer === writer);
			if (!cell) return '  ';
			return `${cell.allowed ? 'Y' : '-'}${cell.allowed === cell.expected ? ' ' : '!'}`;
		}).join(' ');
	const heading = WRITERS.map((writer) => SHORT[writer]).join(' ');
	const lines = [
		`Column-write matrix — ${title}: ${sum.tried} cells tried (${sum.tables} tables, ` +
			`${sum.columns} columns × ${PERSONAS.length} personas × insert/update), ${sum.allowed} allowed, ` +
			`${sum.differing} differ from the declarations`,
		`  Y the column holds the value sent, - it does not, ! differs from the declaration; ` +
			`ow = the owner's connection (a control: the test value is valid)`,
		'',
		`${''.padEnd(width)}  insert${''.padEnd(heading.length - 6)}   update`,
		`${''.padEnd(width)}  ${heading}   ${heading}`
	];
	let table = '';
	for (const { table: next, column, cells } of byColumn.values()) {
		if (next !== table) {
			table = next;
			lines.push(table);
		}
		lines.push(
			`  ${column.padEnd(width - 2)}  ${marks(cells, 'insert')}   ${marks(cells, 'update')}`.trimEnd()
		);
	}
	return lines.join('\n');
}
