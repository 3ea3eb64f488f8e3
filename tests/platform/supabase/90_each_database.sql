-- role: supabase_admin
-- applies: each database
--
-- The Supabase platform fixture, database-level grants. A database's own privileges are not
-- copied when it is cloned from a template, so the fixture applies this file to the template and
-- again to every database cloned from it.
--
-- Sources (supabase/postgres):
--   migrations/db/migrations/10000000000000_demote-postgres.sql (commit 35d889e382b07f46eaa6f1d28f2e25f93171f93f)
--   migrations/db/init-scripts/00000000000002-storage-schema.sql (commit 1921aa387cc9d820d250de8bed1f5a4c09f66add)
--   migrations/db/init-scripts/00000000000003-post-setup.sql (commit 79b9d75b2685406029c51120454f7bf38df86106)
--   migrations/db/migrations/20251121141100_supabase_auth_admin_db_grants.sql (commit aca19b4aae6bf93e7ba1a3887a99da0c14bffede)
do $$
begin
	execute format('grant all on database %I to postgres, dashboard_user', current_database());
	execute format(
		'grant create on database %I to supabase_storage_admin, supabase_auth_admin',
		current_database()
	);
end
$$;
