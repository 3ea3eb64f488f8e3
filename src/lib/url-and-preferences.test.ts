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
	it('keeps a same-site path and replaces anything else with the fallback', () => {
		expect(safeNextPath('/account?tab=1')).toBe('/account?tab=1');
		expect(safeNextPath('//evil.example', '/home')).toBe('/home');
		expect(safeNextPath(undefined, '/account')).toBe('/account');
		expect(safeNextPath(`/${'a'.repeat(2001)}`)).toBe('/');
	});
});
