// The rows the column-write matrix changes, and the people it writes as. The personas' relations
// are made as the app makes them: groups with createGroup, campaigns with startCampaign, and
// everyone else joins through an invite the lead made (createInvite/acceptInvite,
// createTeamInvite/acceptTeamInvite). Rows nobody may write directly (an "I sent it", a public
// report) come the way the app makes them or over the owner's handle.
//
//   anon      signed out
//   stranger  signed in, in nothing
//   other     lead of group B and of campaign B: a lead, but elsewhere
//   member    member of groups A and A2, editor of campaigns A and A2
//   lead      lead of groups A and A2 and of campaigns A and A2
//   admin     site admin, on no team
import { sql } from 'kysely';
import { ANON, type Tx } from '../../../src/lib/server/db';
import { startCampaign } from '../../../src/lib/server/campaigns/start';
import { acceptTeamInvite, createTeamInvite } from '../../../src/lib/server/campaigns/team';
import { createCalendarFeed } from '../../../src/lib/server/groups/calendar';
import { acceptInvite, createGroup, createInvite } from '../../../src/lib/server/groups/groups';
import type { TestDatabase } from '../../helpers/databases';
import { createPersona, type Persona } from '../../helpers/personas';
import { createPeople, type People } from '../../helpers/rls-matrix';

export interface World {
	people: People;
	/**
	 * A signed-up user who is none of the personas: the value of who-columns (created_by,
	 * user_id, …) in the cells, so that a trigger setting them to the caller shows.
	 */
	nobody: string;
	/** An account whose profile row is gone: the only valid base row for profiles. */
	profileless: string;
	program: string;
	groupA: string;
	/** Another group of the same lead and member, without a family yet. */
	groupA2: string;
	groupB: string;
	taskA: string;
	/** A second task in group A, and one in A2. */
	taskA_second: string;
	taskA2: string;
	commentA: string;
	ledgerEntryA: string;
	documentA: string;
	groupInviteA: string;
	activityA: string;
	feedOfMember: string;
	/** Site places (claimed by nobody), and the place the lead added for campaign A. */
	sitePlace: string;
	sitePlace2: string;
	placeOfLead: string;
	campaignA: string;
	campaignA2: string;
	campaignB: string;
	campaignInviteA: string;
	eventA: string;
	recipientA: string;
	actionA: string;
	reportPending: string;
	templatePublished: string;
	templateOther: string;
	versionPublished: string;
	/** Urgent actions, written by a site admin: a draft (the fixture row) and a published one. */
	urgentDraft: string;
	urgentPublished: string;
	urgentTarget: string;
	/** A report on the published action, through private.report_urgent_action(). */
	urgentReport: string;
}

const as = <T>(d: TestDatabase, persona: Persona, fn: (tx: Tx) => Promise<T>) =>
	d.as(persona.claims, fn);

async function joinGroup(d: TestDatabase, lead: Persona, member: Persona, groupId: string) {
	const token = await as(d, lead, (tx) => createInvite(tx, groupId, lead.id, 'member'));
	if ((await as(d, member, (tx) => acceptInvite(tx, token))) !== groupId) {
		throw new Error('the member did not join the group');
	}
}

async function joinCampaign(d: TestDatabase, lead: Persona, editor: Persona, campaignId: string) {
	const token = await as(d, lead, (tx) => createTeamInvite(tx, campaignId, lead.id, 'editor'));
	if ((await as(d, editor, (tx) => acceptTeamInvite(tx, token))) !== campaignId) {
		throw new Error('the editor did not join the campaign');
	}
}

const groupInput = (name: string) => ({
	name,
	city: 'Saint Paul',
	state_code: 'MN' as const,
	program_id: 'custom',
	arrival_on: '2026-09-01'
});

