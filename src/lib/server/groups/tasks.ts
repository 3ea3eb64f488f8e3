/** The welcome plan: tasks due relative to the family's arrival, or on a fixed date. */
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '../db';
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
	/** As stored: days from arrival, or a fixed date (at most one of them is set). */
	dueDays: number | null;
	fixedDueOn: string | null;
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
			dueDays: row.due_days,
			fixedDueOn: row.due_on,
			offsetDays,
			phase: phaseOf(offsetDays),
			overdue: status !== 'done' && dueOn !== null && dueOn < today,
			position: row.position
		};
	});
}

const dueDaysField = z
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
	});

const dueOnField = z
	.union([z.literal(''), z.iso.date({ error: () => m.groups_error_date() })])
	.optional()
	.transform((value) => value || null)
	.refine((value) => value === null || (value >= '2000-01-01' && value <= '2100-12-31'), {
		error: () => m.groups_error_date()
	});

const taskFields = {
	title: z
		.string()
		.trim()
		.min(1, { error: () => m.groups_error_task_title() })
		.max(200, { error: () => m.groups_error_task_title() }),
	category: z.enum(TASK_CATEGORIES, { error: () => m.groups_error_category() }),
	kind: z.enum(['action', 'supply'], { error: () => m.groups_error_kind() }),
	due_days: dueDaysField,
	due_on: dueOnField,
	notes: z
		.string()
		.trim()
		.max(4000, { error: () => m.groups_error_notes() })
		.optional()
		.transform((value) => value || null)
};

/** A task is due relative to arrival or on a date, never both (the table says so too). */
function oneDueDate(
	task: { due_days: number | null; due_on: string | null },
	ctx: z.RefinementCtx
) {
	if (task.due_days !== null && task.due_on !== null) {
		ctx.addIssue({ code: 'custom', path: ['due_on'], message: m.groups_error_due_both() });
	}
}

export const taskSchema = z.object(taskFields).strict().superRefine(oneDueDate);
export type TaskInput = z.infer<typeof taskSchema>;

export const taskEditSchema = z
	.object({ task_id: z.uuid({ error: () => m.groups_error_task_missing() }), ...taskFields })
	.strict()
	.superRefine(oneDueDate);
export type TaskEditInput = z.infer<typeof taskEditSchema>;

/** The columns a person writes, the same when adding and when editing. */
function taskColumns(input: TaskInput) {
	const { title, category, kind, due_days, due_on, notes } = input;
	return { title, category, kind, due_days, due_on, notes };
}

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
			...taskColumns(input),
			position: (last?.position ?? -1) + 1
		})
		.execute();
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
		.set({ status })
		.where('id', '=', taskId)
		.where('group_id', '=', groupId)
		.returning('title')
		.executeTakeFirst();
	if (!row) return false;
	return true;
}

export const taskAssigneeSchema = z.object({
	task_id: z.uuid({ error: () => m.groups_error_task_missing() }),
	assignee_id: z.union([z.literal(''), z.uuid({ error: () => m.groups_error_member() })])
});

/**
 * Gives a task to a member of the group (or to nobody). Says which id was wrong when the task or
 * the person is not in this group.
 */
export async function assignTask(
	tx: Tx,
	groupId: string,
	userId: string,
	taskId: string,
	assigneeId: string | null
): Promise<'assigned' | 'task_missing' | 'not_member'> {
	if (assigneeId) {
		const member = await tx
			.selectFrom('group_members')
			.select('user_id')
			.where('group_id', '=', groupId)
			.where('user_id', '=', assigneeId)
			.executeTakeFirst();
		if (!member) return 'not_member';
	}
	const row = await tx
		.updateTable('group_tasks')
		.set({ assignee_id: assigneeId })
		.where('id', '=', taskId)
		.where('group_id', '=', groupId)
		.returning('title')
		.executeTakeFirst();
	if (!row) return 'task_missing';
	return 'assigned';
}

/** Changes a task's wording, category, kind, due date and notes; false when not this group's. */
export async function updateTask(
	tx: Tx,
	groupId: string,
	userId: string,
	input: TaskEditInput
): Promise<boolean> {
	const row = await tx
		.updateTable('group_tasks')
		.set(taskColumns(input))
		.where('id', '=', input.task_id)
		.where('group_id', '=', groupId)
		.returning('title')
		.executeTakeFirst();
	if (!row) return false;
	return true;
}

