import { expect, test } from '@playwright/test';
import { SESSION_COOKIE } from '../../src/lib/server/auth/local';
import {
	createSession,
	createUser,
	startPrepared,
	type PreparedServer
} from '../helpers/atlas-server';

// The anonymous page cache (src/lib/server/http/page-cache.ts) over HTTP against the build:
// anonymous visitors get a validator and 304s, a publication changes what they get, and a
// signed-in visitor's page is never stored nor handed to anyone else.

test.describe.configure({ mode: 'serial' });

interface Prepared {
	lead: { email: string; session: string };
	other: { email: string; session: string };
	campaign: { id: string; slug: string; title: string };
}

let server: PreparedServer<Prepared>;

test.beforeAll(async () => {
	test.setTimeout(180_000);
	server = await startPrepared('page-cache', async (db) => {
		const leadEmail = `lead-${crypto.randomUUID().slice(0, 8)}@example.org`;
		const otherEmail = `other-${crypto.randomUUID().slice(0, 8)}@example.org`;
		const leadId = await createUser(db, { email: leadEmail });
		const otherId = await createUser(db, { email: otherEmail });
		const place = await db.selectFrom('places').select('id').executeTakeFirstOrThrow();
		const title = `Cache test campaign ${crypto.randomUUID().slice(0, 8)}`;
		// A draft; the resolutions trigger makes its creator the lead.
		const campaign = await db
			.insertInto('resolutions')
			.values({
				slug: `cache-test-${crypto.randomUUID().slice(0, 8)}`,
				place_id: place.id,
				title,
				text: 'Be it resolved that everyone is welcome.',
				visibility: 'draft',
				provenance: 'organizer',
				stage: 'drafting',
				created_by: leadId
			})
			.returning(['id', 'slug'])
			.executeTakeFirstOrThrow();
		return {
			lead: { email: leadEmail, session: await createSession(db, leadId) },
			other: { email: otherEmail, session: await createSession(db, otherId) },
			campaign: { ...campaign, title }
		};
	});
});

test.afterAll(async () => {
	await server?.stop();
});

const sessionOf = (who: 'lead' | 'other') => `${SESSION_COOKIE}=${server.prepared[who].session}`;

function get(path: string, headers: Record<string, string> = {}) {
	return fetch(new URL(path, server.baseURL), {
		redirect: 'manual',
		headers: { accept: 'text/html', ...headers }
	});
}

function post(path: string, who: 'lead' | 'other') {
	return fetch(new URL(path, server.baseURL), {
		method: 'POST',
		redirect: 'manual',
		headers: {
			accept: 'text/html',
			origin: server.baseURL,
			cookie: sessionOf(who),
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: ''
	});
}

const campaignPath = () => `/resolutions/${server.prepared.campaign.slug}`;

test('an anonymous visitor gets a public, validated page and a 304 for the copy it holds', async () => {
	for (const path of ['/', '/templates']) {
		const first = await get(path);
		expect(first.status, path).toBe(200);
		const etag = first.headers.get('etag') ?? '';
		expect(etag, path).toMatch(/^W\/".+"$/);
		expect(first.headers.get('cache-control'), path).toBe('public, no-cache');
		expect(first.headers.get('vary'), path).toMatch(/Cookie/);
		expect(first.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
		const body = await first.text();

		const again = await get(path);
		expect(again.headers.get('etag'), path).toBe(etag);
		expect(await again.text(), path).toBe(body);

		const conditional = await get(path, { 'if-none-match': etag });
		expect(conditional.status, path).toBe(304);
		expect(conditional.headers.get('etag'), path).toBe(etag);
		expect(await conditional.text(), path).toBe('');
	}
});

test('the theme and the language are part of what is cached', async () => {
	const dark = await get('/', { cookie: 'theme=dark' });
	expect(await dark.text()).toContain('data-theme="dark"');
	const spanish = await get('/', { cookie: 'lang=es' });
	expect(await spanish.text()).toContain('lang="es"');
	const plain = await (await get('/')).text();
	expect(plain).toContain('data-theme="system"');
	expect(plain).toContain('lang="en"');
});

test('a publication changes what anonymous visitors get', async () => {
	const { campaign } = server.prepared;
	// A draft is nobody's business: 404, not stored.
	expect((await get(campaignPath())).status).toBe(404);

	expect((await post(`/organize/${campaign.id}?/publish`, 'lead')).status).toBeLessThan(400);
	const published = await get(campaignPath());
	expect(published.status).toBe(200);
	expect(await published.text()).toContain(campaign.title);
	const etag = published.headers.get('etag') ?? '';
	expect(etag).not.toBe('');
	expect((await get(campaignPath(), { 'if-none-match': etag })).status).toBe(304);

	expect((await post(`/organize/${campaign.id}?/unpublish`, 'lead')).status).toBeLessThan(400);
	const withdrawn = await get(campaignPath(), { 'if-none-match': etag });
	expect(withdrawn.status).toBe(404);

	expect((await post(`/organize/${campaign.id}?/publish`, 'lead')).status).toBeLessThan(400);
	const again = await get(campaignPath(), { 'if-none-match': etag });
	expect(again.status).toBe(200);
	expect(again.headers.get('etag')).not.toBe(etag);
});

test("a signed-in visitor's page is private: never stored, never served to anyone else", async () => {
	const { lead, other } = server.prepared;
	for (const path of ['/', campaignPath(), '/templates']) {
		// The anonymous copy is in the cache first: the signed-in visitor must not get it.
		const anonymous = await get(path);
		const anonymousTag = anonymous.headers.get('etag') ?? '';
		expect(anonymousTag, path).not.toBe('');

		const mine = await get(path, { cookie: sessionOf('lead'), 'if-none-match': anonymousTag });
		expect(mine.status, path).toBe(200);
		expect(mine.headers.get('cache-control'), path).toBe('private, no-store');
		// SvelteKit's own validator (a hash of this body) at most, never the shared one.
		expect(mine.headers.get('etag'), path).not.toBe(anonymousTag);
		expect(await mine.text(), path).toContain(lead.email);

		// The preferences cookies beside a session change nothing.
		const theirs = await get(path, { cookie: `theme=dark; ${sessionOf('other')}` });
		expect(theirs.headers.get('cache-control'), path).toBe('private, no-store');
		const theirBody = await theirs.text();
		expect(theirBody, path).toContain(other.email);
		expect(theirBody, path).not.toContain(lead.email);

		const after = await get(path);
		expect(after.headers.get('etag'), path).toBe(anonymousTag);
		const afterBody = await after.text();
		expect(afterBody, path).not.toContain(lead.email);
		expect(afterBody, path).not.toContain(other.email);
	}
});
