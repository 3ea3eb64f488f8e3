import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '$lib/server/db';
import { readForm, type FieldErrors } from '$lib/server/forms';
import { getGroup, type GroupDetail } from '$lib/server/groups/groups';

export type Handler = (
	tx: Tx,
	group: GroupDetail,
	userId: string,
	form: FormData
) => Promise<unknown>;

/** What a closed group still takes: it is read-only until a lead reopens it (the database agrees). */
const OPEN_WHEN_CLOSED = new Set(['reopen', 'leave']);

/**
 * Every action: signed in, a member of this group (else 404, as for the page), the form read,
 * then the change in one transaction under the caller's claims.
 */
export function groupAction(action: string, leadOnly: boolean, handler: Handler) {
	return async ({ locals, params, request }: RequestEvent<{ id: string }>) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const form = await readForm(request);
		return locals.withClaims(async (tx) => {
			const group = await getGroup(tx, params.id, user.id);
			if (!group) error(404, 'Not found');
			if (leadOnly && group.myRole !== 'lead') {
				return fail(403, { action, message: m.groups_lead_only() });
			}
			if (group.closedAt && !OPEN_WHEN_CLOSED.has(action)) {
				return fail(409, { action, message: m.groups_closed_read_only() });
			}
			const result = await handler(tx, group, user.id, form);
			return result ?? { action, message: m.groups_saved() };
		});
	};
}

// Fields whose forms mark no input (hidden ids, buttons, one-select forms): an error there is
// itself the message, since there is nothing on the page to mark.
const UNSEEN_FIELDS = [
	'form',
	'task_id',
	'user_id',
	'comment_id',
	'invite_id',
	'document_id',
	'entry_id',
	'status',
	'assignee_id',
	'direction',
	'role',
	'committee',
	'item'
];

/**
 * Bad input: 400, the field errors, what was typed (so nothing is lost) and a message that says
 * what to fix. Used for malformed fields and for ids that are not this group's alike.
 */
export function invalid(action: string, errors: FieldErrors, values: Record<string, string> = {}) {
	const unseen = UNSEEN_FIELDS.flatMap((field) => errors[field] ?? []);
	return fail(400, { action, values, errors, message: unseen[0] ?? m.form_fix_errors() });
}
