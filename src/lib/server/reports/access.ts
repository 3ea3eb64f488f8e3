import { error } from '@sveltejs/kit';
import type { Tx } from '../db';
import { isSiteAdmin } from '../templates/templates';

/**
 * Runs `fn` as the signed-in site admin, in one claims-scoped transaction. Anyone else gets a
 * 404: the moderation pages do not admit they exist. RLS still decides every read and write.
 */
export async function asSiteAdmin<T>(
	locals: App.Locals,
	fn: (tx: Tx, adminId: string) => Promise<T>
): Promise<T> {
	const user = locals.user;
	if (!user) error(404, 'Not found');
	return locals.withClaims(async (tx) => {
		if (!(await isSiteAdmin(tx))) error(404, 'Not found');
		return fn(tx, user.id);
	});
}
