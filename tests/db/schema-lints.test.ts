import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import {
	exposedFunctionsAnonCanRun,
	policiesWithBareAuthCalls,
	rlsWithoutPolicy,
	securityDefinerWithoutSearchPath,
	tablesWithoutRls
} from './schema-lints';

describe.each(ENGINES)('schema lints on %s', (engine) => {
	const database = useTestDatabase(engine);

	it('every table in public has row level security', async () => {
		expect(await tablesWithoutRls(database().db)).toEqual([]);
	});

	it('every table with row level security has a policy', async () => {
		expect(await rlsWithoutPolicy(database().db)).toEqual([]);
	});

	it('no policy calls auth.uid(), auth.jwt() or auth.role() bare', async () => {
		expect(await policiesWithBareAuthCalls(database().db)).toEqual([]);
	});

	it('every security definer function fixes its search_path', async () => {
		expect(await securityDefinerWithoutSearchPath(database().db)).toEqual([]);
	});

	it('anon can run no function in public', async () => {
		expect(await exposedFunctionsAnonCanRun(database().db)).toEqual([]);
	});

	// The lints themselves must be able to fail: plant each mistake, look, roll back.
	it('the lints catch a planted mistake of each kind', async () => {
		const rollback = new Error('rollback');
		await database()
			.db.transaction()
			.execute(async (tx) => {
				await sql`create table public.lint_no_rls (id int)`.execute(tx);
				await sql`create table public.lint_no_policy (id uuid)`.execute(tx);
				await sql`alter table public.lint_no_policy enable row level security`.execute(tx);
				await sql`create table public.lint_bare (owner uuid)`.execute(tx);
				await sql`alter table public.lint_bare enable row level security`.execute(tx);
				await sql`create policy bare on public.lint_bare for select to authenticated
					using (owner = auth.uid())`.execute(tx);
				await sql`create function public.lint_definer() returns int language sql
					security definer as 'select 1'`.execute(tx);

				expect(await tablesWithoutRls(tx)).toContain('public.lint_no_rls');
				expect(await rlsWithoutPolicy(tx)).toContain('public.lint_no_policy');
				expect(await policiesWithBareAuthCalls(tx)).toContain('public.lint_bare: bare');
				expect(await securityDefinerWithoutSearchPath(tx)).toContain('public.lint_definer');
				expect(await exposedFunctionsAnonCanRun(tx)).toContain('public.lint_definer');
				throw rollback;
			})
			.catch((error) => {
				if (error !== rollback) throw error;
			});
	});
});
