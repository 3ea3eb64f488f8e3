import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../../src/lib/filters';
import { ANON } from '../../src/lib/server/db';
import { resolutionDetail } from '../../src/lib/server/resolutions/detail';
import { filteredResolutions } from '../../src/lib/server/resolutions/search';
import { handleReport } from '../../src/lib/server/reports/submit';
import { load as layoutLoad } from '../../src/routes/+layout.server';
import { load as queueLoad } from '../../src/routes/moderate/+page.server';
import { actions, load as reportLoad } from '../../src/routes/moderate/[id]/+page.server';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { outcome, reportForm, requestEvent } from './events';

// The moderation pages, called as SvelteKit calls them: only site admins get past the 404, and
// every decision is all or nothing.

type Decision = 'approve' | 'merge' | 'reject';
type Failure = { status: number; data: { errors: Record<string, string[]>; message: string } };

describe.each(ENGINES)('moderating public reports (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let admin: Persona, stranger: Persona;
	let ipCounter = 0;

	/** Files a report through the public form and returns its id (read back as the owner). */
	async function fileReport(overrides: Record<string, string> = {}): Promise<string> {
		const form = reportForm({ title: `Report ${crypto.randomUUID()}`, ...overrides });
		const { event } = requestEvent(database(), {
			path: '/report',
			form,
			ip: `192.0.2.${++ipCounter}`
		});
		expect(await handleReport(event)).toMatchObject({ sent: true });
		const row = await database()
			.db.selectFrom('resolution_reports')
			.select('id')
			.where('title', '=', form.title ?? '')
			.executeTakeFirstOrThrow();
		return row.id;
	}

	const decide = (
		decision: Decision,
		persona: Persona | null,
		id: string,
		form: Record<string, string>
	) => {
		const action = actions[decision];
		if (!action) throw new Error(`no ${decision} action`);
		const { event } = requestEvent(database(), {
			path: `/moderate/${id}`,
			persona,
			form,
			params: { id }
		});
		return outcome(action(event));
	};

	const reportRow = (id: string) =>
		database()
			.db.selectFrom('resolution_reports')
			.selectAll()
			.where('id', '=', id)
			.executeTakeFirstOrThrow();

	/** How many rows the tables a decision writes hold: unchanged means nothing was written. */
	const footprint = async () => {
		const count = async (table: 'places' | 'resolutions' | 'resolution_events') =>
			Number(
				(
					await database()
						.db.selectFrom(table)
						.select((eb) => eb.fn.countAll().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		return {
			places: await count('places'),
			resolutions: await count('resolutions'),
			events: await count('resolution_events')
		};
	};

	beforeAll(async () => {
		[admin, stranger] = await Promise.all([
			createPersona(database(), 'admin', { siteAdmin: true }),
			createPersona(database(), 'stranger')
		]);
	});

	it('the queue and a report are a 404 for anyone but a site admin', async () => {
		const id = await fileReport();
		for (const persona of [null, stranger]) {
			const { event } = requestEvent(database(), { path: '/moderate', persona });
			expect(await outcome(queueLoad(event))).toEqual({ thrown: 404 });
			const single = requestEvent(database(), {
				path: `/moderate/${id}`,
				persona,
				params: { id }
			});
			expect(await outcome(reportLoad(single.event))).toEqual({ thrown: 404 });
			for (const decision of ['approve', 'merge', 'reject'] as const) {
				expect(await decide(decision, persona, id, { reason: 'Spam' })).toEqual({ thrown: 404 });
			}
		}
		expect(await reportRow(id)).toMatchObject({ state: 'pending' });

		const { event } = requestEvent(database(), { path: '/moderate', persona: admin });
		const queue = (await queueLoad(event)) as { reports: { id: string; contact_email: string }[] };
		expect(queue.reports.find((r) => r.id === id)).toMatchObject({
			contact_email: 'neighbor@example.org'
		});
		const bad = requestEvent(database(), {
			path: '/moderate/nope',
			persona: admin,
			params: { id: 'nope' }
		});
		expect(await outcome(reportLoad(bad.event))).toEqual({ thrown: 404 });
	});

	it('every page offers the moderation queue to site admins only', async () => {
		const isAdmin = async (persona: Persona | null) => {
			const { event } = requestEvent(database(), { path: '/report', persona });
			return ((await layoutLoad(event)) as unknown as { isAdmin: boolean }).isAdmin;
		};
		expect([await isAdmin(null), await isAdmin(stranger), await isAdmin(admin)]).toEqual([
			false,
			false,
			true
		]);
	});

	it('approving with corrections publishes a verified resolution on the list and its page', async () => {
		const id = await fileReport({ place_name: 'Lakevew', notes: '' });
		const approved = await decide('approve', admin, id, {
			...reportForm({ place_name: 'Lakeview', title: 'Lakeview welcomes refugees', notes: '' }),
			lat: '44.95',
			lon: '-93.1'
		});
		expect(approved).toEqual({
			decision: 'approve',
			message: 'Approved and published as “Lakeview welcomes refugees”.'
		});

		const report = await reportRow(id);
		expect(report).toMatchObject({
			state: 'approved',
			place_name: 'Lakeview',
			title: 'Lakeview welcomes refugees',
			contact_email: null,
			decided_by: admin.id
		});
		expect(report.decided_at).toBeInstanceOf(Date);

		const d = database();
		const resolution = await d.db
			.selectFrom('resolutions as r')
			.innerJoin('places as p', 'p.id', 'r.place_id')
			.select([
				'r.slug',
				'r.visibility',
				'r.verified',
				'r.provenance',
				'r.status',
				'r.decided_on',
				'r.decided_on_precision',
				'r.source_url',
				'r.created_by',
				'p.name',
				'p.kind',
				'p.state_code',
				'p.lat',
				'p.lon'
			])
			.where('r.id', '=', report.resolution_id!)
			.executeTakeFirstOrThrow();
		expect(resolution).toEqual({
			slug: 'lakeview-mn-2024',
			visibility: 'published',
			verified: true,
			provenance: 'report',
			status: 'adopted',
			decided_on: '2024-05-14',
			decided_on_precision: 'day',
			source_url: 'https://lakeview.example.org/minutes/2024-05-14',
			created_by: admin.id,
			name: 'Lakeview',
			kind: 'city',
			state_code: 'MN',
			lat: 44.95,
			lon: -93.1
		});
		// No campaign team: a reported resolution is not an organizer's campaign.
		const team = await d.db
			.selectFrom('resolution_members')
			.select('user_id')
			.where('resolution_id', '=', report.resolution_id!)
			.execute();
		expect(team).toEqual([]);

		// The public sees it: on the list (the map's query) and on its page, with the source.
		const listed = await d.as(ANON, (tx) =>
			filteredResolutions(tx, { ...EMPTY_FILTERS, state: ['MN'] })
				.select('r.slug')
				.execute()
		);
		expect(listed.map((row) => row.slug)).toContain('lakeview-mn-2024');
		const detail = await d.as(ANON, (tx) => resolutionDetail(tx, 'lakeview-mn-2024'));
		expect(detail).toMatchObject({ title: 'Lakeview welcomes refugees', verified: true });
		const events = await d.db
			.selectFrom('resolution_events')
			.select(['occurred_on', 'status', 'note', 'source_url', 'created_by'])
			.where('resolution_id', '=', report.resolution_id!)
			.execute();
		expect(events).toEqual([
			{
				occurred_on: '2024-05-14',
				status: 'adopted',
				note: 'Lakeview welcomes refugees',
				source_url: 'https://lakeview.example.org/minutes/2024-05-14',
				created_by: admin.id
			}
		]);

		// Decided once: a second decision is a 409 and changes nothing.
		const before = await footprint();
		const again = (await decide('approve', admin, id, reportForm())) as Failure;
		expect(again.status).toBe(409);
		expect(again.data.message).toBe('This report has already been decided.');
		const rejectAfter = (await decide('reject', admin, id, { reason: 'Late' })) as Failure;
		expect(rejectAfter.status).toBe(409);
		expect(await footprint()).toEqual(before);
	});

	it('a second report of the same place, in any case, reuses it; its slug gets a suffix', async () => {
		const id = await fileReport({
			place_name: 'lakeview',
			status: 'pending',
			decided_on: '2024-02-01'
		});
		const before = await footprint();
		expect(
			await decide(
				'approve',
				admin,
				id,
				reportForm({ place_name: 'lakeview', decided_on: '2024-02-01' })
			)
		).toMatchObject({ decision: 'approve' });
		const after = await footprint();
		expect(after.places).toBe(before.places);
		expect(after.resolutions).toBe(before.resolutions + 1);
		const { resolution_id } = await reportRow(id);
		const { slug } = await database()
			.db.selectFrom('resolutions')
			.select('slug')
			.where('id', '=', resolution_id!)
			.executeTakeFirstOrThrow();
		expect(slug).toMatch(/^lakeview-mn-2024-[0-9a-f]{6}$/);
	});

	it('bad approval input is a 400 naming the field, and nothing is written', async () => {
		const id = await fileReport();
		const before = await footprint();
		const cases: [Record<string, string>, string, string][] = [
			[{ lat: '44.9' }, 'lat', 'Enter both latitude and longitude, or neither.'],
			[{ lat: '91', lon: '0' }, 'lat', 'Enter a latitude between -90 and 90, or leave it empty.'],
			[
				{ lat: '0', lon: 'east' },
				'lon',
				'Enter a longitude between -180 and 180, or leave it empty.'
			],
			[{ state_code: 'XX' }, 'state_code', 'Choose a state.'],
			[
				{ source_url: 'lakeview.example.org' },
				'source_url',
				'Enter a link starting with https:// or http:// (up to 2,000 characters).'
			]
		];
		for (const [override, field, message] of cases) {
			const result = (await decide('approve', admin, id, {
				...reportForm(),
				...override
			})) as Failure & { data: { values: Record<string, string> } };
			expect(result.status).toBe(400);
			expect(result.data.errors[field]).toEqual([message]);
			expect(result.data.values.place_name).toBe('Lakeview');
		}
		expect(await footprint()).toEqual(before);
		expect(await reportRow(id)).toMatchObject({ state: 'pending' });
	});

	it('a failure half way through an approval leaves no place, resolution or decision behind', async () => {
		const d = database();
		const id = await fileReport({ place_name: 'Halfway' });
		// The last insert of the approval fails: the place and the resolution before it must go too.
		await sql`create function public.refuse_event() returns trigger language plpgsql as $$
			begin raise exception 'refused for the test' using errcode = '23514'; end $$`.execute(d.db);
		await sql`create trigger refuse_event before insert on public.resolution_events
			for each row execute function public.refuse_event()`.execute(d.db);
		try {
			const before = await footprint();
			const result = (await decide(
				'approve',
				admin,
				id,
				reportForm({ place_name: 'Halfway' })
			)) as Failure;
			expect(result.status).toBe(409);
			expect(result.data.message).toMatch(/^This could not be saved/);
			expect(await footprint()).toEqual(before);
			expect(await reportRow(id)).toMatchObject({
				state: 'pending',
				contact_email: 'neighbor@example.org'
			});
		} finally {
			await sql`drop trigger refuse_event on public.resolution_events`.execute(d.db);
			await sql`drop function public.refuse_event()`.execute(d.db);
		}
	});

	it('merging adds the report’s source to an existing resolution found by name', async () => {
		const id = await fileReport({
			title: 'Lakeview reaffirms its welcome',
			notes: 'Reaffirmed in 2025. (Private: I work for the council.)',
			source_url: 'https://news.example.org/lakeview-2025'
		});
		const search = requestEvent(database(), {
			path: `/moderate/${id}?q=lakeview+welcomes`,
			persona: admin,
			params: { id }
		});
		const page = (await reportLoad(search.event)) as {
			matches: { id: string; slug: string }[];
		};
		const target = page.matches.find((match) => match.slug === 'lakeview-mn-2024');
		expect(target).toBeDefined();

		const missing = (await decide('merge', admin, id, {
			resolution_id: crypto.randomUUID()
		})) as Failure;
		expect(missing.status).toBe(400);
		expect(missing.data.errors.resolution_id).toEqual(['Choose a resolution to merge into.']);
		const unchosen = (await decide('merge', admin, id, {})) as Failure;
		expect(unchosen.status).toBe(400);
		expect(await reportRow(id)).toMatchObject({ state: 'pending' });

		const before = await footprint();
		expect(await decide('merge', admin, id, { resolution_id: target!.id })).toEqual({
			decision: 'merge',
			message: 'Merged into “Lakeview welcomes refugees”.'
		});
		expect(await footprint()).toEqual({ ...before, events: before.events + 1 });
		expect(await reportRow(id)).toMatchObject({
			state: 'merged',
			resolution_id: target!.id,
			contact_email: null,
			decided_by: admin.id
		});
		const added = await database()
			.db.selectFrom('resolution_events')
			.select(['note', 'source_url'])
			.where('resolution_id', '=', target!.id)
			.where('source_url', '=', 'https://news.example.org/lakeview-2025')
			.execute();
		// The reporter's notes are for the moderators: the public history shows the title.
		expect(added).toEqual([
			{
				note: 'Lakeview reaffirms its welcome',
				source_url: 'https://news.example.org/lakeview-2025'
			}
		]);
	});

	it('rejecting needs a reason, then forgets the email', async () => {
		const id = await fileReport();
		const empty = (await decide('reject', admin, id, { reason: '  ' })) as Failure;
		expect(empty.status).toBe(400);
		expect(empty.data.errors.reason).toEqual(['Give a reason (1 to 1,000 characters).']);
		const tooLong = (await decide('reject', admin, id, { reason: 'r'.repeat(1001) })) as Failure;
		expect(tooLong.status).toBe(400);
		expect(await reportRow(id)).toMatchObject({ state: 'pending' });

		expect(await decide('reject', admin, id, { reason: 'Not a resolution' })).toEqual({
			decision: 'reject',
			message: 'The report was rejected.'
		});
		expect(await reportRow(id)).toMatchObject({
			state: 'rejected',
			decision_reason: 'Not a resolution',
			contact_email: null,
			resolution_id: null
		});
	});
});
