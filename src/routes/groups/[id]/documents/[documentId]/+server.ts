import { error, redirect } from '@sveltejs/kit';
import { documentObject, GROUP_BUCKET } from '$lib/server/groups/documents';
import { getGroup } from '$lib/server/groups/groups';
import { StorageError } from '$lib/server/storage/types';
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
	let url: string;
	try {
		url = await locals.storage.signedUrl(GROUP_BUCKET, objectName, 60);
	} catch (caught) {
		// A row whose file is gone (deleted by retention, or lost): nothing to download.
		if (caught instanceof StorageError && caught.code === 'not_found') error(404, 'Not found');
		throw caught;
	}
	redirect(303, url);
};
