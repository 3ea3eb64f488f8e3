/**
 * Starting a campaign: a draft resolution (visibility draft, provenance organizer) for a place
 * picked from the list or the gazetteer, blank or holding a template's filled text and the
 * version and values it came from. The creator becomes its lead (a trigger in the schema).
 */
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { PLACE_KINDS } from '../../pipeline';
import { STATE_NAMES } from '../../states';
import type { ExpressionBuilder } from 'kysely';
import type { DB, Tx } from '../db';
import { locatePlace } from '../places';

/** An empty form field means "not given". */
const optionalNumber = (min: number, max: number) =>
	z.preprocess(
		(value) => (value === '' || value === undefined ? undefined : Number(value)),
		z
			.number({ error: () => m.organize_error_coordinates() })
			.min(min, { error: () => m.organize_error_coordinates() })
			.max(max, { error: () => m.organize_error_coordinates() })
			.optional()
	);

export const placeChoiceSchema = z.union([
	z.object({ place_id: z.uuid() }),
	z.object({
		place_name: z.string().trim().min(1).max(200),
		place_kind: z.enum(PLACE_KINDS),
		place_state: z
			.string()
			.trim()
			.toUpperCase()
			.refine((code) => code in STATE_NAMES),
		place_county: z.string().trim().max(200).optional(),
		place_lat: optionalNumber(-90, 90),
		place_lon: optionalNumber(-180, 180)
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

const PLACE_COLUMNS = ['id', 'name', 'state_code', 'kind'] as const;

/**
 * Places a campaign may use (the database checks it too): the site's, public to all, and the
 * organizer's own, private until a resolution using it is published.
 */
const usableBy = (userId: string) => (eb: ExpressionBuilder<DB, 'places'>) =>
	eb.or([eb('claimed_by', 'is', null), eb('claimed_by', '=', userId)]);

async function resolvePlace(tx: Tx, userId: string, choice: PlaceChoice) {
	if ('place_id' in choice) {
		return tx
			.selectFrom('places')
			.select(PLACE_COLUMNS)
			.where('id', '=', choice.place_id)
			.where(usableBy(userId))
			.executeTakeFirst();
	}
	// The site's place of that name first; else one this organizer added before.
	const existing = await tx
		.selectFrom('places')
		.select(PLACE_COLUMNS)
		.where('kind', '=', choice.place_kind)
		.where('state_code', '=', choice.place_state)
		.where('name', '=', choice.place_name)
		.where(usableBy(userId))
		.orderBy('claimed_by', (ob) => ob.asc().nullsFirst())
		.executeTakeFirst();
	if (existing) return existing;
	// The gazetteer places it (and names its county as the seed does); coordinates the organizer
	// typed or picked win over it.
	const found = locatePlace({
		name: choice.place_name,
		kind: choice.place_kind,
		state: choice.place_state,
		county: choice.place_county || null
	});
	const typed = choice.place_lat !== undefined && choice.place_lon !== undefined;
	return tx
		.insertInto('places')
		.values({
			kind: choice.place_kind,
			name: choice.place_name,
			state_code: choice.place_state,
			county: found?.county ?? null,
			official_id: found?.officialId ?? null,
			lat: typed ? choice.place_lat : (found?.lat ?? null),
			lon: typed ? choice.place_lon : (found?.lon ?? null),
			location_source: typed ? 'organizer' : (found?.source ?? null)
		})
		.returning(PLACE_COLUMNS)
		.executeTakeFirstOrThrow();
}

export interface StartInput {
	place: PlaceChoice;
	title?: string;
	text?: string;
	body?: string | null;
	/** Set when the campaign starts from a template. */
	templateVersionId?: string;
	values?: Record<string, string>;
}

export async function startCampaign(tx: Tx, userId: string, input: StartInput) {
	const place = await resolvePlace(tx, userId, input.place);
	if (!place) return undefined;
	// The draft address ends in the id's first 8 hex digits: once published under its public
	// address (private.published_slug), the old one still leads to it.
	const id = crypto.randomUUID();
	const slug = `${slugify(`${place.name} ${place.state_code}`) || 'campaign'}-draft-${id.slice(0, 8)}`;
	const title = input.title?.trim() || m.organize_default_title({ place: place.name });
	const row = await tx
		.insertInto('resolutions')
		.values({
			id,
			slug,
			place_id: place.id,
			title: title.slice(0, 300),
			text: input.text ?? '',
			body: input.body ?? null,
			visibility: 'draft',
			provenance: 'organizer',
			stage: 'drafting',
			template_version_id: input.templateVersionId ?? null,
			template_values: input.templateVersionId ? JSON.stringify(input.values ?? {}) : null
		})
		.returning(['id', 'slug'])
		.executeTakeFirstOrThrow();
	return { ...row, place };
}
