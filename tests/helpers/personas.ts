import { sql } from 'kysely';
import { userClaims, type Claims } from '../../src/lib/server/db';
import { grantSiteAdmin } from '../../src/lib/server/auth/admin';
import type { TestDatabase } from './databases';

export interface Persona {
	id: string;
	email: string;
	claims: Claims;
}

/**
 * Creates a confirmed user, as sign-up and its confirmation link leave one (the profile comes
 * from the auth.users trigger).
 */
export async function createPersona(
	database: TestDatabase,
	label: string,
	options: { siteAdmin?: boolean } = {}
): Promise<Persona> {
	const email = `${label}-${crypto.randomUUID().slice(0, 8)}@example.org`;
	const row = await database.db
		.insertInto('auth.users')
		.values({
			email,
			email_confirmed_at: sql<Date>`now()`,
			raw_user_meta_data: JSON.stringify({ display_name: label })
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	if (options.siteAdmin) await grantSiteAdmin(database.db, row.id);
	return { id: row.id, email, claims: userClaims({ id: row.id, email }) };
}
