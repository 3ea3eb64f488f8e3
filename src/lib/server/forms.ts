import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

export type FieldErrors = Record<string, string[]>;

export type FormResult<T> =
	{ ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

// Never echoed back to the page, even when the rest of the form is.
const SECRET_FIELD = /password|token/i;

// Tab, line feed and carriage return are text; the other C0 controls and DEL are not, and
// PostgreSQL refuses NUL in text with an error (a 500), not a message.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const hasControl = (value: string) => CONTROL.test(value);
export const withoutControl = (value: string) => value.replace(new RegExp(CONTROL, 'g'), '');

/**
 * The posted form, or a 4xx the page can show. SvelteKit hands `text/plain` posts to actions
 * (they are form-encodable) and endpoints get whatever was sent; `request.formData()` throws on
 * those and on a broken multipart body, which would otherwise end as a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
	const type = request.headers.get('content-type')?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
	const form = type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded';
	if (!form) error(415, m.form_unreadable());
	try {
		return await request.formData();
	} catch {
		error(400, m.form_unreadable());
	}
}

/**
 * Validates a submitted form with its zod schema. A field sent twice arrives as an array, so a
 * schema expecting one string rejects it. A field with control characters is refused here, for
 * every form, before it can reach the database. On failure the typed values (minus secrets and
 * control characters) come back so the page can show them again: bad input loses nothing.
 */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): FormResult<z.infer<S>> {
	const raw: Record<string, string | string[]> = {};
	const control: FieldErrors = {};
	for (const key of new Set(form.keys())) {
		const all = form.getAll(key).filter((value): value is string => typeof value === 'string');
		raw[key] = all.length === 1 ? (all[0] ?? '') : all;
		if (all.some(hasControl)) control[key] = [m.form_error_control()];
	}
	const result = schema.safeParse(raw, { error: localeErrors() });
	if (result.success && Object.keys(control).length === 0) return { ok: true, data: result.data };
	const errors = { ...(result.success ? {} : fieldErrors(result.error)), ...control };
	return { ok: false, errors, values: echoValues(raw) };
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
		values[key] = withoutControl(Array.isArray(value) ? (value[0] ?? '') : value).slice(0, 5000);
	}
	return values;
}

/** zod's built-in messages in the request's language (custom messages come from paraglide). */
function localeErrors() {
	return getLocale() === 'es' ? z.locales.es().localeError : undefined;
}
