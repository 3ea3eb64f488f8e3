import { formatDay } from '$lib/format';
import { m } from '$lib/paraglide/messages';

/** A team invite as its page receives it (see describeTeamInvite). */
export interface TeamInviteView {
	title: string;
	place: string;
	inviter: string | null;
	role: 'lead' | 'editor';
	/** The last day it is valid, YYYY-MM-DD. */
	validUntil: string;
}

/** Who invited whom to what, as which role, until when: sentences for the join and sign-in pages. */
export function describeTeamInviteLines(invite: TeamInviteView, locale: string): string[] {
	const where = { title: invite.title, place: invite.place };
	return [
		invite.inviter
			? m.organize_join_invited_by({ ...where, inviter: invite.inviter })
			: m.organize_join_invited(where),
		invite.role === 'lead' ? m.organize_join_as_lead() : m.organize_join_as_editor(),
		m.organize_join_valid_until({
			date: formatDay(invite.validUntil, locale)
		})
	];
}
