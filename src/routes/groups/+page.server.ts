import { readForm } from '$lib/server/forms';
import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { parseGroupForm } from '$lib/server/groups/form';
import { createGroup, GroupInputError, groupSchema, listMyGroups } from '$lib/server/groups/groups';
import {
	createCalendarFeed,
	hasCalendarFeed,
	revokeCalendarFeeds
} from '$lib/server/groups/calendar';
import { listPrograms } from '$lib/server/groups/programs';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user;
	if (!user) error(401, 'Sign in first.');
	return locals.withClaims(async (tx) => ({
		groups: await listMyGroups(tx, user.id),
		programs: await listPrograms(tx),
		hasCalendar: await hasCalendarFeed(tx, user.id)
	}));
};

export const actions: Actions = {
	calendar: async ({ locals }) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const token = await locals.withClaims((tx) => createCalendarFeed(tx, user.id));
		return { calendarToken: token, message: m.groups_calendar_created() };
	},

	calendar_off: async ({ locals }) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		await locals.withClaims((tx) => revokeCalendarFeeds(tx, user.id));
		return { message: m.groups_calendar_off_done() };
	},

	create: async ({ locals, request }) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const parsed = parseGroupForm(groupSchema, await readForm(request));
		if (!parsed.ok) {
			return fail(400, {
				values: parsed.values,
				errors: parsed.errors,
				message: m.form_fix_errors()
			});
		}
		let groupId: string;
		try {
			groupId = await locals.withClaims((tx) => createGroup(tx, user.id, parsed.data));
		} catch (caught) {
			if (!(caught instanceof GroupInputError)) throw caught;
			return fail(400, {
				values: { ...parsed.data, arrival_on: parsed.data.arrival_on ?? '' },
				errors: { [caught.field]: [caught.message] },
				message: m.form_fix_errors()
			});
		}
		redirect(303, `/groups/${groupId}`);
	}
};
