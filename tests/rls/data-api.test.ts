import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { allowedMoves, isEndState, PLACE_KINDS, STATUSES } from '../../src/lib/pipeline';
import { ANON, type Claims, type DB, type Tx } from '../../src/lib/server/db';
import { acceptTeamInvite, createTeamInvite } from '../../src/lib/server/campaigns/team';
import {
	acceptInvite,
	createInvite,
	removeMember,
	revokeInvite,
	setGroupClosed
} from '../../src/lib/server/groups/groups';
import { hashInviteToken } from '../../src/lib/server/invites';
import { approveReport } from '../../src/lib/server/reports/reports';
import type { ApproveInput } from '../../src/lib/server/reports/schema';
import { createCampaign, joinCampaign } from '../helpers/campaigns';
import { PLATFORM_ENGINES, useTestDatabase, type TestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { deleteObject, denied } from '../helpers/rls-matrix';

// The outside review's findings (issue 12), replayed exactly as Supabase's Data API would run
// them: each request is a transaction with `request.jwt.claims` set and `set local role anon` or
// `authenticated` (db.as does that, as PostgREST does), and the SQL is what the Data API lets a
// caller send — inserts, updates, deletes and selects on the tables, and calls of the functions
// granted to their role. One test per finding: the attack fails, and the legitimate path still
// works. Where a test goes further than the grants (Supabase's default privileges put back), it
// says so.

/** How many rows the review sent in one statement. */
const FLOOD_ROWS = 500;

/** A value that leaves a rolled-back transaction. */
class Rollback<T> extends Error {
	constructor(readonly value: T) {
		super('rollback');
	}
}

/** Runs `fn` in a transaction on the owner's connection that is always rolled back. */
async function rolledBack<T>(d: TestDatabase, fn: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
	try {
		await d.db.transaction().execute(async (tx) => {
			throw new Rollback(await fn(tx));
		});
	} catch (error) {
		if (error instanceof Rollback) return error.value as T;
		throw error;
	}
	throw new Error('the transaction did not roll back');
}

/** Becomes the caller inside an open transaction, as PostgREST does at the start of one. */
async function becomeCaller(tx: Transaction<DB>, claims: Claims): Promise<Tx> {
	await sql`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
		set_config('role', ${claims.role}, true)`.execute(tx);
	return tx as Tx;
}

/**
 * Runs `fn` as the caller with Supabase's default privileges put back (ALL on every table in
 * public to anon and authenticated, as on a fresh project, or after a dashboard click): the
 * triggers must hold without the grants. Rolled back. `reset role` inside `fn` reads as owner.
 */
function withDefaultGrants<T>(d: TestDatabase, claims: Claims, fn: (tx: Tx) => Promise<T>) {
	return rolledBack(d, async (tx) => {
		await sql`grant all on all tables in schema public to anon, authenticated`.execute(tx);
		return fn(await becomeCaller(tx, claims));
	});
}

const countWhere = async (
	db: Kysely<DB> | Transaction<DB>,
	table: 'resolution_actions' | 'resolution_reports' | 'group_activity' | 'resolution_events',
	column: string,
	value: string
): Promise<number> => {
	const { rows } = await sql<{ n: number }>`
		select count(*)::int as n from ${sql.table(`public.${table}`)} where ${sql.ref(column)} = ${value}
	`.execute(db);
	return rows[0]?.n ?? 0;
};

const recordSentLetter = async (tx: Tx, resolutionId: string, client: string, honeypot = '') => {
	const { rows } = await sql<{ wait: number }>`
		select private.record_sent_letter(${resolutionId}, ${client}, ${honeypot}) as wait
	`.execute(tx);
	return rows[0]?.wait ?? -1;
};

const REPORT = {
	place_kind: 'city',
	state_code: 'OR',
	status: 'adopted',
	decided_on: '2024-05-01',
	body: null,
	notes: null
} as const;

/** A public report through private.submit_report, as the report form sends it. */
const submitReport = async (
	tx: Tx,
	client: string,
	fields: { place_name: string; title: string; state_code?: string },
	honeypot = ''
) => {
	const { rows } = await sql<{ wait: number }>`
		select private.submit_report(
			${client}, ${honeypot}, ${fields.place_name}, ${REPORT.place_kind},
			${fields.state_code ?? REPORT.state_code}, ${REPORT.status}, ${REPORT.decided_on}::date,
			${fields.title}, null, 'https://example.org/minutes', null, null
		) as wait`.execute(tx);
	return rows[0]?.wait ?? -1;
};

/** Starts a group as the app does: its creator becomes its lead (a trigger). */
const startGroup = (d: TestDatabase, lead: Persona, name = 'Circle') =>
	d.as(lead.claims, async (tx) => {
		const group = await tx
			.insertInto('sponsor_groups')
			.values({ name, city: 'Bend', state_code: 'OR', program_id: 'custom' })
			.returning('id')
			.executeTakeFirstOrThrow();
		return group.id;
	});

/** `who` joins through an invite the lead made; returns the link's secret, used up. */
async function joinGroup(
	d: TestDatabase,
	lead: Persona,
	who: Persona,
	groupId: string,
	role: 'lead' | 'member' = 'member'
): Promise<string> {
	const token = await d.as(lead.claims, (tx) => createInvite(tx, groupId, lead.id, role));
	expect(await d.as(who.claims, (tx) => acceptInvite(tx, token))).toBe(groupId);
	return token;
}

const inviteIdOf = async (
	d: TestDatabase,
	table: 'group_invites' | 'resolution_invites',
	token: string
) =>
	(
		await d.db
			.selectFrom(table)
			.select('id')
			.where('token_hash', '=', hashInviteToken(token))
			.executeTakeFirstOrThrow()
	).id;

/** The Storage API's upload: the object's row, written as the uploader, before anything else. */
const uploadObject = (d: TestDatabase, who: Persona, name: string, originalName: string) =>
	d.as(who.claims, (tx) =>
		tx
			.insertInto('storage.objects')
			.values({
				bucket_id: 'group-files',
				name,
				owner: who.id,
				owner_id: who.id,
				metadata: JSON.stringify({ size: 1234, mimetype: 'application/pdf', originalName })
			})
			.execute()
	);

describe.each(PLATFORM_ENGINES)('the review’s findings through the Data API (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let lead: Persona, member: Persona, member2: Persona;
	let stranger: Persona, stranger2: Persona, admin: Persona;

	beforeAll(async () => {
		const d = database();
		lead = await createPersona(d, 'lead');
		member = await createPersona(d, 'member');
		member2 = await createPersona(d, 'member2');
		stranger = await createPersona(d, 'stranger');
		stranger2 = await createPersona(d, 'stranger2');
		admin = await createPersona(d, 'admin', { siteAdmin: true });
	});

	describe('anonymous floods', () => {
		it('"I sent it": no backdated rows straight into the table; the function counts within its limits', async () => {
			const d = database();
			const campaign = await createCampaign(d, lead, { publish: true });
			const before = await countWhere(d.db, 'resolution_actions', 'resolution_id', campaign.id);
			const flood = (claims: Claims) =>
				d.as(claims, (tx) =>
					sql`insert into public.resolution_actions (resolution_id, created_at)
						select ${campaign.id}, timestamptz '2020-01-01' from generate_series(1, ${FLOOD_ROWS})
					`.execute(tx)
				);
			await denied(flood(ANON));
			await denied(flood(stranger.claims));
			expect(await countWhere(d.db, 'resolution_actions', 'resolution_id', campaign.id)).toBe(
				before
			);

			// The act page's path: five an hour from one address, then a wait.
			for (let i = 0; i < 5; i++) {
				expect(await d.as(ANON, (tx) => recordSentLetter(tx, campaign.id, '198.51.100.1'))).toBe(0);
			}
			expect(
				await d.as(ANON, (tx) => recordSentLetter(tx, campaign.id, '198.51.100.1'))
			).toBeGreaterThan(0);
			// A filled honeypot is answered as if counted, and not counted.
			expect(
				await d.as(ANON, (tx) => recordSentLetter(tx, campaign.id, '198.51.100.2', 'http://spam'))
			).toBe(0);
			expect(await countWhere(d.db, 'resolution_actions', 'resolution_id', campaign.id)).toBe(
				before + 5
			);
			const stamped = await d.db
				.selectFrom('resolution_actions')
				.select('created_at')
				.where('resolution_id', '=', campaign.id)
				.execute();
			for (const row of stamped) expect(Date.now() - row.created_at.getTime()).toBeLessThan(3.6e6);

			// Even a caller who forges an address per call gets at most 500 an hour counted.
			const counted = await rolledBack(d, async (tx) => {
				await becomeCaller(tx, ANON);
				await sql`select private.record_sent_letter(${campaign.id}, '203.0.113.' || g, '')
					from generate_series(1, ${FLOOD_ROWS + 20}) g`.execute(tx);
				await sql`reset role`.execute(tx);
				return countWhere(tx, 'resolution_actions', 'resolution_id', campaign.id);
			});
			// (A call refused for its address still counts against the window in all.)
			expect(counted).toBeLessThanOrEqual(before + FLOOD_ROWS);
			expect(counted).toBeGreaterThan(before + FLOOD_ROWS - 10);

			// Only a published resolution whose vote is pending takes reports.
			const draft = await createCampaign(d, lead);
			await denied(d.as(ANON, (tx) => recordSentLetter(tx, draft.id, '198.51.100.3')));
		});

		it('reports: none straight into the table; submit_report takes them within its limits', async () => {
			const d = database();
			const title = `Flooded ${randomUUID().slice(0, 8)}`;
			const flood = (claims: Claims) =>
				d.as(claims, (tx) =>
					sql`insert into public.resolution_reports
						(place_name, place_kind, state_code, status, title, source_url, created_at)
						select 'Floodville', 'city', 'OR', 'adopted', ${title}, 'https://example.org', timestamptz '2020-01-01'
						from generate_series(1, ${FLOOD_ROWS})`.execute(tx)
				);
			await denied(flood(ANON));
			await denied(flood(stranger.claims));
			expect(await countWhere(d.db, 'resolution_reports', 'title', title)).toBe(0);

			// The report form's path: five an hour from one address, then a wait.
			for (let i = 0; i < 5; i++) {
				expect(
					await d.as(ANON, (tx) =>
						submitReport(tx, '198.51.100.9', { place_name: 'Floodville', title })
					)
				).toBe(0);
			}
			expect(
				await d.as(ANON, (tx) =>
					submitReport(tx, '198.51.100.9', { place_name: 'Floodville', title })
				)
			).toBeGreaterThan(0);
			expect(
				await d.as(ANON, (tx) =>
					submitReport(tx, '198.51.100.10', { place_name: 'Floodville', title }, 'http://spam')
				)
			).toBe(0);
			expect(await countWhere(d.db, 'resolution_reports', 'title', title)).toBe(5);
			const rows = await d.db
				.selectFrom('resolution_reports')
				.select(['state', 'created_at'])
				.where('title', '=', title)
				.execute();
			for (const row of rows) {
				expect(row.state).toBe('pending');
				expect(Date.now() - row.created_at.getTime()).toBeLessThan(3.6e6);
			}

			// Forged addresses get at most 100 an hour in all (rolled back: the window is shared).
			const taken = await rolledBack(d, async (tx) => {
				await becomeCaller(tx, ANON);
				await sql`select private.submit_report('203.0.113.' || g, '', 'Floodville', 'city', 'OR',
					'adopted', null, ${title}, null, 'https://example.org', null, null)
					from generate_series(1, 120) g`.execute(tx);
				await sql`reset role`.execute(tx);
				return countWhere(tx, 'resolution_reports', 'title', title);
			});
			expect(taken).toBeLessThanOrEqual(100);
			expect(taken).toBeGreaterThan(90);
		});

		it('no API role truncates a table in public, even with the privilege granted back', async () => {
			const d = database();
			const { rows } = await sql<{ name: string }>`
				select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
				where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`.execute(d.db);
			expect(rows.length).toBeGreaterThan(20);
			for (const { name } of rows) {
				const truncate = (tx: Tx) =>
					sql`truncate table ${sql.table(`public.${name}`)} cascade`.execute(tx);
				for (const claims of [ANON, stranger.claims]) {
					await denied(d.as(claims, truncate));
					// A TRUNCATE grant ignores Row Level Security; the trigger on every table refuses it.
					await expect(
						rolledBack(d, async (tx) => {
							await sql`grant truncate on all tables in schema public to anon, authenticated`.execute(
								tx
							);
							return truncate(await becomeCaller(tx, claims));
						})
					).rejects.toMatchObject({
						code: '42501',
						message: 'tables are not truncated through the API'
					});
				}
			}
			const programs = await d.db.selectFrom('programs').select('id').execute();
			expect(programs.length).toBeGreaterThan(0);
		});
	});

	it('finding 1: a member sees no sensitive document while a lead uploads it, from its first byte', async () => {
		const d = database();
		const groupId = await startGroup(d, lead);
		await joinGroup(d, lead, member, groupId);
		const plain = `${groupId}/${randomUUID()}`;
		const sensitive = `${groupId}/${randomUUID()}`;
		// The Storage API commits each object before the app writes its document row.
		await uploadObject(d, lead, plain, 'lease.pdf');
		await uploadObject(d, lead, sensitive, 'asylum-interview.pdf');
		const seen = (who: Persona) =>
			d.as(who.claims, async (tx) => {
				const { rows } = await sql<{ name: string; original: string | null }>`
					select name, metadata ->> 'originalName' as original from storage.objects
					where bucket_id = 'group-files' and name like ${`${groupId}/%`} order by name`.execute(tx);
				return rows;
			});
		const both = [
			{ name: plain, original: 'lease.pdf' },
			{ name: sensitive, original: 'asylum-interview.pdf' }
		].sort((a, b) => a.name.localeCompare(b.name));

		expect(await seen(member)).toEqual([]);
		expect(
			await d.as(member.claims, (tx) =>
				tx
					.selectFrom('storage.objects')
					.select('name')
					.where(sql`metadata ->> 'originalName'`, '=', 'asylum-interview.pdf')
					.execute()
			)
		).toEqual([]);
		expect(await seen(lead)).toEqual(both);

		await d.as(lead.claims, (tx) =>
			tx
				.insertInto('group_documents')
				.values({ group_id: groupId, object_name: plain, title: 'Lease' })
				.execute()
		);
		await d.as(lead.claims, (tx) =>
			tx
				.insertInto('group_documents')
				.values({
					group_id: groupId,
					object_name: sensitive,
					title: 'Asylum interview',
					sensitive: true
				})
				.execute()
		);
		expect(await seen(member)).toEqual([{ name: plain, original: 'lease.pdf' }]);
		expect(
			await d.as(member.claims, (tx) =>
				tx.selectFrom('group_documents').select('title').where('group_id', '=', groupId).execute()
			)
		).toEqual([{ title: 'Lease' }]);
		expect(await seen(lead)).toEqual(both);
		// A stranger sees nothing of the group's files at all.
		expect(await seen(stranger)).toEqual([]);
	});

	describe('finding 2: places cannot be squatted', () => {
		const bend = { place_name: 'Bend', state_code: 'OR' } as const;

		/** A report submitted by the public, approved by a site admin as the moderation page does. */
		async function approveReportFor(
			d: TestDatabase,
			place: Pick<ApproveInput, 'place_name' | 'state_code'>
		) {
			const title = `Welcoming ${place.place_name} ${randomUUID().slice(0, 6)}`;
			expect(
				await d.as(ANON, (tx) => submitReport(tx, `client-${randomUUID()}`, { ...place, title }))
			).toBe(0);
			const report = await d.db
				.selectFrom('resolution_reports')
				.select('id')
				.where('title', '=', title)
				.executeTakeFirstOrThrow();
			const { slug } = await d.as(admin.claims, (tx) =>
				approveReport(tx, report.id, {
					...REPORT,
					...place,
					title,
					source_url: 'https://example.org/minutes',
					lat: null,
					lon: null
				})
			);
			return d.db
				.selectFrom('resolutions as r')
				.innerJoin('places as p', 'p.id', 'r.place_id')
				.select(['p.id', 'p.name', 'p.claimed_by', 'p.lat', 'p.lon', 'r.verified'])
				.where('r.slug', '=', slug)
				.executeTakeFirstOrThrow();
		}

		it("a stranger's place is theirs alone, and moderation never uses it", async () => {
			const d = database();
			const squat = await d.as(stranger.claims, (tx) =>
				tx
					.insertInto('places')
					.values({ kind: 'city', name: 'Bend', state_code: 'OR', lat: 21.3, lon: -157.8 })
					.returning('id')
					.executeTakeFirstOrThrow()
			);
			const bendsSeenBy = (claims: Claims) =>
				d.as(claims, (tx) =>
					tx
						.selectFrom('places')
						.select('id')
						.where('name', '=', 'Bend')
						.where('state_code', '=', 'OR')
						.execute()
				);
			expect(await bendsSeenBy(ANON)).toEqual([]);
			expect(await bendsSeenBy(stranger2.claims)).toEqual([]);
			expect(await bendsSeenBy(lead.claims)).toEqual([]);
			expect(await bendsSeenBy(stranger.claims)).toEqual([{ id: squat.id }]);

			// The stranger cannot make it the site's: neither on insert nor later.
			await denied(
				d.as(stranger.claims, (tx) =>
					tx.updateTable('places').set({ claimed_by: null }).where('id', '=', squat.id).execute()
				)
			);
			await denied(
				d.as(stranger.claims, (tx) =>
					tx
						.insertInto('places')
						.values({ kind: 'city', name: 'Bend', state_code: 'OR', claimed_by: null })
						.execute()
				)
			);
			// Nor with Supabase's default grants back: the trigger keeps who holds it.
			const claimedBy = await withDefaultGrants(d, stranger.claims, async (tx) => {
				await tx
					.updateTable('places')
					.set({ claimed_by: null })
					.where('id', '=', squat.id)
					.execute();
				await sql`reset role`.execute(tx);
				return (
					await tx
						.selectFrom('places')
						.select('claimed_by')
						.where('id', '=', squat.id)
						.executeTakeFirstOrThrow()
				).claimed_by;
			});
			expect(claimedBy).toBe(stranger.id);

			const published = await approveReportFor(d, bend);
			expect(published.id).not.toBe(squat.id);
			expect(published).toMatchObject({ name: 'Bend', claimed_by: null, verified: true });
			// The stranger may still rename their own; the published record does not move.
			await d.as(stranger.claims, (tx) =>
				tx
					.updateTable('places')
					.set({ name: 'Bend (mine)', lat: 0, lon: 0 })
					.where('id', '=', squat.id)
					.execute()
			);
			const after = await d.db
				.selectFrom('places')
				.select(['name', 'lat', 'lon', 'claimed_by'])
				.where('id', '=', published.id)
				.executeTakeFirstOrThrow();
			expect(after).toEqual({
				name: 'Bend',
				lat: published.lat,
				lon: published.lon,
				claimed_by: null
			});
			// A second report for Bend uses the same site place.
			expect((await approveReportFor(d, bend)).id).toBe(published.id);
		});

		it("a deleted draft's pin in Honolulu leaves a place moderation never reuses", async () => {
			const d = database();
			const pin = await d.as(stranger.claims, async (tx) => {
				const place = await tx
					.insertInto('places')
					.values({ kind: 'city', name: 'Honolulu', state_code: 'HI', lat: 0, lon: 0 })
					.returning('id')
					.executeTakeFirstOrThrow();
				await tx
					.insertInto('resolutions')
					.values({
						slug: `honolulu-${randomUUID().slice(0, 6)}`,
						place_id: place.id,
						title: 'Aloha'
					})
					.execute();
				return place.id;
			});
			await d.as(stranger.claims, (tx) =>
				tx.deleteFrom('resolutions').where('place_id', '=', pin).execute()
			);
			const left = await d.db
				.selectFrom('places')
				.select('claimed_by')
				.where('id', '=', pin)
				.executeTakeFirstOrThrow();
			expect(left.claimed_by).toBe(stranger.id);

			const published = await approveReportFor(d, { place_name: 'Honolulu', state_code: 'HI' });
			expect(published.id).not.toBe(pin);
			expect(published.claimed_by).toBeNull();
			expect([published.lat, published.lon]).not.toEqual([0, 0]);
		});

		it("once a resolution using a user's place is published, the place is the site's", async () => {
			const d = database();
			const start = (name: string) =>
				d.as(lead.claims, async (tx) => {
					const place = await tx
						.insertInto('places')
						.values({ kind: 'city', name, state_code: 'OR', lat: 44.29, lon: -121.55 })
						.returning('id')
						.executeTakeFirstOrThrow();
					const resolution = await tx
						.insertInto('resolutions')
						.values({
							slug: `${name.toLowerCase()}-${randomUUID().slice(0, 6)}`,
							place_id: place.id,
							title: 'Welcome'
						})
						.returning('id')
						.executeTakeFirstOrThrow();
					return { placeId: place.id, resolutionId: resolution.id };
				});
			const publish = (resolutionId: string) =>
				d.as(lead.claims, (tx) =>
					tx
						.updateTable('resolutions')
						.set({ visibility: 'published' })
						.where('id', '=', resolutionId)
						.execute()
				);
			const placeOf = async (resolutionId: string) =>
				await d.db
					.selectFrom('resolutions as r')
					.innerJoin('places as p', 'p.id', 'r.place_id')
					.select(['p.id', 'p.claimed_by'])
					.where('r.id', '=', resolutionId)
					.executeTakeFirstOrThrow();

			// While a draft uses it, the place is the lead's to change.
			const sisters = await start('Sisters');
			const renamed = await d.as(lead.claims, (tx) =>
				tx
					.updateTable('places')
					.set({ lat: 44.3 })
					.where('id', '=', sisters.placeId)
					.executeTakeFirst()
			);
			expect(renamed.numUpdatedRows).toBe(1n);
			await publish(sisters.resolutionId);
			expect(await placeOf(sisters.resolutionId)).toEqual({
				id: sisters.placeId,
				claimed_by: null
			});
			for (const change of [{ name: 'Sisters!' }, { lat: 0, lon: 0 }]) {
				const result = await d.as(lead.claims, (tx) =>
					tx.updateTable('places').set(change).where('id', '=', sisters.placeId).executeTakeFirst()
				);
				expect(result.numUpdatedRows).toBe(0n);
			}
			const deleted = await d.as(lead.claims, (tx) =>
				tx.deleteFrom('places').where('id', '=', sisters.placeId).executeTakeFirst()
			);
			expect(deleted.numDeletedRows).toBe(0n);
			// The public sees it as the site's.
			expect(
				await d.as(ANON, (tx) =>
					tx.selectFrom('places').select('name').where('id', '=', sisters.placeId).execute()
				)
			).toEqual([{ name: 'Sisters' }]);

			// When the site already has that place, the resolution moves to the site's.
			const site = await d.db
				.insertInto('places')
				.values({ kind: 'city', name: 'Redmond', state_code: 'OR' })
				.returning('id')
				.executeTakeFirstOrThrow();
			const redmond = await start('Redmond');
			await publish(redmond.resolutionId);
			expect(await placeOf(redmond.resolutionId)).toEqual({ id: site.id, claimed_by: null });
			const own = await d.db
				.selectFrom('places')
				.select('claimed_by')
				.where('id', '=', redmond.placeId)
				.executeTakeFirstOrThrow();
			expect(own.claimed_by).toBe(lead.id);
		});

		// MARKED — the database does not hold here yet (listed in the report for the lead): anyone
		// signed in can still make their place the site's, with a name, county and pin of their
		// choosing, by publishing a throwaway campaign that uses it (they lead it, so they may
		// publish it); moderation then reuses that site place, and a verified resolution shows the
		// squatter's pin. The place cannot be edited any more, but what it says is still theirs.
		it("a squatter's place does not reach a verified resolution through a throwaway publication", async () => {
			const d = database();
			await d.as(stranger.claims, async (tx) => {
				const place = await tx
					.insertInto('places')
					.values({
						kind: 'city',
						name: 'Madras',
						state_code: 'OR',
						county: 'Nowhere County',
						lat: 0,
						lon: 0
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				const draft = await tx
					.insertInto('resolutions')
					.values({
						slug: `madras-${randomUUID().slice(0, 6)}`,
						place_id: place.id,
						title: 'Throwaway'
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				await tx
					.updateTable('resolutions')
					.set({ visibility: 'published' })
					.where('id', '=', draft.id)
					.execute();
			});
			const published = await approveReportFor(d, { place_name: 'Madras', state_code: 'OR' });
			const place = await d.db
				.selectFrom('places')
				.select(['county', 'lat', 'lon'])
				.where('id', '=', published.id)
				.executeTakeFirstOrThrow();
			// Today moderation reuses the squatter's row as it is (the site's since the publication).
			// Reusing the row could be fine; what it shows under a verified resolution is not.
			expect([place.lat, place.lon], "the squatter's pin").not.toEqual([0, 0]);
			expect(place.county, "the squatter's county").not.toBe('Nowhere County');
		});
	});

	describe('finding 4: nobody is added without consent, and user ids stay private', () => {
		it('a lead cannot put someone else into their group or campaign', async () => {
			const d = database();
			// The attacker's own new group and campaign: they lead both.
			const groupId = await startGroup(d, stranger, 'Bait');
			const campaign = await createCampaign(d, stranger);
			await denied(
				d.as(stranger.claims, (tx) =>
					tx
						.insertInto('group_members')
						.values({ group_id: groupId, user_id: member2.id, role: 'lead' })
						.execute()
				)
			);
			await denied(
				d.as(stranger.claims, (tx) =>
					tx
						.insertInto('resolution_members')
						.values({ resolution_id: campaign.id, user_id: member2.id, role: 'lead' })
						.execute()
				)
			);
			// Nor turn their own membership into the victim's.
			await denied(
				d.as(stranger.claims, (tx) =>
					tx
						.updateTable('group_members')
						.set({ user_id: member2.id })
						.where('group_id', '=', groupId)
						.execute()
				)
			);
			const victim = await d.db
				.selectFrom('group_members')
				.select('group_id')
				.where('user_id', '=', member2.id)
				.where('group_id', '=', groupId)
				.execute();
			expect(victim).toEqual([]);
			expect(
				await d.as(stranger.claims, (tx) =>
					tx.selectFrom('profiles').select('display_name').where('id', '=', member2.id).execute()
				)
			).toEqual([]);
			// The legitimate way in: the victim accepts an invite themselves.
			await joinGroup(d, stranger, member2, groupId);
			expect(
				await d.as(stranger.claims, (tx) =>
					tx.selectFrom('profiles').select('display_name').where('id', '=', member2.id).execute()
				)
			).toEqual([{ display_name: 'member2' }]);
		});

		it('nobody reads who created a place, resolution, event or template', async () => {
			const d = database();
			const campaign = await createCampaign(d, lead, { publish: true });
			await d.as(lead.claims, (tx) =>
				tx
					.insertInto('resolution_events')
					.values({ resolution_id: campaign.id, occurred_on: '2026-01-01', note: 'Introduced' })
					.execute()
			);
			await d.as(admin.claims, async (tx) => {
				const template = await tx
					.insertInto('templates')
					.values({
						slug: `who-${randomUUID().slice(0, 6)}`,
						body_type: 'city_council',
						language: 'en',
						published: true
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				await tx
					.insertInto('template_versions')
					.values({
						template_id: template.id,
						version: 1,
						title: 'T',
						body: 'B',
						reviewed_on: '2026-01-01'
					})
					.execute();
			});
			for (const table of [
				'places',
				'resolutions',
				'resolution_events',
				'templates',
				'template_versions'
			]) {
				for (const claims of [ANON, stranger.claims]) {
					await denied(
						d.as(claims, (tx) =>
							sql`select created_by from ${sql.table(`public.${table}`)}`.execute(tx)
						)
					);
				}
			}
			// What they are there for stays readable.
			const row = await d.as(ANON, (tx) =>
				tx
					.selectFrom('resolutions')
					.select(['title', 'place_id'])
					.where('id', '=', campaign.id)
					.execute()
			);
			expect(row).toHaveLength(1);
		});

		// MARKED — the database does not hold here yet (see the lead's note in the report): the
		// uploader of a published campaign's file is readable by anyone from storage.objects
		// (owner, owner_id), since Supabase grants SELECT on the whole table to anon and the policy
		// shows published campaigns' files to everyone.
		it('nobody reads who uploaded a published campaign’s file', async () => {
			const d = database();
			const campaign = await createCampaign(d, lead, { editor: member, publish: true });
			await d.as(member.claims, (tx) =>
				tx
					.insertInto('storage.objects')
					.values({
						bucket_id: 'resolution-files',
						name: `${campaign.id}/${randomUUID()}`,
						owner: member.id,
						owner_id: member.id
					})
					.execute()
			);
			const uploaders = (claims: Claims) =>
				d
					.as(claims, async (tx) => {
						const { rows } = await sql<{ who: string | null }>`
						select coalesce(owner_id, owner::text) as who from storage.objects
						where bucket_id = 'resolution-files' and name like ${`${campaign.id}/%`}`.execute(tx);
						return rows.map((r) => r.who).filter(Boolean);
					})
					.catch((error: { code?: string }) => {
						if (error.code === '42501') return [];
						throw error;
					});
			expect(await uploaders(ANON)).toEqual([]);
			expect(await uploaders(stranger.claims)).toEqual([]);
		});
	});

	describe('finding 5: members cannot forge the record', () => {
		let groupId: string;
		let theirTask: string;

		beforeAll(async () => {
			const d = database();
			groupId = await startGroup(d, lead);
			await joinGroup(d, lead, member, groupId);
			await joinGroup(d, lead, member2, groupId);
			theirTask = (
				await d.as(member2.claims, (tx) =>
					tx
						.insertInto('group_tasks')
						.values({ group_id: groupId, title: 'Find housing', category: 'housing' })
						.returning('id')
						.executeTakeFirstOrThrow()
				)
			).id;
		});

		const authorOf = async (d: TestDatabase, id: string) =>
			(
				await d.db
					.selectFrom('group_tasks')
					.select('created_by')
					.where('id', '=', id)
					.executeTakeFirstOrThrow()
			).created_by;

		it("a member cannot take over another's task", async () => {
			const d = database();
			await denied(
				d.as(member.claims, (tx) =>
					sql`update public.group_tasks set created_by = auth.uid() where id = ${theirTask}`.execute(
						tx
					)
				)
			);
			expect(await authorOf(d, theirTask)).toBe(member2.id);
			// With Supabase's default grants back, the stamp keeps the author.
			const kept = await withDefaultGrants(d, member.claims, async (tx) => {
				await sql`update public.group_tasks set created_by = auth.uid() where id = ${theirTask}`.execute(
					tx
				);
				await sql`reset role`.execute(tx);
				return (
					await tx
						.selectFrom('group_tasks')
						.select('created_by')
						.where('id', '=', theirTask)
						.executeTakeFirstOrThrow()
				).created_by;
			});
			expect(kept).toBe(member2.id);
			// Only its author or a lead deletes it.
			const deleted = await d.as(member.claims, (tx) =>
				tx.deleteFrom('group_tasks').where('id', '=', theirTask).executeTakeFirst()
			);
			expect(deleted.numDeletedRows).toBe(0n);
			// The legitimate path: any member updates its status.
			const updated = await d.as(member.claims, (tx) =>
				tx
					.updateTable('group_tasks')
					.set({ status: 'doing' })
					.where('id', '=', theirTask)
					.executeTakeFirst()
			);
			expect(updated.numUpdatedRows).toBe(1n);
		});

		it('a member writes no activity entry; the triggers write them', async () => {
			const d = database();
			const forged = 'Alice deleted the medical record';
			for (const who of [member, lead]) {
				await denied(
					d.as(who.claims, (tx) =>
						tx
							.insertInto('group_activity')
							.values({
								group_id: groupId,
								actor_id: member2.id,
								action: 'document_deleted',
								summary: forged,
								created_at: new Date('2020-01-01')
							})
							.execute()
					)
				);
				await denied(
					d.as(who.claims, (tx) =>
						tx
							.updateTable('group_activity')
							.set({ summary: forged })
							.where('group_id', '=', groupId)
							.execute()
					)
				);
			}
			// With Supabase's default grants back, no policy lets a client write the log either.
			await denied(
				withDefaultGrants(d, member.claims, (tx) =>
					tx
						.insertInto('group_activity')
						.values({ group_id: groupId, actor_id: member2.id, action: 'x', summary: forged })
						.execute()
				)
			);
			expect(await countWhere(d.db, 'group_activity', 'summary', forged)).toBe(0);
			// The legitimate path: a change is logged in the same transaction, by the database.
			await d.as(member.claims, (tx) =>
				tx
					.insertInto('group_tasks')
					.values({ group_id: groupId, title: 'Buy a crib', category: 'housing' })
					.execute()
			);
			const entry = await d.db
				.selectFrom('group_activity')
				.select(['actor_id', 'action'])
				.where('group_id', '=', groupId)
				.where('summary', '=', 'Buy a crib')
				.executeTakeFirstOrThrow();
			expect(entry).toEqual({ actor_id: member.id, action: 'task_added' });
		});

		it('who wrote a task or a ledger entry, and when, are the database’s', async () => {
			const d = database();
			const task = (extra: Record<string, unknown>) => (tx: Tx) =>
				tx
					.insertInto('group_tasks')
					.values({ group_id: groupId, title: 'Forged task', category: 'other', ...extra })
					.returning('id')
					.executeTakeFirstOrThrow();
			const entry = (extra: Record<string, unknown>) => (tx: Tx) =>
				tx
					.insertInto('group_ledger_entries')
					.values({
						group_id: groupId,
						kind: 'expense',
						amount_cents: 50_000,
						description: 'Forged entry',
						occurred_on: '2026-01-01',
						...extra
					})
					.returning('id')
					.executeTakeFirstOrThrow();
			for (const forged of [{ created_by: lead.id }, { created_at: new Date('2020-01-01') }]) {
				await denied(d.as(member.claims, task(forged)));
				await denied(d.as(member.claims, entry(forged)));
			}
			// With Supabase's default grants back, the stamp overwrites what was sent.
			const forgedAll = { created_by: lead.id, created_at: new Date('2020-01-01') };
			for (const write of [task(forgedAll), entry(forgedAll)]) {
				const row = await withDefaultGrants(d, member.claims, async (tx) => {
					const { id } = await write(tx);
					await sql`reset role`.execute(tx);
					const { rows } = await sql<{ created_by: string; created_at: Date }>`
						select created_by, created_at from public.group_tasks where id = ${id}
						union all
						select created_by, created_at from public.group_ledger_entries where id = ${id}`.execute(tx);
					return rows[0];
				});
				expect(row?.created_by).toBe(member.id);
				expect(Date.now() - (row?.created_at.getTime() ?? 0)).toBeLessThan(3.6e6);
			}
			// The legitimate path: what a member sends, with who and when filled in.
			const { id } = await d.as(member.claims, task({}));
			expect(await authorOf(d, id)).toBe(member.id);
		});

		it('a task is assigned to a member of its group only', async () => {
			const d = database();
			const assignTo = (userId: string) =>
				d.as(member.claims, (tx) =>
					tx
						.updateTable('group_tasks')
						.set({ assignee_id: userId })
						.where('id', '=', theirTask)
						.execute()
				);
			await expect(assignTo(stranger.id)).rejects.toMatchObject({ code: '23514' });
			await expect(
				d.as(member.claims, (tx) =>
					tx
						.insertInto('group_tasks')
						.values({
							group_id: groupId,
							title: 'Meet',
							category: 'arrival',
							assignee_id: stranger.id
						})
						.execute()
				)
			).rejects.toMatchObject({ code: '23514' });
			await assignTo(member2.id);
			const row = await d.db
				.selectFrom('group_tasks')
				.select('assignee_id')
				.where('id', '=', theirTask)
				.executeTakeFirstOrThrow();
			expect(row.assignee_id).toBe(member2.id);
		});
	});

	it('finding 6: an editor cannot rewrite a published resolution; the pipeline moves it with its event', async () => {
		const d = database();
		const campaign = await createCampaign(d, lead, { editor: member, publish: true });
		const { hiddenVersionId, otherPlaceId } = await d.as(admin.claims, async (tx) => {
			const hidden = await tx
				.insertInto('templates')
				.values({
					slug: `hidden-${randomUUID().slice(0, 6)}`,
					body_type: 'city_council',
					language: 'en'
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			const version = await tx
				.insertInto('template_versions')
				.values({
					template_id: hidden.id,
					version: 1,
					title: 'Draft text',
					body: 'B',
					reviewed_on: '2026-01-01'
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			const place = await tx
				.insertInto('places')
				.values({ kind: 'city', name: `Elsewhere ${randomUUID().slice(0, 6)}`, state_code: 'OR' })
				.returning('id')
				.executeTakeFirstOrThrow();
			return { hiddenVersionId: version.id, otherPlaceId: place.id };
		});
		const snapshot = () =>
			d.db
				.selectFrom('resolutions')
				.select([
					'status',
					'stage',
					'slug',
					'created_at',
					'place_id',
					'template_version_id',
					'verified',
					'decided_on'
				])
				.where('id', '=', campaign.id)
				.executeTakeFirstOrThrow();
		const events = () => countWhere(d.db, 'resolution_events', 'resolution_id', campaign.id);
		const before = await snapshot();
		const eventsBefore = await events();
		const update = (values: Record<string, unknown>) =>
			d.as(member.claims, (tx) =>
				tx.updateTable('resolutions').set(values).where('id', '=', campaign.id).execute()
			);
		for (const values of [
			{ status: 'adopted' },
			{ stage: 'adopted' },
			{ decided_on: '2026-01-01', decided_on_precision: 'day' },
			{ created_at: new Date('2020-01-01') },
			{ place_id: otherPlaceId },
			{ template_version_id: hiddenVersionId }
		]) {
			await denied(update(values));
		}
		// Its address and trust are kept as they were, whatever an editor sends.
		await update({ slug: 'moved-away', verified: true });
		expect(await snapshot()).toEqual(before);
		expect(await events()).toBe(eventsBefore);

		// The pipeline: the team moves it, with its dated event, in one statement.
		const move = (who: Claims, to: string, on = sql`current_date`) =>
			d.as(who, (tx) =>
				sql`select private.move_resolution(${campaign.id}, ${to}, ${on}, 'At the council', null)`.execute(
					tx
				)
			);
		await move(member.claims, 'stage:introduced');
		expect(await snapshot()).toMatchObject({ stage: 'introduced', status: 'pending' });
		const event = await d.db
			.selectFrom('resolution_events')
			.select(['stage', 'status', 'created_by'])
			.where('resolution_id', '=', campaign.id)
			.orderBy('created_at', 'desc')
			.executeTakeFirstOrThrow();
		expect(event).toEqual({ stage: 'introduced', status: 'pending', created_by: member.id });
		expect(await events()).toBe(eventsBefore + 1);

		// An illegal move, a future date: refused with the reason, nothing written.
		await expect(move(member.claims, 'stage:drafting')).rejects.toMatchObject({
			code: '23514',
			hint: 'illegal'
		});
		await expect(move(member.claims, 'end:adopted')).rejects.toMatchObject({ hint: 'illegal' });
		await expect(move(member.claims, 'stage:adopted', sql`current_date + 1`)).rejects.toMatchObject(
			{ code: '23514', hint: 'future' }
		);
		await denied(move(stranger.claims, 'stage:adopted'));
		await denied(move(ANON, 'stage:adopted'));
		expect(await events()).toBe(eventsBefore + 1);

		await move(member.claims, 'stage:adopted');
		const adopted = await snapshot();
		expect(adopted).toMatchObject({ stage: 'adopted', status: 'adopted', slug: before.slug });
		expect(adopted.decided_on).not.toBeNull();
		// After adoption it moves one stage at a time and can no longer end.
		await expect(move(member.claims, 'end:failed')).rejects.toMatchObject({ hint: 'illegal' });
		await expect(move(member.claims, 'stage:implemented')).rejects.toMatchObject({
			hint: 'illegal'
		});
		await move(member.claims, 'stage:signed');
	});

	describe('finding 7: invites', () => {
		it('are used once', async () => {
			const d = database();
			const groupId = await startGroup(d, lead);
			const token = await d.as(lead.claims, (tx) => createInvite(tx, groupId, lead.id, 'member'));
			expect(await d.as(stranger.claims, (tx) => acceptInvite(tx, token))).toBe(groupId);
			expect(await d.as(stranger2.claims, (tx) => acceptInvite(tx, token))).toBeNull();
			const campaign = await createCampaign(d, lead);
			const teamToken = await d.as(lead.claims, (tx) =>
				createTeamInvite(tx, campaign.id, lead.id, 'editor')
			);
			expect(await d.as(stranger.claims, (tx) => acceptTeamInvite(tx, teamToken))).toBe(
				campaign.id
			);
			expect(await d.as(stranger2.claims, (tx) => acceptTeamInvite(tx, teamToken))).toBeNull();
			const joined = await d.db
				.selectFrom('group_members')
				.select('user_id')
				.where('group_id', '=', groupId)
				.where('user_id', '=', stranger2.id)
				.union(
					d.db
						.selectFrom('resolution_members')
						.select('user_id')
						.where('resolution_id', '=', campaign.id)
						.where('user_id', '=', stranger2.id)
				)
				.execute();
			expect(joined).toEqual([]);
			// Someone on the team already does not use a link up.
			const fresh = await d.as(lead.claims, (tx) => createInvite(tx, groupId, lead.id, 'member'));
			expect(await d.as(stranger.claims, (tx) => acceptInvite(tx, fresh))).toBe(groupId);
			expect(await d.as(stranger2.claims, (tx) => acceptInvite(tx, fresh))).toBe(groupId);
		});

		it('a removed member cannot come back with their old link, nor let others in with theirs', async () => {
			const d = database();
			const groupId = await startGroup(d, lead);
			const old = await joinGroup(d, lead, member, groupId, 'lead');
			const theirs = await d.as(member.claims, (tx) =>
				createInvite(tx, groupId, member.id, 'member')
			);
			expect(await d.as(lead.claims, (tx) => removeMember(tx, groupId, lead.id, member.id))).toBe(
				'removed'
			);
			expect(await d.as(member.claims, (tx) => acceptInvite(tx, old))).toBeNull();
			expect(await d.as(stranger.claims, (tx) => acceptInvite(tx, theirs))).toBeNull();
			const revoked = await d.db
				.selectFrom('group_invites')
				.select('revoked_at')
				.where('id', '=', await inviteIdOf(d, 'group_invites', theirs))
				.executeTakeFirstOrThrow();
			expect(revoked.revoked_at).not.toBeNull();

			const campaign = await createCampaign(d, lead);
			const teamOld = await joinCampaign(d, lead, member, campaign.id, 'editor');
			await d.as(lead.claims, (tx) =>
				tx
					.deleteFrom('resolution_members')
					.where('resolution_id', '=', campaign.id)
					.where('user_id', '=', member.id)
					.execute()
			);
			expect(await d.as(member.claims, (tx) => acceptTeamInvite(tx, teamOld))).toBeNull();
			// The way back: a new invite from a lead.
			await joinGroup(d, lead, member, groupId);
		});

		it('a lead cannot un-revoke one or push its expiry', async () => {
			const d = database();
			const groupId = await startGroup(d, lead);
			const campaign = await createCampaign(d, lead);
			const cases = [
				{
					table: 'group_invites' as const,
					token: await d.as(lead.claims, (tx) => createInvite(tx, groupId, lead.id, 'member')),
					accept: (tx: Tx, token: string) => acceptInvite(tx, token)
				},
				{
					table: 'resolution_invites' as const,
					token: await d.as(lead.claims, (tx) =>
						createTeamInvite(tx, campaign.id, lead.id, 'editor')
					),
					accept: (tx: Tx, token: string) => acceptTeamInvite(tx, token)
				}
			];
			for (const { table, token, accept } of cases) {
				const id = await inviteIdOf(d, table, token);
				const expiry = async () =>
					await d.db
						.selectFrom(table)
						.select(['expires_at', 'revoked_at'])
						.where('id', '=', id)
						.executeTakeFirstOrThrow();
				const { expires_at: expiresAt } = await expiry();
				// Decades ahead: not a client's to write.
				await denied(
					d.as(lead.claims, (tx) =>
						sql`update ${sql.table(`public.${table}`)} set expires_at = now() + interval '30 years'
							where id = ${id}`.execute(tx)
					)
				);
				// Revoked, then "un-revoked": the revocation stands.
				if (table === 'group_invites') {
					expect(await d.as(lead.claims, (tx) => revokeInvite(tx, groupId, id))).toBe(true);
				} else {
					await d.as(lead.claims, (tx) =>
						tx
							.updateTable('resolution_invites')
							.set({ revoked_at: new Date() })
							.where('id', '=', id)
							.execute()
					);
				}
				await d.as(lead.claims, (tx) =>
					sql`update ${sql.table(`public.${table}`)} set revoked_at = null where id = ${id}`.execute(
						tx
					)
				);
				const after = await expiry();
				expect(after.revoked_at).not.toBeNull();
				expect(after.expires_at).toEqual(expiresAt);
				expect(await d.as(stranger.claims, (tx) => accept(tx, token))).toBeNull();
				// With Supabase's default grants back, the guard keeps both.
				const guarded = await withDefaultGrants(d, lead.claims, async (tx) => {
					await sql`update ${sql.table(`public.${table}`)}
						set revoked_at = null, expires_at = now() + interval '30 years' where id = ${id}`.execute(tx);
					await sql`reset role`.execute(tx);
					return tx
						.selectFrom(table)
						.select(['expires_at', 'revoked_at'])
						.where('id', '=', id)
						.executeTakeFirstOrThrow();
				});
				expect(guarded.revoked_at).not.toBeNull();
				expect(guarded.expires_at).toEqual(expiresAt);
			}
		});
	});

	describe('finding 8: sensitive entries and closed groups', () => {
		it("the activity log's entries about sensitive things are for leads only", async () => {
			const d = database();
			const groupId = await startGroup(d, lead);
			await joinGroup(d, lead, member, groupId);
			for (const [title, sensitive] of [
				['Medical referral', true],
				['Lease', false]
			] as const) {
				const name = `${groupId}/${randomUUID()}`;
				await uploadObject(d, lead, name, `${title}.pdf`);
				await d.as(lead.claims, (tx) =>
					tx
						.insertInto('group_documents')
						.values({ group_id: groupId, object_name: name, title, sensitive })
						.execute()
				);
			}
			await d.as(lead.claims, (tx) =>
				tx
					.insertInto('group_family_sensitive')
					.values({ group_id: groupId, needs: 'Trauma care' })
					.execute()
			);
			const log = (who: Persona) =>
				d.as(who.claims, (tx) =>
					tx
						.selectFrom('group_activity')
						.select(['action', 'summary'])
						.where('group_id', '=', groupId)
						.where('action', 'in', ['document_added', 'family_sensitive_updated'])
						.orderBy('id')
						.execute()
				);
			expect(await log(member)).toEqual([{ action: 'document_added', summary: 'Lease' }]);
			expect(await log(lead)).toEqual([
				{ action: 'document_added', summary: 'Medical referral' },
				{ action: 'document_added', summary: 'Lease' },
				{ action: 'family_sensitive_updated', summary: '' }
			]);
		});

		it('a closed group refuses edits and uploads until a lead reopens it', async () => {
			const d = database();
			const groupId = await startGroup(d, lead);
			await joinGroup(d, lead, member, groupId);
			const pending = await d.as(lead.claims, (tx) => createInvite(tx, groupId, lead.id, 'member'));
			const task = await d.as(member.claims, (tx) =>
				tx
					.insertInto('group_tasks')
					.values({ group_id: groupId, title: 'Airport', category: 'arrival' })
					.returning('id')
					.executeTakeFirstOrThrow()
			);
			await d.as(lead.claims, (tx) =>
				tx.insertInto('group_families').values({ group_id: groupId, household_size: 3 }).execute()
			);
			// Closing at a date of the lead's choosing (to be purged at once) is not theirs to do.
			await d.as(lead.claims, (tx) =>
				tx
					.updateTable('sponsor_groups')
					.set({ closed_at: new Date('2000-01-01') })
					.where('id', '=', groupId)
					.execute()
			);
			const closed = await d.db
				.selectFrom('sponsor_groups')
				.select('closed_at')
				.where('id', '=', groupId)
				.executeTakeFirstOrThrow();
			expect(Date.now() - (closed.closed_at?.getTime() ?? 0)).toBeLessThan(3.6e6);

			const writes: [Persona, (tx: Tx) => Promise<unknown>][] = [
				[
					member,
					(tx) =>
						tx
							.updateTable('group_tasks')
							.set({ status: 'done' })
							.where('id', '=', task.id)
							.execute()
				],
				[
					member,
					(tx) =>
						tx
							.insertInto('group_tasks')
							.values({ group_id: groupId, title: 'More', category: 'other' })
							.execute()
				],
				[member, (tx) => tx.deleteFrom('group_tasks').where('id', '=', task.id).execute()],
				[
					member,
					(tx) =>
						tx
							.insertInto('group_task_comments')
							.values({ task_id: task.id, group_id: groupId, body: 'Hi' })
							.execute()
				],
				[
					member,
					(tx) =>
						tx
							.insertInto('group_ledger_entries')
							.values({
								group_id: groupId,
								kind: 'donation',
								amount_cents: 100,
								description: 'Gift',
								occurred_on: '2026-01-01'
							})
							.execute()
				],
				[
					member,
					(tx) =>
						tx
							.insertInto('storage.objects')
							.values({
								bucket_id: 'group-files',
								name: `${groupId}/${randomUUID()}`,
								owner_id: member.id
							})
							.execute()
				],
				[
					member,
					(tx) =>
						tx
							.insertInto('group_documents')
							.values({
								group_id: groupId,
								object_name: `${groupId}/${randomUUID()}`,
								title: 'Late'
							})
							.execute()
				],
				[
					member,
					(tx) =>
						tx
							.updateTable('group_members')
							.set({ committees: ['housing'] })
							.where('group_id', '=', groupId)
							.where('user_id', '=', member.id)
							.execute()
				],
				[
					lead,
					(tx) =>
						tx
							.updateTable('group_families')
							.set({ household_size: 4 })
							.where('group_id', '=', groupId)
							.execute()
				],
				[
					lead,
					(tx) =>
						tx
							.insertInto('group_family_sensitive')
							.values({ group_id: groupId, needs: 'x' })
							.execute()
				],
				[
					lead,
					(tx) =>
						tx
							.insertInto('group_invites')
							.values({ group_id: groupId, token_hash: hashInviteToken(randomUUID()) })
							.execute()
				],
				[
					lead,
					(tx) =>
						tx
							.updateTable('sponsor_groups')
							.set({ name: 'Renamed' })
							.where('id', '=', groupId)
							.execute()
				]
			];
			for (const [who, write] of writes) await denied(d.as(who.claims, write));
			// An invite made before closing lets nobody in.
			expect(await d.as(stranger.claims, (tx) => acceptInvite(tx, pending))).toBeNull();
			// Reopening changes nothing else.
			await d.as(lead.claims, (tx) =>
				tx
					.updateTable('sponsor_groups')
					.set({ closed_at: null, name: 'Sneaked' })
					.where('id', '=', groupId)
					.execute()
			);
			const reopened = await d.db
				.selectFrom('sponsor_groups')
				.select(['closed_at', 'name'])
				.where('id', '=', groupId)
				.executeTakeFirstOrThrow();
			expect(reopened).toEqual({ closed_at: null, name: 'Circle' });
			// The legitimate path: open again, it takes edits; closing through the app works.
			await d.as(member.claims, (tx) =>
				tx.updateTable('group_tasks').set({ status: 'done' }).where('id', '=', task.id).execute()
			);
			expect(await d.as(lead.claims, (tx) => setGroupClosed(tx, groupId, lead.id, true))).toBe(
				true
			);
		});

		// MARKED — the database does not hold here yet (listed in the report for the lead): a
		// closed group is read-only for its rows (guard_group_row refuses deleting a document's
		// row), but the `group-files` delete policy does not ask whether the group is closed, so its
		// files can still be deleted through the Storage API, leaving document rows without files.
		it("a closed group's files are read-only too", async () => {
			const d = database();
			const groupId = await startGroup(d, lead);
			const name = `${groupId}/${randomUUID()}`;
			await uploadObject(d, lead, name, 'lease.pdf');
			await d.as(lead.claims, (tx) =>
				tx
					.insertInto('group_documents')
					.values({ group_id: groupId, object_name: name, title: 'Lease' })
					.execute()
			);
			expect(await d.as(lead.claims, (tx) => setGroupClosed(tx, groupId, lead.id, true))).toBe(
				true
			);
			await denied(
				d.as(lead.claims, (tx) =>
					tx.deleteFrom('group_documents').where('object_name', '=', name).execute()
				)
			);
			const removed = await d.as(lead.claims, (tx) => deleteObject(tx, 'group-files', name));
			expect(Number(removed[0]?.numDeletedRows ?? 0)).toBe(0);
		});
	});

	describe('finding 9: drafts stay private and leave the public version alone', () => {
		it("anon cannot read a draft campaign's place", async () => {
			const d = database();
			const campaign = await createCampaign(d, lead, { editor: member });
			const { placeId } = await d.as(lead.claims, async (tx) => {
				const place = await tx
					.insertInto('places')
					.values({ kind: 'school_district', name: 'Hidden Hollow USD', state_code: 'OR' })
					.returning('id')
					.executeTakeFirstOrThrow();
				await tx
					.updateTable('resolutions')
					.set({ place_id: place.id })
					.where('id', '=', campaign.id)
					.execute();
				return { placeId: place.id };
			});
			const seen = (claims: Claims) =>
				d.as(claims, (tx) =>
					tx.selectFrom('places').select('name').where('id', '=', placeId).execute()
				);
			expect(await seen(ANON)).toEqual([]);
			expect(await seen(stranger.claims)).toEqual([]);
			expect(await seen(member.claims)).toEqual([{ name: 'Hidden Hollow USD' }]);
			expect(await seen(lead.claims)).toEqual([{ name: 'Hidden Hollow USD' }]);
		});

		it('editing a draft leaves private.publication_version() alone; a public change moves it', async () => {
			const d = database();
			const draft = await createCampaign(d, lead, { editor: member });
			const published = await createCampaign(d, lead, { editor: member, publish: true });
			const version = () =>
				d.as(ANON, async (tx) => {
					const { rows } = await sql<{
						v: string;
					}>`select private.publication_version() as v`.execute(tx);
					return BigInt(rows[0]?.v ?? -1);
				});
			const before = await version();
			await d.as(member.claims, async (tx) => {
				await tx
					.updateTable('resolutions')
					.set({ letter_subject: 'Vote yes', letter_body: 'Dear council,' })
					.where('id', '=', draft.id)
					.execute();
				await tx
					.insertInto('resolution_recipients')
					.values({ resolution_id: draft.id, name: 'Ada Mayor', email: 'ada@city.example.gov' })
					.execute();
				await tx
					.insertInto('resolution_events')
					.values({ resolution_id: draft.id, occurred_on: '2026-01-01', note: 'Drafted' })
					.execute();
			});
			await d.as(stranger.claims, (tx) =>
				tx
					.insertInto('places')
					.values({ kind: 'city', name: 'Nobody Knows', state_code: 'OR' })
					.execute()
			);
			expect(await version()).toBe(before);
			await d.as(member.claims, (tx) =>
				tx
					.updateTable('resolutions')
					.set({ letter_body: 'Dear council, please vote yes.' })
					.where('id', '=', published.id)
					.execute()
			);
			expect(await version()).toBeGreaterThan(before);
		});
	});

	it('the pipeline rules in SQL agree with allowedMoves for every kind, stage, status and move', async () => {
		const d = database();
		const { rows: stageRows } = await sql<{ stage: string }>`
			select unnest(regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+)''', 'g')) as stage
			from pg_constraint c join pg_type t on t.oid = c.contypid
			where t.typname = 'pipeline_stage'`.execute(d.db);
		const stages = stageRows.map((row) => row.stage);
		expect(stages).toContain('sent_to_administration');
		const moves = [
			...stages.map((stage) => `stage:${stage}`),
			...['failed', 'withdrawn', 'tabled', 'adopted', 'pending'].map((end) => `end:${end}`)
		];
		const cases: { kind: string; stage: string | null; status: string; move: string }[] = [];
		for (const kind of PLACE_KINDS) {
			for (const stage of [null, ...stages]) {
				for (const status of STATUSES) {
					for (const move of moves) cases.push({ kind, stage, status, move });
				}
			}
		}
		const { rows } = await sql<{ allowed: boolean }>`
			select private.is_allowed_move(k, s, st, m) as allowed
			from unnest(${cases.map((c) => c.kind)}::text[], ${cases.map((c) => c.stage)}::text[],
				${cases.map((c) => c.status)}::text[], ${cases.map((c) => c.move)}::text[])
				with ordinality as x(k, s, st, m, i)
			order by i`.execute(d.db);
		const disagreements = cases.flatMap((c, i) => {
			const [kind, target] = c.move.split(':') as ['stage' | 'end', string];
			const allowed = allowedMoves(c.kind, c.stage, c.status);
			const js =
				kind === 'stage'
					? allowed.stages.includes(target)
					: isEndState(target) && allowed.ends.includes(target);
			const db = rows[i]?.allowed ?? null;
			return js === db
				? []
				: [`${c.kind} ${c.stage ?? '(none)'} ${c.status} ${c.move}: app ${js}, database ${db}`];
		});
		expect(disagreements).toEqual([]);
		expect(rows).toHaveLength(cases.length);
	});
});
