// @ts-check
/**
 * The security headers every response carries, in one place. The production server
 * (server/index.js) puts them on everything it sends — static files and `_app/immutable` assets
 * included, which adapter-node serves before any SvelteKit hook runs, and redirects and errors
 * thrown from hooks, which skip the hooks after them. `src/hooks.server.ts` adds them to
 * SvelteKit's responses as well (so `vite dev` has them too), with the per-page ones.
 */

/**
 * For every response that is not a page SvelteKit rendered with `kit.csp`'s policy (redirects,
 * JSON, feeds, files, fallback error pages): it may load nothing and be framed by nobody.
 */
export const STRICT_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Two years, subdomains included: sent only when the site's own origin is https. */
export const HSTS = 'max-age=63072000; includeSubDomains';

/**
 * The headers each response gets unless it already has its own value for one.
 *
 * @param {{ https: boolean }} site whether the site's origin (ORIGIN) is https
 * @returns {[string, string][]}
 */
export function baselineHeaders({ https }) {
	/** @type {[string, string][]} */
	const headers = [
		['X-Content-Type-Options', 'nosniff'],
		['Referrer-Policy', 'strict-origin-when-cross-origin'],
		['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'],
		['Cross-Origin-Opener-Policy', 'same-origin'],
		['Content-Security-Policy', STRICT_CSP]
	];
	// Never over http: a browser ignores it there, and a proxy in front might not be https.
	if (https) headers.push(['Strict-Transport-Security', HSTS]);
	return headers;
}

/**
 * True when `origin` (the ORIGIN variable) is an https URL.
 *
 * @param {string | undefined} origin
 */
export function isHttpsOrigin(origin) {
	if (!origin) return false;
	try {
		return new URL(origin).protocol === 'https:';
	} catch {
		return false;
	}
}

/**
 * Node middleware: sets the baseline headers on the response before anything else handles it.
 * Whatever comes later — SvelteKit's own headers (its CSP on pages), sirv's for static files —
 * replaces a value with its own, and every header no one else sets stays.
 *
 * @param {{ https: boolean }} site
 * @returns {(res: import('node:http').ServerResponse) => void}
 */
export function securityHeaders(site) {
	const headers = baselineHeaders(site);
	return (res) => {
		for (const [name, value] of headers) res.setHeader(name, value);
	};
}
