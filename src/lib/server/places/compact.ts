import {
	createGazetteer,
	STATE_BY_FIPS,
	type Gazetteer,
	type GazetteerArea,
	type GazetteerCity,
	type GazetteerState
} from './gazetteer';

/** The shape of us-gazetteer.json (written by scripts/build-gazetteer.ts). */
export interface CompactGazetteer {
	attribution: string;
	/** [FIPS, USPS code, name, lat, lon, [west, south, east, north]] */
	states: [string, string, string, number, number, [number, number, number, number]][];
	/** [five-digit FIPS, us-atlas name, centroid lat, centroid lon] */
	counties: [string, string, number, number][];
	/** By USPS code: [name, three-digit county FIPS or "", lat, lon] */
	cities: Record<string, [string, string, number, number][]>;
}

export function expandGazetteer(compact: CompactGazetteer): Gazetteer {
	const states: GazetteerState[] = compact.states.map(
		([fips, state, name, lat, lon, [west, south, east, north]]) => ({
			fips,
			state,
			name,
			lat,
			lon,
			bounds: [
				[west, south],
				[east, north]
			]
		})
	);
	const counties: GazetteerArea[] = [];
	for (const [fips, name, lat, lon] of compact.counties) {
		const state = STATE_BY_FIPS[fips.slice(0, 2)];
		if (state) counties.push({ fips, name, state, lat, lon });
	}
	const fipsOf = new Map(states.map((s) => [s.state, s.fips]));
	const cities: GazetteerCity[] = [];
	for (const [state, list] of Object.entries(compact.cities)) {
		const stateFips = fipsOf.get(state);
		for (const [name, county, lat, lon] of list) {
			const countyFips = stateFips && county ? stateFips + county : null;
			cities.push({ name, state, lat, lon, countyFips });
		}
	}
	return createGazetteer(cities, counties, states);
}
