import { randomUUID } from 'node:crypto';
import type { Tx } from '../../src/lib/server/db';
import { createCampaign } from '../helpers/campaigns';
import type { TestDatabase } from '../helpers/databases';
import {
	bucket,
	found,
	n,
	touched,
	y,
	type Cell,
	type Matrix,
	type People,
	createPeople
} from '../helpers/rls-matrix';

// What the public map shows: places, published resolutions and their events (history), templates and their
// versions, and the `resolution-files` objects. `lead` leads a published campaign and a draft,
// with `member` as their editor; `other` leads a campaign of their own; site admins curate.

export interface PublicFixture {
	publishedId: string;
	/** An event in the published resolution's history, recorded by its editor. */
	publishedEventId: string;
	draftId: string;
	/** The published campaign's place, created by the lead. */
	placeId: string;
	/** A place no resolution points at, created by the lead (so a delete is not stopped by a key). */
	sparePlaceId: string;
	publishedTemplateId: string;
	hiddenTemplateId: string;
	publishedVersionId: string;
	hiddenVersionId: string;
	publishedObject: string;
	draftObject: string;
}

const newTemplate = (tx: Tx, createdBy: string | undefined, published = false) =>
	tx
		.insertInto('templates')
		.values({
			slug: `matrix-${randomUUID().slice(0, 8)}`,
			body_type: 'city_council',
			language: 'en',
			kind: 'resolution',
			published,
			created_by: createdBy ?? randomUUID()
		})
		.returning('id')
		.executeTakeFirstOrThrow();

const newVersion = (tx: Tx, templateId: string, createdBy: string | undefined, version = 1) =>
	tx
		.insertInto('template_versions')
		.values({
			template_id: templateId,
			version,
			title: `Version ${version}`,
			body: '# {{title}}',
			variables: JSON.stringify([]),
			facts: JSON.stringify([]),
			reviewed_on: '2026-11-01',
			created_by: createdBy ?? randomUUID()
		})
		.returning('id')
		.executeTakeFirstOrThrow();

const selectById = async (tx: Tx, table: 'places' | 'resolutions' | 'templates', id: string) =>
	found(await tx.selectFrom(table).select('id').where('id', '=', id).execute());

const selectVersion = async (tx: Tx, id: string) =>
	found(await tx.selectFrom('template_versions').select('id').where('id', '=', id).execute());

const selectObject = async (tx: Tx, name: string) =>
	found(await tx.selectFrom('storage.objects').select('id').where('name', '=', name).execute());

