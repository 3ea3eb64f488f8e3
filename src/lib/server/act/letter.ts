/**
 * The letter a pending resolution's visitors are asked to send: a subject and a plain-text body
 * kept on the resolution (letter_subject, letter_body). Organizers write it themselves or start
 * from a published letter template, filled with what the campaign already knows.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '../db';
import { fillDocument } from '../templates/render';
import { factsSchema, variablesSchema, type TemplateLanguage } from '../templates/schema';
import { listFormat } from '$lib/intl';
import type { Recipient } from './recipients';

export const letterSchema = z.object({
	letter_subject: z
		.string()
		.trim()
		.max(300, { error: () => m.act_error_subject() })
		.transform((subject) => subject || null),
	letter_body: z
		.string()
		// Windows line endings from a textarea become plain newlines, as mail bodies expect.
		.transform((body) => body.replace(/\r\n?/g, '\n').trim())
		.pipe(z.string().max(20000, { error: () => m.act_error_body() }))
		.transform((body) => body || null)
});
export type LetterInput = z.infer<typeof letterSchema>;

export const letterTemplateSchema = z.object({
	template_id: z.uuid({ error: () => m.act_error_template() })
});

/** Updates the letter; false when the resolution is not the caller's to edit. */
export async function saveLetter(tx: Tx, resolutionId: string, input: LetterInput) {
	const result = await tx
		.updateTable('resolutions')
		.set({ letter_subject: input.letter_subject, letter_body: input.letter_body })
		.where('id', '=', resolutionId)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

export interface LetterTemplateChoice {
	id: string;
	title: string;
	language: TemplateLanguage;
}

const latestVersion = sql<number>`(select max(v2.version) from public.template_versions v2
	where v2.template_id = t.id)`;

/** Published letter templates, in the campaign's language when it has one. */
export async function listLetterTemplates(
	tx: Tx,
	language: string | null
): Promise<LetterTemplateChoice[]> {
	let query = tx
		.selectFrom('templates as t')
		.innerJoin('template_versions as v', (join) =>
			join.onRef('v.template_id', '=', 't.id').on('v.version', '=', latestVersion)
		)
		.select(['t.id', 'v.title', 't.language'])
		.where('t.kind', '=', 'letter')
		.where('t.published', '=', true);
	if (language) query = query.where('t.language', '=', language);
	const rows = await query.orderBy('t.language').orderBy('t.slug').execute();
	return rows as LetterTemplateChoice[];
}

export interface CampaignForLetter {
	title: string;
	slug: string;
	placeName: string;
	placeKind: string;
	/** The deciding body as typed in the editor ("Riverton City Council"), if any. */
	body: string | null;
	stage: string | null;
	visibility: 'draft' | 'published';
	templateValues: Record<string, string>;
}

/** What the letter asks for, from where the resolution stands. */
export type LetterAsk = 'introduce' | 'support' | 'vote';

const ASK_BY_STAGE: Record<string, LetterAsk> = {
	drafting: 'introduce',
	seeking_sponsor: 'introduce',
	introduced: 'support',
	in_committee: 'support',
	committee_reported: 'support',
	committee: 'support',
	first_reading: 'support',
	scheduled_for_vote: 'vote',
	second_reading: 'vote',
	vote: 'vote'
};

/**
 * The ask for a resolution at `stage`: to introduce it before anyone has, to support it while it
 * is before the body, to vote yes once the vote is scheduled. A published resolution with no
 * recorded stage is before the body already.
 */
export function letterAsk(stage: string | null): LetterAsk {
	return (stage && ASK_BY_STAGE[stage]) || 'support';
}

/**
 * The request, completing "to ask you …" (English) or "para …" (Spanish, where the pronoun and
 * the verb agree with one recipient or several: "pedirle que vote", "pedirles que voten").
 */
const REQUESTS: Record<'en' | 'es1' | 'es2', Record<LetterAsk, string>> = {
	en: {
		introduce: 'to introduce, or co-sponsor, a resolution welcoming refugees',
		support: 'to support the resolution welcoming refugees and help bring it to a vote',
		vote: 'to vote yes on the resolution welcoming refugees'
	},
	es1: {
		introduce:
			'pedirle que presente, o copatrocine, una resolución de bienvenida a las personas refugiadas',
		support:
			'pedirle que apoye la resolución de bienvenida a las personas refugiadas y ayude a llevarla a votación',
		vote: 'pedirle que vote a favor de la resolución de bienvenida a las personas refugiadas'
	},
	es2: {
		introduce:
			'pedirles que presenten, o copatrocinen, una resolución de bienvenida a las personas refugiadas',
		support:
			'pedirles que apoyen la resolución de bienvenida a las personas refugiadas y ayuden a llevarla a votación',
		vote: 'pedirles que voten a favor de la resolución de bienvenida a las personas refugiadas'
	}
};

/** The subject for the ask, in the letter's language (not the organizer's interface language). */
export function letterSubject(ask: LetterAsk, title: string, language: string): string {
	const locale = language === 'es' ? 'es' : 'en';
	const subject = {
		introduce: m.act_subject_introduce,
		support: m.act_subject_support,
		vote: m.act_default_subject
	}[ask];
	return subject({ title }, { locale });
}

/**
 * What a letter template's variables can be filled with, in the letter's `language`: the
 * campaign, its stage (the request), its recipients (one greeting for all of them: "Dear Roz
 * Randorf and Arlene Tran," / "Estimados/as Roz Randorf y Arlene Tran:") and, once published,
 * the link to the resolution (without it the letter mentions no draft).
 */
export function letterValues(
	campaign: CampaignForLetter,
	recipients: readonly Recipient[],
	language: string,
	origin: string
): Record<string, string> {
	const lang = language === 'es' ? 'es' : 'en';
	const values: Record<string, string> = { ...campaign.templateValues };
	values.community_name ??= campaign.placeName;
	const requests =
		lang === 'en' ? REQUESTS.en : recipients.length > 1 ? REQUESTS.es2 : REQUESTS.es1;
	values.request = requests[letterAsk(campaign.stage)];
	values.greeting = lang === 'en' ? 'Dear' : recipients.length > 1 ? 'Estimados/as' : 'Estimado/a';
	if (recipients.length > 0) {
		const join = (items: string[]) =>
			listFormat(lang, { type: 'conjunction', style: 'long' }).format(items);
		values.recipient_name = join(recipients.map((r) => r.name));
		// One office under the names: the recipient's role, or for several the body they sit on
		// (or their one shared role); the line is left out when none is known.
		const roles = [...new Set(recipients.map((r) => r.role))];
		const office = recipients.length === 1 || roles.length === 1 ? roles[0] : campaign.body;
		if (office) values.recipient_title = office;
		else delete values.recipient_title;
	}
	if (campaign.visibility === 'published') {
		values.resolution_link = `${origin}/resolutions/${campaign.slug}`;
	}
	// The sender is each visitor: they sign it themselves.
	delete values.sender_name;
	delete values.sender_contact;
	return values;
}

/**
 * The template's latest version filled with what `fill` gives for its language, as a subject and
 * a plain-text body. Variables nobody knows yet (the sender's name) show as marked blanks,
 * "[your name]", for the visitor to replace. Undefined when the template is not a published
 * letter.
 */
export async function fillLetterTemplate(
	tx: Tx,
	templateId: string,
	fill: (language: string) => { subject: string; values: Record<string, string> }
): Promise<{ letter_subject: string; letter_body: string } | undefined> {
	const row = await tx
		.selectFrom('templates as t')
		.innerJoin('template_versions as v', (join) =>
			join.onRef('v.template_id', '=', 't.id').on('v.version', '=', latestVersion)
		)
		.select(['t.language', 'v.title', 'v.body', 'v.variables', 'v.facts'])
		.where('t.id', '=', templateId)
		.where('t.kind', '=', 'letter')
		.where('t.published', '=', true)
		.executeTakeFirst();
	if (!row) return undefined;
	const { subject, values } = fill(row.language);
	const doc = fillDocument(
		{
			title: row.title,
			body: row.body,
			language: row.language,
			variables: variablesSchema.parse(row.variables),
			facts: factsSchema.parse(row.facts)
		},
		values
	);
	return { letter_subject: subject.slice(0, 300), letter_body: doc.text.trim().slice(0, 20000) };
}
