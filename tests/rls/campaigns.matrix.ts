import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../src/lib/server/db';
import { createTeamInvite } from '../../src/lib/server/campaigns/team';
import { hashInviteToken } from '../../src/lib/server/invites';
import { joinCampaign } from '../helpers/campaigns';
import type { TestDatabase } from '../helpers/databases';
import type { Persona } from '../helpers/personas';
import {
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

// Campaign drafts and their teams: a draft led by `lead` with `member` as its editor (who joined
// through the lead's invite), and `other`'s own draft. Site admins see and edit every campaign
// but are on no team. Nobody is added to a team directly: the creator becomes its lead, everyone
// else joins by using an invite once (private.accept_campaign_invite).

export interface CampaignFixture {
	resolutionId: string;
	eventId: string;
	inviteId: string;
	/** The secret of an unused invite to the draft (the link a lead shares). */
	inviteToken: string;
	/** The secret of the invite the editor joined with: used up. */
	usedInviteToken: string;
	editorId: string;
	strangerId: string;
	placeId: string;
}

/** Uses an invite link's secret as the join page does; the campaign's id, or null. */
const acceptInvite = async (tx: Tx, token: string) => {
	const { rows } = await sql<{ id: string | null }>`
		select private.accept_campaign_invite(${hashInviteToken(token)}) as id
	`.execute(tx);
	return rows[0]?.id ?? null;
};

const newDraft = (tx: Tx, f: CampaignFixture, values: Record<string, unknown> = {}) =>
	tx
		.insertInto('resolutions')
		.values({
			slug: `matrix-${randomBytes(4).toString('hex')}`,
			place_id: f.placeId,
			title: 'Matrix draft',
			...values
		})
		.returning('id')
		.executeTakeFirst();

const cells: Cell<CampaignFixture>[] = [
	// A draft campaign: its team and site admins see and edit it; a lead publishes or deletes it.
	{
		table: 'resolutions',
		op: 'select',
		variant: 'draft',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			Boolean(
				await tx
					.selectFrom('resolutions')
					.select('id')
					.where('id', '=', f.resolutionId)
					.executeTakeFirst()
			)
	},
	{
		table: 'resolutions',
		op: 'insert',
		variant: 'own draft',
		expected: [n, y, y, y, y, y],
		run: async (tx, f) => Boolean(await newDraft(tx, f))
	},
	forgery<CampaignFixture>({
		table: 'resolutions',
		op: 'insert',
		variant: 'forged created_by',
		write: (tx, f) => newDraft(tx, f, { slug: 'forged-author', created_by: f.strangerId }),
		stuck: async (owner, f) =>
			found(
				await owner
					.selectFrom('resolutions')
					.select('id')
					.where('slug', '=', 'forged-author')
					.where('created_by', '=', f.strangerId)
					.execute()
			)
	}),
	{
		// A team's campaign starts as a pending, unverified draft of organizer provenance; only site
		// admins (the import, moderation) add a resolution that is published, decided or verified.
		table: 'resolutions',
		op: 'insert',
		variant: 'published, adopted and verified',
		expected: [n, n, n, n, n, y],
		run: async (tx, f) =>
			Boolean(
				await newDraft(tx, f, {
					visibility: 'published',
					status: 'adopted',
					stage: 'adopted',
					verified: true
				})
			)
	},
	{
		table: 'resolutions',
		op: 'update',
		variant: 'draft',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolutions')
					.set({ title: 'Changed' })
					.where('id', '=', f.resolutionId)
					.execute()
			)
	},
	{
		table: 'resolutions',
		op: 'update',
		variant: 'draft: publish',
		expected: [n, n, n, n, y, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolutions')
					.set({ visibility: 'published' })
					.where('id', '=', f.resolutionId)
					.execute()
			)
	},
	{
		// The outcome and stage move through private.move_resolution (see data-api.test.ts); only
		// site admins write them directly.
		table: 'resolutions',
		op: 'update',
		variant: 'draft: status and stage',
		expected: [n, n, n, n, n, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolutions')
					.set({ status: 'adopted', stage: 'adopted' })
					.where('id', '=', f.resolutionId)
					.execute()
			)
	},
	{
		table: 'resolutions',
		op: 'delete',
		variant: 'draft',
		expected: [n, n, n, n, y, y],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('resolutions').where('id', '=', f.resolutionId).execute())
	},

	// The team: members see each other; nobody adds anyone (an invite is the way in); leads change
	// roles and remove; anyone may leave.
	{
		table: 'resolution_members',
		op: 'select',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			(
				await tx
					.selectFrom('resolution_members')
					.select('user_id')
					.where('resolution_id', '=', f.resolutionId)
					.execute()
			).length === 2
	},
	{
		// Everyone tries to add the stranger (the stranger: themselves) as an editor.
		table: 'resolution_members',
		op: 'insert',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) => {
			await tx
				.insertInto('resolution_members')
				.values({ resolution_id: f.resolutionId, user_id: f.strangerId, role: 'editor' })
				.execute();
			return true;
		}
	},
	{
		// Anyone signed in who has a valid link joins (someone on the team already keeps their role).
		table: 'resolution_members',
		op: 'insert',
		variant: 'through an unused invite',
		expected: [n, y, y, y, y, y],
		run: async (tx, f) => (await acceptInvite(tx, f.inviteToken)) === f.resolutionId
	},
	{
		// An invite is used once: the link the editor joined with lets nobody else in.
		table: 'resolution_members',
		op: 'insert',
		variant: 'through a used invite',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) => (await acceptInvite(tx, f.usedInviteToken)) === f.resolutionId
	},
	{
		table: 'resolution_members',
		op: 'update',
		variant: 'role',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolution_members')
					.set({ role: 'lead' })
					.where('resolution_id', '=', f.resolutionId)
					.where('user_id', '=', f.editorId)
					.execute()
			)
	},
	{
		table: 'resolution_members',
		op: 'delete',
		variant: "the editor's row",
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			touched(
				await tx
					.deleteFrom('resolution_members')
					.where('resolution_id', '=', f.resolutionId)
					.where('user_id', '=', f.editorId)
					.execute()
			)
	},

	// Invites: leads only.
	{
		table: 'resolution_invites',
		op: 'select',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) =>
			Boolean(
				await tx
					.selectFrom('resolution_invites')
					.select('id')
					.where('id', '=', f.inviteId)
					.executeTakeFirst()
			)
	},
	{
		table: 'resolution_invites',
		op: 'insert',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) => {
			await tx
				.insertInto('resolution_invites')
				.values({
					resolution_id: f.resolutionId,
					token_hash: createHash('sha256').update(randomBytes(8)).digest('hex')
				})
				.execute();
			return true;
		}
	},
	forgery<CampaignFixture>({
		// An invite lasts 7 days from now, whatever a client sends.
		table: 'resolution_invites',
		op: 'insert',
		variant: 'forged expires_at',
		write: (tx, f) =>
			tx
				.insertInto('resolution_invites')
				.values({
					resolution_id: f.resolutionId,
					token_hash: createHash('sha256').update('decades').digest('hex'),
					expires_at: new Date(Date.now() + 30 * 365 * 86_400_000)
				})
				.execute(),
		stuck: async (owner) =>
			found(
				await owner
					.selectFrom('resolution_invites')
					.select('id')
					.where('token_hash', '=', createHash('sha256').update('decades').digest('hex'))
					.where('expires_at', '>', new Date(Date.now() + 8 * 86_400_000))
					.execute()
			)
	}),
	{
		table: 'resolution_invites',
		op: 'update',
		variant: 'revoke',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolution_invites')
					.set({ revoked_at: new Date() })
					.where('id', '=', f.inviteId)
					.execute()
			)
	},
	{
		table: 'resolution_invites',
		op: 'delete',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('resolution_invites').where('id', '=', f.inviteId).execute())
	},

	// The draft's history: its team and site admins.
	{
		table: 'resolution_events',
		op: 'select',
		variant: 'draft',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			Boolean(
				await tx
					.selectFrom('resolution_events')
					.select('id')
					.where('id', '=', f.eventId)
					.executeTakeFirst()
			)
	},
	{
		table: 'resolution_events',
		op: 'insert',
		variant: 'draft',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) => {
			await tx
				.insertInto('resolution_events')
				.values({ resolution_id: f.resolutionId, occurred_on: '2026-11-01', note: 'Introduced' })
				.execute();
			return true;
		}
	},
	{
		table: 'resolution_events',
		op: 'update',
		variant: 'draft',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolution_events')
					.set({ note: 'x' })
					.where('id', '=', f.eventId)
					.execute()
			)
	},
	{
		table: 'resolution_events',
		op: 'delete',
		variant: 'draft',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('resolution_events').where('id', '=', f.eventId).execute())
	}
];

