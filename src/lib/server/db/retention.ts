/**
 * The retention job: a closed group's family data and private documents are deleted
 * `retention_days` after it closed (default 180), and its leads are told. It runs over the
 * owner's connection because it acts for no user; nothing else here does.
 */
import { rm } from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../config';
import { sendMail } from '../mail';
import { objectFile } from '../storage/local';
import type { DB } from './schema';

export async function leadEmails(db: Kysely<DB>, groupId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('group_members as m')
		.innerJoin('auth.users as u', 'u.id', 'm.user_id')
		.where('m.group_id', '=', groupId)
		.where('m.role', '=', 'lead')
		.select('u.email')
		.execute();
	return rows.flatMap((row) => (row.email ? [row.email] : []));
}

async function tellLeads(
	db: Kysely<DB>,
	config: Config,
	groupId: string,
	subject: string,
	text: string
) {
	for (const to of await leadEmails(db, groupId)) await sendMail(config, { to, subject, text });
}

/** Tells the leads when the family data of a group that just closed will be deleted. */
export async function noticeClosure(db: Kysely<DB>, config: Config, groupId: string) {
	const group = await db
		.selectFrom('sponsor_groups')
		.where('id', '=', groupId)
		.select(['name', 'closed_at', 'retention_days'])
		.executeTakeFirst();
	if (!group?.closed_at) return;
	const deleteOn = new Date(group.closed_at.getTime() + group.retention_days * 86_400_000);
	await tellLeads(
		db,
		config,
		groupId,
		`${group.name}: the family's data will be deleted on ${deleteOn.toISOString().slice(0, 10)}`,
		`Your sponsor group "${group.name}" was closed. The family's details and the group's documents ` +
			`will be deleted on ${deleteOn.toISOString().slice(0, 10)}. Download what you must keep before then.`
	);
}

/**
 * Deletes the family data and documents of every group closed longer ago than its retention
 * period; returns the groups purged. Rows go in one transaction per group; files after it.
 */
export async function purgeClosedGroups(
	db: Kysely<DB>,
	config: Config,
	storageRoot: string | null,
	now = new Date()
): Promise<string[]> {
	const due = await db
		.selectFrom('sponsor_groups')
		.where('closed_at', 'is not', null)
		.where('family_purged_at', 'is', null)
		.where(sql<boolean>`closed_at + retention_days * interval '1 day' <= ${now}`)
		.select(['id', 'name'])
		.execute();
	for (const group of due) {
		const objects = await db.transaction().execute(async (tx) => {
			await tx.deleteFrom('group_families').where('group_id', '=', group.id).execute();
			await tx.deleteFrom('group_family_sensitive').where('group_id', '=', group.id).execute();
			await tx.deleteFrom('group_documents').where('group_id', '=', group.id).execute();
			// On Supabase, files are deleted through the Storage API only (a service key this app
			// does not hold): the rows above go, and the folder is reported for an operator.
			const removed = storageRoot
				? await tx
						.deleteFrom('storage.objects')
						.where('bucket_id', '=', 'group-files')
						.where('name', 'like', `${group.id}/%`)
						.returning('name')
						.execute()
				: [];
			await tx
				.updateTable('sponsor_groups')
				.set({ family_purged_at: now })
				.where('id', '=', group.id)
				.execute();
			return removed.flatMap((row) => (row.name ? [row.name] : []));
		});
		if (storageRoot) {
			for (const name of objects) {
				await rm(objectFile(storageRoot, 'group-files', name), { force: true });
			}
		} else {
			console.warn(
				`[retention] delete the folder ${group.id}/ of the group-files bucket in Supabase Storage`
			);
		}
		await tellLeads(
			db,
			config,
			group.id,
			`${group.name}: the family's data was deleted`,
			`As announced when "${group.name}" closed, the family's details and the group's documents were deleted.`
		);
	}
	return due.map((group) => group.id);
}
