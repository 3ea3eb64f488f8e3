// Who may write each column of the templates (supabase/migrations/20261203000500).
import { ADMINS, NOBODY, server, writers, type Declarations } from '../../helpers/column-matrix';
import type { World } from './world';

/** Template versions are immutable: not even the owner's connection changes one. */
const IMMUTABLE = { owner: { update: false } };

export const templateTables: Declarations<World> = {
	// Site admins add templates and change what they are for and whether they are published. A
	// slug is the template's address: set once. Templates are never deleted (unpublished
	// instead). The fixture row is the published template campaigns start from.
	templates: {
		row: (w) => ({ id: w.templatePublished }),
		insert: () => ({ slug: 'matrix-template', body_type: 'county_board', language: 'en' }),
		columns: {
			// Its versions refer to it: its key does not change, not even for the owner.
			id: writers(ADMINS, NOBODY, { owner: { update: false } }),
			slug: writers(ADMINS, NOBODY),
			body_type: writers(ADMINS, ADMINS, { value: 'university' }),
			language: writers(ADMINS, ADMINS, { value: 'es' }),
			kind: writers(ADMINS, ADMINS, { value: 'letter' }),
			published: writers(ADMINS, ADMINS, { insertValue: true, updateValue: false }),
			created_by: server(),
			created_at: server(),
			updated_at: server({ owner: { update: false } })
		}
	},

	// Site admins add versions (to any template: the next number is the database's); a version
	// is never changed, so a campaign keeps the text it was filled from.
	template_versions: {
		row: (w) => ({ id: w.versionPublished }),
		insert: (w) => ({
			template_id: w.templatePublished,
			version: 2,
			title: 'A welcoming county',
			body: 'Be it resolved.',
			reviewed_on: '2026-02-01'
		}),
		columns: {
			id: writers(ADMINS, NOBODY, IMMUTABLE),
			template_id: writers(ADMINS, NOBODY, { value: (w) => w.templateOther, ...IMMUTABLE }),
			version: server(IMMUTABLE),
			title: writers(ADMINS, NOBODY, IMMUTABLE),
			body: writers(ADMINS, NOBODY, IMMUTABLE),
			variables: writers(ADMINS, NOBODY, { value: [{ key: 'city' }], ...IMMUTABLE }),
			facts: writers(ADMINS, NOBODY, { value: [{ text: 'A fact' }], ...IMMUTABLE }),
			reviewed_on: writers(ADMINS, NOBODY, IMMUTABLE),
			change_note: writers(ADMINS, NOBODY, IMMUTABLE),
			created_by: server(IMMUTABLE),
			created_at: server(IMMUTABLE)
		}
	}
};
