-- role: postgres
--
-- The Supabase platform fixture, step 1: the cluster's roles, as the init scripts create them
-- while `postgres` is still a superuser.
--
-- Sources (supabase/postgres):
--   migrations/db/init-scripts/00000000000000-initial-schema.sql (commit aec738186bbc56621326a8f3b6cdf44f6cb60037)
--   migrations/db/init-scripts/00000000000001-auth-schema.sql    (commit ce2035d9444012db954fcbbcbdab7139d07ee903)
--   migrations/db/init-scripts/00000000000002-storage-schema.sql (commit 1921aa387cc9d820d250de8bed1f5a4c09f66add)
--   migrations/db/init-scripts/00000000000003-post-setup.sql     (commit 79b9d75b2685406029c51120454f7bf38df86106)
-- Later changes to these roles (inherit, timeouts, memberships) are in 03_platform.sql, in the
-- order Supabase's migrations make them.

-- The API roles PostgREST switches to. Created NOINHERIT; 03_platform.sql makes them INHERIT.
create role anon nologin noinherit;
create role authenticated nologin noinherit;
-- service_role skips Row Level Security: the secret key's role.
create role service_role nologin noinherit bypassrls;

-- PostgREST logs in as authenticator and switches to one of the API roles per request.
create role authenticator login noinherit;
grant anon, authenticated, service_role to authenticator;

-- Replication and read-only users of the platform.
create role supabase_replication_admin login replication;
create role supabase_read_only_user login bypassrls;
grant pg_read_all_data to supabase_read_only_user;

-- The Auth (GoTrue) and Storage servers' own roles: they own the auth and storage tables.
create role supabase_auth_admin login noinherit nocreaterole noreplication;
create role supabase_storage_admin login noinherit createrole noreplication;

-- The dashboard's role.
create role dashboard_user nosuperuser createdb createrole replication;

-- Short statement timeouts for the API roles (they apply to sessions that log in as them).
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

alter role supabase_auth_admin set search_path = auth;
alter role supabase_storage_admin set search_path = storage;
alter role supabase_admin set search_path = "$user", public, auth, extensions;
alter role postgres set search_path = "$user", public, extensions;
