/**
 * The Leaflet side of the map, loaded only in the browser and only by MapView (dynamic import),
 * so no other page pays for Leaflet. Draws the offline basemap (and tiles when configured), the
 * clusters and points of the current view from /api/map, and their popups; keyboard: markers are
 * buttons (Tab, Enter/Space opens), Escape closes a popup and returns focus to its marker.
 *
 * Performance marks the benchmarks read: `map:first-view` (first clustered view drawn; the
 * container also gets data-map-ready="true") and a `map:recluster` measure per zoom/pan, from
 * Leaflet's moveend to the markers being updated.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Topology } from 'topojson-specification';
import { formatPartialDate, statusLabel } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { STATUS_GROUP, type StatusGroup } from '$lib/pipeline';
import { addOfflineBasemap } from './basemap';
import { MapData, MAX_ZOOM, MIN_ZOOM, viewBox } from './data';
import { abbreviate, clusterSize, glyph, ringGradient } from './glyphs';
import {
	CLUSTER_MAX_ZOOM,
	GROUPS,
	statusAt,
	type BBox,
	type ClusterResponse,
	type ClusterTuple,
	type MapViewResponse,
	type PointResponse,
	type PointTuple
} from './protocol';

export interface EngineOptions {
	container: HTMLElement;
	query: string;
	data: MapData;
	initial: { zoom: number; center: [number, number] };
	/** The states layer, fetched while Leaflet was loading. */
	states: Promise<Topology | null>;
	embed: boolean;
	tileUrl?: string;
	tileAttribution?: string;
	onView(response: MapViewResponse): void;
	onError(error: unknown): void;
}

export interface MapController {
	zoomBy(delta: number): void;
	/** Pans by a share of the view (e.g. [0, -0.5]: half a view north). */
	panBy(x: number, y: number): void;
	reset(): void;
	setQuery(query: string): void;
	destroy(): void;
}

const GROUP_LABEL: Record<StatusGroup, () => string> = {
	passed: () => m.map_group_passed(),
	pending: () => m.map_group_pending(),
	failed: () => m.map_group_failed(),
	letter: () => m.map_group_letter()
};

/** "Passed: 8, Pending: 3" — the groups present, in legend order. */
export function groupSummary(counts: readonly number[]): string {
	return GROUPS.flatMap((group, i) =>
		counts[i] ? [m.map_summary({ group: GROUP_LABEL[group](), count: counts[i] })] : []
	).join(', ');
}

function el<K extends keyof HTMLElementTagNameMap>(
	tag: K,
	props: Partial<Record<string, string>> = {},
	...children: (Node | string | null)[]
): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(props)) {
		if (value !== undefined) node.setAttribute(name, value);
	}
	for (const child of children) if (child !== null) node.append(child);
	return node;
}

function statusBadge(status: ReturnType<typeof statusAt>): HTMLElement {
	const badge = el('span', { class: `badge wa-badge status-${status}` });
	badge.innerHTML = glyph(STATUS_GROUP[status], 16);
	badge.append(statusLabel(status));
	return badge;
}

