/**
 * The site admins' CSV import of resolutions (issue 5 item 8), in the format of
 * data/us-welcome-resolutions.csv. Rows are read and checked by ./rows.ts (as the seed build
 * reads them), placed by the runtime gazetteer (as the seed build places them), checked against
 * what the atlas already holds, and written in the caller's claims-scoped transaction: Row Level
 * Security decides (site admins may add places and resolutions with provenance 'import').
 *
 * Two modes, each atomic (one transaction): 'all_or_nothing' writes nothing if any row has a
 * problem; 'valid_only' writes every row without one.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../db';
import { locatePlaceOrProblem, type Placement } from '../places';
import { CsvError } from './csv';
import {
	EVENT_NOTES,
	HeaderError,
	readRows,
	uniqueSlug,
	type CsvRow,
	type InvalidRow,
	type RowProblem
} from './rows';

export const IMPORT_MODES = ['all_or_nothing', 'valid_only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** Larger files are refused before parsing (10,000 rows of the demo CSV are about 3 MB). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export type ProblemCode = RowProblem['code'];

/** A row that will not be written, with everything wrong with it. */
export interface ImportIssue {
	row: number;
	name: string;
	kind: string;
	state: string;
	problems: RowProblem[];
}

export interface ImportReport {
	/** Data rows in the file (the header excluded). */
	total: number;
	/** Rows without a problem: what 'valid_only' writes. */
	valid: number;
	issues: ImportIssue[];
	/** Rows with each kind of problem (a row may count under several). */
	counts: Partial<Record<ProblemCode, number>>;
	/** Places the valid rows need that the atlas does not have yet. */
	newPlaces: number;
	/** Valid rows whose place the atlas already has (they are added to it). */
	existingPlaceRows: number;
	/** Where each new (or re-placed) place will be put on the map, in file order. */
	placements: ImportPlacement[];
}

/** A place the import puts on the map: at a town, or at a county's or a state's centre. */
export interface ImportPlacement {
	row: number;
	name: string;
	state: string;
	at: Placement['at'];
}

/** The file cannot be read at all (malformed CSV, missing columns, empty): nothing is written. */
export class ImportFileError extends Error {
	constructor(
		readonly code: 'csv' | 'header' | 'empty' | 'encoding' | 'size',
		message: string
	) {
		super(message);
		this.name = 'ImportFileError';
	}
}

export type ProgressPhase = 'checking' | 'writing' | 'done';
export type OnProgress = (phase: ProgressPhase, done: number, total: number) => void;

interface PlannedRow {
	row: CsvRow;
	slug: string;
	place: PlannedPlace;
}

interface PlannedPlace {
	id: string;
	/** Set when the place is new and must be inserted. */
	placement: Placement | null;
	/**
	 * A site place an organizer added (not vetted): the gazetteer places it again, never the
	 * organizer's pin — null when the gazetteer does not know it.
	 */
	relocate?: { placement: Placement | null };
	row: CsvRow;
}

interface ImportPlan {
	report: ImportReport;
	rows: PlannedRow[];
	newPlaces: PlannedPlace[];
}

const placeKey = (kind: string, state: string, name: string) => `${kind}|${state}|${name}`;
const resolutionKey = (place: string, date: string | null, title: string) =>
	`${place}|${date ?? ''}|${title.trim().toLowerCase()}`;

/** Reads the file, or says why it cannot be read. */
function readFile(csvText: string): ReturnType<typeof readRows> {
	if (csvText.includes('\uFFFD')) {
		throw new ImportFileError('encoding', 'the file is not UTF-8 text');
	}
	try {
		const read = readRows(csvText);
		if (read.rows.length + read.invalid.length === 0) {
			throw new ImportFileError('empty', 'the file has a header but no rows');
		}
		return read;
	} catch (caught) {
		if (caught instanceof CsvError) throw new ImportFileError('csv', caught.message);
		if (caught instanceof HeaderError) throw new ImportFileError('header', caught.message);
		throw caught;
	}
}

/**
 * Checks a file against the atlas as the caller sees it (a site admin sees everything) and
 * decides what would be written. Reads only.
 */
