/**
 * Markdown to safe HTML, the one way the app does it (resolution texts, templates, anything a
 * user writes in Markdown): marked renders, sanitize-html keeps only an allow-list of tags,
 * attributes and URL schemes, and every link is nofollow. Rendering costs ~0.35 ms a call and the
 * texts rarely change, so results are cached by content (a small LRU: the same text always
 * renders the same).
 */
import { createHash } from 'node:crypto';
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: false, async: false });

/** The highest heading level a text may use: the page's own headings sit above it. */
export type TopHeading = 2 | 3;

/**
 * Every heading moves one level down (the page has its own h1) and none goes above `top`: with
 * 2, h1 → h2 and h2 → h3 (a template keeps its title and sections apart); with 3, h1/h2 → h3,
 * h3 → h4, …; nothing below h6.
 */
function headingTransforms(top: TopHeading): sanitizeHtml.IOptions['transformTags'] {
	const level = (n: number) => `h${Math.min(6, Math.max(top, n + 1))}`;
	const to = (tagName: string) => () => ({ tagName, attribs: {} });
	return Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`h${n}`, to(level(n))]));
}

const BASE: sanitizeHtml.IOptions = {
	allowedTags: [
		'p',
		'br',
		'hr',
		'h2',
		'h3',
		'h4',
		'h5',
		'h6',
		'blockquote',
		'pre',
		'code',
		'em',
		'strong',
		'del',
		's',
		'sub',
		'sup',
		'ul',
		'ol',
		'li',
		'a',
		'table',
		'thead',
		'tbody',
		'tr',
		'th',
		'td',
		'abbr'
	],
	allowedAttributes: {
		a: ['href', 'title', 'rel'],
		ol: ['start'],
		th: ['align', 'scope'],
		td: ['align'],
		abbr: ['title']
	},
	allowedSchemes: ['http', 'https', 'mailto'],
	allowedSchemesAppliedToAttributes: ['href'],
	allowProtocolRelative: false,
	disallowedTagsMode: 'discard'
};

const link = (tagName: string, attribs: sanitizeHtml.Attributes) => ({
	tagName,
	attribs: { ...attribs, rel: 'nofollow noopener noreferrer ugc' }
});

const SANITIZE: Record<TopHeading, sanitizeHtml.IOptions> = {
	2: { ...BASE, transformTags: { ...headingTransforms(2), a: link } },
	3: { ...BASE, transformTags: { ...headingTransforms(3), a: link } }
};

const CACHE_SIZE = 500;
const cache = new Map<string, string>();

/**
 * Safe HTML for a Markdown text; '' for none. `top` is the highest heading the text may use: 3
 * on a resolution's page (which has its own h1 and h2), 2 where the page has only an h1.
 */
export function renderMarkdown(markdown: string | null | undefined, top: TopHeading = 3): string {
	if (!markdown || markdown.trim() === '') return '';
	const key = `${top}:${createHash('sha256').update(markdown).digest('base64url')}`;
	const hit = cache.get(key);
	if (hit !== undefined) {
		// Refresh its place: Map keeps insertion order, the oldest entry goes first.
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	const html = sanitizeHtml(marked.parse(markdown) as string, SANITIZE[top]).trim();
	cache.set(key, html);
	if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
	return html;
}

/** For tests and benchmarks. */
export function markdownCacheSize(): number {
	return cache.size;
}

/** The text of some HTML, every tag dropped (entities are left for the caller to decode). */
export function htmlToPlainText(html: string): string {
	return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} });
}
