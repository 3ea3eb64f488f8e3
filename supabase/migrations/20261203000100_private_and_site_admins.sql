-- What every later file builds on: no privilege by default, the `private` schema, the helpers that
-- set the columns the server owns, and site administrators.
--
-- The database is the boundary. Supabase's Data API (PostgREST, GraphQL) lets anyone with the
-- public key, and any user with their token, run selects, inserts, updates, deletes and RPCs on
-- whatever the grants and policies below allow — whether or not our server is in the way. So each
-- table's file grants exactly what each role needs, column by column, and its triggers set the
-- columns the server owns (who, when, status, ownership) whatever a client sends. A client may
-- pick a new row's uuid (the import does; a fresh uuid says nothing and is unique), never change
-- it afterwards.

-- A hosted project grants ALL on every new table, sequence and function in `public` to anon,
-- authenticated and service_role (default privileges of `postgres`, the role that runs
-- migrations), and PostgreSQL lets PUBLIC execute every new function. From here on nothing is
-- granted by default; each file also revokes on its own objects, in case these were not the only
-- defaults in force.
alter default privileges in schema public revoke all on tables from anon, authenticated, service_role;
alter default privileges in schema public revoke all on sequences from anon, authenticated, service_role;
alter default privileges in schema public revoke all on functions from anon, authenticated, service_role;
alter default privileges revoke execute on functions from public;

-- Helpers that policies and triggers call live in `private`: not exposed through any API, security
-- definer with an empty search_path so a caller cannot shadow the tables they read.
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to anon, authenticated;

-- ---------------------------------------------------------------------------------------------
-- Columns the server owns

-- Who wrote a row and when, and what a row belongs to: set here, whatever a client sends. A client
-- is an API role (anon, authenticated); the owner's connection and security definer functions
-- (which run as the owner) are the server. The trigger's arguments name the table's columns, ''
-- for none: (who, created, updated, then any columns fixed once the row exists — what it belongs
-- to). On a client's insert "who" becomes the caller and "created" now; on a client's update they,
-- the row's `id` and the fixed columns keep their old values. "updated" is now on every update, and
-- on a client's insert. Bulk writes by the server (seed, import) pay almost nothing.
create function private.stamp_who_and_when() returns trigger
language plpgsql
set search_path = ''
as $$
declare
	_who constant text := tg_argv[0];
	_created constant text := tg_argv[1];
	_updated constant text := tg_argv[2];
	_client constant boolean := current_user in ('anon', 'authenticated');
	_patch jsonb := '{}';
	_old jsonb;
	_column text;
begin
	if _updated <> '' and (tg_op = 'UPDATE' or _client) then
		_patch := jsonb_build_object(_updated, now());
	end if;
	if _client and tg_op = 'INSERT' then
		if _created <> '' then _patch := _patch || jsonb_build_object(_created, now()); end if;
		if _who <> '' then _patch := _patch || jsonb_build_object(_who, auth.uid()); end if;
	elsif _client then
		_old := to_jsonb(old);
		foreach _column in array array_remove(
			array[_who, _created, 'id'] || tg_argv[3:], ''
		) loop
			if _old ? _column then
				_patch := _patch || jsonb_build_object(_column, _old -> _column);
			end if;
		end loop;
	end if;
	if _patch = '{}' then
		return new;
	end if;
	return jsonb_populate_record(new, _patch);
end
$$;
revoke all on function private.stamp_who_and_when() from public;

-- TRUNCATE ignores Row Level Security. No API role is granted it; should a grant ever come back
-- (a dashboard click, a default), this trigger on every table still refuses it.
create function private.refuse_client_truncate() returns trigger
language plpgsql
set search_path = ''
as $$
begin
	if current_user in ('anon', 'authenticated') then
		raise exception 'tables are not truncated through the API' using errcode = '42501';
	end if;
	return null;
end
$$;
revoke all on function private.refuse_client_truncate() from public;

-- ---------------------------------------------------------------------------------------------
-- Site administrators

-- Granted with `npm run admin -- grant <email>` over the owner's connection, never through the app.
create table private.site_admins (
	user_id uuid primary key references auth.users (id) on delete cascade,
	granted_at timestamptz not null default now()
);
revoke all on private.site_admins from public, anon, authenticated, service_role;

create function private.is_site_admin() returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (select 1 from private.site_admins where user_id = (select auth.uid()))
$$;
revoke all on function private.is_site_admin() from public;
grant execute on function private.is_site_admin() to authenticated;
