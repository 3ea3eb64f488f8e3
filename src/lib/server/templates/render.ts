/**
 * Template text → filled Markdown → sanitized HTML, a document model, plain text. Pure.
 *
 * A filled value is always text: it is formatted (src/lib/templates/values.ts), then escaped for
 * Markdown before it joins the template, so no value can add a heading, a link or an HTML tag.
 * The template text itself (written by site admins) may hold Markdown and even HTML; the HTML
 * output goes through sanitize-html and the other outputs keep text only.
 */
import { marked, type Token, type Tokens } from 'marked';
import { htmlToPlainText, renderMarkdown } from '../markdown';
import {
	escapeHtml,
	formatDate,
	formatValue,
	PLACEHOLDER,
	SLOT_CLOSE,
	SLOT_OPEN,
	type TemplateVariable
} from '../../templates/values';
import { blankMarker, fitValue, replaceInContext, type Fitted } from '../../templates/grammar';
import type { TemplateFact } from './schema';

export interface RenderableTemplate {
	title: string;
	body: string;
	language: string;
	variables: readonly TemplateVariable[];
	facts: readonly TemplateFact[];
}

export type Values = Readonly<Record<string, string | undefined>>;

// ---------------------------------------------------------------------------------------------
// Markdown

/**
 * Backslash-escapes what could make a value into Markdown or HTML: inline syntax and tags
 * everywhere, block syntax at the start, and the pieces GFM would turn into links.
 */
