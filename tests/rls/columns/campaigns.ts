// Who may write each column of a campaign's tables (supabase/migrations/20261203000600 to …0800).
// The fixture rows are draft campaign A's (lead: the lead, member: an editor), on a place the
// lead added; "other" leads campaign B. Site admins correct any campaign.
import {
	ADMINS,
	LEAD,
	LEAD_AND_ADMINS,
	NOBODY,
	SIGNED_IN,
	TEAM_AND_ADMINS,
	raw,
	server,
	writers,
	type Declarations
} from '../../helpers/column-matrix';
import { INVITE_CREATED } from './groups';
import type { World } from './world';

const hash = (digit: string) => digit.repeat(64);
const NOW = raw('now()');
/** What anyone signed in writes in a new campaign, and its team (and admins) in a draft. */
const CONTENT = writers<World>(SIGNED_IN, TEAM_AND_ADMINS);

export const campaignTables: Declarations<World> = {
	// Anyone signed in starts a campaign (a pending draft at its first stage, which they lead by
	// trigger) and may choose its id, as the import does. Its team and site admins write its
	// content, slug, place (one the caller may use: the site's or their own) and template version
	// (a published template's) while it is a draft. Only its lead (or a site admin) publishes.
	// Its outcome, stage and decision date move through private.move_resolution(), so only site
	// admins write them directly — and its trust (verified, provenance).
	resolutions: {
		row: (w) => ({ id: w.campaignA }),
		insert: (w) => ({ slug: 'matrix-campaign', place_id: w.sitePlace, title: 'Matrix campaign' }),
		columns: {
			// Its team, events, … refer to it: its key does not change, not even for the owner.
			id: writers(SIGNED_IN, NOBODY, { owner: { update: false } }),
			slug: CONTENT,
			place_id: writers(SIGNED_IN, TEAM_AND_ADMINS, { value: (w) => w.sitePlace2 }),
			body: CONTENT,
			title: CONTENT,
			status: writers(ADMINS, ADMINS, { value: 'adopted' }),
			decided_on: writers(ADMINS, ADMINS, { with: () => ({ decided_on_precision: 'day' }) }),
			decided_on_precision: writers(ADMINS, ADMINS, {
				value: 'year',
				with: () => ({ decided_on: '2001-01-01' })
			}),
			votes_for: CONTENT,
			votes_against: CONTENT,
			votes_abstain: CONTENT,
			text: CONTENT,
			visibility: writers(ADMINS, LEAD_AND_ADMINS, { value: 'published' }),
			source_url: writers(SIGNED_IN, TEAM_AND_ADMINS, { value: 'https://example.org/matrix' }),
			source_title: CONTENT,
			notes: CONTENT,
			provenance: writers(ADMINS, ADMINS, { value: 'import' }),
			verified: writers(ADMINS, ADMINS),
			created_by: server(),
			created_at: server(),
			updated_at: server({ owner: { update: false } }),
			stage: writers(ADMINS, ADMINS, { value: 'introduced' }),
			next_step: CONTENT,
			next_step_on: CONTENT,
			official_number: CONTENT,
			official_url: writers(SIGNED_IN, TEAM_AND_ADMINS, { value: 'https://example.org/r/7' }),
			template_version_id: writers(SIGNED_IN, TEAM_AND_ADMINS, {
				value: (w) => w.versionPublished
			}),
			template_values: CONTENT,
			endorsers: CONTENT,
			letter_subject: CONTENT,
			letter_body: CONTENT,
			// The moment it became public, stamped by the database for every writer.
			published_at: server({ owner: { insert: false, update: false } })
		}
	},

	// Nobody is added by a client (the creator leads by trigger, editors join through an
	// invite); leads change roles. A membership never moves, and its date is when they joined —
	// both kept by the guard even against the owner.
	resolution_members: {
		row: (w) => ({ resolution_id: w.campaignA, user_id: w.people.member.id }),
		insert: (w) => ({ resolution_id: w.campaignA, user_id: w.people.stranger.id }),
		columns: {
			resolution_id: server({ value: (w) => w.campaignB, owner: { update: false } }),
			user_id: server({ owner: { update: false } }),
			role: writers(NOBODY, LEAD, { value: 'lead' }),
			joined_at: server({ owner: { update: false } })
		}
	},

	// As a group's invites: leads choose the campaign (one they lead), role, note and the link's
	// hash, then may only revoke it, at the moment they do.
	resolution_invites: {
		row: (w) => ({ id: w.campaignInviteA }),
		insert: (w) => ({ resolution_id: w.campaignA, token_hash: hash('e'), role: 'editor' }),
		columns: {
			id: writers(LEAD, NOBODY),
			resolution_id: writers(LEAD, NOBODY, { value: (w) => w.campaignA2 }),
			token_hash: writers(LEAD, NOBODY, { value: hash('f') }),
			role: writers(LEAD, NOBODY, { value: 'lead' }),
			note: writers(LEAD, NOBODY),
			created_by: server(),
			created_at: server(INVITE_CREATED),
			expires_at: server({ value: raw("now() + interval '1 day'") }),
			revoked_at: writers(NOBODY, LEAD, { value: NOW }),
			used_by: server({ with: () => ({ used_at: NOW }) }),
			used_at: server({ value: NOW })
		}
	},

	// The dated history: the team (and admins) add entries to campaigns they are on and, while
	// the campaign is a draft, correct their dates, notes and sources. The outcome and stage an
	// entry records are the pipeline's (private.move_resolution) or a site admin's when adding
	// one; an entry stays with its resolution.
	resolution_events: {
		row: (w) => ({ id: w.eventA }),
		insert: (w) => ({ resolution_id: w.campaignA, occurred_on: '2026-04-01', note: 'Hearing' }),
		columns: {
			id: writers(TEAM_AND_ADMINS, NOBODY),
			resolution_id: writers(TEAM_AND_ADMINS, NOBODY, { value: (w) => w.campaignA2 }),
			occurred_on: writers(TEAM_AND_ADMINS, TEAM_AND_ADMINS),
			occurred_on_precision: writers(TEAM_AND_ADMINS, TEAM_AND_ADMINS, { value: 'month' }),
			status: writers(ADMINS, NOBODY, { value: 'adopted' }),
			note: writers(TEAM_AND_ADMINS, TEAM_AND_ADMINS),
			source_url: writers(TEAM_AND_ADMINS, TEAM_AND_ADMINS, { value: 'https://example.org/m' }),
			created_by: server(),
			created_at: server(),
			stage: writers(ADMINS, NOBODY, { value: 'introduced' })
		}
	},

	// Who decides (officials' names, roles, office addresses): the team and admins write them.
	resolution_recipients: {
		row: (w) => ({ id: w.recipientA }),
		insert: (w) => ({ resolution_id: w.campaignA, name: 'The clerk', email: 'clerk@example.org' }),
		columns: {
			id: writers(TEAM_AND_ADMINS, NOBODY),
			resolution_id: writers(TEAM_AND_ADMINS, NOBODY, { value: (w) => w.campaignA2 }),
			name: writers(TEAM_AND_ADMINS, TEAM_AND_ADMINS),
			role: writers(TEAM_AND_ADMINS, TEAM_AND_ADMINS),
			email: writers(TEAM_AND_ADMINS, TEAM_AND_ADMINS, { value: 'council@example.org' }),
			position: writers(TEAM_AND_ADMINS, TEAM_AND_ADMINS),
			created_at: server()
		}
	}
};
