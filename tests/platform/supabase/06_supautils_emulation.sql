-- role: supabase_admin
--
-- The Supabase platform fixture, step 6: an emulation of supautils' `policy_grants` and
-- `drop_trigger_grants`, which this machine cannot load.
--
-- Sources:
--   supabase/postgres, ansible/files/postgresql_config/conf.d/supautils.conf
--     (commit 6124db19c5d3cc3a0ea7c88d6857032638e8fad5): the tables listed for `postgres`.
--   supabase/supautils, src/policy_grants.c (commit 0cec777a29e0ba183b24fd19151e3eccab689a49):
--     for CREATE/ALTER/DROP POLICY run by the role `postgres`, it takes an ACCESS EXCLUSIVE lock on
--     each listed table as it looks for the statement's table, and runs the statement as the
--     superuser when the table is listed. DROP TRIGGER works the same way with
--     `drop_trigger_grants`.
--
-- On a hosted project this is what lets a migration run as `postgres` create policies on
-- storage.objects, which belongs to supabase_storage_admin. Without it: "must be owner of table
-- objects".
--
-- The emulation: an event trigger before each CREATE POLICY, ALTER POLICY, DROP POLICY and DROP
-- TRIGGER run by `postgres` locks every listed table that exists (ACCESS EXCLUSIVE, held until the
-- transaction ends, as on a hosted project) and lends `postgres` the ownership of those tables for
-- the one statement; an event trigger after the statement gives it back. If the statement fails,
-- its transaction (or savepoint) rolls back and the owners with it. `postgres` gains nothing
-- else: no membership in supabase_storage_admin, no other statement runs while it owns them.
--
-- How it differs from hosted: the locks are taken on all listed tables, not only up to the
-- statement's own table in the list (hosted stops at the first match); the statement runs as
-- `postgres` the owner, not as the superuser, so a policy expression's checks of the running role
-- (none in our migrations) would see `postgres`; and the lending also happens for policies on
-- tables outside the list (harmless: the statement names its own table).

create schema supautils_emulation authorization supabase_admin;
revoke all on schema supautils_emulation from public;

-- The tables of `supautils.policy_grants` and `supautils.drop_trigger_grants` for postgres.
create function supautils_emulation.granted_tables() returns regclass[]
language sql stable
set search_path = ''
as $$
	select coalesce(array_agg(to_regclass(name) order by ordinality), '{}')
	from unnest(array[
		'auth.audit_log_entries', 'auth.flow_state', 'auth.identities', 'auth.instances',
		'auth.mfa_amr_claims', 'auth.mfa_challenges', 'auth.mfa_factors', 'auth.oauth_clients',
		'auth.one_time_tokens', 'auth.refresh_tokens', 'auth.saml_providers',
		'auth.saml_relay_states', 'auth.sessions', 'auth.sso_domains', 'auth.sso_providers',
		'auth.users', 'realtime.messages', 'realtime.subscription', 'storage.buckets',
		'storage.buckets_analytics', 'storage.objects', 'storage.prefixes',
		'storage.s3_multipart_uploads', 'storage.s3_multipart_uploads_parts'
	]) with ordinality as listed (name, ordinality)
	where to_regclass(name) is not null
$$;

-- The role the statement runs as. Inside this security definer function current_user is the
-- function's owner, so read the session's role instead: SET ROLE's value, or the login role.
create function supautils_emulation.statement_role() returns name
language sql stable
set search_path = ''
as $$
	select coalesce(nullif(current_setting('role'), 'none'), session_user)::name
$$;

create function supautils_emulation.lend_ownership() returns event_trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
	_table regclass;
	_owners jsonb := '{}';
begin
	if supautils_emulation.statement_role() <> 'postgres' then
		return;
	end if;
	foreach _table in array supautils_emulation.granted_tables() loop
		execute format('lock table %s in access exclusive mode', _table);
		select _owners || jsonb_build_object(_table::oid::text, relowner::regrole::text)
			into _owners
			from pg_catalog.pg_class where oid = _table;
		update pg_catalog.pg_class set relowner = 'postgres'::regrole where oid = _table;
	end loop;
	-- Transaction-local: what to give back after the statement.
	perform set_config('supautils_emulation.lent', _owners::text, true);
end
$$;

create function supautils_emulation.return_ownership() returns event_trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
	_lent jsonb := nullif(current_setting('supautils_emulation.lent', true), '')::jsonb;
	_oid text;
	_owner text;
begin
	if _lent is null then
		return;
	end if;
	for _oid, _owner in select key, value from jsonb_each_text(_lent) loop
		update pg_catalog.pg_class set relowner = _owner::regrole where oid = _oid::oid;
	end loop;
	perform set_config('supautils_emulation.lent', '', true);
end
$$;

create event trigger supautils_emulation_lend on ddl_command_start
	when tag in ('CREATE POLICY', 'ALTER POLICY', 'DROP POLICY', 'DROP TRIGGER')
	execute function supautils_emulation.lend_ownership();
create event trigger supautils_emulation_return on ddl_command_end
	when tag in ('CREATE POLICY', 'ALTER POLICY', 'DROP POLICY', 'DROP TRIGGER')
	execute function supautils_emulation.return_ownership();
