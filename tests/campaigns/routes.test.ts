import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, seedTemplates, withClaims, type Claims } from '../../src/lib/server/db';
import { load as listLoad } from '../../src/routes/organize/+page.server';
import { actions as startActions } from '../../src/routes/organize/new/+page.server';
import { load as layoutLoad } from '../../src/routes/organize/[id]/+layout.server';
import {
	actions as editorActions,
	load as editorLoad
} from '../../src/routes/organize/[id]/+page.server';
import { actions as teamActions } from '../../src/routes/organize/[id]/team/+page.server';
import { actions as joinActions } from '../../src/routes/organize/join/[token]/+page.server';
import { load as publicLoad } from '../../src/routes/resolutions/[slug=slug]/+page.server';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';

// The organizers' pages and actions, called as SvelteKit calls them, per persona.

type Handler = (event: never) => unknown;

describe.each(ENGINES)('campaign routes under claims (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let lead: Persona, editor: Persona, stranger: Persona;

	const eventFor = (
		persona: Persona | null,
		path: string,
		params: Record<string, string>,
		body?: Record<string, string>
	) => {
		const db = database().db;
		const claims: Claims = persona?.claims ?? ANON;
		const form = new FormData();
		for (const [key, value] of Object.entries(body ?? {})) form.set(key, value);
		const locals = {
			user: persona ? { id: persona.id, email: persona.email } : null,
			claims,
			withClaims: <T>(fn: Parameters<typeof withClaims<T>>[2]) => withClaims(db, claims, fn),
			// Campaign documents are tested in e2e; pages list none here.
			storage: { list: async () => [] }
		};
		const event = {
			params,
			url: new URL(`https://atlas.test${path}`),
			request: new Request(`https://atlas.test${path}`, body ? { method: 'POST', body: form } : {}),
			locals,
			parent: async () => layoutLoad({ params, locals } as never)
		};
		return event as never;
	};
	/** What a handler returned, or the status it threw (redirects and errors) and where to. */
	const outcome = async (promise: unknown) => {
		try {
			return await promise;
		} catch (thrown) {
			const t = thrown as { status?: number; location?: string };
			return { thrown: t.status ?? thrown, location: t.location };
		}
	};
	const call = (handler: Handler | undefined, event: never) => {
		if (!handler) throw new Error('no such action');
		return outcome(handler(event));
	};
	const countResolutions = async () =>
		Number(
			(
				await database()
					.db.selectFrom('resolutions')
					.select((eb) => eb.fn.countAll().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
	const row = (id: string) =>
		database()
			.db.selectFrom('resolutions')
			.selectAll()
			.where('id', '=', id)
			.executeTakeFirstOrThrow();

	async function start(persona: Persona, body: Record<string, string>) {
		const result = (await call(
			startActions.default,
			eventFor(persona, '/organize/new', {}, body)
		)) as { thrown?: number; location?: string };
		return result;
	}

	let campaignId: string;

	beforeAll(async () => {
		const d = database();
		await seedTemplates(d.engine);
		[lead, editor, stranger] = await Promise.all([
			createPersona(d, 'lead'),
			createPersona(d, 'editor'),
			createPersona(d, 'stranger')
		]);
		const started = await start(lead, {
			place_kind: 'city',
			place_name: 'Bend',
			place_state: 'OR',
			place_lat: '44.0582',
			place_lon: '-121.3153',
			body: 'City Council',
			template: 'city-council-resolution-en'
		});
		expect(started.thrown).toBe(303);
		campaignId = started.location!.split('/').pop()!;
		await d.db
			.insertInto('resolution_members')
			.values({ resolution_id: campaignId, user_id: editor.id, role: 'editor' })
			.execute();
	});

	const id = () => ({ id: campaignId });
	const editorEvent = (persona: Persona | null, body?: Record<string, string>) =>
		eventFor(persona, `/organize/${campaignId}`, id(), body);

	it('starting from a template makes a draft led by its creator, with the filled text', async () => {
		const saved = await row(campaignId);
		expect(saved).toMatchObject({ visibility: 'draft', stage: 'drafting', status: 'pending' });
		expect(saved.template_version_id).not.toBeNull();
		expect(saved.text).toContain('Bend');
		expect(saved.title).toContain('Bend');
		const place = await database()
			.db.selectFrom('places')
			.selectAll()
			.where('id', '=', saved.place_id)
			.executeTakeFirstOrThrow();
		expect(place).toMatchObject({ lat: 44.0582, lon: -121.3153, location_source: 'organizer' });
		const data = (await editorLoad(editorEvent(lead))) as {
			template: { adapted: number } | null;
		};
		expect(data.template?.adapted).toBe(0);
	});

	it('bad start input gets a clear 400 and writes nothing', async () => {
		const before = await countResolutions();
		const cases: Record<string, string>[] = [
			{ place_kind: 'city', place_name: '', place_state: 'OR' },
			{ place_kind: 'city', place_name: 'X', place_state: 'ZZ' },
			{ place_kind: 'planet', place_name: 'X', place_state: 'OR' },
			{ place_kind: 'city', place_name: 'X', place_state: 'OR', place_lat: '91' },
			{ place_kind: 'city', place_name: 'X'.repeat(201), place_state: 'OR' },
			{ place_kind: 'city', place_name: 'X', place_state: 'OR', template: 'no-such-template' },
			{ place_kind: 'city', place_name: 'X', place_state: 'OR', body: 'B'.repeat(201) }
		];
		for (const body of cases) {
			const result = (await start(stranger, body)) as {
				status?: number;
				data?: { message?: string };
			};
			expect(result.status, JSON.stringify(body)).toBe(400);
			expect(result.data?.message).toBeTruthy();
		}
		expect(await countResolutions()).toBe(before);
	});

	it('a blank start needs only the place', async () => {
		const result = await start(stranger, {
			place_kind: 'school_district',
			place_name: 'Bend-La Pine Schools',
			place_state: 'OR'
		});
		expect(result.thrown).toBe(303);
		const saved = await row(result.location!.split('/').pop()!);
		expect(saved.text).toBe('');
		expect(saved.template_version_id).toBeNull();
		expect(saved.title).toContain('Bend-La Pine Schools');
	});

	it('a place typed without coordinates is located by the offline gazetteer', async () => {
		const result = await start(stranger, {
			place_kind: 'city',
			place_name: 'Eugene',
			place_state: 'OR'
		});
		const saved = await row(result.location!.split('/').pop()!);
		const place = await database()
			.db.selectFrom('places')
			.selectAll()
			.where('id', '=', saved.place_id)
			.executeTakeFirstOrThrow();
		expect(place.lat).toBeCloseTo(44.05, 1);
		expect(place.lon).toBeCloseTo(-123.09, 1);
		expect(place.county).toBe('Lane');
		expect(place.location_source).toContain('GeoNames');
	});

	it('a stranger and a visitor get 404 or sign-in on every campaign page and action', async () => {
		expect(await outcome(layoutLoad(editorEvent(stranger)))).toMatchObject({ thrown: 404 });
		expect(await outcome(layoutLoad(editorEvent(null)))).toMatchObject({ thrown: 401 });
		for (const [name, handler] of Object.entries(editorActions)) {
			expect(await call(handler, editorEvent(stranger, { title: 'x' })), name).toMatchObject({
				thrown: 404
			});
		}
		for (const [name, handler] of Object.entries(teamActions)) {
			expect(await call(handler, editorEvent(stranger, { role: 'lead' })), name).toMatchObject({
				thrown: 404
			});
		}
		expect(
			await outcome(layoutLoad(eventFor(stranger, '/organize/x', { id: 'not-a-uuid' })))
		).toMatchObject({
			thrown: 404
		});
	});

	it('the editor saves; bad input gets a clear 400 and changes nothing', async () => {
		const good = {
			title: 'Bend Welcomes Refugees',
			text: '# Bend Welcomes Refugees\n\nWHEREAS Bend is home to many; and',
			body: 'City Council',
			official_number: 'RES-2026-14',
			official_url: 'https://bend.example.gov/res-2026-14',
			votes_for: '',
			votes_against: '',
			votes_abstain: '',
			next_step: 'Public hearing',
			next_step_on: '2026-12-10',
			endorsers: 'Bend Interfaith Council\n\nCentral Oregon Welcomes'
		};
		const bad: Record<string, string>[] = [
			{ title: '' },
			{ title: 'T'.repeat(301) },
			{ official_url: 'javascript:alert(1)' },
			{ votes_for: '-3' },
			{ votes_for: 'many' },
			{ next_step_on: '2026-02-30' },
			{ next_step_on: '3000-01-01' },
			{ endorsers: Array.from({ length: 201 }, (_, i) => `Org ${i}`).join('\n') },
			{ text: 'x'.repeat(100_001) }
		];
		const before = await row(campaignId);
		for (const change of bad) {
			const result = (await call(
				editorActions.save,
				editorEvent(editor, { ...good, ...change })
			)) as { status?: number; data?: { errors?: Record<string, string[]> } };
			expect(result.status, JSON.stringify(change).slice(0, 80)).toBe(400);
			expect(Object.keys(result.data?.errors ?? {})).toContain(Object.keys(change)[0]);
		}
		expect((await row(campaignId)).title).toBe(before.title);
		const saved = (await call(editorActions.save, editorEvent(editor, good))) as {
			message?: string;
		};
		expect(saved.message).toBeTruthy();
		expect(await row(campaignId)).toMatchObject({
			title: good.title,
			official_number: 'RES-2026-14',
			next_step_on: '2026-12-10',
			endorsers: ['Bend Interfaith Council', 'Central Oregon Welcomes']
		});
		const data = (await editorLoad(editorEvent(lead))) as { template: { adapted: number } };
		expect(data.template.adapted).toBeGreaterThan(0);
	});

	it('the pipeline refuses illegal moves and records every legal one with its note', async () => {
		const move = (who: Persona, body: Record<string, string>) =>
			call(editorActions.move, editorEvent(who, body)) as Promise<{
				status?: number;
				data?: { message?: string };
				message?: string;
			}>;
		const step = (target: string, occurred_on = '2026-11-02') => ({
			move: target,
			occurred_on,
			note: `Moved to ${target}`,
			source_url: ''
		});
		expect((await move(editor, step('stage:introduced'))).message).toBeTruthy();
		const eventsBefore = await database()
			.db.selectFrom('resolution_events')
			.select('id')
			.where('resolution_id', '=', campaignId)
			.execute();
		for (const bad of [
			step('stage:seeking_sponsor'), // backwards
			step('stage:signed'), // past adoption
			step('stage:first_reading'), // another body's stage
			step('end:adopted'),
			step('stage:in_committee', '2999-01-01'),
			{ ...step('stage:in_committee'), note: '' },
			{ ...step('stage:in_committee'), source_url: 'ftp://x' }
		]) {
			const result = await move(editor, bad);
			expect(result.status, JSON.stringify(bad)).toBe(400);
			expect(result.data?.message).toBeTruthy();
		}
		const eventsAfter = await database()
			.db.selectFrom('resolution_events')
			.select('id')
			.where('resolution_id', '=', campaignId)
			.execute();
		expect(eventsAfter).toHaveLength(eventsBefore.length);
		expect(await row(campaignId)).toMatchObject({ stage: 'introduced', status: 'pending' });

		await move(editor, step('stage:adopted', '2026-11-20'));
		expect(await row(campaignId)).toMatchObject({
			stage: 'adopted',
			status: 'adopted',
			decided_on: '2026-11-20',
			decided_on_precision: 'day'
		});
		expect((await move(editor, step('end:failed'))).status).toBe(400);
		await move(editor, step('stage:signed', '2026-11-21'));
		expect(await row(campaignId)).toMatchObject({ stage: 'signed', decided_on: '2026-11-20' });
		const events = await database()
			.db.selectFrom('resolution_events')
			.select(['stage', 'status', 'note'])
			.where('resolution_id', '=', campaignId)
			.orderBy('created_at')
			.execute();
		expect(events.map((e) => e.stage)).toEqual(['introduced', 'adopted', 'signed']);
		expect(events.map((e) => e.status)).toEqual(['pending', 'adopted', 'adopted']);
	});

	it('only a lead publishes; then the public sees it, with its template line', async () => {
		// Published, the campaign's address loses its "draft" (the old one redirects).
		const draftSlug = (await row(campaignId)).slug;
		const anonPage = (slug = draftSlug) =>
			outcome(publicLoad(eventFor(null, `/resolutions/${slug}`, { slug }))) as Promise<{
				thrown?: number;
				template?: { title: string; adapted: number };
				resolution?: { endorsers: string[] };
			}>;
		expect(await anonPage()).toMatchObject({ thrown: 404 });
		expect(await call(editorActions.publish, editorEvent(editor, {}))).toMatchObject({
			status: 403
		});
		expect((await row(campaignId)).visibility).toBe('draft');
		await call(editorActions.publish, editorEvent(lead, {}));
		const published = await row(campaignId);
		expect(published.visibility).toBe('published');
		expect(published.slug).not.toContain('draft');
		expect(await anonPage()).toMatchObject({
			thrown: 301,
			location: `/resolutions/${published.slug}`
		});
		const page = await anonPage(published.slug);
		expect(page.template?.adapted).toBeGreaterThan(0);
		expect(page.resolution?.endorsers).toEqual([
			'Bend Interfaith Council',
			'Central Oregon Welcomes'
		]);
		// A published campaign cannot be deleted as a draft.
		expect(await call(editorActions.delete, editorEvent(lead, {}))).toMatchObject({ status: 400 });
	});

	it('the team: invites by lead only, joining by link, and always a lead', async () => {
		expect(await call(teamActions.invite, editorEvent(editor, { role: 'editor' }))).toMatchObject({
			status: 403
		});
		expect(await call(teamActions.invite, editorEvent(lead, { role: 'owner' }))).toMatchObject({
			status: 400
		});
		const invited = (await call(teamActions.invite, editorEvent(lead, { role: 'editor' }))) as {
			inviteToken: string;
		};
		expect(invited.inviteToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const join = (token: string) =>
			call(joinActions.default, eventFor(stranger, `/organize/join/${token}`, { token }, {}));
		expect(await join('x'.repeat(43))).toMatchObject({ status: 400 });
		expect(await join(invited.inviteToken)).toMatchObject({
			thrown: 303,
			location: `/organize/${campaignId}`
		});
		const list = (await listLoad(eventFor(stranger, '/organize', {}))) as {
			campaigns: { id: string; role: string }[];
		};
		expect(list.campaigns.find((c) => c.id === campaignId)?.role).toBe('editor');

		// The only lead cannot leave or be demoted; after a hand-over they can.
		expect(await call(teamActions.leave, editorEvent(lead, {}))).toMatchObject({ status: 400 });
		expect(
			await call(teamActions.role, editorEvent(lead, { user_id: 'nope', role: 'lead' }))
		).toMatchObject({
			status: 400
		});
		await call(teamActions.role, editorEvent(lead, { user_id: editor.id, role: 'lead' }));
		expect(await call(teamActions.leave, editorEvent(lead, {}))).toMatchObject({
			thrown: 303,
			location: '/organize'
		});
		expect(await outcome(layoutLoad(editorEvent(lead)))).toMatchObject({ thrown: 404 });
		expect(
			await call(teamActions.remove, editorEvent(editor, { user_id: stranger.id }))
		).toMatchObject({
			message: expect.any(String)
		});
		expect(await outcome(layoutLoad(editorEvent(stranger)))).toMatchObject({ thrown: 404 });
	});

	it('my campaigns flags those quiet for longer than the chosen number of days', async () => {
		const d = database();
		const started = await start(stranger, {
			place_kind: 'county',
			place_name: 'Deschutes County',
			place_state: 'OR'
		});
		const quietId = started.location!.split('/').pop()!;
		// The row's trigger stamps updated_at on every update: set it back with the trigger off.
		await d.db.transaction().execute(async (tx) => {
			await tx.executeQuery({
				sql: 'alter table public.resolutions disable trigger resolutions_stamp',
				parameters: []
			} as never);
			await tx
				.updateTable('resolutions')
				.set({ updated_at: new Date('2026-01-01') })
				.where('id', '=', quietId)
				.execute();
			await tx.executeQuery({
				sql: 'alter table public.resolutions enable trigger resolutions_stamp',
				parameters: []
			} as never);
		});
		const list = async (stale?: string) =>
			(await listLoad(eventFor(stranger, `/organize${stale ? `?stale=${stale}` : ''}`, {}))) as {
				campaigns: { id: string; stale: boolean }[];
				staleDays: number;
			};
		const byDefault = await list();
		expect(byDefault.staleDays).toBe(60);
		expect(byDefault.campaigns.find((c) => c.id === quietId)?.stale).toBe(true);
		expect(byDefault.campaigns.filter((c) => c.id !== quietId).every((c) => !c.stale)).toBe(true);
		const longer = await list('3650');
		expect(longer.campaigns.find((c) => c.id === quietId)?.stale).toBe(false);
		expect((await list('-4')).staleDays).toBe(60);
	});
});
