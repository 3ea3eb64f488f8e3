import { EMPTY_FILTERS } from '$lib/filters';
import type { PointResponse } from '$lib/map/protocol';
import type { Status } from '$lib/pipeline';
import { datedOn, filteredResolutions } from '../resolutions/search';
import type { Tx } from '../db';

/** A published resolution's popup details, or null (unknown, or a draft: the public never sees it). */
export async function pointDetails(tx: Tx, slug: string): Promise<PointResponse | null> {
	const row = await filteredResolutions(tx, EMPTY_FILTERS)
		.where('r.slug', '=', slug)
		.select([
			'r.slug',
			'r.title',
			'r.body',
			'r.status',
			'r.decided_on',
			'r.decided_on_precision',
			datedOn.as('dated_on'),
			'p.name',
			'p.kind',
			'p.state_code'
		])
		.executeTakeFirst();
	if (!row) return null;
	return {
		slug: row.slug,
		title: row.title,
		body: row.body,
		status: row.status as Status,
		decidedOn: row.decided_on,
		decidedOnPrecision: row.decided_on_precision as PointResponse['decidedOnPrecision'],
		datedOn: row.dated_on,
		place: { name: row.name, kind: row.kind, stateCode: row.state_code }
	};
}
