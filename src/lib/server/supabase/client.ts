import { createServerClient } from '@supabase/ssr';
import {
	createClient,
	type SupabaseClient,
	type WebSocketLikeConstructor
} from '@supabase/supabase-js';
import type { Cookies } from '@sveltejs/kit';
import WebSocket from 'ws';
import type { Config } from '../config';

export interface SupabaseClientOptions {
	/** Replaces the global fetch for every call the client makes (tests record or redirect it). */
	fetch?: typeof fetch;
	/**
	 * Receives the no-cache headers @supabase/ssr sends with auth cookies so a CDN never serves one
	 * user's session to another; pass the request's `setHeaders`.
	 */
	setHeaders?: (headers: Record<string, string>) => void;
}

// Node 20 has no global WebSocket; without a transport the client throws when created. `ws` is
// the WebSocket realtime-js expects at run time, but its typings (Node-style events, a `null`
// address overload) do not match the DOM-shaped type, hence the cast.
const NODE_WEBSOCKET = WebSocket as unknown as WebSocketLikeConstructor;

/**
 * One client per request, bound to its cookies, as in Supabase's SvelteKit SSR guide. The session
 * lives in the cookies; nothing is shared between requests.
 */
export function createSupabaseServerClient(
	config: Config,
	cookies: Cookies,
	options: SupabaseClientOptions = {}
): SupabaseClient {
	if (!config.supabase) throw new Error('Supabase is not configured (PUBLIC_SUPABASE_URL)');
	const setHeadersOnce = options.setHeaders ? onlyNewHeaders(options.setHeaders) : undefined;
	return createServerClient(config.supabase.url, config.supabase.key, {
		cookies: {
			getAll: () => cookies.getAll(),
			setAll: (list, headers) => {
				// httpOnly: no browser-side Supabase client exists, so page scripts never need the
				// session (@supabase/ssr would otherwise leave it readable to them).
				list.forEach(({ name, value, options }) =>
					cookies.set(name, value, { ...options, path: '/', httpOnly: true })
				);
				setHeadersOnce?.(headers);
			}
		},
		global: options.fetch ? { fetch: options.fetch } : undefined,
		realtime: { transport: NODE_WEBSOCKET }
	});
}

/**
 * A client that holds the project's secret key and no session: every call bypasses Row Level
 * Security and the storage policies. For the retention job only, never for a request.
 */
export function createSecretKeyClient(
	url: string,
	secretKey: string,
	options: Pick<SupabaseClientOptions, 'fetch'> = {}
): SupabaseClient {
	return createClient(url, secretKey, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		global: options.fetch ? { fetch: options.fetch } : undefined,
		realtime: { transport: NODE_WEBSOCKET }
	});
}

// SvelteKit's setHeaders throws when a header is set twice, and setAll can run more than once in
// one request (sign in, then a refresh).
function onlyNewHeaders(
	setHeaders: (headers: Record<string, string>) => void
): (headers: Record<string, string>) => void {
	const sent = new Set<string>();
	return (headers) => {
		const fresh = Object.fromEntries(
			Object.entries(headers).filter(([name]) => !sent.has(name.toLowerCase()))
		);
		Object.keys(fresh).forEach((name) => sent.add(name.toLowerCase()));
		if (Object.keys(fresh).length > 0) setHeaders(fresh);
	};
}