const cells: Cell<PublicFixture>[] = [
	// places: anyone reads; anyone signed in adds one in their own name; its creator and site
	// admins rename it; only site admins delete one.
	{
		table: 'places',
		op: 'select',
		expected: [y, y, y, y, y, y],
		run: (tx, f) => selectById(tx, 'places', f.placeId)
	},
	{
		table: 'places',
		op: 'insert',
		variant: 'own',
		expected: [n, y, y, y, y, y],
		run: async (tx, _f, me) => {
			await tx
				.insertInto('places')
				.values({
					kind: 'city',
					name: `Matrix ${randomUUID().slice(0, 8)}`,
					state_code: 'WA',
					created_by: me?.id ?? null
				})
				.execute();
			return true;
		}
	},
	{
		table: 'places',
		op: 'update',
		variant: "the lead's",
		expected: [n, n, n, n, y, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('places')
					.set({ name: 'Renamed' })
					.where('id', '=', f.placeId)
					.execute()
			)
	},
	{
		table: 'places',
		op: 'delete',
		variant: "the lead's, unused",
		expected: [n, n, n, n, n, y],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('places').where('id', '=', f.sparePlaceId).execute())
	},

	// A published resolution: everyone reads it; its team and site admins edit it; only site
	// admins delete it (a lead deletes drafts only — see the campaigns area).
	{
		table: 'resolutions',
		op: 'select',
		variant: 'published',
		expected: [y, y, y, y, y, y],
		run: (tx, f) => selectById(tx, 'resolutions', f.publishedId)
	},
	{
		table: 'resolutions',
		op: 'update',
		variant: 'published',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolutions')
					.set({ title: 'Changed' })
					.where('id', '=', f.publishedId)
					.execute()
			)
	},
	{
		table: 'resolutions',
		op: 'delete',
		variant: 'published',
		expected: [n, n, n, n, n, y],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('resolutions').where('id', '=', f.publishedId).execute())
	},

	// A published resolution's history: everyone reads it; its team adds to it; only its lead or
	// a site admin corrects or deletes an entry (the record of what the council did).
	{
		table: 'resolution_events',
		op: 'select',
		variant: 'published',
		expected: [y, y, y, y, y, y],
		run: async (tx, f) =>
			found(
				await tx
					.selectFrom('resolution_events')
					.select('id')
					.where('id', '=', f.publishedEventId)
					.execute()
			)
	},
	{
		table: 'resolution_events',
		op: 'insert',
		variant: 'published',
		expected: [n, n, n, y, y, y],
		run: async (tx, f, me) => {
			await tx
				.insertInto('resolution_events')
				.values({
					resolution_id: f.publishedId,
					occurred_on: '2026-11-02',
					note: 'Voted',
					created_by: me?.id ?? null
				})
				.execute();
			return true;
		}
	},
	{
		table: 'resolution_events',
		op: 'update',
		variant: 'published',
		expected: [n, n, n, n, y, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolution_events')
					.set({ note: 'Corrected' })
					.where('id', '=', f.publishedEventId)
					.execute()
			)
	},
	{
		table: 'resolution_events',
		op: 'delete',
		variant: 'published',
		expected: [n, n, n, n, y, y],
		run: async (tx, f) =>
			touched(
				await tx.deleteFrom('resolution_events').where('id', '=', f.publishedEventId).execute()
			)
	},

	// templates: anyone reads published ones; site admins read all, add and change them; nobody
	// deletes one (a campaign may point at its versions).
	{
		table: 'templates',
		op: 'select',
		variant: 'published',
		expected: [y, y, y, y, y, y],
		run: (tx, f) => selectById(tx, 'templates', f.publishedTemplateId)
	},
	{
		table: 'templates',
		op: 'select',
		variant: 'unpublished',
		expected: [n, n, n, n, n, y],
		run: (tx, f) => selectById(tx, 'templates', f.hiddenTemplateId)
	},
	{
		table: 'templates',
		op: 'insert',
		variant: 'own',
		expected: [n, n, n, n, n, y],
		run: async (tx, _f, me) => Boolean(await newTemplate(tx, me?.id))
	},
	{
		table: 'templates',
		op: 'update',
		variant: 'publish',
		expected: [n, n, n, n, n, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('templates')
					.set({ published: true })
					.where('id', '=', f.hiddenTemplateId)
					.execute()
			)
	},
	{
		table: 'templates',
		op: 'delete',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('templates').where('id', '=', f.hiddenTemplateId).execute())
	},

	// template_versions: read like their template; site admins add new ones; nobody rewrites or
	// deletes one.
	{
		table: 'template_versions',
		op: 'select',
		variant: 'published',
		expected: [y, y, y, y, y, y],
		run: (tx, f) => selectVersion(tx, f.publishedVersionId)
	},
	{
		table: 'template_versions',
		op: 'select',
		variant: 'unpublished',
		expected: [n, n, n, n, n, y],
		run: (tx, f) => selectVersion(tx, f.hiddenVersionId)
	},
	{
		table: 'template_versions',
		op: 'insert',
		variant: 'own',
		expected: [n, n, n, n, n, y],
		run: async (tx, f, me) => Boolean(await newVersion(tx, f.publishedTemplateId, me?.id, 2))
	},
	{
		table: 'template_versions',
		op: 'update',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('template_versions')
					.set({ title: 'Rewritten' })
					.where('id', '=', f.publishedVersionId)
					.execute()
			)
	},
	{
		table: 'template_versions',
		op: 'delete',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) =>
			touched(
				await tx.deleteFrom('template_versions').where('id', '=', f.hiddenVersionId).execute()
			)
	},

	// resolution-files: anyone reads a published resolution's files (by name: the bucket is not
	// public, so there is no listing by URL); the team and site admins read, add and remove a
	// draft's; an object is never rewritten.
	{
		table: bucket('resolution-files'),
		op: 'select',
		variant: 'published',
		expected: [y, y, y, y, y, y],
		run: (tx, f) => selectObject(tx, f.publishedObject)
	},
	{
		table: bucket('resolution-files'),
		op: 'select',
		variant: 'draft',
		expected: [n, n, n, y, y, y],
		run: (tx, f) => selectObject(tx, f.draftObject)
	},
	{
		table: bucket('resolution-files'),
		op: 'insert',
		variant: 'draft',
		expected: [n, n, n, y, y, y],
		run: async (tx, f, me) => {
			await tx
				.insertInto('storage.objects')
				.values({
					bucket_id: 'resolution-files',
					name: `${f.draftId}/${randomUUID()}`,
					owner_id: me?.id ?? null
				})
				.execute();
			return true;
		}
	},
	{
		table: bucket('resolution-files'),
		op: 'update',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('storage.objects')
					.set({ metadata: JSON.stringify({ changed: true }) })
					.where('name', '=', f.publishedObject)
					.execute()
			)
	},
	{
		table: bucket('resolution-files'),
		op: 'delete',
		variant: 'draft',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('storage.objects').where('name', '=', f.draftObject).execute())
	}
];

