/**
 * Urgent actions as the public sees them: the list, one action with its targets and the people
 * concerned, and the tally of reported actions (sums from private.urgent_action_tallies(); no
 * report is readable but by site admins). Each action's own content comes from its en/es columns:
 * Spanish where written, English otherwise.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db';
import { effectiveStatus, type UrgentActionStatus } from '$lib/urgent-actions/letter';

export type Locale = 'en' | 'es';

const personSchema = z.object({
	name: z.string().min(1).max(200),
	name_es: z.string().min(1).max(200).optional(),
	pronoun: z.string().min(1).max(60).optional(),
	pronoun_es: z.string().min(1).max(60).optional(),
	pseudonym: z.boolean().default(false)
});
/** The `persons` column: the person or people concerned, as the action's issuer names them. */
export const personsSchema = z.array(personSchema).max(100);
export type PersonInput = z.input<typeof personSchema>;

export interface Person {
	name: string;
	pronoun: string | null;
	pseudonym: boolean;
}

export interface UrgentActionSummary {
	id: string;
	code: string;
	slug: string;
	title: string;
	summary: string;
	/** As it reads today: an open action past its deadline is closed. */
	status: UrgentActionStatus;
	deadline: string | null;
	updatedAt: Date;
	/** Actions reported (the sum of the reports' counts). */
	count: number;
}

export interface UrgentTarget {
	id: string;
	name: string;
	title: string | null;
	organisation: string | null;
	salutation: string | null;
	address: string | null;
	email: string | null;
	phone: string | null;
}

export interface UrgentActionDetail extends UrgentActionSummary {
	info: string | null;
	targetLanguage: string;
	ownLanguageWelcome: boolean;
	persons: Person[];
	letterSubject: string | null;
	letter: string | null;
	sourceUrl: string | null;
	sourceTitle: string | null;
	targets: UrgentTarget[];
}

export interface Tally {
	/** Actions reported in all (the sum of counts), and how many reports brought them. */
	actions: number;
	reports: number;
	byKind: Record<string, number>;
	/** Actions per state, largest first; reports without a ZIP are not in it. */
	byState: { state: string; actions: number }[];
}

/** Today's date as the database's current_date reads it (UTC), YYYY-MM-DD. */
export const today = (now = new Date()) => now.toISOString().slice(0, 10);

const pick = (locale: Locale, en: string, es: string | null) => (locale === 'es' && es ? es : en);
const pickOptional = (locale: Locale, en: string | null, es: string | null) =>
	locale === 'es' && es ? es : en;

const COLUMNS = [
	'id',
	'code',
	'slug',
	'title_en',
	'title_es',
	'summary_en',
	'summary_es',
	'status',
	'deadline',
	'updated_at'
] as const;

/** The public tally of one published action, or (null) of every published action, by id. */
export async function tallies(tx: Tx, actionId: string | null): Promise<Map<string, Tally>> {
	const { rows } = await sql<{
		action_id: string;
		kind: string;
		state_code: string | null;
		reports: number;
		actions: number;
	}>`select * from private.urgent_action_tallies(${actionId})`.execute(tx);
	const byAction = new Map<string, Tally>();
	for (const row of rows) {
		const tally = byAction.get(row.action_id) ?? {
			actions: 0,
			reports: 0,
			byKind: {},
			byState: []
		};
		tally.actions += row.actions;
		tally.reports += row.reports;
		tally.byKind[row.kind] = (tally.byKind[row.kind] ?? 0) + row.actions;
		if (row.state_code) {
			const state = tally.byState.find((entry) => entry.state === row.state_code);
			if (state) state.actions += row.actions;
			else tally.byState.push({ state: row.state_code, actions: row.actions });
		}
		byAction.set(row.action_id, tally);
	}
	for (const tally of byAction.values()) {
		tally.byState.sort((a, b) => b.actions - a.actions || a.state.localeCompare(b.state));
	}
	return byAction;
}

export const EMPTY_TALLY: Tally = { actions: 0, reports: 0, byKind: {}, byState: [] };

