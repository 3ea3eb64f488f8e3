import { dateTimeFormat } from '$lib/intl';
import { m } from '$lib/paraglide/messages';

/** A date known to the day, month or year, shown only as precisely as it is known. */
export function formatPartialDate(
	isoDate: string | null,
	precision: 'day' | 'month' | 'year' | null,
	locale: string
): string {
	if (!isoDate || !precision) return m.date_unknown();
	const [year, month, day] = isoDate.split('-').map(Number);
	const date = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
	const options: Intl.DateTimeFormatOptions =
		precision === 'year'
			? { year: 'numeric', timeZone: 'UTC' }
			: precision === 'month'
				? { year: 'numeric', month: 'long', timeZone: 'UTC' }
				: { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' };
	return dateTimeFormat(locale, options).format(date);
}

/** A calendar day ('YYYY-MM-DD', or the UTC day of an instant) in the reader's language. */
export function formatDay(day: string | Date, locale: string): string {
	const iso = typeof day === 'string' ? day : day.toISOString().slice(0, 10);
	return formatPartialDate(iso, 'day', locale);
}

const STATUS_LABELS: Record<string, () => string> = {
	pending: () => m.status_pending(),
	adopted: () => m.status_adopted(),
	failed: () => m.status_failed(),
	withdrawn: () => m.status_withdrawn(),
	tabled: () => m.status_tabled(),
	consent_letter: () => m.status_consent_letter()
};

const KIND_LABELS: Record<string, () => string> = {
	city: () => m.kind_city(),
	county: () => m.kind_county(),
	state: () => m.kind_state(),
	school_district: () => m.kind_school_district(),
	school: () => m.kind_school(),
	university: () => m.kind_university(),
	student_government: () => m.kind_student_government()
};

export const statusLabel = (status: string) => STATUS_LABELS[status]?.() ?? status;
export const kindLabel = (kind: string) => KIND_LABELS[kind]?.() ?? kind;

const TASK_STATUS_LABELS: Record<string, () => string> = {
	todo: () => m.groups_task_todo(),
	doing: () => m.groups_task_doing(),
	done: () => m.groups_task_done(),
	blocked: () => m.groups_task_blocked()
};

const TASK_CATEGORY_LABELS: Record<string, () => string> = {
	housing: () => m.groups_category_housing(),
	arrival: () => m.groups_category_arrival(),
	benefits: () => m.groups_category_benefits(),
	health: () => m.groups_category_health(),
	school: () => m.groups_category_school(),
	english: () => m.groups_category_english(),
	jobs: () => m.groups_category_jobs(),
	finance: () => m.groups_category_finance(),
	other: () => m.groups_category_other()
};

export const taskStatusLabel = (status: string) => TASK_STATUS_LABELS[status]?.() ?? status;
export const taskCategoryLabel = (category: string) =>
	TASK_CATEGORY_LABELS[category]?.() ?? category;

const COMMITTEE_LABELS: Record<string, () => string> = {
	housing: () => m.groups_committee_housing(),
	finance: () => m.groups_committee_finance(),
	education: () => m.groups_committee_education(),
	employment: () => m.groups_committee_employment(),
	health: () => m.groups_committee_health(),
	transport: () => m.groups_committee_transport()
};

export const committeeLabel = (committee: string) => COMMITTEE_LABELS[committee]?.() ?? committee;