export function createMap(options: EngineOptions): MapController {
	const { container, embed } = options;
	let data = options.data;
	let query = options.query;

	const map = L.map(container, {
		zoomControl: false,
		attributionControl: false,
		keyboard: true,
		minZoom: MIN_ZOOM,
		maxZoom: MAX_ZOOM,
		zoomSnap: 1,
		worldCopyJump: false
	}).setView(options.initial.center, options.initial.zoom, { animate: false });
	container.setAttribute('role', 'group');
	container.setAttribute('aria-label', m.map_keyboard_hint());

	const attribution = L.control
		.attribution({ prefix: '<a href="https://leafletjs.com">Leaflet</a>' })
		.addTo(map);

	const { updateCounties } = addOfflineBasemap(map, options.states);
	attribution.addAttribution('US Census Bureau (us-atlas)');

	if (options.tileUrl) {
		const tiles = L.tileLayer(options.tileUrl, {
			attribution: options.tileAttribution ?? '',
			maxZoom: MAX_ZOOM
		});
		tiles.on('tileerror', () => {}); // the offline basemap stays visible underneath
		tiles.addTo(map);
	}

	// ---- Markers ---------------------------------------------------------------------------

	const markers = new Map<string, L.Marker>();
	const markerLayer = L.layerGroup().addTo(map);
	let opener: HTMLElement | null = null;
	let popup: L.Popup | null = null;

	function linkProps(href: string): Record<string, string> {
		return embed ? { href, target: '_blank', rel: 'noopener' } : { href };
	}

	function onActivate(marker: L.Marker, open: () => void) {
		marker.on('click', open);
		const element = marker.getElement();
		element?.addEventListener('keydown', (event) => {
			if (event.key === 'Enter' || event.key === ' ') {
				event.preventDefault();
				event.stopPropagation();
				open();
			}
		});
	}

	function openPopup(marker: L.Marker, content: HTMLElement) {
		opener = marker.getElement() ?? null;
		popup = L.popup({ maxWidth: 300, autoPanPadding: [24, 24], closeButton: true })
			.setLatLng(marker.getLatLng())
			.setContent(content)
			.openOn(map);
	}

	/** Re-lays out the open popup after its content grew (Leaflet re-attaches it: keep focus). */
	function refresh(content: HTMLElement) {
		if (!popup || popup.getContent() !== content) return;
		const focused = document.activeElement;
		const hadFocus = focused instanceof HTMLElement && content.contains(focused);
		popup.update();
		if (hadFocus) focused.focus({ preventScroll: true });
	}

	function pointMarker([lon, lat, statusIndex, slug, label]: PointTuple): L.Marker {
		const status = statusAt(statusIndex);
		const group = STATUS_GROUP[status];
		const marker = L.marker([lat, lon], {
			keyboard: true,
			riseOnHover: true,
			icon: L.divIcon({
				className: `wa-marker wa-point wa-${group}`,
				html: glyph(group, 26),
				iconSize: [30, 30]
			})
		}).addTo(markerLayer);
		const element = marker.getElement();
		element?.setAttribute('aria-label', `${label} — ${statusLabel(status)}`);
		element?.setAttribute('aria-haspopup', 'dialog');
		onActivate(marker, () => {
			const details = el('p', { class: 'wa-popup-details' });
			const content = el(
				'div',
				{ class: 'wa-popup', tabindex: '-1' },
				el('p', { class: 'wa-popup-title' }, el('strong', {}, label)),
				el('p', {}, statusBadge(status)),
				details,
				el('p', {}, el('a', linkProps(`/resolutions/${slug}`), m.map_point_link()))
			);
			openPopup(marker, content);
			fetch(`/api/map/points/${encodeURIComponent(slug)}`)
				.then((res) => (res.ok ? (res.json() as Promise<PointResponse>) : null))
				.then((point) => {
					if (!point) return;
					const date = formatPartialDate(point.decidedOn, point.decidedOnPrecision, getLocale());
					details.replaceChildren(
						...(point.body ? [el('span', { class: 'wa-popup-body' }, point.body), el('br')] : []),
						el('span', {}, point.title),
						el('br'),
						el('span', { class: 'wa-popup-date' }, date)
					);
					refresh(content);
				})
				.catch(() => {});
		});
		return marker;
	}

	function clusterMarker(tuple: ClusterTuple): L.Marker {
		const [lon, lat, count, id, ...groups] = tuple;
		const size = clusterSize(count);
		const summary = groupSummary(groups);
		const name = m.map_cluster_label({ count, summary });
		const marker = L.marker([lat, lon], {
			keyboard: true,
			riseOnHover: true,
			icon: L.divIcon({
				className: 'wa-marker wa-cluster',
				html: `<span class="wa-ring" style="background:${ringGradient(groups as [number, number, number, number])}"><span class="wa-count">${abbreviate(count)}</span></span>`,
				iconSize: [size, size]
			})
		}).addTo(markerLayer);
		const element = marker.getElement();
		element?.setAttribute('aria-label', name);
		element?.setAttribute('aria-haspopup', 'dialog');
		onActivate(marker, () => {
			const list = el('ul', { class: 'wa-popup-list' });
			const more = el('p', { class: 'wa-popup-more' });
			const zoomButton = el('button', { type: 'button', class: 'button' }, m.map_cluster_zoom());
			const content = el(
				'div',
				{ class: 'wa-popup', tabindex: '-1' },
				el('p', { class: 'wa-popup-title' }, el('strong', {}, name)),
				list,
				more,
				el('p', {}, zoomButton)
			);
			let expansionZoom = Math.min(map.getZoom() + 2, MAX_ZOOM);
			zoomButton.addEventListener('click', () => {
				// The cluster's marker goes away at the new zoom: focus stays on the map.
				opener = container;
				map.closePopup();
				map.setView([lat, lon], expansionZoom);
			});
			openPopup(marker, content);
			fetch(`/api/map/clusters/${id}${query ? `?${query}` : ''}`)
				.then((res) => (res.ok ? (res.json() as Promise<ClusterResponse>) : null))
				.then((cluster) => {
					if (!cluster) return;
					expansionZoom = Math.min(cluster.expansionZoom, MAX_ZOOM);
					list.replaceChildren(
						...cluster.items.map((item) =>
							el(
								'li',
								{},
								el('a', linkProps(`/resolutions/${item.slug}`), item.label),
								' ',
								statusBadge(item.status)
							)
						)
					);
					const rest = cluster.count - cluster.items.length;
					more.textContent = rest > 0 ? m.map_cluster_more({ count: rest }) : '';
					if (cluster.expansionZoom > CLUSTER_MAX_ZOOM) {
						zoomButton.replaceWith(m.map_cluster_same_place());
					}
					refresh(content);
				})
				.catch(() => {});
		});
		return marker;
	}

	function draw(response: MapViewResponse) {
		const next = new Map<string, ClusterTuple | PointTuple>();
		for (const c of response.clusters) next.set(`c${c[3]}:${response.zoom}:${response.v}`, c);
		for (const p of response.points) next.set(`p${p[3]}`, p);
		for (const [key, marker] of markers) {
			if (!next.has(key)) {
				markerLayer.removeLayer(marker);
				markers.delete(key);
			}
		}
		for (const [key, item] of next) {
			if (markers.has(key)) continue;
			markers.set(
				key,
				key.startsWith('c') ? clusterMarker(item as ClusterTuple) : pointMarker(item as PointTuple)
			);
		}
	}

	map.on('popupopen', (event) => {
		const popup = (event as L.PopupEvent).popup;
		const root = popup.getElement();
		root
			?.querySelector('.leaflet-popup-close-button')
			?.setAttribute('aria-label', m.map_popup_close());
		(root?.querySelector('.wa-popup') as HTMLElement | null)?.focus({ preventScroll: true });
	});
	map.on('popupclose', () => {
		popup = null;
		const back = opener;
		opener = null;
		if (back?.isConnected) back.focus({ preventScroll: true });
		else container.focus({ preventScroll: true });
	});
	container.addEventListener('keydown', (event) => {
		if (event.key === 'Escape' && popup) {
			event.preventDefault();
			map.closePopup();
		}
	});

	// ---- Views -------------------------------------------------------------------------------

	let sequence = 0;
	let first = true;
	let prefetchTimer: ReturnType<typeof setTimeout> | undefined;

	function currentView(): BBox {
		const b = map.getBounds();
		return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
	}

	async function update() {
		const start = performance.now();
		const seq = ++sequence;
		const zoom = map.getZoom();
		let response: MapViewResponse;
		try {
			response = await data.load(zoom, currentView());
		} catch (error) {
			if ((error as Error).name !== 'AbortError' && seq === sequence) options.onError(error);
			return;
		}
		if (seq !== sequence) return;
		draw(response);
		options.onView(response);
		if (first) {
			first = false;
			performance.mark('map:first-view');
			container.dataset.mapReady = 'true';
		} else {
			performance.measure('map:recluster', { start, end: performance.now() });
		}
		clearTimeout(prefetchTimer);
		prefetchTimer = setTimeout(() => {
			const size = map.getSize();
			const center = map.getCenter();
			for (const z of [zoom + 1, zoom - 1]) {
				if (z < MIN_ZOOM || z > MAX_ZOOM) continue;
				data.prefetch(z, viewBox([center.lat, center.lng], z, size.x, size.y));
			}
		}, 100);
	}

	map.on('moveend', () => {
		void update();
		updateCounties();
	});
	void update();

	const step = () => map.getSize();
	return {
		zoomBy: (delta) => map.setZoom(map.getZoom() + delta),
		panBy: (x, y) => map.panBy([step().x * x, step().y * y]),
		reset: () => map.setView(options.initial.center, options.initial.zoom),
		setQuery(next) {
			if (next === query) return;
			query = next;
			data = new MapData(next);
			map.closePopup();
			for (const marker of markers.values()) markerLayer.removeLayer(marker);
			markers.clear();
			void update();
		},
		destroy() {
			clearTimeout(prefetchTimer);
			map.remove();
		}
	};
}