async function planImport(tx: Tx, csvText: string, onProgress?: OnProgress): Promise<ImportPlan> {
	const read = readFile(csvText);
	const total = read.rows.length + read.invalid.length;
	onProgress?.('checking', 0, total);

	const existingPlaces = new Map<string, { id: string; vetted: boolean }>();
	for (const place of await tx
		.selectFrom('places')
		.select(['id', 'kind', 'state_code', 'name', 'vetted'])
		// The site's places only: one an organizer added for a campaign is theirs to change.
		.where('claimed_by', 'is', null)
		.execute()) {
		existingPlaces.set(placeKey(place.kind, place.state_code, place.name), place);
	}
	const existing = await tx
		.selectFrom('resolutions as r')
		.innerJoin('places as p', 'p.id', 'r.place_id')
		.select(['r.slug', 'r.title', 'p.kind', 'p.state_code', 'p.name'])
		.select(sql<string | null>`r.decided_on::text`.as('decided_on'))
		.execute();
	const usedSlugs = new Set(existing.map((r) => r.slug));
	const existingResolutions = new Map(
		existing.map((r) => [
			resolutionKey(placeKey(r.kind, r.state_code, r.name), r.decided_on, r.title),
			r.slug
		])
	);

	const invalid: InvalidRow[] = [...read.invalid];
	const planned: PlannedRow[] = [];
	const places = new Map<string, PlannedPlace | { problem: string }>();
	const seenInFile = new Map<string, number>();
	read.rows.forEach((row, index) => {
		const problems: RowProblem[] = [];
		if (row.sourceUrl === null) {
			problems.push({ code: 'source', message: 'source_url is empty: every row needs its source' });
		}
		const key = placeKey(row.kind, row.state, row.name);
		let place = places.get(key);
		if (!place) {
			const existingPlace = existingPlaces.get(key);
			if (existingPlace?.vetted) place = { id: existingPlace.id, placement: null, row };
			else if (existingPlace) {
				const located = locatePlaceOrProblem(row);
				const placement = 'problem' in located ? null : located.placement;
				place = { id: existingPlace.id, placement: null, relocate: { placement }, row };
			} else {
				const located = locatePlaceOrProblem(row);
				place =
					'problem' in located
						? { problem: located.problem }
						: { id: randomUUID(), placement: located.placement, row };
			}
			places.set(key, place);
		}
		if ('problem' in place) problems.push({ code: 'place', message: place.problem });

		const duplicateKey = resolutionKey(key, row.decided?.date ?? null, row.title);
		const inAtlas = existingResolutions.get(duplicateKey);
		const earlier = seenInFile.get(duplicateKey);
		if (inAtlas) {
			problems.push({
				code: 'duplicate',
				message: `already in the atlas as /resolutions/${inAtlas}`
			});
		} else if (earlier) {
			problems.push({ code: 'duplicate', message: `repeats row ${earlier}` });
		} else {
			seenInFile.set(duplicateKey, row.row);
		}

		if (problems.length > 0 || 'problem' in place) {
			invalid.push({ row: row.row, raw: rawOf(row), problems });
		} else {
			planned.push({ row, slug: uniqueSlug(row, usedSlugs), place });
		}
		if (index % 1000 === 999) onProgress?.('checking', index + 1, total);
	});
	invalid.sort((a, b) => a.row - b.row);

	const counts: ImportReport['counts'] = {};
	for (const { problems } of invalid) {
		for (const code of new Set(problems.map((problem) => problem.code))) {
			counts[code] = (counts[code] ?? 0) + 1;
		}
	}
	const newPlaces = [...new Set(planned.map((r) => r.place))].filter((p) => p.placement);
	onProgress?.('checking', total, total);
	return {
		report: {
			total,
			valid: planned.length,
			issues: invalid.map(({ row, raw, problems }) => ({
				row,
				name: raw.name ?? '',
				kind: raw.kind ?? '',
				state: raw.state ?? '',
				problems
			})),
			counts,
			newPlaces: newPlaces.length,
			existingPlaceRows: planned.filter((r) => !r.place.placement).length,
			placements: placementsOf(planned)
		},
		rows: planned,
		newPlaces
	};
}

function placementsOf(planned: PlannedRow[]): ImportPlacement[] {
	const placed = new Set<PlannedPlace>();
	const placements: ImportPlacement[] = [];
	for (const { place } of planned) {
		const placement = place.placement ?? place.relocate?.placement;
		if (!placement || placed.has(place)) continue;
		placed.add(place);
		const { row, name, state } = place.row;
		placements.push({ row, name, state, at: placement.at });
	}
	return placements;
}

function rawOf(row: CsvRow): Record<string, string> {
	return { name: row.name, kind: row.kind, state: row.state };
}

/** The report a file would get, without writing anything. */
export async function previewImport(
	tx: Tx,
	csvText: string,
	onProgress?: OnProgress
): Promise<ImportReport> {
	return (await planImport(tx, csvText, onProgress)).report;
}

export interface ImportResult {
	report: ImportReport;
	/** Resolutions written; 0 when 'all_or_nothing' met a problem. */
	written: number;
	placesWritten: number;
}

// Rows per statement: each column goes as one array parameter (insert … select from unnest),
// which PGlite and PostgreSQL parse and bind far faster than thousands of single parameters;
// batches only make the progress bar move.
const BATCH = 2500;

function* batches<T>(items: readonly T[]): Generator<T[]> {
	for (let at = 0; at < items.length; at += BATCH) yield items.slice(at, at + BATCH);
}

