/** Program rules (stored as data in `programs`) and what they require of a group. */
import { sql } from 'kysely';
import { z } from 'zod';
import { TASK_CATEGORIES } from '$lib/groups';
import type { Tx } from '../db';

export const checklistSchema = z.array(
	z.object({
		key: z.string().max(60),
		title: z.string().min(1).max(200),
		category: z.enum(TASK_CATEGORIES),
		kind: z.enum(['action', 'supply']),
		due_days: z.number().int().min(-365).max(3650)
	})
);

export interface Program {
	id: string;
	name: string;
	currency: string;
	minMembers: number;
	fundingBaseCents: number;
	fundingPerPersonCents: number;
	/** Household size → amount, plus `extra` per person above the largest size listed. */
	fundingTable: Record<string, number> | null;
	cashSharePercent: number;
	supportDays: number;
	status: 'active' | 'paused';
	statusNote: string | null;
	eligibility: { key: string; label: string }[];
}

/** The minimum a group must secure for a household of this size, in minor units. */
export function requiredFunding(program: Program, householdSize: number): number {
	const size = Math.max(1, householdSize);
	if (program.fundingTable) {
		const sizes = Object.keys(program.fundingTable)
			.filter((key) => /^\d+$/.test(key))
			.map(Number)
			.sort((a, b) => a - b);
		const largest = sizes.at(-1) ?? 0;
		if (size <= largest) {
			const fit = sizes.find((s) => s >= size) ?? largest;
			return program.fundingBaseCents + (program.fundingTable[String(fit)] ?? 0);
		}
		const extra = program.fundingTable.extra ?? 0;
		return (
			program.fundingBaseCents +
			(program.fundingTable[String(largest)] ?? 0) +
			(size - largest) * extra
		);
	}
	return program.fundingBaseCents + size * program.fundingPerPersonCents;
}

export async function listPrograms(tx: Tx) {
	return tx
		.selectFrom('programs')
		.select(['id', 'name', 'country', 'currency', 'min_members', 'status', 'status_note'])
		.orderBy(sql`id = 'custom'`)
		.orderBy('name')
		.execute();
}
