/**
 * The filtered set as CSV (RFC 4180), GeoJSON (RFC 7946) and JSON API items. One column list
 * and one item shape, so the three formats always carry the same facts.
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { ResolutionRow } from './search';

export interface ResolutionItem {
	slug: string;
	url: string;
	title: string;
	status: string;
	stage: string | null;
	body: string | null;
	place: string;
	place_kind: string;
	state: string;
	county: string | null;
	lat: number | null;
	lon: number | null;
	decided_on: string | null;
	decided_on_precision: string | null;
	dated_on: string | null;
	votes_for: number | null;
	votes_against: number | null;
	verified: boolean;
	source_url: string | null;
	source_title: string | null;
	updated_at: string;
}

/** 1e-5 degrees is about a metre: more digits only add bytes. */
const round5 = (value: number) => Math.round(value * 1e5) / 1e5;

export function toItem(row: ResolutionRow, origin: string): ResolutionItem {
	return {
		slug: row.slug,
		url: `${origin}/resolutions/${row.slug}`,
		title: row.title,
		status: row.status,
		stage: row.stage,
		body: row.body,
		place: row.place.name,
		place_kind: row.place.kind,
		state: row.place.stateCode,
		county: row.place.county,
		lat: row.place.lat === null ? null : round5(row.place.lat),
		lon: row.place.lon === null ? null : round5(row.place.lon),
		decided_on: row.decidedOn,
		decided_on_precision: row.decidedOnPrecision,
		dated_on: row.datedOn,
		votes_for: row.votesFor,
		votes_against: row.votesAgainst,
		verified: row.verified,
		source_url: row.sourceUrl,
		source_title: row.sourceTitle,
		updated_at: row.updatedAt.toISOString()
	};
}

export const CSV_COLUMNS = [
	'slug',
	'url',
	'title',
	'status',
	'stage',
	'body',
	'place',
	'place_kind',
	'state',
	'county',
	'lat',
	'lon',
	'decided_on',
	'decided_on_precision',
	'dated_on',
	'votes_for',
	'votes_against',
	'verified',
	'source_url',
	'source_title',
	'updated_at'
] as const satisfies readonly (keyof ResolutionItem)[];

/** Free-text columns a spreadsheet could take for a formula (CSV injection). */
const TEXT_COLUMNS = new Set<string>(['title', 'body', 'place', 'county', 'source_title']);

function csvCell(column: string, value: unknown): string {
	if (value === null || value === undefined) return '';
	let text = String(value);
	if (TEXT_COLUMNS.has(column) && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: ResolutionRow[], origin: string): string {
	const lines = [CSV_COLUMNS.join(',')];
	for (const row of rows) {
		const item = toItem(row, origin);
		lines.push(CSV_COLUMNS.map((column) => csvCell(column, item[column])).join(','));
	}
	return `${lines.join('\r\n')}\r\n`;
}

export function toGeoJson(rows: ResolutionRow[], origin: string): FeatureCollection<Point | null> {
	const features: Feature<Point | null>[] = rows.map((row) => {
		const { lat, lon, ...properties } = toItem(row, origin);
		return {
			type: 'Feature',
			id: row.slug,
			// RFC 7946: longitude first. A resolution without coordinates is an unlocated feature.
			geometry: lat === null || lon === null ? null : { type: 'Point', coordinates: [lon, lat] },
			properties
		};
	});
	return { type: 'FeatureCollection', features };
}
