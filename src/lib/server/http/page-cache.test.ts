import { describe, expect, it } from 'vitest';
import { carriesOnly, isPublicPagePath, isSafeMethod, PageCache } from './page-cache';

const URL_A = 'http://atlas.test/resolutions/fargo-welcomes';
const EN = { locale: 'en', theme: 'system' };

/** A page cache over a version we move by hand, on a clock we move by hand. */
function setup(options: { versionTtlMs?: number; maxAgeMs?: number; maxEntries?: number } = {}) {
	const state = { version: '1', reads: 0, time: 0, renders: 0 };
	const cache = new PageCache({
		readVersion: async () => {
			state.reads++;
			return state.version;
		},
		now: () => state.time,
		...options
	});
	const html = (body: string, headers: Record<string, string> = {}) => {
		state.renders++;
		return new Response(body, { headers: { 'content-type': 'text/html', ...headers } });
	};
	const get = (url = URL_A, headers: Record<string, string> = {}) => new Request(url, { headers });
	return { state, cache, html, get };
}

describe('which requests the page cache serves', () => {
	it('takes only the public pages', () => {
		for (const path of ['/', '/templates', '/resolutions/a-b', '/templates/x']) {
			expect(isPublicPagePath(path), path).toBe(true);
		}
		for (const path of ['/login', '/organize', '/resolutions/a/feed.atom', '/groups/1', '/api']) {
			expect(isPublicPagePath(path), path).toBe(false);
		}
	});

	it('takes visitors whose cookies are preferences only', () => {
		const prefs = ['theme', 'lang'];
		expect(carriesOnly(null, prefs)).toBe(true);
		expect(carriesOnly('theme=dark; lang=es', prefs)).toBe(true);
		expect(carriesOnly('wa_session=abc', prefs)).toBe(false);
		expect(carriesOnly('theme=dark; sb-ref-auth-token=base64-xyz', prefs)).toBe(false);
		expect(carriesOnly('lang=es; something=else', prefs)).toBe(false);
	});

	it('calls only GET, HEAD and OPTIONS safe', () => {
		expect(['GET', 'HEAD', 'OPTIONS'].every(isSafeMethod)).toBe(true);
		expect(['POST', 'PUT', 'PATCH', 'DELETE'].some(isSafeMethod)).toBe(false);
	});
});

