// The people and things the hostile requests aim at: two sponsor groups, two campaigns, a
// pending public report, the seeded templates — so every action has a persona allowed to use it
// (the input, not access, is what gets refused) and real foreign ids to try.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANON, seedTemplates, userClaims } from '../../src/lib/server/db';
import { createLocalAuth } from '../../src/lib/server/auth/local';
import { loadConfig, type Config } from '../../src/lib/server/config';
import { createCalendarFeed } from '../../src/lib/server/groups/calendar';
import { createGroup, createInvite } from '../../src/lib/server/groups/groups';
import { createTeamInvite } from '../../src/lib/server/campaigns/team';
import { addRecipient } from '../../src/lib/server/act/recipients';
import { submitReport } from '../../src/lib/server/reports/reports';
import { createCampaign } from '../helpers/campaigns';
import { CookieJar } from '../helpers/cookies';
import { latestLinkTo } from '../helpers/outbox';
import type { TestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { groupInput } from '../groups/route-harness';

export type PersonaName = 'anon' | 'lead' | 'member' | 'stranger' | 'admin';

export interface World {
	config: Config;
	/** Cookie jars holding a real local session, for personas that signed up through auth. */
	sessions: Partial<Record<PersonaName, CookieJar>>;
	storageRoot: string;
	personas: Record<Exclude<PersonaName, 'anon'>, Persona> & { otherLead: Persona };
	groupA: string;
	groupB: string;
	taskA: string;
	taskB: string;
	commentA: string;
	commentB: string;
	/** Ledger entries the member wrote in group A, and the other lead in group B. */
	ledgerA: string;
	ledgerB: string;
	inviteA: string;
	inviteB: string;
	groupInviteToken: string;
	calendarToken: string;
	campaignA: { id: string; slug: string };
	campaignB: { id: string; slug: string };
	recipientA: string;
	recipientB: string;
	teamInviteA: string;
	teamInviteB: string;
	teamInviteToken: string;
	templateSlug: string;
	templateId: string;
	templateVariables: { name: string; example?: string }[];
	templateVersion: { title: string; body: string; variables: unknown; facts: unknown };
	placeA: string;
	/** One pending report per moderation decision: the first accepted decision closes it. */
	reports: { approve: string; merge: string; reject: string };
	/** An open urgent action (no deadline), written by the site admin. */
	urgentActionSlug: string;
	/** Ids that belong to someone else, or to nothing: what a hostile form tries in any field. */
	foreignIds: string[];
}

async function urgentActionFixture(d: TestDatabase, admin: Persona): Promise<string> {
	const slug = 'ua-hostile-1';
	await d.as(admin.claims, async (tx) => {
		const action = await tx
			.insertInto('urgent_actions')
			.values({
				code: 'UA 1.26',
				slug,
				title_en: 'Protect families in detention',
				summary_en: 'Write to the governor.',
				letter_en: 'Dear Governor,\n\n{{sender_name}} from {{sender_city}}',
				published: true
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await tx
			.insertInto('urgent_action_targets')
			.values({ action_id: action.id, name: 'The governor', email: 'governor@example.org' })
			.execute();
	});
	return slug;
}

async function groupFixtures(d: TestDatabase, lead: Persona, member: Persona, otherLead: Persona) {
	const groupA = await d.as(lead.claims, (tx) => createGroup(tx, lead.id, groupInput('Group A')));
	const groupB = await d.as(otherLead.claims, (tx) =>
		createGroup(tx, otherLead.id, groupInput('Group B'))
	);
	await d.db
		.insertInto('group_members')
		.values({ group_id: groupA, user_id: member.id, role: 'member' })
		.execute();
	const task = (groupId: string) =>
		d.db
			.selectFrom('group_tasks')
			.where('group_id', '=', groupId)
			.select('id')
			.orderBy('position')
			.executeTakeFirstOrThrow();
	const [taskA, taskB] = [(await task(groupA)).id, (await task(groupB)).id];
	const comment = async (groupId: string, taskId: string, by: string) =>
		(
			await d.db
				.insertInto('group_task_comments')
				.values({ group_id: groupId, task_id: taskId, body: 'A comment', created_by: by })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const inviteId = async (groupId: string) =>
		(
			await d.db
				.selectFrom('group_invites')
				.where('group_id', '=', groupId)
				.select('id')
				.executeTakeFirstOrThrow()
		).id;
	const ledger = async (groupId: string, by: string) =>
		(
			await d.db
				.insertInto('group_ledger_entries')
				.values({
					group_id: groupId,
					kind: 'donation',
					amount_cents: 2500,
					description: 'Bake sale',
					occurred_on: '2026-11-01',
					created_by: by
				})
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	await d.as(otherLead.claims, (tx) => createInvite(tx, groupB, otherLead.id, 'member'));
	// Two invites to group A: one for the revoke action to take back, one for joining.
	await d.as(lead.claims, (tx) => createInvite(tx, groupA, lead.id, 'member'));
	const inviteA = await inviteId(groupA);
	const groupInviteToken = await d.as(lead.claims, (tx) =>
		createInvite(tx, groupA, lead.id, 'member')
	);
	return {
		groupA,
		groupB,
		taskA,
		taskB,
		commentA: await comment(groupA, taskA, lead.id),
		commentB: await comment(groupB, taskB, otherLead.id),
		ledgerA: await ledger(groupA, member.id),
		ledgerB: await ledger(groupB, otherLead.id),
		inviteA,
		inviteB: await inviteId(groupB),
		groupInviteToken,
		calendarToken: await d.as(lead.claims, (tx) => createCalendarFeed(tx, lead.id))
	};
}

async function campaignFixtures(d: TestDatabase, lead: Persona, member: Persona, other: Persona) {
	const campaignA = await createCampaign(d, lead, { editor: member, publish: true });
	const campaignB = await createCampaign(d, other, { publish: true });
	const recipient = (persona: Persona, id: string) =>
		d.as(persona.claims, async (tx) => {
			await addRecipient(tx, id, { name: 'Mayor', role: null, email: 'mayor@example.org' });
			const row = await tx
				.selectFrom('resolution_recipients')
				.where('resolution_id', '=', id)
				.select('id')
				.executeTakeFirstOrThrow();
			return row.id;
		});
	const teamInviteId = async (token: string, id: string) => {
		const row = await d.db
			.selectFrom('resolution_invites')
			.where('resolution_id', '=', id)
			.select('id')
			.executeTakeFirstOrThrow();
		return { token, id: row.id };
	};
	// Two invites to campaign A: one for the revoke action to take back, one for joining.
	const inviteA = await teamInviteId(
		await d.as(lead.claims, (tx) => createTeamInvite(tx, campaignA.id, lead.id, 'editor')),
		campaignA.id
	);
	const joinToken = await d.as(lead.claims, (tx) =>
		createTeamInvite(tx, campaignA.id, lead.id, 'editor')
	);
	const inviteB = await teamInviteId(
		await d.as(other.claims, (tx) => createTeamInvite(tx, campaignB.id, other.id, 'editor')),
		campaignB.id
	);
	const place = await d.db
		.selectFrom('resolutions')
		.where('id', '=', campaignA.id)
		.select('place_id')
		.executeTakeFirstOrThrow();
	return {
		campaignA,
		campaignB,
		recipientA: await recipient(lead, campaignA.id),
		recipientB: await recipient(other, campaignB.id),
		teamInviteA: inviteA.id,
		teamInviteB: inviteB.id,
		teamInviteToken: joinToken,
		placeA: place.place_id
	};
}

async function templateFixture(d: TestDatabase) {
	await seedTemplates(d.engine);
	const template = await d.db
		.selectFrom('templates')
		.innerJoin('template_versions', 'template_versions.template_id', 'templates.id')
		.where('templates.slug', '=', 'county-board-resolution-en')
		.select([
			'templates.slug',
			'template_versions.id',
			'template_versions.title',
			'template_versions.body',
			'template_versions.variables',
			'template_versions.facts'
		])
		.orderBy('template_versions.version', 'desc')
		.executeTakeFirstOrThrow();
	return {
		templateSlug: template.slug,
		templateId: template.id,
		templateVariables: template.variables as { name: string; example?: string }[],
		templateVersion: {
			title: template.title,
			body: template.body,
			variables: template.variables,
			facts: template.facts
		}
	};
}

async function reportFixture(d: TestDatabase, title: string): Promise<string> {
	await d.as(ANON, (tx) =>
		submitReport(tx, `fixture-${title}`, '', {
			place_name: 'Lakeview',
			place_kind: 'city',
			state_code: 'MN',
			status: 'adopted',
			decided_on: '2024-05-14',
			title,
			body: 'City Council',
			source_url: 'https://lakeview.example.org/minutes',
			notes: null,
			contact_email: null
		} as never)
	);
	const row = await d.db
		.selectFrom('resolution_reports')
		.where('title', '=', title)
		.select('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/**
 * A user who signed up through local auth and followed the confirmation link in the same
 * browser, with the session cookie that the link set.
 */
async function signedUpPersona(d: TestDatabase, config: Config, label: string) {
	const cookies = new CookieJar();
	const url = new URL('https://atlas.test/signup');
	const auth = createLocalAuth({ db: d.db, config }, { cookies, url });
	const email = `${label}-${crypto.randomUUID().slice(0, 8)}@example.org`;
	const result = await auth.signUp({
		email,
		password: 'a long enough passphrase',
		locale: 'en',
		redirectTo: url
	});
	if (!result.ok) throw new Error(`sign-up failed: ${result.reason}`);
	const link = latestLinkTo(config.dataDir, email);
	const user = await auth.verifyEmailLink(link.searchParams.get('token_hash') ?? '', 'signup');
	if (!user) throw new Error('the confirmation link did not work');
	const { id } = user;
	return { persona: { id, email, claims: userClaims({ id, email }) }, cookies };
}

export async function buildWorld(d: TestDatabase): Promise<World> {
	const dataDir = mkdtempSync(join(tmpdir(), 'wa-hostile-'));
	const config = loadConfig({ DATA_DIR: dataDir });
	const [lead, member, admin, otherLead] = await Promise.all([
		createPersona(d, 'lead'),
		createPersona(d, 'member'),
		createPersona(d, 'admin', { siteAdmin: true }),
		createPersona(d, 'other-lead')
	]);
	const signedUp = await signedUpPersona(d, config, 'stranger');
	const stranger = signedUp.persona;
	const groups = await groupFixtures(d, lead, member, otherLead);
	const campaigns = await campaignFixtures(d, lead, member, otherLead);
	const templates = await templateFixture(d);
	const reports = {
		approve: await reportFixture(d, 'Lakeview welcomes refugees'),
		merge: await reportFixture(d, 'Lakeview resolution (duplicate)'),
		reject: await reportFixture(d, 'Lakeview, not a resolution')
	};
	const urgentActionSlug = await urgentActionFixture(d, admin);
	return {
		config,
		sessions: { stranger: signedUp.cookies },
		storageRoot: join(dataDir, 'storage'),
		personas: { lead, member, stranger, admin, otherLead },
		...groups,
		...campaigns,
		...templates,
		reports,
		urgentActionSlug,
		foreignIds: [
			groups.groupB,
			groups.taskB,
			groups.commentB,
			groups.ledgerB,
			groups.inviteB,
			campaigns.campaignB.id,
			campaigns.recipientB,
			campaigns.teamInviteB,
			otherLead.id,
			stranger.id,
			crypto.randomUUID()
		]
	};
}
