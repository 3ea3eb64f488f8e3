import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { PLATFORM_ENGINES, useTestDatabase } from '../helpers/databases';
import {
	ANON_DEFINER_ALLOWLIST,
	POLICY_COLUMN_INDEX_ALLOWLIST,
	apiDefaultPrivileges,
	dangerousTableGrants,
	serviceRoleTableGrants,
	tablesWithoutTruncateGuard,
	definerFunctionsAnonCanRun,
	exposedFunctionsAnonCanRun,
	filteredColumns,
	foreignKeysWithoutIndex,
	policiesWithBareAuthCalls,
	policyColumnsWithoutIndex,
	publicBucketsAnonCanList,
	rlsWithoutPolicy,
	securityDefinerWithoutSearchPath,
	tablesWithoutRls,
	writePoliciesAlwaysTrue
} from './schema-lints';

describe('the columns a policy filters by', () => {
	it('are read from the way PostgreSQL prints a policy', () => {
		expect(
			filteredColumns(
				"(((id IN ( SELECT private.my_lead_campaign_ids() AS my_lead_campaign_ids)) AND (visibility = 'draft'::text)) OR ( SELECT private.is_site_admin() AS is_site_admin))"
			)
		).toEqual(['id', 'visibility']);
		// A qualified column or a function's result is not one of the table's own filters.
		expect(filteredColumns('(( SELECT auth.uid() AS uid) = objects.owner_id)')).toEqual([]);
		expect(filteredColumns('published')).toEqual(['published']);
		expect(
			filteredColumns(
				'((group_id IN ( SELECT private.my_group_ids() AS my_group_ids)) AND ((NOT sensitive) OR true))'
			)
		).toEqual(['group_id', 'sensitive']);
	});
});

describe.each(PLATFORM_ENGINES)('schema lints on %s', (engine) => {
	const database = useTestDatabase(engine);

	it('every table in public has row level security', async () => {
		expect(await tablesWithoutRls(database().db)).toEqual([]);
	});

	it('every table with row level security has a policy', async () => {
		expect(await rlsWithoutPolicy(database().db)).toEqual([]);
	});

	it('no insert, update or delete policy is always true', async () => {
		expect(await writePoliciesAlwaysTrue(database().db)).toEqual([]);
	});

	it('no policy calls auth.uid(), auth.jwt() or auth.role() bare', async () => {
		expect(await policiesWithBareAuthCalls(database().db)).toEqual([]);
	});

	it('every security definer function fixes its search_path', async () => {
		expect(await securityDefinerWithoutSearchPath(database().db)).toEqual([]);
	});

	it('no API role may truncate, reference or trigger on a table in public', async () => {
		expect(await dangerousTableGrants(database().db)).toEqual([]);
	});

	it('service_role has no privilege on any table in public', async () => {
		expect(await serviceRoleTableGrants(database().db)).toEqual([]);
	});

	it('no default privilege hands a new object in public to an API role', async () => {
		expect(await apiDefaultPrivileges(database().db)).toEqual([]);
	});

	it('every table in public refuses TRUNCATE from an API role, whatever its grants', async () => {
		expect(await tablesWithoutTruncateGuard(database().db)).toEqual([]);
	});

	it('anon can run no function in public', async () => {
		expect(await exposedFunctionsAnonCanRun(database().db)).toEqual([]);
	});

	it('anon can run a security definer function only when the allowlist says why', async () => {
		expect(await definerFunctionsAnonCanRun(database().db)).toEqual([]);
	});

	// An allowlist entry that no longer matches anything would silently allow its next namesake.
	it('every allowlisted definer function exists, and anon can run it', async () => {
		const { rows } = await sql<{ name: string }>`
			select n.nspname || '.' || p.proname as name
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			where p.prosecdef and has_function_privilege('anon', p.oid, 'execute')`.execute(database().db);
		const runnable = rows.map((row) => row.name);
		for (const name of Object.keys(ANON_DEFINER_ALLOWLIST)) expect(runnable).toContain(name);
	});

	it('no public bucket lets anon list its objects', async () => {
		expect(await publicBucketsAnonCanList(database().db)).toEqual([]);
	});

	it('every foreign key has an index', async () => {
		expect(await foreignKeysWithoutIndex(database().db)).toEqual([]);
	});

	it('every column a policy filters by has an index, or the allowlist says why', async () => {
		expect(await policyColumnsWithoutIndex(database().db)).toEqual([]);
		// Every exception must still be one, so a fixed one leaves the list.
		const missing = await policyColumnsWithoutIndex(database().db, {});
		expect(missing).toEqual(Object.keys(POLICY_COLUMN_INDEX_ALLOWLIST).sort());
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
				await sql`create policy open_door on public.lint_bare for insert to authenticated
					with check (true)`.execute(tx);
				// Nothing is granted by default any more (the first migration): grants are the mistake.
				await sql`create function public.lint_definer() returns int language sql
					security definer as 'select 1'`.execute(tx);
				await sql`grant execute on function public.lint_definer() to anon`.execute(tx);
				await sql`create function private.lint_private_definer() returns int language sql
					security definer set search_path = '' as 'select 1'`.execute(tx);
				await sql`grant execute on function private.lint_private_definer() to anon`.execute(tx);
				await sql`grant truncate on public.lint_no_rls to anon`.execute(tx);
				await sql`grant select on public.lint_no_rls to service_role`.execute(tx);
				await sql`alter default privileges in schema public grant select on tables to anon`.execute(
					tx
				);
				await sql`insert into storage.buckets (id, name, public)
					values ('lint-listing', 'lint-listing', true)`.execute(tx);
				await sql`create policy lint_listing on storage.objects for select to anon
					using (bucket_id = 'lint-listing')`.execute(tx);
				await sql`create table public.lint_fk (
					id uuid primary key, place_id uuid references public.places (id))`.execute(tx);

				expect(await tablesWithoutRls(tx)).toContain('public.lint_no_rls');
				expect(await rlsWithoutPolicy(tx)).toContain('public.lint_no_policy');
				expect(await policiesWithBareAuthCalls(tx)).toContain('public.lint_bare: bare');
				expect(await writePoliciesAlwaysTrue(tx)).toEqual(['public.lint_bare: open_door']);
				expect(await securityDefinerWithoutSearchPath(tx)).toContain('public.lint_definer');
				expect(await exposedFunctionsAnonCanRun(tx)).toContain('public.lint_definer');
				expect(await definerFunctionsAnonCanRun(tx)).toEqual([
					'private.lint_private_definer',
					'public.lint_definer'
				]);
				expect(await publicBucketsAnonCanList(tx)).toEqual(['lint-listing']);
				expect(await foreignKeysWithoutIndex(tx)).toEqual([
					'public.lint_fk: lint_fk_place_id_fkey'
				]);
				expect(await policyColumnsWithoutIndex(tx)).toEqual(['public.lint_bare.owner']);
				expect(await dangerousTableGrants(tx)).toEqual(['lint_no_rls: TRUNCATE to anon']);
				expect(await serviceRoleTableGrants(tx)).toEqual(['lint_no_rls: SELECT']);
				expect(await apiDefaultPrivileges(tx)).toHaveLength(1);
				expect(await tablesWithoutTruncateGuard(tx)).toEqual([
					'public.lint_bare',
					'public.lint_fk',
					'public.lint_no_policy',
					'public.lint_no_rls'
				]);
				throw rollback;
			})
			.catch((error) => {
				if (error !== rollback) throw error;
			});
	});
});
