/** The fill-in form: values arrive as `v_<name>` fields; problems come back in the UI language. */
import { PROBLEM_MESSAGES } from '$lib/templates/labels';
import { m } from '$lib/paraglide/messages';
import { hasControl, type FieldErrors } from '../forms';
import { checkValues, FIELD_PREFIX, type TemplateVariable } from '../../templates/values';

export { FIELD_PREFIX };

/** The submitted values of the template's variables (other fields ignored, each capped). */
export function valuesFromForm(
	form: FormData,
	variables: readonly TemplateVariable[]
): Record<string, string> {
	const values: Record<string, string> = {};
	for (const variable of variables) {
		const value = form.get(`${FIELD_PREFIX}${variable.name}`);
		if (typeof value === 'string' && value !== '') values[variable.name] = value.slice(0, 20000);
	}
	return values;
}

/**
 * Problems keyed by form field name, with messages, as the shared form components expect. A
 * draft (`blanksAllowed`) may leave required values empty: they show as marked blanks in its
 * text; what is filled in must still be valid.
 */
export function valueErrors(
	variables: readonly TemplateVariable[],
	values: Record<string, string>,
	{ blanksAllowed = false }: { blanksAllowed?: boolean } = {}
): FieldErrors {
	const errors: FieldErrors = {};
	for (const [name, problem] of Object.entries(checkValues(variables, values))) {
		if (blanksAllowed && problem === 'required') continue;
		errors[`${FIELD_PREFIX}${name}`] = [PROBLEM_MESSAGES[problem]()];
	}
	// A NUL in a value would reach PostgreSQL inside the campaign's jsonb values (a 500).
	for (const [name, value] of Object.entries(values)) {
		if (hasControl(value)) errors[`${FIELD_PREFIX}${name}`] = [m.form_error_control()];
	}
	return errors;
}
