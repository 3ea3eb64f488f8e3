/** UI labels for template vocabularies and value problems (browser and server). */
import { m } from '$lib/paraglide/messages';
import type { VariableProblem } from './values';

export const BODY_TYPE_LABELS: Record<string, () => string> = {
	city_council: () => m.templates_body_city_council(),
	county_board: () => m.templates_body_county_board(),
	school_board: () => m.templates_body_school_board(),
	university: () => m.templates_body_university(),
	student_government: () => m.templates_body_student_government()
};

export const LANGUAGE_LABELS: Record<string, () => string> = {
	en: () => m.templates_language_en(),
	es: () => m.templates_language_es()
};

export const KIND_LABELS: Record<string, () => string> = {
	resolution: () => m.templates_kind_resolution(),
	letter: () => m.templates_kind_letter()
};

export const PROBLEM_MESSAGES: Record<VariableProblem, () => string> = {
	required: () => m.templates_error_required(),
	number: () => m.templates_error_number(),
	date: () => m.templates_error_date(),
	too_long: () => m.templates_error_too_long(),
	too_many: () => m.templates_error_too_many()
};

export const label = (labels: Record<string, () => string>, key: string) => labels[key]?.() ?? key;
