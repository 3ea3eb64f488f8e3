import { readdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { HSTS, STRICT_CSP } from '../../server/headers.js';
import { SESSION_COOKIE } from '../../src/lib/server/auth/local';
import { prepareFixtures, type Fixtures } from '../helpers/atlas-fixtures';
import {
	newDataDir,
	removeDataDir,
	startServer,
	withDataDir,
	type AtlasServer
} from '../helpers/atlas-server';
import { concreteUrl, discoverRoutes, type Route } from '../helpers/route-inventory';
import { CONTROL_PARAM_VALUES, ODD_NEXT_VALUES, RESERVED_ACTION_NAMES } from '../hostile/corpus';
import { URGENT_ACTIONS } from '../../scripts/urgent-action-originals';

/** A seeded urgent action (the demo seed is loaded in these data directories). */
const DEMO_ACTION = URGENT_ACTIONS[0]?.slug ?? '';

// The HTTP surface of the production server (`node server`), over HTTP: every kind of response —
// pages, redirects (thrown from a hook, or from a load), error pages, refusals made by hooks,
// endpoints, static files and `_app/immutable` assets, which adapter-node serves before any hook —
// carries `nosniff` and a Content-Security-Policy, and HSTS exactly when ORIGIN is https. Then the
// corpus's fixed hostile cases (tests/hostile/corpus.ts), sent to every route read from
// src/routes: control characters in every route parameter, reserved and unknown action names on
// every page, and odd `next` values. Each answer is below 500 and says something.

test.describe.configure({ mode: 'serial' });

let server: AtlasServer;
let fx: Fixtures;
const routes = discoverRoutes();
/** Route id → valid parameter values; filled once the fixtures exist. */
let params: Record<string, Record<string, string>> = {};

/** One file the build put under `_app/immutable` (its name carries a hash). */
function immutableAsset(): string {
	const dir = 'build/client/_app/immutable/entry';
	const file = readdirSync(dir).find((name) => name.endsWith('.js'));
	if (!file) throw new Error(`no .js file in ${dir}: run the build first`);
	return `/_app/immutable/entry/${file}`;
}

test.beforeAll(async () => {
	test.setTimeout(180_000);
	const dataDir = newDataDir('http');
	fx = await withDataDir(dataDir, (db) => prepareFixtures(db, dataDir));
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
		'/storage/v1/object/sign/[bucket]/[...path]': {
			bucket: 'group-files',
			path: `${fx.groupId}/${crypto.randomUUID()}`
		},
		'/templates/[slug]': { slug: fx.templateSlug },
		'/templates/[slug]/download': { slug: fx.templateSlug },
		'/templates/[slug]/edit': { slug: fx.templateSlug }
	};
	server = await startServer(dataDir);
});

test.afterAll(async () => {
	await server?.stop();
	if (server) removeDataDir(server.dataDir);
});

interface Send {
	method?: 'GET' | 'POST';
	/** The owner's live session (a site admin who leads a group and a campaign). */
	signedIn?: boolean;
	headers?: Record<string, string>;
	body?: string;
	base?: string;
}

/** A request as a browser-less client sends it: no redirect followed, the site's own Origin. */
function send(path: string, { method = 'GET', signedIn, headers = {}, body, base }: Send = {}) {
	const origin = base ?? server.baseURL;
	const all: Record<string, string> = { accept: 'text/html', ...headers };
	if (signedIn) all.cookie = `${SESSION_COOKIE}=${fx.owner.session}`;
	if (method === 'POST') {
		all.origin = origin;
		all['content-type'] ??= 'application/x-www-form-urlencoded';
	}
	return fetch(new URL(path, origin), { method, redirect: 'manual', headers: all, body });
}

const isHtml = (response: Response) =>
	(response.headers.get('content-type') ?? '').startsWith('text/html');

/**
 * `nosniff`, and a policy that forbids framing (except for the embeddable /embed/* pages): a page
 * rendered by SvelteKit has kit.csp's policy plus `frame-ancestors`; anything else the strict
 * policy, which loads nothing.
 */
