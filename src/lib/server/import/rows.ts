/**
 * Reading and checking the rows of a resolutions CSV (the format of
 * data/us-welcome-resolutions.csv): one implementation for the seed build (scripts/build-seed.ts)
 * and the admins' CSV import (./import.ts). Pure: no database, no gazetteer.
 */
import { MAX_YEAR, MIN_YEAR } from '../../filters';
import { STATUSES, type Status } from '../../pipeline';
import { PLACE_KINDS, FIPS_BY_STATE, type PlaceKind } from '../places/gazetteer';
import { parseCsv } from './csv';

export const COLUMNS = [
	'name',
	'kind',
	'state',
	'status',
	'decided_on',
	'body',
	'title',
	'source_url',
	'source_title',
	'notes'
] as const;
export type Column = (typeof COLUMNS)[number];

/** Read when the header has them: where a campus body is (see PlaceInput). */
export const OPTIONAL_COLUMNS = ['city', 'county'] as const;
type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];

/** The dated history entry a resolution's decision gets (resolution_events.note). */
export const EVENT_NOTES: Readonly<Record<Status, string>> = {
	adopted: 'Adopted',
	failed: 'Failed',
	pending: 'Introduced',
	withdrawn: 'Withdrawn',
	tabled: 'Tabled',
	consent_letter: 'Consent letter sent under Executive Order 13888'
};

export const SLUG_MAX = 120;

export interface DecidedOn {
	date: string;
	precision: 'day' | 'month' | 'year';
	year: number;
}

export interface CsvRow {
	/** The row number a spreadsheet shows, the header being row 1. */
	row: number;
	name: string;
	kind: PlaceKind;
	state: string;
	status: Status;
	decided: DecidedOn | null;
	body: string | null;
	title: string;
	sourceUrl: string | null;
	sourceTitle: string | null;
	notes: string | null;
	/** The town a campus body is in (optional column). */
	city: string | null;
	/** Its county, for a campus body without a town (optional column). */
	county: string | null;
}

/** What is wrong with a row; `code` groups problems for a report, `message` says exactly what. */
export interface RowProblem {
	code:
		| 'name'
		| 'kind'
		| 'status'
		| 'state'
		| 'title'
		| 'date'
		| 'source'
		| 'length'
		| 'nul'
		| 'fields'
		| 'place'
		| 'duplicate';
	message: string;
}

export interface InvalidRow {
	row: number;
	raw: Record<string, string>;
	problems: RowProblem[];
}

