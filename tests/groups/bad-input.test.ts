import { beforeAll, describe, expect, it } from 'vitest';
import { m } from '../../src/lib/paraglide/messages';
import { createGroup, createInvite, revokeInvite } from '../../src/lib/server/groups/groups';
import { listTasks } from '../../src/lib/server/groups/tasks';
import { actions as groupPageActions } from '../../src/routes/groups/[id]/+page.server';
import { actions as groupsActions } from '../../src/routes/groups/+page.server';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { groupInput, routeHarness, type Body } from './route-harness';

// Bad input on every form of the sponsor-group pages: each is refused with a 400 and a message
// that says what to fix, and no row of any group table changes. "Foreign" ids are real ids of
// another group's task, member, comment, invite or document.

type Who = 'lead' | 'member';
interface Case {
	name: string;
	action: string;
	body: Body;
	/** The field the message is about, and the message (`form` for the whole form). */
	field: string;
	message: string | RegExp;
	as?: Who;
}

const long = (n: number) => 'x'.repeat(n);
const TEXT = new TextEncoder().encode('A plain text file.\n');

describe.each(ENGINES)('bad input on the sponsor-group forms (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const { eventFor, snapshot } = routeHarness(database);
	let lead: Persona, member: Persona, otherLead: Persona, stranger: Persona;
	let groupA: string, groupB: string;
	const ids = {
		taskA: '',
		firstTaskA: '',
		taskB: '',
		commentB: '',
		leadCommentA: '',
		inviteB: '',
		revokedInviteA: '',
		documentB: '',
		ledgerB: ''
	};

	beforeAll(async () => {
		const d = database();
		[lead, member, otherLead, stranger] = await Promise.all([
			createPersona(d, 'lead'),
			createPersona(d, 'member'),
			createPersona(d, 'other-lead'),
			createPersona(d, 'stranger')
		]);
		groupA = await d.as(lead.claims, (tx) => createGroup(tx, lead.id, groupInput('Group A')));
		groupB = await d.as(otherLead.claims, (tx) =>
			createGroup(tx, otherLead.id, groupInput('Group B'))
		);
		await d.db
			.insertInto('group_members')
			.values({ group_id: groupA, user_id: member.id, role: 'member' })
			.execute();
		const tasksA = await d.as(lead.claims, (tx) =>
			listTasks(tx, groupA, '2027-03-01', '2027-01-01')
		);
		ids.firstTaskA = tasksA[0]!.id;
		ids.taskA = tasksA[1]!.id;
		const taskB = await d.db
			.selectFrom('group_tasks')
			.where('group_id', '=', groupB)
			.select('id')
			.executeTakeFirstOrThrow();
		ids.taskB = taskB.id;
		const comment = (groupId: string, taskId: string, by: string) =>
			d.db
				.insertInto('group_task_comments')
				.values({ group_id: groupId, task_id: taskId, body: 'A comment', created_by: by })
				.returning('id')
				.executeTakeFirstOrThrow();
		ids.commentB = (await comment(groupB, ids.taskB, otherLead.id)).id;
		ids.leadCommentA = (await comment(groupA, ids.taskA, lead.id)).id;
		await d.as(otherLead.claims, (tx) => createInvite(tx, groupB, otherLead.id, 'member'));
		await d.as(lead.claims, (tx) => createInvite(tx, groupA, lead.id, 'member'));
		const invites = await d.db.selectFrom('group_invites').select(['id', 'group_id']).execute();
		ids.inviteB = invites.find((i) => i.group_id === groupB)!.id;
		ids.revokedInviteA = invites.find((i) => i.group_id === groupA)!.id;
		await d.as(lead.claims, (tx) => revokeInvite(tx, groupA, ids.revokedInviteA));
		const document = await d.db
			.insertInto('group_documents')
			.values({
				group_id: groupB,
				object_name: `${groupB}/x`,
				title: 'B',
				uploaded_by: otherLead.id
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		ids.documentB = document.id;
		const ledgerB = await d.db
			.insertInto('group_ledger_entries')
			.values({
				group_id: groupB,
				kind: 'donation',
				amount_cents: 500,
				description: 'B',
				occurred_on: '2026-01-01',
				created_by: otherLead.id
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		ids.ledgerB = ledgerB.id;
	});

	const persona = (who: Who) => (who === 'lead' ? lead : member);

	async function post(action: string, body: Body, who: Who = 'lead') {
		const run = groupPageActions[action];
		if (!run) throw new Error(`no action ${action}`);
		const path = `/groups/${groupA}?/${action}`;
		return run(eventFor(persona(who), path, { id: groupA }, body)) as Promise<{
			status: number;
			data: { message: string; errors?: Record<string, string[]>; values?: Record<string, string> };
		}>;
	}

	/** Refused with a 400 naming the field and saying what to fix; nothing changed anywhere. */
	async function expectRefused(
		run: () => Promise<{ status: number; data: Record<string, unknown> }>,
		field: string,
		message: string | RegExp
	) {
		const before = await snapshot();
		const result = await run();
		expect(result.status).toBe(400);
		const data = result.data as { message: string; errors?: Record<string, string[]> };
		expect(data.message).toMatch(/\S/);
		const said = data.errors?.[field] ?? [];
		expect(
			said.some((text) => (typeof message === 'string' ? text === message : message.test(text))),
			`${field}: ${JSON.stringify(data.errors)}`
		).toBe(true);
		expect(await snapshot()).toEqual(before);
	}

	const task = (overrides: Body = {}): Body => ({
		title: 'Buy a crib',
		category: 'housing',
		kind: 'supply',
		due_days: '-7',
		due_on: '',
		notes: '',
		...overrides
	});
	const edit = (overrides: Body = {}): Body => ({ task_id: ids.taskA, ...task(), ...overrides });
	const entry = (overrides: Body = {}): Body => ({
		kind: 'donation',
		amount: '25',
		description: 'Bake sale',
		occurred_on: '2026-11-01',
		...overrides
	});
	const family = (overrides: Body = {}): Body => ({
		household_size: '4',
		languages: 'Dari, Pashto',
		arrival_on: '2027-03-01',
		needs: '',
		sensitive_needs: '',
		...overrides
	});
	const file = (bytes: Uint8Array<ArrayBuffer>, name = 'note.txt', type = 'text/plain') =>
		new File([bytes], name, { type });

	// Built lazily: the ids exist only once beforeAll ran.
	const cases = (): Case[] => [
		// Plan: status and assignee.
		{
			name: 'status of no task',
			action: 'task_status',
			body: { status: 'done' },
			field: 'task_id',
			message: m.groups_error_task_missing()
		},
		{
			name: 'status of a malformed id',
			action: 'task_status',
			body: { task_id: 'x', status: 'done' },
			field: 'task_id',
			message: m.groups_error_task_missing()
		},
		{
			name: 'status of a foreign task',
			action: 'task_status',
			body: { task_id: ids.taskB, status: 'done' },
			field: 'task_id',
			message: m.groups_error_task_missing()
		},
		{
			name: 'unknown status',
			action: 'task_status',
			body: { task_id: ids.taskA, status: 'finished' },
			field: 'status',
			message: m.groups_error_status()
		},
		{
			name: 'status sent twice',
			action: 'task_status',
			body: { task_id: ids.taskA, status: ['done', 'todo'] },
			field: 'status',
			message: m.groups_error_repeated()
		},
		{
			name: 'assign a foreign task',
			action: 'task_assignee',
			body: { task_id: ids.taskB, assignee_id: member.id },
			field: 'task_id',
			message: m.groups_error_task_missing()
		},
		{
			name: 'assign to a stranger',
			action: 'task_assignee',
			body: { task_id: ids.taskA, assignee_id: stranger.id },
			field: 'assignee_id',
			message: m.groups_error_member()
		},
		{
			name: 'assign to another group’s lead',
			action: 'task_assignee',
			body: { task_id: ids.taskA, assignee_id: otherLead.id },
			field: 'assignee_id',
			message: m.groups_error_member()
		},
		{
			name: 'assign to a malformed id',
			action: 'task_assignee',
			body: { task_id: ids.taskA, assignee_id: 'nobody' },
			field: 'assignee_id',
			message: m.groups_error_member()
		},
		// Plan: add and edit.
		...(['add_task', 'edit_task'] as const).flatMap((action): Case[] => {
			const body = action === 'add_task' ? task : edit;
			return [
				{
					name: `${action}: empty title`,
					action,
					body: body({ title: '   ' }),
					field: 'title',
					message: m.groups_error_task_title()
				},
				{
					name: `${action}: title too long`,
					action,
					body: body({ title: long(201) }),
					field: 'title',
					message: m.groups_error_task_title()
				},
				{
					name: `${action}: title with a NUL`,
					action,
					body: body({ title: 'a\u0000b' }),
					field: 'title',
					message: m.form_error_control()
				},
				{
					name: `${action}: title twice`,
					action,
					body: body({ title: ['One', 'Two'] }),
					field: 'title',
					message: m.groups_error_repeated()
				},
				{
					name: `${action}: unknown category`,
					action,
					body: body({ category: 'pets' }),
					field: 'category',
					message: m.groups_error_category()
				},
				{
					name: `${action}: unknown kind`,
					action,
					body: body({ kind: 'wish' }),
					field: 'kind',
					message: m.groups_error_kind()
				},
				{
					name: `${action}: too early`,
					action,
					body: body({ due_days: '-366' }),
					field: 'due_days',
					message: m.groups_error_due_days()
				},
				{
					name: `${action}: too late`,
					action,
					body: body({ due_days: '3651' }),
					field: 'due_days',
					message: m.groups_error_due_days()
				},
				{
					name: `${action}: not whole days`,
					action,
					body: body({ due_days: '1.5' }),
					field: 'due_days',
					message: m.groups_error_due_days()
				},
				{
					name: `${action}: date before 2000`,
					action,
					body: body({ due_days: '', due_on: '1999-12-31' }),
					field: 'due_on',
					message: m.groups_error_date()
				},
				{
					name: `${action}: date after 2100`,
					action,
					body: body({ due_days: '', due_on: '2101-01-01' }),
					field: 'due_on',
					message: m.groups_error_date()
				},
				{
					name: `${action}: not a date`,
					action,
					body: body({ due_days: '', due_on: '2027-02-30' }),
					field: 'due_on',
					message: m.groups_error_date()
				},
				{
					name: `${action}: days and a date`,
					action,
					body: body({ due_on: '2027-03-05' }),
					field: 'due_on',
					message: m.groups_error_due_both()
				},
				{
					name: `${action}: notes too long`,
					action,
					body: body({ notes: long(4001) }),
					field: 'notes',
					message: m.groups_error_notes()
				},
				{
					name: `${action}: an unknown field`,
					action,
					body: body({ created_by: stranger.id }),
					field: 'form',
					message: /created_by/
				}
			];
		}),
		{
			name: 'edit no task',
			action: 'edit_task',
			body: task(),
			field: 'task_id',
			message: m.groups_error_task_missing()
		},
		{
			name: 'edit a foreign task',
			action: 'edit_task',
			body: edit({ task_id: ids.taskB }),
			field: 'task_id',
			message: m.groups_error_task_missing()
		},
		// Plan: order.
		{
			name: 'move a foreign task',
			action: 'move_task',
			body: { task_id: ids.taskB, direction: 'up' },
			field: 'task_id',
			message: m.groups_error_task_missing()
		},
		{
			name: 'move sideways',
			action: 'move_task',
			body: { task_id: ids.taskA, direction: 'left' },
			field: 'direction',
			message: m.groups_error_direction()
		},
		{
			name: 'move both ways at once',
			action: 'move_task',
			body: { task_id: ids.taskA, direction: ['up', 'down'] },
			field: 'direction',
			message: m.groups_error_repeated()
		},
		{
			name: 'move the first task up',
			action: 'move_task',
			body: { task_id: ids.firstTaskA, direction: 'up' },
			field: 'direction',
			message: m.groups_move_edge()
		},
		// Plan: comments.
		{
			name: 'empty comment',
			action: 'add_comment',
			body: { task_id: ids.taskA, body: ' \n ' },
			field: 'body',
			message: m.groups_error_comment()
		},
		{
			name: 'comment too long',
			action: 'add_comment',
			body: { task_id: ids.taskA, body: long(2001) },
			field: 'body',
			message: m.groups_error_comment()
		},
		{
			name: 'comment twice',
			action: 'add_comment',
			body: { task_id: ids.taskA, body: ['a', 'b'] },
			field: 'body',
			message: m.groups_error_repeated()
		},
		{
			name: 'comment with a NUL',
			action: 'add_comment',
			body: { task_id: ids.taskA, body: 'a\u0000' },
			field: 'body',
			message: m.form_error_control()
		},
		{
			name: 'comment on a foreign task',
			action: 'add_comment',
			body: { task_id: ids.taskB, body: 'Hello' },
			field: 'task_id',
			message: m.groups_error_task_missing()
		},
		{
			name: 'delete a foreign comment',
			action: 'delete_comment',
			body: { comment_id: ids.commentB },
			field: 'comment_id',
			message: m.groups_error_comment_missing()
		},
		{
			name: 'delete someone else’s comment',
			action: 'delete_comment',
			body: { comment_id: ids.leadCommentA },
			field: 'comment_id',
			message: m.groups_error_comment_missing(),
			as: 'member'
		},
		{
			name: 'delete a malformed comment id',
			action: 'delete_comment',
			body: { comment_id: '1' },
			field: 'comment_id',
			message: m.groups_error_comment_missing()
		},
		// Members: committees and eligibility.
		{
			name: 'unknown committee',
			action: 'committees',
			body: { user_id: member.id, committee: 'parking' },
			field: 'committee',
			message: m.groups_error_committee()
		},
		{
			name: 'committee twice',
			action: 'committees',
			body: { user_id: member.id, committee: ['health', 'health'] },
			field: 'committee',
			message: m.groups_error_committee()
		},
		{
			name: 'committees of a stranger',
			action: 'committees',
			body: { user_id: stranger.id, committee: 'health' },
			field: 'user_id',
			message: m.groups_error_member()
		},
		{
			name: 'committees of another group’s lead',
			action: 'committees',
			body: { user_id: otherLead.id },
			field: 'user_id',
			message: m.groups_error_member()
		},
		{
			name: 'unknown eligibility item',
			action: 'eligibility',
			body: { item: 'rich' },
			field: 'item',
			message: m.groups_error_eligibility(),
			as: 'member'
		},
		{
			name: 'eligibility item twice',
			action: 'eligibility',
			body: { item: ['adult', 'adult'] },
			field: 'item',
			message: m.groups_error_eligibility(),
			as: 'member'
		},
		// Budget.
		{
			name: 'negative amount',
			action: 'ledger',
			body: entry({ amount: '-5' }),
			field: 'amount',
			message: m.groups_error_amount({ example: '1,250.50' })
		},
		{
			name: 'zero amount',
			action: 'ledger',
			body: entry({ amount: '0' }),
			field: 'amount',
			message: m.groups_error_amount({ example: '1,250.50' })
		},
		{
			name: 'amount in words',
			action: 'ledger',
			body: entry({ amount: 'ten' }),
			field: 'amount',
			message: m.groups_error_amount({ example: '1,250.50' })
		},
		{
			name: 'amount too large',
			action: 'ledger',
			body: entry({ amount: '1000000000' }),
			field: 'amount',
			message: m.groups_error_amount_large({ max: '999,999,999' })
		},
		{
			name: 'amount with three decimals',
			action: 'ledger',
			body: entry({ amount: '1.005' }),
			field: 'amount',
			message: m.groups_error_amount_format({ example: '1,250.50', decimal: '.', group: ',' })
		},
		{
			name: 'amount with commas every other digit',
			action: 'ledger',
			body: entry({ amount: '1,2,3' }),
			field: 'amount',
			message: m.groups_error_amount_format({ example: '1,250.50', decimal: '.', group: ',' })
		},
		{
			name: 'amount twice',
			action: 'ledger',
			body: entry({ amount: ['5', '6'] }),
			field: 'amount',
			message: m.groups_error_repeated()
		},
		{
			name: 'unknown ledger kind',
			action: 'ledger',
			body: entry({ kind: 'loan' }),
			field: 'kind',
			message: m.groups_error_ledger_kind()
		},
		{
			name: 'empty description',
			action: 'ledger',
			body: entry({ description: '' }),
			field: 'description',
			message: m.groups_error_description()
		},
		{
			name: 'description too long',
			action: 'ledger',
			body: entry({ description: long(301) }),
			field: 'description',
			message: m.groups_error_description()
		},
		{
			name: 'entry dated 1999',
			action: 'ledger',
			body: entry({ occurred_on: '1999-12-31' }),
			field: 'occurred_on',
			message: m.groups_error_date()
		},
		{
			name: 'entry dated 2101',
			action: 'ledger',
			body: entry({ occurred_on: '2101-01-01' }),
			field: 'occurred_on',
			message: m.groups_error_date()
		},
		{
			name: 'entry without a date',
			action: 'ledger',
			body: entry({ occurred_on: '' }),
			field: 'occurred_on',
			message: m.groups_error_date()
		},
		// The family.
		{
			name: 'household of 0',
			action: 'family',
			body: family({ household_size: '0' }),
			field: 'household_size',
			message: m.groups_error_household()
		},
		{
			name: 'household of -1',
			action: 'family',
			body: family({ household_size: '-1' }),
			field: 'household_size',
			message: m.groups_error_household()
		},
		{
			name: 'household of 31',
			action: 'family',
			body: family({ household_size: '31' }),
			field: 'household_size',
			message: m.groups_error_household()
		},
		{
			name: 'household twice',
			action: 'family',
			body: family({ household_size: ['2', '3'] }),
			field: 'household_size',
			message: m.groups_error_repeated()
		},
		{
			name: 'eleven languages',
			action: 'family',
			body: family({ languages: Array.from({ length: 11 }, (_, i) => `L${i}`).join(',') }),
			field: 'languages',
			message: m.groups_error_languages()
		},
		{
			name: 'a language too long',
			action: 'family',
			body: family({ languages: long(41) }),
			field: 'languages',
			message: m.groups_error_languages()
		},
		{
			name: 'arrival in 1999',
			action: 'family',
			body: family({ arrival_on: '1999-01-01' }),
			field: 'arrival_on',
			message: m.groups_error_date()
		},
		{
			name: 'arrival not a date',
			action: 'family',
			body: family({ arrival_on: 'soon' }),
			field: 'arrival_on',
			message: m.groups_error_date()
		},
		{
			name: 'needs too long',
			action: 'family',
			body: family({ needs: long(4001) }),
			field: 'needs',
			message: m.groups_error_needs()
		},
		{
			name: 'sensitive needs too long',
			action: 'family',
			body: family({ sensitive_needs: long(4001) }),
			field: 'sensitive_needs',
			message: m.groups_error_needs()
		},
		// Invites and membership.
		{
			name: 'invite as admin',
			action: 'invite',
			body: { role: 'admin' },
			field: 'role',
			message: m.groups_error_invite_role()
		},
		{
			name: 'invite without a role',
			action: 'invite',
			body: {},
			field: 'role',
			message: m.groups_error_invite_role()
		},
		{
			name: 'invite with two roles',
			action: 'invite',
			body: { role: ['member', 'lead'] },
			field: 'role',
			message: m.groups_error_repeated()
		},
		{
			name: 'revoke a foreign invite',
			action: 'revoke',
			body: { invite_id: ids.inviteB },
			field: 'invite_id',
			message: m.groups_invite_invalid()
		},
		{
			name: 'revoke a revoked invite',
			action: 'revoke',
			body: { invite_id: ids.revokedInviteA },
			field: 'invite_id',
			message: m.groups_invite_invalid()
		},
		{
			name: 'revoke a malformed id',
			action: 'revoke',
			body: { invite_id: 'x' },
			field: 'invite_id',
			message: m.groups_invite_invalid()
		},
		{
			name: 'remove another group’s lead',
			action: 'remove',
			body: { user_id: otherLead.id },
			field: 'user_id',
			message: m.groups_error_member()
		},
		{
			name: 'remove a malformed id',
			action: 'remove',
			body: { user_id: '' },
			field: 'user_id',
			message: m.groups_error_member()
		},
		{
			name: 'remove two people',
			action: 'remove',
			body: { user_id: [member.id, member.id] },
			field: 'user_id',
			message: m.groups_error_repeated()
		},
		{
			name: 'hand over to a stranger',
			action: 'handover',
			body: { user_id: stranger.id },
			field: 'user_id',
			message: m.groups_error_member()
		},
		{
			name: 'hand over to oneself',
			action: 'handover',
			body: { user_id: lead.id },
			field: 'user_id',
			message: m.groups_error_member()
		},
		{
			name: 'hand over to a malformed id',
			action: 'handover',
			body: { user_id: 'lead' },
			field: 'user_id',
			message: m.groups_error_member()
		},
		// Documents.
		{
			name: 'upload without a title',
			action: 'upload',
			body: { title: '', file: file(TEXT) },
			field: 'title',
			message: m.groups_error_document_title()
		},
		{
			name: 'upload with a long title',
			action: 'upload',
			body: { title: long(201), file: file(TEXT) },
			field: 'title',
			message: m.groups_error_document_title()
		},
		{
			name: 'upload without a file',
			action: 'upload',
			body: { title: 'Lease' },
			field: 'file',
			message: m.groups_error_file_missing()
		},
		{
			name: 'upload an empty file',
			action: 'upload',
			body: { title: 'Lease', file: file(new Uint8Array()) },
			field: 'file',
			message: m.groups_error_file_missing()
		},
		{
			name: 'upload two files',
			action: 'upload',
			body: { title: 'Lease', file: [file(TEXT), file(TEXT)] },
			field: 'file',
			message: m.groups_error_file_field()
		},
		{
			name: 'upload a program',
			action: 'upload',
			body: {
				title: 'Lease',
				file: file(new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0]), 'lease.txt')
			},
			field: 'file',
			message: m.groups_error_file_type()
		},
		{
			name: 'edit a ledger entry with an ambiguous amount',
			action: 'ledger_edit',
			body: entry({ entry_id: ids.ledgerB, amount: '1,2,3' }),
			field: 'amount',
			message: m.groups_error_amount_format({ example: '1,250.50', decimal: '.', group: ',' })
		},
		{
			name: "edit another group's ledger entry",
			action: 'ledger_edit',
			body: entry({ entry_id: ids.ledgerB }),
			field: 'entry_id',
			message: m.groups_error_ledger_entry()
		},
		{
			name: "delete another group's ledger entry",
			action: 'ledger_delete',
			body: { entry_id: ids.ledgerB },
			field: 'entry_id',
			message: m.groups_error_ledger_entry()
		},
		{
			name: 'delete a ledger entry by a malformed id',
			action: 'ledger_delete',
			body: { entry_id: 'x' },
			field: 'entry_id',
			message: m.groups_error_ledger_entry()
		},
		{
			name: 'delete a foreign document',
			action: 'delete_document',
			body: { document_id: ids.documentB },
			field: 'document_id',
			message: m.groups_document_not_found()
		},
		{
			name: 'delete a malformed document id',
			action: 'delete_document',
			body: { document_id: 'x' },
			field: 'document_id',
			message: m.groups_document_not_found()
		}
	];

	it('a refused upload keeps the typed title and says the kind of file is not accepted', async () => {
		const program = new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0]);
		const result = (await post('upload', { title: 'Lease', file: file(program, 'lease.pdf') }))
			.data;
		expect(result.errors?.file).toEqual([m.groups_error_file_type()]);
		expect(result.values?.title).toBe('Lease');
	});

	it('every case is refused with a clear message and changes nothing', async () => {
		const all = cases();
		for (const c of all) {
			await expectRefused(() => post(c.action, c.body, c.as), c.field, c.message).catch(
				(e: Error) => {
					throw new Error(`${c.name}: ${e.message}`);
				}
			);
		}
		// Every action of the group page that reads a form is covered here.
		const covered = new Set(all.map((c) => c.action));
		const withoutFields = ['close', 'reopen', 'leave'];
		expect(
			Object.keys(groupPageActions)
				.filter((a) => !withoutFields.includes(a))
				.sort()
		).toEqual([...covered].sort());
	});

	it('what was typed comes back with the errors', async () => {
		const result = await post('add_task', task({ title: '', notes: 'Ask the landlord first' }));
		expect(result.data.values).toMatchObject({ notes: 'Ask the landlord first', due_days: '-7' });
		const ledger = await post('ledger', entry({ amount: '-5', description: 'Bake sale' }));
		expect(ledger.data.values).toMatchObject({ amount: '-5', description: 'Bake sale' });
	});

	it('a member cannot set another member’s committees, and nothing changes', async () => {
		const before = await snapshot();
		const result = await post('committees', { user_id: lead.id, committee: 'health' }, 'member');
		expect(result.status).toBe(403);
		expect(await snapshot()).toEqual(before);
	});

	describe('creating a group', () => {
		const create = (body: Body) => {
			const run = groupsActions.create;
			if (!run) throw new Error('no create action');
			return run(eventFor(stranger, '/groups?/create', {}, body)) as Promise<{
				status: number;
				data: Record<string, unknown>;
			}>;
		};
		const group = (overrides: Body = {}): Body => ({
			name: 'Maple Street Circle',
			city: 'Saint Paul',
			state_code: 'MN',
			program_id: 'welcome_corps',
			arrival_on: '2027-03-01',
			...overrides
		});
		const groupCases: [string, Body, string, string][] = [
			['empty name', group({ name: ' ' }), 'name', m.groups_error_name()],
			['name too long', group({ name: long(121) }), 'name', m.groups_error_name()],
			['name twice', group({ name: ['A', 'B'] }), 'name', m.groups_error_repeated()],
			['name with a NUL', group({ name: 'A\u0000' }), 'name', m.form_error_control()],
			['empty city', group({ city: '' }), 'city', m.groups_error_city()],
			['city too long', group({ city: long(121) }), 'city', m.groups_error_city()],
			['unknown state', group({ state_code: 'ZZ' }), 'state_code', m.groups_error_state()],
			[
				'unknown program',
				group({ program_id: 'no_such_program' }),
				'program_id',
				m.groups_error_program()
			],
			[
				'malformed program',
				group({ program_id: "'; drop table" }),
				'program_id',
				m.groups_error_program()
			],
			['arrival in 1999', group({ arrival_on: '1999-12-31' }), 'arrival_on', m.groups_error_date()],
			['arrival in 2101', group({ arrival_on: '2101-01-01' }), 'arrival_on', m.groups_error_date()],
			[
				'arrival not a date',
				group({ arrival_on: '2027-13-01' }),
				'arrival_on',
				m.groups_error_date()
			]
		];
		it.each(groupCases)('%s', async (_name, body, field, message) => {
			await expectRefused(() => create(body), field, message);
		});

		it('is the only form of the groups page that reads fields', () => {
			// The calendar link's actions take no input at all.
			expect(Object.keys(groupsActions).sort()).toEqual(['calendar', 'calendar_off', 'create']);
		});
	});
});
