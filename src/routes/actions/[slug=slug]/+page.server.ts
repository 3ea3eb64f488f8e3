import { error, fail } from '@sveltejs/kit';
import { mailtoLink } from '$lib/act/mailto';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { parseForm, readForm, withoutControl } from '$lib/server/forms';
import { renderMarkdown } from '$lib/server/markdown';
import { actionTally, getUrgentAction } from '$lib/server/urgent-actions/actions';
import {
	HONEYPOT_FIELD,
	reportUrgentAction,
	takesReports,
	urgentReportSchema
} from '$lib/server/urgent-actions/report';
import { fillLetter, type Sender } from '$lib/urgent-actions/letter';
import type { Actions, PageServerLoad } from './$types';

/**
 * A mailto: link past about 1,800 characters may not open (Outlook and older Windows handlers
 * cut at about 2,000): then the visitor copies the letter instead.
 */
const URGENT_MAILTO_MAX = 1800;

/** The sender's details from the "Fill in the letter" form (a GET: works without JavaScript). */
function senderFrom(url: URL): Sender {
	const read = (name: string) =>
		withoutControl(url.searchParams.get(name) ?? '')
			.trim()
			.slice(0, 100);
	return { sender_name: read('name'), sender_city: read('city') };
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const found = await locals.withClaims((tx) => getUrgentAction(tx, params.slug, getLocale()));
	if (!found) error(404, 'Not Found');
	const { action, tally } = found;
	const sender = senderFrom(url);
	const labels = { sender_name: m.urgent_sender_name(), sender_city: m.urgent_sender_city() };
	const letter = action.letter ? fillLetter(action.letter, sender, labels) : null;
	const { info, letter: _template, ...rest } = action;
	return {
		action: rest,
		infoHtml: renderMarkdown(info),
		sender,
		letter,
		emails: action.targets.flatMap((target) => {
			const link = target.email
				? mailtoLink([target.email], action.letterSubject, letter, URGENT_MAILTO_MAX)
				: null;
			return link
				? [{ id: target.id, name: target.name, href: link.href, withBody: link.withBody }]
				: [];
		}),
		tally
	};
};

/** What the visitor typed, to show again after a refusal (never the robots' trap). */
function typedValues(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of form) {
		if (typeof value === 'string' && key !== HONEYPOT_FIELD) {
			values[key] = withoutControl(value).slice(0, 5000);
		}
	}
	return values;
}

export const actions = {
	/**
	 * "Report your action": validated here, then private.report_urgent_action() as the visitor,
	 * which applies the honeypot and the rate limits (per address and action) in the database.
	 */
	report: async (event) => {
		const { locals, params } = event;
		const form = await readForm(event.request);
		const target = await locals.withClaims(async (tx) => {
			const found = await getUrgentAction(tx, params.slug, getLocale());
			return found && { id: found.action.id, open: await takesReports(tx, found.action.id) };
		});
		if (!target) error(404, 'Not Found');
		const values = typedValues(form);
		const tallyNow = () => locals.withClaims((tx) => actionTally(tx, target.id));
		const closed = async () =>
			fail(409, { values, errors: {}, tally: await tallyNow(), message: m.urgent_report_closed() });
		const honeypot = form.get(HONEYPOT_FIELD);
		const trapped = typeof honeypot === 'string' && honeypot.trim() !== '';
		if (!target.open) return closed();
		const parsed = parseForm(urgentReportSchema, form);
		if (!parsed.ok) {
			// A robot that filled the trap learns nothing from a form error either.
			if (trapped)
				return { reported: true, tally: await tallyNow(), message: m.urgent_report_thanks() };
			return fail(400, { values, errors: parsed.errors, message: m.form_fix_errors() });
		}
		try {
			const { wait, tally } = await locals.withClaims(async (tx) => ({
				wait: await reportUrgentAction(
					tx,
					target.id,
					parsed.data,
					event.getClientAddress(),
					trapped ? String(honeypot) : ''
				),
				tally: await actionTally(tx, target.id)
			}));
			if (wait > 0) {
				event.setHeaders({ 'Retry-After': String(wait) });
				const minutes = Math.ceil(wait / 60);
				return fail(429, {
					values,
					errors: {},
					tally,
					message: m.urgent_report_rate_limited({ minutes })
				});
			}
			return { reported: true, tally, message: m.urgent_report_thanks() };
		} catch (cause) {
			const code = (cause as { code?: string }).code ?? '';
			// Closed a moment ago (42501), or a value only the database refused (22…, 23514).
			if (code === '42501') return closed();
			if (code.startsWith('22') || code === '23514') {
				return fail(400, { values, errors: {}, message: m.urgent_report_not_saved() });
			}
			throw cause;
		}
	}
} satisfies Actions;
