/**
 * How a filled value joins the words of the template around it. People type a body's name the
 * way the field's example shows it — with its article ("the City Council of Riverton",
 * "el Condado de Pine") — while a template may already write the article ("That the
 * {{body_name}}") or a Spanish preposition that must contract with it ("a {{officials}}" +
 * "el Gobernador" → "al Gobernador"). Pure, no server imports: the browser's live preview and
 * the server's Markdown, text and Word outputs all go through `fitValue`, so they agree.
 */

import { listFormat } from '../intl';
import { escapeHtml, formatValue, listItems, SLOT, type TemplateVariable } from './values';

/** What to write for a value: `text`, after cutting `cut` characters off the text before it. */
export interface Fitted {
	cut: number;
	text: string;
}

// A word at the very end of the text before the value, and the whitespace after it. `\p{L}`
// so that "él" or "más" never counts as a shorter word.
const endsWith = (words: string) => new RegExp(`(?<!\\p{L})(${words})(\\s+)$`, 'iu');
const EN_ARTICLE_BEFORE = endsWith('the');
const EN_ARTICLE_START = /^the\s+/i;
const ES_ARTICLE_BEFORE = endsWith('el|la|los|las');
const ES_ARTICLE_START = /^(el|la|los|las)\s+/i;
const ES_PREPOSITION_BEFORE = endsWith('a|de');

/**
 * A capitalized "El" that belongs to a proper name keeps its preposition apart: Spanish writes
 * "a El Paso", "de El Salvador" (RAE). These are the US and world place names written with it
 * that people are likely to type; "El Condado…", "El Gobernador" and the like still contract.
 */
const PROPER_EL =
	/^El\s+(Paso|Salvador|Cairo|Cajon|Cajón|Monte|Centro|Dorado|Reno|Segundo|Cerrito|Mirage|Sobrante|Campo|Granada|Portal|Rancho|Prado|Mirador|Valle|Alto|Puerto|Callao|Jobean|Lago)\b/u;

function capitalize(word: string, like: string): string {
	return like[0] === like[0]?.toUpperCase() ? word[0]!.toUpperCase() + word.slice(1) : word;
}

/** "a" or "de" joined to a phrase: "a el Condado" → "al Condado", "de El Paso" stays. */
export function withPreposition(preposition: string, phrase: string): string {
	const article = /^(el)\s+/i.exec(phrase);
	if (article && !PROPER_EL.test(phrase)) {
		const contracted = preposition.toLowerCase() === 'a' ? 'al' : 'del';
		return `${capitalize(contracted, preposition)} ${phrase.slice(article[0].length)}`;
	}
	return `${preposition} ${phrase}`;
}

function fitEnglish(before: string, text: string): Fitted {
	// "That the {{body_name}}" + "the City Council" → one "the".
	if (EN_ARTICLE_BEFORE.test(before) && EN_ARTICLE_START.test(text)) {
		return { cut: 0, text: text.replace(EN_ARTICLE_START, '') };
	}
	return { cut: 0, text };
}

function fitSpanish(
	before: string,
	variable: TemplateVariable,
	raw: string | undefined,
	text: string
): Fitted {
	// "el {{x}}" + "la Junta": the value's article knows the gender, the template's does not.
	const article = ES_ARTICLE_BEFORE.exec(before);
	if (article && ES_ARTICLE_START.test(text)) {
		const own = (article[1] ?? '') + (article[2] ?? '');
		return { cut: own.length, text: capitalize(text, article[1] ?? '') };
	}
	const preposition = ES_PREPOSITION_BEFORE.exec(before);
	if (!preposition) return { cut: 0, text };
	const word = preposition[1] ?? '';
	const cut = word.length + (preposition[2] ?? '').length;
	if (variable.type === 'list') {
		// "invita a {{bodies}}": "a la Ciudad de Lakeside, al Pueblo de Millbrook y a la Junta…"
		const items = listItems(raw ?? '').map((item, i) =>
			withPreposition(i === 0 ? word : word.toLowerCase(), item)
		);
		return { cut, text: listFormat('es', { type: 'conjunction', style: 'long' }).format(items) };
	}
	if (variable.type === 'text' && /^el\s/i.test(text)) {
		return { cut, text: withPreposition(word, text) };
	}
	return { cut: 0, text };
}

/**
 * A value written out for its place after `before` (the template's text up to the value): the
 * formatted value (see `formatValue`) with doubled articles dropped and, in Spanish, "a el" and
 * "de el" contracted. An empty value gives `{ cut: 0, text: '' }`.
 */
export function fitValue(
	before: string,
	variable: TemplateVariable,
	raw: string | undefined,
	language: string
): Fitted {
	const text = formatValue(variable, raw, language);
	if (text === '' || variable.type === 'date' || variable.type === 'number') {
		return { cut: 0, text };
	}
	return language === 'es' ? fitSpanish(before, variable, raw, text) : fitEnglish(before, text);
}

/**
 * `text` with each match of `pattern` (a global regex) replaced by what `fill` returns; `fill`
 * sees the text written so far and may cut its end (the article or preposition it absorbs).
 */
export function replaceInContext(
	text: string,
	pattern: RegExp,
	fill: (match: RegExpMatchArray, before: string) => Fitted
): string {
	let out = '';
	let last = 0;
	for (const match of text.matchAll(pattern)) {
		const index = match.index ?? 0;
		out += text.slice(last, index);
		const fitted = fill(match, out);
		out = out.slice(0, out.length - fitted.cut) + fitted.text;
		last = index + match[0].length;
	}
	return out + text.slice(last);
}

/**
 * The visible mark of a blank left in a draft: "[date introduced]". Drafts may be saved with
 * blanks; the downloads of a filled template still require every required value.
 */
export function blankMarker(label: string): string {
	const lowered = /^\p{Lu}\p{Ll}/u.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
	return `[${lowered}]`;
}

/**
 * Fills the preview skeleton (sanitized HTML in which each variable is a slot) with the values,
 * HTML-escaped and fitted to the words before them as in the documents (`fitValue`). A value
 * not filled in yet is highlighted: a required one as the document's blank ("[date
 * introduced]", class `missing`), an optional one by its label (`optional`: the document
 * leaves that line out).
 */
export function fillSkeleton(
	skeleton: string,
	variables: readonly TemplateVariable[],
	values: Readonly<Record<string, string | undefined>>,
	language: string
): string {
	const byName = new Map(variables.map((variable) => [variable.name, variable]));
	return replaceInContext(skeleton, SLOT, ([, name = ''], before) => {
		const variable = byName.get(name);
		if (!variable) return { cut: 0, text: '' };
		const fitted = fitValue(before, variable, values[name], language);
		if (fitted.text !== '') return { cut: fitted.cut, text: escapeHtml(fitted.text) };
		// A required blank reads as it will in the draft's text; an optional one by its label.
		if (variable.required) {
			return {
				cut: 0,
				text: `<mark class="missing">${escapeHtml(blankMarker(variable.label))}</mark>`
			};
		}
		return { cut: 0, text: `<mark class="optional">${escapeHtml(variable.label)}</mark>` };
	});
}
