/**
 * The retention job: a closed group's family data and private documents are deleted
 * `retention_days` after it closed (default 180), and its leads are told. It runs over the
 * owner's connection because it acts for no user; nothing else here does.
 */
import { sql, type Kysely } from 'kysely';
import type { Config } from '../config';
import { sendMail } from '../mail';
import type { RemoveFolder } from '../storage/types';
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

const GROUP_FILES = 'group-files';

/**
 * Deletes the family data and documents of every group closed longer ago than its retention
 * period; returns the groups purged. Rows go in one transaction per group; files after it, with
 * `removeFolder` (null on Supabase without SUPABASE_SECRET_KEY). Files that could not be deleted
 * are tried again on every later run until they are gone.
 */
export async function purgeClosedGroups(
	db: Kysely<DB>,
	config: Config,
	removeFolder: RemoveFolder | null,
	now = new Date()
): Promise<string[]> {
	if (removeFolder) {
		for (const groupId of await groupsWithFilesLeft(db)) {
			await removeGroupFiles(db, removeFolder, groupId, now);
		}
	}
	const due = await db
		.selectFrom('sponsor_groups')
		.where('closed_at', 'is not', null)
		.where('family_purged_at', 'is', null)
		.where(sql<boolean>`closed_at + retention_days * interval '1 day' <= ${now}`)
		.select(['id', 'name'])
		.execute();
	for (const group of due) {
		await deleteFamilyRows(db, group.id, now);
		if (removeFolder) await removeGroupFiles(db, removeFolder, group.id, now);
		else warnFilesLeft(group.id);
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

async function deleteFamilyRows(db: Kysely<DB>, groupId: string, now: Date) {
	await db.transaction().execute(async (tx) => {
		await tx.deleteFrom('group_families').where('group_id', '=', groupId).execute();
		await tx.deleteFrom('group_family_sensitive').where('group_id', '=', groupId).execute();
		await tx.deleteFrom('group_documents').where('group_id', '=', groupId).execute();
		// A group may be created with files_purged_at already set (the guard watches updates):
		// cleared here, so its files are retried until this job has seen them go.
		await tx
			.updateTable('sponsor_groups')
			.set({ family_purged_at: now, files_purged_at: null })
			.where('id', '=', groupId)
			.execute();
	});
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
	const rows = await db
		.selectFrom('sponsor_groups')
		.where('family_purged_at', 'is not', null)
		.where('files_purged_at', 'is', null)
		.select('id')
		.execute();
	return rows.map((row) => row.id);
}

/** A failure is logged, not thrown: the other groups go on, and the next run tries again. */
async function removeGroupFiles(
	db: Kysely<DB>,
	removeFolder: RemoveFolder,
	groupId: string,
	now: Date
) {
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
	await db
		.updateTable('sponsor_groups')
		.set({ files_purged_at: now })
		.where('id', '=', groupId)
		.execute();
}
