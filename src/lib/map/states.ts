import type { Topology } from 'topojson-specification';

/**
 * The offline basemap's states (static/map/states.json). Its own module, free of Leaflet, so a
 * page can start the download while Leaflet's chunk is still on its way.
 */
export function fetchStates(): Promise<Topology | null> {
	return fetch('/map/states.json')
		.then((res) => (res.ok ? (res.json() as Promise<Topology>) : null))
		.catch(() => null);
}