export const taskMoveSchema = z.object({
	task_id: z.uuid({ error: () => m.groups_error_task_missing() }),
	direction: z.enum(['up', 'down'], { error: () => m.groups_error_direction() })
});

/**
 * Moves a task one place up or down among the tasks of its phase — the list people see — and
 * renumbers the plan so positions stay unique. 'edge' when it is already first (or last).
 */
export async function moveTask(
	tx: Tx,
	groupId: string,
	userId: string,
	taskId: string,
	direction: 'up' | 'down',
	arrivalOn: string | null
): Promise<'moved' | 'edge' | 'not_found'> {
	const tasks = await listTasks(tx, groupId, arrivalOn, toIso(new Date()));
	const from = tasks.findIndex((task) => task.id === taskId);
	const task = tasks[from];
	if (!task) return 'not_found';
	const step = direction === 'up' ? -1 : 1;
	let to = from + step;
	while (tasks[to] && tasks[to]?.phase !== task.phase) to += step;
	if (!tasks[to]) return 'edge';
	const order = tasks.map((t) => t.id);
	[order[from], order[to]] = [order[to] as string, order[from] as string];
	const positions = new Map(tasks.map((t) => [t.id, t.position]));
	for (const [position, id] of order.entries()) {
		if (positions.get(id) === position) continue;
		await tx
			.updateTable('group_tasks')
			.set({ position })
			.where('id', '=', id)
			.where('group_id', '=', groupId)
			.execute();
	}
	return 'moved';
}

// ---- Comments ------------------------------------------------------------------------------

export interface TaskComment {
	id: string;
	taskId: string;
	body: string;
	authorId: string | null;
	authorName: string | null;
	createdAt: Date;
}

/** Every comment of the group's plan, oldest first, by task. */
export async function listComments(
	tx: Tx,
	groupId: string
): Promise<Record<string, TaskComment[]>> {
	const rows = await tx
		.selectFrom('group_task_comments as c')
		.leftJoin('profiles as p', 'p.id', 'c.created_by')
		.where('c.group_id', '=', groupId)
		.select(['c.id', 'c.task_id', 'c.body', 'c.created_by', 'p.display_name', 'c.created_at'])
		.orderBy('c.created_at')
		.orderBy('c.id')
		.execute();
	const byTask: Record<string, TaskComment[]> = {};
	for (const row of rows) {
		(byTask[row.task_id] ??= []).push({
			id: row.id,
			taskId: row.task_id,
			body: row.body,
			authorId: row.created_by,
			authorName: row.display_name,
			createdAt: row.created_at
		});
	}
	return byTask;
}

export const commentSchema = z.object({
	task_id: z.uuid({ error: () => m.groups_error_task_missing() }),
	body: z
		.string()
		.trim()
		.min(1, { error: () => m.groups_error_comment() })
		.max(2000, { error: () => m.groups_error_comment() })
});

/** Adds a comment under a task of this group; false when the task is not this group's. */
export async function addComment(
	tx: Tx,
	groupId: string,
	userId: string,
	input: z.infer<typeof commentSchema>
): Promise<boolean> {
	// Checked here so a foreign task is a message, not a policy violation.
	const task = await tx
		.selectFrom('group_tasks')
		.where('id', '=', input.task_id)
		.where('group_id', '=', groupId)
		.select('title')
		.executeTakeFirst();
	if (!task) return false;
	await tx
		.insertInto('group_task_comments')
		.values({ task_id: input.task_id, group_id: groupId, body: input.body })
		.execute();
	return true;
}

export const commentIdSchema = z.object({
	comment_id: z.uuid({ error: () => m.groups_error_comment_missing() })
});

/**
 * Deletes a comment; RLS lets its author (and the group's leads) do it. False when there was no
 * such comment the caller may delete in this group.
 */
export async function deleteComment(
	tx: Tx,
	groupId: string,
	userId: string,
	commentId: string
): Promise<boolean> {
	const row = await tx
		.deleteFrom('group_task_comments as c')
		.where('c.id', '=', commentId)
		.where('c.group_id', '=', groupId)
		.returning('c.id')
		.executeTakeFirst();
	return row !== undefined;
}
