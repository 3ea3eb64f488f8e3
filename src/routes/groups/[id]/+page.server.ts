import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { listActivity } from '$lib/server/groups/activity';
import {
	addLedgerEntry,
	budgetStatus,
	ledgerEntrySchema,
	listLedger
} from '$lib/server/groups/budget';
import {
	addDocument,
	deleteDocument,
	documentSchema,
	listDocuments,
	MAX_DOCUMENT_BYTES
} from '$lib/server/groups/documents';
import { familySchema, getFamily, saveFamily } from '$lib/server/groups/family';
import { noticeClosure } from '$lib/server/db/retention';
import { getRuntime } from '$lib/server/runtime';
import { StorageError } from '$lib/server/storage/types';
import {
	createInvite,
	getGroup,
	handOverLead,
	listMembers,
	listOpenInvites,
	removeMember,
	revokeInvite,
	saveEligibility,
	setGroupClosed,
	type GroupDetail
} from '$lib/server/groups/groups';
import {
	addTask,
	listTasks,
	assignTask,
	setTaskStatus,
	taskAssigneeSchema,
	taskSchema,
	taskStatusSchema
} from '$lib/server/groups/tasks';
import type { Actions, PageServerLoad } from './$types';

const today = () => new Date().toISOString().slice(0, 10);

export const load: PageServerLoad = async ({ locals, params }) => {
	const user = locals.user;
	if (!user) error(401, 'Sign in first.');
	return locals.withClaims(async (tx) => {
		const group = await getGroup(tx, params.id, user.id);
		if (!group) error(404, 'Not found');
		const family = await getFamily(tx, group.id, group.myRole === 'lead');
		const ledger = await listLedger(tx, group.id);
		return {
			group,
			family,
			members: await listMembers(tx, group.id),
			tasks: await listTasks(tx, group.id, family.arrivalOn, today()),
			ledger,
			budget: budgetStatus(ledger, group.program, family.householdSize ?? 1),
			invites: group.myRole === 'lead' ? await listOpenInvites(tx, group.id) : [],
			documents: await listDocuments(tx, group.id),
			activity: await listActivity(tx, group.id, 15),
			userId: user.id
		};
	});
};

type Handler = (tx: Tx, group: GroupDetail, userId: string, form: FormData) => Promise<unknown>;

/**
 * Every action: signed in, a member of this group (else 404, as for the page), the form read,
 * then the change in one transaction under the caller's claims.
 */
function groupAction(action: string, leadOnly: boolean, handler: Handler) {
	return async ({ locals, params, request }: RequestEvent<{ id: string }>) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const form = await request.formData();
		return locals.withClaims(async (tx) => {
			const group = await getGroup(tx, params.id, user.id);
			if (!group) error(404, 'Not found');
			if (leadOnly && group.myRole !== 'lead') {
				return fail(403, { action, message: m.groups_lead_only() });
			}
			const result = await handler(tx, group, user.id, form);
			return result ?? { action, message: m.groups_saved() };
		});
	};
}

const memberIdSchema = z.object({ user_id: z.uuid({ error: () => m.groups_error_member() }) });