export function escapeMarkdown(text: string): string {
	return text
		.replace(/[\\`*_{}[\]<>#|~&!"]/g, '\\$&')
		.replace(/:\/\//g, '\\://')
		.replace(/www\./gi, (match) => `${match.slice(0, 3)}\\.`)
		.replace(/@/g, '\\@')
		.replace(/^([-+=])/, '\\$1')
		.replace(/^(\d+)([.)])/, '$1\\$2');
}

const CITATION = {
	en: { source: 'Source', asOf: 'as of' },
	es: { source: 'Fuente', asOf: 'datos a' }
} as const;

function citation(fact: TemplateFact, language: string): string {
	const words = CITATION[language === 'es' ? 'es' : 'en'];
	const title = escapeMarkdown(fact.source_title);
	const url = fact.source_url.replace(/[<>\s]/g, (char) => encodeURIComponent(char));
	return `(${words.source}: [${title}](<${url}>), ${words.asOf} ${formatDate(fact.as_of, language)})`;
}

/**
 * The template's Markdown with facts written out (sentence + cited source + as-of date) and each
 * `{{variable}}` replaced by `fill(variable, before)`, which sees the text before it (see
 * `replaceInContext`: a value may absorb the article or preposition in front of it).
 */
function substitute(
	template: RenderableTemplate,
	fill: (variable: TemplateVariable, before: string) => Fitted
): string {
	const variables = new Map(template.variables.map((variable) => [variable.name, variable]));
	const facts = new Map(template.facts.map((fact) => [fact.id, fact]));
	const replace = (text: string, withFacts: boolean): string =>
		replaceInContext(text, PLACEHOLDER, ([, isFact, name = ''], before) => {
			if (isFact) {
				const fact = withFacts ? facts.get(name) : undefined;
				return {
					cut: 0,
					text: fact
						? `${replace(fact.text.trim(), false)} ${citation(fact, template.language)}`
						: ''
				};
			}
			const variable = variables.get(name);
			return variable ? fill(variable, before) : { cut: 0, text: '' };
		});
	return replace(template.body, true);
}

/**
 * The body without the lines whose optional variables were left empty: a clause that would read
 * "since , about  refugees …" is left out instead.
 */
function withoutEmptyOptionalLines(template: RenderableTemplate, values: Values): string {
	const optional = new Map(
		template.variables.filter((v) => !v.required).map((variable) => [variable.name, variable])
	);
	return template.body
		.split('\n')
		.filter((line) =>
			[...line.matchAll(PLACEHOLDER)].every(([, fact, name = '']) => {
				const variable = fact ? undefined : optional.get(name);
				return !variable || formatValue(variable, values[name], template.language) !== '';
			})
		)
		.join('\n');
}

/**
 * The filled Markdown: what the Markdown download holds and what the other outputs start from.
 * A required value left empty (a draft's date introduced) shows as a marked blank,
 * "[date introduced]", never as a sentence with a hole in it.
 */
export function fillMarkdown(template: RenderableTemplate, values: Values): string {
	const body = withoutEmptyOptionalLines(template, values);
	return substitute({ ...template, body }, (variable, before) => {
		const fitted = fitValue(before, variable, values[variable.name], template.language);
		if (fitted.text !== '') return { cut: fitted.cut, text: escapeMarkdown(fitted.text) };
		// The brackets stay unescaped, so the blank reads the same in the editor's Markdown.
		const blank = blankMarker(variable.label);
		return { cut: 0, text: `[${escapeMarkdown(blank.slice(1, -1))}]` };
	});
}

// ---------------------------------------------------------------------------------------------
// HTML

/** The template as safe HTML below the page's own h1 (the app's one Markdown renderer). */
export function markdownToSafeHtml(markdown: string): string {
	return renderMarkdown(markdown, 2);
}

/**
 * The preview skeleton: the template rendered once, with each variable left as a slot that
 * `fillSkeleton` (browser or server) replaces with the escaped value. Values never pass through
 * Markdown or the sanitizer here, so typing costs no round trip and cannot inject markup.
 */
export function renderSkeleton(template: RenderableTemplate): string {
	return markdownToSafeHtml(
		substitute(template, (v) => ({ cut: 0, text: `${SLOT_OPEN}${v.name}${SLOT_CLOSE}` }))
	);
}

const skeletons = new Map<string, string>();

/** `renderSkeleton`, cached by version id (versions never change). */
export function cachedSkeleton(versionId: string, template: RenderableTemplate): string {
	let html = skeletons.get(versionId);
	if (html === undefined) {
		html = renderSkeleton(template);
		if (skeletons.size >= 500) skeletons.delete(skeletons.keys().next().value ?? '');
		skeletons.set(versionId, html);
	}
	return html;
}

// ---------------------------------------------------------------------------------------------
// Document model: what the Word and text outputs are made from

export interface Run {
	text: string;
	bold?: boolean;
	italic?: boolean;
	href?: string;
}
export type Block =
	| { type: 'heading'; level: number; runs: Run[] }
	| { type: 'paragraph'; runs: Run[] }
	| { type: 'list'; ordered: boolean; start: number; items: Run[][] }
	| { type: 'rule' };

function inlineRuns(tokens: readonly Token[] | undefined, style: Omit<Run, 'text'> = {}): Run[] {
	const runs: Run[] = [];
	for (const token of tokens ?? []) {
		switch (token.type) {
			case 'strong':
				runs.push(...inlineRuns((token as Tokens.Strong).tokens, { ...style, bold: true }));
				break;
			case 'em':
				runs.push(...inlineRuns((token as Tokens.Em).tokens, { ...style, italic: true }));
				break;
			case 'del':
				runs.push(...inlineRuns((token as Tokens.Del).tokens, style));
				break;
			case 'link': {
				const link = token as Tokens.Link;
				const href = /^https?:\/\//i.test(link.href) ? link.href : undefined;
				runs.push(...inlineRuns(link.tokens, { ...style, href }));
				break;
			}
			case 'image':
				runs.push({ ...style, text: (token as Tokens.Image).text });
				break;
			case 'br':
				runs.push({ ...style, text: '\n' });
				break;
			case 'html':
				// Raw HTML in the template text: its words stay, its tags do not.
				runs.push({ ...style, text: htmlToText(token.raw) });
				break;
			case 'text':
				if ('tokens' in token && token.tokens?.length)
					runs.push(...inlineRuns(token.tokens, style));
				else runs.push({ ...style, text: decodeEntities(token.text) });
				break;
			case 'escape':
			case 'codespan':
				runs.push({ ...style, text: decodeEntities(token.text) });
				break;
			default:
				if ('text' in token && typeof token.text === 'string') {
					runs.push({ ...style, text: decodeEntities(token.text) });
				}
		}
	}
	return runs.filter((run) => run.text !== '');
}

function htmlToText(html: string): string {
	return decodeEntities(htmlToPlainText(html));
}

const ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	'#39': "'",
	nbsp: '\u00a0'
};

function decodeEntities(text: string): string {
	return text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name] ?? '');
}

function blocksOf(tokens: readonly Token[]): Block[] {
	const blocks: Block[] = [];
	for (const token of tokens) {
		switch (token.type) {
			case 'heading':
				blocks.push({
					type: 'heading',
					level: (token as Tokens.Heading).depth,
					runs: inlineRuns((token as Tokens.Heading).tokens)
				});
				break;
			case 'paragraph':
				blocks.push({ type: 'paragraph', runs: inlineRuns((token as Tokens.Paragraph).tokens) });
				break;
			case 'list': {
				const list = token as Tokens.List;
				blocks.push({
					type: 'list',
					ordered: list.ordered,
					start: typeof list.start === 'number' ? list.start : 1,
					items: list.items.map((item) =>
						item.tokens.flatMap((child) =>
							child.type === 'text' || child.type === 'paragraph'
								? inlineRuns((child as Tokens.Text).tokens ?? [child])
								: blocksOf([child]).flatMap((block) =>
										'runs' in block ? [{ text: ' ' }, ...block.runs] : []
									)
						)
					)
				});
				break;
			}
			case 'blockquote':
				blocks.push(...blocksOf((token as Tokens.Blockquote).tokens));
				break;
			case 'hr':
				blocks.push({ type: 'rule' });
				break;
			case 'html': {
				const text = htmlToText(token.raw).trim();
				if (text) blocks.push({ type: 'paragraph', runs: [{ text }] });
				break;
			}
			case 'code':
				blocks.push({ type: 'paragraph', runs: [{ text: (token as Tokens.Code).text }] });
				break;
			case 'space':
				break;
			default:
				if ('text' in token && typeof token.text === 'string' && token.text.trim()) {
					blocks.push({ type: 'paragraph', runs: [{ text: htmlToText(token.text) }] });
				}
		}
	}
	return blocks.filter((block) => block.type !== 'paragraph' || block.runs.length > 0);
}

export function toBlocks(markdown: string): Block[] {
	return blocksOf(marked.lexer(markdown, { gfm: true }));
}

// ---------------------------------------------------------------------------------------------
// Plain text

function runsText(runs: readonly Run[]): string {
	return runs
		.map((run) => (run.href && run.href !== run.text ? `${run.text} <${run.href}>` : run.text))
		.join('');
}

export function blocksToText(blocks: readonly Block[]): string {
	const parts = blocks.map((block) => {
		switch (block.type) {
			case 'heading': {
				const text = runsText(block.runs);
				return block.level === 1 ? `${text.toUpperCase()}` : text;
			}
			case 'paragraph':
				return runsText(block.runs);
			case 'list':
				return block.items
					.map(
						(item, index) => `${block.ordered ? `${block.start + index}.` : '-'} ${runsText(item)}`
					)
					.join('\n');
			case 'rule':
				return '----------';
		}
	});
	return `${parts.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Everything at once

export interface FilledDocument {
	title: string;
	markdown: string;
	blocks: Block[];
	text: string;
}

export function fillDocument(template: RenderableTemplate, values: Values): FilledDocument {
	const markdown = fillMarkdown(template, values);
	const blocks = toBlocks(markdown);
	return { title: template.title, markdown, blocks, text: blocksToText(blocks) };
}

export { escapeHtml };
