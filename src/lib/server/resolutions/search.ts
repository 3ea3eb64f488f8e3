/**
 * The filter set (src/lib/filters.ts) in SQL: one query that the list, the exports, the feeds and
 * the map's point index all start from, so they always show exactly the same resolutions.
 * Runs under the caller's claims; RLS keeps drafts out for the public.
 */
import { sql } from 'kysely';
import type { FilterProblem, Filters, ListSort } from '$lib/filters';
import type { Tx } from '../db';

/**
 * The date a resolution's status dates from: its decision, else its latest event. Null when no
 * source dates it; such resolutions fall outside any year range.
 */
export const datedOn = sql<string | null>`coalesce(
	r.decided_on,
	(select max(e.occurred_on) from public.resolution_events e where e.resolution_id = r.id)
)`;

const datedOnPrecision = sql<'day' | 'month' | 'year' | null>`coalesce(
	r.decided_on_precision,
	(select e.occurred_on_precision from public.resolution_events e
		where e.resolution_id = r.id order by e.occurred_on desc limit 1)
)`;

function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Published resolutions with their place, narrowed by the filters; callers select and order. */
export function filteredResolutions(tx: Tx, filters: Filters) {
	let query = tx
		.selectFrom('resolutions as r')
		.innerJoin('places as p', 'p.id', 'r.place_id')
		.where('r.visibility', '=', 'published');
	if (filters.status.length > 0) query = query.where('r.status', 'in', filters.status);
	if (filters.kind.length > 0) query = query.where('p.kind', 'in', filters.kind);
	if (filters.state.length > 0) query = query.where('p.state_code', 'in', filters.state);
	if (filters.from !== null) {
		query = query.where(sql<boolean>`${datedOn} >= make_date(${filters.from}::int, 1, 1)`);
	}
	if (filters.to !== null) {
		query = query.where(sql<boolean>`${datedOn} < make_date(${filters.to + 1}::int, 1, 1)`);
	}
	if (filters.template) {
		const slug = filters.template;
		query = query.where('r.template_version_id', 'in', (eb) =>
			eb
				.selectFrom('template_versions as tv')
				.innerJoin('templates as t', 't.id', 'tv.template_id')
				.select('tv.id')
				.where('t.slug', '=', slug)
		);
	}
	// Every word must appear somewhere in the place, the title or the body.
	for (const word of filters.q.split(' ').filter(Boolean)) {
		const pattern = `%${escapeLike(word)}%`;
		query = query.where(
			sql<boolean>`(p.name || ' ' || p.state_code || ' ' || coalesce(p.county, '') || ' ' || r.title || ' ' || coalesce(r.body, '')) ilike ${pattern}`
		);
	}
	return query;
}

export interface ResolutionRow {
	slug: string;
	title: string;
	status: string;
	stage: string | null;
	body: string | null;
	datedOn: string | null;
	datedOnPrecision: 'day' | 'month' | 'year' | null;
	decidedOn: string | null;
	decidedOnPrecision: 'day' | 'month' | 'year' | null;
	votesFor: number | null;
	votesAgainst: number | null;
	verified: boolean;
	sourceUrl: string | null;
	sourceTitle: string | null;
	updatedAt: Date;
	place: {
		name: string;
		kind: string;
		stateCode: string;
		county: string | null;
		lat: number | null;
		lon: number | null;
	};
}

function selectRows(tx: Tx, filters: Filters) {
	return filteredResolutions(tx, filters).select([
		'r.slug',
		'r.title',
		'r.status',
		'r.stage',
		'r.body',
		datedOn.as('dated_on'),
		datedOnPrecision.as('dated_on_precision'),
		'r.decided_on',
		'r.decided_on_precision',
		'r.votes_for',
		'r.votes_against',
		'r.verified',
		'r.source_url',
		'r.source_title',
		'r.updated_at',
		'p.name as place_name',
		'p.kind as place_kind',
		'p.state_code',
		'p.county',
		'p.lat',
		'p.lon'
	]);
}

type SelectedRow = Awaited<ReturnType<ReturnType<typeof selectRows>['execute']>>[number];

function toRow(row: SelectedRow): ResolutionRow {
	return {
		slug: row.slug,
		title: row.title,
		status: row.status,
		stage: row.stage,
		body: row.body,
		datedOn: row.dated_on,
		datedOnPrecision: row.dated_on_precision,
		decidedOn: row.decided_on,
		decidedOnPrecision: row.decided_on_precision as ResolutionRow['decidedOnPrecision'],
		votesFor: row.votes_for,
		votesAgainst: row.votes_against,
		verified: row.verified,
		sourceUrl: row.source_url,
		sourceTitle: row.source_title,
		updatedAt: row.updated_at,
		place: {
			name: row.place_name,
			kind: row.place_kind,
			stateCode: row.state_code,
			county: row.county,
			lat: row.lat,
			lon: row.lon
		}
	};
}

const ORDER: Record<ListSort, ReturnType<typeof sql.raw>[]> = {
	place: [sql.raw('p.name'), sql.raw('p.state_code')],
	state: [sql.raw('p.state_code'), sql.raw('p.name')],
	kind: [sql.raw('p.kind'), sql.raw('p.name')],
	status: [sql.raw('r.status'), sql.raw('p.name')],
	date: [sql.raw('dated_on'), sql.raw('p.name')]
};

export interface ListOptions {
	sort: ListSort;
	dir: 'asc' | 'desc';
	page: number;
	pageSize: number;
}

/** One page of the filtered set, in a stable order (slug breaks ties). */
export async function listPage(tx: Tx, filters: Filters, options: ListOptions) {
	const direction = sql.raw(options.dir === 'desc' ? 'desc' : 'asc');
	const [first, second] = ORDER[options.sort];
	const rows = await selectRows(tx, filters)
		.orderBy(sql`${first} ${direction} nulls last`)
		.orderBy(sql`${second} ${direction}`)
		.orderBy('r.slug')
		.limit(options.pageSize)
		.offset((options.page - 1) * options.pageSize)
		.execute();
	return rows.map(toRow);
}

/** How many resolutions match, by status. */
export async function countByStatus(tx: Tx, filters: Filters): Promise<Record<string, number>> {
	const rows = await filteredResolutions(tx, filters)
		.select(['r.status', sql<number>`count(*)::int`.as('count')])
		.groupBy('r.status')
		.execute();
	return Object.fromEntries(rows.map((row) => [row.status, row.count]));
}

/** The whole filtered set, for the exports, ordered by state and place. */
export async function allMatching(tx: Tx, filters: Filters): Promise<ResolutionRow[]> {
	const rows = await selectRows(tx, filters)
		.orderBy('p.state_code')
		.orderBy('p.name')
		.orderBy('r.slug')
		.execute();
	return rows.map(toRow);
}

/**
 * The filter naming a template nobody can see (unknown, or unpublished) as a problem, so it is
 * reported instead of silently matching nothing.
 */
export async function templateProblem(tx: Tx, filters: Filters): Promise<FilterProblem | null> {
	if (!filters.template) return null;
	const found = await tx
		.selectFrom('templates')
		.select('id')
		.where('slug', '=', filters.template)
		.executeTakeFirst();
	return found ? null : { param: 'template', value: filters.template, code: 'unknown_value' };
}

/** The counter that moves whenever anything public may have changed (see the migration). */
export async function publicationVersion(tx: Tx): Promise<string> {
	const { rows } = await sql<{
		version: string;
	}>`select private.publication_version()::text as version`.execute(tx);
	return rows[0]?.version ?? '0';
}
