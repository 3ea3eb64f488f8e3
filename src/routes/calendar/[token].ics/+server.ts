import { error } from '@sveltejs/kit';
import { calendarIcs, calendarTasks } from '$lib/server/groups/calendar';
import type { RequestHandler } from './$types';

/**
 * A personal task calendar for calendar apps, which send no session: the secret link is the key.
 * Callers are usually anon; the security-definer feed function reads only the feed's tasks.
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const tasks = await locals.withClaims((tx) => calendarTasks(tx, params.token));
	if (!tasks) error(404, 'Not found');
	return new Response(calendarIcs(tasks, url.host, new Date()), {
		headers: {
			'Content-Type': 'text/calendar; charset=utf-8',
			'Content-Disposition': 'inline; filename="welcome-atlas-tasks.ics"',
			'Cache-Control': 'private, no-store',
			'Referrer-Policy': 'no-referrer'
		}
	});
};
