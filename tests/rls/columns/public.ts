// Who may write each column of the site's shared tables: places, programs and profiles
// (supabase/migrations/20261203000400, …1200, …1400).
import {
	ADMINS,
	LEAD_AND_ADMINS,
	MEMBER,
	NOBODY,
	SIGNED_IN,
	server,
	writers,
	type Declarations
} from '../../helpers/column-matrix';
import type { World } from './world';

export const publicTables: Declarations<World> = {
	// A place belongs to the site (site admins add and change those) or to the user who added it
	// for a campaign; only that user and site admins change it. The fixture row is the place the
	// lead added for campaign A: the editor of that campaign does not change it. A place's kind
	// and state are what it is (set once); who holds it is the database's (published resolutions
	// hand it to the site). Ids may be chosen by the caller, as the import does. Whether the site
	// vetted a place's location is a site admin's call.
	places: {
		row: (w) => ({ id: w.placeOfLead }),
		insert: () => ({ kind: 'city', name: 'Matrixville', state_code: 'ND' }),
		columns: {
			// Campaign A refers to it: its key does not change, not even for the owner.
			id: writers(SIGNED_IN, NOBODY, { owner: { update: false } }),
			kind: writers(SIGNED_IN, NOBODY, { value: 'county' }),
			name: writers(SIGNED_IN, LEAD_AND_ADMINS),
			state_code: writers(SIGNED_IN, NOBODY, { value: 'SD' }),
			county: writers(SIGNED_IN, LEAD_AND_ADMINS),
			lat: writers(SIGNED_IN, LEAD_AND_ADMINS),
			lon: writers(SIGNED_IN, LEAD_AND_ADMINS),
			location_source: writers(SIGNED_IN, LEAD_AND_ADMINS),
			official_id: writers(SIGNED_IN, LEAD_AND_ADMINS),
			claimed_by: server(),
			// A client's new place starts unvetted (a site admin may vet it at once); only site admins
			// vet one later. `false` is what every signed-in client's new place holds anyway.
			vetted: writers(SIGNED_IN, ADMINS, { insertValue: false, updateValue: true }),
			created_by: server(),
			created_at: server()
		}
	},

	// Sponsorship programs' rules: public, maintained by site admins. The fixture row is the
	// program group A follows.
	programs: {
		row: (w) => ({ id: w.program }),
		insert: () => ({
			id: 'matrix_program',
			name: 'Matrix program',
			country: 'US',
			currency: 'USD',
			min_members: 3,
			support_days: 90
		}),
		columns: {
			// Groups refer to it: its key does not change, not even for the owner.
			id: writers(ADMINS, NOBODY, { owner: { update: false } }),
			name: writers(ADMINS, ADMINS),
			country: writers(ADMINS, ADMINS),
			currency: writers(ADMINS, ADMINS),
			min_members: writers(ADMINS, ADMINS),
			funding_base_cents: writers(ADMINS, ADMINS),
			funding_per_person_cents: writers(ADMINS, ADMINS),
			funding_table: writers(ADMINS, ADMINS),
			cash_share_percent: writers(ADMINS, ADMINS),
			support_days: writers(ADMINS, ADMINS),
			status: writers(ADMINS, ADMINS, { value: 'paused' }),
			status_note: writers(ADMINS, ADMINS),
			checklist: writers(ADMINS, ADMINS, { value: [{ key: 'matrix', title: 'Matrix' }] }),
			eligibility: writers(ADMINS, ADMINS, { value: [{ key: 'resident', label: 'Resident' }] }),
			updated_at: server({ owner: { update: false } })
		}
	},

	// A profile is made with the account (a trigger) and changed by its owner only: their name
	// and language. The fixture row is the member's.
	profiles: {
		row: (w) => ({ id: w.people.member.id }),
		insert: (w) => ({ id: w.profileless }),
		columns: {
			id: server({ value: (w) => w.profileless, sameAsBase: true }),
			display_name: writers(NOBODY, MEMBER),
			locale: writers(NOBODY, MEMBER, { value: 'es' }),
			created_at: server(),
			updated_at: server({ owner: { update: false } })
		}
	}
};
