/**
 * The offline basemap every Leaflet map here draws under its tiles (tiles, when they load, cover
 * it; when they fail, it shows): US states from /map/states.json, and from zoom 6 the counties of
 * the states in view, fetched per state on demand. Built by scripts/build-basemap.ts.
 */
import L from 'leaflet';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, Geometry } from 'geojson';

const COUNTY_ZOOM = 6;

/** Starts the states layer, and returns the function to call after each move for counties. */
export function addOfflineBasemap(map: L.Map, states: Promise<Topology | null>) {
	map.createPane('basemap').style.zIndex = '150';
	const renderer = L.svg({ pane: 'basemap' });
	const basemap = L.layerGroup().addTo(map);
	const counties = L.layerGroup();
	const countyFiles = new Map<string, Promise<void>>();
	let stateLayers: L.GeoJSON | null = null;

	states
		.then((topology) => {
			if (!topology) return;
			const collection = feature(
				topology,
				topology.objects.states as GeometryCollection<{ name: string }>
			);
			stateLayers = L.geoJSON(collection, {
				renderer,
				interactive: false,
				style: () => ({ className: 'wa-state', weight: 1, fillOpacity: 1 })
			} as L.GeoJSONOptions).addTo(basemap);
			updateCounties();
		})
		.catch(() => {});

	function updateCounties() {
		if (map.getZoom() < COUNTY_ZOOM || !stateLayers) {
			counties.remove();
			return;
		}
		counties.addTo(map);
		const bounds = map.getBounds();
		stateLayers.eachLayer((layer) => {
			const state = layer as L.Polygon & { feature?: Feature<Geometry> };
			const fips = String(state.feature?.id ?? '');
			if (!fips || countyFiles.has(fips) || !state.getBounds().intersects(bounds)) return;
			countyFiles.set(
				fips,
				fetch(`/map/counties/${fips}.json`)
					.then((res) => (res.ok ? (res.json() as Promise<Topology>) : null))
					.then((topology) => {
						if (!topology) return;
						L.geoJSON(feature(topology, topology.objects.counties as GeometryCollection), {
							renderer,
							interactive: false,
							style: () => ({ className: 'wa-county', weight: 0.75, fill: false })
						} as L.GeoJSONOptions).addTo(counties);
					})
					.catch(() => {
						countyFiles.delete(fips);
					})
			);
		});
	}

	return { updateCounties };
}
