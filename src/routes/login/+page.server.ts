import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { refuseIfRateLimited } from '$lib/server/auth/attempts';
import { emailOnlySchema, signInSchema } from '$lib/server/auth/schemas';
import { describeTeamInvite } from '$lib/server/campaigns/team';
import { parseForm, readForm } from '$lib/server/forms';
import { safeNextPath } from '$lib/url';
import type { Actions, PageServerLoad } from './$types';

// Plain forms that post and render on the server: no JavaScript is sent at all (no router, no
// hydration), which is most of this page's weight on a slow phone. See README, Architecture.
export const csr = false;

// A campaign invite's page, which a signed-out invitee is sent here from.
const TEAM_INVITE_PATH = /^\/organize\/join\/([A-Za-z0-9_-]{43})$/;

export const load: PageServerLoad = async ({ locals, url }) => {
	// Empty when the link named no page to come back to: then each action picks its own.
	const next = url.searchParams.has('next') ? safeNextPath(url.searchParams.get('next')) : '';
	if (locals.user) redirect(303, next || '/');
	// Coming from an invite: say what it is for, so the invitee knows why to sign in.
	const token = TEAM_INVITE_PATH.exec(next)?.[1];
	const invite = token ? await locals.withClaims((tx) => describeTeamInvite(tx, token)) : null;
	return { next, invite };
};

export const actions: Actions = {
	password: async (event) => {
		const parsed = parseForm(signInSchema, await readForm(event.request));
		if (!parsed.ok)
			return fail(400, {
				values: parsed.values,
				errors: parsed.errors,
				message: m.form_fix_errors()
			});
		const { email, password, next } = parsed.data;
		const values = { email, next: next ?? '' };
		const limited = await refuseIfRateLimited(event, 'signIn', email, values);
		if (limited) return limited;
		const result = await event.locals.auth.signIn({ email, password });
		if (!result.ok && result.reason === 'email_not_confirmed') {
			// The page offers to send the confirmation again (the magic-link action does that).
			return fail(400, {
				values,
				errors: {},
				unconfirmed: true,
				message: m.auth_confirm_not_confirmed()
			});
		}
		if (!result.ok) {
			return fail(400, { values, errors: {}, message: m.auth_invalid_credentials() });
		}
		redirect(303, safeNextPath(next));
	},

	magic: async (event) => {
		const parsed = parseForm(emailOnlySchema, await readForm(event.request));
		if (!parsed.ok)
			return fail(400, {
				values: parsed.values,
				errors: parsed.errors,
				message: m.form_fix_errors()
			});
		const { email, next } = parsed.data;
		const values = { email, next: next ?? '' };
		const limited = await refuseIfRateLimited(event, 'emailLink', email, values);
		if (limited) return limited;
		await event.locals.auth.sendMagicLink(
			email,
			new URL(safeNextPath(next), event.url.origin),
			getLocale()
		);
		return { values, sent: true, message: m.auth_magic_link_sent() };
	}
};
