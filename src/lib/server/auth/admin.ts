import { sql, type Kysely } from 'kysely';
import type { DB } from '../db';

// Owner-connection operations on accounts: they work the same in every mode because the app
// (and `npm run admin`) holds the database owner's connection, also on Supabase.

/** Deletes the account; profiles and sessions cascade, authored rows keep a null author. */
export async function deleteUser(db: Kysely<DB>, userId: string): Promise<void> {
	await db.deleteFrom('auth.users').where('id', '=', userId).execute();
}

export interface Account {
	id: string;
	/** The owner followed a link mailed to the address (auth.users.email_confirmed_at). */
	confirmed: boolean;
}

export async function findAccountByEmail(
	db: Kysely<DB>,
	email: string
): Promise<Account | undefined> {
	const row = await db
		.selectFrom('auth.users')
		.select(['id', 'email_confirmed_at'])
		.where(sql`lower(email)`, '=', email.toLowerCase())
		.executeTakeFirst();
	return row && { id: row.id, confirmed: row.email_confirmed_at !== null };
}

export type GrantOutcome = 'granted' | 'no_account' | 'unconfirmed';

/**
 * `npm run admin -- grant <email>`: only an account whose owner has confirmed the address. Anyone
 * can sign up with any address; until a link mailed there is followed, the account may be a
 * stranger's, made to be granted by mistake.
 */
export async function grantSiteAdminByEmail(db: Kysely<DB>, email: string): Promise<GrantOutcome> {
	const account = await findAccountByEmail(db, email);
	if (!account) return 'no_account';
	if (!account.confirmed) return 'unconfirmed';
	await grantSiteAdmin(db, account.id);
	return 'granted';
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
