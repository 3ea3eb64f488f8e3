/**
 * Amounts typed by people, read in their locale: "12,50" is twelve and a half in Spanish and
 * "12.50" in English. Anything that could be read two ways ("1,2,3", "12.50" in Spanish) is
 * refused rather than guessed, so a typo is never stored as a hundred times the amount.
 */
import { numberFormat } from '$lib/intl';

/** Amounts stop below a billion (the ledger column's check allows up to that). */
const MAX_INTEGER_DIGITS = 9;
export const MAX_AMOUNT = 999_999_999;

export interface Separators {
	decimal: string;
	group: string;
}

/** The locale's decimal and thousands separators, as Intl writes them. */
export function separatorsOf(locale: string): Separators {
	const parts = numberFormat(locale, { useGrouping: true }).formatToParts(1234567.5);
	return {
		decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
		group: parts.find((part) => part.type === 'group')?.value ?? ','
	};
}

/** An example amount written the locale's way ("1,250.50", "1.250,50"), for hints and errors. */
export function amountExample(locale: string): string {
	const { decimal, group } = separatorsOf(locale);
	return `1${group}250${decimal}50`;
}

/** Cents written for an input in the locale, without grouping ("1250,50"): it reads back as is. */
export function amountInputValue(cents: number, locale: string): string {
	const { decimal } = separatorsOf(locale);
	const whole = Math.floor(cents / 100);
	const rest = cents % 100;
	return rest === 0 ? String(whole) : `${whole}${decimal}${String(rest).padStart(2, '0')}`;
}

export type AmountReading = { ok: true; cents: number } | { ok: false; reason: AmountRefusal };

/** Why an amount was refused: not a number at all, readable two ways, zero or less, too big. */
export type AmountRefusal = 'not_a_number' | 'ambiguous' | 'not_positive' | 'too_large';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Reads a positive amount into integer cents. Accepted: digits, optionally grouped by threes with
 * the locale's thousands separator (or a space), and up to two decimals after the locale's
 * decimal separator. A currency sign around it is ignored.
 */
export function parseAmount(input: string, locale: string): AmountReading {
	const { decimal, group } = separatorsOf(locale);
	const text = input
		.trim()
		.replace(/^(US\$|\$|€|£)\s*/, '')
		.replace(/\s*(US\$|\$|€|£)$/, '');
	if (/^[-−]\s*\d/.test(text)) return { ok: false, reason: 'not_positive' };
	if (!/^[\d.,' \u00a0\u202f]*\d[\d.,' \u00a0\u202f]*$/.test(text)) {
		return { ok: false, reason: 'not_a_number' };
	}
	// A space or no-break space groups thousands in many locales; the locale's own separator too.
	const groups = `(?:${escape(group)}|[ \u00a0\u202f])`;
	const pattern = new RegExp(
		`^(\\d+|\\d{1,3}(?:${groups}\\d{3})+)(?:${escape(decimal)}(\\d{1,2}))?$`
	);
	const match = pattern.exec(text);
	if (!match) return { ok: false, reason: 'ambiguous' };
	const whole = (match[1] ?? '').replace(/\D/g, '').replace(/^0+(?=\d)/, '');
	if (whole.length > MAX_INTEGER_DIGITS) return { ok: false, reason: 'too_large' };
	const cents = Number(whole) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
	if (cents <= 0) return { ok: false, reason: 'not_positive' };
	return { ok: true, cents };
}
