/**
 * Public reports of resolutions and their moderation. Every function runs in the caller's
 * claims-scoped transaction: the policies on resolution_reports let anyone add a pending report
 * and only site admins read or decide one, so these functions only shape the writes.
 */
import { sql } from 'kysely';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '../db';
import { slugify } from '../campaigns/start';
import { locatePlace } from '../places';
import type { ApproveInput, ReportFields, ReportInput } from './schema';

/** A decision the moderator cannot make as asked; `field` names the form field to blame. */
export class ReportDecisionError extends Error {
	constructor(
		readonly field: string,
		message: string
	) {
		super(message);
	}
}

/**
 * Adds a pending report through private.submit_report(), which applies the honeypot and the rate
 * limits (per client and in all) inside the database, so nobody skips them by writing to the
 * table. Returns 0 when taken, else the seconds to wait. `client` is the sender's address: the
 * database keeps only a keyed hash of it, for the limit's window.
 */
export async function submitReport(
	tx: Tx,
	client: string,
	honeypot: string,
	input: ReportInput
): Promise<number> {
	const { rows } = await sql<{ wait: number }>`
		select private.submit_report(
			${client}, ${honeypot}, ${input.place_name}, ${input.place_kind}, ${input.state_code},
			${input.status}, ${input.decided_on}::date, ${input.title}, ${input.body},
			${input.source_url}, ${input.notes}, ${input.contact_email}
		) as wait`.execute(tx);
	return rows[0]?.wait ?? 0;
}

/** The fields a reporter fills in and a moderator may correct, as stored. */
function reportFields(input: ReportFields) {
	return {
		place_name: input.place_name,
		place_kind: input.place_kind,
		state_code: input.state_code,
		status: input.status,
		decided_on: input.decided_on,
		title: input.title,
		body: input.body,
		source_url: input.source_url,
		notes: input.notes
	};
}

const REPORT_COLUMNS = [
	'id',
	'place_name',
	'place_kind',
	'state_code',
	'status',
	'decided_on',
	'title',
	'body',
	'source_url',
	'notes',
	'contact_email',
	'state',
	'decision_reason',
	'resolution_id',
	'created_at'
] as const;

/** Pending reports, oldest first (what a site admin sees; RLS shows others nothing). */
export async function listPendingReports(tx: Tx) {
	return tx
		.selectFrom('resolution_reports')
		.select(REPORT_COLUMNS)
		.where('state', '=', 'pending')
		.orderBy('created_at')
		.limit(500)
		.execute();
}

/** One report with the slug of the resolution it went into, if any. */
export async function getReport(tx: Tx, id: string) {
	return tx
		.selectFrom('resolution_reports as rr')
		.leftJoin('resolutions as r', 'r.id', 'rr.resolution_id')
		.select(REPORT_COLUMNS.map((column) => `rr.${column}` as const))
		.select(['r.slug as resolution_slug', 'r.title as resolution_title'])
		.where('rr.id', '=', id)
		.executeTakeFirst();
}

export type Report = NonNullable<Awaited<ReturnType<typeof getReport>>>;

function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Resolutions whose place or title contains the words, for the moderator's merge choice. */
export async function searchResolutions(tx: Tx, query: string) {
	const words = query.trim().split(/\s+/).filter(Boolean).slice(0, 8);
	if (words.length === 0) return [];
	let select = tx
		.selectFrom('resolutions as r')
		.innerJoin('places as p', 'p.id', 'r.place_id')
		.select(['r.id', 'r.slug', 'r.title', 'r.status', 'p.name as place_name', 'p.state_code']);
	for (const word of words) {
		const pattern = `%${escapeLike(word)}%`;
		select = select.where((eb) =>
			eb.or([eb('p.name', 'ilike', pattern), eb('r.title', 'ilike', pattern)])
		);
	}
	return select.orderBy('p.state_code').orderBy('p.name').limit(25).execute();
}

/** The report, locked, if it is still pending: two moderators cannot decide it twice. */
async function lockPending(tx: Tx, reportId: string) {
	const report = await tx
		.selectFrom('resolution_reports')
		.select(REPORT_COLUMNS)
		.where('id', '=', reportId)
		.forUpdate()
		.executeTakeFirst();
	if (!report || report.state !== 'pending') {
		throw new ReportDecisionError('form', m.moderate_already_decided());
	}
	return report;
}

/** Marks the report decided and forgets the reporter's email; the database records who and when. */
async function decide(
	tx: Tx,
	reportId: string,
	decision: { state: 'approved' | 'merged' | 'rejected'; resolution_id?: string; reason?: string }
): Promise<void> {
	await tx
		.updateTable('resolution_reports')
		.set({
			state: decision.state,
			resolution_id: decision.resolution_id ?? null,
			decision_reason: decision.reason ?? null,
			contact_email: null
		})
		.where('id', '=', reportId)
		.execute();
}

/**
 * The site's place of the report, found by (kind, state, name) — the name in any case, so
 * "lakeview" does not become a second Lakeview — or created. Never a place a user added for a
 * campaign: they can still change it. A place found without coordinates takes the moderator's,
 * when given; a new one is placed by the moderator's coordinates or the gazetteer.
 */
