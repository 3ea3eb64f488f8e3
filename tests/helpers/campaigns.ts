// Campaign fixtures for the call-to-act suites: a place, a resolution its creator leads (the
// trigger adds the lead), an editor who joins through the lead's invite, and publication by the
// lead — each step under the persona's own claims, as the app does it. An outcome other than
// pending is the record's, not a team's to write: it is set over the owner's handle.
import { acceptTeamInvite, createTeamInvite } from '../../src/lib/server/campaigns/team';
import type { TestDatabase } from './databases';
import type { Persona } from './personas';

export async function createCampaign(
	d: TestDatabase,
	lead: Persona,
	options: { editor?: Persona; publish?: boolean; status?: string; title?: string } = {}
): Promise<{ id: string; slug: string }> {
	const slug = `act-${crypto.randomUUID().slice(0, 8)}`;
	const campaign = await d.as(lead.claims, async (tx) => {
		const place = await tx
			.insertInto('places')
			.values({ kind: 'city', name: `Town ${slug}`, state_code: 'ND' })
			.returning('id')
			.executeTakeFirstOrThrow();
		return tx
			.insertInto('resolutions')
			.values({ slug, place_id: place.id, title: options.title ?? 'A welcoming resolution' })
			.returning(['id', 'slug'])
			.executeTakeFirstOrThrow();
	});
	if (options.editor) await joinCampaign(d, lead, options.editor, campaign.id, 'editor');
	if (options.publish) {
		await d.as(lead.claims, (tx) =>
			tx
				.updateTable('resolutions')
				.set({ visibility: 'published' })
				.where('id', '=', campaign.id)
				.execute()
		);
	}
	if (options.status) {
		await d.db
			.updateTable('resolutions')
			.set({ status: options.status })
			.where('id', '=', campaign.id)
			.execute();
	}
	return campaign;
}

/**
 * `member` joins the campaign through an invite `lead` made, as the team page does it. Returns the
 * invite's secret, now used up.
 */
export async function joinCampaign(
	d: TestDatabase,
	lead: Persona,
	member: Persona,
	resolutionId: string,
	role: 'lead' | 'editor'
): Promise<string> {
	const token = await d.as(lead.claims, (tx) => createTeamInvite(tx, resolutionId, lead.id, role));
	const joined = await d.as(member.claims, (tx) => acceptTeamInvite(tx, token));
	if (joined !== resolutionId) throw new Error('the invite did not join');
	return token;
}
