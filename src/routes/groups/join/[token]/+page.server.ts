import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { acceptInvite } from '$lib/server/groups/groups';
import { INVITE_TOKEN } from '$lib/server/invites';
import type { Actions, PageServerLoad } from './$types';

// Opening the link changes nothing: joining is a deliberate POST.
export const load: PageServerLoad = async ({ locals, params }) => {
	if (!locals.user) error(401, 'Sign in first.');
	return { wellFormed: INVITE_TOKEN.test(params.token) };
};

export const actions: Actions = {
	default: async ({ locals, params }) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const groupId = INVITE_TOKEN.test(params.token)
			? await locals.withClaims((tx) => acceptInvite(tx, params.token))
			: null;
		if (!groupId) return fail(400, { message: m.groups_invite_invalid() });
		redirect(303, `/groups/${groupId}`);
	}
};
