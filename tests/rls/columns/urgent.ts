// Who may write each column of urgent actions, their targets and the reports of actions taken
// (supabase/migrations/20261203002200_urgent_actions.sql). Site admins write actions and targets
// (organizer roles come later); nobody writes a report directly: private.report_urgent_action()
// does, with its honeypot and rate limits.
import { ADMINS, NOBODY, server, writers, type Declarations } from '../../helpers/column-matrix';
import type { World } from './world';

export const urgentTables: Declarations<World> = {
	// The fixture row is a draft (only site admins see it).
	urgent_actions: {
		row: (w) => ({ id: w.urgentDraft }),
		insert: () => ({
			code: 'UA 9.99',
			slug: 'matrix-new',
			title_en: 'A new action',
			summary_en: 'What it is about'
		}),
		columns: {
			// Its target refers to it: the key does not change, not even for the owner.
			id: writers(ADMINS, NOBODY, { owner: { update: false } }),
			code: writers(ADMINS, ADMINS),
			slug: writers(ADMINS, ADMINS),
			title_en: writers(ADMINS, ADMINS),
			title_es: writers(ADMINS, ADMINS),
			summary_en: writers(ADMINS, ADMINS),
			summary_es: writers(ADMINS, ADMINS),
			info_en: writers(ADMINS, ADMINS),
			info_es: writers(ADMINS, ADMINS),
			status: writers(ADMINS, ADMINS, { value: 'success' }),
			deadline: writers(ADMINS, ADMINS),
			target_language: writers(ADMINS, ADMINS, { value: 'fr' }),
			own_language_welcome: writers(ADMINS, ADMINS),
			persons: writers(ADMINS, ADMINS, { value: [{ name: 'Matrix', pseudonym: true }] }),
			letter_subject_en: writers(ADMINS, ADMINS),
			letter_subject_es: writers(ADMINS, ADMINS),
			letter_en: writers(ADMINS, ADMINS),
			letter_es: writers(ADMINS, ADMINS),
			source_url: writers(ADMINS, ADMINS, { value: 'https://example.org/matrix' }),
			source_title: writers(ADMINS, ADMINS),
			published: writers(ADMINS, ADMINS),
			created_by: server(),
			created_at: server(),
			updated_at: server({ owner: { update: false } })
		}
	},

	// The fixture row is the draft's target; a target stays with its action.
	urgent_action_targets: {
		row: (w) => ({ id: w.urgentTarget }),
		insert: (w) => ({ action_id: w.urgentDraft, name: 'The mayor', email: 'mayor@example.org' }),
		columns: {
			id: writers(ADMINS, NOBODY),
			action_id: writers(ADMINS, NOBODY, { value: (w) => w.urgentPublished }),
			name: writers(ADMINS, ADMINS),
			title: writers(ADMINS, ADMINS),
			organisation: writers(ADMINS, ADMINS),
			salutation: writers(ADMINS, ADMINS),
			address: writers(ADMINS, ADMINS),
			email: writers(ADMINS, ADMINS, { value: 'office@example.org' }),
			phone: writers(ADMINS, ADMINS, { value: '+1 202 456 1111' }),
			position: writers(ADMINS, ADMINS),
			created_at: server()
		}
	},

	// One row per report, written by private.report_urgent_action() only.
	urgent_action_reports: {
		row: (w) => ({ id: w.urgentReport }),
		insert: (w) => ({ action_id: w.urgentPublished, kind: 'letter' }),
		columns: {
			// Generated always: not even the owner chooses it.
			id: server({ value: 999999, owner: { insert: false, update: false } }),
			action_id: server({ value: (w) => w.urgentDraft }),
			kind: server({ value: 'call' }),
			count: server(),
			state_code: server({ value: 'WY' }),
			// Contact details need consent (a check): set together.
			contact_consent: server(),
			name: server({ with: () => ({ contact_consent: true }) }),
			zip: server({ value: '82001', with: () => ({ contact_consent: true }) }),
			email: server({ value: 'me@example.org', with: () => ({ contact_consent: true }) }),
			created_at: server()
		}
	}
};
