import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../../src/lib/filters';
import { ANON, seed } from '../../src/lib/server/db';
import {
	FEED_LIMIT,
	buildAtomFeed,
	escapeXml,
	feedRows,
	type FeedMeta,
	type FeedRow
} from '../../src/lib/server/resolutions/feeds';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

const META: FeedMeta = {
	id: 'https://atlas.test/feeds/updates.atom',
	title: 'All updates & more <feed>',
	subtitle: 'Newest first',
	selfUrl: 'https://atlas.test/feeds/updates.atom?status=adopted&state=MN',
	alternateUrl: 'https://atlas.test/?status=adopted&state=MN',
	origin: 'https://atlas.test',
	locale: 'en'
};

const row = (overrides: Partial<FeedRow> = {}): FeedRow => ({
	entryId: '745a2afb-0448-5628-af56-894d71fe2b07',
	kind: 'event',
	slug: 'sample-mn-2019',
	title: 'Refugees <Welcome> & "resettlement"',
	body: 'City Council',
	status: 'adopted',
	note: 'Adopted 7–2 <unanimously?> & signed',
	date: '2019-05-01',
	precision: 'month',
	at: new Date('2019-05-01T00:00:00Z'),
	sourceUrl: 'https://example.org/a?b=1&c=2',
	provenance: 'seed',
	place: { name: 'Town & Country', kind: 'city', stateCode: 'MN' },
	...overrides
});

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
const asArray = <T>(value: T | T[] | undefined): T[] =>
	value === undefined ? [] : Array.isArray(value) ? value : [value];
const textOf = (node: unknown): string =>
	typeof node === 'object' && node !== null
		? String((node as { '#text': unknown })['#text'])
		: String(node);

type Link = { '@rel': string; '@href': string };
type Entry = Record<string, unknown> & { link: Link | Link[] };

function parseFeed(xml: string) {
	expect(XMLValidator.validate(xml)).toBe(true);
	const feed = parser.parse(xml).feed;
	expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
	return { feed, entries: asArray<Entry>(feed.entry) };
}

