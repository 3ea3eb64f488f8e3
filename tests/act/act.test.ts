import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANON, seedTemplates } from '../../src/lib/server/db';
import { callToAct, getActCampaign } from '../../src/lib/server/act/campaign';
import {
	fillLetterTemplate,
	letterSchema,
	letterValues,
	listLetterTemplates,
	saveLetter
} from '../../src/lib/server/act/letter';
import {
	addRecipient,
	listRecipients,
	MAX_RECIPIENTS,
	recipientSchema,
	removeRecipient,
	updateRecipient
} from '../../src/lib/server/act/recipients';
import {
	ACTION_LIMIT,
	actionCount,
	isOpenForReports,
	recordSentLetter
} from '../../src/lib/server/act/reports';
import { parseForm } from '../../src/lib/server/forms';
import { createCampaign } from '../helpers/campaigns';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { createPersona, type Persona } from '../helpers/personas';
import { storedRateKey, storedRateKeys } from '../helpers/rate-limits';

const form = (values: Record<string, string>) => {
	const data = new FormData();
	for (const [key, value] of Object.entries(values)) data.append(key, value);
	return data;
};

describe('recipient and letter input', () => {
	it('accepts a recipient and keeps an empty role as none', () => {
		const parsed = parseForm(
			recipientSchema,
			form({ name: ' Ada Lovelace ', role: '', email: 'ada@city.example.gov' })
		);
		expect(parsed).toEqual({
			ok: true,
			data: { name: 'Ada Lovelace', role: null, email: 'ada@city.example.gov' }
		});
	});

	it.each([
		['an empty name', { name: '  ', email: 'a@b.org' }, 'name'],
		['a name too long', { name: 'x'.repeat(201), email: 'a@b.org' }, 'name'],
		['no email', { name: 'Ada' }, 'email'],
		['an address without a domain', { name: 'Ada', email: 'ada@city' }, 'email'],
		['two addresses in one', { name: 'Ada', email: 'a@b.org,c@d.org' }, 'email'],
		['an address with a name part', { name: 'Ada', email: 'Ada <a@b.org>' }, 'email'],
		['a role too long', { name: 'Ada', email: 'a@b.org', role: 'r'.repeat(201) }, 'role'],
		['a field sent twice', { name: 'Ada', email: 'a@b.org', 'email ': '' }, null]
	])('refuses %s, with the typed values back', (_label, values, field) => {
		const data = form(values);
		if (field === null) data.append('name', 'Bo');
		const parsed = parseForm(recipientSchema, data);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(Object.keys(parsed.errors)).toEqual([field ?? 'name']);
		expect(parsed.values.name).toBe(values.name);
	});

	it('normalizes the letter’s line breaks and refuses a letter too long', () => {
		const ok = parseForm(
			letterSchema,
			form({ letter_subject: ' Hi ', letter_body: 'a\r\nb\rc\n' })
		);
		expect(ok).toEqual({ ok: true, data: { letter_subject: 'Hi', letter_body: 'a\nb\nc' } });
		const empty = parseForm(letterSchema, form({ letter_subject: '', letter_body: '  ' }));
		expect(empty).toEqual({ ok: true, data: { letter_subject: null, letter_body: null } });
		const long = parseForm(
			letterSchema,
			form({ letter_subject: 's'.repeat(301), letter_body: 'b'.repeat(20001) })
		);
		expect(long.ok).toBe(false);
		if (!long.ok)
			expect(Object.keys(long.errors).sort()).toEqual(['letter_body', 'letter_subject']);
	});
});

