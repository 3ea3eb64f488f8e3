import { error } from '@sveltejs/kit';
import { getCampaign } from '$lib/server/campaigns/campaigns';
import type { LayoutServerLoad } from './$types';

// Every page of a campaign: signed in, on its team (or a site admin), else 404 as if it did not exist.
export const load: LayoutServerLoad = async ({ locals, params }) => {
	const user = locals.user;
	if (!user) error(401, 'Sign in first.');
	const campaign = await locals.withClaims((tx) => getCampaign(tx, params.id, user.id));
	if (!campaign) error(404, 'Not found');
	return { campaign };
};
