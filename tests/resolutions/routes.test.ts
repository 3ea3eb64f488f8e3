import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON, withClaims, type Claims } from '../../src/lib/server/db';
import { createLocalStorage } from '../../src/lib/server/storage/local';
import { load } from '../../src/routes/resolutions/[slug=slug]/+page.server';
import { GET as getJson } from '../../src/routes/api/resolutions/[slug=slug]/+server';
import { GET as getFeed } from '../../src/routes/resolutions/[slug=slug]/feed.atom/+server';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

// The page, its JSON and its feed, called as SvelteKit calls them, with each persona's claims:
// a draft is a 404 for anyone RLS hides it from, and never gets a shared-cache header.

describe.each(ENGINES)('resolution routes under claims (%s)', (engine) => {
	const database = useTestDatabase(engine);
	const root = mkdtempSync(join(tmpdir(), 'wa-routes-'));
	afterAll(() => rmSync(root, { recursive: true, force: true }));
	let author: Persona, stranger: Persona, admin: Persona;

	const eventFor = (claims: Claims, slug: string, path = `/resolutions/${slug}`) => {
		const db = database().db;
		return {
			params: { slug },
			url: new URL(`https://atlas.test${path}`),
			request: new Request(`https://atlas.test${path}`),
			locals: {
				claims,
				withClaims: <T>(fn: Parameters<typeof withClaims<T>>[2]) => withClaims(db, claims, fn),
				storage: createLocalStorage({ db, root }, claims)
			}
		} as never;
	};
	const status = async (promise: unknown) => {
		try {
			const value = await promise;
			return value instanceof Response ? value.status : 200;
		} catch (thrown) {
			return (thrown as { status?: number }).status ?? 500;
		}
	};

	beforeAll(async () => {
		const d = database();
		[author, stranger, admin] = await Promise.all([
			createPersona(d, 'author'),
			createPersona(d, 'stranger'),
			createPersona(d, 'admin', { siteAdmin: true })
		]);
		const place = await d.db
			.insertInto('places')
			.values({ kind: 'school_district', name: 'Routes ISD', state_code: 'TX' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await d.db
			.insertInto('resolutions')
			.values([
				{
					slug: 'routes-published',
					place_id: place.id,
					title: 'Published',
					visibility: 'published',
					text: 'Hello <script>alert(1)</script> **world**',
					created_by: author.id
				},
				{ slug: 'routes-draft', place_id: place.id, title: 'Draft', created_by: author.id }
			])
			.execute();
	});

	it('renders a published page for anyone, with sanitized text', async () => {
		const data = (await load(eventFor(ANON, 'routes-published'))) as {
			resolution: { title: string };
			textHtml: string;
			pageUrl: string;
		};
		expect(data.resolution.title).toBe('Published');
		expect(data.textHtml).toContain('<strong>world</strong>');
		expect(data.textHtml).not.toContain('<script');
		expect(data.pageUrl).toBe('https://atlas.test/resolutions/routes-published');
		expect(data.resolution).not.toHaveProperty('text');
	});

	it('answers 404 for a draft to anon and strangers, the page to its author and admins', async () => {
		expect(await status(load(eventFor(ANON, 'routes-draft')))).toBe(404);
		expect(await status(load(eventFor(stranger.claims, 'routes-draft')))).toBe(404);
		expect(await status(load(eventFor(ANON, 'never-existed')))).toBe(404);
		expect(await status(load(eventFor(author.claims, 'routes-draft')))).toBe(200);
		expect(await status(load(eventFor(admin.claims, 'routes-draft')))).toBe(200);
	});

	it('gives JSON with a public ETag, but a draft only privately and only to its editors', async () => {
		const published = await getJson(eventFor(ANON, 'routes-published'));
		expect(published.status).toBe(200);
		expect(published.headers.get('cache-control')).toMatch(/^public, max-age=60/);
		expect(published.headers.get('etag')).toMatch(/^W\/"/);
		expect((await published.json()).slug).toBe('routes-published');

		const hidden = await getJson(eventFor(stranger.claims, 'routes-draft'));
		expect(hidden.status).toBe(404);
		const draft = await getJson(eventFor(author.claims, 'routes-draft'));
		expect(draft.status).toBe(200);
		expect(draft.headers.get('cache-control')).toBe('private, no-store');
		expect(draft.headers.get('etag')).toBeNull();
	});

	it('has no feed for a draft, even for its author', async () => {
		const path = '/resolutions/routes-draft/feed.atom';
		expect(await status(getFeed(eventFor(author.claims, 'routes-draft', path)))).toBe(404);
		const feed = await getFeed(
			eventFor(ANON, 'routes-published', '/resolutions/routes-published/feed.atom')
		);
		expect(feed.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
	});
});
