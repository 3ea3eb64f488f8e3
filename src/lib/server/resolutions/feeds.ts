/**
 * Atom feeds (RFC 4287) of what happened to published resolutions: every dated event, newest
 * first, plus one entry for each resolution that has no events (dated by its decision, else by
 * when it was added). `feedRows` reads them under the caller's claims from the one filtered
 * query; `buildAtomFeed` is a pure function from rows to XML.
 */
import { sql } from 'kysely';
import type { Filters } from '$lib/filters';
import { formatDay, formatPartialDate, kindLabel, statusLabel } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { overwriteGetLocale, getLocale } from '$lib/paraglide/runtime';
import type { Tx } from '../db';
import { filteredResolutions } from './search';

export const FEED_LIMIT = 50;

export interface FeedRow {
	/** The event's id, or the resolution's for a resolution without events: stable across edits. */
	entryId: string;
	kind: 'event' | 'resolution';
	slug: string;
	title: string;
	body: string | null;
	/** The event's status (else the resolution's). */
	status: string | null;
	note: string | null;
	/** When it happened, as precisely as known; null for an undated resolution. */
	date: string | null;
	precision: 'day' | 'month' | 'year' | null;
	/** When the site recorded it: what the entry is ordered and dated by (feedRows explains). */
	at: Date;
	sourceUrl: string | null;
	provenance: string;
	place: { name: string; kind: string; stateCode: string };
}

/**
 * The newest entries of the matching published resolutions (one resolution: `slug`). An entry is
 * dated by when the site recorded it — an event by when it was written (or by the publication,
 * if it was written while the resolution was a draft), a resolution by when it was published —
 * so what happened lately on the site comes first, whatever the date it happened. A resolution
 * has an entry of its own when it was published here (by its team or from a report), or when the
 * curated dataset has no event for it. Among entries recorded together (the demo data, an
 * import), the most recent in history come first and the undated last. An event dated after the
 * day it was recorded is a plan, not news: it is left out.
 */
export async function feedRows(
	tx: Tx,
	filters: Filters,
	options: { slug?: string; limit?: number } = {}
): Promise<FeedRow[]> {
	let matching = filteredResolutions(tx, filters).select([
		'r.id',
		'r.slug',
		'r.title',
		'r.body',
		'r.status',
		'r.decided_on',
		'r.decided_on_precision',
		'r.published_at',
		'r.source_url',
		'r.provenance',
		'p.name as place_name',
		'p.kind as place_kind',
		'p.state_code'
	]);
	if (options.slug !== undefined) matching = matching.where('r.slug', '=', options.slug);
	const limit = Math.min(options.limit ?? FEED_LIMIT, FEED_LIMIT);
	const { rows } = await sql<{
		entry_id: string;
		kind: 'event' | 'resolution';
		slug: string;
		title: string;
		body: string | null;
		status: string | null;
		note: string | null;
		date: string | null;
		precision: 'day' | 'month' | 'year' | null;
		at: Date;
		source_url: string | null;
		provenance: string;
		place_name: string;
		place_kind: string;
		state_code: string;
	}>`
		with m as (${matching}),
		entries as (
			select e.id as entry_id, 'event' as kind, m.slug, m.title, m.body,
				coalesce(e.status, m.status) as status, e.note, e.occurred_on as date,
				e.occurred_on_precision as precision,
				greatest(e.created_at, m.published_at) as at,
				coalesce(e.source_url, m.source_url) as source_url,
				m.provenance, m.place_name, m.place_kind, m.state_code
			from m join public.resolution_events e on e.resolution_id = m.id
			where e.occurred_on <= (e.created_at at time zone 'UTC')::date + 1
			union all
			select m.id, 'resolution', m.slug, m.title, m.body, m.status, null, m.decided_on,
				m.decided_on_precision, m.published_at, m.source_url, m.provenance, m.place_name,
				m.place_kind, m.state_code
			from m
			where m.provenance in ('organizer', 'report')
				or not exists (select 1 from public.resolution_events e2 where e2.resolution_id = m.id)
		)
		select * from entries
		order by at desc, date desc nulls last, entry_id
		limit ${limit}
	`.execute(tx);
	return rows.map((row) => ({
		entryId: row.entry_id,
		kind: row.kind,
		slug: row.slug,
		title: row.title,
		body: row.body,
		status: row.status,
		note: row.note,
		date: row.date,
		precision: row.precision,
		at: new Date(row.at),
		sourceUrl: row.source_url,
		provenance: row.provenance,
		place: { name: row.place_name, kind: row.place_kind, stateCode: row.state_code }
	}));
}

/** Place and title of a published resolution (what its feed is called), or null. */
export async function publishedHeading(
	tx: Tx,
	slug: string
): Promise<{ place: string; title: string } | null> {
	const row = await tx
		.selectFrom('resolutions as r')
		.innerJoin('places as p', 'p.id', 'r.place_id')
		.select(['r.title', 'p.name', 'p.state_code'])
		.where('r.slug', '=', slug)
		.where('r.visibility', '=', 'published')
		.executeTakeFirst();
	return row ? { place: `${row.name}, ${row.state_code}`, title: row.title } : null;
}

