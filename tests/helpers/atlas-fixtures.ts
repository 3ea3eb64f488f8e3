// The rows an HTTP test needs, written with the database owner's handle before the server opens
// the directory: a user who leads a sponsor group and a campaign (and is a site admin, so every
// page has someone it opens for), their documents, invites, a report to moderate, and sessions
// in every state — live, expired, idle, and another user's that the test revokes.
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { grantSiteAdmin } from '../../src/lib/server/auth/admin';
import { hashToken, newToken } from '../../src/lib/server/auth/tokens';
import { userClaims, type DB } from '../../src/lib/server/db';
import { hashInviteToken, newInviteToken } from '../../src/lib/server/invites';
import { createLocalStorage } from '../../src/lib/server/storage/local';

export const MINIMAL_PDF = Buffer.from(
	'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n' +
		'2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
);

export interface Fixtures {
	owner: { id: string; email: string; session: string };
	/** A second user with a live session, for the test to revoke (sign out) itself. */
	other: { id: string; session: string };
	/** Sessions of the owner past the absolute (30 days) or the idle (7 days) limit: one per use. */
	expiredSessions: string[];
	idleSessions: string[];
	groupId: string;
	groupDocumentId: string;
	groupInviteToken: string;
	campaignId: string;
	campaignSlug: string;
	campaignFile: string;
	teamInviteToken: string;
	calendarToken: string;
	reportId: string;
	publishedSlug: string;
	templateSlug: string;
}

const DAY = 86_400_000;

async function createUser(db: Kysely<DB>, label: string) {
	const email = `${label}-${crypto.randomUUID().slice(0, 8)}@example.org`;
	const row = await db
		.insertInto('auth.users')
		.values({
			email,
			email_confirmed_at: sql<Date>`now()`,
			raw_user_meta_data: JSON.stringify({ display_name: label })
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, email };
}

async function createSession(
	db: Kysely<DB>,
	userId: string,
	ages: { createdDaysAgo?: number; seenDaysAgo?: number } = {}
): Promise<string> {
	const token = newToken();
	const now = Date.now();
	await db
		.insertInto('local_auth.sessions')
		.values({
			token_hash: hashToken(token),
			user_id: userId,
			created_at: new Date(now - (ages.createdDaysAgo ?? 0) * DAY),
			last_seen_at: new Date(now - (ages.seenDaysAgo ?? 0) * DAY)
		})
		.execute();
	return token;
}

async function createGroup(db: Kysely<DB>, ownerId: string): Promise<string> {
	const program = await db.selectFrom('programs').select('id').executeTakeFirstOrThrow();
	const group = await db
		.insertInto('sponsor_groups')
		.values({
			name: 'Session test group',
			city: 'Fargo',
			state_code: 'ND',
			program_id: program.id,
			created_by: ownerId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	// The sponsor_groups trigger makes its creator the lead.
	await db.insertInto('group_families').values({ group_id: group.id }).execute();
	return group.id;
}

/** A draft campaign; the resolutions trigger makes its creator the lead. */
async function createCampaign(db: Kysely<DB>, ownerId: string) {
	const place = await db.selectFrom('places').select('id').executeTakeFirstOrThrow();
	return db
		.insertInto('resolutions')
		.values({
			slug: `session-test-${crypto.randomUUID().slice(0, 8)}`,
			place_id: place.id,
			title: 'Session test campaign',
			text: 'Be it resolved that everyone is welcome.',
			visibility: 'draft',
			provenance: 'organizer',
			stage: 'drafting',
			created_by: ownerId
		})
		.returning(['id', 'slug'])
		.executeTakeFirstOrThrow();
}

export async function prepareFixtures(db: Kysely<DB>, dataDir: string): Promise<Fixtures> {
	const owner = await createUser(db, 'owner');
	await grantSiteAdmin(db, owner.id);
	const other = await createUser(db, 'other');
	const groupId = await createGroup(db, owner.id);
	const campaign = await createCampaign(db, owner.id);

	// Files go through the storage adapter as the owner, exactly as an upload would.
	const storage = createLocalStorage(
		{ db, root: join(dataDir, 'storage') },
		userClaims({ id: owner.id, email: owner.email })
	);
	const groupFile = await storage.upload({
		bucket: 'group-files',
		folder: groupId,
		bytes: MINIMAL_PDF,
		originalName: 'lease.pdf'
	});
	const document = await db
		.insertInto('group_documents')
		.values({
			group_id: groupId,
			object_name: groupFile.path,
			title: 'Lease',
			sensitive: false,
			uploaded_by: owner.id
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const campaignFile = await storage.upload({
		bucket: 'resolution-files',
		folder: campaign.id,
		bytes: MINIMAL_PDF,
		originalName: 'signed.pdf'
	});

	const groupInvite = newInviteToken();
	await db
		.insertInto('group_invites')
		.values({
			group_id: groupId,
			token_hash: groupInvite.hash,
			role: 'member',
			created_by: owner.id
		})
		.execute();
	const teamInvite = newInviteToken();
	await db
		.insertInto('resolution_invites')
		.values({
			resolution_id: campaign.id,
			token_hash: teamInvite.hash,
			role: 'editor',
			created_by: owner.id
		})
		.execute();
	const calendarToken = newToken();
	await db
		.insertInto('group_calendar_feeds')
		.values({ user_id: owner.id, token_hash: hashInviteToken(calendarToken) })
		.execute();
	const report = await db
		.insertInto('resolution_reports')
		.values({
			place_name: 'Moorhead',
			place_kind: 'city',
			state_code: 'MN',
			status: 'adopted',
			title: 'Moorhead welcomes refugees',
			source_url: 'https://example.org/moorhead'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const published = await db
		.selectFrom('resolutions')
		.select('slug')
		.where('visibility', '=', 'published')
		.orderBy('slug')
		.executeTakeFirstOrThrow();
	const template = await db
		.selectFrom('templates')
		.select('slug')
		.where('published', '=', true)
		.orderBy('slug')
		.executeTakeFirstOrThrow();

	const sessions = (count: number, ages: { createdDaysAgo?: number; seenDaysAgo?: number }) =>
		Promise.all(Array.from({ length: count }, () => createSession(db, owner.id, ages)));

	return {
		owner: { ...owner, session: await createSession(db, owner.id) },
		other: { id: other.id, session: await createSession(db, other.id) },
		expiredSessions: await sessions(150, { createdDaysAgo: 31 }),
		idleSessions: await sessions(150, { createdDaysAgo: 9, seenDaysAgo: 8 }),
		groupId,
		groupDocumentId: document.id,
		groupInviteToken: groupInvite.token,
		campaignId: campaign.id,
		campaignSlug: campaign.slug,
		campaignFile: campaignFile.path.split('/')[1] as string,
		teamInviteToken: teamInvite.token,
		calendarToken,
		reportId: report.id,
		publishedSlug: published.slug,
		templateSlug: template.slug
	};
}
