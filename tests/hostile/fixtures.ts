// The per-route fixture table: for every action and endpoint in src/routes, who calls it (a
// persona allowed to, so that input and not access is what gets refused), its route parameters
// and a valid form or query to start breaking from. Keys are what inventory.ts produces; the
// coverage test fails when a handler has no entry here, or an entry names no handler.
import type { PersonaName, World } from './world';

type Values = Record<string, readonly string[]>;

export interface Fixture {
	who: PersonaName;
	params?: (w: World) => Values;
	/** The valid form (POST) or query (GET) fields, each with values a valid request may use. */
	fields?: (w: World) => Values;
	files?: Record<string, () => File>;
	/** Changes nothing even when it succeeds: every run is checked for unchanged rows. */
	readOnly?: boolean;
	/** Runs after the others of its file, in this order: it may take away access or a row. */
	last?: number;
}

export type TableEntry = Fixture | { notCovered: string };

const textFile = () => new File(['A plain text file.\n'], 'note.txt', { type: 'text/plain' });
const pdfFile = () => new File(['%PDF-1.4\n%%EOF\n'], 'minutes.pdf', { type: 'application/pdf' });

const groupParams = (w: World) => ({ id: [w.groupA] });
const campaignParams = (w: World) => ({ id: [w.campaignA.id] });
const task = {
	title: ['Buy a crib'],
	category: ['housing'],
	kind: ['supply', 'action'],
	due_days: ['-7', ''],
	due_on: [''],
	notes: ['', 'From the thrift store']
};
const filters = {
	status: ['adopted', ''],
	kind: ['city'],
	state: ['ND', 'MN'],
	from: ['2020'],
	to: ['2026'],
	q: ['welcoming', '']
};
const listView = { sort: ['date', 'place'], dir: ['asc', 'desc'], page: ['1', '2'] };
const report = {
	place_name: ['Lakeview'],
	place_kind: ['city'],
	state_code: ['MN'],
	status: ['adopted'],
	decided_on: ['2024-05-14'],
	title: ['Resolution welcoming refugees to Lakeview'],
	body: ['City Council'],
	source_url: ['https://lakeview.example.org/minutes'],
	notes: ['']
};
const recipient = { name: ['Mayor Ruiz'], role: ['Mayor', ''], email: ['mayor@example.org'] };
const templateValues = (w: World): Values =>
	Object.fromEntries(w.templateVariables.map((v) => [`v_${v.name}`, [v.example || 'Pine County']]));

/** The seed's CSV format, one row: a valid import to start breaking from. */
const importCsv = [
	'name,kind,state,status,decided_on,body,title,source_url,source_title,notes',
	'Fargo,city,ND,adopted,2017-02-13,City Commission,Resolution welcoming refugees,https://fargo.example.org/minutes,Minutes,'
].join('\n');
const importForm = () => ({ mode: ['all_or_nothing', 'valid_only'], csv: [importCsv] });

