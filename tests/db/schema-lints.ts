import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/lib/server/db';

// Supabase's splinter lints that matter most here, as queries over the catalog. Each returns
// the offending objects, so an empty list is a pass.

const EXPOSED = ['public'];

export async function tablesWithoutRls(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`
		select n.nspname || '.' || c.relname as name
		from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where c.relkind in ('r', 'p') and n.nspname = any(${EXPOSED}) and not c.relrowsecurity
		order by 1`.execute(db);
	return rows.map((row) => row.name);
}

export async function rlsWithoutPolicy(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`
		select n.nspname || '.' || c.relname as name
		from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where c.relkind in ('r', 'p') and c.relrowsecurity and n.nspname = any(${EXPOSED})
			and not exists (select 1 from pg_policy p where p.polrelid = c.oid)
		order by 1`.execute(db);
	return rows.map((row) => row.name);
}

/**
 * A policy calling auth.uid()/auth.jwt() bare is re-evaluated for every row; wrapped in a
 * sub-select it runs once per statement. PostgreSQL prints the wrapped form as
 * `( SELECT auth.uid() AS uid)`.
 */
export async function policiesWithBareAuthCalls(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ name: string; expr: string }>`
		select schemaname || '.' || tablename || ': ' || policyname as name,
			coalesce(qual, '') || ' ' || coalesce(with_check, '') as expr
		from pg_policies
		where schemaname = any(${[...EXPOSED, 'storage']})`.execute(db);
	return rows
		.filter((row) => {
			const calls = row.expr.match(/auth\.(uid|jwt|role)\(\)/g)?.length ?? 0;
			const wrapped = row.expr.match(/SELECT auth\.(uid|jwt|role)\(\)/g)?.length ?? 0;
			return calls > wrapped;
		})
		.map((row) => row.name);
}

export async function securityDefinerWithoutSearchPath(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`
		select n.nspname || '.' || p.proname as name
		from pg_proc p join pg_namespace n on n.oid = p.pronamespace
		where p.prosecdef
			and n.nspname not in ('pg_catalog', 'information_schema')
			and not exists (
				select 1 from unnest(coalesce(p.proconfig, '{}')) as setting
				where setting like 'search_path=%'
			)
		order by 1`.execute(db);
	return rows.map((row) => row.name);
}

/** Functions in an exposed schema that anon may execute (none are meant to be). */
export async function exposedFunctionsAnonCanRun(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`
		select n.nspname || '.' || p.proname as name
		from pg_proc p join pg_namespace n on n.oid = p.pronamespace
		where n.nspname = any(${EXPOSED}) and has_function_privilege('anon', p.oid, 'execute')
		order by 1`.execute(db);
	return rows.map((row) => row.name);
}
