/**
 * The retention job: a closed group is deleted with everything in it `retention_days` after it
 * closed (default 180), and its leads are told. It runs over the owner's connection because it
 * acts for no user; nothing else here does.
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
		`${group.name}: the group will be deleted on ${deleteOn.toISOString().slice(0, 10)}`,
		`Your sponsor group "${group.name}" was closed. On ${deleteOn.toISOString().slice(0, 10)} it ` +
			"will be deleted with everything in it: the family's details, documents, tasks, comments, " +
			'budget and activity. Download what you must keep before then, or reopen the group.'
	);
}

const GROUP_FILES = 'group-files';

/**
 * Deletes every group closed longer ago than its retention period — the group and everything in
 * it, in one transaction per group (private.purge_group) — and then its files; returns the groups
 * deleted. Its leads are told first, while their addresses are still linked to it. Files that
 * could not be deleted (or, on Supabase, wait for SUPABASE_SECRET_KEY: `removeFolder` is null) are
 * tried again on every later run until they are gone; until then only the group's id is kept.
 */
export async function purgeClosedGroups(
	db: Kysely<DB>,
	config: Config,
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
		.select(['id', 'name'])
		.execute();
	for (const group of due) {
		const leads = await leadEmails(db, group.id);
		await sql`select private.purge_group(${group.id})`.execute(db);
		if (removeFolder) await removeGroupFiles(db, removeFolder, group.id);
		else warnFilesLeft(group.id);
		for (const to of leads) {
			await sendMail(config, {
				to,
				subject: `${group.name}: the group and the family's data were deleted`,
				text:
					`As announced when "${group.name}" closed, the group was deleted with everything in ` +
					"it: the family's details, documents, tasks, comments, budget and activity."
			});
		}
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
