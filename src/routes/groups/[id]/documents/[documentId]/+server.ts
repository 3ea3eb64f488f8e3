import { error, redirect } from '@sveltejs/kit';
import { documentObject, GROUP_BUCKET } from '$lib/server/groups/documents';
import { getGroup } from '$lib/server/groups/groups';
import type { RequestHandler } from './$types';

/** A short-lived signed download for a document the caller may read; 404 for anything else. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const user = locals.user;
	if (!user) error(401, 'Sign in first.');
	const objectName = await locals.withClaims(async (tx) => {
		const group = await getGroup(tx, params.id, user.id);
		return group ? documentObject(tx, group.id, params.documentId) : null;
	});
	if (!objectName) error(404, 'Not found');
	redirect(303, await locals.storage.signedUrl(GROUP_BUCKET, objectName, 60));
};
