import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, type Tx } from '../../src/lib/server/db';
import { PLATFORM_ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { denied } from '../helpers/rls-matrix';

// Beyond the matrix (tests/rls/public.matrix.ts): the finer rules, persona by persona.
// Personas: anon, organizer (signed in, not an admin), admin. Every allow has a deny.

describe.each(PLATFORM_ENGINES)('RLS on templates and their versions (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let organizer: Persona, admin: Persona;
	let publishedId: string, hiddenId: string, publishedVersionId: string, hiddenVersionId: string;

	// What a client sends: who wrote it and when are the database's. `extra` adds columns a
	// forger would send.
	const newTemplate = (
		tx: Tx,
		slug: string,
		published = false,
		extra: Record<string, unknown> = {}
	) =>
		tx
			.insertInto('templates')
			.values({
				slug,
				body_type: 'city_council',
				language: 'en',
				kind: 'resolution',
				published,
				...extra
			})
			.returning('id')
			.executeTakeFirstOrThrow();

	const newVersion = (
		tx: Tx,
		templateId: string,
		version = 1,
		extra: Record<string, unknown> = {}
	) =>
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
				...extra
			})
			.returning('id')
			.executeTakeFirstOrThrow();

	beforeAll(async () => {
		const d = database();
		[organizer, admin] = await Promise.all([
			createPersona(d, 'organizer'),
			createPersona(d, 'admin', { siteAdmin: true })
		]);
		await d.as(admin.claims, async (tx) => {
			publishedId = (await newTemplate(tx, 'published-one', true)).id;
			hiddenId = (await newTemplate(tx, 'hidden-one')).id;
			publishedVersionId = (await newVersion(tx, publishedId)).id;
			hiddenVersionId = (await newVersion(tx, hiddenId)).id;
		});
	});

	const visible = (tx: Tx) =>
		Promise.all([
			tx.selectFrom('templates').select('slug').orderBy('slug').execute(),
			tx
				.selectFrom('template_versions')
				.innerJoin('templates', 'templates.id', 'template_versions.template_id')
				.select('templates.slug')
				.orderBy('templates.slug')
				.execute()
		]).then(([templates, versions]) => ({
			templates: templates.map((row) => row.slug),
			versions: versions.map((row) => row.slug)
		}));

	it('anon and organizers read published templates and their versions only', async () => {
		const d = database();
		const expected = { templates: ['published-one'], versions: ['published-one'] };
		expect(await d.as(ANON, visible)).toEqual(expected);
		expect(await d.as(organizer.claims, visible)).toEqual(expected);
	});

	it('admins read unpublished templates too', async () => {
		expect(await database().as(admin.claims, visible)).toEqual({
			templates: ['hidden-one', 'published-one'],
			versions: ['hidden-one', 'published-one']
		});
	});

	it('anon writes nothing', async () => {
		const d = database();
		await denied(d.as(ANON, (tx) => newTemplate(tx, 'anon-try')));
		await denied(d.as(ANON, (tx) => newVersion(tx, publishedId, 2)));
		await denied(
			d.as(ANON, (tx) =>
				tx
					.updateTable('templates')
					.set({ published: false })
					.where('id', '=', publishedId)
					.execute()
			)
		);
	});

	it('organizers cannot add, edit or version a template', async () => {
		const d = database();
		await denied(d.as(organizer.claims, (tx) => newTemplate(tx, 'organizer-try')));
		await denied(d.as(organizer.claims, (tx) => newVersion(tx, publishedId, 2)));
		const updated = await d.as(organizer.claims, (tx) =>
			tx
				.updateTable('templates')
				.set({ published: false })
				.where('id', '=', publishedId)
				.executeTakeFirst()
		);
		expect(updated.numUpdatedRows).toBe(0n);
	});

	it('admins add templates and versions, in their own name only', async () => {
		const d = database();
		// Who wrote it and when are the database's: sending them is refused.
		await denied(
			d.as(admin.claims, (tx) =>
				newTemplate(tx, 'impersonated', false, { created_by: organizer.id })
			)
		);
		await denied(
			d.as(admin.claims, (tx) => newVersion(tx, publishedId, 2, { created_by: organizer.id }))
		);
		await denied(
			d.as(admin.claims, (tx) =>
				newVersion(tx, publishedId, 2, { created_at: new Date('2020-01-01') })
			)
		);
		const version = await d.as(admin.claims, (tx) => newVersion(tx, publishedId, 2));
		const row = await d.db
			.selectFrom('template_versions')
			.select(['created_by', 'version'])
			.where('id', '=', version.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ created_by: admin.id, version: 2 });
		const updated = await d.as(admin.claims, (tx) =>
			tx
				.updateTable('templates')
				.set({ published: true })
				.where('id', '=', hiddenId)
				.executeTakeFirst()
		);
		expect(updated.numUpdatedRows).toBe(1n);
		await d.as(admin.claims, (tx) =>
			tx.updateTable('templates').set({ published: false }).where('id', '=', hiddenId).execute()
		);
	});

	it('nobody edits or deletes a version, not even an admin or the owner', async () => {
		const d = database();
		// No update or delete privilege at all for the API roles.
		await denied(
			d.as(admin.claims, (tx) =>
				tx
					.updateTable('template_versions')
					.set({ title: 'rewritten' })
					.where('id', '=', publishedVersionId)
					.execute()
			)
		);
		await denied(
			d.as(admin.claims, (tx) =>
				tx.deleteFrom('template_versions').where('id', '=', publishedVersionId).execute()
			)
		);
		await denied(
			d.as(admin.claims, (tx) => tx.deleteFrom('templates').where('id', '=', hiddenId).execute())
		);
		// And the trigger stops the owner's connection too.
		await expect(
			d.db
				.updateTable('template_versions')
				.set({ body: 'rewritten' })
				.where('id', '=', publishedVersionId)
				.execute()
		).rejects.toThrow(/immutable/);
		await expect(
			d.db.deleteFrom('template_versions').where('id', '=', publishedVersionId).execute()
		).rejects.toThrow(/immutable|foreign key/);
	});

	it("a version's number is the next one for its template, whatever a client sends", async () => {
		const d = database();
		const version = await d.as(admin.claims, (tx) => newVersion(tx, publishedId, 1));
		const [latest] = (
			await sql<{ n: number }>`select max(version)::int as n from public.template_versions
				where template_id = ${publishedId}`.execute(d.db)
		).rows;
		const row = await d.db
			.selectFrom('template_versions')
			.select('version')
			.where('id', '=', version.id)
			.executeTakeFirstOrThrow();
		expect(row.version).toBe(latest?.n);
		expect(row.version).toBeGreaterThan(1);
		// And the number stays unique per template for the owner's connection too.
		await expect(
			d.db
				.insertInto('template_versions')
				.values({
					template_id: publishedId,
					version: 1,
					title: 'Twin',
					body: 'x',
					reviewed_on: '2026-11-01'
				})
				.execute()
		).rejects.toMatchObject({ code: '23505' });
	});

	it("a template's slug is its address: set once", async () => {
		const d = database();
		// Not the client's to change (no grant); and were it granted, the trigger keeps it.
		await denied(
			d.as(admin.claims, (tx) =>
				tx.updateTable('templates').set({ slug: 'moved' }).where('id', '=', hiddenId).execute()
			)
		);
		const row = await d.db
			.selectFrom('templates')
			.select('slug')
			.where('id', '=', hiddenId)
			.executeTakeFirstOrThrow();
		expect(row.slug).toBe('hidden-one');
	});

	it('variables and facts must be JSON arrays', async () => {
		await expect(
			database().as(admin.claims, (tx) =>
				tx
					.insertInto('template_versions')
					.values({
						template_id: publishedId,
						version: 9,
						title: 'x',
						body: 'x',
						variables: JSON.stringify({ not: 'an array' }),
						reviewed_on: '2026-11-01'
					})
					.execute()
			)
		).rejects.toMatchObject({ code: '23514' });
	});

	it("deleting an admin's account keeps their versions, without an author", async () => {
		const d = database();
		const other = await createPersona(d, 'leaving-admin', { siteAdmin: true });
		const { id } = await d.as(other.claims, (tx) =>
			newVersion(tx, publishedId, 3, { title: 'By a leaving admin' })
		);
		await d.db.deleteFrom('auth.users').where('id', '=', other.id).execute();
		const row = await d.db
			.selectFrom('template_versions')
			.select(['created_by', 'title'])
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ created_by: null, title: 'By a leaving admin' });
	});

	it('an organizer starts a draft campaign linked to a published version only', async () => {
		const d = database();
		const place = await d.as(organizer.claims, (tx) =>
			tx
				.insertInto('places')
				.values({ kind: 'city', name: 'Templeton', state_code: 'MA' })
				.returning('id')
				.executeTakeFirstOrThrow()
		);
		const start = (slug: string, versionId: string) =>
			d.as(organizer.claims, (tx) =>
				tx
					.insertInto('resolutions')
					.values({
						slug,
						place_id: place.id,
						title: 'A campaign',
						template_version_id: versionId,
						template_values: JSON.stringify({ city: 'Templeton' })
					})
					.returning(['visibility', 'template_version_id'])
					.executeTakeFirstOrThrow()
			);
		// An unpublished template's text is not the organizer's to see, nor to start from.
		await denied(start('templeton-hidden', hiddenVersionId));
		const draft = await start('templeton-campaign', publishedVersionId);
		expect(draft).toEqual({ visibility: 'draft', template_version_id: publishedVersionId });
		const [row] = (
			await sql<{ n: number }>`select count(*)::int as n from public.resolutions
				where template_version_id = ${publishedVersionId}`.execute(d.db)
		).rows;
		expect(row?.n).toBe(1);
		// Nor may the draft move to it later.
		await denied(
			d.as(organizer.claims, (tx) =>
				tx
					.updateTable('resolutions')
					.set({ template_version_id: hiddenVersionId })
					.where('slug', '=', 'templeton-campaign')
					.execute()
			)
		);
	});
});
