import { describe, expect, it } from 'vitest';
import { mailtoLink, MAILTO_MAX_LENGTH } from '../../src/lib/act/mailto';

/** Reads a mailto: link back the way a mail client does. */
function parse(href: string) {
	const url = new URL(href);
	return {
		to: decodeURIComponent(url.pathname).split(','),
		subject: url.searchParams.get('subject'),
		body: url.searchParams.get('body')
	};
}

describe('the mailto link of the call to act', () => {
	it('carries every recipient, the subject and the body, with CRLF line breaks', () => {
		const link = mailtoLink(
			['ada@city.example.gov', 'bo+council@city.example.gov'],
			'Vote yes & welcome = 100%?',
			'Dear council,\nPlease vote yes.\n\n— A resident'
		);
		expect(link?.withBody).toBe(true);
		expect(
			link?.href.startsWith('mailto:ada@city.example.gov,bo%2Bcouncil@city.example.gov?')
		).toBe(true);
		expect(link?.href).not.toMatch(/[\s\n]/);
		expect(parse(link!.href)).toEqual({
			to: ['ada@city.example.gov', 'bo+council@city.example.gov'],
			subject: 'Vote yes & welcome = 100%?',
			body: 'Dear council,\r\nPlease vote yes.\r\n\r\n— A resident'
		});
	});

	it('leaves the body out when the link would be too long to open', () => {
		const body = 'Please vote yes. '.repeat(200);
		const link = mailtoLink(['ada@city.example.gov'], 'Vote yes', body);
		expect(link?.withBody).toBe(false);
		expect(link!.href.length).toBeLessThanOrEqual(MAILTO_MAX_LENGTH);
		expect(parse(link!.href)).toEqual({
			to: ['ada@city.example.gov'],
			subject: 'Vote yes',
			body: null
		});
	});

	it('needs at least one recipient, and works without a letter', () => {
		expect(mailtoLink([], 'Vote yes', 'Body')).toBeNull();
		expect(mailtoLink(['ada@city.example.gov'], null, null)).toEqual({
			href: 'mailto:ada@city.example.gov',
			withBody: false
		});
	});
});
