import type { Tx } from '../db';

/** Appends to the group's log in the same transaction as the change it describes. */
export async function recordActivity(
	tx: Tx,
	groupId: string,
	actorId: string,
	action: string,
	detail: string
): Promise<void> {
	await tx
		.insertInto('group_activity')
		.values({
			group_id: groupId,
			actor_id: actorId,
			action,
			summary: (detail || action).slice(0, 300)
		})
		.execute();
}

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
