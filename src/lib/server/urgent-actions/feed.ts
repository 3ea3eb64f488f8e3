/**
 * The urgent actions as an Atom feed and as JSON: public documents, written in the base locale
 * (feeds) or with both languages (JSON), whoever asks. Counts change with every report, which
 * the publication version does not track, so neither is cached by it.
 */
import { m } from '$lib/paraglide/messages';
import { baseLocale } from '$lib/paraglide/runtime';
import { escapeXml } from '../resolutions/feeds';
import type { UrgentActionSummary, Tally } from './actions';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

const rfc3339 = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function buildActionsAtom(origin: string, actions: readonly UrgentActionSummary[]): string {
	const locale = { locale: baseLocale } as const;
	const newest = actions.reduce((max, action) => Math.max(max, action.updatedAt.getTime()), 0);
	const self = `${origin}/feeds/actions.atom`;
	const entries = actions.map((action) => {
		const url = `${origin}/actions/${action.slug}`;
		const deadline = action.deadline ? ` (${action.deadline})` : '';
		return [
			'<entry>',
			`<id>urn:uuid:${escapeXml(action.id)}</id>`,
			`<title type="text">${escapeXml(`${action.code}: ${action.title}`)}</title>`,
			`<updated>${rfc3339(action.updatedAt)}</updated>`,
			`<link rel="alternate" type="text/html" href="${escapeXml(url)}"/>`,
			`<category term="${escapeXml(action.status)}"/>`,
			`<summary type="text">${escapeXml(`${action.summary}${deadline}`)}</summary>`,
			'</entry>'
		].join('\n');
	});
	return [
		'<?xml version="1.0" encoding="utf-8"?>',
		`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(baseLocale)}">`,
		`<id>${escapeXml(self)}</id>`,
		`<title type="text">${escapeXml(`${m.urgent_list_title({}, locale)} · ${m.site_name({}, locale)}`)}</title>`,
		`<updated>${rfc3339(new Date(newest))}</updated>`,
		`<link rel="self" type="application/atom+xml" href="${escapeXml(self)}"/>`,
		`<link rel="alternate" type="text/html" href="${escapeXml(`${origin}/actions`)}"/>`,
		`<author><name>${escapeXml(m.site_name({}, locale))}</name><uri>${escapeXml(origin)}/</uri></author>`,
		...entries,
		'</feed>',
		''
	].join('\n');
}

/** One action as the JSON API gives it: its public fields, link and tally. */
export function actionItem(action: UrgentActionSummary, tally: Tally | undefined, origin: string) {
	return {
		code: action.code,
		slug: action.slug,
		url: `${origin}/actions/${action.slug}`,
		title: action.title,
		summary: action.summary,
		status: action.status,
		deadline: action.deadline,
		updated_at: action.updatedAt.toISOString(),
		actions_reported: tally?.actions ?? 0,
		reports: tally?.reports ?? 0,
		by_kind: tally?.byKind ?? {},
		by_state: Object.fromEntries(
			(tally?.byState ?? []).map((entry) => [entry.state, entry.actions])
		)
	};
}
