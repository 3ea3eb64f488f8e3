import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_ENGINES, useTestDatabase } from '../helpers/databases';
import type { People } from '../helpers/rls-matrix';
import { campaignsMatrix, type CampaignFixture } from './campaigns.matrix';

// Campaigns beyond the matrix (tests/rls/campaigns.matrix.ts, run by matrix.test.ts): the lead
// rule and invites, on the matrix's own fixtures (`member` is the draft's editor).

describe.each(PLATFORM_ENGINES)('campaigns beyond the matrix (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let people: People;
	let fixture: CampaignFixture;

	beforeAll(async () => {
		({ people, fixture } = await campaignsMatrix.setup(database()));
	});

	it('a campaign always keeps a lead, and an editor cannot promote themselves', async () => {
		const d = database();
		const lead = people.lead;
		const editor = people.member;
		await expect(
			d.as(lead.claims, (tx) =>
				tx
					.deleteFrom('resolution_members')
					.where('resolution_id', '=', fixture.resolutionId)
					.where('user_id', '=', lead.id)
					.execute()
			)
		).rejects.toMatchObject({ code: '23514' });
		const promoted = await d.as(editor.claims, (tx) =>
			tx
				.updateTable('resolution_members')
				.set({ role: 'lead' })
				.where('resolution_id', '=', fixture.resolutionId)
				.where('user_id', '=', editor.id)
				.executeTakeFirst()
		);
		expect(Number(promoted.numUpdatedRows)).toBe(0);
		// A hand-over in one transaction passes the check at commit.
		await d.as(lead.claims, async (tx) => {
			await tx
				.updateTable('resolution_members')
				.set({ role: 'lead' })
				.where('resolution_id', '=', fixture.resolutionId)
				.where('user_id', '=', editor.id)
				.execute();
			await tx
				.updateTable('resolution_members')
				.set({ role: 'editor' })
				.where('resolution_id', '=', fixture.resolutionId)
				.where('user_id', '=', lead.id)
				.execute();
		});
		const roles = await d.db
			.selectFrom('resolution_members')
			.select(['user_id', 'role'])
			.where('resolution_id', '=', fixture.resolutionId)
			.execute();
		expect(Object.fromEntries(roles.map((r) => [r.user_id, r.role]))).toEqual({
			[lead.id]: 'editor',
			[editor.id]: 'lead'
		});
		// Back as it was, for the other tests.
		await d.db
			.updateTable('resolution_members')
			.set((eb) => ({
				role: eb.case().when('user_id', '=', lead.id).then('lead').else('editor').end()
			}))
			.where('resolution_id', '=', fixture.resolutionId)
			.execute();
	});

	it('an invite joins once it is valid, and never when unknown, revoked or expired', async () => {
		const d = database();
		const stranger = people.stranger;
		const accept = (token: string) =>
			d.as(stranger.claims, async (tx) => {
				const { rows } = await sql<{ id: string | null }>`
					select private.accept_campaign_invite(${createHash('sha256').update(token).digest('hex')}) as id
				`.execute(tx);
				return rows[0]?.id ?? null;
			});
		const add = async (token: string, changes: { revoked?: boolean; expired?: boolean }) => {
			await d.db
				.insertInto('resolution_invites')
				.values({
					resolution_id: fixture.resolutionId,
					token_hash: createHash('sha256').update(token).digest('hex'),
					role: 'editor',
					created_at: changes.expired ? new Date(Date.now() - 8 * 86_400_000) : undefined,
					expires_at: changes.expired ? new Date(Date.now() - 86_400_000) : undefined,
					revoked_at: changes.revoked ? new Date() : null
				})
				.execute();
		};
		await add('revoked-token', { revoked: true });
		await add('expired-token', { expired: true });
		await add('good-token', {});
		expect(await accept('unknown-token')).toBeNull();
		expect(await accept('revoked-token')).toBeNull();
		expect(await accept('expired-token')).toBeNull();
		expect(await accept('good-token')).toBe(fixture.resolutionId);
		const seen = await d.as(stranger.claims, (tx) =>
			tx.selectFrom('resolutions').select('id').where('id', '=', fixture.resolutionId).execute()
		);
		expect(seen).toHaveLength(1);
		await d.db
			.deleteFrom('resolution_members')
			.where('resolution_id', '=', fixture.resolutionId)
			.where('user_id', '=', stranger.id)
			.execute();
	});
});
