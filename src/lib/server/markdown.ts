/**
 * Markdown (resolution texts) to safe HTML: marked renders, sanitize-html keeps only an allow-list
 * of tags, attributes and URL schemes. Rendering costs ~0.35 ms a call and the texts rarely
 * change, so results are cached by content (a small LRU: the same text always renders the same).
 */
import { createHash } from 'node:crypto';
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: false, async: false });

/** The text's own headings sit below the page's h1 and h2: h1/h2 → h3, h3 → h4, … */
const shiftHeading = (to: string) => () => ({ tagName: to, attribs: {} });

const SANITIZE: sanitizeHtml.IOptions = {
	allowedTags: [
		'p',
		'br',
		'hr',
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
	disallowedTagsMode: 'discard',
	transformTags: {
		h1: shiftHeading('h3'),
		h2: shiftHeading('h3'),
		h3: shiftHeading('h4'),
		h4: shiftHeading('h5'),
		h5: shiftHeading('h6'),
		a: (tagName, attribs) => ({
			tagName,
			attribs: { ...attribs, rel: 'nofollow noopener noreferrer ugc' }
		})
	}
};

const CACHE_SIZE = 500;
const cache = new Map<string, string>();

/** Safe HTML for a Markdown text; '' for none. */
export function renderMarkdown(markdown: string | null | undefined): string {
	if (!markdown || markdown.trim() === '') return '';
	const key = createHash('sha256').update(markdown).digest('base64url');
	const hit = cache.get(key);
	if (hit !== undefined) {
		// Refresh its place: Map keeps insertion order, the oldest entry goes first.
		cache.delete(key);
		cache.set(key, hit);
		return hit;
	}
	const html = sanitizeHtml(marked.parse(markdown) as string, SANITIZE).trim();
	cache.set(key, html);
	if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
	return html;
}

/** For tests and benchmarks. */
export function markdownCacheSize(): number {
	return cache.size;
}
