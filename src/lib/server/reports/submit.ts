/**
 * The public report form's action: a honeypot, zod validation, a per-connection rate limit, then
 * one insert as the visitor (anon or signed in). Any refusal is a 4xx with a readable message and
 * writes nothing.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import { m } from '$lib/paraglide/messages';
import type { DB } from '../db';
import { parseForm, readForm } from '../forms';
import { takeRateLimit, type Limit } from '../rate-limit';
import { submitReport } from './reports';
import { HONEYPOT_FIELD, reportSchema } from './schema';

/** Reports per connection: plenty for a person, little for a script. */
export const REPORT_LIMIT: Limit = { max: 5, windowSeconds: 3600 };

/**
 * The rate-limit key for a client address. Plain here: the database keeps only a keyed hash of
 * it, so the limits table holds no trace of who sent a report.
 */
export function reportRateKey(ip: string): string {
	return `report:ip:${ip}`;
}

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

/**
 * Handles a POST of the report form. `ownerDb` is the owner's handle, used only for the rate
 * limit (its table is out of every API role's reach); the report itself is written under the
 * visitor's claims, so RLS decides.
 */
export async function handleReport(event: RequestEvent, ownerDb: Kysely<DB>) {
	const form = await readForm(event.request);
	const honeypot = form.get(HONEYPOT_FIELD);
	if (typeof honeypot === 'string' && honeypot.trim() !== '') return accepted();
	const parsed = parseForm(reportSchema, form);
	if (!parsed.ok) {
		const { [HONEYPOT_FIELD]: _ignored, ...values } = parsed.values;
		return fail(400, { values, errors: parsed.errors, message: m.form_fix_errors() });
	}
	const values = typedValues(form);
	const wait = await takeRateLimit(ownerDb, reportRateKey(event.getClientAddress()), REPORT_LIMIT);
	if (wait > 0) {
		event.setHeaders({ 'Retry-After': String(wait) });
		const minutes = Math.ceil(wait / 60);
		return fail(429, { values, errors: {}, message: m.report_rate_limited({ minutes }) });
	}
	try {
		await event.locals.withClaims((tx) => submitReport(tx, parsed.data));
	} catch (error) {
		if (!isInputRejection(error)) throw error;
		return fail(400, { values, errors: {}, message: m.report_not_saved() });
	}
	return accepted();
}
