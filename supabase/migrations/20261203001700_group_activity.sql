-- Who did what, when. Written by the app in the same transaction as the change; nobody edits it.
create table public.group_activity (
	id bigint generated always as identity primary key,
	group_id uuid not null references public.sponsor_groups (id) on delete cascade,
	actor_id uuid references auth.users (id) on delete set null,
	action text not null check (char_length(action) between 1 and 60),
	summary text not null check (char_length(summary) between 1 and 300),
	created_at timestamptz not null default now()
);
alter table public.group_activity enable row level security;
create index group_activity_group_id_idx on public.group_activity (group_id, created_at);
create index group_activity_actor_id_idx on public.group_activity (actor_id);
grant select, insert on public.group_activity to authenticated;

create policy "group_activity: members read" on public.group_activity
	for select to authenticated
	using ((group_id in (select private.my_group_ids())));
create policy "group_activity: members record their own" on public.group_activity
	for insert to authenticated
	with check (actor_id = (select auth.uid()) and (group_id in (select private.my_group_ids())));