describe('buildAtomFeed', () => {
	it('writes a well-formed RFC 4287 feed with every required element', () => {
		const xml = buildAtomFeed(META, [
			row(),
			row({
				entryId: '1e7f62de-8be9-50a3-a346-458eeb0adb3d',
				kind: 'resolution',
				note: null,
				date: null,
				precision: null,
				at: new Date('2018-01-02T03:04:05.678Z'),
				sourceUrl: null,
				provenance: 'report'
			})
		]);
		const { feed, entries } = parseFeed(xml);
		expect(feed.id).toBe(META.id);
		expect(textOf(feed.title)).toBe(META.title);
		expect(feed.updated).toBe('2019-05-01T00:00:00Z');
		const links = asArray<Link>(feed.link);
		expect(links.find((l) => l['@rel'] === 'self')?.['@href']).toBe(META.selfUrl);
		expect(links.find((l) => l['@rel'] === 'alternate')?.['@href']).toBe(META.alternateUrl);
		expect(feed.author.name).toBe('Welcome Atlas');
		expect(entries).toHaveLength(2);
		for (const entry of entries) {
			expect(entry.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
			expect(textOf(entry.title)).not.toBe('');
			expect(entry.updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
			expect(entry.author).toHaveProperty('name');
			expect(textOf(entry.summary)).not.toBe('');
			const alternate = asArray(entry.link).find((l) => l['@rel'] === 'alternate');
			expect(alternate?.['@href']).toBe('https://atlas.test/resolutions/sample-mn-2019');
		}
		expect(entries[1]?.updated).toBe('2018-01-02T03:04:05Z');
		expect(entries[1]?.author).toEqual({ name: 'Public report to Welcome Atlas' });
	});

	it('escapes <, &, quotes and drops characters XML cannot carry', () => {
		const xml = buildAtomFeed(META, [row({ body: 'Board\u0000 of <b>Ed</b>' })]);
		expect(xml).not.toContain('<Welcome>');
		expect(xml).not.toContain('<b>');
		expect(xml).toContain('Town &amp; Country');
		expect(xml).toContain('&lt;Welcome&gt;');
		expect(xml).not.toContain('\u0000');
		const { feed, entries } = parseFeed(xml);
		expect(xml).toContain('<title type="text">All updates &amp; more &lt;feed&gt;</title>');
		expect(textOf(feed.title)).toBe('All updates & more <feed>');
		const entry = entries[0];
		expect(textOf(entry?.title)).toBe(
			'Town & Country, MN: Adopted 7–2 <unanimously?> & signed — Refugees <Welcome> & "resettlement"'
		);
		expect(textOf(entry?.summary)).toContain('May 2019');
		expect(textOf(entry?.summary)).not.toContain('May 1, 2019');
		expect(asArray(entry?.link).find((l) => l['@rel'] === 'related')?.['@href']).toBe(
			'https://example.org/a?b=1&c=2'
		);
		expect(escapeXml(`<a href="x">'&'</a>`)).toBe(
			'&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;'
		);
	});

	it('gives an empty feed a fixed updated date (same rows, same bytes)', () => {
		const xml = buildAtomFeed(META, []);
		const { feed, entries } = parseFeed(xml);
		expect(entries).toEqual([]);
		expect(feed.updated).toBe('1970-01-01T00:00:00Z');
		expect(buildAtomFeed(META, [])).toBe(xml);
	});
});

describe.each(ENGINES)('feed rows from the filtered set (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let author: Persona;

	beforeAll(async () => {
		const d = database();
		await seed(d.engine);
		author = await createPersona(d, 'author');
		const place = await d.db
			.selectFrom('places')
			.select('id')
			.where('name', '=', 'Minneapolis')
			.executeTakeFirstOrThrow();
		const draft = await d.db
			.insertInto('resolutions')
			.values({
				slug: 'minneapolis-mn-draft',
				place_id: place.id,
				title: 'Draft',
				status: 'adopted',
				created_by: author.id
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await d.db
			.insertInto('resolution_events')
			.values({ resolution_id: draft.id, occurred_on: '2030-01-01', note: 'Secret' })
			.execute();
	});

	it('holds only matching published resolutions, newest first, at most 50', async () => {
		const all = await database().as(ANON, (tx) => feedRows(tx, EMPTY_FILTERS));
		expect(all).toHaveLength(FEED_LIMIT);
		expect(all.map((r) => r.slug)).not.toContain('minneapolis-mn-draft');
		const times = all.map((r) => r.at.getTime());
		expect(times).toEqual([...times].sort((a, b) => b - a));

		const mn = await database().as(ANON, (tx) =>
			feedRows(tx, { ...EMPTY_FILTERS, state: ['MN'], status: ['adopted'] })
		);
		expect(mn.length).toBeGreaterThan(0);
		for (const entry of mn) {
			expect(entry.place.stateCode).toBe('MN');
			expect(entry.status).toBe('adopted');
		}
		expect(mn.map((r) => r.slug)).toContain('minneapolis-mn-2017');
		expect(mn.map((r) => r.slug)).not.toContain('minneapolis-mn-draft');
	});

	it('gives a resolution without events one entry, dated by its decision or its entry', async () => {
		const rows = await database().as(ANON, (tx) =>
			feedRows(tx, EMPTY_FILTERS, { slug: 'whatcom-county-wa-undated' })
		);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ kind: 'resolution', status: 'pending', date: null });
		const withEvent = await database().as(ANON, (tx) =>
			feedRows(tx, EMPTY_FILTERS, { slug: 'miami-beach-fl-2018' })
		);
		expect(withEvent.map((r) => [r.kind, r.date, r.note])).toEqual([
			['event', '2018-05-16', 'Adopted']
		]);
		// Dated by when the site recorded it (the demo data's load), not by when it happened.
		expect(withEvent[0]!.at.getTime()).toBeGreaterThan(Date.parse('2026-01-01'));
	});

	it('puts what the site learned lately first: news, publications; never plans', async () => {
		const d = database();
		const seeded = await d.db
			.selectFrom('resolutions')
			.select('id')
			.where('slug', '=', 'miami-beach-fl-2018')
			.executeTakeFirstOrThrow();
		// An adoption recorded today that happened a week ago, and a date in the future.
		await d.db
			.insertInto('resolution_events')
			.values([
				{ resolution_id: seeded.id, occurred_on: '2026-11-24', note: 'Reaffirmed 6–1' },
				{ resolution_id: seeded.id, occurred_on: '2099-12-31', note: 'Planned' }
			])
			.execute();
		// A campaign written as a draft (its event recorded then), published now.
		const place = await d.db
			.selectFrom('places')
			.select('id')
			.where('name', '=', 'Minneapolis')
			.executeTakeFirstOrThrow();
		const campaign = await d.db
			.insertInto('resolutions')
			.values({ slug: 'minneapolis-mn-welcome', place_id: place.id, title: 'Minneapolis welcomes' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await d.db
			.insertInto('resolution_events')
			.values({ resolution_id: campaign.id, occurred_on: '2026-10-01', note: 'Introduced' })
			.execute();
		await d.db
			.updateTable('resolutions')
			.set({ visibility: 'published' })
			.where('id', '=', campaign.id)
			.execute();

		const rows = await d.as(ANON, (tx) => feedRows(tx, EMPTY_FILTERS));
		const top = rows.slice(0, 3).map((r) => [r.slug, r.kind, r.note]);
		expect(top).toEqual(
			expect.arrayContaining([
				['minneapolis-mn-welcome', 'resolution', null],
				['minneapolis-mn-welcome', 'event', 'Introduced'],
				['miami-beach-fl-2018', 'event', 'Reaffirmed 6–1']
			])
		);
		expect(rows.map((r) => r.note)).not.toContain('Planned');
		// Among entries recorded together (the demo data), the undated come last.
		const dates = rows.slice(3).map((r) => r.date);
		const firstUndated = dates.indexOf(null);
		if (firstUndated >= 0) expect(dates.slice(firstUndated).every((d) => d === null)).toBe(true);
	});

	it('has no rows for a draft, even for its author', async () => {
		for (const claims of [ANON, author.claims]) {
			const rows = await database().as(claims, (tx) =>
				feedRows(tx, EMPTY_FILTERS, { slug: 'minneapolis-mn-draft' })
			);
			expect(rows).toEqual([]);
		}
	});
});
