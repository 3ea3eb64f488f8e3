import mammoth from 'mammoth';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, seedTemplates, withClaims, type Claims } from '../../src/lib/server/db';
import {
	actions,
	load as editLoad
} from '../../src/routes/templates/[slug=slug]/edit/+page.server';
import { POST as download } from '../../src/routes/templates/[slug=slug]/download/+server';
import { ORIGINALS } from '../../scripts/template-originals';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

// The edit page and the download endpoint, called as SvelteKit calls them, per persona.

const SLUG = 'county-board-resolution-en';
const saveEdit = (event: never) => {
	if (!actions.default) throw new Error('the edit page has no default action');
	return actions.default(event);
};
const original = ORIGINALS.find((t) => t.slug === SLUG)!;

describe.each(ENGINES)('template routes under claims (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let organizer: Persona, admin: Persona;

	const eventFor = (persona: Persona | null, body?: Record<string, string>) => {
		const db = database().db;
		const claims: Claims = persona?.claims ?? ANON;
		const path = `/templates/${SLUG}/edit`;
		const form = new FormData();
		for (const [key, value] of Object.entries(body ?? {})) form.set(key, value);
		return {
			params: { slug: SLUG },
			url: new URL(`https://atlas.test${path}`),
			request: new Request(`https://atlas.test${path}`, body ? { method: 'POST', body: form } : {}),
			locals: {
				user: persona ? { id: persona.id, email: persona.email } : null,
				claims,
				withClaims: <T>(fn: Parameters<typeof withClaims<T>>[2]) => withClaims(db, claims, fn)
			}
		} as never;
	};
	const outcome = async (promise: unknown) => {
		try {
			return await promise;
		} catch (thrown) {
			return { thrown: (thrown as { status?: number }).status ?? thrown };
		}
	};

	beforeAll(async () => {
		const d = database();
		await seedTemplates(d.engine);
		[organizer, admin] = await Promise.all([
			createPersona(d, 'organizer'),
			createPersona(d, 'admin', { siteAdmin: true })
		]);
	});

	const edit = (overrides: Record<string, string> = {}) => ({
		title: `${original.title} (revised)`,
		body: original.body,
		variables: JSON.stringify(original.variables),
		facts: JSON.stringify(original.facts),
		reviewed_on: '2026-11-25',
		change_note: 'Revised title',
		published: 'on',
		...overrides
	});

	it('the edit page is for site admins only', async () => {
		expect(await outcome(editLoad(eventFor(null)))).toEqual({ thrown: 303 });
		expect(await outcome(editLoad(eventFor(organizer)))).toEqual({ thrown: 403 });
		const data = (await editLoad(eventFor(admin))) as { next: number };
		expect(data.next).toBe(2);
	});

	it('an organizer posting an edit is refused', async () => {
		expect(await outcome(saveEdit(eventFor(organizer, edit())))).toEqual({
			thrown: 403
		});
	});

	it('bad JSON and undeclared placeholders come back as field errors', async () => {
		const bad = (await saveEdit(
			eventFor(admin, edit({ variables: '[{', body: `${original.body}\n\n{{nope}}` }))
		)) as { status: number; data: { errors: Record<string, string[]> } };
		expect(bad.status).toBe(400);
		expect(bad.data.errors.variables).toEqual(['This is not valid JSON.']);
		const undeclared = (await saveEdit(
			eventFor(admin, edit({ body: `${original.body}\n\n{{nope}}` }))
		)) as { status: number; data: { errors: Record<string, string[]> } };
		expect(undeclared.data.errors.body).toEqual(['The text uses an undeclared variable "nope".']);
	});

	it('a valid edit saves version 2', async () => {
		const saved = await saveEdit(eventFor(admin, edit()));
		expect(saved).toEqual({ saved: true, message: 'Saved as version 2.' });
	});

	it('downloads a Word file, or explains what is missing', async () => {
		const values = Object.fromEntries(
			original.variables.map((v) => [`v_${v.name}`, v.example ?? ''])
		);
		const response = (await download(eventFor(null, { ...values, format: 'docx' }))) as Response;
		expect(response.status).toBe(200);
		expect(response.headers.get('content-disposition')).toBe(
			`attachment; filename="${SLUG}-v2.docx"`
		);
		const buffer = Buffer.from(await response.arrayBuffer());
		const { value: text } = await mammoth.extractRawText({ buffer });
		expect(text).toContain('WHEREAS, Pine County has a long history');
		expect(text).not.toContain('{{');

		const incomplete = (await download(
			eventFor(null, { ...values, v_body_name: '', format: 'text' })
		)) as Response;
		expect(incomplete.status).toBe(400);
		expect(await incomplete.text()).toContain('<li>Name of the body: Fill in this field.</li>');
	});
});
