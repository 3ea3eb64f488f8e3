/**
 * Public pages as anonymous visitors see them, rendered once per publication version.
 *
 * What is cached: the whole response (status 200, HTML, headers and — when the visitor accepts
 * gzip — the compressed body) of a public page (`isPublicPagePath`) asked for with GET by a
 * visitor who carries no cookie but the theme and language preferences. Anything else (a session
 * cookie, a half-finished sign-up, a POST) goes past the cache and is never stored.
 *
 * Key: publication version × locale × theme × encoding × the full URL (origin, path and query).
 * The theme is in the key because the server renders it into the HTML (`<html data-theme>`, the
 * theme switcher's checked option), so that it works without JavaScript.
 *
 * Invalidation: the publication version lives in the database (`private.publication_version()`,
 * moved by triggers whenever anything public changes), so every app instance sees a change the
 * next time it reads the version — at most `versionTtlMs` later. A write answered by this
 * instance (any method but GET/HEAD/OPTIONS) drops everything and re-reads the version at once,
 * so its own visitors never see a page older than their last form. What the version does not
 * track (the "I sent it" count, a campaign's documents in storage) is re-rendered after
 * `maxAgeMs` at the latest.
 *
 * Headers: a cached page goes out with `Cache-Control: public, no-cache` (any cache may keep it,
 * but must ask again each time), an ETag naming version × locale × theme × URL × when it was
 * rendered, and `Vary: Cookie, Accept-Language` (plus `Accept-Encoding` from compression) so a
 * shared cache never hands it to a signed-in visitor. If-None-Match with that ETag gets a 304.
 */
import { etagMatches, publicEtag } from './cache';

export const PAGE_CACHE_CONTROL = 'public, no-cache';
const PAGE_VARY = ['Cookie', 'Accept-Language'];

/** The pages whose anonymous view is the same for everyone: the list, resolutions, templates. */
export function isPublicPagePath(pathname: string): boolean {
	return (
		pathname === '/' ||
		pathname === '/templates' ||
		/^\/resolutions\/[^/]+$/.test(pathname) ||
		/^\/templates\/[^/]+$/.test(pathname)
	);
}

/**
 * Whether the request's cookies are only the named preferences (or none). An allow-list: a
 * session cookie of either auth mode, a sign-up in progress or anything we do not know makes the
 * visitor someone whose page may differ.
 */
export function carriesOnly(cookieHeader: string | null, allowed: readonly string[]): boolean {
	if (!cookieHeader) return true;
	return cookieHeader.split(';').every((pair) => {
		const name = pair.split('=')[0]?.trim() ?? '';
		return name === '' || allowed.includes(name);
	});
}

