// What private.rate_limits holds, read over the owner's handle: the stored keys, and the stored
// form the database makes of a plain key with its own secret.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/lib/server/db';

export async function storedRateKeys(db: Kysely<DB>): Promise<string[]> {
	const rows = await db.selectFrom('private.rate_limits').select('key').execute();
	return rows.map((row) => row.key);
}

export async function storedRateKey(db: Kysely<DB>, key: string): Promise<string> {
	const result = await sql<{ stored: string }>`
		select private.rate_limit_key(${key}) as stored
	`.execute(db);
	const stored = result.rows[0]?.stored;
	if (!stored) throw new Error('no rate-limit key');
	return stored;
}