export const FIXTURES: Record<string, TableEntry> = {
	// Sponsor groups: the lead of group A (or its member), group B's ids as the foreign ones.
	'/groups ?/calendar': { who: 'lead' },
	'/groups ?/calendar_off': { who: 'lead' },
	'/groups ?/create': {
		who: 'stranger',
		fields: () => ({
			name: ['Group C'],
			city: ['Fargo'],
			state_code: ['ND'],
			program_id: ['welcome_corps'],
			arrival_on: ['2027-03-01']
		})
	},
	'/groups/[id] ?/task_status': {
		who: 'member',
		params: groupParams,
		fields: (w) => ({ task_id: [w.taskA], status: ['done', 'todo', 'blocked'] })
	},
	'/groups/[id] ?/task_assignee': {
		who: 'lead',
		params: groupParams,
		fields: (w) => ({ task_id: [w.taskA], assignee_id: ['', w.personas.member.id] })
	},
	'/groups/[id] ?/add_task': { who: 'member', params: groupParams, fields: () => task },
	'/groups/[id] ?/edit_task': {
		who: 'lead',
		params: groupParams,
		fields: (w) => ({ task_id: [w.taskA], ...task })
	},
	'/groups/[id] ?/move_task': {
		who: 'lead',
		params: groupParams,
		fields: (w) => ({ task_id: [w.taskA], direction: ['up', 'down'] })
	},
	'/groups/[id] ?/add_comment': {
		who: 'member',
		params: groupParams,
		fields: (w) => ({ task_id: [w.taskA], body: ['We found one.'] })
	},
	'/groups/[id] ?/delete_comment': {
		who: 'lead',
		params: groupParams,
		fields: (w) => ({ comment_id: [w.commentA] })
	},
	'/groups/[id] ?/eligibility': {
		who: 'lead',
		params: groupParams,
		fields: () => ({ item: ['age_18', 'us_resident'] })
	},
	'/groups/[id] ?/committees': {
		who: 'member',
		params: groupParams,
		fields: (w) => ({ user_id: [w.personas.member.id], committee: ['housing', 'welcome'] })
	},
	'/groups/[id] ?/ledger': {
		who: 'member',
		params: groupParams,
		fields: () => ({
			kind: ['donation', 'expense'],
			amount: ['25', '12.50'],
			description: ['Bake sale'],
			occurred_on: ['2026-11-01']
		})
	},
	'/groups/[id] ?/ledger_edit': {
		who: 'member',
		params: groupParams,
		fields: (w) => ({
			entry_id: [w.ledgerA],
			kind: ['donation', 'in_kind'],
			amount: ['30', '12.50'],
			description: ['Bake sale, corrected'],
			occurred_on: ['2026-11-02']
		})
	},
	'/groups/[id] ?/ledger_delete': {
		who: 'member',
		params: groupParams,
		// Runs last: the entry is gone after the first accepted request.
		last: 1,
		fields: (w) => ({ entry_id: [w.ledgerA] })
	},
	'/groups/[id] ?/family': {
		who: 'lead',
		params: groupParams,
		fields: () => ({
			household_size: ['4'],
			languages: ['Dari, Pashto'],
			arrival_on: ['2027-03-01'],
			needs: [''],
			sensitive_needs: ['']
		})
	},
	'/groups/[id] ?/invite': {
		who: 'lead',
		params: groupParams,
		fields: () => ({ role: ['member', 'lead'] })
	},
	'/groups/[id] ?/revoke': {
		who: 'lead',
		params: groupParams,
		fields: (w) => ({ invite_id: [w.inviteA] })
	},
	'/groups/[id] ?/upload': {
		who: 'lead',
		params: groupParams,
		fields: () => ({ title: ['Lease'], sensitive: ['', 'on'] }),
		files: { file: textFile }
	},
	'/groups/[id] ?/delete_document': {
		who: 'lead',
		params: groupParams,
		fields: () => ({ document_id: [crypto.randomUUID()] })
	},
	'/groups/[id] ?/remove': {
		who: 'lead',
		params: groupParams,
		fields: (w) => ({ user_id: [w.personas.member.id] }),
		last: 1
	},
	'/groups/[id] ?/handover': {
		who: 'lead',
		params: groupParams,
		fields: (w) => ({ user_id: [w.personas.member.id] }),
		last: 2
	},
	'/groups/[id] ?/close': { who: 'lead', params: groupParams, last: 3 },
	'/groups/[id] ?/reopen': { who: 'lead', params: groupParams, last: 4 },
	'/groups/[id] ?/leave': { who: 'lead', params: groupParams, last: 5 },
	'/groups/join/[token] ?/default': {
		who: 'stranger',
		params: (w) => ({ token: [w.groupInviteToken] })
	},
	'GET /groups/[id]/budget.csv': { who: 'member', params: groupParams, readOnly: true },
	'GET /groups/[id]/documents/[documentId]': {
		who: 'member',
		params: (w) => ({ id: [w.groupA], documentId: [crypto.randomUUID()] }),
		readOnly: true
	},
	'GET /groups/[id]/reports/[days]/docx': {
		who: 'lead',
		params: (w) => ({ id: [w.groupA], days: ['30', '90'] }),
		readOnly: true
	},
	'GET /calendar/[token].ics': {
		who: 'anon',
		params: (w) => ({ token: [w.calendarToken] }),
		readOnly: true
	},

	// Campaigns: campaign A's lead (member is its editor), campaign B's ids as foreign ones.
	'/organize/new ?/default': {
		who: 'lead',
		fields: (w) => ({
			place_id: [w.placeA],
			place_name: ['Fargo'],
			place_kind: ['city'],
			place_state: ['ND'],
			body: ['City Council', ''],
			template: ['']
		})
	},
	'/organize/[id] ?/save': {
		who: 'member',
		params: campaignParams,
		fields: () => ({
			title: ['A welcoming resolution'],
			text: ['WHEREAS our city welcomes refugees.'],
			body: ['City Council'],
			official_number: ['R-2026-14', ''],
			official_url: ['https://city.example.org/r/14', ''],
			votes_for: ['5', ''],
			votes_against: ['2', ''],
			votes_abstain: ['0', ''],
			next_step: ['Second reading', ''],
			next_step_on: ['2026-12-01', ''],
			endorsers: ['Lutheran Social Services', '']
		})
	},
	'/organize/[id] ?/move': {
		who: 'member',
		params: campaignParams,
		fields: () => ({
			move: ['stage:introduced', 'stage:committee', 'end:tabled'],
			occurred_on: ['2026-11-01'],
			note: ['Introduced by Council Member Lee'],
			source_url: ['', 'https://city.example.org/minutes']
		})
	},
	'/organize/[id] ?/publish': { who: 'lead', params: campaignParams },
	'/organize/import ?/preview': { who: 'admin', fields: importForm, readOnly: true },
	'/organize/import ?/import': { who: 'admin', fields: importForm },
	'GET /organize/import/progress': {
		who: 'admin',
		fields: () => ({ job: ['0f8fad5b-d9cb-469f-a165-70867728950e'] }),
		readOnly: true
	},
	'/organize/[id] ?/unpublish': { who: 'lead', params: campaignParams, last: 6 },
	'/organize/[id] ?/delete': {
		who: 'lead',
		params: campaignParams,
		fields: () => ({ confirm: ['yes'] }),
		last: 9
	},
	'/organize/[id] ?/upload': { who: 'member', params: campaignParams, files: { file: pdfFile } },
	'/organize/[id] ?/delete_document': {
		who: 'member',
		params: campaignParams,
		fields: () => ({ file: ['minutes.pdf'] })
	},
	'/organize/[id]/act ?/add_recipient': {
		who: 'member',
		params: campaignParams,
		fields: () => recipient
	},
	'/organize/[id]/act ?/update_recipient': {
		who: 'member',
		params: campaignParams,
		fields: (w) => ({ recipient_id: [w.recipientA], ...recipient })
	},
	'/organize/[id]/act ?/remove_recipient': {
		who: 'lead',
		params: campaignParams,
		fields: (w) => ({ recipient_id: [w.recipientA] }),
		last: 1
	},
	'/organize/[id]/act ?/letter': {
		who: 'member',
		params: campaignParams,
		fields: () => ({
			letter_subject: ['Please support the resolution'],
			letter_body: ['Dear {{recipient_name}},\n\nPlease vote yes.']
		})
	},
	'/organize/[id]/act ?/letter_template': {
		who: 'member',
		params: campaignParams,
		fields: (w) => ({ template_id: [w.templateId] }),
		readOnly: true
	},
	'/organize/[id]/team ?/invite': {
		who: 'lead',
		params: campaignParams,
		fields: () => ({ role: ['editor', 'lead'] })
	},
	'/organize/[id]/team ?/revoke': {
		who: 'lead',
		params: campaignParams,
		fields: (w) => ({ invite_id: [w.teamInviteA] })
	},
	'/organize/[id]/team ?/role': {
		who: 'lead',
		params: campaignParams,
		fields: (w) => ({ user_id: [w.personas.member.id], role: ['editor'] })
	},
	'/organize/[id]/team ?/remove': {
		who: 'lead',
		params: campaignParams,
		fields: (w) => ({ user_id: [w.personas.member.id] }),
		last: 2
	},
	'/organize/[id]/team ?/leave': { who: 'lead', params: campaignParams, last: 8 },
	'/organize/join/[token] ?/default': {
		who: 'stranger',
		params: (w) => ({ token: [w.teamInviteToken] })
	},

	// Public pages, accounts and site administration.
	'/login ?/password': {
		who: 'anon',
		fields: (w) => ({
			email: [w.personas.lead.email],
			password: ['a long enough passphrase'],
			next: ['', '/groups']
		})
	},
	'/login ?/magic': {
		who: 'anon',
		fields: (w) => ({ email: [w.personas.lead.email], next: ['', '/organize'] })
	},
	'/signup ?/default': {
		who: 'anon',
		fields: () => ({
			email: ['newcomer@example.org'],
			password: ['a long enough passphrase'],
			display_name: ['Newcomer', ''],
			next: ['']
		})
	},
	'/forgot-password ?/default': {
		who: 'anon',
		fields: (w) => ({ email: [w.personas.lead.email], next: [''] })
	},
	'/logout ?/default': { who: 'anon' },
	'/account ?/profile': {
		who: 'stranger',
		fields: () => ({ display_name: ['Sam'], locale: ['en', 'es'] })
	},
	'/account ?/delete': {
		who: 'stranger',
		fields: (w) => ({ confirm_email: [w.personas.stranger.email] }),
		last: 9
	},
	'/account/password ?/default': {
		who: 'stranger',
		fields: () => ({
			password: ['another long passphrase'],
			password_confirm: ['another long passphrase']
		})
	},
	'/preferences ?/theme': { who: 'anon', fields: () => ({ theme: ['dark'], next: ['/'] }) },
	'/preferences ?/language': { who: 'anon', fields: () => ({ lang: ['es'], next: ['/map'] }) },
	'/report ?/default': {
		who: 'anon',
		fields: () => ({ ...report, contact_email: ['', 'me@example.org'] })
	},
	'/moderate/[id] ?/approve': {
		who: 'admin',
		params: (w) => ({ id: [w.reports.approve] }),
		fields: () => ({ ...report, lat: [''], lon: [''] }),
		last: 3
	},
	'/moderate/[id] ?/merge': {
		who: 'admin',
		params: (w) => ({ id: [w.reports.merge] }),
		fields: (w) => ({ resolution_id: [w.campaignA.id] }),
		last: 2
	},
	'/moderate/[id] ?/reject': {
		who: 'admin',
		params: (w) => ({ id: [w.reports.reject] }),
		fields: () => ({ reason: ['A duplicate of Lakeview 2024'] }),
		last: 1
	},
	'/resolutions/[slug] ?/sent': { who: 'anon', params: (w) => ({ slug: [w.campaignA.slug] }) },
	'/actions/[slug] ?/report': {
		who: 'anon',
		params: (w) => ({ slug: [w.urgentActionSlug] }),
		fields: () => ({
			kind: ['letter', 'call'],
			count: ['1', '12'],
			name: ['', 'Ana Ruiz'],
			zip: ['', '10001'],
			email: ['', 'ana@example.org'],
			consent: ['yes']
		})
	},
	'/templates/[slug] ?/preview': {
		who: 'anon',
		params: (w) => ({ slug: [w.templateSlug] }),
		fields: templateValues,
		readOnly: true
	},
	'/templates/[slug] ?/campaign': {
		who: 'lead',
		params: (w) => ({ slug: [w.templateSlug] }),
		fields: (w) => ({ ...templateValues(w), place_id: [w.placeA] })
	},
	'/templates/[slug]/edit ?/default': {
		who: 'admin',
		params: (w) => ({ slug: [w.templateSlug] }),
		fields: (w) => ({
			title: [w.templateVersion.title],
			body: [w.templateVersion.body],
			variables: [JSON.stringify(w.templateVersion.variables)],
			facts: [JSON.stringify(w.templateVersion.facts)],
			reviewed_on: ['2026-11-25'],
			change_note: ['Revised'],
			published: ['on', '']
		})
	},
	'POST /templates/[slug]/download': {
		who: 'anon',
		params: (w) => ({ slug: [w.templateSlug] }),
		fields: (w) => ({ ...templateValues(w), format: ['docx', 'markdown', 'text'] }),
		readOnly: true
	},

	// Read endpoints: query filters and ids from the URL.
	'GET /account/export': { who: 'stranger', readOnly: true },
	'GET /api/map': {
		who: 'anon',
		fields: () => ({ ...filters, zoom: ['4', '9'], bbox: ['-125,24,-66,50'] }),
		readOnly: true
	},
	'GET /api/map/clusters/[id]': {
		who: 'anon',
		params: () => ({ id: ['1', '33'] }),
		fields: () => filters,
		readOnly: true
	},
	'GET /api/map/points/[slug]': {
		who: 'anon',
		params: (w) => ({ slug: [w.campaignA.slug] }),
		readOnly: true
	},
	'GET /api/places': {
		who: 'anon',
		fields: () => ({ q: ['Far', 'spring'], kind: ['city', ''], state: ['ND', ''] }),
		readOnly: true
	},
	'GET /api/resolutions': {
		who: 'anon',
		fields: () => ({ ...filters, ...listView, per_page: ['10', '50'] }),
		readOnly: true
	},
	'GET /api/resolutions/[slug]': {
		who: 'anon',
		params: (w) => ({ slug: [w.campaignA.slug] }),
		readOnly: true
	},
	'GET /feeds/states/[code].atom': {
		who: 'anon',
		params: () => ({ code: ['ND', 'mn'] }),
		readOnly: true
	},
	'GET /feeds/actions.atom': { who: 'anon', readOnly: true },
	'GET /api/actions': { who: 'anon', readOnly: true },
	'GET /feeds/updates.atom': { who: 'anon', fields: () => filters, readOnly: true },
	'GET /resolutions.csv': { who: 'anon', fields: () => filters, readOnly: true },
	'GET /resolutions.geojson': { who: 'anon', fields: () => filters, readOnly: true },
	'GET /resolutions/[slug]/documents/[file]': {
		who: 'anon',
		params: (w) => ({ slug: [w.campaignA.slug], file: ['minutes.pdf'] }),
		readOnly: true
	},
	'GET /resolutions/[slug]/feed.atom': {
		who: 'anon',
		params: (w) => ({ slug: [w.campaignA.slug] }),
		readOnly: true
	},
	// Page loads that read the query string.
	'LOAD /': {
		who: 'anon',
		fields: () => ({ ...filters, ...listView, account: ['deleted', ''] }),
		readOnly: true
	},
	'LOAD /embed/map': { who: 'anon', fields: () => filters, readOnly: true },
	'LOAD /actions/[slug]': {
		who: 'anon',
		params: (w) => ({ slug: [w.urgentActionSlug] }),
		fields: () => ({ name: ['Ana Ruiz', ''], city: ['Fargo', ''] }),
		readOnly: true
	},
	'LOAD /templates': {
		who: 'anon',
		fields: () => ({ body_type: ['county', ''], language: ['en', 'es'], kind: ['resolution', ''] }),
		readOnly: true
	},
	'LOAD /login': { who: 'anon', fields: () => ({ next: ['/groups', ''] }), readOnly: true },
	'LOAD /signup': { who: 'anon', fields: () => ({ next: ['/organize', ''] }), readOnly: true },
	'LOAD /auth/confirm': {
		who: 'anon',
		fields: () => ({
			token_hash: ['0123456789abcdef0123456789abcdef'],
			type: ['magiclink', 'recovery'],
			next: ['/account', '']
		}),
		readOnly: true
	},
	'LOAD /moderate/[id]': {
		who: 'admin',
		params: (w) => ({ id: [w.reports.approve] }),
		fields: () => ({ q: ['Lakeview', ''] }),
		readOnly: true
	},
	'LOAD /organize': { who: 'lead', fields: () => ({ stale: ['30', '90'] }), readOnly: true },
	'LOAD /organize/new': {
		who: 'lead',
		fields: () => ({ kind: ['city', 'county'] }),
		readOnly: true
	},
	'LOAD /groups/[id]': {
		who: 'member',
		params: groupParams,
		fields: () => ({ committee: ['housing', ''] }),
		readOnly: true
	},
	'GET /storage/v1/object/sign/[bucket]/[...path]': {
		who: 'member',
		params: (w) => ({
			bucket: ['group-files', 'resolution-files'],
			path: [`${w.groupA}/${crypto.randomUUID()}`]
		}),
		fields: () => ({ token: ['abc.def'] }),
		readOnly: true
	}
};
