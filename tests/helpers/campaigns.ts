// Campaign fixtures for the call-to-act suites: a place, a resolution its creator leads (the
// trigger adds the lead), an editor joined by the lead, and publication by the lead — each step
// under the persona's own claims, as the app does it.
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
			.values({ kind: 'city', name: `Town ${slug}`, state_code: 'ND', created_by: lead.id })
			.returning('id')
			.executeTakeFirstOrThrow();
		return tx
			.insertInto('resolutions')
			.values({
				slug,
				place_id: place.id,
				title: options.title ?? 'A welcoming resolution',
				visibility: 'draft',
				provenance: 'organizer',
				created_by: lead.id
			})
			.returning(['id', 'slug'])
			.executeTakeFirstOrThrow();
	});
	await d.as(lead.claims, async (tx) => {
		if (options.editor) {
			await tx
				.insertInto('resolution_members')
				.values({ resolution_id: campaign.id, user_id: options.editor.id, role: 'editor' })
				.execute();
		}
		if (options.publish || options.status) {
			await tx
				.updateTable('resolutions')
				.set({
					...(options.publish ? { visibility: 'published' } : {}),
					...(options.status ? { status: options.status } : {})
				})
				.where('id', '=', campaign.id)
				.execute();
		}
	});
	return campaign;
}
