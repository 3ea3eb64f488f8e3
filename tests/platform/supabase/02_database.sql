-- role: postgres
--
-- The Supabase platform fixture, step 2: what the init scripts set up in the project's database
-- while `postgres` is still a superuser. Run as `postgres`, so every `alter default privileges`
-- without `for role` below is a default privilege FOR ROLE postgres: it applies to the objects
-- `postgres` creates later, i.e. to everything our migrations create.
--
-- Sources (supabase/postgres):
--   migrations/db/init-scripts/00000000000000-initial-schema.sql (commit aec738186bbc56621326a8f3b6cdf44f6cb60037)
--   migrations/db/init-scripts/00000000000001-auth-schema.sql    (commit ce2035d9444012db954fcbbcbdab7139d07ee903)
--   migrations/db/init-scripts/00000000000002-storage-schema.sql (commit 1921aa387cc9d820d250de8bed1f5a4c09f66add)
--   migrations/db/init-scripts/00000000000003-post-setup.sql     (commit 79b9d75b2685406029c51120454f7bf38df86106)
--
-- Left out, because Debian's PostgreSQL does not ship them or nothing of ours uses them:
-- the `pgjwt` extension (not packaged; deprecated by Supabase), the `supabase_realtime`
-- publication, and the event triggers that grant access to pg_cron, pg_net and pg_graphql when
-- those extensions are enabled (none of them is available here).

-- Extensions live in their own schema, usable by the API roles.
create schema if not exists extensions;
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role;

-- The heart of the Data API's exposure: every table, function and sequence that `postgres`
-- (and `supabase_admin`) creates in public is granted in full to anon, authenticated and
-- service_role. "All" on a table includes TRUNCATE, REFERENCES and TRIGGER.
grant usage on schema public to postgres, anon, authenticated, service_role;
alter default privileges in schema public
	grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges in schema public
	grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges in schema public
	grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public
	grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public
	grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public
	grant all on sequences to postgres, anon, authenticated, service_role;

-- The auth schema belongs to supabase_admin; the Auth server (supabase_auth_admin) creates its
-- tables in it (04_auth.sql). The API roles may use the schema, e.g. to call auth.uid().
create schema if not exists auth authorization supabase_admin;
grant usage on schema auth to anon, authenticated, service_role;
grant all on schema auth to supabase_auth_admin;

-- The storage schema belongs to supabase_admin too; the Storage server (supabase_storage_admin)
-- creates its tables in it (05_storage.sql), and whatever it creates there is granted in full
-- to postgres and the API roles.
create schema if not exists storage authorization supabase_admin;
grant usage on schema storage to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_storage_admin in schema storage
	grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_storage_admin in schema storage
	grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_storage_admin in schema storage
	grant all on sequences to postgres, anon, authenticated, service_role;
grant all on schema storage to supabase_storage_admin with grant option;

-- The dashboard's role (post-setup).
grant all on schema auth, extensions, storage to dashboard_user;
grant all on all tables in schema extensions to dashboard_user;
grant all on all sequences in schema extensions to dashboard_user;
grant all on all routines in schema extensions to dashboard_user;
