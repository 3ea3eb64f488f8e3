/**
 * The retention job: a closed group is deleted with everything in it `retention_days` after it
 * closed (default 180); private.purge_group() also queues the mail that tells its leads. It runs
 * over the owner's connection because it acts for no user.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db';
import type { RemoveFolder } from '../storage/types';

const GROUP_FILES = 'group-files';

/**
 * Deletes every group closed longer ago than its retention period — the group and everything in
 * it, and the mail to its leads queued, in one transaction per group (private.purge_group) — and
 * then its files; returns the groups deleted. Files that could not be deleted (or, on Supabase,
 * wait for SUPABASE_SECRET_KEY: `removeFolder` is null) are tried again on every later run until
 * they are gone; until then only the group's id is kept.
 */
export async function purgeClosedGroups(
	db: Kysely<DB>,
	removeFolder: RemoveFolder | null,
	now = new Date()
): Promise<string[]> {
	if (removeFolder) {
		for (const groupId of await groupsWithFilesLeft(db)) {
			await removeGroupFiles(db, removeFolder, groupId);
		}
	}
	const due = await db
		.selectFrom('sponsor_groups')
		.where('closed_at', 'is not', null)
		.where(sql<boolean>`closed_at + retention_days * interval '1 day' <= ${now}`)
		.select('id')
		.execute();
	for (const group of due) {
		await sql`select private.purge_group(${group.id})`.execute(db);
		if (removeFolder) await removeGroupFiles(db, removeFolder, group.id);
		else warnFilesLeft(group.id);
	}
	return due.map((group) => group.id);
}

/** Only on Supabase without the secret key: once, when the rows go; the files wait for the key. */
function warnFilesLeft(groupId: string) {
	console.warn(
		`[retention] the files of group ${groupId} are still in Supabase Storage: delete the ` +
			`folder ${groupId}/ of the ${GROUP_FILES} bucket, or set SUPABASE_SECRET_KEY (the ` +
			"project's secret key) and the job deletes it on its next run"
	);
}

async function groupsWithFilesLeft(db: Kysely<DB>): Promise<string[]> {
	const rows = await db.selectFrom('private.group_files_to_purge').select('group_id').execute();
	return rows.map((row) => row.group_id);
}

/** A failure is logged, not thrown: the other groups go on, and the next run tries again. */
async function removeGroupFiles(db: Kysely<DB>, removeFolder: RemoveFolder, groupId: string) {
	try {
		await removeFolder(GROUP_FILES, groupId);
	} catch (error) {
		console.error(
			`[retention] could not delete the folder ${groupId}/ of the ${GROUP_FILES} bucket; ` +
				'the next run tries again',
			error
		);
		return;
	}
	await db.deleteFrom('private.group_files_to_purge').where('group_id', '=', groupId).execute();
}
