import { describe, expect, it } from 'vitest';
import { parseDecidedOn } from './rows';

describe('an imported decision date', () => {
	it('is refused outside 1980–2100, as in the editor and the report form', () => {
		for (const value of ['1850', '1979-12-31', '2101-01', '2150-06-01']) {
			expect(() => parseDecidedOn(value), value).toThrow(
				`decided_on "${value}" is outside 1980–2100, the years the atlas takes`
			);
		}
		expect(parseDecidedOn('1980')).toEqual({ date: '1980-01-01', precision: 'year', year: 1980 });
		expect(parseDecidedOn('2100-12-31')?.precision).toBe('day');
	});
});
