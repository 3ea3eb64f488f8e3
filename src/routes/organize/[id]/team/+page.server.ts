import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { canLead, getCampaign, type Campaign } from '$lib/server/campaigns/campaigns';
import {
	createTeamInvite,
	inviteSchema,
	isLastLeadError,
	listTeam,
	listTeamInvites,
	memberSchema,
	removeTeamMember,
	revokeTeamInvite,
	roleSchema,
	setTeamRole
} from '$lib/server/campaigns/team';
import type { Tx } from '$lib/server/db';
import { parseForm, readForm } from '$lib/server/forms';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, parent }) => {
	const { campaign } = await parent();
	return locals.withClaims(async (tx) => ({
		team: await listTeam(tx, campaign.id),
		invites: canLead(campaign) ? await listTeamInvites(tx, campaign.id) : [],
		userId: locals.user?.id ?? ''
	}));
};

type Handler = (tx: Tx, campaign: Campaign, userId: string, form: FormData) => Promise<unknown>;

/**
 * Team changes commit at the end of the transaction, where the database checks the campaign
 * still has a lead; a change that would leave none is refused as a whole.
 */
function teamAction(action: string, leadOnly: boolean, handler: Handler) {
	return async ({ locals, params, request }: RequestEvent<{ id: string }>) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const form = await readForm(request);
		let result: unknown;
		try {
			result = await locals.withClaims(async (tx) => {
				const campaign = await getCampaign(tx, params.id, user.id);
				if (!campaign) error(404, 'Not found');
				if (leadOnly && !canLead(campaign)) {
					return fail(403, { action, errors: {}, message: m.organize_lead_only() });
				}
				return (
					(await handler(tx, campaign, user.id, form)) ?? { action, message: m.organize_saved() }
				);
			});
		} catch (caught) {
			if (isLastLeadError(caught)) {
				return fail(400, { action, errors: {}, message: m.organize_keep_lead() });
			}
			throw caught;
		}
		// Someone who left can no longer see the campaign: back to their list.
		if (result && typeof result === 'object' && 'left' in result) redirect(303, '/organize');
		return result;
	};
}

const inviteIdSchema = z.object({ invite_id: z.uuid({ error: () => m.organize_error_invite() }) });

export const actions: Actions = {
	invite: teamAction('invite', true, async (tx, campaign, userId, form) => {
		const parsed = parseForm(inviteSchema, form);
		if (!parsed.ok)
			return fail(400, { action: 'invite', errors: parsed.errors, message: m.form_fix_errors() });
		const token = await createTeamInvite(tx, campaign.id, userId, parsed.data.role);
		return { action: 'invite', message: m.organize_invite_created(), inviteToken: token };
	}),

	revoke: teamAction('revoke', true, async (tx, campaign, _userId, form) => {
		const parsed = parseForm(inviteIdSchema, form);
		if (!parsed.ok || !(await revokeTeamInvite(tx, campaign.id, parsed.data.invite_id))) {
			return fail(400, { action: 'revoke', errors: {}, message: m.organize_error_invite() });
		}
	}),

	role: teamAction('role', true, async (tx, campaign, _userId, form) => {
		const parsed = parseForm(roleSchema, form);
		if (
			!parsed.ok ||
			!(await setTeamRole(tx, campaign.id, parsed.data.user_id, parsed.data.role))
		) {
			return fail(400, { action: 'role', errors: {}, message: m.organize_error_member() });
		}
	}),

	remove: teamAction('remove', true, async (tx, campaign, _userId, form) => {
		const parsed = parseForm(memberSchema, form);
		if (!parsed.ok || !(await removeTeamMember(tx, campaign.id, parsed.data.user_id))) {
			return fail(400, { action: 'remove', errors: {}, message: m.organize_error_member() });
		}
	}),

	leave: teamAction('leave', false, async (tx, campaign, userId) => {
		await removeTeamMember(tx, campaign.id, userId);
		return { action: 'leave', message: m.organize_left(), left: true };
	})
};
