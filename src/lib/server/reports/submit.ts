/**
 * The public report form's action: zod validation, then private.submit_report() as the visitor
 * (anon or signed in), which applies the honeypot and the rate limits inside the database. Any
 * refusal is a 4xx with a readable message and writes nothing.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { parseForm, readForm } from '../forms';
import { submitReport } from './reports';
import { HONEYPOT_FIELD, reportSchema } from './schema';

/** Reports per connection (private.submit_report applies it): plenty for a person, little for a script. */
export const REPORT_LIMIT = { max: 5, windowSeconds: 3600 } as const;

/** What a robot that filled the hidden field is told: the same as a person who was heard. */
function accepted() {
	return { sent: true as const, message: m.report_sent() };
}

function typedValues(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of form) {
		if (typeof value === 'string' && key !== HONEYPOT_FIELD) values[key] = value.slice(0, 5000);
	}
	return values;
}

/** A row the database refused on a check or type: bad input that got past the form's rules. */
function isInputRejection(error: unknown): boolean {
	const code = (error as { code?: unknown }).code;
	return typeof code === 'string' && (code.startsWith('22') || code === '23514');
}

/** Handles a POST of the report form, in one transaction under the visitor's claims. */
export async function handleReport(event: RequestEvent) {
	const form = await readForm(event.request);
	const honeypot = form.get(HONEYPOT_FIELD);
	// A robot learns nothing from a form error either (the database checks the field again).
	if (typeof honeypot === 'string' && honeypot.trim() !== '') return accepted();
	const parsed = parseForm(reportSchema, form);
	if (!parsed.ok) {
		const { [HONEYPOT_FIELD]: _ignored, ...values } = parsed.values;
		return fail(400, { values, errors: parsed.errors, message: m.form_fix_errors() });
	}
	const values = typedValues(form);
	let wait: number;
	try {
		wait = await event.locals.withClaims((tx) =>
			submitReport(tx, event.getClientAddress(), '', parsed.data)
		);
	} catch (error) {
		if (!isInputRejection(error)) throw error;
		return fail(400, { values, errors: {}, message: m.report_not_saved() });
	}
	if (wait > 0) {
		event.setHeaders({ 'Retry-After': String(wait) });
		const minutes = Math.ceil(wait / 60);
		return fail(429, { values, errors: {}, message: m.report_rate_limited({ minutes }) });
	}
	return accepted();
}
