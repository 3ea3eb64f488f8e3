import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { XSS_PAYLOADS } from '../../../../tests/fixtures/xss-payloads';
import { ORIGINALS } from '../../../../scripts/template-originals';
import {
	checkValues,
	cleanText,
	escapeHtml,
	isStale,
	type TemplateVariable
} from '../../templates/values';
import { fillSkeleton } from '../../templates/grammar';
import { toDocx } from './docx';
import {
	fillDocument,
	markdownToSafeHtml,
	renderSkeleton,
	type RenderableTemplate
} from './render';
import { contentProblems } from './schema';

const variables: TemplateVariable[] = [
	{ name: 'city', label: 'City', required: true, type: 'text' },
	{ name: 'count', label: 'Count', required: false, type: 'number' },
	{ name: 'on', label: 'Date', required: true, type: 'date' },
	{ name: 'officials', label: 'Officials', required: true, type: 'list' }
];

const template: RenderableTemplate = {
	title: 'Test',
	language: 'en',
	variables,
	facts: [
		{
			id: 'displaced',
			text: '123.2 million people were displaced',
			source_title: 'UNHCR Global Trends 2024',
			source_url: 'https://www.unhcr.org/global-trends-report-2024',
			as_of: '2024-12-31'
		}
	],
	body: [
		'# Welcome to {{city}}',
		'**WHEREAS**, {{fact:displaced}}; and',
		'**WHEREAS**, about {{count}} refugees live in {{city}};',
		'1. That {{city}} welcomes refugees, as of {{on}}.',
		'2. That a copy go to {{officials}}.'
	].join('\n\n')
};

const values = {
	city: 'Riverton',
	count: '3,400',
	on: '2027-01-12',
	officials: 'the Governor\nSenator Ada\nSenator Bo'
};

async function readBack(docx: Buffer) {
	const [{ value: html }, { value: text }] = await Promise.all([
		mammoth.convertToHtml({ buffer: docx }),
		mammoth.extractRawText({ buffer: docx })
	]);
	return { html, text };
}

describe('variable validation', () => {
	it('requires required values and checks types', () => {
		expect(checkValues(variables, {})).toEqual({
			city: 'required',
			on: 'required',
			officials: 'required'
		});
		expect(checkValues(variables, { ...values, count: 'many', on: '2027-02-30' })).toEqual({
			count: 'number',
			on: 'date'
		});
		expect(checkValues(variables, values)).toEqual({});
		expect(checkValues(variables, { ...values, count: '' })).toEqual({});
		expect(checkValues(variables, { ...values, city: '   ' })).toEqual({ city: 'required' });
		expect(checkValues(variables, { ...values, officials: '\n \n' })).toEqual({
			officials: 'required'
		});
		expect(checkValues(variables, { ...values, officials: 'a\n'.repeat(31) })).toEqual({
			officials: 'too_many'
		});
		expect(checkValues(variables, { ...values, city: 'x'.repeat(501) })).toEqual({
			city: 'too_long'
		});
		for (const number of ['12', '-3', '1,234,567', '3.5', '1.234,5']) {
			expect(checkValues(variables, { ...values, count: number }), number).toEqual({});
		}
	});

	it('flags facts older than 24 months', () => {
		expect(isStale('2024-12-31', '2026-11-25')).toBe(false);
		expect(isStale('2024-11-25', '2026-11-25')).toBe(false);
		expect(isStale('2024-11-24', '2026-11-25')).toBe(true);
		expect(isStale('2015-12-31', '2026-11-25')).toBe(true);
	});

	it('finds undeclared placeholders', () => {
		expect(contentProblems({ body: '{{nope}} {{fact:gone}}', variables, facts: [] })).toEqual([
			'The text uses an undeclared variable "nope".',
			'The text uses an undeclared fact "gone".'
		]);
	});
});

describe('filling a template', () => {
	it('writes values, dates, lists and cited facts into every format', async () => {
		const doc = fillDocument(template, values);
		expect(doc.text).toContain('WELCOME TO RIVERTON');
		expect(doc.text).toContain('as of January 12, 2027');
		expect(doc.text).toContain('the Governor, Senator Ada, and Senator Bo');
		expect(doc.text).toContain(
			'123.2 million people were displaced (Source: UNHCR Global Trends 2024 <https://www.unhcr.org/global-trends-report-2024>, as of December 31, 2024)'
		);
		expect(doc.markdown).not.toContain('{{');
		const { html, text } = await readBack(await toDocx(doc, 'en'));
		expect(html).toContain('<h1>Welcome to Riverton</h1>');
		expect(html).toMatch(/<ol><li>That Riverton welcomes refugees/);
		expect(html).toContain('<a href="https://www.unhcr.org/global-trends-report-2024">');
		expect(text).not.toContain('{{');
	});

	it('leaves out a line whose optional value is empty', () => {
		const doc = fillDocument(template, { ...values, count: '' });
		expect(doc.text).not.toContain('refugees live in');
		expect(fillDocument(template, values).text).toContain('about 3,400 refugees live in Riverton');
	});

	it('previews with escaped values and highlighted missing ones', () => {
		const skeleton = renderSkeleton(template);
		expect(skeleton).toContain('<h2>Welcome to \uE000city\uE001</h2>');
		const html = fillSkeleton(skeleton, variables, { city: '<b>Rivers & Co</b>' }, 'en');
		expect(html).toContain('<h2>Welcome to &lt;b&gt;Rivers &amp; Co&lt;/b&gt;</h2>');
		expect(html).toContain('<mark class="missing">[date]</mark>');
		expect(html).toContain('<mark class="optional">Count</mark>');
	});
});