async function findOrCreatePlace(tx: Tx, input: ApproveInput): Promise<string> {
	const existing = await tx
		.selectFrom('places')
		.select(['id', 'lat', 'vetted'])
		.where('claimed_by', 'is', null)
		.where('kind', '=', input.place_kind)
		.where('state_code', '=', input.state_code)
		.where(sql`lower(name)`, '=', input.place_name.toLowerCase())
		.orderBy('created_at')
		.executeTakeFirst();
	const location = moderatedLocation(input);
	if (!existing) {
		const created = await tx
			.insertInto('places')
			.values({
				kind: input.place_kind,
				name: input.place_name,
				state_code: input.state_code,
				...location
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return created.id;
	}
	// An organizer's place the site took over when their campaign was published keeps their pin
	// until someone vets it: the moderator's coordinates or the gazetteer's replace it, never the
	// other way round. A vetted place without coordinates takes the moderator's, when given.
	const typed = input.lat !== null && input.lon !== null;
	if (!existing.vetted) {
		await tx
			.updateTable('places')
			.set({ ...location, vetted: true })
			.where('id', '=', existing.id)
			.execute();
	} else if (existing.lat === null && typed) {
		await tx
			.updateTable('places')
			.set({ lat: input.lat, lon: input.lon, location_source: 'moderator' })
			.where('id', '=', existing.id)
			.execute();
	}
	return existing.id;
}

/** Where the moderator puts the place: their coordinates, else the offline gazetteer's. */
function moderatedLocation(input: ApproveInput) {
	if (input.lat !== null && input.lon !== null) {
		return {
			lat: input.lat,
			lon: input.lon,
			location_source: 'moderator',
			county: null,
			official_id: null
		};
	}
	const found = locatePlace({
		name: input.place_name,
		kind: input.place_kind,
		state: input.state_code
	});
	return {
		lat: found?.lat ?? null,
		lon: found?.lon ?? null,
		location_source: found?.source ?? null,
		county: found?.county ?? null,
		official_id: found?.officialId ?? null
	};
}

/** "<place>-<state>-<year>" like the seed's slugs; a short random tail when that is taken. */
async function freeSlug(tx: Tx, input: ApproveInput): Promise<string> {
	const year = input.decided_on?.slice(0, 4) ?? '';
	const base = slugify(`${input.place_name} ${input.state_code} ${year}`) || 'resolution';
	const taken = await tx
		.selectFrom('resolutions')
		.select('id')
		.where('slug', '=', base)
		.executeTakeFirst();
	return taken ? `${base}-${crypto.randomUUID().slice(0, 6)}` : base;
}

/**
 * The dated history line that carries the report's source. Its note is public: the moderator's
 * (`publicNote`) or the title, never the reporter's notes, which are for the moderators only.
 */
async function addSourceEvent(
	tx: Tx,
	resolutionId: string,
	report: {
		decided_on: string | null;
		created_at: Date;
		status: string;
		title: string;
		source_url: string;
	},
	publicNote: string | null = null
): Promise<void> {
	await tx
		.insertInto('resolution_events')
		.values({
			resolution_id: resolutionId,
			// Undated reports date from the day they came in.
			occurred_on: report.decided_on ?? report.created_at.toISOString().slice(0, 10),
			occurred_on_precision: 'day',
			status: report.status,
			note: publicNote ?? report.title,
			source_url: report.source_url
		})
		.execute();
}

/**
 * Publishes the report as a verified resolution: the place (found or created), the resolution,
 * its source event, and the report marked approved — all in the caller's transaction.
 */
export async function approveReport(
	tx: Tx,
	reportId: string,
	input: ApproveInput
): Promise<{ slug: string; title: string }> {
	const report = await lockPending(tx, reportId);
	const placeId = await findOrCreatePlace(tx, input);
	const slug = await freeSlug(tx, input);
	const resolution = await tx
		.insertInto('resolutions')
		.values({
			slug,
			place_id: placeId,
			body: input.body,
			title: input.title,
			status: input.status,
			decided_on: input.decided_on,
			decided_on_precision: input.decided_on ? 'day' : null,
			visibility: 'published',
			source_url: input.source_url,
			source_title: input.title.slice(0, 500),
			notes: input.notes,
			provenance: 'report',
			verified: true
		})
		.returning(['id', 'slug', 'title'])
		.executeTakeFirstOrThrow();
	// input.notes is the moderator's public note (the approve form starts it empty).
	await addSourceEvent(tx, resolution.id, { ...input, created_at: report.created_at }, input.notes);
	// The report keeps what was published, so the record matches the resolution; its notes stay
	// the reporter's (the moderator's public note went to the history).
	const { notes: _publicNote, ...published } = reportFields(input);
	await tx.updateTable('resolution_reports').set(published).where('id', '=', reportId).execute();
	await decide(tx, reportId, { state: 'approved', resolution_id: resolution.id });
	return { slug: resolution.slug, title: resolution.title };
}

/** Adds the report's source and notes to an existing resolution's history. */
export async function mergeReport(
	tx: Tx,
	reportId: string,
	resolutionId: string
): Promise<{ slug: string; title: string }> {
	const report = await lockPending(tx, reportId);
	const target = await tx
		.selectFrom('resolutions')
		.select(['id', 'slug', 'title'])
		.where('id', '=', resolutionId)
		.executeTakeFirst();
	if (!target) throw new ReportDecisionError('resolution_id', m.moderate_error_resolution());
	await addSourceEvent(tx, target.id, report);
	await decide(tx, reportId, { state: 'merged', resolution_id: target.id });
	return { slug: target.slug, title: target.title };
}

export async function rejectReport(tx: Tx, reportId: string, reason: string): Promise<void> {
	await lockPending(tx, reportId);
	await decide(tx, reportId, { state: 'rejected', reason });
}
