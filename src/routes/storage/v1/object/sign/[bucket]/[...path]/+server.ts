import { error } from '@sveltejs/kit';
import { readFile } from 'node:fs/promises';
import { findObject, objectFile, verifyDownload } from '$lib/server/storage/local';
import { storageRoot } from '$lib/server/storage';
import { getRuntime } from '$lib/server/runtime';
import type { RequestHandler } from './$types';

/**
 * Local mode's signed download URLs (same path shape as Supabase Storage). The signature and
 * expiry are checked, then access is checked again under the requester's own claims.
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const runtime = await getRuntime();
	if (runtime.config.mode === 'supabase') error(404, 'Not found');
	const { bucket, path } = params;
	const token = url.searchParams.get('token') ?? '';
	if (!(await verifyDownload(runtime.database.db, token, bucket, path))) {
		error(403, 'This download link is invalid or has expired.');
	}
	const object = await locals.withClaims((tx) => findObject(tx, bucket, path));
	if (!object) error(404, 'No such file, or you may not read it.');
	let bytes: Buffer;
	try {
		bytes = await readFile(objectFile(storageRoot(runtime), bucket, path));
	} catch {
		error(404, 'No such file.');
	}
	return new Response(new Uint8Array(bytes), {
		headers: {
			'Content-Type': object.contentType,
			'Content-Length': String(bytes.byteLength),
			'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(object.originalName)}`,
			'X-Content-Type-Options': 'nosniff',
			'Cache-Control': 'private, no-store',
			'Content-Security-Policy': "default-src 'none'; sandbox"
		}
	});
};