/** The tally of one published action (empty for anything else). */
export async function actionTally(tx: Tx, actionId: string): Promise<Tally> {
	return (await tallies(tx, actionId)).get(actionId) ?? EMPTY_TALLY;
}

type SummaryRow = {
	id: string;
	code: string;
	slug: string;
	title_en: string;
	title_es: string | null;
	summary_en: string;
	summary_es: string | null;
	status: string;
	deadline: string | null;
	updated_at: Date;
};

function summaryOf(row: SummaryRow, locale: Locale, day: string, count: number) {
	return {
		id: row.id,
		code: row.code,
		slug: row.slug,
		title: pick(locale, row.title_en, row.title_es),
		summary: pick(locale, row.summary_en, row.summary_es),
		status: effectiveStatus(row.status as UrgentActionStatus, row.deadline, day),
		deadline: row.deadline,
		updatedAt: row.updated_at,
		count
	};
}

/**
 * The actions the caller may read (RLS: published ones; drafts too for site admins — the public
 * pages ask for `published` only): those taking reports first, soonest deadline first, then the
 * rest, latest deadline first.
 */
export async function listUrgentActions(
	tx: Tx,
	locale: Locale,
	day = today()
): Promise<UrgentActionSummary[]> {
	const rows = await tx
		.selectFrom('urgent_actions')
		.select(COLUMNS)
		.where('published', '=', true)
		.execute();
	const counts = await tallies(tx, null);
	const actions = rows.map((row) => summaryOf(row, locale, day, counts.get(row.id)?.actions ?? 0));
	const open = (action: UrgentActionSummary) =>
		action.status === 'open' || action.status === 'update';
	const far = '9999-12-31';
	return actions.sort((a, b) => {
		if (open(a) !== open(b)) return open(a) ? -1 : 1;
		const [da, db] = [a.deadline ?? far, b.deadline ?? far];
		if (da !== db) return open(a) ? da.localeCompare(db) : db.localeCompare(da);
		return a.code.localeCompare(b.code);
	});
}

/** One published action by its slug, with its targets; undefined when there is none. */
export async function getUrgentAction(
	tx: Tx,
	slug: string,
	locale: Locale,
	day = today()
): Promise<{ action: UrgentActionDetail; tally: Tally } | undefined> {
	const row = await tx
		.selectFrom('urgent_actions')
		.select([
			...COLUMNS,
			'info_en',
			'info_es',
			'target_language',
			'own_language_welcome',
			'persons',
			'letter_subject_en',
			'letter_subject_es',
			'letter_en',
			'letter_es',
			'source_url',
			'source_title'
		])
		.where('slug', '=', slug)
		.where('published', '=', true)
		.executeTakeFirst();
	if (!row) return undefined;
	const [targets, tally] = await Promise.all([
		tx
			.selectFrom('urgent_action_targets')
			.select(['id', 'name', 'title', 'organisation', 'salutation', 'address', 'email', 'phone'])
			.where('action_id', '=', row.id)
			.orderBy('position')
			.orderBy('name')
			.execute(),
		actionTally(tx, row.id)
	]);
	const persons = personsSchema.safeParse(row.persons);
	return {
		action: {
			...summaryOf(row, locale, day, tally.actions),
			info: pickOptional(locale, row.info_en, row.info_es),
			targetLanguage: row.target_language,
			ownLanguageWelcome: row.own_language_welcome,
			persons: (persons.success ? persons.data : []).map((person) => ({
				name: pick(locale, person.name, person.name_es ?? null),
				pronoun: pickOptional(locale, person.pronoun ?? null, person.pronoun_es ?? null),
				pseudonym: person.pseudonym
			})),
			letterSubject: pickOptional(locale, row.letter_subject_en, row.letter_subject_es),
			letter: pickOptional(locale, row.letter_en, row.letter_es),
			sourceUrl: row.source_url,
			sourceTitle: row.source_title,
			targets
		},
		tally
	};
}
