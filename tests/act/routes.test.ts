import { beforeAll, describe, expect, it } from 'vitest';
import { seedTemplates } from '../../src/lib/server/db';
import { listRecipients } from '../../src/lib/server/act/recipients';
import { actions, load } from '../../src/routes/organize/[id]/act/+page.server';
import { createCampaign } from '../helpers/campaigns';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { outcome, routeEvent } from '../helpers/route-events';

// The organizer's call-to-act page, called as SvelteKit calls it, per persona.

type ActionName = keyof typeof actions;

describe.each(ENGINES)('the organizer page of the call to act (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let lead: Persona, editor: Persona, stranger: Persona, admin: Persona;
	let campaignId: string;

	const eventFor = (persona: Persona | null, id: string, body?: Record<string, string>) =>
		routeEvent(database().db, persona, { path: `/organize/${id}/act`, params: { id }, body }).event;
	const run = (
		name: ActionName,
		persona: Persona | null,
		body: Record<string, string>,
		id = campaignId
	) => outcome(actions[name]!(eventFor(persona, id, body)));
	const recipients = () => database().as(lead.claims, (tx) => listRecipients(tx, campaignId));

	beforeAll(async () => {
		const d = database();
		await seedTemplates(d.engine);
		[lead, editor, stranger, admin] = await Promise.all([
			createPersona(d, 'lead'),
			createPersona(d, 'editor'),
			createPersona(d, 'stranger'),
			createPersona(d, 'admin', { siteAdmin: true })
		]);
		campaignId = (await createCampaign(d, lead, { editor, publish: true })).id;
	});

	it('is for the team and site admins: others get 401 or 404', async () => {
		expect(await outcome(load(eventFor(null, campaignId)))).toEqual({ thrown: 401 });
		expect(await outcome(load(eventFor(stranger, campaignId)))).toEqual({ thrown: 404 });
		expect(await outcome(load(eventFor(editor, 'not-a-uuid')))).toEqual({ thrown: 404 });
		expect(await outcome(load(eventFor(editor, crypto.randomUUID())))).toEqual({ thrown: 404 });
		for (const persona of [lead, editor, admin]) {
			const data = (await load(eventFor(persona, campaignId))) as {
				campaign: { id: string };
				count: number;
				letterTemplates: unknown[];
			};
			expect(data.campaign.id).toBe(campaignId);
			expect(data.count).toBe(0);
			expect(data.letterTemplates).toHaveLength(4);
		}
		expect(await run('add_recipient', stranger, { name: 'X', email: 'x@x.gov' })).toEqual({
			thrown: 404
		});
		expect(await recipients()).toEqual([]);
	});

	it('bad input comes back with its values and messages, and writes nothing', async () => {
		const result = await run('add_recipient', editor, {
			name: 'Ada',
			role: 'Mayor',
			email: 'ada@'
		});
		expect(result).toMatchObject({
			status: 400,
			data: {
				action: 'add_recipient',
				values: { name: 'Ada', role: 'Mayor', email: 'ada@' },
				errors: { email: ['Enter one email address, like name@city.gov.'] }
			}
		});
		expect(await recipients()).toEqual([]);
		const letter = await run('letter', editor, {
			letter_subject: 'Vote yes',
			letter_body: 'x'.repeat(20001)
		});
		expect(letter).toMatchObject({
			status: 400,
			data: { errors: { letter_body: [expect.any(String)] } }
		});
		const template = await run('letter_template', editor, { template_id: 'nope' });
		expect(template).toMatchObject({
			status: 400,
			data: { errors: { template_id: [expect.any(String)] } }
		});
		const campaign = await database()
			.db.selectFrom('resolutions')
			.select(['letter_subject', 'letter_body'])
			.where('id', '=', campaignId)
			.executeTakeFirstOrThrow();
		expect(campaign).toEqual({ letter_subject: null, letter_body: null });
	});

	it('an editor adds, edits and removes recipients and saves a letter from a template', async () => {
		expect(
			await run('add_recipient', editor, { name: 'Ada Diaz', role: 'Mayor', email: 'ada@x.gov' })
		).toMatchObject({ action: 'add_recipient', ok: true });
		expect(
			await run('add_recipient', editor, { name: 'Bo Li', role: '', email: 'bo@x.gov' })
		).toMatchObject({
			ok: true
		});
		const [ada, bo] = await recipients();
		expect(
			await run('update_recipient', editor, {
				recipient_id: bo!.id,
				name: 'Bo Li',
				role: '',
				email: 'not an email'
			})
		).toMatchObject({
			status: 400,
			data: { recipientId: bo!.id, errors: { email: [expect.any(String)] } }
		});
		expect(
			await run('update_recipient', editor, {
				recipient_id: bo!.id,
				name: 'Bo Li',
				role: 'Council member',
				email: 'bo.li@x.gov'
			})
		).toMatchObject({ ok: true });
		expect(await run('remove_recipient', editor, { recipient_id: ada!.id })).toMatchObject({
			ok: true
		});
		expect(await run('remove_recipient', editor, { recipient_id: ada!.id })).toMatchObject({
			status: 404
		});
		expect(await recipients()).toEqual([
			{ id: bo!.id, name: 'Bo Li', role: 'Council member', email: 'bo.li@x.gov' }
		]);

		const data = (await load(eventFor(editor, campaignId))) as {
			letterTemplates: { id: string; title: string; language: string }[];
		};
		const council = data.letterTemplates.find(
			(t) => t.language === 'en' && /council/i.test(t.title)
		)!;
		const filled = (await run('letter_template', editor, { template_id: council.id })) as {
			values: { letter_subject: string; letter_body: string };
		};
		// A draft at its first stage: the letter asks to introduce it.
		expect(filled.values.letter_subject).toBe(
			'Please introduce a welcoming resolution: A welcoming resolution'
		);
		expect(filled.values.letter_body).toContain('Dear Bo Li');
		// Filling is a preview: nothing is saved until the organizer saves the letter.
		const before = (await load(eventFor(editor, campaignId))) as {
			campaign: { letterBody: string | null };
		};
		expect(before.campaign.letterBody).toBeNull();
		expect(await run('letter', editor, filled.values)).toMatchObject({ ok: true });
		const after = (await load(eventFor(lead, campaignId))) as {
			campaign: { letterSubject: string; letterBody: string };
		};
		expect(after.campaign.letterSubject).toBe(filled.values.letter_subject);
		expect(after.campaign.letterBody).toBe(filled.values.letter_body);
	});
});