// The app's one sanitizer (src/lib/server/markdown.ts).
const ALLOWED_TAGS = new Set([
	...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code'],
	...['em', 'strong', 'del', 's', 'sub', 'sup', 'ul', 'ol', 'li', 'a', 'abbr'],
	...['table', 'thead', 'tbody', 'tr', 'th', 'td'],
	// The preview's filled slots.
	'mark'
]);
const ALLOWED_ATTRIBUTES = new Set([
	'href',
	'rel',
	'start',
	'class',
	'id',
	'title',
	'align',
	'scope'
]);

/** Every real tag (escaped text has no `<`) is harmless: known tags, known attributes, safe links. */
function expectHarmless(html: string) {
	for (const [tag, name = '', attributes = ''] of html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)) {
		expect(ALLOWED_TAGS, tag).toContain(name.toLowerCase());
		for (const [, attribute = '', value = ''] of attributes.matchAll(
			/([^\s=/]+)(?:="([^"]*)")?/g
		)) {
			expect(ALLOWED_ATTRIBUTES, tag).toContain(attribute.toLowerCase());
			if (attribute === 'href') expect(value, tag).toMatch(/^(https?:\/\/|mailto:|#)/);
		}
	}
}

describe('an XSS corpus never becomes markup', () => {
	it(`has at least 50 payloads (${XSS_PAYLOADS.length})`, () => {
		expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(50);
	});

	it.each(XSS_PAYLOADS.map((payload, i) => [i + 1, payload]))(
		'payload %i in the template text is sanitized in HTML and plain text in Word',
		async (_, payload) => {
			const t: RenderableTemplate = {
				...template,
				body: `# Title\n\n${payload}\n\nWelcome {{city}}.`
			};
			const html = fillSkeleton(renderSkeleton(t), variables, values, 'en');
			expectHarmless(html);
			expectHarmless(markdownToSafeHtml(payload));
			const { html: wordHtml } = await readBack(await toDocx(fillDocument(t, values), 'en'));
			expectHarmless(wordHtml);
		}
	);

	it.each(XSS_PAYLOADS.map((payload, i) => [i + 1, payload]))(
		'payload %i as a value stays the exact text it was, in every output',
		async (_, payload) => {
			const filled = { ...values, city: payload };
			const typed = cleanText(payload);
			const html = fillSkeleton(renderSkeleton(template), variables, filled, 'en');
			expectHarmless(html);
			expect(html).toContain(`That ${escapeHtml(typed)} welcomes refugees`);
			const doc = fillDocument(template, filled);
			expect(doc.text).toContain(`That ${typed} welcomes refugees`);
			const { html: wordHtml, text } = await readBack(await toDocx(doc, 'en'));
			expectHarmless(wordHtml);
			expect(text).toContain(`That ${typed} welcomes refugees`);
		}
	);
});

describe('the original templates', () => {
	it('come in English and Spanish for every body type, plus letters', () => {
		const resolutions = ORIGINALS.filter((t) => t.kind === 'resolution');
		expect(resolutions).toHaveLength(10);
		expect(new Set(resolutions.map((t) => `${t.body_type}|${t.language}`)).size).toBe(10);
		expect(
			ORIGINALS.filter((t) => t.kind === 'letter')
				.map((t) => t.slug)
				.sort()
		).toEqual([
			'council-member-letter-en',
			'council-member-letter-es',
			'school-board-member-letter-en',
			'school-board-member-letter-es'
		]);
		for (const original of ORIGINALS) expect(contentProblems(original), original.slug).toEqual([]);
	});

	it.each(ORIGINALS.map((t) => [t.slug, t]))(
		'%s fills from its examples and reads back from Word with nothing left unfilled',
		async (_, original) => {
			const examples = Object.fromEntries(original.variables.map((v) => [v.name, v.example ?? '']));
			expect(checkValues(original.variables, examples)).toEqual({});
			const doc = fillDocument(original, examples);
			const { html, text } = await readBack(await toDocx(doc, original.language));
			expect(text).not.toContain('{{');
			expect(text).not.toMatch(/[\uE000\uE001]/);
			for (const variable of original.variables) {
				// Its article may merge with the template's words ("the the", "a el" → "al").
				const example = (variable.example ?? '').split('\n')[0]?.replace(/^(the|el)\s+/i, '');
				if (variable.type !== 'date') expect(text, variable.name).toContain(example ?? '');
			}
			if (original.kind === 'resolution') {
				expect(html).toMatch(/^<h1>/);
				expect(html).toContain('<ol><li>');
				expect(text).toContain(original.language === 'en' ? 'WHEREAS' : 'CONSIDERANDO');
			}
			if (original.language === 'es') expect(text).toMatch(/de 20\d\d/); // "12 de enero de 2027"
		}
	);
});
