import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { withClaims, type Claims } from '../../src/lib/server/db';
import { COLUMNS } from '../../src/lib/server/import/rows';
import { actions, load } from '../../src/routes/organize/import/+page.server';
import { GET as progress } from '../../src/routes/organize/import/progress/+server';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

// The page and its actions as SvelteKit calls them: 404 for anyone but a site admin, readable
// 400s for bad input, and nothing written when an import fails.

const HEADER = COLUMNS.join(',');
const good = (name: string, title = 'Refugees Welcome resolution') =>
	`${name},city,MN,adopted,2018-03-04,City Council,${title},https://example.org/${encodeURIComponent(name)},Minutes,`;

describe.each(ENGINES)('/organize/import (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let admin: Persona, organizer: Persona;

	const event = (persona: Persona | null, body?: FormData) => {
		const db = database().db;
		const claims: Claims = persona?.claims ?? { role: 'anon' };
		const url = 'https://atlas.test/organize/import';
		return {
			url: new URL(url),
			request: body ? new Request(url, { method: 'POST', body }) : new Request(url),
			locals: {
				user: persona ? { id: persona.id, email: persona.email, claims } : null,
				claims,
				withClaims: <T>(fn: Parameters<typeof withClaims<T>>[2]) => withClaims(db, claims, fn)
			}
		} as never;
	};
	const status = async (promise: unknown) => {
		try {
			const value = (await promise) as { status?: number } | undefined;
			return value?.status ?? 200;
		} catch (thrown) {
			return (thrown as { status?: number }).status ?? 500;
		}
	};
	const upload = (text: string, mode = 'all_or_nothing') => {
		const body = new FormData();
		body.set('file', new File([text], 'resolutions.csv', { type: 'text/csv' }));
		body.set('mode', mode);
		return body;
	};
	const confirm = (text: string, mode = 'all_or_nothing') => {
		const body = new FormData();
		body.set('csv', text);
		body.set('mode', mode);
		return body;
	};
	const resolutions = async () =>
		Number(
			(
				await database()
					.db.selectFrom('resolutions')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);

	beforeAll(async () => {
		admin = await createPersona(database(), 'route-admin', { siteAdmin: true });
		organizer = await createPersona(database(), 'route-organizer');
	});

	it('is a 404 for anyone but a site admin, page and actions alike', async () => {
		const text = `${HEADER}\n${good('Minneapolis')}\n`;
		expect(await status(load(event(organizer)))).toBe(404);
		expect(await status(load(event(null)))).toBe(404);
		expect(await status(actions.preview!(event(organizer, upload(text))))).toBe(404);
		expect(await status(actions.import!(event(organizer, confirm(text))))).toBe(404);
		expect(await resolutions()).toBe(0);
		expect(await status(load(event(admin)))).toBe(200);
	});

	it('previews a file, then imports the checked text', async () => {
		const text = `${HEADER}\n${good('Minneapolis')}\n${good('Duluth')}\nEdina,city,MN,adopted,2019-13-01,,T,https://example.org,,\n`;
		const previewed = (await actions.preview!(event(admin, upload(text, 'valid_only')))) as {
			step: string;
			csv: string;
			mode: string;
			report: { total: number; valid: number; counts: Record<string, number> };
		};
		expect(previewed).toMatchObject({
			step: 'preview',
			csv: text,
			mode: 'valid_only',
			report: { total: 3, valid: 2, counts: { date: 1 } }
		});
		expect(await resolutions()).toBe(0);

		const strict = (await actions.import!(event(admin, confirm(text)))) as {
			status: number;
			data: { message: string };
		};
		expect(strict.status).toBe(400);
		expect(strict.data.message).toBe('Nothing was written: 1 rows have problems.');
		expect(await resolutions()).toBe(0);

		const done = await actions.import!(event(admin, confirm(text, 'valid_only')));
		expect(done).toMatchObject({ step: 'done', written: 2, placesWritten: 2, skipped: 1 });
		expect(await resolutions()).toBe(2);
	});

	it.each([
		['a missing file', () => new FormData(), 'Choose a CSV file.'],
		[
			'a broken header',
			() => upload(`name,kind,state\nMinneapolis,city,MN\n`),
			'The file cannot be read: the header lacks column(s): status, decided_on, body, title, source_url, source_title, notes.'
		],
		[
			'malformed quoting',
			() => upload(`${HEADER}\n"Minneapolis,city,MN\n`),
			'The file cannot be read: CSV line 2: unterminated quoted field. Check its quotes.'
		],
		[
			'an unknown mode',
			() => upload(`${HEADER}\n${good('Duluth')}\n`, 'some'),
			'Choose what to do with rows that have problems.'
		]
	])('answers %s with a readable 400', async (_label, body, message) => {
		const form = body();
		if (!form.has('mode')) form.set('mode', 'all_or_nothing');
		const result = (await actions.preview!(event(admin, form))) as {
			status: number;
			data: { message: string };
		};
		expect(result.status).toBe(400);
		expect(result.data.message).toContain(message);
	});

	it('reads a gzipped upload (as the page sends it with JavaScript) and refuses a broken one', async () => {
		const text = `${HEADER}\n${good('Bloomington')}\n`;
		const body = new FormData();
		body.set('file', new File([gzipSync(text)], 'import.csv.gz'));
		body.set('encoding', 'gzip');
		body.set('mode', 'all_or_nothing');
		expect(await actions.preview!(event(admin, body))).toMatchObject({
			step: 'preview',
			csv: text,
			report: { total: 1, valid: 1 }
		});
		body.set('file', new File(['not gzip'], 'import.csv.gz'));
		const broken = (await actions.import!(event(admin, body))) as {
			status: number;
			data: { message: string };
		};
		expect(broken.status).toBe(400);
		expect(broken.data.message).toContain('The compressed upload could not be read');
	});

	it('rejects an import without text or with a bad job id', async () => {
		const empty = (await actions.import!(event(admin, confirm('')))) as { status: number };
		expect(empty.status).toBe(400);
		const body = confirm(`${HEADER}\n${good('Duluth', 'Other')}\n`);
		body.set('job', 'not-a-uuid');
		expect(((await actions.import!(event(admin, body))) as { status: number }).status).toBe(400);
	});

	it('reports progress to the admin who runs the import only', async () => {
		const job = crypto.randomUUID();
		const body = confirm(`${HEADER}\n${good('Rochester')}\n`);
		body.set('job', job);
		expect(await actions.import!(event(admin, body))).toMatchObject({ written: 1 });
		const ask = (persona: Persona) =>
			progress({
				url: new URL(`https://atlas.test/organize/import/progress?job=${job}`),
				locals: { user: { id: persona.id } }
			} as never);
		const mine = await ask(admin);
		expect(await mine.json()).toEqual({ phase: 'done', done: 3, total: 3 });
		expect((await ask(organizer)).status).toBe(404);
	});
});
