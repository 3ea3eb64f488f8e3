import { error } from '@sveltejs/kit';
import { ledgerCsv, listLedger } from '$lib/server/groups/budget';
import { getGroup } from '$lib/server/groups/groups';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	const user = locals.user;
	if (!user) error(401, 'Sign in first.');
	return locals.withClaims(async (tx) => {
		const group = await getGroup(tx, params.id, user.id);
		if (!group) error(404, 'Not found');
		const csv = ledgerCsv(await listLedger(tx, group.id), group.program.currency);
		return new Response(csv, {
			headers: {
				'Content-Type': 'text/csv; charset=utf-8; header=present',
				'Content-Disposition': 'attachment; filename="budget.csv"',
				'Cache-Control': 'private, no-store'
			}
		});
	});
};
