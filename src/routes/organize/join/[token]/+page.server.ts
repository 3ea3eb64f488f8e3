import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { acceptTeamInvite, describeTeamInvite } from '$lib/server/campaigns/team';
import { INVITE_TOKEN } from '$lib/server/invites';
import type { Actions, PageServerLoad } from './$types';

// Opening the link changes nothing: joining is a deliberate POST. The page says what the invite
// is for (a signed-out invitee saw the same on the sign-in page).
export const load: PageServerLoad = async ({ locals, params }) => {
	if (!locals.user) error(401, 'Sign in first.');
	return { invite: await locals.withClaims((tx) => describeTeamInvite(tx, params.token)) };
};

export const actions: Actions = {
	default: async ({ locals, params }) => {
		if (!locals.user) error(401, 'Sign in first.');
		const resolutionId = INVITE_TOKEN.test(params.token)
			? await locals.withClaims((tx) => acceptTeamInvite(tx, params.token))
			: null;
		if (!resolutionId) return fail(400, { message: m.organize_invite_invalid() });
		redirect(303, `/organize/${resolutionId}`);
	}
};
