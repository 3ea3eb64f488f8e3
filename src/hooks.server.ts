import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
	json,
	redirect,
	type Handle,
	type HandleServerError,
	type RequestEvent,
	type ServerInit
} from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { dev } from '$app/environment';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { cookieName as LANGUAGE_COOKIE, getLocale } from '$lib/paraglide/runtime';
import { THEME_COOKIE, THEMES } from '$lib/preferences';
import { createAuth } from '$lib/server/auth';
import { EMPTY_FILTERS } from '$lib/filters';
import { ANON, withClaims } from '$lib/server/db';
import { isServerAway } from '$lib/server/db/engine';
import { m } from '$lib/paraglide/messages';
import { setPublicMapCache } from '$lib/server/map';
import {
	carriesOnly,
	isPublicPagePath,
	isSafeMethod,
	publicPageCache,
	setPublicPageCache
} from '$lib/server/http/page-cache';
import { publicationVersion } from '$lib/server/resolutions/search';
import { getRuntime } from '$lib/server/runtime';
import { createStorage } from '$lib/server/storage';
import { startSystemJobs } from '$lib/server/system';
import { isProtectedPath } from '$lib/server/guard';
import { baselineHeaders } from '../server/headers.js';

/** Migrations (or, on Supabase, their verification) run before the first request is served. */
export const init: ServerInit = async () => {
	const runtime = await getRuntime();
	// The public map's shared index runs as anon: it is served to everyone, so it may only hold
	// what anyone may see. The unfiltered index is built in the background, ready for the map.
	const mapCache = setPublicMapCache({ run: (fn) => withClaims(runtime.database.db, ANON, fn) });
	mapCache.get(EMPTY_FILTERS).catch((error) => console.error('[map] warming failed', error));
	// Anonymous public pages, per publication version (src/lib/server/http/page-cache.ts). Not in
	// development, where a page changes with the code and the version does not move.
	if (!dev && runtime.config.pageCache !== false) {
		setPublicPageCache({
			readVersion: () => withClaims(runtime.database.db, ANON, publicationVersion)
		});
	}
	startSystemJobs(runtime);
};

type Theme = App.Locals['theme'];

/** The saved theme (the cookie), or the system's. */
function themeOf(event: RequestEvent): Theme {
	return THEMES.find((name) => name === event.cookies.get(THEME_COOKIE)) ?? 'system';
}

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%theme%', event.locals.theme)
		});
	});

/** Cookies that change a public page only in ways its cache key names (locale and theme). */
const PREFERENCE_COOKIES = [THEME_COOKIE, LANGUAGE_COOKIE];

/**
 * Anonymous GETs of public pages come from the page cache; a write answered here empties it.
 * Runs inside i18n (the locale is known) and outside compression (gzip is stored, not redone).
 */
const pageCache: Handle = async ({ event, resolve }) => {
	const cache = publicPageCache();
	if (!cache) return resolve(event);
	const { request } = event;
	if (
		request.method === 'GET' &&
		!event.isDataRequest &&
		isPublicPagePath(event.url.pathname) &&
		carriesOnly(request.headers.get('cookie'), PREFERENCE_COOKIES)
	) {
		return cache.respond(
			request,
			{ locale: getLocale(), theme: themeOf(event) },
			async () => await resolve(event)
		);
	}
	try {
		return await resolve(event);
	} finally {
		if (!isSafeMethod(request.method)) cache.forget();
	}
};

/** How long a client should wait before trying again: a fast restart takes a few seconds. */
const RETRY_AFTER_SECONDS = '5';

/**
 * PostgreSQL away for a moment (a restart, a failover) is not our bug and not the client's:
 * 503 with Retry-After, never a 500. handleError marks errors that happened inside SvelteKit
 * (loads, actions, endpoints); the catch takes those thrown by the hooks after this one.
 */
const databaseAway: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event);
	} catch (error) {
		if (!isServerAway(error)) throw error;
		console.warn(`[db] away: ${event.request.method} ${event.url.pathname} answered 503`);
		return new Response(m.error_database_away(), {
			status: 503,
			headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': RETRY_AFTER_SECONDS }
		});
	}
	if (response.status !== 500 || !event.locals.databaseAway) return response;
	const headers = new Headers(response.headers);
	headers.set('Retry-After', RETRY_AFTER_SECONDS);
	return new Response(response.body, { status: 503, headers });
};

const session: Handle = async ({ event, resolve }) => {
	const runtime = await getRuntime();
	event.locals.theme = themeOf(event);
	event.locals.auth = createAuth(runtime, event);
	const user = await event.locals.auth.getUser();
	event.locals.user = user;
	event.locals.claims = user?.claims ?? ANON;
	event.locals.withClaims = (fn) => withClaims(runtime.database.db, event.locals.claims, fn);
	event.locals.storage = createStorage(runtime, event);
	return resolve(event);
};

