/**
 * Starting a campaign from a template in the organizer's flow: the template's latest version,
 * filled with what the start form knows (the place's name); the organizers fill in the rest in
 * the editor, where the clause-by-clause comparison shows what they adapted.
 */
import type { Tx } from '../db';
import { fillDocument, type FilledDocument } from '../templates/render';
import { variablesSchema } from '../templates/schema';
import { getTemplate, listTemplates } from '../templates/templates';
import { blankMarker } from '../../templates/grammar';
import type { PlaceChoice } from './start';

export async function startingTemplates(tx: Tx) {
	const templates = await listTemplates(tx, { body_type: [], language: [], kind: ['resolution'] });
	return templates.map(({ slug, title, body_type, language }) => ({
		slug,
		title,
		body_type,
		language
	}));
}

async function placeName(tx: Tx, place: PlaceChoice): Promise<string | undefined> {
	if ('place_name' in place) return place.place_name;
	const row = await tx
		.selectFrom('places')
		.select('name')
		.where('id', '=', place.place_id)
		.executeTakeFirst();
	return row?.name;
}

/** The template's title, text, version and values for startCampaign; null for an unknown one. */
export async function templateStart(tx: Tx, slug: string, place: PlaceChoice) {
	const template = await getTemplate(tx, slug);
	if (!template || template.kind !== 'resolution') return null;
	const name = await placeName(tx, place);
	const values: Record<string, string> = name ? { community_name: name } : {};
	const { latest } = template;
	const doc = fillDocument(
		{
			title: latest.title,
			body: latest.body,
			language: template.language,
			variables: latest.variables,
			facts: latest.facts
		},
		values
	);
	return {
		templateVersionId: latest.id,
		values,
		title: headingText(doc) ?? latest.title,
		text: doc.markdown
	};
}

/** The plain text of the filled document's first heading (its Markdown escapes undone). */
export function headingText(doc: FilledDocument): string | undefined {
	const heading = doc.blocks.find((block) => block.type === 'heading');
	return heading && 'runs' in heading ? heading.runs.map((run) => run.text).join('') : undefined;
}

/**
 * The marked blanks ("[date introduced]") of the campaign's template still in its text: a draft
 * may keep them, a published resolution may not. Empty for a campaign without a template.
 */
export async function blanksLeft(
	tx: Tx,
	versionId: string | null,
	text: string
): Promise<string[]> {
	if (!versionId) return [];
	const row = await tx
		.selectFrom('template_versions')
		.select('variables')
		.where('id', '=', versionId)
		.executeTakeFirst();
	if (!row) return [];
	// The text is Markdown: the blank was written with its brackets escaped.
	const plain = text.replace(/\\([[\]])/g, '$1');
	return variablesSchema
		.parse(row.variables)
		.map((variable) => blankMarker(variable.label))
		.filter((marker) => plain.includes(marker));
}
