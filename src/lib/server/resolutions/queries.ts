import type { Tx } from '../db';

export interface ResolutionListItem {
	slug: string;
	title: string;
	status: string;
	body: string | null;
	decidedOn: string | null;
	decidedOnPrecision: 'day' | 'month' | 'year' | null;
	sourceUrl: string | null;
	sourceTitle: string | null;
	place: { name: string; kind: string; stateCode: string };
}

/** Resolutions the caller may see (RLS: the public sees published ones), by state and place. */
export async function listResolutions(tx: Tx): Promise<ResolutionListItem[]> {
	const rows = await tx
		.selectFrom('resolutions as r')
		.innerJoin('places as p', 'p.id', 'r.place_id')
		.select([
			'r.slug',
			'r.title',
			'r.status',
			'r.body',
			'r.decided_on',
			'r.decided_on_precision',
			'r.source_url',
			'r.source_title',
			'p.name as place_name',
			'p.kind as place_kind',
			'p.state_code'
		])
		.where('r.visibility', '=', 'published')
		.orderBy('p.state_code')
		.orderBy('p.name')
		.orderBy('r.decided_on', (ob) => ob.desc().nullsLast())
		.execute();
	return rows.map((row) => ({
		slug: row.slug,
		title: row.title,
		status: row.status,
		body: row.body,
		decidedOn: row.decided_on,
		decidedOnPrecision: row.decided_on_precision as ResolutionListItem['decidedOnPrecision'],
		sourceUrl: row.source_url,
		sourceTitle: row.source_title,
		place: { name: row.place_name, kind: row.place_kind, stateCode: row.state_code }
	}));
}
