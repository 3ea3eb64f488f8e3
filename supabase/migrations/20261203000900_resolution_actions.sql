-- "I sent it": one anonymous row per report — no person, no address, only when.
create table public.resolution_actions (
	id bigint generated always as identity primary key,
	resolution_id uuid not null references public.resolutions (id) on delete cascade,
	created_at timestamptz not null default now()
);
alter table public.resolution_actions enable row level security;
create index resolution_actions_resolution_id_idx on public.resolution_actions (resolution_id);
grant select, insert on public.resolution_actions to anon, authenticated;

create policy "resolution_actions: public reads those of published resolutions" on public.resolution_actions
	for select to anon, authenticated
	using ((select private.is_published_resolution(resolution_id)));
create policy "resolution_actions: the team reads" on public.resolution_actions
	for select to authenticated
	using ((select private.can_edit_resolution(resolution_id)));
-- Only while the vote is pending on a published resolution (rate-limited by the server).
create policy "resolution_actions: anyone reports on a pending published resolution" on public.resolution_actions
	for insert to anon, authenticated
	with check ((select private.is_pending_published_resolution(resolution_id)));
