import type { Runtime } from '../runtime';
import { createSupabaseClientFor } from '../supabase/request';
import { createLocalAuth } from './local';
import { createSupabaseAuth } from './supabase';
import type { Auth, RequestContext } from './types';

/** The auth adapter for this mode, bound to one request's cookies. */
export function createAuth(runtime: Runtime, request: RequestContext): Auth {
	if (runtime.config.mode === 'supabase') {
		return createSupabaseAuth(
			createSupabaseClientFor(runtime.config, request),
			runtime.database.db
		);
	}
	return createLocalAuth({ db: runtime.database.db, config: runtime.config }, request);
}
