import { readForm } from '$lib/server/forms';
import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { parseGroupForm } from '$lib/server/groups/form';
import { listActivity } from '$lib/server/groups/activity';
import {
	addLedgerEntry,
	budgetStatus,
	deleteLedgerEntry,
	ledgerEntrySchema,
	listLedger,
	updateLedgerEntry
} from '$lib/server/groups/budget';
import {
	addDocument,
	deleteDocument,
	documentSchema,
	listDocuments,
	MAX_DOCUMENT_BYTES
} from '$lib/server/groups/documents';
import { familySchema, getFamily, saveFamily } from '$lib/server/groups/family';
import { StorageError } from '$lib/server/storage/types';
import {
	committeesSchema,
	createInvite,
	eligibilitySchema,
	getGroup,
	handOverLead,
	listMembers,
	listOpenInvites,
	removeMember,
	revokeInvite,
	saveEligibility,
	setCommittees,
	setGroupClosed
} from '$lib/server/groups/groups';
import { listComments, listTasks } from '$lib/server/groups/tasks';
import { committeeParam } from '$lib/groups';
import { groupAction, invalid } from './group-action';
import { planActions } from './plan-actions';
import type { Actions, PageServerLoad } from './$types';

const today = () => new Date().toISOString().slice(0, 10);

export const load: PageServerLoad = async ({ locals, params, url }) => {
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
			comments: await listComments(tx, group.id),
			committee: committeeParam(url.searchParams.get('committee')),
			ledger,
			budget: budgetStatus(ledger, group.program, family.householdSize),
			// The entry opened for editing (`?entry=<id>`): one form, rendered on demand.
			editingEntry: ledger.find((entry) => entry.id === url.searchParams.get('entry'))?.id ?? null,
			invites: group.myRole === 'lead' ? await listOpenInvites(tx, group.id) : [],
			documents: await listDocuments(tx, group.id),
			activity: await listActivity(tx, group.id, 15),
			userId: user.id
		};
	});
};

const memberIdSchema = z.object({ user_id: z.uuid({ error: () => m.groups_error_member() }) });
const inviteSchema = z.object({
	role: z.enum(['lead', 'member'], { error: () => m.groups_error_invite_role() })
});
const inviteIdSchema = z.object({
	invite_id: z.uuid({ error: () => m.groups_invite_invalid() })
});
const entryIdSchema = z.object({
	entry_id: z.uuid({ error: () => m.groups_error_ledger_entry() })
});
const ledgerEditSchema = ledgerEntrySchema.extend(entryIdSchema.shape);
const documentIdSchema = z.object({
	document_id: z.uuid({ error: () => m.groups_document_not_found() })
});

// Multipart boundaries and the other fields around a document, in bytes.
const FORM_OVERHEAD = 64 * 1024;

/**
 * The storage check's refusal, in words for a group member: a file whose contents are not an
 * accepted type ("application/x-msdownload" for a renamed program) is just "not accepted"; a
 * misnamed but accepted file keeps the storage message, which says how to rename it.
 */
function uploadRefusal(caught: StorageError): string {
	if (caught.code === 'too_large') return m.groups_error_file_large();
	const [namedPrefix = ''] = m.storage_type_named_not_accepted({ type: '\u0000' }).split('\u0000');
	const notAccepted =
		caught.message === m.storage_type_not_accepted() ||
		(namedPrefix !== '' && caught.message.startsWith(namedPrefix));
	return notAccepted ? m.groups_error_file_type() : caught.message;
}

