import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, type Claims } from '../../src/lib/server/db';
import {
	RESOLUTION_FILES,
	resolutionDetail,
	resolutionDocuments,
	toDetailJson,
	visibleResolutionId
} from '../../src/lib/server/resolutions/detail';
import { createLocalStorage } from '../../src/lib/server/storage/local';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe.each(ENGINES)('one resolution under RLS (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const root = mkdtempSync(join(tmpdir(), 'wa-detail-'));
	afterAll(() => rmSync(root, { recursive: true, force: true }));
	let author: Persona, stranger: Persona, admin: Persona;
	let publishedId: string, draftId: string;
	const storageFor = (claims: Claims) => createLocalStorage({ db: database().db, root }, claims);
	const detailAs = (claims: Claims, slug: string) =>
		database().as(claims, (tx) => resolutionDetail(tx, slug));

	beforeAll(async () => {
		const d = database();
		[author, stranger, admin] = await Promise.all([
			createPersona(d, 'author'),
			createPersona(d, 'stranger'),
			createPersona(d, 'admin', { siteAdmin: true })
		]);
		const place = await d.db
			.insertInto('places')
			.values({ kind: 'city', name: 'Detailville', state_code: 'MN', county: 'Hennepin' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const insert = (slug: string, values: Record<string, unknown>) =>
			d.db
				.insertInto('resolutions')
				.values({ slug, place_id: place.id, created_by: author.id, title: slug, ...values })
				.returning('id')
				.executeTakeFirstOrThrow();
		publishedId = (
			await insert('detailville-mn-2026', {
				title: 'Refugees <Welcome> & resettlement',
				body: 'City Council',
				status: 'pending',
				stage: 'in_committee',
				next_step: 'Committee of the whole',
				next_step_on: '2026-03-02',
				votes_for: 7,
				votes_against: 2,
				votes_abstain: 1,
				text: '# Whereas\n\nWe welcome refugees.',
				visibility: 'published',
				provenance: 'organizer',
				verified: true,
				source_url: 'https://example.org/agenda',
				source_title: 'Agenda'
			})
		).id;
		draftId = (await insert('detailville-mn-draft', {})).id;
		// Recorded out of order, dated at different precisions.
		await d.db
			.insertInto('resolution_events')
			.values([
				{ resolution_id: publishedId, occurred_on: '2026-02-10', note: 'Sent to committee' },
				{
					resolution_id: publishedId,
					occurred_on: '2025-01-01',
					occurred_on_precision: 'year',
					note: 'Drafted'
				},
				{
					resolution_id: publishedId,
					occurred_on: '2026-01-01',
					occurred_on_precision: 'month',
					note: 'Introduced',
					stage: 'introduced'
				},
				{ resolution_id: draftId, occurred_on: '2026-01-05', note: 'Secret step' }
			])
			.execute();
		await storageFor(author.claims).upload({
			bucket: RESOLUTION_FILES,
			folder: publishedId,
			bytes: PDF,
			originalName: 'Resolution text.pdf'
		});
		await storageFor(author.claims).upload({
			bucket: RESOLUTION_FILES,
			folder: draftId,
			bytes: PDF,
			originalName: 'draft.pdf'
		});
	});

	it('shows a published resolution to anyone, with its place, votes and pipeline fields', async () => {
		const detail = await detailAs(ANON, 'detailville-mn-2026');
		expect(detail).toMatchObject({
			id: publishedId,
			title: 'Refugees <Welcome> & resettlement',
			body: 'City Council',
			status: 'pending',
			stage: 'in_committee',
			nextStep: 'Committee of the whole',
			nextStepOn: '2026-03-02',
			votes: { for: 7, against: 2, abstain: 1 },
			provenance: 'organizer',
			verified: true,
			visibility: 'published',
			sourceUrl: 'https://example.org/agenda',
			place: {
				name: 'Detailville',
				kind: 'city',
				stateCode: 'MN',
				stateName: 'Minnesota',
				county: 'Hennepin'
			}
		});
		expect(detail?.lastActivity?.getTime()).toBeGreaterThanOrEqual(
			detail?.updatedAt.getTime() ?? Infinity
		);
	});

	it("dates a loaded record's last activity by its history, not by when it was loaded", async () => {
		const d = database();
		const place = await d.db
			.selectFrom('places')
			.select('id')
			.where('name', '=', 'Detailville')
			.executeTakeFirstOrThrow();
		const imported = await d.db
			.insertInto('resolutions')
			.values({
				slug: 'detailville-mn-2018',
				place_id: place.id,
				title: 'Imported',
				status: 'adopted',
				decided_on: '2018-05-16',
				decided_on_precision: 'day',
				visibility: 'published',
				provenance: 'import'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await d.db
			.insertInto('resolution_events')
			.values({ resolution_id: imported.id, occurred_on: '2018-04-02', note: 'Introduced' })
			.execute();
		const detail = await detailAs(ANON, 'detailville-mn-2018');
		expect(detail?.lastActivity?.toISOString()).toBe('2018-05-16T00:00:00.000Z');
		const undated = await d.db
			.insertInto('resolutions')
			.values({
				slug: 'detailville-mn-undated',
				place_id: place.id,
				title: 'Undated',
				visibility: 'published',
				provenance: 'seed'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		expect(undated.id).toBeTruthy();
		expect((await detailAs(ANON, 'detailville-mn-undated'))?.lastActivity).toBeNull();
	});

	it('orders the history oldest first and keeps each date precision', async () => {
		const detail = await detailAs(stranger.claims, 'detailville-mn-2026');
		expect(detail?.events.map((e) => [e.occurredOn, e.precision, e.note])).toEqual([
			['2025-01-01', 'year', 'Drafted'],
			['2026-01-01', 'month', 'Introduced'],
			['2026-02-10', 'day', 'Sent to committee']
		]);
	});

	it('hides a draft from anon and strangers, shows it to its author and a site admin', async () => {
		expect(await detailAs(ANON, 'detailville-mn-draft')).toBeNull();
		expect(await detailAs(stranger.claims, 'detailville-mn-draft')).toBeNull();
		expect(await database().as(ANON, (tx) => visibleResolutionId(tx, 'detailville-mn-draft'))).toBe(
			null
		);
		const asAuthor = await detailAs(author.claims, 'detailville-mn-draft');
		expect(asAuthor?.visibility).toBe('draft');
		expect(asAuthor?.events.map((e) => e.note)).toEqual(['Secret step']);
		expect((await detailAs(admin.claims, 'detailville-mn-draft'))?.id).toBe(draftId);
		expect(await detailAs(ANON, 'no-such-slug')).toBeNull();
	});

	it("lists a resolution's files only for those who may read them", async () => {
		const published = await resolutionDocuments(storageFor(ANON), publishedId);
		expect(published.map((d) => [d.name, d.contentType])).toEqual([
			['Resolution text.pdf', 'application/pdf']
		]);
		expect(published[0]?.file).toMatch(/^[0-9a-f-]{36}$/);
		expect(await resolutionDocuments(storageFor(ANON), draftId)).toEqual([]);
		expect(await resolutionDocuments(storageFor(stranger.claims), draftId)).toEqual([]);
		expect(await resolutionDocuments(storageFor(author.claims), draftId)).toHaveLength(1);
	});

	it('gives the JSON shape with links to the page, the feed and each file', async () => {
		const detail = await detailAs(ANON, 'detailville-mn-2026');
		if (!detail) throw new Error('missing');
		const documents = await resolutionDocuments(storageFor(ANON), publishedId);
		const body = toDetailJson(detail, documents, '<h3>Whereas</h3>', 'https://atlas.test');
		expect(body).toMatchObject({
			slug: 'detailville-mn-2026',
			url: 'https://atlas.test/resolutions/detailville-mn-2026',
			feed_url: 'https://atlas.test/resolutions/detailville-mn-2026/feed.atom',
			place: { state: 'MN', state_name: 'Minnesota' },
			votes: { for: 7, against: 2, abstain: 1 },
			text_html: '<h3>Whereas</h3>'
		});
		expect(body.events).toHaveLength(3);
		expect(body.documents[0]?.url).toBe(
			`https://atlas.test/resolutions/detailville-mn-2026/documents/${documents[0]?.file}`
		);
		expect(JSON.stringify(body)).not.toContain(publishedId);
	});
});
