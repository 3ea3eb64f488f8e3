-- Profiles: 1:1 with auth.users, created by a trigger when the account is. After the campaigns and
-- groups, because who may read a profile depends on the teams and groups people share.

create table public.profiles (
	id uuid primary key references auth.users (id) on delete cascade,
	display_name text check (char_length(display_name) <= 80),
	locale text not null default 'en' check (locale in ('en', 'es')),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);
alter table public.profiles enable row level security;
revoke all on public.profiles from anon, authenticated, service_role;
grant select, update (display_name, locale) on public.profiles to authenticated;

create policy "profiles: read own" on public.profiles
	for select to authenticated
	using (id = (select auth.uid()) or (select private.is_site_admin()));
-- Members see each other's display names.
create policy "profiles: co-members read" on public.profiles
	for select to authenticated
	using ((select private.shares_group_with(id)));
create policy "profiles: campaign co-members read" on public.profiles
	for select to authenticated
	using ((select private.shares_campaign_with(id)));

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

create trigger profiles_stamp
	before insert or update on public.profiles
	for each row execute function private.stamp_who_and_when('', 'created_at', 'updated_at');
create trigger profiles_no_client_truncate
	before truncate on public.profiles
	for each statement execute function private.refuse_client_truncate();
