-- The `private` schema and site administrators.
--
-- Helpers that policies call live in `private`: not exposed through any API, security definer
-- with an empty search_path so a caller cannot shadow the tables they read.
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to anon, authenticated;

-- Granted with `npm run admin -- grant <email>` over the owner's connection, never through the app.
create table private.site_admins (
	user_id uuid primary key references auth.users (id) on delete cascade,
	granted_at timestamptz not null default now()
);
revoke all on private.site_admins from public, anon, authenticated;

create function private.is_site_admin() returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (select 1 from private.site_admins where user_id = (select auth.uid()))
$$;
revoke all on function private.is_site_admin() from public;
grant execute on function private.is_site_admin() to authenticated;
