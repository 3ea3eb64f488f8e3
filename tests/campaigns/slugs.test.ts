import { beforeAll, describe, expect, it } from 'vitest';
import { ANON } from '../../src/lib/server/db';
import { setVisibility } from '../../src/lib/server/campaigns/campaigns';
import { startCampaign } from '../../src/lib/server/campaigns/start';
import { publishedAddressOf } from '../../src/lib/server/resolutions/detail';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

describe.each(ENGINES)('a published campaign’s address (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let lead: Persona;
	const year = new Date().getUTCFullYear();

	beforeAll(async () => {
		lead = await createPersona(database(), 'slug-lead');
	});

	const start = () =>
		database().as(lead.claims, async (tx) => {
			const started = await startCampaign(tx, lead.id, {
				place: { place_name: 'Larchmont', place_kind: 'city', place_state: 'NY' }
			});
			if (!started) throw new Error('not started');
			return started;
		});
	const slugOf = (id: string) =>
		database()
			.db.selectFrom('resolutions')
			.select('slug')
			.where('id', '=', id)
			.executeTakeFirstOrThrow()
			.then((row) => row.slug);

	it('drops "draft" when published, keeps it through unpublishing, and redirects', async () => {
		const d = database();
		const first = await start();
		expect(first.slug).toBe(`larchmont-ny-draft-${first.id.slice(0, 8)}`);
		await d.as(lead.claims, (tx) => setVisibility(tx, first.id, 'published'));
		expect(await slugOf(first.id)).toBe(`larchmont-ny-${year}`);
		// The old address leads there, for anyone.
		expect(await d.as(ANON, (tx) => publishedAddressOf(tx, first.slug))).toBe(
			`larchmont-ny-${year}`
		);
		// Back to draft and published again: the public address stays.
		await d.as(lead.claims, (tx) => setVisibility(tx, first.id, 'draft'));
		await d.as(lead.claims, (tx) => setVisibility(tx, first.id, 'published'));
		expect(await slugOf(first.id)).toBe(`larchmont-ny-${year}`);

		// A second campaign for the same place that year keeps its id's suffix.
		const second = await start();
		expect(await d.as(ANON, (tx) => publishedAddressOf(tx, second.slug))).toBeNull();
		await d.as(lead.claims, (tx) => setVisibility(tx, second.id, 'published'));
		expect(await slugOf(second.id)).toBe(`larchmont-ny-${year}-${second.id.slice(0, 8)}`);
	});

	it('a draft is not found by its address by anyone else', async () => {
		const draft = await start();
		expect(await database().as(ANON, (tx) => publishedAddressOf(tx, draft.slug))).toBeNull();
	});
});
