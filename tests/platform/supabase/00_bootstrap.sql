-- role: supabase_admin
--
-- The Supabase platform fixture, step 0: the bootstrap superuser creates `postgres`.
--
-- Source: supabase/postgres, migrations/db/migrate.sh
--   (commit 101ea5626c575b590218e5dc28af41aa6d71b5da; also 7db7e1a9e34b9ffb9b0e3372ccf08eb4fa772f4b).
-- A Supabase cluster is initialised with `supabase_admin` as its bootstrap superuser. migrate.sh
-- then creates `postgres` as a superuser, runs the init scripts as `postgres` and the platform
-- migrations as `supabase_admin`; the last of those demotes `postgres` (03_platform.sql).
-- The database the project gets is owned by `postgres`.

create role postgres superuser login;

do $$
begin
	execute format('alter database %I owner to postgres', current_database());
end
$$;
