import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON } from '../../src/lib/server/db';
import {
	actionTally,
	getUrgentAction,
	listUrgentActions
} from '../../src/lib/server/urgent-actions/actions';
import {
	reportUrgentAction,
	takesReports,
	URGENT_REPORT_LIMIT,
	type UrgentReportInput
} from '../../src/lib/server/urgent-actions/report';
import { PLATFORM_ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

// "Report your action" on an urgent action, through private.report_urgent_action() as anyone
// signed out calls it: the rate limits and the honeypot inside the database, consent for contact
// details, the state read off the ZIP, and the public tally (sums only).

const LETTER: UrgentReportInput = {
	kind: 'letter',
	count: 1,
	name: null,
	zip: null,
	email: null,
	consent: false
};

describe.each(PLATFORM_ENGINES)('reporting an urgent action (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let admin: Persona;
	let counter = 0;

	/** A new action written by the site admin; published and open unless told otherwise. */
	const newAction = (values: { published?: boolean; status?: string; deadline?: string } = {}) =>
		database().as(admin.claims, async (tx) => {
			const slug = `ua-test-${++counter}`;
			const row = await tx
				.insertInto('urgent_actions')
				.values({
					code: `UA ${counter}.26`,
					slug,
					title_en: `Action ${counter}`,
					title_es: `Acción ${counter}`,
					summary_en: 'Write to the governor.',
					published: values.published ?? true,
					status: values.status ?? 'open',
					deadline: values.deadline ?? null
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			return { id: row.id, slug };
		});
	const report = (
		id: string,
		input: Partial<UrgentReportInput> = {},
		ip = '192.0.2.1',
		honeypot = ''
	) =>
		database().as(ANON, (tx) => reportUrgentAction(tx, id, { ...LETTER, ...input }, ip, honeypot));
	const tally = (id: string) => database().as(ANON, (tx) => actionTally(tx, id));
	const rows = (id: string) =>
		database()
			.db.selectFrom('urgent_action_reports')
			.selectAll()
			.where('action_id', '=', id)
			.execute();

	beforeAll(async () => {
		admin = await createPersona(database(), 'admin', { siteAdmin: true });
	});

	it('counts a report, with the state of its ZIP, and shows only sums to the public', async () => {
		const action = await newAction();
		expect(await report(action.id, { kind: 'letter', count: 3, zip: '10001' })).toBe(0);
		expect(await report(action.id, { kind: 'call', zip: '94103-1234' }, '192.0.2.2')).toBe(0);
		expect(await report(action.id, { kind: 'email' }, '192.0.2.3')).toBe(0);
		expect(await tally(action.id)).toEqual({
			actions: 5,
			reports: 3,
			byKind: { letter: 3, call: 1, email: 1 },
			byState: [
				{ state: 'NY', actions: 3 },
				{ state: 'CA', actions: 1 }
			]
		});
		// Without consent only the state is kept, not the ZIP.
		expect((await rows(action.id)).map((row) => [row.state_code, row.zip])).toEqual(
			expect.arrayContaining([
				['NY', null],
				['CA', null],
				[null, null]
			])
		);
		// Anyone reads the sums, nobody but site admins a report.
		const seen = await database().as(ANON, (tx) =>
			tx
				.selectFrom('urgent_action_reports')
				.select('id')
				.execute()
				.then(
					() => 'read',
					(error: { code?: string }) => error.code
				)
		);
		expect(seen).toBe('42501');
	});

	it('keeps name, ZIP and email only with consent; without it, refuses a name or email', async () => {
		const action = await newAction();
		const contact = { name: 'Ana Ruiz', zip: '60601', email: 'ana@example.org' };
		expect(await report(action.id, { ...contact, consent: true })).toBe(0);
		await expect(
			report(action.id, { ...contact, consent: false }, '192.0.2.5')
		).rejects.toMatchObject({
			code: '22023'
		});
		const [kept] = await rows(action.id);
		expect(kept).toMatchObject({ ...contact, state_code: 'IL', contact_consent: true });
		expect(await rows(action.id)).toHaveLength(1);
	});

	it(`takes ${URGENT_REPORT_LIMIT.max} reports an hour from one address, then a wait`, async () => {
		const action = await newAction();
		for (let i = 0; i < URGENT_REPORT_LIMIT.max; i++) {
			expect(await report(action.id, {}, '198.51.100.7')).toBe(0);
		}
		const wait = await report(action.id, {}, '198.51.100.7');
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(URGENT_REPORT_LIMIT.windowSeconds);
		expect((await tally(action.id)).reports).toBe(URGENT_REPORT_LIMIT.max);
		// Another address is not held back, and the limit is per action.
		expect(await report(action.id, {}, '198.51.100.8')).toBe(0);
		const other = await newAction();
		expect(await report(other.id, {}, '198.51.100.7')).toBe(0);
	});

	it('answers a filled honeypot as if counted, and counts nothing', async () => {
		const action = await newAction();
		expect(await report(action.id, {}, '192.0.2.9', 'https://spam.example')).toBe(0);
		expect(await tally(action.id)).toMatchObject({ actions: 0, reports: 0 });
		expect(await rows(action.id)).toHaveLength(0);
	});

	it('caps one action at 500 reports an hour in all, whatever addresses a caller forges', async () => {
		const action = await newAction();
		const counted = await database().as(ANON, async (tx) => {
			await sql`select private.report_urgent_action(${action.id}, 'letter', 1, null, null, null,
				false, '203.0.113.' || g, '') from generate_series(1, 520) g`.execute(tx);
			return (await actionTally(tx, action.id)).reports;
		});
		expect(counted).toBe(500);
	});

	it('refuses a draft, a closed action and one past its deadline, writing nothing', async () => {
		const draft = await newAction({ published: false });
		const closed = await newAction({ status: 'success' });
		const late = await newAction({ deadline: '2025-05-30' });
		for (const action of [draft, closed, late]) {
			expect(await database().as(ANON, (tx) => takesReports(tx, action.id))).toBe(false);
			await expect(report(action.id)).rejects.toMatchObject({ code: '42501' });
			expect(await rows(action.id)).toHaveLength(0);
		}
		// Bad values the form refuses first are refused by the database too.
		const open = await newAction();
		await expect(report(open.id, { kind: 'fax' as 'letter' })).rejects.toMatchObject({
			code: '23514'
		});
		await expect(report(open.id, { count: 101 }, '192.0.2.10')).rejects.toMatchObject({
			code: '23514'
		});
		await expect(report(open.id, { zip: 'abcde' }, '192.0.2.11')).rejects.toMatchObject({
			code: '22023'
		});
	});

	it('reads a ZIP prefix as its state, and military or malformed ones as none', async () => {
		const { rows: states } = await sql<{ zip: string; state: string | null }>`
			select zip, private.zip_state(zip) as state from unnest(array[
				'00501', '00901', '02108', '05501', '10001', '20001', '20101', '33101', '34001', '59001',
				'73301', '82001', '88501', '96910', '99501', '09001', '1234', 'abcde'
			]) as zip`.execute(database().db);
		expect(Object.fromEntries(states.map((row) => [row.zip, row.state]))).toEqual({
			'00501': 'NY',
			'00901': 'PR',
			'02108': 'MA',
			'05501': 'MA',
			'10001': 'NY',
			'20001': 'DC',
			'20101': 'VA',
			'33101': 'FL',
			'34001': null,
			'59001': 'MT',
			'73301': 'TX',
			'82001': 'WY',
			'88501': 'TX',
			'96910': 'GU',
			'99501': 'AK',
			'09001': null,
			'1234': null,
			abcde: null
		});
	});

	it('lists open actions first by deadline, then closed ones, in the visitor’s language', async () => {
		const d = database();
		const list = await d.as(ANON, (tx) => listUrgentActions(tx, 'es', '2026-12-03'));
		const statuses = list.map((action) => action.status);
		const firstClosed = statuses.findIndex((status) => status !== 'open' && status !== 'update');
		expect(firstClosed).toBeGreaterThan(0);
		expect(statuses.slice(firstClosed).every((s) => s !== 'open' && s !== 'update')).toBe(true);
		expect(list.find((action) => action.status === 'closed')).toBeDefined();
		expect(list[0]?.title).toMatch(/^Acción/);
		const late = list.find((action) => action.deadline === '2025-05-30');
		expect(late?.status).toBe('closed');
		// A draft is neither listed nor found.
		const drafts = await d.db
			.selectFrom('urgent_actions')
			.select('slug')
			.where('published', '=', false)
			.execute();
		expect(drafts.length).toBeGreaterThan(0);
		for (const { slug } of drafts) {
			expect(list.map((action) => action.slug)).not.toContain(slug);
			expect(await d.as(ANON, (tx) => getUrgentAction(tx, slug, 'en'))).toBeUndefined();
		}
	});
});
