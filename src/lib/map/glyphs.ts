/**
 * Status markers: each group has its own shape and glyph as well as its colour, so the map reads
 * without colour (and in forced-colours mode). Used by the Leaflet markers and the HTML legend.
 * Colours are the status tokens of src/app.css; the glyph uses the page background colour, which
 * contrasts with every status colour in both themes.
 */
import type { StatusGroup } from '$lib/pipeline';

const SHAPES: Record<StatusGroup, string> = {
	// circle + check
	passed:
		'<circle cx="12" cy="12" r="10" fill="var(--status-adopted)"/><path d="M7 12.5l3.2 3.2L17 9" fill="none" stroke="var(--color-bg)" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/>',
	// diamond + clock hands
	pending:
		'<path d="M12 1.5L22.5 12L12 22.5L1.5 12z" fill="var(--status-pending)"/><path d="M12 7v5.5l3.2 2" fill="none" stroke="var(--color-bg)" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>',
	// square + cross
	failed:
		'<rect x="2.5" y="2.5" width="19" height="19" rx="2.5" fill="var(--status-failed)"/><path d="M8 8l8 8M16 8l-8 8" stroke="var(--color-bg)" stroke-width="2.6" stroke-linecap="round"/>',
	// envelope
	letter:
		'<rect x="1.5" y="4.5" width="21" height="15" rx="2" fill="var(--status-consent-letter)"/><path d="M4.5 8l7.5 5.5L19.5 8" fill="none" stroke="var(--color-bg)" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>'
};

/** An inline SVG for a status group; decorative (the marker or legend item carries the name). */
export function glyph(group: StatusGroup, size = 24): string {
	return `<svg viewBox="0 0 24 24" width="${size}" height="${size}" aria-hidden="true" focusable="false">${SHAPES[group]}</svg>`;
}

const GROUP_COLOURS: Record<StatusGroup, string> = {
	passed: 'var(--status-adopted)',
	pending: 'var(--status-pending)',
	failed: 'var(--status-failed)',
	letter: 'var(--status-consent-letter)'
};

/** A ring in the groups' proportions (decorative: the count and the name carry the numbers). */
export function ringGradient(counts: [number, number, number, number]): string {
	const total = counts.reduce((a, b) => a + b, 0) || 1;
	const groups: StatusGroup[] = ['passed', 'pending', 'failed', 'letter'];
	let at = 0;
	const stops: string[] = [];
	counts.forEach((count, i) => {
		if (count === 0) return;
		const end = at + (count / total) * 100;
		stops.push(`${GROUP_COLOURS[groups[i] ?? 'passed']} ${at.toFixed(1)}% ${end.toFixed(1)}%`);
		at = end;
	});
	return `conic-gradient(${stops.join(', ')})`;
}

export function clusterSize(count: number): number {
	return count < 10 ? 34 : count < 100 ? 40 : count < 1000 ? 46 : 52;
}

export function abbreviate(count: number): string {
	if (count < 1000) return String(count);
	if (count < 10_000) return `${(count / 1000).toFixed(1).replace(/\.0$/, '')}k`;
	return `${Math.round(count / 1000)}k`;
}
