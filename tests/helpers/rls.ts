// The pieces of an RLS matrix test: each attempt runs in its own transaction that is rolled back,
// so cells do not affect each other, and a policy refusal counts as "denied".
import type { Claims, Tx } from '../../src/lib/server/db';
import type { TestDatabase } from './databases';

class Rollback extends Error {
	constructor(readonly outcome: boolean) {
		super('rollback');
	}
}

/** Allowed when `fn` says so (usually: the statement touched a row); RLS refusals are denied. */
export async function attempt(
	db: TestDatabase,
	claims: Claims,
	fn: (tx: Tx) => Promise<boolean>
): Promise<boolean> {
	try {
		await db.as(claims, async (tx) => {
			throw new Rollback(await fn(tx));
		});
	} catch (error) {
		if (error instanceof Rollback) return error.outcome;
		if ((error as { code?: string }).code === '42501') return false; // privilege or policy
		throw error;
	}
	throw new Error('unreachable');
}

/** Whether an update or delete changed at least one row. */
export const touched = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }) =>
	Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0) > 0;
