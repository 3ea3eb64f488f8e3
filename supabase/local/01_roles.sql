-- Stand-in for the roles every Supabase project has. Applied to PGlite and plain PostgreSQL
-- only, never to Supabase. Roles are cluster-wide, so every statement tolerates a second run.
-- Two databases migrating at once on one server race on these: a duplicate is not an error.
do $$
begin
	create role anon nologin noinherit;
exception when duplicate_object or unique_violation then null;
end
$$;
do $$
begin
	create role authenticated nologin noinherit;
exception when duplicate_object or unique_violation then null;
end
$$;
do $$
begin
	create role service_role nologin noinherit bypassrls;
exception when duplicate_object or unique_violation then null;
end
$$;

-- The app connects as the database owner and switches role per transaction, as PostgREST does.
grant anon, authenticated, service_role to current_user;

grant usage on schema public to anon, authenticated, service_role;