describe.each(ENGINES)('the call to act under claims (%s)', (engine) => {
	const database = useTestDatabase(engine);
	let lead: Persona, editor: Persona, stranger: Persona, admin: Persona;

	beforeAll(async () => {
		const d = database();
		await seedTemplates(d.engine);
		[lead, editor, stranger, admin] = await Promise.all([
			createPersona(d, 'lead'),
			createPersona(d, 'editor'),
			createPersona(d, 'stranger'),
			createPersona(d, 'admin', { siteAdmin: true })
		]);
	});

	it('the team and site admins reach the organizer side; a stranger finds nothing', async () => {
		const d = database();
		const campaign = await createCampaign(d, lead, { editor, publish: true });
		for (const persona of [lead, editor, admin]) {
			const found = await d.as(persona.claims, (tx) => getActCampaign(tx, campaign.id));
			expect(found?.id).toBe(campaign.id);
		}
		// Published, so the stranger can read the resolution, but not edit its call to act.
		expect(await d.as(stranger.claims, (tx) => getActCampaign(tx, campaign.id))).toBeUndefined();
	});

	it('an editor keeps the recipients; another campaign’s recipient cannot be touched', async () => {
		const d = database();
		const campaign = await createCampaign(d, lead, { editor });
		const other = await createCampaign(d, stranger);
		await d.as(editor.claims, async (tx) => {
			expect(await addRecipient(tx, campaign.id, { name: 'A', role: null, email: 'a@x.gov' })).toBe(
				true
			);
			expect(
				await addRecipient(tx, campaign.id, { name: 'B', role: 'Mayor', email: 'b@x.gov' })
			).toBe(true);
		});
		const theirs = await d.as(stranger.claims, async (tx) => {
			await addRecipient(tx, other.id, { name: 'S', role: null, email: 's@x.gov' });
			return (await listRecipients(tx, other.id))[0]!;
		});
		await d.as(editor.claims, async (tx) => {
			const [a, b] = await listRecipients(tx, campaign.id);
			expect([a?.name, b?.name]).toEqual(['A', 'B']);
			expect(
				await updateRecipient(tx, campaign.id, a!.id, {
					name: 'A2',
					role: 'Clerk',
					email: 'a2@x.gov'
				})
			).toBe(true);
			expect(await removeRecipient(tx, campaign.id, b!.id)).toBe(true);
			// Someone else's recipient, even named with this campaign's id: nothing happens.
			expect(
				await updateRecipient(tx, campaign.id, theirs.id, {
					name: 'X',
					role: null,
					email: 'x@x.gov'
				})
			).toBe(false);
			expect(await removeRecipient(tx, other.id, theirs.id)).toBe(false);
			expect(await listRecipients(tx, campaign.id)).toEqual([
				{ id: a!.id, name: 'A2', role: 'Clerk', email: 'a2@x.gov' }
			]);
		});
		expect(await d.as(stranger.claims, (tx) => listRecipients(tx, other.id))).toHaveLength(1);
	});

	it(`a campaign holds at most ${MAX_RECIPIENTS} recipients`, async () => {
		const d = database();
		const campaign = await createCampaign(d, lead);
		await d.as(lead.claims, async (tx) => {
			for (let i = 0; i < MAX_RECIPIENTS; i++) {
				expect(
					await addRecipient(tx, campaign.id, { name: `R${i}`, role: null, email: `r${i}@x.gov` })
				).toBe(true);
			}
			expect(
				await addRecipient(tx, campaign.id, { name: 'One more', role: null, email: 'o@x.gov' })
			).toBe(false);
			expect(await listRecipients(tx, campaign.id)).toHaveLength(MAX_RECIPIENTS);
		});
	});

	it('the letter is saved by the team only', async () => {
		const d = database();
		const campaign = await createCampaign(d, lead, { editor, publish: true });
		const letter = { letter_subject: 'Vote yes', letter_body: 'Dear council,\nPlease vote yes.' };
		expect(await d.as(stranger.claims, (tx) => saveLetter(tx, campaign.id, letter))).toBe(false);
		expect(await d.as(editor.claims, (tx) => saveLetter(tx, campaign.id, letter))).toBe(true);
		const found = await d.as(lead.claims, (tx) => getActCampaign(tx, campaign.id));
		expect([found?.letterSubject, found?.letterBody]).toEqual([
			letter.letter_subject,
			letter.letter_body
		]);
	});

	it('a letter template fills in what the campaign knows and brackets the rest', async () => {
		const d = database();
		const campaign = await createCampaign(d, lead);
		const english = await d.as(lead.claims, (tx) => listLetterTemplates(tx, 'en'));
		expect(english.map((t) => t.language)).toEqual(['en', 'en']);
		expect(await d.as(lead.claims, (tx) => listLetterTemplates(tx, null))).toHaveLength(4);
		const council = english.find((t) => /council/i.test(t.title))!;
		const found = (await d.as(lead.claims, (tx) => getActCampaign(tx, campaign.id)))!;
		const recipients = [
			{ id: 'x', name: 'Council Member Ada Diaz', role: 'Ward 3', email: 'ada@x.gov' }
		];
		const fill = (language: string) => ({
			subject: 'Please vote yes',
			values: letterValues(found, recipients, language, 'https://atlas.example.org')
		});
		const filled = await d.as(lead.claims, (tx) => fillLetterTemplate(tx, council.id, fill));
		expect(filled?.letter_subject).toBe('Please vote yes');
		expect(filled?.letter_body).toContain(`Dear Council Member Ada Diaz,`);
		expect(filled?.letter_body).toContain(found.placeName);
		// The visitor's own name and contact stay as marked blanks.
		expect(filled?.letter_body).toContain('[your name]');
		expect(filled?.letter_body).not.toMatch(/\{\{|\\/);
		// A draft has no public page to point to, so the letter mentions none.
		expect(filled?.letter_body).not.toMatch(/enclosed|read the resolution at/i);
		// A resolution template is not a letter.
		const resolutionTemplate = await d.db
			.selectFrom('templates')
			.select('id')
			.where('kind', '=', 'resolution')
			.executeTakeFirstOrThrow();
		expect(
			await d.as(lead.claims, (tx) => fillLetterTemplate(tx, resolutionTemplate.id, fill))
		).toBeUndefined();
	});

	it('reports are taken only while a published resolution’s vote is pending', async () => {
		const d = database();
		const open = await createCampaign(d, lead, { publish: true });
		const draft = await createCampaign(d, lead);
		const decided = await createCampaign(d, lead, { publish: true, status: 'adopted' });
		await d.as(ANON, async (tx) => {
			expect(await isOpenForReports(tx, open.id)).toBe(true);
			expect(await isOpenForReports(tx, draft.id)).toBe(false);
			expect(await isOpenForReports(tx, decided.id)).toBe(false);
			expect(await recordSentLetter(tx, open.id, '192.0.2.1')).toBe(0);
			expect(await recordSentLetter(tx, open.id, '192.0.2.1')).toBe(0);
		});
		await expect(
			d.as(ANON, (tx) => recordSentLetter(tx, decided.id, '192.0.2.1'))
		).rejects.toMatchObject({ code: '42501' });
		await expect(
			d.as(ANON, (tx) => recordSentLetter(tx, draft.id, '192.0.2.1'))
		).rejects.toMatchObject({ code: '42501' });
		expect(await d.as(ANON, (tx) => actionCount(tx, open.id))).toBe(2);
		expect(await d.as(stranger.claims, (tx) => actionCount(tx, open.id))).toBe(2);
	});

	it('the rate limit counts per address and resolution, in the database, and never stores the address', async () => {
		const d = database();
		const ip = '203.0.113.77';
		const first = await createCampaign(d, lead, { publish: true });
		const second = await createCampaign(d, lead, { publish: true });
		const send = (resolutionId: string, client: string) =>
			d.as(ANON, (tx) => recordSentLetter(tx, resolutionId, client));
		for (let i = 0; i < ACTION_LIMIT.max; i++) expect(await send(first.id, ip)).toBe(0);
		const wait = await send(first.id, ip);
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(ACTION_LIMIT.windowSeconds);
		expect(await d.as(ANON, (tx) => actionCount(tx, first.id))).toBe(ACTION_LIMIT.max);
		// Another resolution, or another address, has its own count.
		expect(await send(second.id, ip)).toBe(0);
		expect(await send(first.id, '198.51.100.1')).toBe(0);
		const keys = await storedRateKeys(d.db);
		expect(keys).toContain(await storedRateKey(d.db, `act:ip:${first.id}:${ip}`));
		expect(keys.some((key) => key.includes(ip) || key.includes('203.0.113'))).toBe(false);
	});

	it('a filled honeypot is answered as counted and counts nothing', async () => {
		const d = database();
		const open = await createCampaign(d, lead, { publish: true });
		const { rows } = await d.as(ANON, (tx) =>
			sql<{ wait: number }>`select private.record_sent_letter(${open.id}, '192.0.2.9', 'robot')
				as wait`.execute(tx)
		);
		expect(rows[0]?.wait).toBe(0);
		expect(await d.as(ANON, (tx) => actionCount(tx, open.id))).toBe(0);
	});

	it('nobody writes the table directly, whatever they send', async () => {
		const d = database();
		const open = await createCampaign(d, lead, { publish: true });
		for (const claims of [ANON, stranger.claims, lead.claims]) {
			await expect(
				d.as(claims, (tx) =>
					sql`insert into public.resolution_actions (resolution_id, created_at)
						select ${open.id}, now() - interval '1 day' from generate_series(1, 300)`.execute(tx)
				)
			).rejects.toMatchObject({ code: '42501' });
		}
		expect(await d.as(ANON, (tx) => actionCount(tx, open.id))).toBe(0);
	});

	it('the public page shows the letter while pending and the count after the vote', async () => {
		const d = database();
		const campaign = await createCampaign(d, lead, { editor });
		await d.as(editor.claims, async (tx) => {
			await addRecipient(tx, campaign.id, { name: 'Ada', role: 'Mayor', email: 'ada@x.gov' });
			await saveLetter(tx, campaign.id, { letter_subject: 'Vote yes', letter_body: 'Dear Mayor,' });
		});
		const show = (status: string, visibility: string) =>
			d.as(ANON, (tx) => callToAct(tx, { id: campaign.id, status, visibility }));
		expect(await show('pending', 'draft')).toBeNull();
		// Still a draft in the database: the public cannot read its recipients yet.
		await d.as(lead.claims, (tx) =>
			tx
				.updateTable('resolutions')
				.set({ visibility: 'published' })
				.where('id', '=', campaign.id)
				.execute()
		);
		const open = await show('pending', 'published');
		expect(open).toMatchObject({
			open: true,
			subject: 'Vote yes',
			body: 'Dear Mayor,',
			count: 0,
			recipients: [{ name: 'Ada', role: 'Mayor', email: 'ada@x.gov' }]
		});
		await d.as(ANON, (tx) => recordSentLetter(tx, campaign.id, '192.0.2.1'));
		// The vote (the owner's handle: moves are the pipeline's, tested in tests/campaigns).
		await d.db
			.updateTable('resolutions')
			.set({ status: 'adopted' })
			.where('id', '=', campaign.id)
			.execute();
		expect(await show('adopted', 'published')).toEqual({
			open: false,
			recipients: [],
			subject: null,
			body: null,
			count: 1
		});
		// A decided resolution that never had a report shows nothing.
		const quiet = await createCampaign(d, lead, { publish: true, status: 'failed' });
		expect(
			await d.as(ANON, (tx) =>
				callToAct(tx, { id: quiet.id, status: 'failed', visibility: 'published' })
			)
		).toBeNull();
	});
});
