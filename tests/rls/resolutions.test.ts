import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, type Tx } from '../../src/lib/server/db';
import { PLATFORM_ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { denied } from '../helpers/rls-matrix';

// Beyond the matrix (tests/rls/public.matrix.ts): the finer rules, persona by persona.
// Personas: anon, stranger (signed in, no relation), author, admin. Every allow has a deny. The
// author starts campaigns as the app does: a draft (they lead it), published by them as its lead.

describe.each(PLATFORM_ENGINES)('RLS on places, resolutions and their events (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let author: Persona, stranger: Persona, admin: Persona;
	let placeId: string, publishedId: string, draftId: string;

	const newResolution = (tx: Tx, slug: string, values: Record<string, unknown> = {}) =>
		tx
			.insertInto('resolutions')
			.values({ slug, place_id: placeId, title: `Resolution ${slug}`, ...values })
			.returning('id')
			.executeTakeFirstOrThrow();

	beforeAll(async () => {
		const d = database();
		[author, stranger, admin] = await Promise.all([
			createPersona(d, 'author'),
			createPersona(d, 'stranger'),
			createPersona(d, 'admin', { siteAdmin: true })
		]);
		placeId = (
			await d.as(author.claims, (tx) =>
				tx
					.insertInto('places')
					.values({ kind: 'city', name: 'Testville', state_code: 'MN' })
					.returning('id')
					.executeTakeFirstOrThrow()
			)
		).id;
		publishedId = (await d.as(author.claims, (tx) => newResolution(tx, 'testville-published'))).id;
		draftId = (await d.as(author.claims, (tx) => newResolution(tx, 'testville-draft'))).id;
		await d.as(author.claims, (tx) =>
			tx
				.insertInto('resolution_events')
				.values([
					{ resolution_id: publishedId, occurred_on: '2026-01-05', note: 'Introduced' },
					{ resolution_id: draftId, occurred_on: '2026-01-06', note: 'Drafted' }
				])
				.execute()
		);
		// Published by its lead; Testville becomes the site's.
		await d.as(author.claims, (tx) =>
			tx
				.updateTable('resolutions')
				.set({ visibility: 'published' })
				.where('id', '=', publishedId)
				.execute()
		);
	});

	const visibleSlugs = (tx: Tx) =>
		tx
			.selectFrom('resolutions')
			.select('slug')
			.orderBy('slug')
			.execute()
			.then((rows) => rows.map((r) => r.slug));
	const visibleEvents = (tx: Tx) =>
		tx
			.selectFrom('resolution_events')
			.select('note')
			.orderBy('note')
			.execute()
			.then((rows) => rows.map((r) => r.note));

	describe('anon', () => {
		it('reads published resolutions and their events, never drafts', async () => {
			const d = database();
			expect(await d.as(ANON, visibleSlugs)).toEqual(['testville-published']);
			expect(await d.as(ANON, visibleEvents)).toEqual(['Introduced']);
		});
		it('reads places', async () => {
			const places = await database().as(ANON, (tx) =>
				tx.selectFrom('places').select('name').execute()
			);
			expect(places.map((p) => p.name)).toContain('Testville');
		});
		it('cannot write anything', async () => {
			const d = database();
			await denied(d.as(ANON, (tx) => newResolution(tx, 'anon-try')));
			await denied(
				d.as(ANON, (tx) =>
					tx.insertInto('places').values({ kind: 'city', name: 'X', state_code: 'MN' }).execute()
				)
			);
			await denied(
				d.as(ANON, (tx) =>
					tx
						.insertInto('resolution_events')
						.values({ resolution_id: publishedId, occurred_on: '2026-01-01', note: 'x' })
						.execute()
				)
			);
			const updated = await d
				.as(ANON, (tx) =>
					tx
						.updateTable('resolutions')
						.set({ title: 'hacked' })
						.where('id', '=', publishedId)
						.executeTakeFirst()
				)
				.catch((error) => error);
			expect(updated).toMatchObject({ code: '42501' });
		});
	});

	describe('stranger', () => {
		it("sees published resolutions but not someone else's draft or its events", async () => {
			const d = database();
			expect(await d.as(stranger.claims, visibleSlugs)).toEqual(['testville-published']);
			expect(await d.as(stranger.claims, visibleEvents)).toEqual(['Introduced']);
		});
		it("cannot change or delete someone else's resolution (zero rows)", async () => {
			const d = database();
			const updated = await d.as(stranger.claims, (tx) =>
				tx
					.updateTable('resolutions')
					.set({ title: 'hacked' })
					.where('id', '=', publishedId)
					.executeTakeFirst()
			);
			expect(updated.numUpdatedRows).toBe(0n);
			const deleted = await d.as(stranger.claims, (tx) =>
				tx.deleteFrom('resolutions').where('id', '=', draftId).executeTakeFirst()
			);
			expect(deleted.numDeletedRows).toBe(0n);
			await denied(
				d.as(stranger.claims, (tx) =>
					tx
						.insertInto('resolution_events')
						.values({ resolution_id: publishedId, occurred_on: '2026-01-01', note: 'x' })
						.execute()
				)
			);
		});
		it('adds a resolution only as its own author, an unverified pending draft of organizer provenance', async () => {
			const d = database();
			// Who created it is the database's to write: naming anyone, even oneself, is refused.
			await denied(
				d.as(stranger.claims, (tx) => newResolution(tx, 'impersonated', { created_by: author.id }))
			);
			await denied(
				d.as(stranger.claims, (tx) => newResolution(tx, 'self-verified', { verified: true }))
			);
			await denied(
				d.as(stranger.claims, (tx) => newResolution(tx, 'fake-seed', { provenance: 'seed' }))
			);
			await denied(
				d.as(stranger.claims, (tx) =>
					newResolution(tx, 'straight-out', { visibility: 'published' })
				)
			);
			await denied(
				d.as(stranger.claims, (tx) =>
					newResolution(tx, 'pre-adopted', { status: 'adopted', stage: 'adopted' })
				)
			);
			// Testville is the site's since its resolution was published: anyone may use it.
			const own = await d.as(stranger.claims, (tx) => newResolution(tx, 'stranger-own'));
			const row = await d.db
				.selectFrom('resolutions')
				.select(['created_by', 'visibility', 'status', 'stage', 'verified', 'provenance'])
				.where('id', '=', own.id)
				.executeTakeFirstOrThrow();
			expect(row).toEqual({
				created_by: stranger.id,
				visibility: 'draft',
				status: 'pending',
				stage: 'drafting',
				verified: false,
				provenance: 'organizer'
			});
		});
		it("cannot rename a place that is not theirs, the site's included", async () => {
			const updated = await database().as(stranger.claims, (tx) =>
				tx
					.updateTable('places')
					.set({ name: 'Hacked' })
					.where('id', '=', placeId)
					.executeTakeFirst()
			);
			expect(updated.numUpdatedRows).toBe(0n);
		});
		it('cannot read site admins or rate limits', async () => {
			const d = database();
			await denied(
				d.as(stranger.claims, (tx) => sql`select * from private.site_admins`.execute(tx))
			);
			await denied(
				d.as(stranger.claims, (tx) => sql`select private.take_rate_limit('x', 1, 1)`.execute(tx))
			);
		});
		// local_auth is the embedded and plain-PostgreSQL modes' own sign-in (supabase/local): a
		// Supabase project has no such schema (Supabase Auth keeps its sessions in `auth`), so the
		// fixture has nothing to test here.
		it.skipIf(engine === 'supabase')('cannot read local sign-in sessions', async () => {
			await denied(
				database().as(stranger.claims, (tx) => sql`select * from local_auth.sessions`.execute(tx))
			);
		});
	});

	describe('author', () => {
		it('sees and edits their own draft and adds events to it', async () => {
			const d = database();
			expect(await d.as(author.claims, visibleSlugs)).toEqual([
				'testville-draft',
				'testville-published'
			]);
			const updated = await d.as(author.claims, (tx) =>
				tx
					.updateTable('resolutions')
					.set({ title: 'Renamed draft' })
					.where('id', '=', draftId)
					.executeTakeFirst()
			);
			expect(updated.numUpdatedRows).toBe(1n);
			await d.as(author.claims, (tx) =>
				tx
					.insertInto('resolution_events')
					.values({ resolution_id: draftId, occurred_on: '2026-02-01', note: 'Sponsor found' })
					.execute()
			);
		});
		it('cannot mark their own resolution verified or hand it to someone else', async () => {
			const d = database();
			// Trust is a site admin's: the author's `verified` is kept as it was.
			await d.as(author.claims, (tx) =>
				tx.updateTable('resolutions').set({ verified: true }).where('id', '=', draftId).execute()
			);
			const row = await d.db
				.selectFrom('resolutions')
				.select('verified')
				.where('id', '=', draftId)
				.executeTakeFirstOrThrow();
			expect(row.verified).toBe(false);
			await denied(
				d.as(author.claims, (tx) =>
					tx
						.updateTable('resolutions')
						.set({ created_by: stranger.id })
						.where('id', '=', draftId)
						.execute()
				)
			);
		});
		it('cannot delete a published resolution, only a draft', async () => {
			const d = database();
			const published = await d.as(author.claims, (tx) =>
				tx.deleteFrom('resolutions').where('id', '=', publishedId).executeTakeFirst()
			);
			expect(published.numDeletedRows).toBe(0n);
			const scratch = await d.as(author.claims, (tx) => newResolution(tx, 'author-scratch'));
			const draft = await d.as(author.claims, (tx) =>
				tx.deleteFrom('resolutions').where('id', '=', scratch.id).executeTakeFirst()
			);
			expect(draft.numDeletedRows).toBe(1n);
		});
	});

	describe('site admin', () => {
		it('sees every draft, verifies and edits any resolution', async () => {
			const d = database();
			const slugs = await d.as(admin.claims, visibleSlugs);
			expect(slugs).toEqual(
				expect.arrayContaining(['testville-draft', 'testville-published', 'stranger-own'])
			);
			const verified = await d.as(admin.claims, (tx) =>
				tx
					.updateTable('resolutions')
					.set({ verified: true })
					.where('id', '=', publishedId)
					.returning('verified')
					.executeTakeFirst()
			);
			expect(verified?.verified).toBe(true);
			const renamed = await d.as(admin.claims, (tx) =>
				tx
					.updateTable('places')
					.set({ name: 'Testville City' })
					.where('id', '=', placeId)
					.executeTakeFirst()
			);
			expect(renamed.numUpdatedRows).toBe(1n);
		});
	});

	describe('profiles', () => {
		it('are created by the auth.users trigger and readable only by their owner (and admins)', async () => {
			const d = database();
			const own = await d.as(author.claims, (tx) =>
				tx.selectFrom('profiles').select(['id', 'display_name']).execute()
			);
			expect(own).toEqual([{ id: author.id, display_name: 'author' }]);
			const seenByAdmin = await d.as(admin.claims, (tx) =>
				tx.selectFrom('profiles').select('id').execute()
			);
			expect(seenByAdmin.map((p) => p.id)).toEqual(
				expect.arrayContaining([author.id, stranger.id])
			);
			expect(
				await d.as(ANON, (tx) => tx.selectFrom('profiles').select('id').execute()).catch((e) => e)
			).toMatchObject({ code: '42501' });
		});
		it('cannot be changed by someone else (zero rows)', async () => {
			const updated = await database().as(stranger.claims, (tx) =>
				tx
					.updateTable('profiles')
					.set({ display_name: 'hacked' })
					.where('id', '=', author.id)
					.executeTakeFirst()
			);
			expect(updated.numUpdatedRows).toBe(0n);
		});
	});
});
