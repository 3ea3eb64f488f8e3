import { error, json } from '@sveltejs/kit';
import { exportAccountData } from '$lib/server/account/account';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const user = locals.user;
	if (!user) error(401, 'Sign in first.');
	const data = await locals.withClaims((tx) => exportAccountData(tx, user));
	return json(data, {
		headers: {
			'Content-Disposition': 'attachment; filename="welcome-atlas-account.json"',
			'Cache-Control': 'private, no-store'
		}
	});
};
