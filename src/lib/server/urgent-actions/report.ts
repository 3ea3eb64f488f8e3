/**
 * "Report your action" on an urgent action: what a visitor did (a letter, an email, a call, a
 * social post), how many, and — only if they agree to be contacted about this action — their
 * name, ZIP and email. private.report_urgent_action() writes it, with the honeypot and the rate
 * limits inside the database; the ZIP gives the state of the public tally.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '../db';

/** Per address and action (private.report_urgent_action applies it), for messages and tests. */
export const URGENT_REPORT_LIMIT = { max: 5, windowSeconds: 3600 } as const;
export const REPORT_KINDS = ['letter', 'email', 'call', 'social'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const MAX_REPORT_COUNT = 100;
export const HONEYPOT_FIELD = 'website';

const optional = (max: number, message: () => string) =>
	z
		.string({ error: message })
		.trim()
		.max(max, { error: message })
		.optional()
		.transform((value) => value || null);

export const urgentReportSchema = z
	.object({
		kind: z.enum(REPORT_KINDS, { error: () => m.urgent_error_kind() }),
		count: z
			.string({ error: () => m.urgent_error_count({ max: MAX_REPORT_COUNT }) })
			.trim()
			.regex(/^\d{1,3}$/, { error: () => m.urgent_error_count({ max: MAX_REPORT_COUNT }) })
			.transform(Number)
			.pipe(
				z
					.number()
					.int()
					.min(1, { error: () => m.urgent_error_count({ max: MAX_REPORT_COUNT }) })
					.max(MAX_REPORT_COUNT, { error: () => m.urgent_error_count({ max: MAX_REPORT_COUNT }) })
			),
		name: optional(200, () => m.urgent_error_name()),
		zip: optional(10, () => m.urgent_error_zip()).refine(
			(zip) => zip === null || /^\d{5}(-\d{4})?$/.test(zip),
			{ error: () => m.urgent_error_zip() }
		),
		email: z
			.union([z.literal(''), z.email({ error: () => m.urgent_error_email() }).max(320)], {
				error: () => m.urgent_error_email()
			})
			.optional()
			.transform((value) => value || null),
		consent: z
			.literal('yes', { error: () => m.urgent_error_consent_value() })
			.optional()
			.transform((value) => value === 'yes')
	})
	// Name and email are kept only for follow-up, which needs the sender's yes; the ZIP alone
	// only gives the state of the count (the database checks both again).
	.refine((input) => input.consent || (input.name === null && input.email === null), {
		path: ['consent'],
		error: () => m.urgent_error_consent()
	});
export type UrgentReportInput = z.infer<typeof urgentReportSchema>;

/** Whether the action takes reports now: published, open or updated, deadline not past. */
export async function takesReports(tx: Tx, actionId: string): Promise<boolean> {
	const { rows } = await sql<{ open: boolean }>`
		select private.urgent_action_takes_reports(${actionId}) as open`.execute(tx);
	return rows[0]?.open === true;
}

/**
 * Records one report through private.report_urgent_action(), which refuses (42501) an action
 * not taking reports and applies the honeypot and rate limits; 0 when counted, else the seconds
 * to wait. `client` is the sender's address: only a keyed hash of it is kept, for the window.
 */
export async function reportUrgentAction(
	tx: Tx,
	actionId: string,
	input: UrgentReportInput,
	client: string,
	honeypot = ''
): Promise<number> {
	const { rows } = await sql<{ wait: number }>`
		select private.report_urgent_action(
			${actionId}, ${input.kind}, ${input.count}, ${input.name}, ${input.zip}, ${input.email},
			${input.consent}, ${client}, ${honeypot}
		) as wait`.execute(tx);
	return rows[0]?.wait ?? 0;
}
