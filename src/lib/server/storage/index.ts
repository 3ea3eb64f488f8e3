import { join } from 'node:path';
import type { Cookies } from '@sveltejs/kit';
import type { Claims } from '../db';
import type { Runtime } from '../runtime';
import { createSecretKeyClient } from '../supabase/client';
import { createSupabaseClientFor } from '../supabase/request';
import { bucketRules, createLocalStorage, removeLocalFolder } from './local';
import { createSupabaseStorage, removeSupabaseFolder } from './supabase';
import type { RemoveFolder, Storage } from './types';

/** The storage adapter for this mode, acting for this request's caller. */
export function createStorage(
	runtime: Runtime,
	request: { cookies: Cookies; locals: { claims: Claims } }
): Storage {
	const db = runtime.database.db;
	if (runtime.config.mode === 'supabase') {
		const client = createSupabaseClientFor(runtime.config, request);
		return createSupabaseStorage(client, (bucket) => bucketRules(db, bucket));
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