async function setup(d: TestDatabase): Promise<{ people: People; fixture: PublicFixture }> {
	const people = await createPeople(d, 'editor');
	const { lead, member, admin } = people;
	await createCampaign(d, people.other, { publish: true });
	const published = await createCampaign(d, lead, { editor: member, publish: true });
	const draft = await createCampaign(d, lead, { editor: member });
	const places = await d.as(lead.claims, async (tx) => {
		const spare = await tx
			.insertInto('places')
			.values({ kind: 'county', name: 'Spare County', state_code: 'WA', created_by: lead.id })
			.returning('id')
			.executeTakeFirstOrThrow();
		const own = await tx
			.selectFrom('resolutions')
			.select('place_id')
			.where('id', '=', published.id)
			.executeTakeFirstOrThrow();
		return { placeId: own.place_id, sparePlaceId: spare.id };
	});
	const templates = await d.as(admin.claims, async (tx) => {
		const publishedTemplateId = (await newTemplate(tx, admin.id, true)).id;
		const hiddenTemplateId = (await newTemplate(tx, admin.id)).id;
		return {
			publishedTemplateId,
			hiddenTemplateId,
			publishedVersionId: (await newVersion(tx, publishedTemplateId, admin.id)).id,
			hiddenVersionId: (await newVersion(tx, hiddenTemplateId, admin.id)).id
		};
	});
	const event = await d.as(member.claims, (tx) =>
		tx
			.insertInto('resolution_events')
			.values({
				resolution_id: published.id,
				occurred_on: '2026-10-20',
				note: 'Introduced',
				created_by: member.id
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	);
	const publishedObject = `${published.id}/${randomUUID()}`;
	const draftObject = `${draft.id}/${randomUUID()}`;
	await d.db
		.insertInto('storage.objects')
		.values([publishedObject, draftObject].map((name) => ({ bucket_id: 'resolution-files', name })))
		.execute();
	return {
		people,
		fixture: {
			publishedId: published.id,
			publishedEventId: event.id,
			draftId: draft.id,
			...places,
			...templates,
			publishedObject,
			draftObject
		}
	};
}

export const publicMatrix: Matrix<PublicFixture> = {
	name: 'public',
	roles: 'other = lead of another campaign, member = editor of the campaigns, lead = their lead',
	setup,
	cells
};
