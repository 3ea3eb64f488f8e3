import { createHash, randomBytes } from 'node:crypto';
import type { TestDatabase } from '../helpers/databases';
import type { Persona } from '../helpers/personas';
import {
	n,
	touched,
	y,
	type Cell,
	type Matrix,
	type People,
	createPeople
} from '../helpers/rls-matrix';

// Campaign drafts and their teams: a draft led by `lead` with `member` as its editor, and
// `other`'s own draft. Site admins see and edit every campaign but are on no team.

export interface CampaignFixture {
	resolutionId: string;
	eventId: string;
	inviteId: string;
	editorId: string;
	strangerId: string;
	placeId: string;
}

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
		run: async (tx, f, me) => {
			const row = await tx
				.insertInto('resolutions')
				.values({
					slug: `matrix-${randomBytes(4).toString('hex')}`,
					place_id: f.placeId,
					title: 'Matrix draft',
					created_by: me?.id ?? null
				})
				.returning('id')
				.executeTakeFirst();
			return Boolean(row);
		}
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
		table: 'resolutions',
		op: 'delete',
		variant: 'draft',
		expected: [n, n, n, n, y, y],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('resolutions').where('id', '=', f.resolutionId).execute())
	},

	// The team: members see each other; leads add, change and remove; anyone may leave.
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
		expected: [n, n, n, n, y, n],
		run: async (tx, f) => {
			await tx
				.insertInto('resolution_members')
				.values({ resolution_id: f.resolutionId, user_id: f.strangerId, role: 'editor' })
				.execute();
			return true;
		}
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
		run: async (tx, f, me) => {
			await tx
				.insertInto('resolution_invites')
				.values({
					resolution_id: f.resolutionId,
					token_hash: createHash('sha256').update(randomBytes(8)).digest('hex'),
					created_by: me?.id ?? null
				})
				.execute();
			return true;
		}
	},
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
		run: async (tx, f, me) => {
			await tx
				.insertInto('resolution_events')
				.values({
					resolution_id: f.resolutionId,
					occurred_on: '2026-11-01',
					note: 'Introduced',
					created_by: me?.id ?? null
				})
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
	const place = await d.db
		.insertInto('places')
		.values({ kind: 'city', name: 'Matrixville', state_code: 'OR' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const draft = (slug: string, who: Persona) =>
		d.as(who.claims, (tx) =>
			tx
				.insertInto('resolutions')
				.values({ slug, place_id: place.id, title: 'Draft', created_by: who.id })
				.returning('id')
				.executeTakeFirstOrThrow()
		);
	const ours = await draft('matrix-ours', lead);
	await draft('matrix-theirs', other);
	await d.db
		.insertInto('resolution_members')
		.values({ resolution_id: ours.id, user_id: editor.id, role: 'editor' })
		.execute();
	const event = await d.db
		.insertInto('resolution_events')
		.values({ resolution_id: ours.id, occurred_on: '2026-10-01', note: 'Drafted' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const invite = await d.db
		.insertInto('resolution_invites')
		.values({
			resolution_id: ours.id,
			token_hash: createHash('sha256').update('matrix').digest('hex'),
			created_by: lead.id
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const fixture = {
		resolutionId: ours.id,
		eventId: event.id,
		inviteId: invite.id,
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