export async function createWorld(d: TestDatabase): Promise<World> {
	const people = await createPeople(d, 'member');
	const { other, member, lead, admin } = people;
	const nobody = (await createPersona(d, 'nobody')).id;
	const profileless = (await createPersona(d, 'profileless')).id;
	await d.db.deleteFrom('profiles').where('id', '=', profileless).execute();

	// Templates and site places: site admins write them.
	const site = await as(d, admin, async (tx) => {
		const templatePublished = await tx
			.insertInto('templates')
			.values({
				slug: 'matrix-welcome',
				body_type: 'city_council',
				language: 'en',
				published: true
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const templateOther = await tx
			.insertInto('templates')
			.values({ slug: 'matrix-letter', body_type: 'school_board', language: 'es', kind: 'letter' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const version = await tx
			.insertInto('template_versions')
			.values({
				template_id: templatePublished.id,
				version: 1,
				title: 'A welcoming city',
				body: 'Be it resolved that {{city}} welcomes refugees.',
				reviewed_on: '2026-01-15'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const place = (name: string) =>
			tx
				.insertInto('places')
				.values({ kind: 'city', name, state_code: 'CO' })
				.returning('id')
				.executeTakeFirstOrThrow();
		const sitePlace = await place('Matrix Springs');
		const sitePlace2 = await place('Matrix Falls');
		return {
			templatePublished: templatePublished.id,
			templateOther: templateOther.id,
			versionPublished: version.id,
			sitePlace: sitePlace.id,
			sitePlace2: sitePlace2.id
		};
	});

	// Groups: A and A2 (lead and member), B (other). A2 has no family, so that one can be added.
	const groupA = await as(d, lead, (tx) => createGroup(tx, lead.id, groupInput('Group A')));
	const groupA2 = await as(d, lead, (tx) => createGroup(tx, lead.id, groupInput('Group A2')));
	const groupB = await as(d, other, (tx) => createGroup(tx, other.id, groupInput('Group B')));
	await d.db.deleteFrom('group_families').where('group_id', '=', groupA2).execute();
	await joinGroup(d, lead, member, groupA);
	await joinGroup(d, lead, member, groupA2);

	const byLead = await as(d, lead, async (tx) => {
		await tx
			.insertInto('group_family_sensitive')
			.values({ group_id: groupA, needs: 'A wheelchair at the airport' })
			.execute();
		const task = (group_id: string, title: string) =>
			tx
				.insertInto('group_tasks')
				.values({ group_id, title, category: 'arrival' })
				.returning('id')
				.executeTakeFirstOrThrow();
		const taskA = await task(groupA, 'Meet the family at the airport');
		const taskA_second = await task(groupA, 'Warm meal on arrival');
		const taskA2 = await task(groupA2, 'Enrol the children in school');
		await createInvite(tx, groupA, lead.id, 'member');
		return { taskA: taskA.id, taskA_second: taskA_second.id, taskA2: taskA2.id };
	});

	const byMember = await as(d, member, async (tx) => {
		const comment = await tx
			.insertInto('group_task_comments')
			.values({ task_id: byLead.taskA, group_id: groupA, body: 'I can drive' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const entry = await tx
			.insertInto('group_ledger_entries')
			.values({
				group_id: groupA,
				kind: 'pledge',
				amount_cents: 25000,
				description: 'First month of rent',
				occurred_on: '2026-08-01'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const document = await tx
			.insertInto('group_documents')
			.values({ group_id: groupA, object_name: `${groupA}/${crypto.randomUUID()}`, title: 'Lease' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await createCalendarFeed(tx, member.id);
		return { commentA: comment.id, ledgerEntryA: entry.id, documentA: document.id };
	});

	// Campaigns: A (a place the lead adds) and A2 (a site place), led by the lead with the member
	// as editor; B, the other's.
	const start = (persona: Persona, place: Parameters<typeof startCampaign>[2]['place']) =>
		as(d, persona, async (tx) => {
			const started = await startCampaign(tx, persona.id, { place });
			if (!started) throw new Error('the campaign did not start');
			return started;
		});
	const campaignA = await start(lead, {
		place_name: 'Matrixtown',
		place_kind: 'city',
		place_state: 'WY'
	});
	const campaignA2 = await start(lead, { place_id: site.sitePlace });
	const campaignB = await start(other, { place_id: site.sitePlace });
	await joinCampaign(d, lead, member, campaignA.id);
	await joinCampaign(d, lead, member, campaignA2.id);
	await as(d, lead, (tx) => createTeamInvite(tx, campaignA.id, lead.id, 'editor'));

	const campaignRows = await as(d, member, async (tx) => {
		const event = await tx
			.insertInto('resolution_events')
			.values({ resolution_id: campaignA.id, occurred_on: '2026-03-01', note: 'Met the mayor' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const recipient = await tx
			.insertInto('resolution_recipients')
			.values({ resolution_id: campaignA.id, name: 'The mayor', email: 'mayor@example.org' })
			.returning('id')
			.executeTakeFirstOrThrow();
		return { eventA: event.id, recipientA: recipient.id };
	});

	// Nobody writes these directly: an "I sent it" (counted only for a published resolution; the
	// fixture row is a draft's, so the owner writes it) and a report sent by someone signed out.
	const action = await d.db
		.insertInto('resolution_actions')
		.values({ resolution_id: campaignA.id })
		.returning('id')
		.executeTakeFirstOrThrow();
	await d.as(ANON, (tx) =>
		sql`select private.submit_report(
			'203.0.113.7', '', 'Matrix Springs', 'city', 'CO', 'adopted', '2025-05-01'::date,
			'A welcoming city', null, 'https://example.org/minutes', null, null)`.execute(tx)
	);

	const owner = d.db;
	const one = async <T>(query: Promise<T | undefined>, what: string) => {
		const row = await query;
		if (!row) throw new Error(`no ${what} in the fixture`);
		return row;
	};
	const groupInvite = await one(
		owner
			.selectFrom('group_invites')
			.select('id')
			.where('group_id', '=', groupA)
			.where('used_at', 'is', null)
			.executeTakeFirst(),
		'open group invite'
	);
	const campaignInvite = await one(
		owner
			.selectFrom('resolution_invites')
			.select('id')
			.where('resolution_id', '=', campaignA.id)
			.where('used_at', 'is', null)
			.executeTakeFirst(),
		'open campaign invite'
	);
	const activity = await one(
		owner
			.selectFrom('group_activity')
			.select('id')
			.where('group_id', '=', groupA)
			.orderBy('id')
			.executeTakeFirst(),
		'activity entry'
	);
	const feed = await one(
		owner
			.selectFrom('group_calendar_feeds')
			.select('id')
			.where('user_id', '=', member.id)
			.executeTakeFirst(),
		'calendar feed'
	);
	const report = await one(
		owner.selectFrom('resolution_reports').select('id').executeTakeFirst(),
		'report'
	);

	const urgent = await as(d, admin, async (tx) => {
		const action = (slug: string, published: boolean) =>
			tx
				.insertInto('urgent_actions')
				.values({ code: slug, slug, title_en: slug, summary_en: slug, published })
				.returning('id')
				.executeTakeFirstOrThrow();
		const draft = await action('matrix-draft', false);
		const published = await action('matrix-published', true);
		const target = await tx
			.insertInto('urgent_action_targets')
			.values({ action_id: draft.id, name: 'The governor', address: '1 State St' })
			.returning('id')
			.executeTakeFirstOrThrow();
		return { urgentDraft: draft.id, urgentPublished: published.id, urgentTarget: target.id };
	});
	await d.as(ANON, (tx) =>
		sql`select private.report_urgent_action(${urgent.urgentPublished}, 'letter', 1, null,
			'80202', null, false, '192.0.2.9', '')`.execute(tx)
	);
	const urgentReport = await one(
		owner.selectFrom('urgent_action_reports').select('id').executeTakeFirst(),
		'urgent action report'
	);

	return {
		people,
		nobody,
		profileless,
		...urgent,
		urgentReport: String(urgentReport.id),
		program: 'custom',
		groupA,
		groupA2,
		groupB,
		...byLead,
		...byMember,
		groupInviteA: groupInvite.id,
		activityA: String(activity.id),
		feedOfMember: feed.id,
		sitePlace: site.sitePlace,
		sitePlace2: site.sitePlace2,
		placeOfLead: campaignA.place.id,
		campaignA: campaignA.id,
		campaignA2: campaignA2.id,
		campaignB: campaignB.id,
		campaignInviteA: campaignInvite.id,
		...campaignRows,
		actionA: String(action.id),
		reportPending: report.id,
		templatePublished: site.templatePublished,
		templateOther: site.templateOther,
		versionPublished: site.versionPublished
	};
}
