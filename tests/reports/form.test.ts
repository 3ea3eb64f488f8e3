import { beforeAll, describe, expect, it } from 'vitest';
import { REPORT_LIMIT, handleReport } from '../../src/lib/server/reports/submit';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { storedRateKey, storedRateKeys } from '../helpers/rate-limits';
import { reportForm, requestEvent } from './events';

// The public report form's action, called as SvelteKit calls it, under the visitor's claims, with
// the owner's handle for the rate limit only. Each refusal must be a 4xx that writes nothing.

type Failure = { status: number; data: { errors: Record<string, string[]>; message: string } };

describe.each(ENGINES)('the public report form (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let visitor: Persona;
	let ipCounter = 0;
	/** Each test reports from its own address, so the rate limit only counts its own posts. */
	const nextIp = () => `198.51.100.${++ipCounter}`;

	const post = (form: Record<string, string>, options: { ip?: string; persona?: Persona } = {}) => {
		const { event, headers } = requestEvent(database(), {
			path: '/report',
			form,
			ip: options.ip ?? nextIp(),
			persona: options.persona
		});
		return { result: handleReport(event), headers };
	};
	const reportCount = async () =>
		Number(
			(
				await database()
					.db.selectFrom('resolution_reports')
					.select((eb) => eb.fn.countAll().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);

	beforeAll(async () => {
		visitor = await createPersona(database(), 'visitor');
	});

	it('a visitor, signed out or in, files a pending report with what they typed', async () => {
		expect(await post(reportForm()).result).toEqual({
			sent: true,
			message: 'Thank you. Your report is in the moderation queue; a site admin will check it.'
		});
		const row = await database()
			.db.selectFrom('resolution_reports')
			.selectAll()
			.where('title', '=', 'Resolution welcoming refugees to Lakeview')
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			place_name: 'Lakeview',
			place_kind: 'city',
			state_code: 'MN',
			status: 'adopted',
			decided_on: '2024-05-14',
			body: 'City Council',
			source_url: 'https://lakeview.example.org/minutes/2024-05-14',
			notes: 'Passed 6 to 1.',
			contact_email: 'neighbor@example.org',
			state: 'pending',
			decided_at: null,
			resolution_id: null
		});

		const signedIn = await post(
			reportForm({ title: 'Signed-in report', contact_email: '', body: '', decided_on: '' }),
			{ persona: visitor }
		).result;
		expect(signedIn).toMatchObject({ sent: true });
		const second = await database()
			.db.selectFrom('resolution_reports')
			.select(['contact_email', 'body', 'decided_on', 'notes'])
			.where('title', '=', 'Signed-in report')
			.executeTakeFirstOrThrow();
		expect(second).toEqual({
			contact_email: null,
			body: null,
			decided_on: null,
			notes: 'Passed 6 to 1.'
		});
	});

	it('a filled honeypot is answered like a report but nothing is written', async () => {
		const before = await reportCount();
		const result = await post(reportForm({ website: 'https://spam.example' })).result;
		expect(result).toMatchObject({ sent: true });
		expect(await reportCount()).toBe(before);
	});

	const badFields: [string, Record<string, string>, string][] = [
		['place_name', { place_name: '' }, 'Enter the place (1 to 200 characters).'],
		['place_name', { place_name: 'x'.repeat(201) }, 'Enter the place (1 to 200 characters).'],
		['place_kind', { place_kind: 'planet' }, 'Choose the kind of place.'],
		['state_code', { state_code: 'ZZ' }, 'Choose a state.'],
		['state_code', { state_code: '' }, 'Choose a state.'],
		['status', { status: 'passed' }, 'Choose the outcome.'],
		[
			'decided_on',
			{ decided_on: '2024-02-30' },
			'Enter a date between 1980 and 2100, or leave it empty.'
		],
		[
			'decided_on',
			{ decided_on: '1979-12-31' },
			'Enter a date between 1980 and 2100, or leave it empty.'
		],
		[
			'decided_on',
			{ decided_on: 'May 2024' },
			'Enter a date between 1980 and 2100, or leave it empty.'
		],
		['title', { title: '   ' }, 'Enter the title (1 to 300 characters).'],
		['title', { title: 't'.repeat(301) }, 'Enter the title (1 to 300 characters).'],
		['body', { body: 'b'.repeat(201) }, 'Keep the body to 200 characters.'],
		[
			'source_url',
			{ source_url: '' },
			'Enter a link starting with https:// or http:// (up to 2,000 characters).'
		],
		[
			'source_url',
			{ source_url: 'javascript:alert(1)' },
			'Enter a link starting with https:// or http:// (up to 2,000 characters).'
		],
		[
			'source_url',
			{ source_url: 'ftp://example.org/x' },
			'Enter a link starting with https:// or http:// (up to 2,000 characters).'
		],
		[
			'source_url',
			{ source_url: 'https://' },
			'Enter a link starting with https:// or http:// (up to 2,000 characters).'
		],
		[
			'source_url',
			{ source_url: `https://example.org/${'a'.repeat(2000)}` },
			'Enter a link starting with https:// or http:// (up to 2,000 characters).'
		],
		['notes', { notes: 'n'.repeat(2001) }, 'Keep the notes to 2,000 characters.'],
		[
			'contact_email',
			{ contact_email: 'not-an-email' },
			'Enter a valid email address, or leave it empty.'
		]
	];

	it.each(badFields)(
		'bad %s (%j) is a 400 naming the field, and nothing is written',
		async (field, override, message) => {
			const before = await reportCount();
			const result = (await post(reportForm(override)).result) as Failure;
			expect(result.status).toBe(400);
			expect(result.data.message).toBe('Please correct the marked fields.');
			expect(result.data.errors[field]).toEqual([message]);
			expect(await reportCount()).toBe(before);
		}
	);

	it('a field sent twice is refused, not guessed', async () => {
		const { event } = requestEvent(database(), { path: '/report', ip: nextIp() });
		const form = new FormData();
		for (const [key, value] of Object.entries(reportForm())) form.set(key, value);
		form.append('title', 'Second title');
		(event as { request: Request }).request = new Request('https://atlas.test/report', {
			method: 'POST',
			body: form
		});
		const before = await reportCount();
		const result = (await handleReport(event)) as Failure;
		expect(result.status).toBe(400);
		expect(Object.keys(result.data.errors)).toEqual(['title']);
		expect(await reportCount()).toBe(before);
	});

	it(`allows ${REPORT_LIMIT.max} reports an hour per connection, then a 429 with Retry-After`, async () => {
		const ip = '203.0.113.77';
		for (let i = 0; i < REPORT_LIMIT.max; i++) {
			expect(await post(reportForm({ title: `Limited ${i}` }), { ip }).result).toMatchObject({
				sent: true
			});
		}
		const before = await reportCount();
		const { result, headers } = post(reportForm({ title: 'One too many' }), { ip });
		const refused = (await result) as Failure & { data: { values: Record<string, string> } };
		expect(refused.status).toBe(429);
		expect(refused.data.message).toMatch(
			/^Too many reports from your connection\. Try again in \d+ minutes\.$/
		);
		expect(refused.data.values.title).toBe('One too many');
		expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
		expect(Number(headers['Retry-After'])).toBeLessThanOrEqual(REPORT_LIMIT.windowSeconds);
		expect(await reportCount()).toBe(before);
		// Another connection is not affected.
		expect(await post(reportForm({ title: 'Elsewhere' })).result).toMatchObject({ sent: true });
	});

	it('keys the limit by a keyed hash of the address: no raw IP is stored', async () => {
		await post(reportForm({ title: 'Hashed' }), { ip: '203.0.113.200' }).result;
		const keys = await storedRateKeys(database().db);
		const stored = await storedRateKey(database().db, `report:ip:${'203.0.113.200'}`);
		expect(keys).toContain(stored);
		expect(stored).toMatch(/^report:ip:[0-9a-f]{64}$/);
		expect(keys.filter((key) => /\d+\.\d+\.\d+\.\d+/.test(key))).toEqual([]);
	});
});
