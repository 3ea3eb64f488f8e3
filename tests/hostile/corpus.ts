// The hostile corpus: fast-check generators for what a careless client, a fuzzer or an attacker
// sends to a form action or an endpoint. A request starts from a valid one (so the malformed part
// reaches past the first check) and then breaks some of it: wrong types, huge strings, unicode
// edge cases, SQL and HTML payloads, missing, duplicated and unknown fields, foreign ids, odd
// encodings.
import fc from 'fast-check';
import { XSS_PAYLOADS } from '../fixtures/xss-payloads';
import type { PersonaName } from './world';

export type FieldValue = string | File;
/** Form fields in order; a name may come more than once (a duplicated field). */
export type Entries = [string, FieldValue][];
export type Encoding = 'multipart' | 'urlencoded' | 'text/plain' | 'json' | 'broken-multipart';

export interface HostileRequest {
	params: Record<string, string>;
	entries: Entries;
	encoding: Encoding;
	/** Sent by this persona instead of the fixture's (a signed-in visitor to the sign-in page). */
	as?: PersonaName;
}

const UNICODE_EDGES = [
	'\u0000',
	'a\u0000b',
	'\u0007\u001b[31m',
	'\uD800',
	'x\uDFFFy',
	'\u202Egnp.exe',
	'\u200B\u200C\u200D\u2060',
	'\uFEFF',
	'e\u0301\u0302\u0303\u0304\u0305\u0306',
	'😀👩‍👩‍👧‍👦🏳️‍🌈',
	'\u{10FFFF}',
	'\r\n\r\n',
	'Ω≈ç√∫˜µ≤≥÷',
	'ﷺ',
	'\u0085\u2028\u2029'
];

const SQL_PAYLOADS = [
	"'",
	"' or '1'='1",
	"'; drop table public.resolutions; --",
	'1; select pg_sleep(5)',
	"' union select null, current_user --",
	'$$; select 1; $$',
	'\\',
	"E'\\x00'",
	'%',
	'_'
];

const WRONG_TYPES = [
	'',
	' ',
	'null',
	'undefined',
	'true',
	'NaN',
	'Infinity',
	'-Infinity',
	'-1',
	'0',
	'1.5',
	'1e308',
	'-9999999999999999999999',
	'9007199254740993',
	'0x1F',
	'[]',
	'{}',
	'{"__proto__":{"admin":true}}',
	'[object Object]',
	'2027-02-30',
	'0000-00-00',
	'1899-12-31',
	'9999-12-31',
	'+275760-09-13',
	'2027-13-01T25:61:61Z',
	'javascript:alert(1)',
	'https://',
	'../../../etc/passwd',
	'%00',
	'00000000-0000-0000-0000-000000000000',
	'ffffffff-ffff-ffff-ffff-fffffffffffff'
];

/** Over 100 kB of text, plain or multi-byte (PostgreSQL and zod both see it). */
const hugeString = fc.constantFrom(
	'x'.repeat(100_001),
	'é'.repeat(60_000),
	'😀'.repeat(30_000),
	`${'<b>'.repeat(40_000)}`,
	`${'\u0000'.repeat(10)}${'y'.repeat(120_000)}`
);

const numberish = fc.oneof(
	fc.integer().map(String),
	fc.double().map(String),
	fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String)
);

const dateish = fc
	.tuple(
		fc.integer({ min: -1, max: 100_000 }),
		fc.integer({ min: -1, max: 14 }),
		fc.integer({ min: -1, max: 33 })
	)
	.map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

/** One hostile text value; `ids` are foreign (another group's, another campaign's) ids. */
export function hostileText(ids: readonly string[], options: { huge?: boolean } = {}) {
	const arbitraries: fc.Arbitrary<string>[] = [
		fc.constantFrom(...UNICODE_EDGES),
		fc.constantFrom(...SQL_PAYLOADS),
		fc.constantFrom(...XSS_PAYLOADS),
		fc.constantFrom(...WRONG_TYPES),
		fc.string({ unit: 'binary', maxLength: 40 }),
		fc.string({ unit: 'grapheme', maxLength: 40 }),
		numberish,
		dateish,
		fc.uuid()
	];
	if (ids.length) arbitraries.push(fc.constantFrom(...ids));
	if (options.huge !== false) arbitraries.push(hugeString);
	return fc.oneof(...arbitraries);
}

