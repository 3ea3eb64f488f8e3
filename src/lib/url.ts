const PROBE_ORIGIN = 'http://same-site.invalid';

/** Longest `next` kept, before and after encoding: a Location header past a proxy's buffer fails. */
const MAX_PATH_LENGTH = 2000;

/** Printable ASCII: what a header value (a redirect's Location) can carry as it is. */
const PRINTABLE_ASCII = /^[\u0021-\u007e]*$/;

/** Control characters and whitespace, which browsers strip before parsing a URL. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/;

/**
 * True for a path on this site that can be sent as a redirect as it is: printable ASCII only,
 * starts with exactly one `/`, and resolving it against any origin keeps that origin. Rejects
 * `//host`, `/\host` (browsers read `\` as `/`), absolute and scheme-relative URLs, control
 * characters and whitespace (browsers strip them before parsing, so `/\t/host` would become
 * `//host`), and anything non-ASCII (a header cannot carry it: SvelteKit's `redirect()` would
 * fail with a 500; see safeNextPath, which encodes it first).
 */
export function isSameSitePath(value: string): boolean {
	if (!PRINTABLE_ASCII.test(value)) return false;
	if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return false;
	try {
		return new URL(value, PROBE_ORIGIN).origin === PROBE_ORIGIN;
	} catch {
		return false;
	}
}

/**
 * Non-ASCII characters percent-encoded as UTF-8, as a browser does when it requests the path
 * (`/。x` → `/%E3%80%82x`); everything else kept as written. Undefined for a lone surrogate,
 * which has no UTF-8 form. Encoding adds only `%XX` triplets, so it cannot create a `/` or `\`.
 */
function encodeNonAscii(value: string): string | undefined {
	try {
		return value.replace(/[\u0080-\uffff]+/g, encodeURIComponent);
	} catch {
		return undefined;
	}
}

/**
 * A redirect target from user input, kept on this site and ready for a Location header (see
 * isSameSitePath; non-ASCII is percent-encoded first, control characters and whitespace are
 * refused before that); anything else, or anything longer than 2,000 characters before or after
 * encoding, becomes `fallback`.
 */
export function safeNextPath(value: unknown, fallback = '/'): string {
	if (typeof value !== 'string' || value.length > MAX_PATH_LENGTH || INVISIBLE.test(value)) {
		return fallback;
	}
	const path = encodeNonAscii(value);
	return path !== undefined && path.length <= MAX_PATH_LENGTH && isSameSitePath(path)
		? path
		: fallback;
}
