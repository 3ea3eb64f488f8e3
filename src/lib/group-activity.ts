import { m } from '$lib/paraglide/messages';

/**
 * What an activity entry says happened, in the reader's language. The database writes the action
 * as a code (private.log_group_activity); a code this list does not know yet is shown as words.
 */
const ACTIVITY_LABELS: Record<string, () => string> = {
	group_created: () => m.groups_activity_group_created(),
	group_edited: () => m.groups_activity_group_edited(),
	group_closed: () => m.groups_activity_group_closed(),
	group_reopened: () => m.groups_activity_group_reopened(),
	member_joined: () => m.groups_activity_member_joined(),
	member_left: () => m.groups_activity_member_left(),
	member_removed: () => m.groups_activity_member_removed(),
	role_changed: () => m.groups_activity_role_changed(),
	invite_created: () => m.groups_activity_invite_created(),
	invite_revoked: () => m.groups_activity_invite_revoked(),
	task_added: () => m.groups_activity_task_added(),
	task_edited: () => m.groups_activity_task_edited(),
	task_assigned: () => m.groups_activity_task_assigned(),
	task_deleted: () => m.groups_activity_task_deleted(),
	task_todo: () => m.groups_activity_task_todo(),
	task_doing: () => m.groups_activity_task_doing(),
	task_done: () => m.groups_activity_task_done(),
	task_blocked: () => m.groups_activity_task_blocked(),
	comment_added: () => m.groups_activity_comment_added(),
	comment_deleted: () => m.groups_activity_comment_deleted(),
	ledger_entry_added: () => m.groups_activity_ledger_entry_added(),
	ledger_entry_edited: () => m.groups_activity_ledger_entry_edited(),
	ledger_entry_deleted: () => m.groups_activity_ledger_entry_deleted(),
	document_added: () => m.groups_activity_document_added(),
	document_deleted: () => m.groups_activity_document_deleted(),
	family_updated: () => m.groups_activity_family_updated(),
	family_sensitive_updated: () => m.groups_activity_family_sensitive_updated(),
	eligibility_updated: () => m.groups_activity_eligibility_updated(),
	committees_updated: () => m.groups_activity_committees_updated()
};

/** The action codes this list names (a test checks it against the database's). */
export const ACTIVITY_ACTIONS = Object.keys(ACTIVITY_LABELS);

export function activityLabel(action: string): string {
	return ACTIVITY_LABELS[action]?.() ?? action.replace(/_/g, ' ');
}
