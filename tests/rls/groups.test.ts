import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON } from '../../src/lib/server/db';
import { PLATFORM_ENGINES, useTestDatabase } from '../helpers/databases';
import type { Persona } from '../helpers/personas';
import { createInvite, revokeInvite } from '../../src/lib/server/groups/groups';
import { denied, type People } from '../helpers/rls-matrix';
import { groupsMatrix, type GroupFixture } from './groups.matrix';

// Sponsor groups beyond the matrix (tests/rls/groups.matrix.ts, run by matrix.test.ts): the lead
// rule, invites, and who sees whose name — on the matrix's own fixtures.

function hashToken(token = randomBytes(32).toString('base64url')) {
	return createHash('sha256').update(token).digest('hex');
}

describe.each(PLATFORM_ENGINES)('sponsor groups beyond the matrix (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let people: People;
	let fixture: GroupFixture;

	beforeAll(async () => {
		({ people, fixture } = await groupsMatrix.setup(database()));
	});

	it('a group always keeps a lead, but a hand-over in one transaction works', async () => {
		const d = database();
		const lead = people.lead;
		const member = people.member;
		await expect(
			d.as(lead.claims, (tx) =>
				tx
					.deleteFrom('group_members')
					.where('group_id', '=', fixture.groupId)
					.where('user_id', '=', lead.id)
					.execute()
			)
		).rejects.toMatchObject({ code: '23514' });
		await expect(
			d.as(member.claims, (tx) =>
				tx
					.updateTable('group_members')
					.set({ role: 'lead' })
					.where('group_id', '=', fixture.groupId)
					.where('user_id', '=', member.id)
					.execute()
			)
		).rejects.toMatchObject({ code: '42501' });
		await d.as(lead.claims, async (tx) => {
			await tx
				.updateTable('group_members')
				.set({ role: 'lead' })
				.where('group_id', '=', fixture.bareGroupId)
				.where('user_id', '=', member.id)
				.execute();
			await tx
				.updateTable('group_members')
				.set({ role: 'member' })
				.where('group_id', '=', fixture.bareGroupId)
				.where('user_id', '=', lead.id)
				.execute();
		});
	});

	it('an invite cannot be used once revoked, expired or guessed, and lasts 7 days', async () => {
		const d = database();
		const lead = people.lead;
		const stranger = people.stranger;
		const token = await d.as(lead.claims, (tx) =>
			createInvite(tx, fixture.groupId, lead.id, 'member')
		);
		// Nobody reads a token's hash back, so the page revokes by id (read here as the owner).
		const { id } = await d.db
			.selectFrom('group_invites')
			.select('id')
			.where('token_hash', '=', hashToken(token))
			.executeTakeFirstOrThrow();
		expect(await d.as(lead.claims, (tx) => revokeInvite(tx, fixture.groupId, id))).toBe(true);
		// An expired one, as the owner's connection can still write it (7 days ago and more).
		const expired = randomBytes(32).toString('base64url');
		await d.db
			.insertInto('group_invites')
			.values({
				group_id: fixture.groupId,
				token_hash: hashToken(expired),
				created_at: new Date(Date.now() - 8 * 86_400_000),
				expires_at: new Date(Date.now() - 86_400_000)
			})
			.execute();
		const accept = (hash: string) =>
			d.as(stranger.claims, async (tx) => {
				const { rows } = await sql<{
					group_id: string | null;
				}>`select private.accept_group_invite(${hash}) as group_id`.execute(tx);
				return rows[0]?.group_id ?? null;
			});
		expect(await accept(hashToken(token))).toBeNull();
		expect(await accept(hashToken(expired))).toBeNull();
		expect(await accept(hashToken())).toBeNull();
		// The expiry is the database's (7 days from now): a lead may not send one.
		await denied(
			d.as(lead.claims, (tx) =>
				tx
					.insertInto('group_invites')
					.values({
						group_id: fixture.groupId,
						token_hash: hashToken(),
						expires_at: new Date(Date.now() + 8 * 86_400_000)
					})
					.execute()
			)
		);
		const fresh = await d.as(lead.claims, (tx) =>
			createInvite(tx, fixture.groupId, lead.id, 'member')
		);
		const row = await d.db
			.selectFrom('group_invites')
			.select(['created_by', 'created_at', 'expires_at'])
			.where('token_hash', '=', hashToken(fresh))
			.executeTakeFirstOrThrow();
		expect(row.created_by).toBe(lead.id);
		expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(7 * 86_400_000);
		// Anon cannot even call the function: joining needs an account.
		await denied(
			d.as(ANON, async (tx) => {
				await sql`select private.accept_group_invite(${hashToken(fresh)})`.execute(tx);
			})
		);
		expect(await accept(hashToken(fresh))).toBe(fixture.groupId);
		await d.as(stranger.claims, (tx) =>
			tx
				.deleteFrom('group_members')
				.where('group_id', '=', fixture.groupId)
				.where('user_id', '=', stranger.id)
				.execute()
		);
	});

	it('members see each other’s names; strangers do not', async () => {
		const d = database();
		const read = (who: Persona, id: string) =>
			d.as(who.claims, (tx) =>
				tx.selectFrom('profiles').select('display_name').where('id', '=', id).execute()
			);
		expect(await read(people.lead, people.member.id)).toHaveLength(1);
		expect(await read(people.stranger, people.member.id)).toHaveLength(0);
		expect(await read(people.admin, people.member.id)).toHaveLength(1); // admins read profiles
	});
});
