import { z } from 'zod';
import { getLocale } from '$lib/paraglide/runtime';

export type FieldErrors = Record<string, string[]>;

export type FormResult<T> =
	{ ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

// Never echoed back to the page, even when the rest of the form is.
const SECRET_FIELD = /password|token/i;

/**
 * Validates a submitted form with its zod schema. A field sent twice arrives as an array, so a
 * schema expecting one string rejects it. On failure the typed values (minus secrets) come back
 * so the page can show them again: bad input loses nothing.
 */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): FormResult<z.infer<S>> {
	const raw: Record<string, string | string[]> = {};
	for (const key of new Set(form.keys())) {
		const all = form.getAll(key).filter((value): value is string => typeof value === 'string');
		raw[key] = all.length === 1 ? (all[0] ?? '') : all;
	}
	const result = schema.safeParse(raw, { error: localeErrors() });
	if (result.success) return { ok: true, data: result.data };
	return { ok: false, errors: fieldErrors(result.error), values: echoValues(raw) };
}

export function fieldErrors(error: z.ZodError): FieldErrors {
	const errors: FieldErrors = {};
	for (const issue of error.issues) {
		const key = issue.path.length ? issue.path.join('.') : 'form';
		(errors[key] ??= []).push(issue.message);
	}
	return errors;
}

function echoValues(raw: Record<string, string | string[]>): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of Object.entries(raw)) {
		if (SECRET_FIELD.test(key)) continue;
		values[key] = (Array.isArray(value) ? (value[0] ?? '') : value).slice(0, 5000);
	}
	return values;
}

/** zod's built-in messages in the request's language (custom messages come from paraglide). */
function localeErrors() {
	return getLocale() === 'es' ? z.locales.es().localeError : undefined;
}
