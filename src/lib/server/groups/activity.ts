import type { Tx } from '../db';

/** The group's log, newest first. Triggers write it (supabase/migrations/*_group_activity.sql). */
export async function listActivity(tx: Tx, groupId: string, limit = 50) {
	return tx
		.selectFrom('group_activity as a')
		.leftJoin('profiles as p', 'p.id', 'a.actor_id')
		.where('a.group_id', '=', groupId)
		.select(['a.id', 'a.action', 'a.summary', 'a.created_at', 'p.display_name'])
		.orderBy('a.created_at', 'desc')
		.orderBy('a.id', 'desc')
		.limit(limit)
		.execute();
}
