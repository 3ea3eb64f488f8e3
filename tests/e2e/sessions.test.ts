import { expect, test } from '@playwright/test';
import { SESSION_COOKIE } from '../../src/lib/server/auth/local';
import {
	changedTables,
	fingerprint,
	newDataDir,
	removeDataDir,
	startServer,
	withDataDir,
	type AtlasServer
} from '../helpers/atlas-server';
import { prepareFixtures, type Fixtures } from '../helpers/atlas-fixtures';
import { concreteUrl, discoverRoutes, type Route } from '../helpers/route-inventory';
import { URGENT_ACTIONS } from '../../scripts/urgent-action-originals';

/** A seeded urgent action (the demo seed is loaded in these data directories). */
const DEMO_ACTION = URGENT_ACTIONS[0]?.slug ?? '';

// Sessions and cross-origin requests, over HTTP against the production build. The route list is
// read from src/routes: a new route is protected unless it is named in PUBLIC_ROUTES below, and a
// route with a parameter this file has no value for fails the test — nothing escapes by being new.
//
// PGlite cannot be opened twice, so this spec prepares its own data directory (fixtures, sessions
// in every state) and runs its own `node build`, then reopens the directory after stopping the
// server to prove that no refused request changed a row.

test.describe.configure({ mode: 'serial' });

/** Routes anyone may use, and why; every other route must refuse a request without a session. */
const PUBLIC_ROUTES: Record<string, string> = {
	'/': 'the public list and map',
	'/actions': 'the public list of urgent actions',
	'/actions/[slug]': 'a published urgent action; its report goes through a rate-limited function',
	'/api/actions': 'the public API (urgent actions, sums only)',
	'/api/map': 'public map data',
	'/api/map/clusters/[id]': 'public map data',
	'/api/map/points/[slug]': 'public map data',
	'/api/places': 'place search for the public report form',
	'/api/resolutions': 'the public API',
	'/api/resolutions/[slug]': 'the public API',
	'/auth/confirm': 'email links: the token in the link is the credential',
	'/calendar/[token].ics': 'a calendar feed: the secret token in the URL is the credential',
	'/embed/map': 'the embeddable map',
	'/feeds/actions.atom': 'public feeds',
	'/feeds/states/[code].atom': 'public feeds',
	'/feeds/updates.atom': 'public feeds',
	'/forgot-password': 'signing in',
	'/login': 'signing in',
	'/logout': 'signing out (POST only does anything)',
	'/preferences': 'theme and language cookies for anyone',
	'/report': 'anyone may report a resolution',
	'/resolutions.csv': 'public data',
	'/resolutions.geojson': 'public data',
	'/resolutions/[slug]': 'a published resolution',
	'/resolutions/[slug]/documents/[file]': "a published resolution's files (storage policies)",
	'/resolutions/[slug]/feed.atom': 'public feeds',
	'/signup': 'signing up',
	'/templates': 'the public template library',
	'/templates/[slug]': 'a public template',
	'/templates/[slug]/download': 'a public template, filled in'
};

/**
 * Protected routes whose answer to their own user, with these fixtures, is not a page: what it
 * is instead, and a body that only a signed-in caller gets (a refusal would not carry it).
 */
const OWNER_ANSWERS: Record<string, { status: number; body: string; why: string }> = {
	'/organize/import/progress': {
		status: 404,
		body: 'no such import',
		why: 'progress exists only while an import runs, in that server process'
	}
};

let server: AtlasServer;
let fx: Fixtures;
let baseline: Record<string, string>;
const routes = discoverRoutes();
/** Route id → parameter values; filled once the fixtures exist. */
let params: Record<string, Record<string, string>> = {};
/** Query strings some routes need (the signed download URL's token). */
const queries: Record<string, string> = {};

test.beforeAll(async () => {
	test.setTimeout(180_000);
	const dataDir = newDataDir('sessions');
	fx = await withDataDir(dataDir, (db) => prepareFixtures(db, dataDir));
	baseline = await withDataDir(dataDir, fingerprint);
	params = {
		'/actions/[slug]': { slug: DEMO_ACTION },
		'/api/map/clusters/[id]': { id: '1' },
		'/api/map/points/[slug]': { slug: fx.publishedSlug },
		'/api/resolutions/[slug]': { slug: fx.publishedSlug },
		'/calendar/[token].ics': { token: fx.calendarToken },
		'/feeds/states/[code].atom': { code: 'ND' },
		'/groups/[id]': { id: fx.groupId },
		'/groups/[id]/budget.csv': { id: fx.groupId },
		'/groups/[id]/documents/[documentId]': { id: fx.groupId, documentId: fx.groupDocumentId },
		'/groups/[id]/reports/[days]': { id: fx.groupId, days: '30' },
		'/groups/[id]/reports/[days]/docx': { id: fx.groupId, days: '30' },
		'/groups/join/[token]': { token: fx.groupInviteToken },
		'/moderate/[id]': { id: fx.reportId },
		'/organize/[id]': { id: fx.campaignId },
		'/organize/[id]/act': { id: fx.campaignId },
		'/organize/[id]/team': { id: fx.campaignId },
		'/organize/join/[token]': { token: fx.teamInviteToken },
		'/resolutions/[slug]': { slug: fx.publishedSlug },
		'/resolutions/[slug]/documents/[file]': { slug: fx.campaignSlug, file: fx.campaignFile },
		'/resolutions/[slug]/feed.atom': { slug: fx.publishedSlug },
		'/templates/[slug]': { slug: fx.templateSlug },
		'/templates/[slug]/download': { slug: fx.templateSlug },
		'/templates/[slug]/edit': { slug: fx.templateSlug }
	};
	server = await startServer(dataDir);
	// The signed download URL is minted by the app for the owner: its path and token.
	const signed = await get(urlOf('/groups/[id]/documents/[documentId]'), fx.owner.session);
	const location = new URL(signed.headers.get('location') ?? '', server.baseURL);
	const [bucket, ...path] = location.pathname.replace('/storage/v1/object/sign/', '').split('/');
	params['/storage/v1/object/sign/[bucket]/[...path]'] = {
		bucket: bucket ?? '',
		path: path.join('/')
	};
	queries['/storage/v1/object/sign/[bucket]/[...path]'] = location.search;
});

