import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, type Claims, type Tx } from '../../src/lib/server/db';
import { ENGINES, useTestDatabase, type TestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

// The RLS matrix of campaign drafts and their teams: every cell — persona × operation — has its
// expected outcome written down and asserted, each attempt in its own rolled-back transaction.

type PersonaName = 'anon' | 'stranger' | 'otherCampaign' | 'editor' | 'lead' | 'admin';
const PERSONAS: PersonaName[] = ['anon', 'stranger', 'otherCampaign', 'editor', 'lead', 'admin'];

interface Fixture {
	resolutionId: string;
	eventId: string;
	inviteId: string;
	editorId: string;
	strangerId: string;
	placeId: string;
}

class Rollback extends Error {
	constructor(readonly outcome: boolean) {
		super('rollback');
	}
}

/** Allowed when the statement touched a row; an RLS refusal or missing grant counts as denied. */
async function attempt(db: TestDatabase, claims: Claims, fn: (tx: Tx) => Promise<boolean>) {
	try {
		await db.as(claims, async (tx) => {
			throw new Rollback(await fn(tx));
		});
	} catch (error) {
		if (error instanceof Rollback) return error.outcome;
		if ((error as { code?: string }).code === '42501') return false;
		throw error;
	}
	throw new Error('unreachable');
}

const touched = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }[]) =>
	result.some((r) => Number(r.numUpdatedRows ?? r.numDeletedRows ?? 0) > 0);

const y = true;
const n = false;
/** In PERSONAS order: anon, stranger, otherCampaign, editor, lead, admin. */
type Row = [boolean, boolean, boolean, boolean, boolean, boolean];

interface Cell {
	name: string;
	expected: Row;
	run: (tx: Tx, f: Fixture, me: Persona | null) => Promise<boolean>;
}

const CELLS: Cell[] = [
	// A draft campaign: its team and site admins see and edit it; a lead publishes or deletes it.
	{
		name: 'resolutions (draft) select',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			Boolean(
				await tx
					.selectFrom('resolutions')
					.select('id')
					.where('id', '=', f.resolutionId)
					.executeTakeFirst()
			)
	},
	{
		name: 'resolutions insert (own draft)',
		expected: [n, y, y, y, y, y],
		run: async (tx, f, me) => {
			const row = await tx
				.insertInto('resolutions')
				.values({
					slug: `matrix-${randomBytes(4).toString('hex')}`,
					place_id: f.placeId,
					title: 'Matrix draft',
					created_by: me?.id ?? null
				})
				.returning('id')
				.executeTakeFirst();
			return Boolean(row);
		}
	},
	{
		name: 'resolutions (draft) update',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolutions')
					.set({ title: 'Changed' })
					.where('id', '=', f.resolutionId)
					.execute()
			)
	},
	{
		name: 'resolutions (draft) publish',
		expected: [n, n, n, n, y, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolutions')
					.set({ visibility: 'published' })
					.where('id', '=', f.resolutionId)
					.execute()
			)
	},
	{
		name: 'resolutions (draft) delete',
		expected: [n, n, n, n, y, y],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('resolutions').where('id', '=', f.resolutionId).execute())
	},

	// The team: members see each other; leads add, change and remove; anyone may leave.
	{
		name: 'resolution_members select',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			(
				await tx
					.selectFrom('resolution_members')
					.select('user_id')
					.where('resolution_id', '=', f.resolutionId)
					.execute()
			).length === 2
	},
	{
		// Everyone tries to add the stranger (the stranger: themselves) as an editor.
		name: 'resolution_members insert',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) => {
			await tx
				.insertInto('resolution_members')
				.values({ resolution_id: f.resolutionId, user_id: f.strangerId, role: 'editor' })
				.execute();
			return true;
		}
	},
	{
		name: 'resolution_members update (role)',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolution_members')
					.set({ role: 'lead' })
					.where('resolution_id', '=', f.resolutionId)
					.where('user_id', '=', f.editorId)
					.execute()
			)
	},
	{
		name: "resolution_members delete (the editor's row)",
		expected: [n, n, n, y, y, n],
		run: async (tx, f) =>
			touched(
				await tx
					.deleteFrom('resolution_members')
					.where('resolution_id', '=', f.resolutionId)
					.where('user_id', '=', f.editorId)
					.execute()
			)
	},

	// Invites: leads only.
	{
		name: 'resolution_invites select',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) =>
			Boolean(
				await tx
					.selectFrom('resolution_invites')
					.select('id')
					.where('id', '=', f.inviteId)
					.executeTakeFirst()
			)
	},
	{
		name: 'resolution_invites insert',
		expected: [n, n, n, n, y, n],
		run: async (tx, f, me) => {
			await tx
				.insertInto('resolution_invites')
				.values({
					resolution_id: f.resolutionId,
					token_hash: createHash('sha256').update(randomBytes(8)).digest('hex'),
					created_by: me?.id ?? null
				})
				.execute();
			return true;
		}
	},
	{
		name: 'resolution_invites update (revoke)',
		expected: [n, n, n, n, y, n],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolution_invites')
					.set({ revoked_at: new Date() })
					.where('id', '=', f.inviteId)
					.execute()
			)
	},
	{
		name: 'resolution_invites delete',
		expected: [n, n, n, n, n, n],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('resolution_invites').where('id', '=', f.inviteId).execute())
	},

	// The draft's history: its team and site admins.
	{
		name: 'resolution_events (draft) select',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			Boolean(
				await tx
					.selectFrom('resolution_events')
					.select('id')
					.where('id', '=', f.eventId)
					.executeTakeFirst()
			)
	},
	{
		name: 'resolution_events (draft) insert',
		expected: [n, n, n, y, y, y],
		run: async (tx, f, me) => {
			await tx
				.insertInto('resolution_events')
				.values({
					resolution_id: f.resolutionId,
					occurred_on: '2026-11-01',
					note: 'Introduced',
					created_by: me?.id ?? null
				})
				.execute();
			return true;
		}
	},
	{
		name: 'resolution_events (draft) update',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			touched(
				await tx
					.updateTable('resolution_events')
					.set({ note: 'x' })
					.where('id', '=', f.eventId)
					.execute()
			)
	},
	{
		name: 'resolution_events (draft) delete',
		expected: [n, n, n, y, y, y],
		run: async (tx, f) =>
			touched(await tx.deleteFrom('resolution_events').where('id', '=', f.eventId).execute())
	}
];

