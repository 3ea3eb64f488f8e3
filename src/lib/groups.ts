/** The vocabulary of sponsor-group workspaces, shared by server and browser. */

import { numberFormat } from '$lib/intl';

export const TASK_CATEGORIES = [
	'housing',
	'arrival',
	'benefits',
	'health',
	'school',
	'english',
	'jobs',
	'finance',
	'other'
] as const;

export const TASK_STATUSES = ['todo', 'doing', 'done', 'blocked'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Optional committees a member can sit on (the group_members.committees check lists them). */
export const COMMITTEES = [
	'housing',
	'finance',
	'education',
	'employment',
	'health',
	'transport'
] as const;
export type Committee = (typeof COMMITTEES)[number];

/** The plan's categories each committee looks after (benefits and "other" are everyone's). */
export const COMMITTEE_CATEGORIES: Record<Committee, readonly (typeof TASK_CATEGORIES)[number][]> =
	{
		housing: ['housing'],
		finance: ['finance'],
		education: ['school', 'english'],
		employment: ['jobs'],
		health: ['health'],
		transport: ['arrival']
	};

/** Is a task of this category one the committee looks after? Every task, with no committee. */
export function inCommittee(category: string, committee: Committee | null): boolean {
	return (
		committee === null || (COMMITTEE_CATEGORIES[committee] as readonly string[]).includes(category)
	);
}

/** A committee named in a URL, or null for anything else (the filter is then off). */
export function committeeParam(value: string | null): Committee | null {
	return COMMITTEES.find((committee) => committee === value) ?? null;
}

/** The largest group document (the group-files bucket's limit); the browser checks it too. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export const LEDGER_KINDS = ['pledge', 'donation', 'expense', 'in_kind'] as const;

/** Phases of the welcome, by days from arrival. */
export const PHASES = ['before', 'arrival', 'week', 'month', 'later', 'undated'] as const;
export type Phase = (typeof PHASES)[number];

export function phaseOf(offsetDays: number | null): Phase {
	if (offsetDays === null) return 'undated';
	if (offsetDays < 0) return 'before';
	if (offsetDays === 0) return 'arrival';
	if (offsetDays <= 7) return 'week';
	if (offsetDays <= 30) return 'month';
	return 'later';
}

/** An amount in minor units, in the program's currency, for people. */
export function formatMoney(cents: number, currency: string, locale: string): string {
	return numberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}