test.afterAll(async () => {
	await server?.stop();
	if (server) removeDataDir(server.dataDir);
});

function urlOf(id: string): string {
	return concreteUrl(id, params[id]) + (queries[id] ?? '');
}

/** A plain browser navigation's headers: HTML wanted (so actions answer 303, not JSON). */
function cookieHeader(session: string | undefined): Record<string, string> {
	const accept = { accept: 'text/html' };
	return session === undefined ? accept : { ...accept, cookie: `${SESSION_COOKIE}=${session}` };
}

/** A request as a browser-less client would send it: no redirects followed, no cookie jar. */
function get(path: string, session?: string): Promise<Response> {
	return fetch(new URL(path, server.baseURL), {
		redirect: 'manual',
		headers: cookieHeader(session)
	});
}

function post(
	path: string,
	init: { session?: string; origin?: string | null; contentType: string; body: BodyInit }
): Promise<Response> {
	const headers: Record<string, string> = {
		...cookieHeader(init.session),
		'content-type': init.contentType
	};
	if (init.origin !== null) headers.origin = init.origin ?? server.baseURL;
	return fetch(new URL(path, server.baseURL), {
		method: 'POST',
		redirect: 'manual',
		headers,
		body: init.body
	});
}

function actionUrl(route: Route, action: string): string {
	return action === 'default' ? urlOf(route.id) : `${urlOf(route.id)}?/${action}`;
}

const isProtected = (route: Route) => !(route.id in PUBLIC_ROUTES);
const protectedRoutes = routes.filter(isProtected);
const canGet = (route: Route) => route.page || route.methods.includes('GET');

/** Refused: sent to sign-in, or 401/403/404 — never the page, never a server error. */
function expectRefused(response: Response, what: string) {
	const status = response.status;
	if (status >= 300 && status < 400) {
		const location = response.headers.get('location') ?? '';
		expect(new URL(location, server.baseURL).pathname, `${what} redirects to`).toBe('/login');
	} else {
		expect([401, 403, 404], `${what} answered ${status}`).toContain(status);
	}
}

/** The cookies a protected route must treat as nobody. Expired and idle rows are one per use. */
function badSessions(): [string, () => string | undefined][] {
	const tamper = (token: string) => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
	return [
		['no cookie', () => undefined],
		['an empty cookie', () => ''],
		['an expired session (over 30 days)', () => fx.expiredSessions.pop()],
		['an idle session (unused 7 days)', () => fx.idleSessions.pop()],
		['a tampered copy of a live session', () => tamper(fx.owner.session)],
		['a forged token', () => 'x'.repeat(43)],
		["another user's revoked session", () => fx.other.session]
	];
}

test('the route list is read from src/routes and every parameter has a fixture', () => {
	// A sanity floor: if discovery broke, the checks below would pass over nothing.
	expect(routes.length).toBeGreaterThan(40);
	expect(protectedRoutes.length).toBeGreaterThan(15);
	for (const id of Object.keys(PUBLIC_ROUTES)) {
		expect(
			routes.map((route) => route.id),
			`${id} is listed as public`
		).toContain(id);
	}
	for (const route of routes) expect(() => urlOf(route.id), route.id).not.toThrow();
});

test('the live session opens every protected route (so refusals below are not a broken fixture)', async () => {
	for (const route of protectedRoutes.filter(canGet)) {
		const response = await get(urlOf(route.id), fx.owner.session);
		const location = response.headers.get('location');
		const special = OWNER_ANSWERS[route.id];
		if (special) {
			expect(response.status, `${route.id}: ${special.why}`).toBe(special.status);
			expect(await response.text(), route.id).toContain(special.body);
			continue;
		}
		expect(response.status, `${route.id} for its owner`).toBeLessThan(400);
		if (location) expect(location, route.id).not.toMatch(/^\/login/);
	}
});

