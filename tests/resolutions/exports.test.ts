import { check } from '@placemarkio/check-geojson';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, toCsv, toGeoJson, toItem } from '../../src/lib/server/resolutions/exports';
import type { ResolutionRow } from '../../src/lib/server/resolutions/search';

const ORIGIN = 'https://atlas.example.org';

function row(overrides: Partial<ResolutionRow> = {}): ResolutionRow {
	return {
		slug: 'springfield-il-2016',
		title: 'Resolution welcoming refugees',
		status: 'adopted',
		stage: null,
		body: 'City Council',
		datedOn: '2016-03-01',
		datedOnPrecision: 'month',
		decidedOn: '2016-03-01',
		decidedOnPrecision: 'month',
		votesFor: 7,
		votesAgainst: 2,
		verified: true,
		sourceUrl: 'https://example.org/news',
		sourceTitle: 'News',
		updatedAt: new Date('2026-11-01T00:00:00Z'),
		place: {
			name: 'Springfield',
			kind: 'city',
			stateCode: 'IL',
			county: 'Sangamon',
			lat: 39.7817213,
			lon: -89.6501481
		},
		...overrides
	};
}

describe('CSV export', () => {
	it('quotes commas, quotes and line breaks and reads back to the same items', () => {
		const tricky = row({
			slug: 'tricky',
			title: 'A "welcome", with commas\nand a line break',
			body: null,
			votesFor: null
		});
		const csv = toCsv([row(), tricky], ORIGIN);
		const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
		expect(parsed.errors).toEqual([]);
		expect(parsed.meta.fields).toEqual([...CSV_COLUMNS]);
		expect(parsed.data[1]?.title).toBe(tricky.title);
		expect(parsed.data[1]?.body).toBe('');
		expect(parsed.data[0]?.lon).toBe('-89.65015');
		expect(parsed.data[0]?.url).toBe(`${ORIGIN}/resolutions/springfield-il-2016`);
	});

	it('defuses spreadsheet formulas in free text but keeps negative numbers', () => {
		const csv = toCsv(
			[
				row({
					title: '=HYPERLINK("http://evil")',
					body: '+1',
					place: { ...row().place, name: '@SUM' }
				})
			],
			ORIGIN
		);
		const [item] = Papa.parse<Record<string, string>>(csv, {
			header: true,
			skipEmptyLines: true
		}).data;
		expect(item?.title).toBe(`'=HYPERLINK("http://evil")`);
		expect(item?.body).toBe(`'+1`);
		expect(item?.place).toBe(`'@SUM`);
		expect(item?.lon?.startsWith('-')).toBe(true);
	});
});

describe('GeoJSON export', () => {
	it('is valid RFC 7946 with longitude first', () => {
		const collection = toGeoJson(
			[row(), row({ slug: 'nowhere', place: { ...row().place, lat: null, lon: null } })],
			ORIGIN
		);
		expect(() => check(JSON.stringify(collection))).not.toThrow();
		expect(collection.features[0]?.geometry).toEqual({
			type: 'Point',
			coordinates: [-89.65015, 39.78172]
		});
		expect(collection.features[1]?.geometry).toBeNull();
		expect(collection.features[0]?.properties).toMatchObject({
			slug: 'springfield-il-2016',
			status: 'adopted'
		});
	});

	it('carries the same facts as the JSON items', () => {
		const item = toItem(row(), ORIGIN);
		const { lat, lon, ...rest } = item;
		expect(toGeoJson([row()], ORIGIN).features[0]?.properties).toEqual(rest);
		expect([lat, lon]).toEqual([39.78172, -89.65015]);
	});
});
