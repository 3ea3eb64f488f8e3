import { describe, expect, it } from 'vitest';
import { formFields, languageFormSchema, nextSchema, themeFormSchema } from './preferences';
import { isSameSitePath, safeNextPath } from './url';

describe('nextSchema', () => {
	it.each([
		['/', '/'],
		['/templates', '/templates'],
		['/groups/42?tab=tasks#today', '/groups/42?tab=tasks#today'],
		['/search?q=a%2F%2Fb', '/search?q=a%2F%2Fb'],
		['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
		['/a//b', '/a//b']
	])('accepts the same-site path %j', (input, expected) => {
		expect(nextSchema.parse(input)).toBe(expected);
	});

	it.each([undefined, null, ''])('defaults %j to /', (input) => {
		expect(nextSchema.parse(input)).toBe('/');
	});

	it.each([
		'//evil.example',
		'///evil.example',
		'/\\evil.example',
		'/\\/evil.example',
		'\\\\evil.example',
		'https://evil.example/',
		'http:/evil.example',
		'javascript:alert(1)',
		'evil.example',
		'templates',
		' /templates',
		'/\t/evil.example',
		'/\n/evil.example',
		'/\r\n/evil.example',
		'/ /evil.example',
		'/\u0000',
		// A header cannot carry it: the preference forms would answer 500 on redirect.
		'/\u3002evil.example',
		'/caf\u00e9',
		`/${'a'.repeat(2000)}`
	])('rejects %j', (input) => {
		expect(nextSchema.safeParse(input).success).toBe(false);
	});

	it('rejects a file upload in place of a path', () => {
		expect(nextSchema.safeParse(new File(['/'], 'next.txt')).success).toBe(false);
	});
});

describe('isSameSitePath', () => {
	it('keeps every accepted path on the origin it is resolved against', () => {
		for (const path of ['/', '/a', '/./x', '/../x', '/a/..//b', '/%5Cevil']) {
			expect(isSameSitePath(path)).toBe(true);
			expect(new URL(path, 'https://atlas.example').origin).toBe('https://atlas.example');
		}
	});
});

describe('preference forms', () => {
	const form = (entries: Record<string, string>) => {
		const data = new FormData();
		for (const [name, value] of Object.entries(entries)) data.append(name, value);
		return data;
	};

	it('parses a theme form, defaulting next', () => {
		const fields = formFields(form({ theme: 'dark' }), ['theme', 'next']);
		expect(themeFormSchema.parse(fields)).toEqual({ theme: 'dark', next: '/' });
	});

	it('rejects an unknown theme', () => {
		const fields = formFields(form({ theme: 'sepia', next: '/' }), ['theme', 'next']);
		expect(themeFormSchema.safeParse(fields).success).toBe(false);
	});

	it('parses a language form and rejects unknown locales', () => {
		const ok = formFields(form({ lang: 'es', next: '/templates' }), ['lang', 'next']);
		expect(languageFormSchema.parse(ok)).toEqual({ lang: 'es', next: '/templates' });
		const bad = formFields(form({ lang: 'fr', next: '/' }), ['lang', 'next']);
		expect(languageFormSchema.safeParse(bad).success).toBe(false);
	});

	it('rejects an off-site next in either form', () => {
		const fields = formFields(form({ lang: 'en', next: '//evil.example' }), ['lang', 'next']);
		expect(languageFormSchema.safeParse(fields).success).toBe(false);
	});
});

describe('safeNextPath', () => {
	const HOME = '/home';

	it('keeps a same-site path and replaces anything else with the fallback', () => {
		expect(safeNextPath('/account?tab=1')).toBe('/account?tab=1');
		expect(safeNextPath('//evil.example', '/home')).toBe('/home');
		expect(safeNextPath(undefined, '/account')).toBe('/account');
		expect(safeNextPath(`/${'a'.repeat(2001)}`)).toBe('/');
	});

	it.each([
		['/', '/'],
		['/groups/42?tab=tasks#today', '/groups/42?tab=tasks#today'],
		['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
		['/%E3%80%82evil.example', '/%E3%80%82evil.example'],
		['/%5Cevil.example', '/%5Cevil.example'],
		['/a//b', '/a//b'],
		// Non-ASCII is encoded as a browser would request it: a header cannot carry it raw.
		['/\u3002evil.example', '/%E3%80%82evil.example'],
		['/\u3002\u3002/evil.example', '/%E3%80%82%E3%80%82/evil.example'],
		['/\uFF0F\uFF0Fevil.example', '/%EF%BC%8F%EF%BC%8Fevil.example'],
		['/\uFF3Cevil.example', '/%EF%BC%BCevil.example'],
		['/resoluci\u00f3n?q=caf\u00e9#se\u00f1al', '/resoluci%C3%B3n?q=caf%C3%A9#se%C3%B1al'],
		['/\u{1F600}', '/%F0%9F%98%80']
	])('keeps %j on this site as %j', (input, expected) => {
		expect(safeNextPath(input, HOME)).toBe(expected);
	});

	it.each([
		'//evil.example',
		'///evil.example',
		'/\\evil.example',
		'/\\/evil.example',
		'\\\\evil.example',
		'\\/evil.example',
		'https://evil.example/',
		'http:evil.example',
		'javascript:alert(1)',
		'\u3002evil.example',
		'\uFF0F\uFF0Fevil.example',
		'\uFF0F/evil.example',
		'evil.example',
		' /account',
		'/\t/evil.example',
		'/\n/evil.example',
		'/ /evil.example',
		'/\u0000',
		'/a\u0000b',
		'/\u0085/evil.example',
		'/\u2028/evil.example',
		'/\uD800',
		'/x\uDFFFy',
		'',
		`/${'a'.repeat(2000)}`,
		// Short enough before encoding, too long after (each full stop is nine characters).
		`/${'\u3002'.repeat(300)}`
	])('replaces %j with the fallback', (input) => {
		expect(safeNextPath(input, HOME)).toBe(HOME);
	});

	it.each([null, 42, {}, ['/account'], new File(['/'], 'next.txt')])(
		'replaces the non-string %j with the fallback',
		(input) => {
			expect(safeNextPath(input, HOME)).toBe(HOME);
		}
	);

	it('always returns something a Location header can carry and a browser keeps on this site', () => {
		const odd = [
			'/\u3002evil.example',
			'/%E3%80%82evil.example',
			'/\uFF0F\uFF0Fevil.example',
			'/%2F%2Fevil.example',
			'/%2f/evil.example',
			'/.//evil.example',
			'/a/..//evil.example',
			'/\u00e9'.repeat(300),
			'/?next=//evil.example',
			'/#//evil.example'
		];
		for (const input of odd) {
			const path = safeNextPath(input, HOME);
			expect(() => new Headers({ location: path }), input).not.toThrow();
			expect(path, input).toMatch(/^[\x21-\x7e]+$/);
			expect(new URL(path, 'https://atlas.example/some/page').origin, input).toBe(
				'https://atlas.example'
			);
		}
	});
});
