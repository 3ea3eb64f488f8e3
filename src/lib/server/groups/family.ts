/**
 * The family, minimally: household size, languages, arrival date, needs. No names. Needs marked
 * sensitive live in their own table that only leads can read (RLS).
 */
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '../db';

export const familySchema = z.object({
	// Optional: the arrival date and the rest can be saved before the size is known (the funding
	// check then says it needs the size).
	household_size: z
		.string()
		.trim()
		.refine((v) => v === '' || (/^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 30), {
			error: () => m.groups_error_household()
		})
		.transform((v) => (v === '' ? null : Number(v))),
	languages: z
		.string()
		.trim()
		.max(300, { error: () => m.groups_error_languages() })
		.transform((value) =>
			value
				.split(',')
				.map((l) => l.trim())
				.filter(Boolean)
		)
		.refine((list) => list.length <= 10 && list.every((l) => l.length <= 40), {
			error: () => m.groups_error_languages()
		}),
	arrival_on: z
		.union([z.literal(''), z.iso.date({ error: () => m.groups_error_date() })])
		.transform((value) => value || null)
		.refine((value) => value === null || (value >= '2000-01-01' && value <= '2100-12-31'), {
			error: () => m.groups_error_date()
		}),
	needs: z
		.string()
		.trim()
		.max(4000, { error: () => m.groups_error_needs() })
		.transform((value) => value || null),
	sensitive_needs: z
		.string()
		.trim()
		.max(4000, { error: () => m.groups_error_needs() })
		.optional()
		.transform((value) => value || null)
});
export type FamilyInput = z.infer<typeof familySchema>;

export interface Family {
	householdSize: number | null;
	languages: string[];
	arrivalOn: string | null;
	needs: string | null;
	/** Only for leads; undefined for members (they cannot read it). */
	sensitiveNeeds?: string | null;
}

export async function getFamily(tx: Tx, groupId: string, isLead: boolean): Promise<Family> {
	const row = await tx
		.selectFrom('group_families')
		.where('group_id', '=', groupId)
		.select(['household_size', 'languages', 'arrival_on', 'needs'])
		.executeTakeFirst();
	const family: Family = {
		householdSize: row?.household_size ?? null,
		languages: row?.languages ?? [],
		arrivalOn: row?.arrival_on ?? null,
		needs: row?.needs ?? null
	};
	if (isLead) {
		const sensitive = await tx
			.selectFrom('group_family_sensitive')
			.where('group_id', '=', groupId)
			.select('needs')
			.executeTakeFirst();
		family.sensitiveNeeds = sensitive?.needs ?? null;
	}
	return family;
}

export async function saveFamily(tx: Tx, groupId: string, userId: string, input: FamilyInput) {
	const values = {
		household_size: input.household_size,
		languages: input.languages,
		arrival_on: input.arrival_on,
		needs: input.needs
	};
	await tx
		.insertInto('group_families')
		.values({ group_id: groupId, ...values })
		.onConflict((oc) => oc.column('group_id').doUpdateSet(values))
		.execute();
	await tx
		.insertInto('group_family_sensitive')
		.values({ group_id: groupId, needs: input.sensitive_needs })
		.onConflict((oc) => oc.column('group_id').doUpdateSet({ needs: input.sensitive_needs }))
		.execute();
}
