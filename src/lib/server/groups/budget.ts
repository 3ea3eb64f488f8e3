/** The group's ledger and where it stands against the program's minimum. */
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { LEDGER_KINDS } from '$lib/groups';
import type { Tx } from '../db';
import { requiredFunding, type Program } from './programs';

/** Amounts are typed as decimals ("1,250.50") and stored as integer minor units. */
export const ledgerEntrySchema = z.object({
	kind: z.enum(LEDGER_KINDS, { error: () => m.groups_error_ledger_kind() }),
	amount: z
		.string()
		.trim()
		.transform((value) => value.replace(/,/g, ''))
		.refine((value) => /^\d{1,9}(\.\d{1,2})?$/.test(value) && Number(value) > 0, {
			error: () => m.groups_error_amount()
		})
		.transform((value) => Math.round(Number(value) * 100)),
	description: z
		.string()
		.trim()
		.min(1, { error: () => m.groups_error_description() })
		.max(300, { error: () => m.groups_error_description() }),
	occurred_on: z.iso
		.date({ error: () => m.groups_error_date() })
		.refine((value) => value >= '2000-01-01' && value <= '2100-12-31', {
			error: () => m.groups_error_date()
		})
});
export type LedgerEntryInput = z.infer<typeof ledgerEntrySchema>;

export async function addLedgerEntry(
	tx: Tx,
	groupId: string,
	userId: string,
	input: LedgerEntryInput
): Promise<void> {
	await tx
		.insertInto('group_ledger_entries')
		.values({
			group_id: groupId,
			kind: input.kind,
			amount_cents: input.amount,
			description: input.description,
			occurred_on: input.occurred_on
		})
		.execute();
}

export async function listLedger(tx: Tx, groupId: string) {
	const rows = await tx
		.selectFrom('group_ledger_entries')
		.where('group_id', '=', groupId)
		.select(['id', 'kind', 'amount_cents', 'description', 'occurred_on', 'created_by'])
		.orderBy('occurred_on', 'desc')
		.orderBy('created_at', 'desc')
		.execute();
	return rows.map((row) => ({ ...row, amount_cents: Number(row.amount_cents) }));
}

export interface BudgetStatus {
	required: number;
	requiredCash: number;
	cash: number;
	pledged: number;
	inKind: number;
	spent: number;
	/** Secured toward the minimum: cash and pledges (in-kind gifts do not count toward it). */
	secured: number;
	missing: number;
	missingCash: number;
	percent: number;
}

/**
 * Totals against the program's rule. Cash is donations minus expenses; pledges count toward the
 * minimum but not toward its cash share.
 */
export function budgetStatus(
	entries: { kind: string; amount_cents: number }[],
	program: Program,
	householdSize: number
): BudgetStatus {
	const sum = (kind: string) =>
		entries.filter((e) => e.kind === kind).reduce((total, e) => total + e.amount_cents, 0);
	const donated = sum('donation');
	const spent = sum('expense');
	const pledged = sum('pledge');
	const cash = donated - spent;
	const required = requiredFunding(program, householdSize);
	const requiredCash = Math.ceil((required * program.cashSharePercent) / 100);
	const secured = Math.max(0, cash) + pledged;
	return {
		required,
		requiredCash,
		cash,
		pledged,
		inKind: sum('in_kind'),
		spent,
		secured,
		missing: Math.max(0, required - secured),
		missingCash: Math.max(0, requiredCash - Math.max(0, cash)),
		percent: required === 0 ? 100 : Math.min(100, Math.floor((secured / required) * 100))
	};
}

export function ledgerCsv(entries: Awaited<ReturnType<typeof listLedger>>, currency: string) {
	const cell = (value: string) => {
		const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
		return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
	};
	const lines = ['date,kind,amount,currency,description'];
	for (const entry of entries) {
		lines.push(
			[
				entry.occurred_on,
				entry.kind,
				(entry.amount_cents / 100).toFixed(2),
				currency,
				cell(entry.description)
			].join(',')
		);
	}
	return `${lines.join('\r\n')}\r\n`;
}
