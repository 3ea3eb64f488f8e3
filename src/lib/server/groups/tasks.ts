/** The welcome plan: tasks due relative to the family's arrival, or on a fixed date. */
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '../db';
import { recordActivity } from './activity';
import { phaseOf, TASK_CATEGORIES, TASK_STATUSES, type Phase, type TaskStatus } from '$lib/groups';

const DAY = 86_400_000;
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (date: Date) => date.toISOString().slice(0, 10);

export interface PlanTask {
	id: string;
	title: string;
	category: string;
	kind: 'action' | 'supply';
	status: TaskStatus;
	assigneeId: string | null;
	assigneeName: string | null;
	notes: string | null;
	dueOn: string | null;
	offsetDays: number | null;
	phase: Phase;
	overdue: boolean;
	position: number;
}

/**
 * The plan with each task's due date worked out from the arrival date, so moving the arrival
 * moves every relative task with it.
 */
export async function listTasks(
	tx: Tx,
	groupId: string,
	arrivalOn: string | null,
	today: string
): Promise<PlanTask[]> {
	const rows = await tx
		.selectFrom('group_tasks as t')
		.leftJoin('profiles as p', 'p.id', 't.assignee_id')
		.where('t.group_id', '=', groupId)
		.select([
			't.id',
			't.title',
			't.category',
			't.kind',
			't.status',
			't.assignee_id',
			'p.display_name',
			't.notes',
			't.due_days',
			't.due_on',
			't.position'
		])
		.orderBy('t.position')
		.orderBy('t.created_at')
		.execute();
	const arrival = arrivalOn ? toDate(arrivalOn) : null;
	return rows.map((row) => {
		let dueOn: string | null = row.due_on;
		let offsetDays: number | null = null;
		if (row.due_days !== null) {
			offsetDays = row.due_days;
			dueOn = arrival ? toIso(new Date(arrival.getTime() + row.due_days * DAY)) : null;
		} else if (row.due_on && arrival) {
			offsetDays = Math.round((toDate(row.due_on).getTime() - arrival.getTime()) / DAY);
		}
		const status = row.status as TaskStatus;
		return {
			id: row.id,
			title: row.title,
			category: row.category,
			kind: row.kind as 'action' | 'supply',
			status,
			assigneeId: row.assignee_id,
			assigneeName: row.display_name,
			notes: row.notes,
			dueOn,
			offsetDays,
			phase: phaseOf(offsetDays),
			overdue: status !== 'done' && dueOn !== null && dueOn < today,
			position: row.position
		};
	});
}

export const taskSchema = z
	.object({
		title: z
			.string()
			.trim()
			.min(1, { error: () => m.groups_error_task_title() })
			.max(200, { error: () => m.groups_error_task_title() }),
		category: z.enum(TASK_CATEGORIES, { error: () => m.groups_error_category() }),
		kind: z.enum(['action', 'supply'], { error: () => m.groups_error_category() }),
		due_days: z
			.string()
			.trim()
			.optional()
			.transform((value) => (value ? value : null))
			.refine((value) => value === null || /^-?\d{1,4}$/.test(value), {
				error: () => m.groups_error_due_days()
			})
			.transform((value) => (value === null ? null : Number(value)))
			.refine((value) => value === null || (value >= -365 && value <= 3650), {
				error: () => m.groups_error_due_days()
			})
	})
	.strict();
export type TaskInput = z.infer<typeof taskSchema>;

export async function addTask(tx: Tx, groupId: string, userId: string, input: TaskInput) {
	const last = await tx
		.selectFrom('group_tasks')
		.where('group_id', '=', groupId)
		.select((eb) => eb.fn.max('position').as('position'))
		.executeTakeFirst();
	await tx
		.insertInto('group_tasks')
		.values({
			group_id: groupId,
			title: input.title,
			category: input.category,
			kind: input.kind,
			due_days: input.due_days,
			position: (last?.position ?? -1) + 1,
			created_by: userId
		})
		.execute();
	await recordActivity(tx, groupId, userId, 'task_added', input.title);
}

export const taskStatusSchema = z.object({
	task_id: z.uuid({ error: () => m.groups_error_task_missing() }),
	status: z.enum(TASK_STATUSES, { error: () => m.groups_error_status() })
});

/** Sets a task's status; false when the task is not this group's (or not visible). */
export async function setTaskStatus(
	tx: Tx,
	groupId: string,
	userId: string,
	taskId: string,
	status: TaskStatus
): Promise<boolean> {
	const row = await tx
		.updateTable('group_tasks')
		.set({ status, updated_at: new Date() })
		.where('id', '=', taskId)
		.where('group_id', '=', groupId)
		.returning('title')
		.executeTakeFirst();
	if (!row) return false;
	await recordActivity(tx, groupId, userId, `task_${status}`, row.title);
	return true;
}

export const taskAssigneeSchema = z.object({
	task_id: z.uuid({ error: () => m.groups_error_task_missing() }),
	assignee_id: z.union([z.literal(''), z.uuid({ error: () => m.groups_error_member() })])
});

/**
 * Gives a task to a member of the group (or to nobody). False when the task or the person is not
 * in this group.
 */
export async function assignTask(
	tx: Tx,
	groupId: string,
	userId: string,
	taskId: string,
	assigneeId: string | null
): Promise<boolean> {
	if (assigneeId) {
		const member = await tx
			.selectFrom('group_members')
			.select('user_id')
			.where('group_id', '=', groupId)
			.where('user_id', '=', assigneeId)
			.executeTakeFirst();
		if (!member) return false;
	}
	const row = await tx
		.updateTable('group_tasks')
		.set({ assignee_id: assigneeId, updated_at: new Date() })
		.where('id', '=', taskId)
		.where('group_id', '=', groupId)
		.returning('title')
		.executeTakeFirst();
	if (!row) return false;
	await recordActivity(tx, groupId, userId, 'task_assigned', row.title);
	return true;
}