export const actions: Actions = {
	...planActions,

	eligibility: groupAction('eligibility', false, async (tx, group, userId, form) => {
		const parsed = parseGroupForm(eligibilitySchema(group.program.eligibility), form, ['item']);
		if (!parsed.ok) return invalid('eligibility', parsed.errors, parsed.values);
		await saveEligibility(tx, group.id, userId, group.program.eligibility, parsed.data.item);
	}),

	// Leads set anyone's committees, a member only their own.
	committees: groupAction('committees', false, async (tx, group, userId, form) => {
		const parsed = parseGroupForm(committeesSchema, form, ['committee']);
		if (!parsed.ok) return invalid('committees', parsed.errors, parsed.values);
		const { user_id, committee } = parsed.data;
		if (user_id !== userId && group.myRole !== 'lead') {
			return fail(403, { action: 'committees', message: m.groups_lead_only() });
		}
		if (!(await setCommittees(tx, group.id, userId, user_id, committee))) {
			return invalid('committees', { user_id: [m.groups_error_member()] });
		}
	}),

	ledger: groupAction('ledger', false, async (tx, group, userId, form) => {
		const parsed = parseGroupForm(ledgerEntrySchema, form);
		if (!parsed.ok) return invalid('ledger', parsed.errors, parsed.values);
		await addLedgerEntry(tx, group.id, userId, parsed.data);
	}),

	// The policies let the entry's author and the group's leads change it (others touch no row).
	ledger_edit: groupAction('ledger_edit', false, async (tx, group, _userId, form) => {
		const parsed = parseGroupForm(ledgerEditSchema, form);
		if (!parsed.ok) return invalid('ledger_edit', parsed.errors, parsed.values);
		const { entry_id, ...entry } = parsed.data;
		if (!(await updateLedgerEntry(tx, group.id, entry_id, entry))) {
			return invalid('ledger_edit', { entry_id: [m.groups_error_ledger_entry()] });
		}
		return { action: 'ledger_edit', message: m.groups_ledger_saved() };
	}),

	ledger_delete: groupAction('ledger_delete', false, async (tx, group, _userId, form) => {
		const parsed = parseGroupForm(entryIdSchema, form);
		if (!parsed.ok) return invalid('ledger_delete', parsed.errors, parsed.values);
		if (!(await deleteLedgerEntry(tx, group.id, parsed.data.entry_id))) {
			return invalid('ledger_delete', { entry_id: [m.groups_error_ledger_entry()] });
		}
		return { action: 'ledger_delete', message: m.groups_ledger_deleted() };
	}),

	family: groupAction('family', true, async (tx, group, userId, form) => {
		const parsed = parseGroupForm(familySchema, form);
		if (!parsed.ok) return invalid('family', parsed.errors, parsed.values);
		await saveFamily(tx, group.id, userId, parsed.data);
	}),

	invite: groupAction('invite', true, async (tx, group, userId, form) => {
		const parsed = parseGroupForm(inviteSchema, form);
		if (!parsed.ok) return invalid('invite', parsed.errors, parsed.values);
		const token = await createInvite(tx, group.id, userId, parsed.data.role);
		return { action: 'invite', inviteToken: token, message: m.groups_invite_created() };
	}),

	revoke: groupAction('revoke', true, async (tx, group, _userId, form) => {
		const parsed = parseGroupForm(inviteIdSchema, form);
		if (!parsed.ok) return invalid('revoke', parsed.errors, parsed.values);
		if (!(await revokeInvite(tx, group.id, parsed.data.invite_id))) {
			return invalid('revoke', { invite_id: [m.groups_invite_invalid()] });
		}
	}),

	remove: groupAction('remove', true, async (tx, group, userId, form) => {
		const parsed = parseGroupForm(memberIdSchema, form);
		if (!parsed.ok) return invalid('remove', parsed.errors, parsed.values);
		const outcome = await removeMember(tx, group.id, userId, parsed.data.user_id);
		if (outcome === 'last_lead')
			return fail(409, { action: 'remove', message: m.groups_last_lead() });
		if (outcome === 'not_found') return invalid('remove', { user_id: [m.groups_error_member()] });
	}),

	handover: groupAction('handover', true, async (tx, group, userId, form) => {
		const parsed = parseGroupForm(memberIdSchema, form);
		if (!parsed.ok) return invalid('handover', parsed.errors, parsed.values);
		if (!(await handOverLead(tx, group.id, userId, parsed.data.user_id))) {
			return invalid('handover', { user_id: [m.groups_error_member()] });
		}
	}),

	// Uploads stream through the storage adapter outside the form transaction, so they are
	// checked for membership first, then stored, then recorded (or the file is removed again).
	upload: async ({ locals, params, request }) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const group = await locals.withClaims((tx) => getGroup(tx, params.id, user.id));
		if (!group) error(404, 'Not found');
		// A body past the server's limit cannot be read at all (the browser checks the size first,
		// with JavaScript): say what is wrong instead of "this form could not be read".
		if (Number(request.headers.get('content-length') ?? 0) > MAX_DOCUMENT_BYTES + FORM_OVERHEAD) {
			return fail(413, {
				action: 'upload',
				values: {},
				errors: { file: [m.groups_error_file_large()] },
				message: m.form_fix_errors()
			});
		}
		const form = await readForm(request);
		const files = form.getAll('file');
		form.delete('file');
		const parsed = parseGroupForm(documentSchema, form);
		// What was typed goes back with any refusal, the title above all.
		const typed = parsed.ok
			? { title: parsed.data.title, ...(parsed.data.sensitive ? { sensitive: 'on' } : {}) }
			: parsed.values;
		const fail400 = (errors: Record<string, string[]>) =>
			fail(400, { action: 'upload', values: typed, errors, message: m.form_fix_errors() });
		if (!parsed.ok) return fail400(parsed.errors);
		if (files.length > 1) return fail400({ file: [m.groups_error_file_field()] });
		const file = files[0];
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
			if (caught instanceof StorageError) return fail400({ file: [uploadRefusal(caught)] });
			throw caught;
		}
		return { action: 'upload', message: m.groups_document_added() };
	},

	delete_document: async ({ locals, params, request }) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const group = await locals.withClaims((tx) => getGroup(tx, params.id, user.id));
		if (!group) error(404, 'Not found');
		const parsed = parseGroupForm(documentIdSchema, await readForm(request));
		if (!parsed.ok) return invalid('delete_document', parsed.errors, parsed.values);
		const { document_id } = parsed.data;
		if (
			!(await deleteDocument(locals.storage, locals.withClaims, group.id, user.id, document_id))
		) {
			return invalid('delete_document', { document_id: [m.groups_document_not_found()] });
		}
		return { action: 'delete_document', message: m.groups_document_deleted() };
	},

	// The database queues the notice to the leads in the same transaction (private.mail_group_closing).
	close: groupAction('close', true, async (tx, group, userId) => {
		if (!(await setGroupClosed(tx, group.id, userId, true))) {
			return fail(409, { action: 'close', message: m.groups_close_refused() });
		}
		return { action: 'close', message: m.groups_closed_done() };
	}),

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
