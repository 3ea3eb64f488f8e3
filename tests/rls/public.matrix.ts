import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../src/lib/server/db';
import { createCampaign } from '../helpers/campaigns';
import type { TestDatabase } from '../helpers/databases';
import {
	bucket,
	deleteObject,
	forgery,
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
// Places belong to the site (public, admins change them) or to the user who added them (private
// to them and their campaigns' teams) until a resolution using them is published.

export interface PublicFixture {
	publishedId: string;
	/** An event in the published resolution's history, recorded by its editor. */
	publishedEventId: string;
	draftId: string;
	/** The published campaign's place: added by the lead, the site's since the publication. */
	placeId: string;
	/** The draft's place: added by the lead, still theirs. */
	draftPlaceId: string;
	/** A place no resolution points at, added by the lead (so a delete is not stopped by a key). */
	sparePlaceId: string;
	/** A site place no resolution points at. */
	siteSparePlaceId: string;
	/** Someone a forger would like to write in as author: `other`. */
	victimId: string;
	publishedTemplateId: string;
	hiddenTemplateId: string;
	publishedVersionId: string;
	hiddenVersionId: string;
	publishedObject: string;
	draftObject: string;
}

// What a client sends: who and when are the database's to fill in.
const newTemplate = (tx: Tx, published = false) =>
	tx
		.insertInto('templates')
		.values({
			slug: `matrix-${randomUUID().slice(0, 8)}`,
			body_type: 'city_council',
			language: 'en',
			kind: 'resolution',
			published
		})
		.returning('id')
		.executeTakeFirstOrThrow();

const newVersion = (tx: Tx, templateId: string, version = 1, title = `Version ${version}`) =>
	tx
		.insertInto('template_versions')
		.values({
			template_id: templateId,
			version,
			title,
			body: '# {{title}}',
			variables: JSON.stringify([]),
			facts: JSON.stringify([]),
			reviewed_on: '2026-11-01'
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
	// places: anyone reads the site's; a user's place is theirs, their campaigns' teams' and site
	// admins' to read, and theirs (and site admins') to change or delete; anyone signed in adds one,
	// which is theirs (a site admin's is the site's).
	{
		table: 'places',
		op: 'select',
		variant: "the site's",
		expected: [y, y, y, y, y, y],
		run: (tx, f) => selectById(tx, 'places', f.placeId)
	},
	{
		table: 'places',
		op: 'select',
		variant: "a draft's, the lead's",
		expected: [n, n, n, y, y, y],
		run: (tx, f) => selectById(tx, 'places', f.draftPlaceId)
	},
	{
		table: 'places',
		op: 'select',
		variant: "the lead's, unused",
		expected: [n, n, n, n, y, y],
		run: (tx, f) => selectById(tx, 'places', f.sparePlaceId)
	},
	{
		table: 'places',
		op: 'insert',
		variant: 'own',
		expected: [n, y, y, y, y, y],
		run: async (tx) => {
			await tx
				.insertInto('places')
				.values({ kind: 'city', name: `Matrix ${randomUUID().slice(0, 8)}`, state_code: 'WA' })
				.execute();
			return true;
		}
	},
	forgery<PublicFixture>({
		table: 'places',
		op: 'insert',
		variant: 'forged created_by',
		write: (tx, f) =>
			tx
				.insertInto('places')
				.values({ kind: 'city', name: 'Forged Falls', state_code: 'WA', created_by: f.victimId })
				.execute(),
		stuck: async (owner, f) =>
			found(
				await owner
					.selectFrom('places')
					.select('id')
					.where('name', '=', 'Forged Falls')
					.where('created_by', '=', f.victimId)
					.execute()
			)
	}),
	forgery<PublicFixture>({
		// Squatting: a client's place claimed for the site (claimed_by null) from the start.
		table: 'places',
		op: 'insert',
		variant: "forged claimed_by: the site's",
		write: (tx) =>
			tx
				.insertInto('places')
				.values({ kind: 'city', name: 'Squat City', state_code: 'WA', claimed_by: null })
				.execute(),
		stuck: async (owner, _f, me) =>
			// A site admin's place is the site's anyway: only a claim the caller could not make counts.
			me !== null &&
			found(
				await owner
					.selectFrom('places')
					.select('id')
					.where('name', '=', 'Squat City')
					.where('claimed_by', 'is', null)
					.where('created_by', '=', me.id)
					.execute()
			) &&
			!(await isSiteAdmin(owner, me.id))
	}),
	{
		table: 'places',
		op: 'update',
		variant: "the site's",
		expected: [n, n, n, n, n, y],
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
		op: 'update',
		variant: "the lead's",
		expected: [n, n, n, n, y, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('places')
					.set({ name: 'Renamed' })
					.where('id', '=', f.sparePlaceId)
					.execute()
			)
	},
	forgery<PublicFixture>({
		// Handing one's own place to the site is the publication's, never a client's.
		table: 'places',
		op: 'update',
		variant: "forged claimed_by: the lead's made the site's",
		write: (tx, f) =>
			tx.updateTable('places').set({ claimed_by: null }).where('id', '=', f.sparePlaceId).execute(),
		stuck: async (owner, f) =>
			found(
				await owner
					.selectFrom('places')
					.select('id')
					.where('id', '=', f.sparePlaceId)
					.where('claimed_by', 'is', null)
					.execute()
			)
	}),
	{
		table: 'places',
		op: 'delete',
		variant: "the lead's, unused",
		expected: [n, n, n, n, y, y],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('places').where('id', '=', f.sparePlaceId).execute())
	},
	{
		table: 'places',
		op: 'delete',
		variant: "the site's, unused",
		expected: [n, n, n, n, n, y],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('places').where('id', '=', f.siteSparePlaceId).execute())
	},

	// A published resolution: everyone reads it; its team and site admins edit its content; only
	// site admins set its trust or outcome directly (a team moves it through its pipeline with
	// private.move_resolution) or delete it (a lead deletes drafts only — see the campaigns area).
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
		op: 'update',
		variant: 'published: status',
		expected: [n, n, n, n, n, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolutions')
					.set({ status: 'adopted' })
					.where('id', '=', f.publishedId)
					.execute()
			)
	},
	forgery<PublicFixture>({
		// A team's `verified` is kept as it was (overwritten); a site admin's stands.
		table: 'resolutions',
		op: 'update',
		variant: 'published: forged verified',
		expected: [n, n, n, n, n, y],
		write: (tx, f) =>
			tx
				.updateTable('resolutions')
				.set({ verified: true })
				.where('id', '=', f.publishedId)
				.execute(),
		stuck: async (owner, f) =>
			found(
				await owner
					.selectFrom('resolutions')
					.select('id')
					.where('id', '=', f.publishedId)
					.where('verified', '=', true)
					.execute()
			)
	}),
	{
		table: 'resolutions',
		op: 'delete',
		variant: 'published',
		expected: [n, n, n, n, n, y],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('resolutions').where('id', '=', f.publishedId).execute())
	},

	// A published resolution's history: everyone reads it; its team adds to it (notes, dates and
	// sources: an outcome or stage is the pipeline's); only its lead or a site admin corrects or
	// deletes an entry (the record of what the council did).
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
		run: async (tx, f) => {
			await tx
				.insertInto('resolution_events')
				.values({ resolution_id: f.publishedId, occurred_on: '2026-11-02', note: 'Voted' })
				.execute();
			return true;
		}
	},
	forgery<PublicFixture>({
		// A team's event records no outcome or stage (set to null); a site admin's may.
		table: 'resolution_events',
		op: 'insert',
		variant: 'published: forged status and stage',
		expected: [n, n, n, n, n, y],
		write: (tx, f) =>
			tx
				.insertInto('resolution_events')
				.values({
					resolution_id: f.publishedId,
					occurred_on: '2026-11-02',
					note: 'Adopted, says who',
					status: 'adopted',
					stage: 'adopted'
				})
				.execute(),
		stuck: async (owner, f) =>
			found(
				await owner
					.selectFrom('resolution_events')
					.select('id')
					.where('resolution_id', '=', f.publishedId)
					.where('note', '=', 'Adopted, says who')
					.where('status', '=', 'adopted')
					.execute()
			)
	}),
	forgery<PublicFixture>({
		table: 'resolution_events',
		op: 'insert',
		variant: 'published: forged created_by and created_at',
		write: (tx, f) =>
			tx
				.insertInto('resolution_events')
				.values({
					resolution_id: f.publishedId,
					occurred_on: '2026-11-02',
					note: 'Backdated',
					created_by: f.victimId,
					created_at: new Date('2020-01-01')
				})
				.execute(),
		stuck: async (owner, f) =>
			found(
				await owner
					.selectFrom('resolution_events')
					.select('id')
					.where('note', '=', 'Backdated')
					.where((eb) =>
						eb.or([
							eb('created_by', '=', f.victimId),
							eb('created_at', '<', new Date('2021-01-01'))
						])
					)
					.execute()
			)
	}),
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
		run: async (tx) => Boolean(await newTemplate(tx))
	},
	forgery<PublicFixture>({
		table: 'templates',
		op: 'insert',
		variant: 'forged created_by',
		write: (tx, f) =>
			tx
				.insertInto('templates')
				.values({
					slug: 'forged-author',
					body_type: 'city_council',
					language: 'en',
					created_by: f.victimId
				})
				.execute(),
		stuck: async (owner, f) =>
			found(
				await owner
					.selectFrom('templates')
					.select('id')
					.where('slug', '=', 'forged-author')
					.where('created_by', '=', f.victimId)
					.execute()
			)
	}),
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
		run: async (tx, f) => Boolean(await newVersion(tx, f.publishedTemplateId, 2))
	},
	forgery<PublicFixture>({
		// The number is the next one for its template, whatever a client sends (admins included).
		table: 'template_versions',
		op: 'insert',
		variant: 'forged version number',
		write: (tx, f) => newVersion(tx, f.publishedTemplateId, 1, 'A second version 1'),
		stuck: async (owner, f) =>
			found(
				await owner
					.selectFrom('template_versions')
					.select('id')
					.where('template_id', '=', f.publishedTemplateId)
					.where('title', '=', 'A second version 1')
					.where('version', '=', 1)
					.execute()
			)
	}),
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
		run: async (tx, f) => touched(await deleteObject(tx, 'resolution-files', f.draftObject))
	}
];

