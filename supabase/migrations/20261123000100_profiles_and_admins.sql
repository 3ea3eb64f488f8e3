-- Profiles (1:1 with auth.users, created by trigger) and site administrators.

-- Helpers that policies call live in `private`: not exposed through any API, security definer
-- with an empty search_path so a caller cannot shadow the tables they read.
create schema if not exists private;
revoke all on schema private from public;
grant usage on schema private to anon, authenticated;

create table public.profiles (
	id uuid primary key references auth.users (id) on delete cascade,
	display_name text check (char_length(display_name) <= 80),
	locale text not null default 'en' check (locale in ('en', 'es')),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);
alter table public.profiles enable row level security;
grant select, update (display_name, locale, updated_at) on public.profiles to authenticated;

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

create policy "profiles: read own" on public.profiles
	for select to authenticated
	using (id = (select auth.uid()) or (select private.is_site_admin()));

create policy "profiles: update own" on public.profiles
	for update to authenticated
	using (id = (select auth.uid()))
	with check (id = (select auth.uid()));

create function private.handle_new_user() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
	insert into public.profiles (id, display_name, locale)
	values (
		new.id,
		nullif(left(new.raw_user_meta_data ->> 'display_name', 80), ''),
		case when new.raw_user_meta_data ->> 'locale' = 'es' then 'es' else 'en' end
	);
	return new;
end
$$;
revoke all on function private.handle_new_user() from public;

create trigger on_auth_user_created
	after insert on auth.users
	for each row execute function private.handle_new_user();
