import type { ParamMatcher } from '@sveltejs/kit';

/**
 * A resolution's or template's slug as the database allows it (the `slug` check constraints in
 * supabase/migrations): lowercase letters and digits in hyphen-joined words, at most 120
 * characters. Anything else cannot name a row, so the router answers 404 before a load runs —
 * and a NUL or other control character never reaches PostgreSQL (which refuses it with an error).
 */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_LENGTH = 120;

export const match = ((param: string): param is string =>
	param.length <= MAX_LENGTH && SLUG.test(param)) satisfies ParamMatcher;
