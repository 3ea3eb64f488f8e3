import { sql, type Kysely } from 'kysely';
import type { DB } from '../db';

// Owner-connection operations on accounts: they work the same in every mode because the app
// (and `npm run admin`) holds the database owner's connection, also on Supabase.

/** Deletes the account; profiles and sessions cascade, authored rows keep a null author. */
export async function deleteUser(db: Kysely<DB>, userId: string): Promise<void> {
	await db.deleteFrom('auth.users').where('id', '=', userId).execute();
}

export async function findUserIdByEmail(
	db: Kysely<DB>,
	email: string
): Promise<string | undefined> {
	const row = await db
		.selectFrom('auth.users')
		.select('id')
		.where(sql`lower(email)`, '=', email.toLowerCase())
		.executeTakeFirst();
	return row?.id;
}

export async function grantSiteAdmin(db: Kysely<DB>, userId: string): Promise<void> {
	await db
		.insertInto('private.site_admins')
		.values({ user_id: userId })
		.onConflict((oc) => oc.doNothing())
		.execute();
}

export async function revokeSiteAdmin(db: Kysely<DB>, userId: string): Promise<void> {
	await db.deleteFrom('private.site_admins').where('user_id', '=', userId).execute();
}

export async function listSiteAdmins(db: Kysely<DB>): Promise<string[]> {
	const rows = await db
		.selectFrom('private.site_admins as a')
		.innerJoin('auth.users as u', 'u.id', 'a.user_id')
		.select('u.email')
		.orderBy('u.email')
		.execute();
	return rows.map((row) => row.email ?? '');
}
