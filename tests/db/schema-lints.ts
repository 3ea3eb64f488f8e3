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

/**
 * Write policies (insert, update, delete, all) whose USING or WITH CHECK is literally `true`:
 * anyone the policy names may change any row.
 */
export async function writePoliciesAlwaysTrue(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`
		select schemaname || '.' || tablename || ': ' || policyname as name
		from pg_policies
		where schemaname = any(${[...EXPOSED, 'storage']})
			and cmd in ('INSERT', 'UPDATE', 'DELETE', 'ALL')
			and (trim(qual) = 'true' or trim(with_check) = 'true')
		order by 1`.execute(db);
	return rows.map((row) => row.name);
}

/**
 * Security definer functions anon may run, minus those on the allowlist. Anon is the whole
 * internet: each one it can call runs with its owner's rights, so each must be meant — the
 * reason is written beside it. Checked in public and private (anon has usage on private, which
 * is how policies call the helpers).
 */
export const ANON_DEFINER_ALLOWLIST: Record<string, string> = {
	'private.calendar_feed_tasks':
		'the calendar feed URL is the secret: a subscribed calendar app fetches it signed out, and the function returns only the tasks of the feed whose token hash matches',
	'private.is_published_resolution':
		'anon policies on resolution_events, resolution_recipients, resolution_actions and resolution-files call it; it only says whether a resolution is published',
	'private.is_pending_published_resolution':
		'the app asks it before offering "I sent it"; it only says whether a published vote is pending',
	'private.record_sent_letter':
		'"I sent it" is anonymous by design: the only way to count one, it applies the honeypot and the rate limits (per address and per resolution in all) inside the database',
	'private.describe_campaign_invite':
		'the invite link is the secret: a signed-out invitee is told, on the sign-in page, which campaign invited them as what; only a valid invite whose token hash matches gives its title, place, inviter name, role and expiry',
	'private.submit_report':
		'reporting a resolution needs no account: the only way to add a report, it applies the honeypot and the rate limits (per address and in all) inside the database',

	'private.is_published_urgent_action':
		'the anon policy on urgent_action_targets calls it; it only says whether an urgent action is published',
	'private.urgent_action_takes_reports':
		'the action page asks it before offering "Report your action"; it only says whether a published action is open',
	'private.report_urgent_action':
		'reporting an action taken needs no account: the only way to add one, it applies the honeypot and the rate limits (per address and per action in all) inside the database',
	'private.urgent_action_tallies':
		'the public count of actions taken, per kind and state: sums over published actions only, never a report',

	'private.is_published_template':
		'the anon policy on template_versions calls it; it only says whether a template is published',
	'private.publication_version':
		'the public map and search cache key on it; it returns one counter, no row data'
};

export async function definerFunctionsAnonCanRun(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`
		select distinct n.nspname || '.' || p.proname as name
		from pg_proc p join pg_namespace n on n.oid = p.pronamespace
		where p.prosecdef
			and n.nspname = any(${[...EXPOSED, 'private']})
			and has_function_privilege('anon', p.oid, 'execute')
		order by 1`.execute(db);
	return rows.map((row) => row.name).filter((name) => !(name in ANON_DEFINER_ALLOWLIST));
}

/**
 * A public bucket serves every object by URL; if anon may also select from storage.objects in
 * it, anyone can list every file name in the bucket. Looks for a select (or all) policy for anon
 * (or public) that mentions the bucket's id.
 */
export async function publicBucketsAnonCanList(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`
		select b.id as name
		from storage.buckets b
		where b.public
			and exists (
				select 1 from pg_policies p
				where p.schemaname = 'storage' and p.tablename = 'objects'
					and p.cmd in ('SELECT', 'ALL')
					and (p.roles && array['anon', 'public']::name[])
					and (p.qual is null or p.qual = 'true' or p.qual like '%' || quote_literal(b.id) || '%')
			)
		order by 1`.execute(db);
	return rows.map((row) => row.name);
}

/** Foreign keys in an exposed schema with no index that starts with their columns. */
export async function foreignKeysWithoutIndex(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`
		select n.nspname || '.' || r.relname || ': ' || c.conname as name
		from pg_constraint c
		join pg_class r on r.oid = c.conrelid
		join pg_namespace n on n.oid = r.relnamespace
		where c.contype = 'f' and n.nspname = any(${EXPOSED})
			and not exists (
				select 1 from pg_index i
				where i.indrelid = c.conrelid
					and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
					and (i.indkey::int2[])[0] = any(c.conkey)
			)
		order by 1`.execute(db);
	return rows.map((row) => row.name);
}

/**
 * Columns a policy filters rows by with no index that starts with them, except those on the
 * allowlist. Only USING (qual) filters rows; WITH CHECK looks at the one new row and needs no
 * index. PostgreSQL prints a policy's filters as `(column = …)` and `(column IN (…))`, which is
 * what this looks for among the table's own columns, with bare boolean columns.
 */
export const POLICY_COLUMN_INDEX_ALLOWLIST: Record<string, string> = {
	'public.group_documents.sensitive':
		'always ANDed with group_id, whose index finds the group; a flag among one group’s documents needs no index of its own',
	'public.group_activity.sensitive':
		'always ANDed with group_id, whose index (group_id, created_at) finds the group; a flag among one group’s entries needs no index of its own'
};