async function isSiteAdmin(owner: Tx, userId: string): Promise<boolean> {
	const { rows } = await sql<{ admin: boolean }>`
		select exists (select 1 from private.site_admins where user_id = ${userId}) as admin
	`.execute(owner);
	return rows[0]?.admin ?? false;
}

async function setup(d: TestDatabase): Promise<{ people: People; fixture: PublicFixture }> {
	const people = await createPeople(d, 'editor');
	const { lead, member, admin } = people;
	await createCampaign(d, people.other, { publish: true });
	const published = await createCampaign(d, lead, { editor: member, publish: true });
	const draft = await createCampaign(d, lead, { editor: member });
	const places = await d.as(lead.claims, async (tx) => {
		const spare = await tx
			.insertInto('places')
			.values({ kind: 'county', name: 'Spare County', state_code: 'WA' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const placeOf = async (id: string) =>
			(
				await tx
					.selectFrom('resolutions')
					.select('place_id')
					.where('id', '=', id)
					.executeTakeFirstOrThrow()
			).place_id;
		return {
			placeId: await placeOf(published.id),
			draftPlaceId: await placeOf(draft.id),
			sparePlaceId: spare.id
		};
	});
	const siteSpare = await d.db
		.insertInto('places')
		.values({ kind: 'county', name: 'Site Spare County', state_code: 'WA' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const templates = await d.as(admin.claims, async (tx) => {
		const publishedTemplateId = (await newTemplate(tx, true)).id;
		const hiddenTemplateId = (await newTemplate(tx)).id;
		return {
			publishedTemplateId,
			hiddenTemplateId,
			publishedVersionId: (await newVersion(tx, publishedTemplateId)).id,
			hiddenVersionId: (await newVersion(tx, hiddenTemplateId)).id
		};
	});
	const event = await d.as(member.claims, (tx) =>
		tx
			.insertInto('resolution_events')
			.values({ resolution_id: published.id, occurred_on: '2026-10-20', note: 'Introduced' })
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
			siteSparePlaceId: siteSpare.id,
			victimId: people.other.id,
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
