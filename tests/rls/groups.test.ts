import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON } from '../../src/lib/server/db';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import type { Persona } from '../helpers/personas';
import type { People } from '../helpers/rls-matrix';
import { groupsMatrix, type GroupFixture } from './groups.matrix';

// Sponsor groups beyond the matrix (tests/rls/groups.matrix.ts, run by matrix.test.ts): the lead
// rule, invites, and who sees whose name — on the matrix's own fixtures.

function hashToken(token = randomBytes(32).toString('base64url')) {
	return createHash('sha256').update(token).digest('hex');
}

describe.each(ENGINES)('sponsor groups beyond the matrix (%s)', (engine) => {
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

	it('an invite cannot be used once revoked, expired or guessed', async () => {
		const d = database();
		const lead = people.lead;
		const stranger = people.stranger;
		const token = randomBytes(32).toString('base64url');
		await d.as(lead.claims, (tx) =>
			tx
				.insertInto('group_invites')
				.values({ group_id: fixture.groupId, token_hash: hashToken(token), created_by: lead.id })
				.execute()
		);
		await d.as(lead.claims, (tx) =>
			tx
				.updateTable('group_invites')
				.set({ revoked_at: new Date() })
				.where('token_hash', '=', hashToken(token))
				.execute()
		);
		const accept = (hash: string) =>
			d.as(stranger.claims, async (tx) => {
				const { rows } = await sql<{
					group_id: string | null;
				}>`select private.accept_group_invite(${hash}) as group_id`.execute(tx);
				return rows[0]?.group_id ?? null;
			});
		expect(await accept(hashToken(token))).toBeNull();
		expect(await accept(hashToken())).toBeNull();
		await expect(
			d.as(lead.claims, (tx) =>
				tx
					.insertInto('group_invites')
					.values({
						group_id: fixture.groupId,
						token_hash: hashToken(),
						created_by: lead.id,
						expires_at: new Date(Date.now() + 8 * 86_400_000)
					})
					.execute()
			)
		).rejects.toMatchObject({ code: '23514' });
		await expect(
			d.as(ANON, async (tx) => {
				await sql`select private.accept_group_invite(${hashToken(token)})`.execute(tx);
			})
		).rejects.toMatchObject({ code: '42501' });
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
