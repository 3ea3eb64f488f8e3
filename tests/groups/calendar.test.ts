import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON } from '../../src/lib/server/db';
import {
	calendarIcs,
	calendarTasks,
	createCalendarFeed,
	revokeCalendarFeeds
} from '../../src/lib/server/groups/calendar';
import { createGroup } from '../../src/lib/server/groups/groups';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

describe.each(ENGINES)('the personal task calendar (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let lead: Persona;
	let groupId: string;

	beforeAll(async () => {
		const d = database();
		lead = await createPersona(d, 'lead');
		groupId = await d.as(lead.claims, (tx) =>
			createGroup(tx, lead.id, {
				name: 'Calendar, test; group',
				city: 'Fargo',
				state_code: 'ND',
				program_id: 'welcome_corps',
				arrival_on: '2027-03-01'
			})
		);
		await d.as(lead.claims, (tx) =>
			tx
				.updateTable('group_tasks')
				.set({ assignee_id: lead.id })
				.where('group_id', '=', groupId)
				.where('checklist_key', 'in', ['airport', 'housing'])
				.execute()
		);
	});

	it('serves my assigned tasks on their due dates, readable by a reference parser', async () => {
		const d = database();
		const token = await d.as(lead.claims, (tx) => createCalendarFeed(tx, lead.id));
		const tasks = await d.as(ANON, (tx) => calendarTasks(tx, token));
		expect(tasks?.map((t) => [t.title, t.dueOn]).sort()).toEqual([
			['Find safe, affordable housing', '2027-02-15'],
			['Meet the family at the airport', '2027-03-01']
		]);
		const ics = calendarIcs(tasks ?? [], 'atlas.example.org', new Date('2026-11-25T12:00:00Z'));
		const calendar = new ICAL.Component(ICAL.parse(ics));
		const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
		expect(events.map((e) => e.summary).sort()).toEqual([
			'Find safe, affordable housing',
			'Meet the family at the airport'
		]);
		const airport = events.find((e) => e.summary.startsWith('Meet'));
		expect(airport?.startDate.toString()).toBe('2027-03-01');
		expect(airport?.startDate.isDate).toBe(true);
		expect(airport?.description).toBe('Calendar, test; group');
	});

	it('answers nothing for a revoked, replaced or guessed link', async () => {
		const d = database();
		const first = await d.as(lead.claims, (tx) => createCalendarFeed(tx, lead.id));
		const second = await d.as(lead.claims, (tx) => createCalendarFeed(tx, lead.id));
		expect(await d.as(ANON, (tx) => calendarTasks(tx, first))).toBeNull();
		expect(await d.as(ANON, (tx) => calendarTasks(tx, second))).not.toBeNull();
		await d.as(lead.claims, (tx) => revokeCalendarFeeds(tx, lead.id));
		expect(await d.as(ANON, (tx) => calendarTasks(tx, second))).toBeNull();
		expect(await d.as(ANON, (tx) => calendarTasks(tx, 'x'.repeat(43)))).toBeNull();
	});

	it('keeps other people out of my feed rows', async () => {
		const d = database();
		const stranger = await createPersona(d, 'stranger');
		await d.as(lead.claims, (tx) => createCalendarFeed(tx, lead.id));
		const seen = await d.as(stranger.claims, (tx) =>
			tx.selectFrom('group_calendar_feeds').select('id').execute()
		);
		expect(seen).toEqual([]);
		const seenByAnon = d.as(ANON, (tx) =>
			tx.selectFrom('group_calendar_feeds').select('id').execute()
		);
		await expect(seenByAnon).rejects.toMatchObject({ code: '42501' });
	});
});
