import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { sql } from 'kysely';
import type { Tx } from '../db';

export const profileSchema = z.object({
	display_name: z
		.string()
		.trim()
		.max(80, { error: () => m.auth_display_name_too_long({ max: 80 }) }),
	locale: z.enum(['en', 'es'])
});

export async function getProfile(tx: Tx, userId: string) {
	return tx
		.selectFrom('profiles')
		.select(['display_name', 'locale', 'created_at'])
		.where('id', '=', userId)
		.executeTakeFirst();
}

export async function updateProfile(tx: Tx, userId: string, input: z.infer<typeof profileSchema>) {
	await tx
		.updateTable('profiles')
		.set({ display_name: input.display_name || null, locale: input.locale })
		.where('id', '=', userId)
		.execute();
}

/**
 * Everything we hold about the caller: every row whose who-column is theirs, in every table
 * (private.export_my_data), whatever they may see of it today.
 */
/**
 * The language the person chose in the header's switch, kept on their profile too: mail the
 * database queues for them (a group closing, a group deleted) is rendered in it.
 */
export async function setProfileLocale(tx: Tx, userId: string, locale: 'en' | 'es') {
	await tx.updateTable('profiles').set({ locale }).where('id', '=', userId).execute();
}

export async function exportAccountData(tx: Tx, user: { id: string; email: string }) {
	const { rows } = await sql<{ data: Record<string, unknown> }>`
		select private.export_my_data() as data`.execute(tx);
	return {
		exported_at: new Date().toISOString(),
		account: { id: user.id, email: user.email },
		...rows[0]?.data
	};
}
