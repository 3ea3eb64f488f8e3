import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
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
		.set({ display_name: input.display_name || null, locale: input.locale, updated_at: new Date() })
		.where('id', '=', userId)
		.execute();
}

/**
 * Everything we hold about the caller, read under their own claims: what RLS lets them see of
 * themselves is exactly what they get.
 */
export async function exportAccountData(tx: Tx, user: { id: string; email: string }) {
	const [profile, resolutions, events, files] = await Promise.all([
		tx.selectFrom('profiles').selectAll().where('id', '=', user.id).executeTakeFirst(),
		tx.selectFrom('resolutions').selectAll().where('created_by', '=', user.id).execute(),
		tx.selectFrom('resolution_events').selectAll().where('created_by', '=', user.id).execute(),
		tx
			.selectFrom('storage.objects')
			.select(['bucket_id', 'name', 'metadata', 'created_at'])
			.where('owner_id', '=', user.id)
			.execute()
	]);
	return {
		exported_at: new Date().toISOString(),
		account: { id: user.id, email: user.email },
		profile: profile ?? null,
		resolutions,
		resolution_events: events,
		files
	};
}
