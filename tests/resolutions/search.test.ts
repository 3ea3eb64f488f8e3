import { beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, type Filters } from '../../src/lib/filters';
import { PLACE_KINDS, STATUSES } from '../../src/lib/pipeline';
import { ANON } from '../../src/lib/server/db';
import { seed } from '../../src/lib/server/db';
import {
	allMatching,
	countByStatus,
	listPage,
	publicationVersion,
	templateProblem,
	type ResolutionRow
} from '../../src/lib/server/resolutions/search';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona } from '../helpers/personas';

// The filter set in SQL against an independent oracle: every published seeded row, filtered in
// plain TypeScript. Random filter sets (seeded, so a failure reproduces) must agree exactly.

function mulberry32(seedValue: number) {
	let a = seedValue;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function oracle(rows: ResolutionRow[], filters: Filters): string[] {
	const words = filters.q.toLowerCase().split(' ').filter(Boolean);
	return rows
		.filter((row) => filters.status.length === 0 || filters.status.includes(row.status as never))
		.filter((row) => filters.kind.length === 0 || filters.kind.includes(row.place.kind as never))
		.filter(
			(row) => filters.state.length === 0 || filters.state.includes(row.place.stateCode as never)
		)
		.filter((row) => {
			const year = row.datedOn ? Number(row.datedOn.slice(0, 4)) : null;
			if (filters.from !== null && (year === null || year < filters.from)) return false;
			if (filters.to !== null && (year === null || year > filters.to)) return false;
			return true;
		})
		.filter((row) => {
			const text = [
				row.place.name,
				row.place.stateCode,
				row.place.county ?? '',
				row.title,
				row.body ?? ''
			]
				.join(' ')
				.toLowerCase();
			return words.every((word) => text.includes(word));
		})
		.map((row) => row.slug)
		.sort();
}

describe.each(ENGINES)('the filter set in SQL (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let everything: ResolutionRow[];

	beforeAll(async () => {
		const d = database();
		await seed(d.engine);
		const author = await createPersona(d, 'author');
		// A draft matches every filter below that a seeded row matches, and must never show.
		const place = await d.db
			.selectFrom('places')
			.select('id')
			.where('name', '=', 'Chicago')
			.executeTakeFirstOrThrow();
		await d.db
			.insertInto('resolutions')
			.values({
				slug: 'chicago-draft',
				place_id: place.id,
				title: 'Draft welcome resolution',
				status: 'adopted',
				decided_on: '2020-05-01',
				decided_on_precision: 'day',
				created_by: author.id
			})
			.execute();
		everything = await d.as(ANON, (tx) => allMatching(tx, EMPTY_FILTERS));
	});

	it('the public sees every published seeded resolution and no draft', async () => {
		expect(everything.length).toBe(120);
		expect(everything.map((r) => r.slug)).not.toContain('chicago-draft');
	});

	it('agrees with a plain filter for 200 random filter sets', async () => {
		const random = mulberry32(7);
		const pick = <T>(values: readonly T[], chance: number) =>
			values.filter(() => random() < chance);
		const states = [...new Set(everything.map((r) => r.place.stateCode))];
		const words = ['city', 'refugee', 'county', 'welcome', 'school', 'san', 'resolution', 'x%_'];
		let nonEmpty = 0;
		for (let i = 0; i < 200; i++) {
			const from = random() < 0.3 ? 2014 + Math.floor(random() * 10) : null;
			const filters: Filters = {
				status: pick(STATUSES, 0.3).sort(),
				kind: pick(PLACE_KINDS, 0.25).sort(),
				state: pick(states, 0.15).sort() as Filters['state'],
				from,
				to: random() < 0.3 ? (from ?? 2014) + Math.floor(random() * 6) : null,
				q: random() < 0.3 ? (words[Math.floor(random() * words.length)] ?? '') : '',
				template: ''
			};
			const rows = await database().as(ANON, (tx) => allMatching(tx, filters));
			const slugs = rows.map((r) => r.slug).sort();
			expect(slugs, JSON.stringify(filters)).toEqual(oracle(everything, filters));
			const counts = await database().as(ANON, (tx) => countByStatus(tx, filters));
			expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(slugs.length);
			if (slugs.length > 0) nonEmpty++;
		}
		// The generator must exercise matches, not only empty sets.
		expect(nonEmpty).toBeGreaterThan(40);
	});

	it('treats LIKE wildcards in the search text as plain characters', async () => {
		const rows = await database().as(ANON, (tx) => allMatching(tx, { ...EMPTY_FILTERS, q: '%' }));
		expect(rows).toEqual([]);
	});

	it('pages through the whole set in a stable order, for every sort', async () => {
		for (const sort of ['place', 'state', 'kind', 'status', 'date'] as const) {
			for (const dir of ['asc', 'desc'] as const) {
				const seen: string[] = [];
				for (let page = 1; page <= 3; page++) {
					const rows = await database().as(ANON, (tx) =>
						listPage(tx, EMPTY_FILTERS, { sort, dir, page, pageSize: 50 })
					);
					seen.push(...rows.map((r) => r.slug));
				}
				expect(new Set(seen).size, `${sort} ${dir}`).toBe(120);
			}
		}
		const byDate = await database().as(ANON, (tx) =>
			listPage(tx, EMPTY_FILTERS, { sort: 'date', dir: 'desc', page: 1, pageSize: 120 })
		);
		const dates = byDate.map((r) => r.datedOn).filter((d): d is string => d !== null);
		expect(dates).toEqual([...dates].sort().reverse());
		// Undated resolutions come last, not first.
		expect(byDate.at(-1)?.datedOn).toBeNull();
		expect(byDate[0]?.datedOn).not.toBeNull();
	});

	it('narrows to resolutions based on a template, any version, and knows unknown templates', async () => {
		const d = database();
		const template = await d.db
			.insertInto('templates')
			.values({ slug: 'test-council', body_type: 'city_council', language: 'en', published: true })
			.returning('id')
			.executeTakeFirstOrThrow();
		const versions = await d.db
			.insertInto('template_versions')
			.values(
				[1, 2].map((version) => ({
					template_id: template.id,
					version,
					title: 'Welcome',
					body: 'Text',
					reviewed_on: '2026-01-01'
				}))
			)
			.returning('id')
			.execute();
		const [first, second] = everything.slice(0, 2).map((r) => r.slug);
		for (const [slug, version] of [
			[first, versions[0]?.id],
			[second, versions[1]?.id]
		] as const) {
			await d.db
				.updateTable('resolutions')
				.set({ template_version_id: version })
				.where('slug', '=', slug ?? '')
				.execute();
		}
		const filters = { ...EMPTY_FILTERS, template: 'test-council' };
		const rows = await d.as(ANON, (tx) => allMatching(tx, filters));
		expect(rows.map((r) => r.slug).sort()).toEqual([first, second].sort());
		expect(await d.as(ANON, (tx) => templateProblem(tx, filters))).toBeNull();
		expect(
			await d.as(ANON, (tx) => templateProblem(tx, { ...EMPTY_FILTERS, template: 'no-such' }))
		).toMatchObject({ param: 'template', code: 'unknown_value' });
	});

	it('moves the publication version on every public change, and only then', async () => {
		const d = database();
		const version = () => d.as(ANON, async (tx) => BigInt(await publicationVersion(tx)));
		const before = await version();
		expect(await version()).toBe(before);
		// A draft's letter and notes are nobody else's business: no visitor's cache goes stale.
		await d.db
			.updateTable('resolutions')
			.set({ notes: 'touched', letter_body: 'Dear council,' })
			.where('slug', '=', 'chicago-draft')
			.execute();
		expect(await version()).toBe(before);
		const published = await d.db
			.selectFrom('resolutions')
			.select('id')
			.where('visibility', '=', 'published')
			.executeTakeFirstOrThrow();
		await d.db
			.updateTable('resolutions')
			.set({ notes: 'touched' })
			.where('id', '=', published.id)
			.execute();
		const afterPublished = await version();
		expect(afterPublished).toBeGreaterThan(before);
		// Its history and recipients are public too; a draft's are not.
		await d.db
			.insertInto('resolution_events')
			.values({ resolution_id: published.id, occurred_on: '2024-01-02', note: 'Read again' })
			.execute();
		expect(await version()).toBeGreaterThan(afterPublished);
	});
});
