import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { error, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { withClaims, type Claims } from '../db';
import { getRuntime, type Runtime } from '../runtime';
import { createSecretKeyClient } from '../supabase/client';
import { createSupabaseClientFor } from '../supabase/request';
import {
	bucketRules,
	createLocalStorage,
	objectFile,
	removeLocalFolder,
	verifyDownload
} from './local';
import { findObject } from './objects';
import { createSupabaseStorage, removeSupabaseFolder } from './supabase';
import type { RemoveFolder, Storage } from './types';

/** The storage adapter for this mode, acting for this request's caller. */
export function createStorage(
	runtime: Runtime,
	request: { cookies: Cookies; locals: { claims: Claims } }
): Storage {
	const db = runtime.database.db;
	if (runtime.config.mode === 'supabase') {
		return createSupabaseStorage({
			client: createSupabaseClientFor(runtime.config, request),
			rules: (bucket) => bucketRules(db, bucket),
			// Names and what the caller may see are read from storage.objects, under the claims.
			asCaller: (fn) => withClaims(db, request.locals.claims, fn)
		});
	}
	return createLocalStorage({ db, root: storageRoot(runtime) }, request.locals.claims);
}

/**
 * How the retention job deletes a folder in this mode. Null on Supabase without
 * SUPABASE_SECRET_KEY: only the Storage API deletes files there, and only with that key.
 */
export function createFolderRemover(runtime: Runtime): RemoveFolder | null {
	const { config } = runtime;
	if (config.mode !== 'supabase') {
		const deps = { db: runtime.database.db, root: storageRoot(runtime) };
		return (bucket, folder) => removeLocalFolder(deps, bucket, folder);
	}
	if (!config.supabase || !config.retentionSecretKey) return null;
	const client = createSecretKeyClient(config.supabase.url, config.retentionSecretKey);
	return (bucket, folder) => removeSupabaseFolder(client, bucket, folder);
}

export function storageRoot(runtime: Runtime): string {
	return join(runtime.config.dataDir, 'storage');
}

/**
 * Local mode's signed download URLs (same path shape as Supabase Storage): the signature and
 * expiry are checked over the storage server's own connection, then access is checked again under
 * the requester's claims, and the file is served as an attachment that nothing can run.
 */
export async function serveSignedDownload(
	event: RequestEvent<{ bucket: string; path: string }>
): Promise<Response> {
	const runtime = await getRuntime();
	if (runtime.config.mode === 'supabase') error(404, 'Not found');
	const { bucket, path } = event.params;
	const token = event.url.searchParams.get('token') ?? '';
	if (!(await verifyDownload(runtime.database.db, token, bucket, path))) {
		error(403, 'This download link is invalid or has expired.');
	}
	const object = await event.locals.withClaims((tx) => findObject(tx, bucket, path));
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
}
