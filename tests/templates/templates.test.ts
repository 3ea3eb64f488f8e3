import { beforeAll, describe, expect, it } from 'vitest';
import { ANON } from '../../src/lib/server/db';
import { seedTemplates } from '../../src/lib/server/db';
import { startCampaign } from '../../src/lib/server/campaigns/start';
import {
	addVersion,
	getTemplate,
	listTemplates,
	resolutionIdsForTemplate,
	setPublished
} from '../../src/lib/server/templates/templates';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

const SLUG = 'city-council-resolution-en';

describe.each(ENGINES)('templates module (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let admin: Persona, organizer: Persona;

	beforeAll(async () => {
		const d = database();
		await seedTemplates(d.engine);
		[admin, organizer] = await Promise.all([
			createPersona(d, 'admin', { siteAdmin: true }),
			createPersona(d, 'organizer')
		]);
	});

	it('lists the library with filters', async () => {
		const all = await database().as(ANON, (tx) =>
			listTemplates(tx, { body_type: [], language: [], kind: [] })
		);
		expect(all).toHaveLength(14);
		expect(all.every((t) => t.version === 1 && t.used_by === 0)).toBe(true);
		const spanishLetters = await database().as(ANON, (tx) =>
			listTemplates(tx, { body_type: [], language: ['es'], kind: ['letter'] })
		);
		expect(spanishLetters.map((t) => t.slug).sort()).toEqual([
			'council-member-letter-es',
			'school-board-member-letter-es'
		]);
	});

	it('an edit makes a new version; a campaign keeps the one it started from', async () => {
		const d = database();
		const before = await d.as(ANON, (tx) => getTemplate(tx, SLUG));
		if (!before) throw new Error('seeded template missing');
		const v1 = before.latest;

		const campaign = await d.as(organizer.claims, (tx) =>
			startCampaign(tx, organizer.id, {
				place: { place_name: 'Riverton', place_kind: 'city', place_state: 'WY' },
				templateVersionId: v1.id,
				title: 'A Resolution Welcoming Refugees to Riverton',
				text: '# A Resolution Welcoming Refugees to Riverton',
				values: { community_name: 'Riverton' }
			})
		);
		expect(campaign?.slug).toMatch(/^riverton-wy-draft-[0-9a-f]{8}$/);

		// Organizers cannot add versions; admins can.
		await expect(
			d.as(organizer.claims, (tx) =>
				addVersion(tx, before.id, organizer.id, { ...v1, title: 'Hijacked' })
			)
		).rejects.toMatchObject({ code: '42501' });
		const version = await d.as(admin.claims, (tx) =>
			addVersion(tx, before.id, admin.id, {
				...v1,
				title: `${v1.title} (revised)`,
				change_note: 'Shorter title'
			})
		);
		expect(version).toBe(2);

		const after = await d.as(ANON, (tx) => getTemplate(tx, SLUG));
		expect(after?.latest.version).toBe(2);
		expect(after?.history.map((h) => [h.version, h.change_note])).toEqual([
			[2, 'Shorter title'],
			[1, 'First version, written for Welcome Atlas.']
		]);
		const draft = await d.as(organizer.claims, (tx) =>
			tx
				.selectFrom('resolutions')
				.select(['template_version_id', 'visibility', 'provenance', 'template_values'])
				.where('slug', '=', campaign?.slug ?? '')
				.executeTakeFirstOrThrow()
		);
		expect(draft).toEqual({
			template_version_id: v1.id,
			visibility: 'draft',
			provenance: 'organizer',
			template_values: { community_name: 'Riverton' }
		});

		// A draft is not "used by" in public; once published it counts and the map can find it.
		expect(await d.as(ANON, (tx) => resolutionIdsForTemplate(tx, SLUG))).toEqual([]);
		await d.as(organizer.claims, (tx) =>
			tx
				.updateTable('resolutions')
				.set({ visibility: 'published' })
				.where('slug', '=', campaign?.slug ?? '')
				.execute()
		);
		expect(await d.as(ANON, (tx) => resolutionIdsForTemplate(tx, SLUG))).toEqual([campaign?.id]);
		expect((await d.as(ANON, (tx) => getTemplate(tx, SLUG)))?.used_by).toBe(1);
	});

	it('an unpublished template disappears for the public, not for admins', async () => {
		const d = database();
		const template = await d.as(admin.claims, (tx) => getTemplate(tx, 'university-resolution-es'));
		await d.as(admin.claims, (tx) => setPublished(tx, template?.id ?? '', false));
		expect(await d.as(ANON, (tx) => getTemplate(tx, 'university-resolution-es'))).toBeUndefined();
		expect(
			(await d.as(admin.claims, (tx) => getTemplate(tx, 'university-resolution-es')))?.published
		).toBe(false);
	});
});
