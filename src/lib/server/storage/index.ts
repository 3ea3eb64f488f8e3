import { join } from 'node:path';
import type { Cookies } from '@sveltejs/kit';
import type { Claims } from '../db';
import type { Runtime } from '../runtime';
import { createSupabaseClientFor } from '../supabase/request';
import { bucketRules, createLocalStorage } from './local';
import { createSupabaseStorage } from './supabase';
import type { Storage } from './types';

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

export function storageRoot(runtime: Runtime): string {
	return join(runtime.config.dataDir, 'storage');
}
