import { beforeAll, describe, expect, it } from 'vitest';
import { createGroup, listMembers } from '../../src/lib/server/groups/groups';
import { listComments, listTasks } from '../../src/lib/server/groups/tasks';
import { inCommittee } from '../../src/lib/groups';
import { actions, load } from '../../src/routes/groups/[id]/+page.server';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { routeHarness, type Body } from './route-harness';

// The welcome plan's edit, order and comments, and members' committees, through the page's
// form actions as a lead and as a member — each change in the group's activity log.

const ARRIVAL = '2027-03-01';

describe.each(ENGINES)('plan edits, order, comments and committees (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const { eventFor } = routeHarness(database);
	let lead: Persona, member: Persona;
	let groupId: string;

	beforeAll(async () => {
		const d = database();
		[lead, member] = await Promise.all([createPersona(d, 'Lena'), createPersona(d, 'Marco')]);
		groupId = await d.as(lead.claims, (tx) =>
			createGroup(tx, lead.id, {
				name: 'Plan group',
				city: 'Fargo',
				state_code: 'ND',
				program_id: 'welcome_corps',
				arrival_on: ARRIVAL
			})
		);
		await d.db
			.insertInto('group_members')
			.values({ group_id: groupId, user_id: member.id, role: 'member' })
			.execute();
	});

	const post = async (who: Persona, action: string, body: Body) => {
		const run = actions[action];
		if (!run) throw new Error(`no action ${action}`);
		return run(eventFor(who, `/groups/${groupId}?/${action}`, { id: groupId }, body));
	};
	const tasks = () =>
		database().as(lead.claims, (tx) => listTasks(tx, groupId, ARRIVAL, '2027-01-01'));
	const lastActivity = async () =>
		database()
			.db.selectFrom('group_activity')
			.where('group_id', '=', groupId)
			.select(['action', 'summary', 'actor_id'])
			.orderBy('created_at', 'desc')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();

	it('a member edits a task: title, category, kind, a fixed date and notes', async () => {
		const task = (await tasks())[0]!;
		const result = await post(member, 'edit_task', {
			task_id: task.id,
			title: 'Buy a crib',
			category: 'other',
			kind: 'supply',
			due_days: '',
			due_on: '2027-02-20',
			notes: 'Second-hand is fine.'
		});
		expect(result).toMatchObject({ action: 'edit_task' });
		const edited = (await tasks()).find((t) => t.id === task.id)!;
		expect(edited).toMatchObject({
			title: 'Buy a crib',
			category: 'other',
			kind: 'supply',
			dueDays: null,
			fixedDueOn: '2027-02-20',
			dueOn: '2027-02-20',
			offsetDays: -9,
			phase: 'before',
			notes: 'Second-hand is fine.'
		});
		expect(await lastActivity()).toEqual({
			action: 'task_edited',
			summary: 'Buy a crib',
			actor_id: member.id
		});

		// Back to days from arrival: the date is cleared, the due day follows the arrival.
		await post(member, 'edit_task', {
			task_id: task.id,
			title: 'Buy a crib',
			category: 'other',
			kind: 'supply',
			due_days: '3',
			due_on: '',
			notes: ''
		});
		const again = (await tasks()).find((t) => t.id === task.id)!;
		expect(again).toMatchObject({ dueDays: 3, fixedDueOn: null, dueOn: '2027-03-04', notes: null });
	});

	it('moves a task down and up within its phase, keeping positions unique', async () => {
		const before = await tasks();
		const phase = before.find((t, i) => before.findIndex((u) => u.phase === t.phase) !== i)!.phase;
		const inPhase = before.filter((t) => t.phase === phase);
		const [first, second] = inPhase;
		const logged = await lastActivity();
		await post(lead, 'move_task', { task_id: first!.id, direction: 'down' });
		let order = (await tasks()).filter((t) => t.phase === phase).map((t) => t.id);
		expect(order.slice(0, 2)).toEqual([second!.id, first!.id]);
		await post(lead, 'move_task', { task_id: first!.id, direction: 'up' });
		order = (await tasks()).filter((t) => t.phase === phase).map((t) => t.id);
		expect(order).toEqual(inPhase.map((t) => t.id));
		const positions = (await tasks()).map((t) => t.position);
		expect(new Set(positions).size).toBe(positions.length);
		// Reordering arranges the plan; it is not news in the activity log.
		expect(await lastActivity()).toEqual(logged);
	});

	it('members comment on a task and delete their own comments', async () => {
		const task = (await tasks())[1]!;
		await post(member, 'add_comment', { task_id: task.id, body: 'I called the landlord.' });
		await post(lead, 'add_comment', { task_id: task.id, body: 'Thanks!' });
		let comments = await database().as(member.claims, (tx) => listComments(tx, groupId));
		expect(comments[task.id]?.map((c) => [c.body, c.authorName])).toEqual([
			['I called the landlord.', 'Marco'],
			['Thanks!', 'Lena']
		]);
		expect(comments[task.id]?.[0]?.createdAt).toBeInstanceOf(Date);
		expect(await lastActivity()).toEqual({
			action: 'comment_added',
			summary: task.title,
			actor_id: lead.id
		});
		const mine = comments[task.id]![0]!;
		expect(await post(member, 'delete_comment', { comment_id: mine.id })).toMatchObject({
			action: 'delete_comment'
		});
		comments = await database().as(member.claims, (tx) => listComments(tx, groupId));
		expect(comments[task.id]?.map((c) => c.body)).toEqual(['Thanks!']);
		expect(await lastActivity()).toMatchObject({ action: 'comment_deleted', actor_id: member.id });
	});

	it('leads set anyone’s committees, members their own', async () => {
		await post(lead, 'committees', { user_id: member.id, committee: ['transport', 'housing'] });
		await post(member, 'committees', { user_id: member.id, committee: 'health' });
		await post(lead, 'committees', { user_id: lead.id, committee: ['finance'] });
		const members = await database().as(member.claims, (tx) => listMembers(tx, groupId));
		expect(Object.fromEntries(members.map((x) => [x.name, x.committees]))).toEqual({
			Lena: ['finance'],
			Marco: ['health']
		});
		// Unticking every box clears them.
		await post(member, 'committees', { user_id: member.id });
		const after = await database().as(member.claims, (tx) => listMembers(tx, groupId));
		expect(after.find((x) => x.userId === member.id)?.committees).toEqual([]);
		expect(await lastActivity()).toMatchObject({
			action: 'committees_updated',
			actor_id: member.id
		});
	});

	it('filters the plan by a committee named in the URL, ignoring unknown ones', async () => {
		const pageFor = async (query: string) =>
			(await load(eventFor(lead, `/groups/${groupId}${query}`, { id: groupId }))) as {
				committee: string | null;
				tasks: { category: string }[];
			};
		const page = await pageFor('?committee=education');
		expect(page.committee).toBe('education');
		const shown = page.tasks.filter((t) => inCommittee(t.category, 'education'));
		expect(new Set(shown.map((t) => t.category))).toEqual(new Set(['school', 'english']));
		expect((await pageFor('?committee=parking')).committee).toBeNull();
		expect(page.tasks.every((t) => inCommittee(t.category, null))).toBe(true);
	});
});
