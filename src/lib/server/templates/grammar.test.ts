/**
 * Every shipped template × both languages × representative values, read back from every output
 * (live preview, Markdown, text, Word), checked for the slips a council clerk would notice:
 * doubled articles, uncontracted "a el"/"de el", holes left by empty values, double spaces.
 */
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { ORIGINALS, type OriginalTemplate } from '../../../../scripts/template-originals';
import { fillSkeleton, fitValue, withPreposition } from '../../templates/grammar';
import type { TemplateVariable } from '../../templates/values';
import { htmlToPlainText } from '../markdown';
import { toDocx } from './docx';
import { fillDocument, markdownToSafeHtml, renderSkeleton } from './render';

type Values = Record<string, string>;

const examples = (t: OriginalTemplate): Values =>
	Object.fromEntries(t.variables.map((v) => [v.name, v.example ?? '']));

const ARTICLE = /^(the|el|la|los|las)\s+/i;

/** Each line of each text value, with or without its leading article, or capitalized. */
function mapLines(values: Values, t: OriginalTemplate, change: (line: string) => string): Values {
	return Object.fromEntries(
		Object.entries(values).map(([name, value]) => {
			const variable = t.variables.find((v) => v.name === name);
			if (variable?.type !== 'text' && variable?.type !== 'list') return [name, value];
			return [name, value.split('\n').map(change).join('\n')];
		})
	);
}

const capitalized = (line: string) => line.charAt(0).toUpperCase() + line.slice(1);

/** What a draft started from /organize/new has: the place and nothing else. */
function draftOnly(t: OriginalTemplate): Values {
	return { community_name: examples(t).community_name ?? '' };
}

const VALUE_SETS: [string, (t: OriginalTemplate) => Values, { blanks: boolean }][] = [
	['the fields’ own examples', examples, { blanks: false }],
	[
		'names without their article',
		(t) => mapLines(examples(t), t, (line) => line.replace(ARTICLE, '')),
		{ blanks: false }
	],
	[
		'names with a capitalized article',
		(t) => mapLines(examples(t), t, capitalized),
		{ blanks: false }
	],
	['a draft with only the place', draftOnly, { blanks: true }]
];

function decode(text: string): string {
	return text
		.replace(/&amp;/g, '&')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&nbsp;/g, '\u00a0');
}

/** The slips, as readable strings (an empty list when the text reads right). */
function slips(text: string): string[] {
	const found: string[] = [];
	const patterns: [string, RegExp][] = [
		['doubled word', /(?<!\p{L})(\p{L}+)\s+\1(?!\p{L})/giu],
		['two articles', /(?<!\p{L})(the|el|la|los|las)\s+(the|el|la|los|las)(?!\p{L})/giu],
		['uncontracted a/de el', /(?<!\p{L})(a|de)\s+el(?!\p{L})/giu],
		['space before punctuation', /\p{L}\s+[.,;:](?!\p{L})/gu],
		['empty clause', /(?<!\p{L})(including|como|on|about|unas|to)\s*[.,;:]/giu],
		['empty brackets', /\(\s*\)|\[\s*\]/g],
		['double space', /\S {2,}\S/g],
		['unfilled placeholder', /\{\{|\}\}|[\uE000\uE001]/g]
	];
	for (const [name, pattern] of patterns) {
		for (const match of text.matchAll(pattern)) {
			const at = match.index ?? 0;
			found.push(`${name}: …${text.slice(Math.max(0, at - 30), at + match[0].length + 30)}…`);
		}
	}
	return found;
}

const normalize = (text: string) => decode(text).replace(/\s+/g, ' ').trim();

describe.each(ORIGINALS.map((t) => [t.slug, t] as const))('%s', (_, template) => {
	it.each(VALUE_SETS)('reads right filled with %s, in every output', async (_, make, opts) => {
		const values = make(template);
		const doc = fillDocument(template, values);
		const preview = normalize(
			htmlToPlainText(
				fillSkeleton(renderSkeleton(template), template.variables, values, template.language)
			)
		);
		const word = (await mammoth.extractRawText({ buffer: await toDocx(doc, template.language) }))
			.value;
		for (const [output, text] of [
			['Markdown', normalize(htmlToPlainText(markdownToSafeHtml(doc.markdown)))],
			['text', doc.text],
			['Word', word],
			['preview', preview]
		] as const) {
			expect(slips(text), `${output}`).toEqual([]);
		}
		if (opts.blanks) {
			// Blanks show as marks, in the document's language, where the sentence has its hole.
			expect(doc.text).toContain(template.language === 'en' ? '[date' : '[fecha');
		} else {
			expect(doc.text).not.toMatch(/\[[^\]]*\]/);
			// The preview shows what the download will hold.
			expect(preview).toBe(normalize(htmlToPlainText(markdownToSafeHtml(doc.markdown))));
		}
	});
});

describe('values join the words around them', () => {
	const text: TemplateVariable = { name: 'x', label: 'X', required: true, type: 'text' };
	const list: TemplateVariable = { ...text, type: 'list' };

	it('drops a doubled English article and keeps the template’s', () => {
		expect(fitValue('That the ', text, 'the City Council', 'en')).toEqual({
			cut: 0,
			text: 'City Council'
		});
		expect(fitValue('That The ', text, 'The City Council', 'en').text).toBe('City Council');
		expect(fitValue('by ', text, 'the City Council', 'en').text).toBe('the City Council');
		expect(fitValue('bathe ', text, 'the river', 'en').text).toBe('the river');
	});

	it('contracts Spanish a/de + el, but not before a proper name', () => {
		expect(withPreposition('a', 'el Gobernador')).toBe('al Gobernador');
		expect(withPreposition('de', 'El Condado de Olmsted')).toBe('del Condado de Olmsted');
		expect(withPreposition('a', 'la Ciudad')).toBe('a la Ciudad');
		expect(withPreposition('de', 'El Paso')).toBe('de El Paso');
		expect(withPreposition('a', 'él')).toBe('a él');
		expect(
			fitValue('invita a ', list, 'el Condado de Olmsted\nla Ciudad de Rochester', 'es')
		).toEqual({ cut: 2, text: 'al Condado de Olmsted y a la Ciudad de Rochester' });
		expect(fitValue('declare a ', text, 'El Paso', 'es')).toEqual({ cut: 2, text: 'a El Paso' });
		expect(fitValue('vida de ', text, 'el Condado de Pine', 'es')).toEqual({
			cut: 3,
			text: 'del Condado de Pine'
		});
		expect(fitValue('Que el ', text, 'la Junta', 'es')).toEqual({ cut: 3, text: 'la Junta' });
		expect(fitValue('Que ', text, 'el Concejo', 'es')).toEqual({ cut: 0, text: 'el Concejo' });
	});
});