export const actions: Actions = {
	task_status: groupAction('task_status', false, async (tx, group, userId, form) => {
		const parsed = parseForm(taskStatusSchema, form);
		if (!parsed.ok)
			return fail(400, {
				action: 'task_status',
				errors: parsed.errors,
				message: m.form_fix_errors()
			});
		const changed = await setTaskStatus(
			tx,
			group.id,
			userId,
			parsed.data.task_id,
			parsed.data.status
		);
		if (!changed)
			return fail(404, { action: 'task_status', message: m.groups_error_task_missing() });
	}),

	task_assignee: groupAction('task_assignee', false, async (tx, group, userId, form) => {
		const parsed = parseForm(taskAssigneeSchema, form);
		if (!parsed.ok) {
			return fail(400, {
				action: 'task_assignee',
				errors: parsed.errors,
				message: m.form_fix_errors()
			});
		}
		const { task_id, assignee_id } = parsed.data;
		if (!(await assignTask(tx, group.id, userId, task_id, assignee_id || null))) {
			return fail(404, { action: 'task_assignee', message: m.groups_error_member() });
		}
	}),

	eligibility: groupAction('eligibility', false, async (tx, group, userId, form) => {
		const checked = form.getAll('item').filter((v): v is string => typeof v === 'string');
		await saveEligibility(tx, group.id, userId, group.program.eligibility, checked);
	}),

	add_task: groupAction('add_task', false, async (tx, group, userId, form) => {
		const parsed = parseForm(taskSchema, form);
		if (!parsed.ok) {
			return fail(400, {
				action: 'add_task',
				values: parsed.values,
				errors: parsed.errors,
				message: m.form_fix_errors()
			});
		}
		await addTask(tx, group.id, userId, parsed.data);
	}),

	ledger: groupAction('ledger', false, async (tx, group, userId, form) => {
		const parsed = parseForm(ledgerEntrySchema, form);
		if (!parsed.ok) {
			return fail(400, {
				action: 'ledger',
				values: parsed.values,
				errors: parsed.errors,
				message: m.form_fix_errors()
			});
		}
		await addLedgerEntry(tx, group.id, userId, parsed.data);
	}),

	family: groupAction('family', true, async (tx, group, userId, form) => {
		const parsed = parseForm(familySchema, form);
		if (!parsed.ok) {
			return fail(400, {
				action: 'family',
				values: parsed.values,
				errors: parsed.errors,
				message: m.form_fix_errors()
			});
		}
		await saveFamily(tx, group.id, userId, parsed.data);
	}),

	invite: groupAction('invite', true, async (tx, group, userId, form) => {
		const parsed = parseForm(z.object({ role: z.enum(['lead', 'member']) }), form);
		if (!parsed.ok)
			return fail(400, { action: 'invite', errors: parsed.errors, message: m.form_fix_errors() });
		const token = await createInvite(tx, group.id, userId, parsed.data.role);
		return { action: 'invite', inviteToken: token, message: m.groups_invite_created() };
	}),

	revoke: groupAction('revoke', true, async (tx, group, _userId, form) => {
		const parsed = parseForm(z.object({ invite_id: z.uuid() }), form);
		if (!parsed.ok || !(await revokeInvite(tx, group.id, parsed.data.invite_id))) {
			return fail(404, { action: 'revoke', message: m.groups_invite_invalid() });
		}
	}),

	remove: groupAction('remove', true, async (tx, group, userId, form) => {
		const parsed = parseForm(memberIdSchema, form);
		if (!parsed.ok) return fail(400, { action: 'remove', message: m.groups_error_member() });
		const outcome = await removeMember(tx, group.id, userId, parsed.data.user_id);
		if (outcome === 'last_lead')
			return fail(409, { action: 'remove', message: m.groups_last_lead() });
		if (outcome === 'not_found')
			return fail(404, { action: 'remove', message: m.groups_error_member() });
	}),

	handover: groupAction('handover', true, async (tx, group, userId, form) => {
		const parsed = parseForm(memberIdSchema, form);
		if (!parsed.ok || !(await handOverLead(tx, group.id, userId, parsed.data.user_id))) {
			return fail(400, { action: 'handover', message: m.groups_error_member() });
		}
	}),

	// Uploads stream through the storage adapter outside the form transaction, so they are
	// checked for membership first, then stored, then recorded (or the file is removed again).
	upload: async ({ locals, params, request }) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const group = await locals.withClaims((tx) => getGroup(tx, params.id, user.id));
		if (!group) error(404, 'Not found');
		const form = await request.formData();
		const file = form.get('file');
		form.delete('file');
		const parsed = parseForm(documentSchema, form);
		const fail400 = (errors: Record<string, string[]>) =>
			fail(400, {
				action: 'upload',
				values: parsed.ok ? {} : parsed.values,
				errors,
				message: m.form_fix_errors()
			});
		if (!parsed.ok) return fail400(parsed.errors);
		if (!(file instanceof File) || file.size === 0)
			return fail400({ file: [m.groups_error_file_missing()] });
		if (file.size > MAX_DOCUMENT_BYTES) return fail400({ file: [m.groups_error_file_large()] });
		if (parsed.data.sensitive && group.myRole !== 'lead') {
			return fail(403, { action: 'upload', message: m.groups_lead_only() });
		}
		try {
			await addDocument(locals.storage, locals.withClaims, {
				groupId: group.id,
				userId: user.id,
				title: parsed.data.title,
				sensitive: parsed.data.sensitive,
				file
			});
		} catch (caught) {
			if (caught instanceof StorageError) return fail400({ file: [caught.message] });
			throw caught;
		}
		return { action: 'upload', message: m.groups_document_added() };
	},

	delete_document: async ({ locals, params, request }) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const group = await locals.withClaims((tx) => getGroup(tx, params.id, user.id));
		if (!group) error(404, 'Not found');
		const parsed = parseForm(z.object({ document_id: z.uuid() }), await request.formData());
		const deleted =
			parsed.ok &&
			(await deleteDocument(
				locals.storage,
				locals.withClaims,
				group.id,
				user.id,
				parsed.data.document_id
			));
		if (!deleted)
			return fail(404, { action: 'delete_document', message: m.groups_document_not_found() });
		return { action: 'delete_document', message: m.groups_document_deleted() };
	},

	close: async ({ locals, params }) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const outcome = await locals.withClaims(async (tx) => {
			const group = await getGroup(tx, params.id, user.id);
			if (!group) error(404, 'Not found');
			if (group.myRole !== 'lead') return 'not_lead';
			return (await setGroupClosed(tx, group.id, user.id, true)) ? 'closed' : 'refused';
		});
		if (outcome === 'not_lead')
			return fail(403, { action: 'close', message: m.groups_lead_only() });
		if (outcome === 'refused')
			return fail(409, { action: 'close', message: m.groups_close_refused() });
		// After the commit: the notice goes out only for a close that happened.
		const runtime = await getRuntime();
		await noticeClosure(runtime.database.db, runtime.config, params.id).catch((caught) =>
			console.error('[groups] closing notice not sent', caught)
		);
		return { action: 'close', message: m.groups_closed_done() };
	},

	reopen: groupAction('reopen', true, async (tx, group, userId) => {
		if (!(await setGroupClosed(tx, group.id, userId, false))) {
			return fail(409, { action: 'reopen', message: m.groups_close_refused() });
		}
	}),

	leave: groupAction('leave', false, async (tx, group, userId) => {
		const outcome = await removeMember(tx, group.id, userId, userId);
		if (outcome === 'last_lead')
			return fail(409, { action: 'leave', message: m.groups_last_lead() });
		redirect(303, '/groups');
	})
};