/** Signed-out visitors to a private page go to sign-in and come back after. Actions included. */
const guard: Handle = async ({ event, resolve }) => {
	if (!event.locals.user && isProtectedPath(event.url.pathname)) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/login?next=${encodeURIComponent(next)}`);
	}
	return resolve(event);
};

/**
 * A refusal from a hook, in the visitor's language. A form sent by `use:enhance` asks for JSON and
 * gets SvelteKit's shape for a failed action (the page shows the message); anything else, text.
 */
function refuse(event: RequestEvent, status: number, message: string): Response {
	if ((event.request.headers.get('accept') ?? '').includes('application/json')) {
		return json({ type: 'error', error: { message } }, { status });
	}
	return new Response(message, {
		status,
		headers: { 'Content-Type': 'text/plain; charset=utf-8' }
	});
}

/**
 * The action a POST names (`?/name`), read as SvelteKit reads it: the first query parameter that
 * starts with `/`. Undefined when none does (the page's default action).
 */
function requestedAction(url: URL): string | undefined {
	for (const key of url.searchParams.keys()) if (key.startsWith('/')) return key.slice(1);
	return undefined;
}

/**
 * Action names no page may be sent: SvelteKit throws a plain Error (a 500) for `?/default` on
 * any page with actions, and looks a name up on the page's `actions` object as it is, so
 * `?/constructor`, `?/__proto__` or `?/toString` reach Object's prototype and fail as a 500.
 * Refused here for every route, as the unknown action they are (404), before any of it runs.
 */
const actionNames: Handle = async ({ event, resolve }) => {
	if (event.request.method === 'POST') {
		const name = requestedAction(event.url);
		if (name !== undefined && (name === 'default' || name in Object.prototype)) {
			return refuse(event, 404, m.http_unknown_action());
		}
	}
	return resolve(event);
};

/**
 * SvelteKit hands text/plain POSTs to form actions (browsers may send forms that way), but no
 * form here is text/plain and parsing one as form data throws: refuse it as a client error
 * (415) before any action runs. Cross-site ones never get this far: the CSRF check refuses them.
 */
const formBodies: Handle = async ({ event, resolve }) => {
	const type = event.request.headers.get('content-type') ?? '';
	if (event.request.method === 'POST' && /^\s*text\/plain\b/i.test(type)) {
		return refuse(event, 415, m.http_form_encoding());
	}
	return resolve(event);
};

/**
 * Every response SvelteKit makes gets the baseline security headers of server/headers.js (the
 * production server adds them to everything else: static files, and redirects and errors thrown
 * from hooks), plus the per-page ones. A page carries kit.csp's policy, to which a second header
 * adds `frame-ancestors` (it does not replace it); anything without a policy of its own (a
 * redirect, JSON, a feed) gets the strict one.
 */
const headers: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	// Only /embed/* may be framed.
	const embed = event.url.pathname.startsWith('/embed/');
	if (response.headers.has('Content-Security-Policy')) {
		response.headers.append(
			'Content-Security-Policy',
			embed ? 'frame-ancestors *' : "frame-ancestors 'none'"
		);
	}
	const set = (name: string, value: string) => {
		if (!response.headers.has(name)) response.headers.set(name, value);
	};
	for (const [name, value] of baselineHeaders({ https: event.url.protocol === 'https:' })) {
		set(name, value);
	}
	if (!embed) set('X-Frame-Options', 'DENY');
	if (event.locals.user) set('Cache-Control', 'private, no-store');
	return response;
};

const gzipAsync = promisify(gzip);

/**
 * adapter-node serves static files precompressed but sends pages as they are; the HTML is most
 * of a first view's bytes on a slow phone. Responses that set cookies are left alone.
 */
const compress: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const accepts = /\bgzip\b/.test(event.request.headers.get('accept-encoding') ?? '');
	const isPage = (response.headers.get('content-type') ?? '').startsWith('text/html');
	if (
		!accepts ||
		!isPage ||
		!response.body ||
		response.headers.has('content-encoding') ||
		response.headers.getSetCookie().length > 0
	) {
		return response;
	}
	// On the thread pool: sync gzip of a 100 KB page held the event loop ~1 ms per page.
	const body = await gzipAsync(Buffer.from(await response.arrayBuffer()));
	const headers = new Headers(response.headers);
	headers.set('Content-Encoding', 'gzip');
	headers.delete('Content-Length');
	headers.append('Vary', 'Accept-Encoding');
	return new Response(body, { status: response.status, statusText: response.statusText, headers });
};

// headers wraps everything that may answer without SvelteKit's routing (the 503 for a database
// away, refused action names and bodies); what guard throws (a redirect) gets them from the server.
// The page cache stores what compress and headers made, so a hit skips them and everything after.
export const handle = sequence(
	i18n,
	pageCache,
	compress,
	headers,
	databaseAway,
	actionNames,
	session,
	guard,
	formBodies
);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	// The client's mistake (404, 415 for a non-form POST to an action, …): say what it was, and
	// keep it out of the error log, which is for our own failures.
	if (status < 500) return { message };
	if (isServerAway(error)) {
		event.locals.databaseAway = true;
		console.warn(`[db] away: ${event.request.method} ${event.url.pathname} answered 503`);
		return { message: m.error_database_away() };
	}
	const errorId = crypto.randomUUID();
	console.error(`[error ${errorId}] ${event.request.method} ${event.url.pathname}`, error);
	return { message: 'Something went wrong on our side.', errorId };
};
