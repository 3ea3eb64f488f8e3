/**
 * Form reading for the sponsor-group pages: parseForm, plus two checks the schemas cannot make
 * clearly — a field sent more than once (zod would only say "expected string, received array")
 * and control characters such as NUL (which PostgreSQL refuses in text, as an error, not a
 * message).
 */
import type { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { parseForm, type FieldErrors, type FormResult } from '../forms';

// Tab, line feed and carriage return are text; the other C0 controls and DEL are not.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const SECRET_FIELD = /password|token/i;

/** `repeatable`: the fields that may come more than once (checkbox groups). */
export function parseGroupForm<S extends z.ZodType>(
	schema: S,
	form: FormData,
	repeatable: string[] = []
): FormResult<z.infer<S>> {
	const parsed = parseForm(schema, form);
	const problems = formProblems(form, repeatable);
	if (Object.keys(problems).length === 0) return parsed;
	const errors = { ...(parsed.ok ? {} : parsed.errors), ...problems };
	return { ok: false, errors, values: parsed.ok ? echo(form) : cleanValues(parsed.values) };
}

function formProblems(form: FormData, repeatable: string[]): FieldErrors {
	const problems: FieldErrors = {};
	for (const key of new Set(form.keys())) {
		const values = form.getAll(key);
		if (values.length > 1 && !repeatable.includes(key)) {
			problems[key] = [m.groups_error_repeated()];
		} else if (values.some((value) => typeof value === 'string' && CONTROL.test(value))) {
			problems[key] = [m.groups_error_control()];
		}
	}
	return problems;
}

const clean = (value: string) => value.replace(new RegExp(CONTROL, 'g'), '').slice(0, 5000);

function cleanValues(values: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, clean(value)]));
}

/** What was typed, to show again: the first value of each field, secrets left out. */
function echo(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const key of new Set(form.keys())) {
		const first = form.get(key);
		if (typeof first === 'string' && !SECRET_FIELD.test(key)) values[key] = clean(first);
	}
	return values;
}
