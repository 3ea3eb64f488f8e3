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
	placeName: string;
	templateValues: Record<string, string>;
}

/** What a letter template's variables can be filled with, from the campaign and its recipients. */
export function letterValues(
	campaign: CampaignForLetter,
	recipients: readonly Recipient[]
): Record<string, string> {
	const values: Record<string, string> = { ...campaign.templateValues };
	values.community_name ??= campaign.placeName;
	if (recipients.length === 1 && recipients[0]) {
		values.recipient_name = recipients[0].name;
		if (recipients[0].role) values.recipient_title = recipients[0].role;
	} else if (recipients.length > 1) {
		values.recipient_name = recipients.map((r) => r.name).join(', ');
	}
	// The sender is each visitor: they sign it themselves.
	delete values.sender_name;
	delete values.sender_contact;
	return values;
}

/**
 * The template's latest version filled with `values`, as a subject and a plain-text body.
 * Variables nobody knows yet (the sender's name) show their label in brackets, for the visitor
 * to replace. Undefined when the template is not a published letter.
 */
export async function fillLetterTemplate(
	tx: Tx,
	templateId: string,
	subject: string,
	values: Record<string, string>
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
	const variables = variablesSchema.parse(row.variables);
	const filled: Record<string, string> = {};
	for (const variable of variables) {
		filled[variable.name] = values[variable.name]?.trim() || `[${variable.label}]`;
	}
	const doc = fillDocument(
		{
			title: row.title,
			body: row.body,
			language: row.language,
			variables,
			facts: factsSchema.parse(row.facts)
		},
		filled
	);
	return { letter_subject: subject.slice(0, 300), letter_body: doc.text.trim().slice(0, 20000) };
}