/** A file where the action expects text (or a file with a hostile name and type). */
const hostileFile = fc
	.record({
		name: fc.constantFrom('a.txt', '../../etc/passwd', 'x\u0000.pdf', '', 'é'.repeat(300)),
		type: fc.constantFrom('text/plain', 'application/pdf', 'text/html', ''),
		body: fc.constantFrom('hello', '<script>alert(1)</script>', '')
	})
	.map(({ name, type, body }) => new File([body], name, { type }));

type FieldPlan =
	| { kind: 'keep' }
	| { kind: 'drop' }
	| { kind: 'replace'; value: FieldValue }
	| { kind: 'twice'; value: FieldValue };

/**
 * What happens to one field. Keeping is weighted by the number of fields, so that about one
 * field per request is broken: the rest stay valid, and the broken one has to get past every
 * check before it, not only the first.
 */
function fieldPlan(ids: readonly string[], huge: boolean, fields: number): fc.Arbitrary<FieldPlan> {
	const text = hostileText(ids, { huge });
	return fc.oneof(
		{ weight: 6 * fields, arbitrary: fc.constant<FieldPlan>({ kind: 'keep' }) },
		{ weight: 1, arbitrary: fc.constant<FieldPlan>({ kind: 'drop' }) },
		{ weight: 3, arbitrary: text.map<FieldPlan>((value) => ({ kind: 'replace', value })) },
		{ weight: 1, arbitrary: text.map<FieldPlan>((value) => ({ kind: 'twice', value })) },
		{
			weight: 1,
			arbitrary: hostileFile.map<FieldPlan>((value) => ({ kind: 'replace', value }))
		}
	);
}

const junkFieldName = fc.constantFrom(
	'created_by',
	'id',
	'group_id',
	'role',
	'is_admin',
	'__proto__',
	'constructor',
	'',
	'a\u0000b',
	'x'.repeat(5000)
);

export interface FormShape {
	/** Each field with the values a valid request may carry (one is picked). */
	fields: Record<string, readonly string[]>;
	/** Fields that carry a file in a valid request. */
	files?: Record<string, () => File>;
	/** Foreign and look-alike ids to try in any field. */
	ids: readonly string[];
	/** false for query strings: a URL cannot carry 100 kB. */
	huge?: boolean;
}

/** A valid form, then some of it broken (now and then nothing: a valid request, accepted). */
export function hostileEntries(shape: FormShape): fc.Arbitrary<Entries> {
	const names = Object.keys(shape.fields);
	const fileNames = Object.keys(shape.files ?? {});
	const huge = shape.huge !== false;
	const validValue = (name: string) => fc.constantFrom(...(shape.fields[name] ?? ['']));
	return fc
		.record({
			valid: fc.tuple(...names.map(validValue)),
			plans: fc.tuple(
				...[...names, ...fileNames].map(() =>
					fieldPlan(shape.ids, huge, names.length + fileNames.length)
				)
			),
			// An unknown field in one request out of four (strict schemas refuse those).
			junk: fc.oneof(
				{ weight: 3, arbitrary: fc.constant<[string, string][]>([]) },
				{
					weight: 1,
					arbitrary: fc.tuple(junkFieldName, hostileText(shape.ids, { huge })).map((j) => [j])
				}
			),
			shuffle: fc.boolean()
		})
		.map(({ valid, plans, junk, shuffle }) => {
			const entries: Entries = [];
			[...names, ...fileNames].forEach((name, i) => {
				const plan = plans[i] ?? { kind: 'keep' };
				const original: FieldValue =
					i < names.length ? (valid[i] ?? '') : (shape.files?.[name]?.() ?? '');
				if (plan.kind === 'keep') entries.push([name, original]);
				else if (plan.kind === 'replace') entries.push([name, plan.value]);
				else if (plan.kind === 'twice') entries.push([name, original], [name, plan.value]);
			});
			entries.push(...junk);
			return shuffle ? entries.reverse() : entries;
		});
}

// SvelteKit decodes a route parameter from the URL, so it is always well-formed UTF-16: a lone
// surrogate arrives as U+FFFD.
const wellFormed = (s: string) =>
	s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/** A route parameter: mostly the right one, else a foreign id, a random uuid or junk. */
export function hostileParam(valid: readonly string[], ids: readonly string[]) {
	return fc.oneof(
		{ weight: 3, arbitrary: fc.constantFrom(...valid) },
		{
			weight: 2,
			arbitrary: hostileText(ids, { huge: false })
				.filter((s) => s.length > 0)
				.map(wellFormed)
		}
	);
}

