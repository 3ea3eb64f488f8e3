import { m } from '$lib/paraglide/messages';

const LABELS: Record<string, () => string> = {
	pledge: () => m.groups_ledger_pledge(),
	donation: () => m.groups_ledger_donation(),
	expense: () => m.groups_ledger_expense(),
	in_kind: () => m.groups_ledger_in_kind()
};

/** A ledger kind's name for people. */
export const kindLabel = (kind: string) => LABELS[kind]?.() ?? kind;
