import { error, json } from '@sveltejs/kit';
import { JOB_ID, readProgress } from '$lib/server/import/progress';
import type { RequestHandler } from './$types';

/** GET ?job=<uuid> → { phase, done, total } of the caller's own running import, else 404. */
export const GET: RequestHandler = ({ locals, url }) => {
	if (!locals.user) error(404, 'Not found');
	const job = url.searchParams.get('job') ?? '';
	const progress = JOB_ID.test(job) ? readProgress(job, locals.user.id) : null;
	if (!progress) {
		return json(
			{ error: 'no such import' },
			{ status: 404, headers: { 'Cache-Control': 'no-store' } }
		);
	}
	return json(progress, { headers: { 'Cache-Control': 'no-store' } });
};