/**
 * Control characters a route parameter can carry once SvelteKit decodes the path (`/x/%00`): each
 * is sent, alone and inside a plausible value, to every parameter of every route. PostgreSQL
 * refuses NUL in text with an error, so one that reaches a query is a 500.
 */
export const CONTROL_PARAM_VALUES: readonly string[] = [
	'\u0000',
	'a\u0000b',
	'%00',
	'\u0001',
	'\u0008',
	'\t',
	'\n',
	'\r\n',
	'\u001b[31m',
	'\u001f',
	'\u007f',
	'\u0085',
	'\u2028',
	'\uFEFF'
];

/**
 * Action names no page has but SvelteKit would try: `default` is reserved (SvelteKit throws on
 * `?/default` when a page has named actions), the rest are Object.prototype's own properties,
 * which a lookup on a page's `actions` object finds; then names that simply do not exist.
 */
export const RESERVED_ACTION_NAMES: readonly string[] = [
	'default',
	'constructor',
	'__proto__',
	'toString',
	'hasOwnProperty',
	'valueOf',
	'isPrototypeOf',
	'nope',
	'',
	'a\u0000b',
	'\u00e9'
];

/**
 * `next` values (where to go after signing in, or after a preference is saved) that are odd,
 * off-site in disguise, or too long: every answer must stay on the site and be a redirect a
 * header can carry (SvelteKit's `redirect()` with non-ASCII in it fails as a 500).
 */
export const ODD_NEXT_VALUES: readonly string[] = [
	'/\u3002evil.example',
	'/%E3%80%82evil.example',
	'\u3002evil.example',
	'/\u3002\u3002/evil.example',
	'/\uFF0F\uFF0Fevil.example',
	'\uFF0F\uFF0Fevil.example',
	'/\uFF3Cevil.example',
	'//evil.example',
	'///evil.example',
	'/%2F%2Fevil.example',
	'/%2f/evil.example',
	'/.//evil.example',
	'/a/..//evil.example',
	'/\\evil.example',
	'\\\\evil.example',
	'/\\/evil.example',
	'https://evil.example/',
	'http:evil.example',
	'javascript:alert(1)',
	'/\t/evil.example',
	'/\u0000',
	'/\u2028',
	'/caf\u00e9?q=\u00f1#\u00e9',
	'/\u{1F600}',
	'/\uD800',
	`/${'a'.repeat(5000)}`,
	`/${'\u3002'.repeat(300)}`,
	`/${'\u00e9'.repeat(1500)}`
];

export const encodingArbitrary: fc.Arbitrary<Encoding> = fc.oneof(
	{ weight: 12, arbitrary: fc.constant<Encoding>('multipart') },
	{ weight: 3, arbitrary: fc.constant<Encoding>('urlencoded') },
	{ weight: 1, arbitrary: fc.constant<Encoding>('text/plain') },
	// SvelteKit answers 415 itself before an action sees JSON; an endpoint gets it as sent.
	{ weight: 1, arbitrary: fc.constant<Encoding>('json') },
	{ weight: 1, arbitrary: fc.constant<Encoding>('broken-multipart') }
);

/** The request body as the browser (or someone pretending to be one) would send it. */
export function encodeBody(entries: Entries, encoding: Encoding): RequestInit {
	if (encoding === 'multipart') {
		const form = new FormData();
		for (const [name, value] of entries) form.append(name, value);
		return { method: 'POST', body: form };
	}
	const pairs = entries.map(([k, v]) => [k, typeof v === 'string' ? v : v.name]);
	if (encoding === 'urlencoded') {
		return {
			method: 'POST',
			body: new URLSearchParams(pairs).toString(),
			headers: { 'content-type': 'application/x-www-form-urlencoded' }
		};
	}
	if (encoding === 'text/plain') {
		// What <form enctype="text/plain"> sends: SvelteKit lets it through to the action.
		return {
			method: 'POST',
			body: pairs.map(([k, v]) => `${k}=${v}`).join('\r\n'),
			headers: { 'content-type': 'text/plain' }
		};
	}
	if (encoding === 'json') {
		return {
			method: 'POST',
			body: JSON.stringify(Object.fromEntries(pairs)),
			headers: { 'content-type': 'application/json' }
		};
	}
	return {
		method: 'POST',
		body: `--nope\r\ncontent-disposition: form-data; name="x"\r\n\r\ny`,
		headers: { 'content-type': 'multipart/form-data; boundary=other' }
	};
}
