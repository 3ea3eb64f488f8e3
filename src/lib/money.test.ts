import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountExample, amountInputValue, parseAmount } from './money';

const cents = (input: string, locale: string) => {
	const reading = parseAmount(input, locale);
	return reading.ok ? reading.cents : reading.reason;
};

describe('parseAmount in Spanish', () => {
	it('reads a comma as the decimal separator and a dot as the thousands one', () => {
		expect(cents('12,50', 'es')).toBe(1_250);
		expect(cents('12,5', 'es')).toBe(1_250);
		expect(cents('1.250,50', 'es')).toBe(125_050);
		expect(cents('1.250', 'es')).toBe(125_000);
		expect(cents('9700,00 US$', 'es')).toBe(970_000);
		expect(cents('1 250,50', 'es')).toBe(125_050);
	});

	it('refuses what could be read two ways', () => {
		for (const input of ['1,2,3', '12.50', '1250.50', '1.2', '1.250.5', '12,505', '1,250.50']) {
			expect(cents(input, 'es'), input).toBe('ambiguous');
		}
	});
});

describe('parseAmount in English', () => {
	it('reads a dot as the decimal separator and a comma as the thousands one', () => {
		expect(cents('12.50', 'en')).toBe(1_250);
		expect(cents('1,250.50', 'en')).toBe(125_050);
		expect(cents('1,250', 'en')).toBe(125_000);
		expect(cents('$1,200', 'en')).toBe(120_000);
		expect(cents(' 0.1 ', 'en')).toBe(10);
	});

	it('refuses what could be read two ways', () => {
		for (const input of ['1,2,3', '12,50', '1.001', '1,25', '1.250,50', '12,5']) {
			expect(cents(input, 'en'), input).toBe('ambiguous');
		}
	});
});

describe('parseAmount refusals', () => {
	it('says what is wrong with the rest', () => {
		expect(cents('', 'en')).toBe('not_a_number');
		expect(cents('ten', 'es')).toBe('not_a_number');
		expect(cents('1e5', 'en')).toBe('not_a_number');
		expect(cents('-5', 'en')).toBe('not_positive');
		expect(cents('0', 'es')).toBe('not_positive');
		expect(cents('0,00', 'es')).toBe('not_positive');
		expect(cents('1000000000', 'en')).toBe('too_large');
		expect(cents('999999999.99', 'en')).toBe(99_999_999_999);
	});
});

describe('amounts written for people', () => {
	it('gives each locale its own example', () => {
		expect(amountExample('en')).toBe('1,250.50');
		expect(amountExample('es')).toBe('1.250,50');
	});

	it('reads back what it writes into an input, in both locales', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 99_999_999_999 }),
				fc.constantFrom('en', 'es'),
				(value, locale) => cents(amountInputValue(value, locale), locale) === value
			)
		);
	});

	it('reads back what Intl writes with grouping, in both locales', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 99_999_999_999 }),
				fc.constantFrom('en', 'es'),
				(value, locale) => {
					const written = new Intl.NumberFormat(locale, {
						minimumFractionDigits: 2,
						useGrouping: true
					}).format(value / 100);
					return cents(written, locale) === value;
				}
			)
		);
	});
});
