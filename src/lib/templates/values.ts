/**
 * Template variables as the browser and the server both need them: the kinds of value, how a
 * filled value is checked and how it is written into the text. Pure, no server imports: the live
 * preview runs this in the browser, the downloads on the server.
 */

import { dateTimeFormat, listFormat } from '../intl';

export const VARIABLE_TYPES = ['text', 'date', 'number', 'list'] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

export interface TemplateVariable {
	name: string;
	label: string;
	help?: string;
	required: boolean;
	example?: string;
	type: VariableType;
}

export type VariableProblem = 'required' | 'number' | 'date' | 'too_long' | 'too_many';

/** Form fields for variables are named `v_<name>`. */
export const FIELD_PREFIX = 'v_';

export const MAX_TEXT = 500;
export const MAX_LIST_ITEMS = 30;

/** `{{name}}` and `{{fact:id}}`, as they appear in a template's Markdown. */
export const PLACEHOLDER = /\{\{\s*(fact:)?([a-z][a-z0-9_]*)\s*\}\}/g;

/** The private-use characters that mark a variable in the preview skeleton (never in a value). */
export const SLOT_OPEN = '\uE000';
export const SLOT_CLOSE = '\uE001';
/** A slot in the preview skeleton. */
export const SLOT = /\uE000([a-z][a-z0-9_]*)\uE001/g;
// Slot markers, and control characters (Word files cannot hold them).
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const SLOT_CHARS = /[\uE000\uE001\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Whitespace collapsed, ends trimmed, markers and control characters removed. */
export function cleanText(value: string): string {
	return value.replace(SLOT_CHARS, '').replace(/\s+/g, ' ').trim();
}

export function listItems(value: string): string[] {
	return value
		.split(/\r?\n/)
		.map(cleanText)
		.filter((item) => item !== '');
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(value: string): boolean {
	const match = ISO_DATE.exec(value);
	if (!match) return false;
	const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
	return date.toISOString().slice(0, 10) === value;
}

/** A number as people type it: digits, an optional sign, thousands separators, decimals. */
const NUMBER = /^[-+]?(\d{1,3}([,.\u00a0 ]\d{3})+|\d+)([.,]\d+)?$/;

/** What is wrong with one filled value, or null. */
export function checkValue(
	variable: TemplateVariable,
	raw: string | undefined
): VariableProblem | null {
	const value = raw ?? '';
	if (variable.type === 'list') {
		const items = listItems(value);
		if (items.length === 0) return variable.required ? 'required' : null;
		if (items.length > MAX_LIST_ITEMS) return 'too_many';
		if (items.some((item) => item.length > MAX_TEXT)) return 'too_long';
		return null;
	}
	const text = cleanText(value);
	if (text === '') return variable.required ? 'required' : null;
	if (text.length > MAX_TEXT) return 'too_long';
	if (variable.type === 'number' && !NUMBER.test(text)) return 'number';
	if (variable.type === 'date' && !isDate(text)) return 'date';
	return null;
}

/** Every problem with a set of values, by variable name (empty when all is well). */
export function checkValues(
	variables: readonly TemplateVariable[],
	values: Readonly<Record<string, string | undefined>>
): Record<string, VariableProblem> {
	const problems: Record<string, VariableProblem> = {};
	for (const variable of variables) {
		const problem = checkValue(variable, values[variable.name]);
		if (problem) problems[variable.name] = problem;
	}
	return problems;
}

export function formatDate(iso: string, language: string): string {
	const match = ISO_DATE.exec(iso);
	if (!match) return iso;
	const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
	return dateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/**
 * A value as it reads in the document: dates written out in the template's language, lists
 * joined as a sentence ("A, B, and C" / "A, B y C"), text on one line. Plain text, not markup:
 * callers escape it for where it goes. An empty or invalid value gives ''.
 */
export function formatValue(variable: TemplateVariable, raw: string | undefined, language: string) {
	const value = raw ?? '';
	if (variable.type === 'list') {
		const items = listItems(value);
		return listFormat(language, { type: 'conjunction', style: 'long' }).format(items);
	}
	const text = cleanText(value);
	if (variable.type === 'date' && isDate(text)) return formatDate(text, language);
	return text;
}

const HTML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** Whether a fact's as-of date is more than `months` before `today` (both YYYY-MM-DD). */
export function isStale(asOf: string, today: string, months = 24): boolean {
	const [y = 0, m = 1, d = 1] = asOf.split('-').map(Number);
	const limit = new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10);
	return limit < today;
}
