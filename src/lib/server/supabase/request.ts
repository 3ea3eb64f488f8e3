import type { Cookies } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Config } from '../config';
import { createSupabaseServerClient } from './client';

// One Supabase client per request (auth and storage share its session), keyed by the request's
// cookie jar so it is collected with the request.
const clients = new WeakMap<Cookies, SupabaseClient>();

export function createSupabaseClientFor(
	config: Config,
	request: { cookies: Cookies; setHeaders?: (headers: Record<string, string>) => void }
): SupabaseClient {
	let client = clients.get(request.cookies);
	if (!client) {
		client = createSupabaseServerClient(config, request.cookies, {
			setHeaders: request.setHeaders
		});
		clients.set(request.cookies, client);
	}
	return client;
}
