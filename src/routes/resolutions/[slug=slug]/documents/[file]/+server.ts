import { error, redirect } from '@sveltejs/kit';
import {
	publishedAddressOf,
	RESOLUTION_FILES,
	visibleResolutionId
} from '$lib/server/resolutions/detail';
import { StorageError } from '$lib/server/storage/types';
import type { RequestHandler } from './$types';

/**
 * A stable link to one of a resolution's files: sends the caller on to a fresh, short-lived
 * signed URL. The storage policies decide (under the caller's claims) whether it exists for them.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	if (!/^[A-Za-z0-9._-]+$/.test(params.file)) error(404, 'Not Found');
	const found = await locals.withClaims(async (tx) => {
		const id = await visibleResolutionId(tx, params.slug);
		return id ? { id } : { moved: await publishedAddressOf(tx, params.slug) };
	});
	// A link made while the campaign was a draft leads to the file under its public address.
	if ('moved' in found && found.moved) {
		redirect(301, `/resolutions/${found.moved}/documents/${params.file}`);
	}
	if (!('id' in found)) error(404, 'Not Found');
	const resolutionId = found.id;
	let signed: string;
	try {
		signed = await locals.storage.signedUrl(RESOLUTION_FILES, `${resolutionId}/${params.file}`, 60);
	} catch (cause) {
		if (cause instanceof StorageError) error(404, 'Not Found');
		throw cause;
	}
	redirect(303, signed);
};
