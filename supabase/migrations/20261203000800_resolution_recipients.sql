-- The call to act: who decides (public officials' names, roles and office addresses), shown
-- once the resolution is published.

create table public.resolution_recipients (
	id uuid primary key default gen_random_uuid(),
	resolution_id uuid not null references public.resolutions (id) on delete cascade,
	name text not null check (char_length(name) between 1 and 200),
	role text check (char_length(role) <= 200),
	email text not null check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and char_length(email) <= 320),
	position integer not null default 0 check (position between 0 and 1000),
	created_at timestamptz not null default now()
);
alter table public.resolution_recipients enable row level security;
create index resolution_recipients_resolution_id_idx on public.resolution_recipients (resolution_id, position);
revoke all on public.resolution_recipients from anon, authenticated, service_role;
grant select (id, resolution_id, name, role, email, position, created_at)
	on public.resolution_recipients to anon, authenticated;
grant insert (id, resolution_id, name, role, email, position), update (name, role, email, position),
	delete on public.resolution_recipients to authenticated;

create policy "resolution_recipients: public reads those of published resolutions" on public.resolution_recipients
	for select to anon, authenticated
	using ((select private.is_published_resolution(resolution_id)));
create policy "resolution_recipients: the team reads" on public.resolution_recipients
	for select to authenticated
	using ((select private.can_edit_resolution(resolution_id)));
create policy "resolution_recipients: the team adds" on public.resolution_recipients
	for insert to authenticated
	with check ((select private.can_edit_resolution(resolution_id)));
create policy "resolution_recipients: the team changes" on public.resolution_recipients
	for update to authenticated
	using ((select private.can_edit_resolution(resolution_id)))
	with check ((select private.can_edit_resolution(resolution_id)));
create policy "resolution_recipients: the team removes" on public.resolution_recipients
	for delete to authenticated
	using ((select private.can_edit_resolution(resolution_id)));

create trigger resolution_recipients_stamp
	before insert or update on public.resolution_recipients
	for each row execute function private.stamp_who_and_when('', 'created_at', '', 'resolution_id');
create trigger resolution_recipients_no_client_truncate
	before truncate on public.resolution_recipients
	for each statement execute function private.refuse_client_truncate();
select private.track_publication('public.resolution_recipients', 'resolution_id');
