/** The welcome plan's form actions: status, assignee, add, edit, move, comments. */
import { m } from '$lib/paraglide/messages';
import { parseGroupForm } from '$lib/server/groups/form';
import { getFamily } from '$lib/server/groups/family';
import {
	addComment,
	addTask,
	assignTask,
	commentIdSchema,
	commentSchema,
	deleteComment,
	moveTask,
	setTaskStatus,
	taskAssigneeSchema,
	taskEditSchema,
	taskMoveSchema,
	taskSchema,
	taskStatusSchema,
	updateTask
} from '$lib/server/groups/tasks';
import { groupAction, invalid } from './group-action';

const taskMissing = () => ({ task_id: [m.groups_error_task_missing()] });

export const planActions = {
	task_status: groupAction('task_status', false, async (tx, group, userId, form) => {
		const parsed = parseGroupForm(taskStatusSchema, form);
		if (!parsed.ok) return invalid('task_status', parsed.errors, parsed.values);
		const { task_id, status } = parsed.data;
		if (!(await setTaskStatus(tx, group.id, userId, task_id, status))) {
			return invalid('task_status', taskMissing());
		}
	}),

	task_assignee: groupAction('task_assignee', false, async (tx, group, userId, form) => {
		const parsed = parseGroupForm(taskAssigneeSchema, form);
		if (!parsed.ok) return invalid('task_assignee', parsed.errors, parsed.values);
		const { task_id, assignee_id } = parsed.data;
		const outcome = await assignTask(tx, group.id, userId, task_id, assignee_id || null);
		if (outcome === 'task_missing') return invalid('task_assignee', taskMissing());
		if (outcome === 'not_member') {
			return invalid('task_assignee', { assignee_id: [m.groups_error_member()] });
		}
	}),

	add_task: groupAction('add_task', false, async (tx, group, userId, form) => {
		const parsed = parseGroupForm(taskSchema, form);
		if (!parsed.ok) return invalid('add_task', parsed.errors, parsed.values);
		await addTask(tx, group.id, userId, parsed.data);
	}),

	edit_task: groupAction('edit_task', false, async (tx, group, userId, form) => {
		const parsed = parseGroupForm(taskEditSchema, form);
		if (!parsed.ok) return invalid('edit_task', parsed.errors, parsed.values);
		if (!(await updateTask(tx, group.id, userId, parsed.data))) {
			return invalid('edit_task', taskMissing());
		}
	}),

	move_task: groupAction('move_task', false, async (tx, group, userId, form) => {
		const parsed = parseGroupForm(taskMoveSchema, form);
		if (!parsed.ok) return invalid('move_task', parsed.errors, parsed.values);
		const { arrivalOn } = await getFamily(tx, group.id, false);
		const { task_id, direction } = parsed.data;
		const outcome = await moveTask(tx, group.id, userId, task_id, direction, arrivalOn);
		if (outcome === 'not_found') return invalid('move_task', taskMissing());
		if (outcome === 'edge') return invalid('move_task', { direction: [m.groups_move_edge()] });
	}),

	add_comment: groupAction('add_comment', false, async (tx, group, userId, form) => {
		const parsed = parseGroupForm(commentSchema, form);
		if (!parsed.ok) return invalid('add_comment', parsed.errors, parsed.values);
		if (!(await addComment(tx, group.id, userId, parsed.data))) {
			return invalid('add_comment', taskMissing());
		}
		return { action: 'add_comment', message: m.groups_comment_added() };
	}),

	delete_comment: groupAction('delete_comment', false, async (tx, group, userId, form) => {
		const parsed = parseGroupForm(commentIdSchema, form);
		if (!parsed.ok) return invalid('delete_comment', parsed.errors, parsed.values);
		if (!(await deleteComment(tx, group.id, userId, parsed.data.comment_id))) {
			return invalid('delete_comment', { comment_id: [m.groups_error_comment_missing()] });
		}
		return { action: 'delete_comment', message: m.groups_comment_deleted() };
	})
};
