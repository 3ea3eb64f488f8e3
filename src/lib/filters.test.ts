import { describe, expect, it } from 'vitest';
import {
	describeProblem,
	EMPTY_FILTERS,
	filtersKey,
	filtersToParams,
	parseFilters,
	parseListView
} from './filters';

const parse = (query: string) => parseFilters(new URLSearchParams(query));

describe('parseFilters', () => {
	it('reads repeated and comma-separated values, normalised and sorted', () => {
		const { filters, problems } = parse(
			'status=pending,ADOPTED&status=failed&kind=city&state=mn&state=CA,ca&from=2016&to=2020&q=  san   diego '
		);
		expect(problems).toEqual([]);
		expect(filters).toEqual({
			status: ['adopted', 'failed', 'pending'],
			kind: ['city'],
			state: ['CA', 'MN'],
			from: 2016,
			to: 2020,
			q: 'san diego',
			template: ''
		});
	});

	it('reports every value it cannot use instead of dropping it silently', () => {
		const { filters, problems } = parse(
			'status=passed&kind=village&state=ZZ&from=16&to=abcd&q=' + 'x'.repeat(101)
		);
		expect(filters).toEqual(EMPTY_FILTERS);
		expect(problems.map((p) => `${p.param}:${p.code}`)).toEqual([
			'status:unknown_value',
			'kind:unknown_value',
			'state:unknown_value',
			'from:not_a_year',
			'to:not_a_year',
			'q:too_long'
		]);
		for (const problem of problems) expect(describeProblem(problem)).toMatch(/\w/);
	});

	it('refuses a year range that ends before it starts', () => {
		const { filters, problems } = parse('from=2020&to=2010');
		expect([filters.from, filters.to]).toEqual([null, null]);
		expect(problems).toEqual([{ param: 'to', value: '2010', code: 'year_order' }]);
	});

	it('takes a template slug and refuses one that cannot be a slug', () => {
		expect(parse('template=City-Council-EN').filters.template).toBe('city-council-en');
		expect(parse('template=../x').problems).toEqual([
			{ param: 'template', value: '../x', code: 'unknown_value' }
		]);
	});

	it('ignores parameters that are not filters (list state, tracking)', () => {
		expect(parse('page=2&sort=date&utm_source=x').problems).toEqual([]);
	});
});

describe('filtersToParams', () => {
	it('round-trips and gives one key for one filter set', () => {
		const { filters } = parse('state=MN&status=pending&status=adopted&q=a b');
		expect(parseFilters(filtersToParams(filters)).filters).toEqual(filters);
		expect(filtersKey(filters)).toBe(
			filtersKey(parse('q=a+b&status=adopted,pending&state=mn').filters)
		);
		expect(filtersKey(EMPTY_FILTERS)).toBe('');
	});
});

describe('parseListView', () => {
	it('reads sort, direction and page and reports bad ones', () => {
		expect(parseListView(new URLSearchParams('sort=date&dir=desc&page=3'))).toEqual({
			view: { sort: 'date', dir: 'desc', page: 3 },
			problems: []
		});
		const bad = parseListView(new URLSearchParams('sort=votes&dir=up&page=0'));
		expect(bad.view).toEqual({ sort: 'state', dir: 'asc', page: 1 });
		expect(bad.problems.map((p) => p.param)).toEqual(['sort', 'dir', 'page']);
	});
});
