const PROBE_ORIGIN = 'http://same-site.invalid';

/**
 * True for a path on this site: starts with exactly one `/`, and resolving it against any origin
 * keeps that origin. Rejects `//host`, `/\host` (browsers read `\` as `/`), absolute and
 * scheme-relative URLs, and control characters and whitespace, which browsers strip before
 * parsing (so `/\t/host` would become `//host`).
 */
export function isSameSitePath(value: string): boolean {
	if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return false;
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(value)) return false;
	try {
		return new URL(value, PROBE_ORIGIN).origin === PROBE_ORIGIN;
	} catch {
		return false;
	}
}

/** A redirect target from user input, kept on this site; anything else becomes `fallback`. */
export function safeNextPath(value: unknown, fallback = '/'): string {
	return typeof value === 'string' && value.length <= 2000 && isSameSitePath(value)
		? value
		: fallback;
}
