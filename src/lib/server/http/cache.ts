import { createHash } from 'node:crypto';

export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

/** A weak validator for a public representation: what the data was (version) and what was asked. */
export function publicEtag(version: string, ...parts: string[]): string {
	const hash = createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 16);
	return `W/"${version}-${hash}"`;
}

/** Whether an If-None-Match header names this validator (weak comparison, as for GET). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
	if (!ifNoneMatch) return false;
	const bare = (tag: string) => tag.trim().replace(/^W\//, '');
	return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * Answers 304 when the client already holds this version, otherwise builds the body. Public data
 * only: the response may be cached by anyone.
 */
export async function cachedPublicResponse(
	request: Request,
	etag: string,
	headers: Record<string, string>,
	build: () => Promise<BodyInit> | BodyInit
): Promise<Response> {
	const common = { ETag: etag, 'Cache-Control': PUBLIC_CACHE_CONTROL, Vary: 'Accept-Encoding' };
	if (etagMatches(request.headers.get('if-none-match'), etag)) {
		return new Response(null, { status: 304, headers: common });
	}
	return new Response(await build(), { headers: { ...headers, ...common } });
}