function expectSecurityHeaders(response: Response, what: string) {
	expect(response.headers.get('x-content-type-options'), `${what}: nosniff`).toBe('nosniff');
	const csp = response.headers.get('content-security-policy') ?? '';
	const embed = new URL(response.url).pathname.startsWith('/embed/') && isHtml(response);
	expect(csp, `${what}: CSP`).toContain(embed ? 'frame-ancestors *' : "frame-ancestors 'none'");
	if (!isHtml(response)) expect(csp, `${what}: strict CSP`).toBe(STRICT_CSP);
}

/** Below 500, and a refusal says something (a page, a JSON message or a line of text). */
async function expectReadableAnswer(response: Response, what: string) {
	expect(response.status, what).toBeLessThan(500);
	const body = await response.text();
	if (response.status >= 400)
		expect(body, `${what}: ${response.status} with no message`).toMatch(/\S/);
}

/** Where a redirect goes: a header value in printable ASCII that stays on this site. */
function expectSameSiteRedirect(response: Response, base: string, what: string) {
	const location = response.headers.get('location') ?? '';
	expect(location, `${what}: Location`).toMatch(/^[\x21-\x7e]+$/);
	expect(new URL(location, `${base}/some/page`).origin, `${what} → ${location}`).toBe(
		new URL(base).origin
	);
}

/** One of each kind of response, with the status it must have. */
function responseKinds(): [string, () => Promise<Response>, number][] {
	return [
		['a page', () => send('/'), 200],
		['a redirect thrown by the guard hook', () => send('/account'), 303],
		['a redirect from a load', () => send('/login', { signedIn: true }), 303],
		['a 404 page (no route)', () => send('/no-such-page'), 404],
		['a 404 page (a param matcher refused)', () => send('/resolutions/%00'), 404],
		['an error() from an endpoint', () => send('/feeds/states/ZZ.atom'), 404],
		[
			'a refused action name (a hook)',
			() => send('/login?/default', { method: 'POST', body: 'email=a' }),
			404
		],
		[
			'a refused text/plain form (a hook)',
			() =>
				send('/login?/password', {
					method: 'POST',
					headers: { 'content-type': 'text/plain' },
					body: 'email=a'
				}),
			415
		],
		['a JSON endpoint', () => send('/api/resolutions', { headers: { accept: '*/*' } }), 200],
		['an Atom feed', () => send('/feeds/updates.atom'), 200],
		['a static file', () => send('/favicon.svg'), 200],
		['a precompressed static file', () => send('/robots.txt', { headers: gzip }), 200],
		['an _app/immutable asset', () => send(immutableAsset(), { headers: gzip }), 200],
		['a missing _app/immutable asset', () => send('/_app/immutable/entry/nope.js'), 404]
	];
}

const gzip = { 'accept-encoding': 'gzip, br' };

test('every kind of response carries nosniff and a CSP, and no HSTS over http', async () => {
	for (const [what, request, status] of responseKinds()) {
		const response = await request();
		expect(response.status, what).toBe(status);
		expectSecurityHeaders(response, what);
		expect(response.headers.get('strict-transport-security'), what).toBeNull();
		await expectReadableAnswer(response, what);
	}
});

const withParams = routes.filter((route) => route.id.includes('['));
const paramNames = (route: Route) =>
	[...route.id.matchAll(/\[(?:\.\.\.)?(\w+)\]/g)].map((match) => match[1] ?? '');

test('a control character in any route parameter is a readable 4xx, never a 5xx', async () => {
	test.setTimeout(300_000);
	expect(withParams.length).toBeGreaterThan(15);
	let sent = 0;
	for (const route of withParams) {
		// Each value in a GET signed out and signed in (protected routes send the first to
		// sign-in); NUL also in a POST to each action, signed in (the default one without `?/`).
		const gets: [string, string, Send][] = [
			['GET signed out', '', {}],
			['GET signed in', '', { signedIn: true }]
		];
		const posts = route.actions.map((action): [string, string, Send] => [
			`POST ?/${action}`,
			action === 'default' ? '' : `?/${action}`,
			{ method: 'POST', signedIn: true, body: 'title=x&name=x' }
		]);
		for (const name of paramNames(route)) {
			for (const value of CONTROL_PARAM_VALUES) {
				const url = concreteUrl(route.id, { ...params[route.id], [name]: value });
				const requests = value.includes('\u0000') ? [...gets, ...posts] : gets;
				for (const [label, suffix, init] of requests) {
					const response = await send(url + suffix, init);
					const what = `${label} ${url}`;
					await expectReadableAnswer(response, what);
					expectSecurityHeaders(response, what);
					sent++;
				}
			}
		}
	}
	console.log(`[http] ${sent} requests with a control character in a route parameter`);
});

