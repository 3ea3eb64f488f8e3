/**
 * One resolution with everything its page, its JSON and its feed show. Runs under the caller's
 * claims: a draft comes back only for those RLS lets see it (its author, site admins), and for
 * everyone else it does not exist — never "forbidden", which would reveal it.
 */
import { sql } from 'kysely';
import type { Tx } from '../db';
import type { Storage } from '../storage/types';
import { STATE_NAMES, isStateCode } from '$lib/states';

export type Precision = 'day' | 'month' | 'year';

export interface ResolutionEvent {
	id: string;
	occurredOn: string;
	precision: Precision;
	status: string | null;
	stage: string | null;
	note: string;
	sourceUrl: string | null;
	createdAt: Date;
}

export interface ResolutionDetail {
	id: string;
	slug: string;
	title: string;
	body: string | null;
	status: string;
	stage: string | null;
	nextStep: string | null;
	nextStepOn: string | null;
	officialNumber: string | null;
	officialUrl: string | null;
	decidedOn: string | null;
	decidedOnPrecision: Precision | null;
	votes: { for: number | null; against: number | null; abstain: number | null };
	/** Markdown source; pages render it with renderMarkdown. */
	text: string | null;
	sourceUrl: string | null;
	sourceTitle: string | null;
	provenance: 'seed' | 'organizer' | 'report' | 'import';
	/** Organizations backing the campaign, in the organizers' order. */
	endorsers: string[];
	/** The template version and values a campaign started from, for "N clauses adapted". */
	templateVersionId: string | null;
	templateValues: Record<string, string>;
	verified: boolean;
	visibility: 'draft' | 'published';
	createdAt: Date;
	updatedAt: Date;
	/** When something last happened to it (latestActivity); null when nothing is dated. */
	lastActivity: Date | null;
	place: {
		name: string;
		kind: string;
		stateCode: string;
		stateName: string;
		county: string | null;
	};
	/** Oldest first: the order a history reads in. */
	events: ResolutionEvent[];
}

/**
 * Where a campaign's draft address ("rochester-mn-draft-f2485ca7") leads once the campaign is
 * published under its public one: the draft suffix is the first 8 hex digits of its id (see
 * startCampaign and private.published_slug). Null when the address is no such draft's, or the
 * caller cannot read the resolution (a draft still: the 404 stays a 404).
 */
/**
 * When something last happened to a resolution: its decision and the events of its history, by
 * when they happened; for a campaign run here, also when its team last changed it or recorded a
 * step. A curated or imported record's rows were written when it was loaded, which is not
 * activity ("last activity: today" on a 2018 resolution would mislead).
 */
function latestActivity(
	row: { decided_on: string | null; updated_at: Date; provenance: string },
	events: { occurredOn: string; createdAt: Date }[]
): Date | null {
	const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
	const times = [
		...(row.decided_on ? [day(row.decided_on)] : []),
		...events.map((event) => day(event.occurredOn))
	];
	if (row.provenance === 'organizer') {
		times.push(row.updated_at.getTime(), ...events.map((event) => event.createdAt.getTime()));
	}
	return times.length > 0 ? new Date(Math.max(...times)) : null;
}

export async function publishedAddressOf(tx: Tx, draftSlug: string): Promise<string | null> {
	const prefix = /-draft-([0-9a-f]{8})$/.exec(draftSlug)?.[1];
	if (!prefix) return null;
	const rows = await tx
		.selectFrom('resolutions')
		.select('slug')
		.where(sql<boolean>`id::text like ${`${prefix}%`}`)
		.where('visibility', '=', 'published')
		.where('slug', '<>', draftSlug)
		.limit(2)
		.execute();
	return rows.length === 1 ? (rows[0]?.slug ?? null) : null;
}

export async function resolutionDetail(tx: Tx, slug: string): Promise<ResolutionDetail | null> {
	const row = await tx
		.selectFrom('resolutions as r')
		.innerJoin('places as p', 'p.id', 'r.place_id')
		.select([
			'r.id',
			'r.slug',
			'r.title',
			'r.body',
			'r.status',
			'r.stage',
			'r.next_step',
			'r.next_step_on',
			'r.official_number',
			'r.official_url',
			'r.decided_on',
			'r.decided_on_precision',
			'r.votes_for',
			'r.votes_against',
			'r.votes_abstain',
			'r.text',
			'r.source_url',
			'r.source_title',
			'r.provenance',
			'r.endorsers',
			'r.template_version_id',
			'r.template_values',
			'r.verified',
			'r.visibility',
			'r.created_at',
			'r.updated_at',
			'p.name as place_name',
			'p.kind as place_kind',
			'p.state_code',
			'p.county'
		])
		.where('r.slug', '=', slug)
		.executeTakeFirst();
	if (!row) return null;
	const events = await resolutionEvents(tx, row.id);
	const lastActivity = latestActivity(row, events);
	return {
		id: row.id,
		slug: row.slug,
		title: row.title,
		body: row.body,
		status: row.status,
		stage: row.stage,
		nextStep: row.next_step,
		nextStepOn: row.next_step_on,
		officialNumber: row.official_number,
		officialUrl: row.official_url,
		decidedOn: row.decided_on,
		decidedOnPrecision: row.decided_on_precision as Precision | null,
		votes: { for: row.votes_for, against: row.votes_against, abstain: row.votes_abstain },
		text: row.text,
		sourceUrl: row.source_url,
		sourceTitle: row.source_title,
		provenance: row.provenance as ResolutionDetail['provenance'],
		endorsers: row.endorsers,
		templateVersionId: row.template_version_id,
		templateValues: (row.template_values ?? {}) as Record<string, string>,
		verified: row.verified,
		visibility: row.visibility as ResolutionDetail['visibility'],
		createdAt: row.created_at,
		updatedAt: row.updated_at,
		lastActivity,
		place: {
			name: row.place_name,
			kind: row.place_kind,
			stateCode: row.state_code,
			stateName: isStateCode(row.state_code) ? STATE_NAMES[row.state_code] : row.state_code,
			county: row.county
		},
		events
	};
}

