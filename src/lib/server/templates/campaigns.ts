/**
 * "Start a campaign from this template", minimal for now: a draft resolution (visibility draft,
 * created by the caller, provenance organizer) holding the filled text and the template version
 * and values it came from, for a place picked from the list or typed in. The organizers' campaign
 * tools will take it from there.
 */
import { z } from 'zod';
import { PLACE_KINDS } from '../../pipeline';
import { STATE_NAMES } from '../../states';
import type { Tx } from '../db';

export const placeChoiceSchema = z.union([
	z.object({ place_id: z.uuid() }),
	z.object({
		place_name: z.string().trim().min(1).max(200),
		place_kind: z.enum(PLACE_KINDS),
		place_state: z
			.string()
			.trim()
			.toUpperCase()
			.refine((code) => code in STATE_NAMES)
	})
]);
export type PlaceChoice = z.infer<typeof placeChoiceSchema>;

export function slugify(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.replace(/['’]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80)
		.replace(/-+$/, '');
}

async function resolvePlace(tx: Tx, userId: string, choice: PlaceChoice) {
	if ('place_id' in choice) {
		return tx
			.selectFrom('places')
			.select(['id', 'name', 'state_code'])
			.where('id', '=', choice.place_id)
			.executeTakeFirst();
	}
	const existing = await tx
		.selectFrom('places')
		.select(['id', 'name', 'state_code'])
		.where('kind', '=', choice.place_kind)
		.where('state_code', '=', choice.place_state)
		.where('name', '=', choice.place_name)
		.executeTakeFirst();
	if (existing) return existing;
	return tx
		.insertInto('places')
		.values({
			kind: choice.place_kind,
			name: choice.place_name,
			state_code: choice.place_state,
			created_by: userId
		})
		.returning(['id', 'name', 'state_code'])
		.executeTakeFirstOrThrow();
}

export async function startCampaign(
	tx: Tx,
	userId: string,
	input: {
		place: PlaceChoice;
		templateVersionId: string;
		title: string;
		text: string;
		values: Record<string, string>;
	}
) {
	const place = await resolvePlace(tx, userId, input.place);
	if (!place) return undefined;
	const suffix = crypto.randomUUID().slice(0, 8);
	const slug = `${slugify(`${place.name} ${place.state_code}`) || 'campaign'}-draft-${suffix}`;
	const row = await tx
		.insertInto('resolutions')
		.values({
			slug,
			place_id: place.id,
			title: input.title.slice(0, 300),
			text: input.text,
			visibility: 'draft',
			provenance: 'organizer',
			stage: 'drafting',
			created_by: userId,
			template_version_id: input.templateVersionId,
			template_values: JSON.stringify(input.values)
		})
		.returning(['id', 'slug'])
		.executeTakeFirstOrThrow();
	return { ...row, place };
}
