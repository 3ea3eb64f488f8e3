import { describe, expect, it } from 'vitest';
import { markdownCacheSize, renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
	it('renders Markdown to HTML, shifting headings below the page headings', () => {
		const html = renderMarkdown(
			'# Whereas\n\nThe **city** welcomes [refugees](https://example.org).'
		);
		expect(html).toContain('<h3>Whereas</h3>');
		expect(html).toContain('<strong>city</strong>');
		expect(html).toContain(
			'<a href="https://example.org" rel="nofollow noopener noreferrer ugc">refugees</a>'
		);
	});

	it('keeps a document title above its sections where the page has only an h1', () => {
		const html = renderMarkdown('# A Resolution\n\n## Adoption\n\n### Votes', 2);
		expect(html).toBe('<h2>A Resolution</h2>\n<h3>Adoption</h3>\n<h4>Votes</h4>');
		expect(renderMarkdown('## Whereas\n\n### Further', 3)).toBe(
			'<h3>Whereas</h3>\n<h4>Further</h4>'
		);
	});

	it('strips scripts, event handlers and javascript: links', () => {
		const html = renderMarkdown(
			[
				'Hello <script>alert(1)</script>',
				'',
				'<img src="x" onerror="alert(2)">',
				'',
				'<a href="javascript:alert(3)" onclick="alert(4)">click</a>',
				'',
				'[md link](javascript:alert(5)) and [data](data:text/html;base64,PHNjcmlwdD4=)',
				'',
				'<iframe src="https://evil.example"></iframe><style>body{}</style>'
			].join('\n')
		);
		expect(html).not.toMatch(/<script/i);
		expect(html).not.toMatch(/alert\(1\)/);
		expect(html).not.toMatch(/onerror|onclick/i);
		expect(html).not.toMatch(/javascript:/i);
		expect(html).not.toMatch(/data:text/i);
		expect(html).not.toMatch(/<img|<iframe|<style/i);
		expect(html).toContain('click');
	});

	it('returns an empty string for no text and caches what it renders', () => {
		expect(renderMarkdown(null)).toBe('');
		expect(renderMarkdown('   ')).toBe('');
		const text = `cached ${Math.random()}`;
		const first = renderMarkdown(text);
		const size = markdownCacheSize();
		expect(renderMarkdown(text)).toBe(first);
		expect(markdownCacheSize()).toBe(size);
	});
});