/** The dated history, oldest first; events on the same day in the order they were recorded. */
export async function resolutionEvents(tx: Tx, resolutionId: string): Promise<ResolutionEvent[]> {
	const rows = await tx
		.selectFrom('resolution_events')
		.select([
			'id',
			'occurred_on',
			'occurred_on_precision',
			'status',
			'stage',
			'note',
			'source_url',
			'created_at'
		])
		.where('resolution_id', '=', resolutionId)
		.orderBy('occurred_on')
		.orderBy('created_at')
		.orderBy('id')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		occurredOn: row.occurred_on,
		precision: row.occurred_on_precision as Precision,
		status: row.status,
		stage: row.stage,
		note: row.note,
		sourceUrl: row.source_url,
		createdAt: row.created_at
	}));
}

/** The id of a resolution the caller may see, by slug. */
export async function visibleResolutionId(tx: Tx, slug: string): Promise<string | null> {
	const row = await tx
		.selectFrom('resolutions')
		.select('id')
		.where('slug', '=', slug)
		.executeTakeFirst();
	return row?.id ?? null;
}

export const RESOLUTION_FILES = 'resolution-files';

export interface ResolutionDocument {
	/** The object's file name under the resolution's folder (a server-generated uuid). */
	file: string;
	name: string;
	size: number;
	contentType: string;
	createdAt: string;
}

/**
 * The files stored under the resolution's folder that the caller may read (the storage policies
 * decide, in every mode). The page links each one to a route that issues a fresh signed URL, so
 * a page left open never holds an expired link.
 */
export async function resolutionDocuments(
	storage: Storage,
	resolutionId: string
): Promise<ResolutionDocument[]> {
	const objects = await storage.list(RESOLUTION_FILES, resolutionId);
	return objects
		.map((object) => ({
			file: object.path.slice(resolutionId.length + 1),
			name: object.originalName,
			size: object.size,
			contentType: object.contentType,
			createdAt: object.createdAt
		}))
		.filter((document) => /^[A-Za-z0-9._-]+$/.test(document.file));
}

/** The public JSON of one resolution (GET /api/resolutions/[slug]); snake_case like the list. */
export function toDetailJson(
	detail: ResolutionDetail,
	documents: ResolutionDocument[],
	textHtml: string,
	origin: string
) {
	const url = `${origin}/resolutions/${detail.slug}`;
	return {
		slug: detail.slug,
		url,
		feed_url: `${url}/feed.atom`,
		title: detail.title,
		body: detail.body,
		status: detail.status,
		stage: detail.stage,
		next_step: detail.nextStep,
		next_step_on: detail.nextStepOn,
		official_number: detail.officialNumber,
		official_url: detail.officialUrl,
		decided_on: detail.decidedOn,
		decided_on_precision: detail.decidedOnPrecision,
		votes: detail.votes,
		place: {
			name: detail.place.name,
			kind: detail.place.kind,
			state: detail.place.stateCode,
			state_name: detail.place.stateName,
			county: detail.place.county
		},
		text: detail.text,
		text_html: textHtml,
		source_url: detail.sourceUrl,
		source_title: detail.sourceTitle,
		provenance: detail.provenance,
		verified: detail.verified,
		visibility: detail.visibility,
		created_at: detail.createdAt.toISOString(),
		updated_at: detail.updatedAt.toISOString(),
		last_activity: detail.lastActivity?.toISOString() ?? null,
		events: detail.events.map((event) => ({
			occurred_on: event.occurredOn,
			occurred_on_precision: event.precision,
			status: event.status,
			stage: event.stage,
			note: event.note,
			source_url: event.sourceUrl
		})),
		documents: documents.map((document) => ({
			name: document.name,
			size: document.size,
			content_type: document.contentType,
			created_at: document.createdAt,
			url: `${url}/documents/${document.file}`
		}))
	};
}
