/**
 * A small map with one draggable pin, for placing a school, district or campus: drag the pin, or
 * click (tap) the map to move it there — the click is the single-pointer alternative to dragging
 * (WCAG 2.5.7), and the coordinate fields beside the map are the keyboard one. Loaded only by
 * PinPicker (dynamic import), like the main map's engine.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { addOfflineBasemap } from './basemap';
import { fetchStates } from './states';

export interface PinMap {
	moveTo(lat: number, lon: number): void;
	destroy(): void;
}

const US_CENTER: L.LatLngTuple = [39.5, -98.35];

export function createPinMap(options: {
	container: HTMLElement;
	at: { lat: number; lon: number } | null;
	label: string;
	onMove(lat: number, lon: number): void;
}): PinMap {
	const { container, at, onMove } = options;
	const map = L.map(container, { attributionControl: false, zoomSnap: 1 }).setView(
		at ? [at.lat, at.lon] : US_CENTER,
		at ? 11 : 3
	);
	const { updateCounties } = addOfflineBasemap(map, fetchStates());
	map.on('moveend', updateCounties);
	const icon = L.divIcon({
		className: 'wa-pin',
		html: '<span aria-hidden="true"></span>',
		iconSize: [24, 24],
		iconAnchor: [12, 24]
	});
	const pin = L.marker(at ? [at.lat, at.lon] : US_CENTER, {
		draggable: true,
		icon,
		title: options.label,
		alt: options.label,
		keyboard: false
	}).addTo(map);
	const report = (latlng: L.LatLng) => onMove(round(latlng.lat), round(latlng.lng));
	pin.on('dragend', () => report(pin.getLatLng()));
	map.on('click', (event: L.LeafletMouseEvent) => {
		pin.setLatLng(event.latlng);
		report(event.latlng);
	});
	return {
		moveTo(lat, lon) {
			pin.setLatLng([lat, lon]);
			map.setView([lat, lon], Math.max(map.getZoom(), 11));
		},
		destroy: () => map.remove()
	};
}

/** Five decimals: about a metre, more than a building needs. */
const round = (value: number) => Math.round(value * 1e5) / 1e5;