export async function policyColumnsWithoutIndex(
	db: Kysely<DB>,
	allowlist: Record<string, string> = POLICY_COLUMN_INDEX_ALLOWLIST
): Promise<string[]> {
	const { rows } = await sql<{ table: string; qual: string; columns: string[]; leading: string[] }>`
		select n.nspname || '.' || c.relname as table, p.qual,
			array(select a.attname::text from pg_attribute a
				where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns,
			array(select a.attname::text from pg_index i
				join pg_attribute a on a.attrelid = c.oid and a.attnum = (i.indkey::int2[])[0]
				where i.indrelid = c.oid) as leading
		from pg_policies p
		join pg_namespace n on n.nspname = p.schemaname
		join pg_class c on c.relnamespace = n.oid and c.relname = p.tablename
		where p.schemaname = any(${EXPOSED}) and p.qual is not null`.execute(db);
	const missing = new Set<string>();
	for (const row of rows) {
		for (const column of filteredColumns(row.qual)) {
			const name = `${row.table}.${column}`;
			if (!row.columns.includes(column) || row.leading.includes(column)) continue;
			if (!(name in allowlist)) missing.add(name);
		}
	}
	return [...missing].sort();
}

/**
 * The table's own columns a policy expression filters by: compared with `=` or `IN`, or a bare
 * boolean column (`published`, `NOT sensitive`). A sub-select's alias (`AS uid`) is not one.
 */
export function filteredColumns(expression: string): string[] {
	const compared = expression.matchAll(/(?<![\w.")])"?([a-z_][a-z0-9_]*)"?\s+(?:=|IN)\s/gi);
	const booleans = expression.matchAll(
		/(?<=^|\(|\(NOT |AND |OR )(?<!AS )([a-z_][a-z0-9_]*)(?=\)|$| AND | OR )/gi
	);
	const names = [...compared, ...booleans].flatMap((match) => (match[1] ? [match[1]] : []));
	return [...new Set(names)].filter((name) => !/^(true|false|null)$/i.test(name));
}

/** The roles PostgREST (the Data API) runs as. */
const API_ROLES = ['anon', 'authenticated', 'service_role'];

/**
 * Privileges on tables in public that no API role should ever have: TRUNCATE ignores Row Level
 * Security, REFERENCES and TRIGGER are a schema owner's business. Supabase's default privileges
 * grant all three; the migrations revoke them.
 */
export async function dangerousTableGrants(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`
		select distinct c.relname || ': ' || g.privilege_type || ' to ' || g.grantee as name
		from information_schema.role_table_grants g
		join pg_class c on c.relname = g.table_name
		join pg_namespace n on n.oid = c.relnamespace and n.nspname = g.table_schema
		where g.table_schema = any(${EXPOSED}) and g.grantee = any(${API_ROLES})
			and g.privilege_type in ('TRUNCATE', 'REFERENCES', 'TRIGGER')
		order by 1`.execute(db);
	return rows.map((row) => row.name);
}

/** Tables in public the Data API's service_role may touch: none (our server never uses it). */
export async function serviceRoleTableGrants(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`
		select distinct table_name || ': ' || privilege_type as name
		from information_schema.role_table_grants
		where table_schema = any(${EXPOSED}) and grantee = 'service_role'
		union
		-- Column grants of their own (a table grant shows here as every column: left out).
		select distinct c.table_name || '.' || c.column_name || ': ' || c.privilege_type
		from information_schema.column_privileges c
		where c.table_schema = any(${EXPOSED}) and c.grantee = 'service_role'
			and not exists (
				select 1 from information_schema.role_table_grants t
				where t.table_schema = c.table_schema and t.table_name = c.table_name
					and t.grantee = c.grantee and t.privilege_type = c.privilege_type
			)
		order by 1`.execute(db);
	return rows.map((row) => row.name);
}

/**
 * Default privileges that would hand a new table, sequence or function in public to an API role
 * (Supabase has them for the role that runs migrations); the first migration revokes them.
 */
export async function apiDefaultPrivileges(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`
		select pg_get_userbyid(d.defaclrole) || ' ' || d.defaclobjtype::text || ' ' || a.grantee::regrole::text
			as name
		from pg_default_acl d
		join pg_namespace n on n.oid = d.defaclnamespace and n.nspname = any(${EXPOSED})
		cross join lateral aclexplode(d.defaclacl) a
		where d.defaclrole = (select oid from pg_roles where rolname = current_user)
			and a.grantee in (select oid from pg_roles where rolname = any(${API_ROLES}))
		order by 1`.execute(db);
	return rows.map((row) => row.name);
}

/**
 * Tables in public without the trigger that refuses TRUNCATE from an API role: should a grant come
 * back (a dashboard click), TRUNCATE would empty the table whatever the policies say.
 */
export async function tablesWithoutTruncateGuard(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`
		select n.nspname || '.' || c.relname as name
		from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where c.relkind in ('r', 'p') and n.nspname = any(${EXPOSED})
			and not exists (
				select 1 from pg_trigger t
				where t.tgrelid = c.oid and not t.tgisinternal
					and t.tgfoid = 'private.refuse_client_truncate'::regproc
			)
		order by 1`.execute(db);
	return rows.map((row) => row.name);
}
