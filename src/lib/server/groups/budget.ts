/** The group's ledger and where it stands against the program's minimum. */
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { numberFormat } from '$lib/intl';
import {
	amountExample,
	MAX_AMOUNT,
	parseAmount,
	separatorsOf,
	type AmountRefusal
} from '$lib/money';
import { LEDGER_KINDS } from '$lib/groups';
import type { Tx } from '../db';
import { requiredFunding, type Program } from './programs';

/** How a refused amount is explained, with an example written the visitor's way. */
function amountError(reason: AmountRefusal, locale: string) {
	const example = amountExample(locale);
	if (reason === 'ambiguous') {
		const { decimal, group } = separatorsOf(locale);
		return m.groups_error_amount_format({ example, decimal, group });
	}
	if (reason === 'too_large') {
		return m.groups_error_amount_large({ max: numberFormat(locale, {}).format(MAX_AMOUNT) });
	}
	return m.groups_error_amount({ example });
}

/**
 * An amount typed in the visitor's locale ("1.250,50" in Spanish, "1,250.50" in English), as
 * integer minor units. Ambiguous input is refused with an example, never guessed.
 */
export const amountSchema = z.string().transform((value, ctx) => {
	const locale = getLocale();
	const reading = parseAmount(value, locale);
	if (reading.ok) return reading.cents;
	ctx.addIssue({ code: 'custom', message: amountError(reading.reason, locale) });
	return z.NEVER;
});

export const ledgerEntrySchema = z.object({
	kind: z.enum(LEDGER_KINDS, { error: () => m.groups_error_ledger_kind() }),
	amount: amountSchema,
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

/** Changes an entry; false when it is not this group's or not the caller's to change (RLS). */
export async function updateLedgerEntry(
	tx: Tx,
	groupId: string,
	entryId: string,
	input: LedgerEntryInput
): Promise<boolean> {
	const result = await tx
		.updateTable('group_ledger_entries')
		.set({
			kind: input.kind,
			amount_cents: input.amount,
			description: input.description,
			occurred_on: input.occurred_on
		})
		.where('group_id', '=', groupId)
		.where('id', '=', entryId)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/** Deletes an entry; false when it is not this group's or not the caller's to delete (RLS). */
export async function deleteLedgerEntry(tx: Tx, groupId: string, entryId: string) {
	const result = await tx
		.deleteFrom('group_ledger_entries')
		.where('group_id', '=', groupId)
		.where('id', '=', entryId)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
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

/** What the ledger holds, whatever the program asks. */
export interface LedgerTotals {
	donated: number;
	pledged: number;
	/** Goods and services given, at their fair value. */
	inKind: number;
	/** Money spent from what was raised (a deposit, rent, furniture bought). */
	spent: number;
	/** Donations minus spending: what is left in the bank, for the treasurer. */
	onHand: number;
}

/** Where the group stands against the program's minimum for a household of a known size. */
export interface FundingCheck {
	householdSize: number;
	required: number;
	/** The share of the minimum that must be cash (donated or pledged). */
	requiredCash: number;
	/** In-kind gifts count toward the minimum up to this much (the non-cash share). */
	inKindLimit: number;
	cash: number;
	inKindCounted: number;
	/** Cash and pledges plus in-kind gifts up to their limit. */
	committed: number;
	missing: number;
	missingCash: number;
	percent: number;
}

export interface BudgetStatus {
	totals: LedgerTotals;
	/** Null until the family's household size is known: the minimum depends on it. */
	check: FundingCheck | null;
}

function ledgerTotals(entries: { kind: string; amount_cents: number }[]): LedgerTotals {
	const sum = (kind: string) =>
		entries.filter((e) => e.kind === kind).reduce((total, e) => total + e.amount_cents, 0);
	const donated = sum('donation');
	const spent = sum('expense');
	return {
		donated,
		pledged: sum('pledge'),
		inKind: sum('in_kind'),
		spent,
		onHand: donated - spent
	};
}

/**
 * The funding check as the programs state it (Welcome Corps: $2,425 per refugee, at least 60% in
 * cash, the rest may be donated goods and services). Committed funds are donations, pledges and
 * in-kind gifts at fair value, the in-kind ones counted up to the non-cash share. Spending is
 * money used from what was raised, not a loss of it, so it never lowers the progress.
 */
export function fundingCheck(
	totals: LedgerTotals,
	program: Program,
	householdSize: number
): FundingCheck {
	const required = requiredFunding(program, householdSize);
	const requiredCash = Math.ceil((required * program.cashSharePercent) / 100);
	const inKindLimit = required - requiredCash;
	const cash = totals.donated + totals.pledged;
	const inKindCounted = Math.min(totals.inKind, inKindLimit);
	const committed = cash + inKindCounted;
	return {
		householdSize,
		required,
		requiredCash,
		inKindLimit,
		cash,
		inKindCounted,
		committed,
		missing: Math.max(0, required - committed),
		missingCash: Math.max(0, requiredCash - cash),
		percent: required === 0 ? 100 : Math.min(100, Math.floor((committed / required) * 100))
	};
}

export function budgetStatus(
	entries: { kind: string; amount_cents: number }[],
	program: Program,
	householdSize: number | null
): BudgetStatus {
	const totals = ledgerTotals(entries);
	return {
		totals,
		check: householdSize === null ? null : fundingCheck(totals, program, householdSize)
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
