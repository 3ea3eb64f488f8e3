/**
 * Form reading for the sponsor-group pages: parseForm (which refuses control characters for
 * every form), plus a check the schemas cannot make clearly — a field sent more than once (zod
 * would only say "expected string, received array").
 */
import type { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { parseForm, withoutControl, type FieldErrors, type FormResult } from '../forms';

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
	return { ok: false, errors, values: parsed.ok ? echo(form) : parsed.values };
}

function formProblems(form: FormData, repeatable: string[]): FieldErrors {
	const problems: FieldErrors = {};
	for (const key of new Set(form.keys())) {
		const values = form.getAll(key);
		if (values.length > 1 && !repeatable.includes(key)) {
			problems[key] = [m.groups_error_repeated()];
		}
	}
	return problems;
}

const clean = (value: string) => withoutControl(value).slice(0, 5000);

/** What was typed, to show again: the first value of each field, secrets left out. */
function echo(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const key of new Set(form.keys())) {
		const first = form.get(key);
		if (typeof first === 'string' && !SECRET_FIELD.test(key)) values[key] = clean(first);
	}
	return values;
}