// --- XML ------------------------------------------------------------------------------------

/** Characters XML 1.0 cannot carry at all (C0 controls but tab, newline, return; U+FFFE/F). */
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
	return text
		.replace(INVALID_XML, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

const rfc3339 = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface FeedMeta {
	/** A permanent IRI naming the feed: its canonical URL. */
	id: string;
	title: string;
	subtitle?: string;
	selfUrl: string;
	/** The HTML page the feed follows. */
	alternateUrl: string;
	/** Site origin, for entry links. */
	origin: string;
	locale: string;
}

/** Runs `fn` with paraglide's messages in `locale`, whatever the request negotiated. */
function inLocale<T>(locale: string, fn: () => T): T {
	const previous = getLocale;
	overwriteGetLocale(() => locale as ReturnType<typeof getLocale>);
	try {
		return fn();
	} finally {
		overwriteGetLocale(previous);
	}
}

function providerName(provenance: string): string {
	if (provenance === 'seed' || provenance === 'import') return m.feed_author_seed();
	if (provenance === 'report') return m.feed_author_report();
	return m.feed_author_organizer();
}

function entryXml(row: FeedRow, meta: FeedMeta): string {
	const url = `${meta.origin}/resolutions/${row.slug}`;
	const place = `${row.place.name}, ${row.place.stateCode}`;
	// A resolution's own entry says it was added, on the day it was; an event says what happened
	// and when (which may be long before it was recorded).
	const added = row.kind === 'resolution';
	const what = added
		? m.feed_added()
		: (row.note ?? (row.status ? statusLabel(row.status) : m.feed_added()));
	const date = added
		? formatDay(row.at, meta.locale)
		: row.date
			? formatPartialDate(row.date, row.precision, meta.locale)
			: m.feed_undated();
	const summary = [
		m.feed_entry_summary({ date, what, title: row.title }),
		row.body ? `${kindLabel(row.place.kind)} · ${row.body}` : kindLabel(row.place.kind),
		row.status ? m.feed_entry_status({ status: statusLabel(row.status) }) : '',
		added && row.date
			? m.feed_entry_decided({ date: formatPartialDate(row.date, row.precision, meta.locale) })
			: ''
	]
		.filter(Boolean)
		.join('\n');
	const updated = rfc3339(row.at);
	const lines = [
		'<entry>',
		`<id>urn:uuid:${escapeXml(row.entryId)}</id>`,
		`<title type="text">${escapeXml(m.feed_entry_title({ place, what, title: row.title }))}</title>`,
		`<updated>${updated}</updated>`,
		`<published>${updated}</published>`,
		`<link rel="alternate" type="text/html" href="${escapeXml(url)}"/>`
	];
	if (row.sourceUrl) lines.push(`<link rel="related" href="${escapeXml(row.sourceUrl)}"/>`);
	if (row.status) {
		lines.push(
			`<category term="${escapeXml(row.status)}" label="${escapeXml(statusLabel(row.status))}"/>`
		);
	}
	lines.push(
		`<author><name>${escapeXml(providerName(row.provenance))}</name></author>`,
		`<summary type="text">${escapeXml(summary)}</summary>`,
		'</entry>'
	);
	return lines.join('\n');
}

/**
 * A complete Atom document. Rows are expected newest first (as feedRows returns them); the feed's
 * `updated` is its newest entry's, or the Unix epoch for an empty feed, so the same rows always
 * give the same bytes.
 */
export function buildAtomFeed(meta: FeedMeta, rows: FeedRow[]): string {
	return inLocale(meta.locale, () => {
		const newest = rows.reduce((max, row) => Math.max(max, row.at.getTime()), 0);
		const head = [
			'<?xml version="1.0" encoding="utf-8"?>',
			`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(meta.locale)}">`,
			`<id>${escapeXml(meta.id)}</id>`,
			`<title type="text">${escapeXml(meta.title)}</title>`
		];
		if (meta.subtitle) head.push(`<subtitle type="text">${escapeXml(meta.subtitle)}</subtitle>`);
		head.push(
			`<updated>${rfc3339(new Date(newest))}</updated>`,
			`<link rel="self" type="application/atom+xml" href="${escapeXml(meta.selfUrl)}"/>`,
			`<link rel="alternate" type="text/html" href="${escapeXml(meta.alternateUrl)}"/>`,
			`<author><name>${escapeXml(m.site_name())}</name><uri>${escapeXml(meta.origin)}/</uri></author>`,
			`<generator uri="${escapeXml(meta.origin)}/">${escapeXml(m.site_name())}</generator>`
		);
		return [...head, ...rows.map((row) => entryXml(row, meta)), '</feed>', ''].join('\n');
	});
}