/** 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' → a date and how precise it is; throws on anything else. */
export function parseDecidedOn(value: string): DecidedOn | null {
	if (value === '') return null;
	const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
	if (!match) throw new Error(`decided_on "${value}" is not YYYY-MM-DD, YYYY-MM or YYYY`);
	const [, yearText, monthText, dayText] = match;
	const year = Number(yearText);
	const month = monthText ? Number(monthText) : 1;
	const day = dayText ? Number(dayText) : 1;
	const date = new Date(Date.UTC(year, month - 1, day));
	if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
		throw new Error(`decided_on "${value}" is not a real date`);
	}
	// The editor's and the report form's range: an 1850 or 2150 is a typo, not a resolution.
	if (year < MIN_YEAR || year > MAX_YEAR) {
		throw new Error(
			`decided_on "${value}" is outside ${MIN_YEAR}–${MAX_YEAR}, the years the atlas takes`
		);
	}
	return {
		date: `${yearText}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
		precision: dayText ? 'day' : monthText ? 'month' : 'year',
		year
	};
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
	return (values as readonly string[]).includes(value);
}

function optional(value: string): string | null {
	return value === '' ? null : value;
}

/** Checks a text value against the schema's length limit, so the load cannot fail half-way. */
function checkLength(problems: RowProblem[], column: string, value: string | null, max: number) {
	if (value !== null && [...value].length > max) {
		problems.push({ code: 'length', message: `${column} is longer than ${max} characters` });
	}
}

/** Checks one record against the schema's rules; `row` is its spreadsheet row number. */
export function validateRow(raw: Record<string, string>, row: number): CsvRow | RowProblem[] {
	const value = (column: Column | OptionalColumn) => (raw[column] ?? '').trim();
	const problems: RowProblem[] = [];
	const kind = value('kind');
	const status = value('status');
	const state = value('state');
	let decided: DecidedOn | null = null;

	if (value('name') === '') problems.push({ code: 'name', message: 'name is empty' });
	if (!isOneOf(PLACE_KINDS, kind))
		problems.push({ code: 'kind', message: `unknown kind "${kind}"` });
	if (!isOneOf(STATUSES, status)) {
		problems.push({ code: 'status', message: `unknown status "${status}"` });
	}
	if (!FIPS_BY_STATE.has(state))
		problems.push({ code: 'state', message: `unknown state "${state}"` });
	if (value('title') === '') problems.push({ code: 'title', message: 'title is empty' });
	try {
		decided = parseDecidedOn(value('decided_on'));
	} catch (error) {
		problems.push({ code: 'date', message: (error as Error).message });
	}
	const sourceUrl = optional(value('source_url'));
	if (sourceUrl !== null && !/^https?:\/\//.test(sourceUrl)) {
		problems.push({ code: 'source', message: `source_url "${sourceUrl}" is not http(s)` });
	}
	checkLength(problems, 'name', value('name'), 200);
	checkLength(problems, 'body', optional(value('body')), 200);
	checkLength(problems, 'title', value('title'), 300);
	checkLength(problems, 'source_url', sourceUrl, 2000);
	checkLength(problems, 'source_title', optional(value('source_title')), 500);
	checkLength(problems, 'notes', optional(value('notes')), 2000);
	checkLength(problems, 'city', optional(value('city')), 200);
	checkLength(problems, 'county', optional(value('county')), 200);
	if (Object.values(raw).some((text) => text.includes('\0'))) {
		problems.push({ code: 'nul', message: 'contains a NUL byte' });
	}

	if (problems.length > 0 || !isOneOf(PLACE_KINDS, kind) || !isOneOf(STATUSES, status)) {
		return problems;
	}
	return {
		row,
		name: value('name'),
		kind,
		state,
		status,
		decided,
		body: optional(value('body')),
		title: value('title'),
		sourceUrl,
		sourceTitle: optional(value('source_title')),
		notes: optional(value('notes')),
		city: optional(value('city')),
		county: optional(value('county'))
	};
}

/** The header lacks required columns: nothing in the file can be read. */
export class HeaderError extends Error {
	constructor(
		readonly missing: string[],
		message = `the header lacks column(s): ${missing.join(', ')}`
	) {
		super(message);
		this.name = 'HeaderError';
	}
}

/**
 * Parses and checks a whole file. Throws CsvError (malformed quoting) or HeaderError; otherwise
 * every record is either a valid row or an invalid one with its problems, in file order.
 */
export function readRows(csvText: string): { rows: CsvRow[]; invalid: InvalidRow[] } {
	const [header = [], ...records] = parseCsv(csvText);
	const missing = COLUMNS.filter((column) => !header.includes(column));
	if (missing.length > 0) throw new HeaderError(missing);
	if (new Set(header).size !== header.length)
		throw new HeaderError([], 'the header repeats a column');

	const rows: CsvRow[] = [];
	const invalid: InvalidRow[] = [];
	records.forEach((record, index) => {
		const row = index + 2;
		const raw = Object.fromEntries(header.map((column, at) => [column, record[at] ?? '']));
		if (record.length !== header.length) {
			// A short or long record means a quoting mistake upstream: its columns cannot be trusted.
			const message = `${record.length} fields, expected ${header.length}`;
			invalid.push({ row, raw, problems: [{ code: 'fields', message }] });
			return;
		}
		const result = validateRow(raw, row);
		if (Array.isArray(result)) invalid.push({ row, raw, problems: result });
		else rows.push(result);
	});
	return { rows, invalid };
}

/** Lower-case ASCII kebab-case; apostrophes vanish so "St. Michael's" gives "st-michaels". */
export function slugify(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.replace(/['’]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
}

/** "<name>-<state>-<year or undated>", leaving room for a "-NN" de-duplication suffix. */
export function baseSlug(row: Pick<CsvRow, 'name' | 'state' | 'decided'>): string {
	const tail = `-${row.state.toLowerCase()}-${row.decided ? row.decided.year : 'undated'}`;
	// Room is left for a "-NN" de-duplication suffix so every slug fits the schema's 120.
	const name = slugify(row.name)
		.slice(0, SLUG_MAX - tail.length - 4)
		.replace(/-+$/, '');
	return (name || 'place') + tail;
}

/** The base slug, or the first "-2", "-3", … not in `used` (which it then joins). */
export function uniqueSlug(row: Pick<CsvRow, 'name' | 'state' | 'decided'>, used: Set<string>) {
	const base = baseSlug(row);
	let slug = base;
	for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
	used.add(slug);
	return slug;
}