test("another user's session works until it is revoked by signing out", async () => {
	expect((await get('/account', fx.other.session)).status).toBe(200);
	const signOut = await post('/logout', {
		session: fx.other.session,
		contentType: 'application/x-www-form-urlencoded',
		body: ''
	});
	expect(signOut.status).toBe(303);
	expectRefused(await get('/account', fx.other.session), 'after sign-out');
});

test('every protected route refuses a missing, expired, idle, tampered or revoked session', async () => {
	test.setTimeout(120_000);
	let checked = 0;
	for (const route of protectedRoutes.filter(canGet)) {
		for (const [label, session] of badSessions()) {
			expectRefused(await get(urlOf(route.id), session()), `GET ${route.id} with ${label}`);
			checked++;
		}
	}
	console.log(`[sessions] ${checked} GETs refused on ${protectedRoutes.length} protected routes`);
});

test('every action of a protected route refuses those sessions too (actions skip the load)', async () => {
	test.setTimeout(180_000);
	let checked = 0;
	for (const route of protectedRoutes) {
		for (const action of route.actions) {
			for (const [label, session] of badSessions()) {
				const response = await post(actionUrl(route, action), {
					session: session(),
					contentType: 'application/x-www-form-urlencoded',
					body: 'title=x&name=x&note=x'
				});
				expectRefused(response, `POST ${route.id} ?/${action} with ${label}`);
				checked++;
			}
		}
	}
	expect(checked).toBeGreaterThan(200);
	console.log(`[sessions] ${checked} action POSTs refused`);
});

/** Requests a hostile page could make a signed-in visitor's browser send. */
const CROSS_SITE: [string, { origin: string | null; contentType: string; body: () => BodyInit }][] =
	[
		['a foreign Origin', form('https://evil.example')],
		['no Origin', form(null)],
		['Origin null (sandboxed frame)', form('null')],
		['text/plain, foreign Origin', text('https://evil.example')],
		['text/plain, no Origin', text(null)],
		['multipart, foreign Origin', multipart('https://evil.example')]
	];

function form(origin: string | null) {
	return {
		origin,
		contentType: 'application/x-www-form-urlencoded',
		body: () => 'display_name=Pwned&title=Pwned&name=Pwned&confirm=DELETE'
	};
}

function text(origin: string | null) {
	return { origin, contentType: 'text/plain', body: () => 'display_name=Pwned' };
}

function multipart(origin: string | null) {
	const boundary = 'wa-boundary';
	return {
		origin,
		contentType: `multipart/form-data; boundary=${boundary}`,
		body: () =>
			`--${boundary}\r\nContent-Disposition: form-data; name="display_name"\r\n\r\nPwned\r\n--${boundary}--\r\n`
	};
}

test('every action refuses cross-site POSTs, even with a live session', async () => {
	test.setTimeout(180_000);
	const withActions = routes.filter((route) => route.actions.length > 0);
	let checked = 0;
	for (const route of withActions) {
		for (const action of route.actions) {
			for (const [label, request] of CROSS_SITE) {
				const response = await post(actionUrl(route, action), {
					session: fx.owner.session,
					origin: request.origin,
					contentType: request.contentType,
					body: request.body()
				});
				const what = `POST ${route.id} ?/${action} with ${label}`;
				expect(response.status, what).toBe(403);
				// SvelteKit's own CSRF refusal, before any hook or action runs.
				expect(await response.text(), what).toContain('Cross-site POST form submissions');
				checked++;
			}
		}
	}
	const actionCount = withActions.reduce((sum, route) => sum + route.actions.length, 0);
	expect(checked).toBe(actionCount * CROSS_SITE.length);
	console.log(`[sessions] ${checked} cross-site POSTs refused on ${actionCount} actions`);
});

test('a JSON POST to an action is refused (415) before it runs', async () => {
	const response = await post('/account?/profile', {
		session: fx.owner.session,
		contentType: 'application/json',
		body: JSON.stringify({ display_name: 'Pwned' })
	});
	expect(response.status).toBe(415);
});

test('a same-origin text/plain POST is a readable 4xx, not a server error', async () => {
	const response = await post('/account?/profile', {
		session: fx.owner.session,
		contentType: 'text/plain',
		body: 'display_name=Pwned&locale=es'
	});
	expect(response.status).toBeGreaterThanOrEqual(400);
	expect(response.status).toBeLessThan(500);
});

test('no refused request changed a row; the same POST from the site itself does', async () => {
	test.setTimeout(120_000);
	// The control: the identical form from our own origin reaches the action and changes it.
	const control = await post('/account?/profile', {
		session: fx.owner.session,
		contentType: 'application/x-www-form-urlencoded',
		body: 'display_name=Changed+by+the+control&locale=es'
	});
	expect(control.status).toBeLessThan(400);
	await server.stop();
	const after = await withDataDir(server.dataDir, fingerprint);
	expect(changedTables(baseline, after)).toEqual(['public.profiles']);
});