describe('PageCache', () => {
	it('renders once per version and answers a held ETag with 304', async () => {
		const { state, cache, html, get } = setup();
		const first = await cache.respond(get(), EN, async () => html('<p>one</p>'));
		const etag = first.headers.get('etag') ?? '';
		expect(await first.text()).toBe('<p>one</p>');
		expect(etag).toMatch(/^W\/"1-/);
		expect(first.headers.get('cache-control')).toBe('public, no-cache');
		expect(first.headers.get('vary')).toContain('Cookie');

		const again = await cache.respond(get(), EN, async () => html('<p>two</p>'));
		expect(await again.text()).toBe('<p>one</p>');
		expect(again.headers.get('etag')).toBe(etag);

		const conditional = await cache.respond(get(URL_A, { 'if-none-match': etag }), EN, () => {
			throw new Error('a current copy needs no render');
		});
		expect(conditional.status).toBe(304);
		expect(conditional.headers.get('etag')).toBe(etag);
		expect(state.renders).toBe(1);
	});

	it('renders again once the publication version has moved, and drops the old ETag', async () => {
		const { state, cache, html, get } = setup({ versionTtlMs: 1000 });
		const first = await cache.respond(get(), EN, async () => html('old'));
		const etag = first.headers.get('etag') ?? '';
		state.version = '2';
		state.time = 500;
		// Within the time a read is trusted, the version is not read again.
		expect(await (await cache.respond(get(), EN, async () => html('new'))).text()).toBe('old');
		expect(state.reads).toBe(1);
		// Once expired, the read is refreshed behind the request that noticed, which goes on with
		// the version it had; the next one has the new version.
		state.time = 1000;
		const noticed = await cache.respond(get(URL_A, { 'if-none-match': etag }), EN, async () =>
			html('new')
		);
		expect(noticed.status).toBe(304);
		await new Promise((resolve) => setTimeout(resolve, 0));
		const moved = await cache.respond(get(URL_A, { 'if-none-match': etag }), EN, async () =>
			html('new')
		);
		expect(moved.status).toBe(200);
		expect(await moved.text()).toBe('new');
		expect(moved.headers.get('etag')).toMatch(/^W\/"2-/);
		expect(state.reads).toBe(2);
	});

	it('renders without the cache while the version cannot be read (the database away)', async () => {
		const cache = new PageCache({
			readVersion: async () => {
				throw new Error('connection refused');
			}
		});
		const make = async () => new Response('page', { headers: { 'content-type': 'text/html' } });
		const response = await cache.respond(new Request(URL_A), EN, make);
		expect(await response.text()).toBe('page');
		expect(response.headers.get('etag')).toBeNull();
		expect(cache.size.entries).toBe(0);
	});

	it('keeps each locale, theme, encoding and URL apart', async () => {
		const { state, cache, html, get } = setup();
		const page = (request: Request, variant: typeof EN) =>
			cache.respond(request, variant, async () => html(`${variant.locale}-${variant.theme}`));
		await page(get(), EN);
		expect(await (await page(get(), { locale: 'es', theme: 'system' })).text()).toBe('es-system');
		expect(await (await page(get(), { locale: 'en', theme: 'dark' })).text()).toBe('en-dark');
		await page(get(URL_A, { 'accept-encoding': 'gzip' }), EN);
		await page(get(`${URL_A}?page=2`), EN);
		await page(get('http://elsewhere.test/resolutions/fargo-welcomes'), EN);
		expect(state.renders).toBe(6);
		await page(get(), EN);
		expect(state.renders).toBe(6);
	});

	it('never stores what is not a plain public page', async () => {
		const { state, cache, html, get } = setup();
		const refusals: (() => Response)[] = [
			() => html('x', { 'set-cookie': 'a=b' }),
			() => html('x', { 'cache-control': 'private, no-store' }),
			() => new Response('missing', { status: 404, headers: { 'content-type': 'text/html' } }),
			() => new Response('{}', { headers: { 'content-type': 'application/json' } })
		];
		for (const make of refusals) {
			const first = await cache.respond(get(), EN, async () => make());
			expect(first.headers.get('etag')).toBeNull();
			await cache.respond(get(), EN, async () => make());
		}
		expect(cache.size.entries).toBe(0);
		expect(state.renders).toBe(4);
	});

	it('renders once for many visitors arriving together', async () => {
		const { cache, html, get } = setup();
		let renders = 0;
		const slow = async () => {
			renders++;
			await new Promise((resolve) => setTimeout(resolve, 10));
			return html('shared');
		};
		const bodies = await Promise.all(
			Array.from({ length: 20 }, () => cache.respond(get(), EN, slow).then((r) => r.text()))
		);
		expect(new Set(bodies)).toEqual(new Set(['shared']));
		expect(renders).toBe(1);
	});

	it('forgets everything after a local write, including a render that began before it', async () => {
		const { state, cache, html, get } = setup();
		await cache.respond(get(), EN, async () => html('before'));
		let release: () => void = () => {};
		const started = cache.respond(get(`${URL_A}?x`), EN, async () => {
			await new Promise<void>((resolve) => (release = resolve));
			return html('rendered across the write');
		});
		await new Promise((resolve) => setTimeout(resolve, 0));
		cache.forget();
		release();
		expect(await (await started).text()).toBe('rendered across the write');
		expect(cache.size.entries).toBe(0);
		const readsBefore = state.reads;
		expect(await (await cache.respond(get(), EN, async () => html('after'))).text()).toBe('after');
		expect(state.reads).toBe(readsBefore + 1);
	});

	it('renders again after maxAgeMs, for what the version does not track', async () => {
		const { state, cache, html, get } = setup({ maxAgeMs: 30_000, versionTtlMs: 60_000 });
		await cache.respond(get(), EN, async () => html('count 1'));
		state.time = 29_999;
		expect(await (await cache.respond(get(), EN, async () => html('count 2'))).text()).toBe(
			'count 1'
		);
		state.time = 30_000;
		expect(await (await cache.respond(get(), EN, async () => html('count 2'))).text()).toBe(
			'count 2'
		);
	});

	it('holds at most maxEntries pages, dropping the least recently used', async () => {
		const { state, cache, html, get } = setup({ maxEntries: 2 });
		const page = (n: number) => cache.respond(get(`${URL_A}?n=${n}`), EN, async () => html(`${n}`));
		await page(1);
		await page(2);
		await page(1); // 1 is now the most recent
		await page(3); // evicts 2
		expect(cache.size.entries).toBe(2);
		const before = state.renders;
		await page(1);
		expect(state.renders).toBe(before);
		await page(2);
		expect(state.renders).toBe(before + 1);
	});
});
