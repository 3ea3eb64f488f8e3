/**
 * The map's offline basemap, built from us-atlas (US Census boundaries, ISC) so the map works with
 * no tile server:
 *   static/map/states.json            simplified state shapes (TopoJSON), drawn on every view
 *   static/map/counties/<fips>.json   one state's counties, loaded only when zoomed in on it
 * Output is committed; run again after upgrading us-atlas:  npx tsx scripts/build-basemap.ts
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { feature, quantize } from 'topojson-client';
import { topology } from 'topojson-server';
import { filter, filterWeight, presimplify, quantile, simplify } from 'topojson-simplify';
import type { GeometryCollection, Objects, Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry } from 'geojson';

const require = createRequire(import.meta.url);
const OUT = join(import.meta.dirname, '..', 'static', 'map');

type Named = { name: string };

function load(name: string): Topology<Objects<Named>> {
	return JSON.parse(readFileSync(require.resolve(`us-atlas/${name}`), 'utf8')) as Topology<
		Objects<Named>
	>;
}

/** Keeps the `keep` share of the most significant points (Visvalingam weights). */
function simplified(topo: Topology<Objects<Named>>, keep: number) {
	const pre = presimplify(topo);
	return simplify(pre, quantile(pre, keep));
}

function featuresOf(
	topo: Topology<Objects<Named>>,
	object: string
): Feature<Geometry, { name: string }>[] {
	const collection = feature(
		topo,
		topo.objects[object] as GeometryCollection<Named>
	) as FeatureCollection<Geometry, { name: string }>;
	// Rounded coordinates: ~1 m is far below what the map shows.
	return collection.features.map((f) => ({
		type: 'Feature',
		id: f.id,
		properties: { name: f.properties.name },
		geometry: f.geometry
	}));
}

function write(path: string, value: unknown): number {
	const text = JSON.stringify(value);
	writeFileSync(path, text);
	return text.length;
}

const KEEP_STATES = Number(process.env.KEEP_STATES ?? 0.15);

function main() {
	const source = load('states-10m.json');
	delete source.objects.nation;
	for (const geometry of (source.objects.states as GeometryCollection<Named>).geometries) {
		geometry.properties = { name: (geometry.properties as Partial<Named> | undefined)?.name ?? '' };
	}
	const pre = presimplify(source);
	const minWeight = quantile(pre, KEEP_STATES);
	// Drop the islands too small to see at the first view, then re-quantize (delta-encoded arcs).
	const states = quantize(filter(simplify(pre, minWeight), filterWeight(pre, minWeight * 4)), 1e4);
	const statesBytes = write(join(OUT, 'states.json'), states);
	console.log(`states.json: ${(statesBytes / 1024).toFixed(1)} KB`);

	const counties = featuresOf(simplified(load('counties-10m.json'), 0.3), 'counties');
	const byState = new Map<string, Feature[]>();
	for (const county of counties) {
		const fips = String(county.id).slice(0, 2);
		byState.set(fips, [...(byState.get(fips) ?? []), county]);
	}
	rmSync(join(OUT, 'counties'), { recursive: true, force: true });
	mkdirSync(join(OUT, 'counties'), { recursive: true });
	let total = 0;
	for (const [fips, features] of byState) {
		total += write(
			join(OUT, 'counties', `${fips}.json`),
			topology({ counties: { type: 'FeatureCollection', features } }, 1e4)
		);
	}
	console.log(`counties/: ${byState.size} states, ${(total / 1024).toFixed(0)} KB in all`);
}

main();
