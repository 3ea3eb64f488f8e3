import { sql } from 'kysely';
import { userClaims, type Claims } from '../../src/lib/server/db';
import { grantSiteAdmin } from '../../src/lib/server/auth/admin';
import type { TestDatabase } from './databases';

export interface Persona {
	id: string;
	email: string;
	claims: Claims;
}

/** GoTrue's instance id: one instance per project, the nil uuid. */
const GOTRUE_INSTANCE_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Inserts a confirmed email user the way Supabase Auth (GoTrue) does at sign-up: it sends the id
 * itself (auth.users.id has no default on Supabase), the audience and role `authenticated`, the
 * provider in raw_app_meta_data, the user's own data in raw_user_meta_data, and an `email`
 * identity beside the user (only Supabase has auth.identities; the stand-in does not).
 */
export async function createAuthUser(
	database: TestDatabase,
	email: string,
	userMetadata: Record<string, unknown> = {}
): Promise<string> {
	const id = crypto.randomUUID();
	await database.db
		.insertInto('auth.users')
		.values({
			instance_id: GOTRUE_INSTANCE_ID,
			id,
			aud: 'authenticated',
			role: 'authenticated',
			email,
			encrypted_password: '',
			email_confirmed_at: sql<Date>`now()`,
			raw_app_meta_data: JSON.stringify({ provider: 'email', providers: ['email'] }),
			raw_user_meta_data: JSON.stringify(userMetadata),
			created_at: sql<Date>`now()`,
			updated_at: sql<Date>`now()`
		})
		.execute();
	if (database.name === 'supabase') {
		const identity = { sub: id, email, email_verified: true, phone_verified: false };
		await sql`
			insert into auth.identities
				(provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
			values (${id}, ${id}, ${JSON.stringify(identity)}::jsonb, 'email', now(), now(), now())
		`.execute(database.db);
	}
	return id;
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
	const id = await createAuthUser(database, email, { display_name: label });
	if (options.siteAdmin) await grantSiteAdmin(database.db, id);
	return { id, email, claims: userClaims({ id, email }) };
}
