/**
 * The one filter set of the public map, the list, the exports and the feeds, as it lives in the
 * URL. Parsing never drops a value silently: what it cannot use comes back as a problem, which
 * pages show to the user and endpoints answer with 400.
 */
import { PLACE_KINDS, STATUSES, type PlaceKind, type Status } from './pipeline';
import { isStateCode, type StateCode } from './states';

export interface Filters {
	status: Status[];
	kind: PlaceKind[];
	state: StateCode[];
	from: number | null;
	to: number | null;
	q: string;
	/** A template's slug: resolutions based on any version of it. */
	template: string;
}

export type FilterParam = keyof Filters;

export interface FilterProblem {
	param: FilterParam;
	value: string;
	code: 'unknown_value' | 'not_a_year' | 'year_order' | 'too_long';
}

export const EMPTY_FILTERS: Filters = {
	status: [],
	kind: [],
	state: [],
	from: null,
	to: null,
	q: '',
	template: ''
};

export const MIN_YEAR = 1980;
export const MAX_YEAR = 2100;
export const MAX_QUERY_LENGTH = 100;
// Control characters mean nothing in a search, and NUL would reach PostgreSQL as an error.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F]/g;
const TEMPLATE_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Every value of a list parameter, whether repeated (`?status=a&status=b`) or comma-separated. */
function listValues(params: URLSearchParams, name: string): string[] {
	return params
		.getAll(name)
		.flatMap((value) => value.split(','))
		.map((value) => value.trim())
		.filter((value) => value !== '');
}

function pickKnown<T extends string>(
	params: URLSearchParams,
	param: FilterParam,
	known: readonly T[],
	normalise: (value: string) => string,
	problems: FilterProblem[]
): T[] {
	const picked = new Set<T>();
	for (const raw of listValues(params, param)) {
		const value = normalise(raw);
		if ((known as readonly string[]).includes(value)) picked.add(value as T);
		else problems.push({ param, value: raw, code: 'unknown_value' });
	}
	return [...picked].sort();
}

function parseYear(
	params: URLSearchParams,
	param: 'from' | 'to',
	problems: FilterProblem[]
): number | null {
	const raw = params.get(param)?.trim() ?? '';
	if (raw === '') return null;
	const year = Number(raw);
	if (/^\d{4}$/.test(raw) && year >= MIN_YEAR && year <= MAX_YEAR) return year;
	problems.push({ param, value: raw, code: 'not_a_year' });
	return null;
}

export function parseFilters(params: URLSearchParams): {
	filters: Filters;
	problems: FilterProblem[];
} {
	const problems: FilterProblem[] = [];
	const status = pickKnown(params, 'status', STATUSES, (v) => v.toLowerCase(), problems);
	const kind = pickKnown(params, 'kind', PLACE_KINDS, (v) => v.toLowerCase(), problems);
	const state = listValues(params, 'state').flatMap((raw) => {
		const code = raw.toUpperCase();
		if (isStateCode(code)) return [code];
		problems.push({ param: 'state', value: raw, code: 'unknown_value' });
		return [];
	});
	let from = parseYear(params, 'from', problems);
	let to = parseYear(params, 'to', problems);
	if (from !== null && to !== null && from > to) {
		problems.push({ param: 'to', value: String(to), code: 'year_order' });
		[from, to] = [null, null];
	}
	let q = (params.get('q') ?? '').replace(CONTROL, ' ').trim().replace(/\s+/g, ' ');
	if (q.length > MAX_QUERY_LENGTH) {
		problems.push({ param: 'q', value: q.slice(0, 20) + '…', code: 'too_long' });
		q = '';
	}
	let template = params.get('template')?.trim().toLowerCase() ?? '';
	if (template && !TEMPLATE_SLUG.test(template)) {
		problems.push({ param: 'template', value: template.slice(0, 40), code: 'unknown_value' });
		template = '';
	}
	return {
		filters: { status, kind, state: [...new Set(state)].sort(), from, to, q, template },
		problems
	};
}

/** The canonical query string of a filter set: the same filters always give the same string. */
export function filtersToParams(filters: Filters): URLSearchParams {
	const params = new URLSearchParams();
	for (const value of [...filters.status].sort()) params.append('status', value);
	for (const value of [...filters.kind].sort()) params.append('kind', value);
	for (const value of [...filters.state].sort()) params.append('state', value);
	if (filters.from !== null) params.set('from', String(filters.from));
	if (filters.to !== null) params.set('to', String(filters.to));
	if (filters.q) params.set('q', filters.q);
	if (filters.template) params.set('template', filters.template);
	return params;
}

export function filtersKey(filters: Filters): string {
	return filtersToParams(filters).toString();
}

export function hasFilters(filters: Filters): boolean {
	return filtersKey(filters) !== '';
}

/** A plain-English sentence for API clients; pages translate the problem codes instead. */
export function describeProblem(problem: FilterProblem): string {
	switch (problem.code) {
		case 'unknown_value':
			return `Unknown ${problem.param} "${problem.value}".`;
		case 'not_a_year':
			return `"${problem.value}" is not a year between ${MIN_YEAR} and ${MAX_YEAR} (parameter ${problem.param}).`;
		case 'year_order':
			return 'The year range ends before it starts ("from" is after "to").';
		case 'too_long':
			return `The search text is longer than ${MAX_QUERY_LENGTH} characters.`;
	}
}

export const LIST_SORTS = ['place', 'state', 'kind', 'status', 'date'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

export interface ListView {
	sort: ListSort;
	dir: 'asc' | 'desc';
	page: number;
}

export const DEFAULT_LIST_VIEW: ListView = { sort: 'state', dir: 'asc', page: 1 };

/** How the list is sorted and which page it shows; bad values fall back to the default, reported. */
export function parseListView(params: URLSearchParams): {
	view: ListView;
	problems: { param: string; value: string }[];
} {
	const problems: { param: string; value: string }[] = [];
	const view = { ...DEFAULT_LIST_VIEW };
	const sort = params.get('sort');
	if (sort !== null) {
		if ((LIST_SORTS as readonly string[]).includes(sort)) view.sort = sort as ListSort;
		else problems.push({ param: 'sort', value: sort });
	}
	const dir = params.get('dir');
	if (dir !== null) {
		if (dir === 'asc' || dir === 'desc') view.dir = dir;
		else problems.push({ param: 'dir', value: dir });
	}
	const page = params.get('page');
	if (page !== null) {
		if (/^\d{1,6}$/.test(page) && Number(page) >= 1) view.page = Number(page);
		else problems.push({ param: 'page', value: page });
	}
	return { view, problems };
}
