-- role: supabase_admin
--
-- The Supabase platform fixture, step 3: the platform's own migrations, run by the bootstrap
-- superuser after the init scripts. They demote `postgres` and then narrow what it may touch in
-- the auth and storage schemas. On a hosted project they run when the image is built, before the
-- Auth and Storage servers first start and create their tables (04_auth.sql, 05_storage.sql).
--
-- Sources (supabase/postgres, migrations/db/migrations/):
--   10000000000000_demote-postgres.sql                      (commit 35d889e382b07f46eaa6f1d28f2e25f93171f93f)
--   20211115181400_update-auth-permissions.sql              (commit 7db7e1a9e34b9ffb9b0e3372ccf08eb4fa772f4b)
--   20220322085208_gotrue-session-limit.sql                 (commit 7db7e1a9e34b9ffb9b0e3372ccf08eb4fa772f4b)
--   20221028101028_set_authenticator_timeout.sql            (commit 7db7e1a9e34b9ffb9b0e3372ccf08eb4fa772f4b)
--   20230201083204_grant_auth_roles_to_postgres.sql         (commit 7db7e1a9e34b9ffb9b0e3372ccf08eb4fa772f4b)
--   20230224042246_grant_extensions_perms_for_postgres.sql  (commit 7db7e1a9e34b9ffb9b0e3372ccf08eb4fa772f4b)
--   20230306081037_grant_pg_monitor_to_postgres.sql         (commit 7db7e1a9e34b9ffb9b0e3372ccf08eb4fa772f4b)
--   20230529180330_alter_api_roles_for_inherit.sql          (commit 7db7e1a9e34b9ffb9b0e3372ccf08eb4fa772f4b)
--   20231013070755_grant_authenticator_to_supabase_storage_admin.sql (commit 7db7e1a9e34b9ffb9b0e3372ccf08eb4fa772f4b)
--   20231130133139_set_lock_timeout_to_authenticator_role.sql (commit 7db7e1a9e34b9ffb9b0e3372ccf08eb4fa772f4b)
--   20240606060239_grant_predefined_roles_to_postgres.sql   (commit 7db7e1a9e34b9ffb9b0e3372ccf08eb4fa772f4b)
--   20250421084701_revoke_admin_roles_from_postgres.sql     (commit 96d8873887e1ec3b668629884d0d53380b2e2145)
--   20250605172253_grant_with_admin_to_postgres_16_and_above.sql (commit e0ee3c5b3d30b48cc6305c54d604d0df7e5b5e33)
--   20250709135250_grant_storage_schema_to_postgres_with_grant_option.sql (commit 3d31e9caf947a8609180261aed792f5129082701)
--   20251215120934_supabase_superuser.sql                   (commit 38ec65d5c9b7f8af6de8ab5881df24b3664cbbd8)
--   20260821154147_revoke_createrole_from_auth_admin.sql    (commit 853417021f98731caff68851d62f3847ae00d74a)
-- Database-level grants (20251121141100_supabase_auth_admin_db_grants.sql and the database grants
-- of the demotion) are in 90_each_database.sql: a cloned database does not copy them.
--
-- Left out: realtime, graphql_public, pgsodium/vault, pg_cron, pg_net and pgbouncer setup (none of
-- those extensions exists here); `session_preload_libraries = supautils, safeupdate` for postgres
-- and authenticator (20220118070449, 20261010094800, 20260403172611): neither library exists
-- here, and a missing preload library makes every login fail. supautils' effect on policies is
-- emulated in 06_supautils_emulation.sql.

-- Demotion. Before it, postgres gets what it keeps as an ordinary role.
grant all on schema auth, extensions, storage to postgres;
grant all on all tables in schema extensions to postgres;
grant all on all sequences in schema extensions to postgres;
grant all on all routines in schema extensions to postgres;
alter role postgres nosuperuser createdb createrole login replication bypassrls;

-- Whatever the Auth server creates in auth is granted in full to postgres and the dashboard.
alter default privileges for role supabase_auth_admin in schema auth
	grant all on tables to postgres, dashboard_user;
alter default privileges for role supabase_auth_admin in schema auth
	grant all on sequences to postgres, dashboard_user;
alter default privileges for role supabase_auth_admin in schema auth
	grant all on routines to postgres, dashboard_user;
alter role supabase_auth_admin set idle_in_transaction_session_timeout = 60000;

alter role authenticator set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';

-- postgres may switch to the API roles (set local role authenticated), as PostgREST does.
grant anon, authenticated, service_role to postgres;
do $$
begin
	-- From PostgreSQL 16 on, Supabase also lets postgres grant these roles onward.
	if current_setting('server_version_num')::int >= 160000 then
		grant anon, authenticated, service_role to postgres with admin option;
	end if;
end
$$;

grant all privileges on all tables in schema extensions to postgres with grant option;
grant all privileges on all routines in schema extensions to postgres with grant option;
grant all privileges on all sequences in schema extensions to postgres with grant option;
alter default privileges in schema extensions grant all on tables to postgres with grant option;
alter default privileges in schema extensions grant all on routines to postgres with grant option;
alter default privileges in schema extensions grant all on sequences to postgres with grant option;

grant pg_monitor, pg_read_all_data, pg_signal_backend to postgres;

alter role anon inherit;
alter role authenticated inherit;
alter role service_role inherit;

grant authenticator to supabase_storage_admin;

-- Since 2025 postgres no longer belongs to supabase_auth_admin or supabase_storage_admin (an
-- older migration had granted both) and may not create objects in auth or storage: it cannot
-- alter, drop or add to the Auth and Storage servers' tables. It keeps its table privileges.
revoke create on schema auth from postgres;
revoke create on schema storage from postgres;
grant usage on schema storage to postgres with grant option;

create role supabase_superuser;
grant supabase_superuser to postgres;

alter role supabase_auth_admin nocreaterole;