test('a reserved or unknown action name is a readable 4xx on every page, never a 5xx', async () => {
	test.setTimeout(300_000);
	const pages = routes.filter((route) => route.page);
	expect(pages.length).toBeGreaterThan(20);
	let sent = 0;
	for (const route of pages) {
		const url = concreteUrl(route.id, params[route.id]);
		for (const name of RESERVED_ACTION_NAMES) {
			const path = `${url}?/${encodeURIComponent(name)}`;
			// A plain form post; for the first two names also what `use:enhance` sends (JSON).
			const asEnhance = { accept: 'application/json', 'x-sveltekit-action': 'true' };
			const variants = RESERVED_ACTION_NAMES.indexOf(name) < 2 ? [{}, asEnhance] : [{}];
			for (const headers of variants) {
				const response = await send(path, { method: 'POST', signedIn: true, headers, body: 'a=b' });
				const what = `POST ${path} (${headers === asEnhance ? 'enhanced' : 'form'})`;
				expect(response.status, what).toBeGreaterThanOrEqual(400);
				await expectReadableAnswer(response, what);
				expectSecurityHeaders(response, what);
				sent++;
			}
		}
	}
	console.log(`[http] ${sent} posts to reserved or unknown action names`);
});

test('a reserved action name is refused in the visitor’s language', async () => {
	const response = await send('/login?/default', {
		method: 'POST',
		headers: { 'accept-language': 'es' },
		body: 'email=a'
	});
	expect(response.status).toBe(404);
	expect(await response.text()).toContain('Este formulario no se puede enviar aquí');
});

test('odd next values never leave the site and never fail', async () => {
	test.setTimeout(120_000);
	let sent = 0;
	for (const next of ODD_NEXT_VALUES) {
		// URLSearchParams sends a lone surrogate as U+FFFD, as a browser does (encodeURIComponent throws).
		const query = new URLSearchParams({ next }).toString();
		const requests: [string, string, Send][] = [
			['signed-in sign-in page', `/login?${query}`, { signedIn: true }],
			['signed-in sign-up page', `/signup?${query}`, { signedIn: true }],
			['signed-out sign-in page', `/login?${query}`, {}],
			['theme preference', '/preferences?/theme', { method: 'POST', body: `theme=dark&${query}` }],
			[
				'language preference',
				'/preferences?/language',
				{ method: 'POST', body: `lang=es&${query}` }
			]
		];
		for (const [label, path, init] of requests) {
			const response = await send(path, init);
			const what = `${label} with next=${JSON.stringify(next.slice(0, 40))}`;
			if (response.status >= 300 && response.status < 400) {
				expectSameSiteRedirect(response, server.baseURL, what);
			}
			await expectReadableAnswer(response, what);
			expectSecurityHeaders(response, what);
			sent++;
		}
	}
	console.log(`[http] ${sent} requests with odd next values`);
});

test('a signed-in visitor sent to sign-in with a unicode full stop lands on this site', async () => {
	const response = await send('/login?next=/%E3%80%82evil.example', { signedIn: true });
	expect(response.status).toBe(303);
	expect(response.headers.get('location')).toBe('/%E3%80%82evil.example');
});

// Last: it restarts the server on the same data directory (PGlite opens a directory once) as the
// site at an https origin. The CSRF check does not matter for these GETs.
test('with an https ORIGIN every kind of response carries HSTS', async () => {
	test.setTimeout(120_000);
	await server.stop();
	server = await startServer(server.dataDir, { env: { ORIGIN: 'https://atlas.example' } });
	const kinds: [string, string][] = [
		['a page', '/'],
		['a redirect thrown by the guard hook', '/account'],
		['a 404 page', '/no-such-page'],
		['a JSON endpoint', '/api/resolutions'],
		['a static file', '/favicon.svg'],
		['an _app/immutable asset', immutableAsset()]
	];
	for (const [what, path] of kinds) {
		const response = await send(path, { headers: gzip });
		expect(response.status, what).toBeLessThan(500);
		expect(response.headers.get('strict-transport-security'), what).toBe(HSTS);
		expectSecurityHeaders(response, what);
		await response.arrayBuffer();
	}
});