describe.each(ENGINES)('RLS matrix of campaigns (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const people: Partial<Record<PersonaName, Persona>> = {};
	let fixture: Fixture;

	beforeAll(async () => {
		const d = database();
		const [stranger, other, editor, lead, admin] = await Promise.all([
			createPersona(d, 'stranger'),
			createPersona(d, 'other'),
			createPersona(d, 'editor'),
			createPersona(d, 'lead'),
			createPersona(d, 'admin', { siteAdmin: true })
		]);
		Object.assign(people, { stranger, otherCampaign: other, editor, lead, admin });
		const place = await d.db
			.insertInto('places')
			.values({ kind: 'city', name: 'Matrixville', state_code: 'OR' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const draft = (slug: string, who: Persona) =>
			d.as(who.claims, (tx) =>
				tx
					.insertInto('resolutions')
					.values({ slug, place_id: place.id, title: 'Draft', created_by: who.id })
					.returning('id')
					.executeTakeFirstOrThrow()
			);
		const ours = await draft('matrix-ours', lead);
		await draft('matrix-theirs', other);
		await d.db
			.insertInto('resolution_members')
			.values({ resolution_id: ours.id, user_id: editor.id, role: 'editor' })
			.execute();
		const event = await d.db
			.insertInto('resolution_events')
			.values({ resolution_id: ours.id, occurred_on: '2026-10-01', note: 'Drafted' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const invite = await d.db
			.insertInto('resolution_invites')
			.values({
				resolution_id: ours.id,
				token_hash: createHash('sha256').update('matrix').digest('hex'),
				created_by: lead.id
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		fixture = {
			resolutionId: ours.id,
			eventId: event.id,
			inviteId: invite.id,
			editorId: editor.id,
			strangerId: stranger.id,
			placeId: place.id
		};
	});

	it('every cell of the matrix holds', async () => {
		const d = database();
		const failures: string[] = [];
		const report: string[] = [];
		for (const cell of CELLS) {
			const outcomes: boolean[] = [];
			for (const [index, name] of PERSONAS.entries()) {
				const me = name === 'anon' ? null : (people[name] as Persona);
				const allowed = await attempt(d, me?.claims ?? ANON, (tx) => cell.run(tx, fixture, me));
				outcomes.push(allowed);
				if (allowed !== cell.expected[index]) {
					failures.push(`${cell.name} as ${name}: ${allowed ? 'allowed' : 'denied'}`);
				}
			}
			report.push(`${cell.name.padEnd(46)} ${outcomes.map((o) => (o ? 'Y' : '-')).join(' ')}`);
		}
		if (process.env.PRINT_RLS_MATRIX) {
			console.log(`${''.padEnd(46)} ${PERSONAS.map((p) => p[0]).join(' ')}\n${report.join('\n')}`);
		}
		expect(failures).toEqual([]);
	});

	it('a campaign always keeps a lead, and an editor cannot promote themselves', async () => {
		const d = database();
		const lead = people.lead as Persona;
		const editor = people.editor as Persona;
		await expect(
			d.as(lead.claims, (tx) =>
				tx
					.deleteFrom('resolution_members')
					.where('resolution_id', '=', fixture.resolutionId)
					.where('user_id', '=', lead.id)
					.execute()
			)
		).rejects.toMatchObject({ code: '23514' });
		const promoted = await d.as(editor.claims, (tx) =>
			tx
				.updateTable('resolution_members')
				.set({ role: 'lead' })
				.where('resolution_id', '=', fixture.resolutionId)
				.where('user_id', '=', editor.id)
				.executeTakeFirst()
		);
		expect(Number(promoted.numUpdatedRows)).toBe(0);
		// A hand-over in one transaction passes the check at commit.
		await d.as(lead.claims, async (tx) => {
			await tx
				.updateTable('resolution_members')
				.set({ role: 'lead' })
				.where('resolution_id', '=', fixture.resolutionId)
				.where('user_id', '=', editor.id)
				.execute();
			await tx
				.updateTable('resolution_members')
				.set({ role: 'editor' })
				.where('resolution_id', '=', fixture.resolutionId)
				.where('user_id', '=', lead.id)
				.execute();
		});
		const roles = await d.db
			.selectFrom('resolution_members')
			.select(['user_id', 'role'])
			.where('resolution_id', '=', fixture.resolutionId)
			.execute();
		expect(Object.fromEntries(roles.map((r) => [r.user_id, r.role]))).toEqual({
			[lead.id]: 'editor',
			[editor.id]: 'lead'
		});
		// Back as it was, for the other tests.
		await d.db
			.updateTable('resolution_members')
			.set((eb) => ({
				role: eb.case().when('user_id', '=', lead.id).then('lead').else('editor').end()
			}))
			.where('resolution_id', '=', fixture.resolutionId)
			.execute();
	});

	it('an invite joins once it is valid, and never when unknown, revoked or expired', async () => {
		const d = database();
		const stranger = people.stranger as Persona;
		const accept = (token: string) =>
			d.as(stranger.claims, async (tx) => {
				const { rows } = await sql<{ id: string | null }>`
					select private.accept_campaign_invite(${createHash('sha256').update(token).digest('hex')}) as id
				`.execute(tx);
				return rows[0]?.id ?? null;
			});
		const add = async (token: string, changes: { revoked?: boolean; expired?: boolean }) => {
			await d.db
				.insertInto('resolution_invites')
				.values({
					resolution_id: fixture.resolutionId,
					token_hash: createHash('sha256').update(token).digest('hex'),
					role: 'editor',
					created_at: changes.expired ? new Date(Date.now() - 8 * 86_400_000) : undefined,
					expires_at: changes.expired ? new Date(Date.now() - 86_400_000) : undefined,
					revoked_at: changes.revoked ? new Date() : null
				})
				.execute();
		};
		await add('revoked-token', { revoked: true });
		await add('expired-token', { expired: true });
		await add('good-token', {});
		expect(await accept('unknown-token')).toBeNull();
		expect(await accept('revoked-token')).toBeNull();
		expect(await accept('expired-token')).toBeNull();
		expect(await accept('good-token')).toBe(fixture.resolutionId);
		const seen = await d.as(stranger.claims, (tx) =>
			tx.selectFrom('resolutions').select('id').where('id', '=', fixture.resolutionId).execute()
		);
		expect(seen).toHaveLength(1);
		await d.db
			.deleteFrom('resolution_members')
			.where('resolution_id', '=', fixture.resolutionId)
			.where('user_id', '=', stranger.id)
			.execute();
	});
});
