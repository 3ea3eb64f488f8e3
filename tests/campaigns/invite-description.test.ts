// What an invite link tells whoever holds it (signed in or not): the campaign, its place, who
// invited them and as what, until when — for a valid invite only; nothing for one that was used,
// revoked, has expired or never existed.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON } from '../../src/lib/server/db';
import {
	acceptTeamInvite,
	createTeamInvite,
	describeTeamInvite,
	revokeTeamInvite
} from '../../src/lib/server/campaigns/team';
import { hashInviteToken } from '../../src/lib/server/invites';
import { createCampaign } from '../helpers/campaigns';
import { PLATFORM_ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

describe.each(PLATFORM_ENGINES)('a campaign invite describes itself (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let lead: Persona;
	let invitee: Persona;
	let campaign: { id: string; slug: string };

	beforeAll(async () => {
		lead = await createPersona(database(), 'Ana');
		invitee = await createPersona(database(), 'Ben');
		campaign = await createCampaign(database(), lead, { title: 'Rochester welcomes refugees' });
	});

	const invite = (role: 'lead' | 'editor' = 'editor') =>
		database().as(lead.claims, (tx) => createTeamInvite(tx, campaign.id, lead.id, role));

	it('names the campaign, its place, the inviter, the role and the last day', async () => {
		const token = await invite('lead');
		for (const claims of [ANON, invitee.claims]) {
			const described = await database().as(claims, (tx) => describeTeamInvite(tx, token));
			expect(described).toMatchObject({
				title: 'Rochester welcomes refugees',
				place: expect.stringMatching(/^Town act-[0-9a-f]{8}, ND$/),
				inviter: 'Ana',
				role: 'lead',
				validUntil: expect.stringMatching(/^\d{4}-\d\d-\d\d$/)
			});
		}
	});

	it('says nothing of a used, revoked, expired, unknown or malformed link', async () => {
		const used = await invite();
		await database().as(invitee.claims, (tx) => acceptTeamInvite(tx, used));
		const revoked = await invite();
		const { id } = await database()
			.db.selectFrom('resolution_invites')
			.select('id')
			.where('token_hash', '=', hashInviteToken(revoked))
			.executeTakeFirstOrThrow();
		await database().as(lead.claims, (tx) => revokeTeamInvite(tx, campaign.id, id));
		const expired = await invite();
		await sql`
			update public.resolution_invites set expires_at = now() - interval '1 minute'
			where token_hash = ${hashInviteToken(expired)}
		`.execute(database().db);
		const unknown = 'A'.repeat(43);
		for (const token of [used, revoked, expired, unknown, 'not-a-token']) {
			expect(await database().as(ANON, (tx) => describeTeamInvite(tx, token))).toBeNull();
		}
	});
});
