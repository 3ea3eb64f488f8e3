// Who may write each column of what the public sends: reports of resolutions (moderated by site
// admins) and "I sent it" counts (supabase/migrations/20261203000900, …1000). Nobody inserts
// either directly: private.submit_report() and private.record_sent_letter() do, with their
// honeypot and rate limits.
import { ADMINS, NOBODY, server, writers, type Declarations } from '../../helpers/column-matrix';
import type { World } from './world';

const REJECTED = { state: 'rejected', decision_reason: 'Not a resolution' };

export const reportTables: Declarations<World> = {
	// A site admin corrects a pending report's fields and decides it (approve into or merge with
	// a resolution, or reject with a reason). Who decided and when are the database's, and so is
	// when it came in. The fixture row is a pending report sent by someone signed out.
	resolution_reports: {
		row: (w) => ({ id: w.reportPending }),
		insert: () => ({
			place_name: 'Matrix Falls',
			place_kind: 'city',
			state_code: 'CO',
			status: 'pending',
			title: 'A report',
			source_url: 'https://example.org/report'
		}),
		columns: {
			id: server(),
			place_name: writers(NOBODY, ADMINS),
			place_kind: writers(NOBODY, ADMINS, { value: 'county' }),
			state_code: writers(NOBODY, ADMINS),
			status: writers(NOBODY, ADMINS, { value: 'failed' }),
			decided_on: writers(NOBODY, ADMINS),
			title: writers(NOBODY, ADMINS),
			body: writers(NOBODY, ADMINS),
			source_url: writers(NOBODY, ADMINS, { value: 'https://example.org/matrix' }),
			notes: writers(NOBODY, ADMINS),
			contact_email: writers(NOBODY, ADMINS, { value: 'reporter@example.org' }),
			// A rejection has a reason (a check). The owner's connection would also have to set
			// decided_at, which the guard sets for a moderator: the owner cannot, with this alone.
			state: writers(NOBODY, ADMINS, {
				value: REJECTED.state,
				with: () => ({ decision_reason: REJECTED.decision_reason }),
				owner: { insert: false, update: false }
			}),
			decision_reason: writers(NOBODY, ADMINS),
			resolution_id: writers(NOBODY, ADMINS, { value: (w) => w.campaignA }),
			decided_by: server(),
			// Only a decided report has a time of decision (a check).
			decided_at: server({ with: () => REJECTED }),
			created_at: server()
		}
	},

	// One anonymous row per "I sent it": written by private.record_sent_letter() only.
	resolution_actions: {
		row: (w) => ({ id: w.actionA }),
		insert: (w) => ({ resolution_id: w.campaignA }),
		columns: {
			// Generated always: not even the owner chooses it.
			id: server({ value: 999999, owner: { insert: false, update: false } }),
			resolution_id: server({ value: (w) => w.campaignA2 }),
			created_at: server()
		}
	}
};