/** Methods that change nothing (RFC 9110 safe methods). */
export function isSafeMethod(method: string): boolean {
	return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/** What, besides the URL, decides the page: the request's resolved locale and theme. */
export interface PageVariant {
	locale: string;
	theme: string;
}

export interface PageCacheOptions {
	/** Reads the database's publication version (as anon: it reveals only that something moved). */
	readVersion: () => Promise<string>;
	/** How long a read of the version is trusted (other instances' changes show after this). */
	versionTtlMs?: number;
	/** The longest a page is served from the cache, for what the version does not track. */
	maxAgeMs?: number;
	/** Bounds of the least-recently-used store. */
	maxEntries?: number;
	maxBytes?: number;
	now?: () => number;
}

interface CachedPage {
	status: number;
	headers: [string, string][];
	body: Uint8Array<ArrayBuffer>;
	etag: string;
	storedAt: number;
}

export class PageCache {
	private readonly readVersion: () => Promise<string>;
	private readonly versionTtlMs: number;
	private readonly maxAgeMs: number;
	private readonly maxEntries: number;
	private readonly maxBytes: number;
	private readonly now: () => number;
	private readonly pages = new Map<string, CachedPage>();
	private readonly inflight = new Map<string, Promise<CachedPage | null>>();
	private bytes = 0;
	private version: string | null = null;
	private checkedAt = 0;
	private checking: Promise<string> | null = null;
	/** Moves on `forget`: a render that started before a local write must not be stored. */
	private generation = 0;
	/** How many pages were rendered to be stored (tests). */
	renders = 0;

	constructor(options: PageCacheOptions) {
		this.readVersion = options.readVersion;
		this.versionTtlMs = options.versionTtlMs ?? 1000;
		this.maxAgeMs = options.maxAgeMs ?? 30_000;
		this.maxEntries = options.maxEntries ?? 1000;
		this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
		this.now = options.now ?? (() => performance.now());
	}

	/** How many pages are held, and their bytes (tests and logs). */
	get size(): { entries: number; bytes: number } {
		return { entries: this.pages.size, bytes: this.bytes };
	}

	/**
	 * The publication version, read at most every `versionTtlMs` (one read for many requests).
	 * Once known, an expired read is refreshed in the background while requests go on with the
	 * last one: a change shows at most one TTL plus one read later, and no request waits for the
	 * database except the first after a start or a local write.
	 */
	currentVersion(): Promise<string> | string {
		const known = this.version;
		if (known !== null && this.now() - this.checkedAt < this.versionTtlMs) return known;
		const generation = this.generation;
		this.checking ??= this.readVersion()
			.then((version) => {
				// A read that began before a local write may predate it: use it, but do not trust it.
				if (generation === this.generation) {
					this.version = version;
					this.checkedAt = this.now();
				}
				return version;
			})
			.finally(() => {
				if (generation === this.generation) this.checking = null;
			});
		if (known !== null) {
			// Failures are the next request's to see (it reads again); nobody waits for this one.
			this.checking.catch(() => {});
			return known;
		}
		return this.checking;
	}

	/** After a write answered here: nothing held may be current any more. */
	forget(): void {
		this.generation++;
		this.pages.clear();
		this.inflight.clear();
		this.bytes = 0;
		this.version = null;
		this.checking = null;
	}

	/**
	 * The page for an anonymous GET: from the cache (or a 304) when it holds a current copy,
	 * otherwise rendered by `render` and stored if it is a plain 200 HTML page. Concurrent misses
	 * for one key wait for a single render.
	 */
	async respond(
		request: Request,
		variant: PageVariant,
		render: () => Promise<Response>
	): Promise<Response> {
		let version: string;
		try {
			version = await this.currentVersion();
		} catch {
			// The database away: the page itself will say so (503), uncached.
			return render();
		}
		const encoding = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')
			? 'gzip'
			: 'identity';
		const key = [version, variant.locale, variant.theme, encoding, request.url].join('\n');
		let page = this.lookup(key);
		if (!page) {
			const flight = this.inflight.get(key);
			if (flight) page = (await flight) ?? undefined;
			else {
				const { response, stored } = await this.renderAndStore(
					key,
					version,
					variant,
					request,
					render
				);
				if (!stored) return response;
				page = stored;
			}
			if (!page) return render();
		}
		if (etagMatches(request.headers.get('if-none-match'), page.etag)) {
			return new Response(null, { status: 304, headers: validatorHeaders(page) });
		}
		// The Response copies the bytes (fetch's body extraction), so the cached ones stay whole.
		return new Response(page.body, { status: page.status, headers: page.headers });
	}

	private lookup(key: string): CachedPage | undefined {
		const page = this.pages.get(key);
		if (!page) return undefined;
		if (this.now() - page.storedAt >= this.maxAgeMs) {
			this.drop(key, page);
			return undefined;
		}
		// Most recently used last.
		this.pages.delete(key);
		this.pages.set(key, page);
		return page;
	}

	private async renderAndStore(
		key: string,
		version: string,
		variant: PageVariant,
		request: Request,
		render: () => Promise<Response>
	): Promise<{ response: Response; stored?: CachedPage }> {
		const generation = this.generation;
		let settle: (page: CachedPage | null) => void = () => {};
		this.inflight.set(key, new Promise((resolve) => (settle = resolve)));
		try {
			const response = await render();
			if (!isStorable(response)) {
				settle(null);
				return { response };
			}
			const storedAt = this.now();
			const headers = new Headers(response.headers);
			const etag = publicEtag(version, variant.locale, variant.theme, request.url, `${storedAt}`);
			headers.set('ETag', etag);
			headers.set('Cache-Control', PAGE_CACHE_CONTROL);
			for (const name of PAGE_VARY) headers.append('Vary', name);
			const page: CachedPage = {
				status: response.status,
				headers: [...headers],
				body: new Uint8Array(await response.arrayBuffer()),
				etag,
				storedAt
			};
			this.renders++;
			if (generation === this.generation) this.store(key, page);
			settle(page);
			return { response, stored: page };
		} catch (error) {
			settle(null);
			throw error;
		} finally {
			if (generation === this.generation) this.inflight.delete(key);
		}
	}

	private store(key: string, page: CachedPage): void {
		if (page.body.byteLength > this.maxBytes) return;
		const old = this.pages.get(key);
		if (old) this.drop(key, old);
		this.pages.set(key, page);
		this.bytes += page.body.byteLength;
		while (this.pages.size > this.maxEntries || this.bytes > this.maxBytes) {
			const oldest = this.pages.entries().next().value;
			if (!oldest) break;
			this.drop(oldest[0], oldest[1]);
		}
	}

	private drop(key: string, page: CachedPage): void {
		this.pages.delete(key);
		this.bytes -= page.body.byteLength;
	}
}

/** A plain page for everyone: 200 HTML that sets no cookie and has not asked to stay private. */
function isStorable(response: Response): boolean {
	return (
		response.status === 200 &&
		(response.headers.get('content-type') ?? '').startsWith('text/html') &&
		response.headers.getSetCookie().length === 0 &&
		!response.headers.has('cache-control')
	);
}

/** What a 304 repeats of the page it stands for (RFC 9110 §15.4.5). */
function validatorHeaders(page: CachedPage): Headers {
	const all = new Headers(page.headers);
	const headers = new Headers();
	for (const name of ['ETag', 'Cache-Control', 'Vary', 'Content-Location', 'Date', 'Expires']) {
		const value = all.get(name);
		if (value !== null) headers.set(name, value);
	}
	return headers;
}

// The app's one page cache, held on globalThis like the map cache; hooks.server.ts creates it at
// start with a version reader that runs as anon.
const KEY = Symbol.for('welcome-atlas.page-cache');
type Holder = { [KEY]?: PageCache };

export function setPublicPageCache(options: PageCacheOptions): PageCache {
	const cache = new PageCache(options);
	(globalThis as Holder)[KEY] = cache;
	return cache;
}

/** The cache, or undefined where none was set up (development: pages change with the code). */
export function publicPageCache(): PageCache | undefined {
	return (globalThis as Holder)[KEY];
}