async function setup(d: TestDatabase): Promise<{ people: People; fixture: CampaignFixture }> {
	const people = await createPeople(d, 'editor');
	const { stranger, other, member: editor, lead } = people;
	// A site place (the owner's connection adds the site's), which anyone may start a campaign in.
	const place = await d.db
		.insertInto('places')
		.values({ kind: 'city', name: 'Matrixville', state_code: 'OR' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const draft = (slug: string, who: Persona) =>
		d.as(who.claims, (tx) =>
			tx
				.insertInto('resolutions')
				.values({ slug, place_id: place.id, title: 'Draft' })
				.returning('id')
				.executeTakeFirstOrThrow()
		);
	const ours = await draft('matrix-ours', lead);
	await draft('matrix-theirs', other);
	const usedInviteToken = await joinCampaign(d, lead, editor, ours.id, 'editor');
	const event = await d.db
		.insertInto('resolution_events')
		.values({ resolution_id: ours.id, occurred_on: '2026-10-01', note: 'Drafted' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const inviteToken = await d.as(lead.claims, (tx) =>
		createTeamInvite(tx, ours.id, lead.id, 'editor')
	);
	const invite = await d.db
		.selectFrom('resolution_invites')
		.select('id')
		.where('token_hash', '=', hashInviteToken(inviteToken))
		.executeTakeFirstOrThrow();
	const fixture = {
		resolutionId: ours.id,
		eventId: event.id,
		inviteId: invite.id,
		inviteToken,
		usedInviteToken,
		editorId: editor.id,
		strangerId: stranger.id,
		placeId: place.id
	};
	return { people, fixture };
}

export const campaignsMatrix: Matrix<CampaignFixture> = {
	name: 'campaigns',
	roles: 'other = lead of another draft, member = editor of the draft, lead = its lead',
	setup,
	cells
};