/**
 * Checks the file again (the atlas may have changed since the preview) and writes it in the
 * caller's (a site admin's) transaction. Imports are serialized by an advisory lock, so two cannot
 * pick the same slug. A failure part-way throws, and the caller's transaction rolls back.
 */
export async function runImport(
	tx: Tx,
	csvText: string,
	mode: ImportMode,
	onProgress?: OnProgress
): Promise<ImportResult> {
	await sql`select pg_advisory_xact_lock(hashtext('welcome-atlas:csv-import'))`.execute(tx);
	const plan = await planImport(tx, csvText, onProgress);
	if (plan.rows.length === 0 || (mode === 'all_or_nothing' && plan.report.issues.length > 0)) {
		return { report: plan.report, written: 0, placesWritten: 0 };
	}
	const dated = plan.rows.filter((planned) => planned.row.decided);
	const total = plan.newPlaces.length + plan.rows.length + dated.length;
	let done = 0;
	const step = (count: number) => {
		done += count;
		onProgress?.('writing', done, total);
	};
	step(0);

	const relocated = [...new Set(plan.rows.map((r) => r.place))].filter((p) => p.relocate);
	for (const place of relocated) {
		const placement = place.relocate?.placement ?? null;
		await tx
			.updateTable('places')
			.set({
				county: placement?.county ?? null,
				lat: placement?.lat ?? null,
				lon: placement?.lon ?? null,
				location_source: placement?.source ?? null,
				official_id: placement?.officialId ?? null,
				vetted: true
			})
			.where('id', '=', place.id)
			.execute();
	}

	for (const batch of batches(plan.newPlaces)) {
		await sql`
			insert into public.places
				(id, kind, name, state_code, county, lat, lon, location_source, official_id)
			select v.* from unnest(
				${batch.map((p) => p.id)}::uuid[], ${batch.map((p) => p.row.kind)}::text[],
				${batch.map((p) => p.row.name)}::text[], ${batch.map((p) => p.row.state)}::text[],
				${batch.map((p) => p.placement?.county ?? null)}::text[],
				${batch.map((p) => p.placement?.lat ?? null)}::float8[],
				${batch.map((p) => p.placement?.lon ?? null)}::float8[],
				${batch.map((p) => p.placement?.source ?? null)}::text[],
				${batch.map((p) => p.placement?.officialId ?? null)}::text[]
			) as v`.execute(tx);
		step(batch.length);
	}

	const ids = new Map(plan.rows.map((planned) => [planned, randomUUID()]));
	for (const batch of batches(plan.rows)) {
		const rows = batch.map((planned) => planned.row);
		await sql`
			insert into public.resolutions
				(id, slug, place_id, body, title, status, decided_on, decided_on_precision, source_url,
				source_title, notes, visibility, provenance)
			select v.*, 'published', 'import' from unnest(
				${batch.map((planned) => ids.get(planned))}::uuid[],
				${batch.map((planned) => planned.slug)}::text[],
				${batch.map((planned) => planned.place.id)}::uuid[],
				${rows.map((row) => row.body)}::text[], ${rows.map((row) => row.title)}::text[],
				${rows.map((row) => row.status)}::text[],
				${rows.map((row) => row.decided?.date ?? null)}::date[],
				${rows.map((row) => row.decided?.precision ?? null)}::text[],
				${rows.map((row) => row.sourceUrl)}::text[],
				${rows.map((row) => row.sourceTitle)}::text[], ${rows.map((row) => row.notes)}::text[]
			) as v`.execute(tx);
		step(batch.length);
	}

	// As in the seed: a dated resolution gets its decision as an event, with the source. An
	// undated one has no date to put on an event (occurred_on is required).
	// The events' insert policy runs private.can_edit_resolution() per row. This connection may
	// hold a plan for it made when public.resolutions was small (a sequential scan; PGlite has no
	// autovacuum to refresh statistics): with thousands of new rows that turns quadratic, so the
	// session's cached plans are dropped first and made again for the table as it is now.
	await sql`discard plans`.execute(tx);
	for (const batch of batches(dated)) {
		const rows = batch.map((planned) => planned.row);
		await sql`
			insert into public.resolution_events
				(resolution_id, occurred_on, occurred_on_precision, status, note, source_url)
			select v.* from unnest(
				${batch.map((planned) => ids.get(planned))}::uuid[],
				${rows.map((row) => row.decided?.date)}::date[],
				${rows.map((row) => row.decided?.precision)}::text[],
				${rows.map((row) => row.status)}::text[],
				${rows.map((row) => EVENT_NOTES[row.status])}::text[],
				${rows.map((row) => row.sourceUrl)}::text[]
			) as v`.execute(tx);
		step(batch.length);
	}
	onProgress?.('done', total, total);
	return { report: plan.report, written: plan.rows.length, placesWritten: plan.newPlaces.length };
}
