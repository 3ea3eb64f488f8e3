import { fail, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { limitAuthAttempt, type AuthAction } from '../rate-limit';
import { getRuntime } from '../runtime';

/**
 * Counts an auth attempt against its per-IP and per-email limits. Returns the 429 to send back
 * (with Retry-After) when over a limit, or null to go on.
 */
export async function refuseIfRateLimited(
	event: RequestEvent,
	action: AuthAction,
	email: string | undefined,
	values: Record<string, string>
) {
	const { database } = await getRuntime();
	const wait = await limitAuthAttempt(database.db, action, event.getClientAddress(), email);
	if (wait === 0) return null;
	event.setHeaders({ 'Retry-After': String(wait) });
	return fail(429, {
		values,
		errors: {},
		message: m.auth_rate_limited({ minutes: Math.ceil(wait / 60) })
	});
}
