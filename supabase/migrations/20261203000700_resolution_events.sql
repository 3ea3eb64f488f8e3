-- A resolution's dated history. Once the resolution is public it is the public record of what its
-- council did: its team may add to it (each pipeline move adds an event), but only its lead or a
-- site admin may correct or delete an entry. While it is a draft, the whole team may.

create table public.resolution_events (
	id uuid primary key default gen_random_uuid(),
	resolution_id uuid not null references public.resolutions (id) on delete cascade,
	occurred_on date not null,
	-- Sources often give only a month or a year; the day is then the first of that period.
	occurred_on_precision text not null default 'day'
		check (occurred_on_precision in ('day', 'month', 'year')),
	status text check (status in (
		'pending', 'adopted', 'failed', 'withdrawn', 'tabled', 'consent_letter'
	)),
	note text not null check (char_length(note) between 1 and 2000),
	source_url text check (source_url ~ '^https?://' and char_length(source_url) <= 2000),
	created_by uuid default auth.uid() references auth.users (id) on delete set null,
	created_at timestamptz not null default now(),
	stage public.pipeline_stage
);
alter table public.resolution_events enable row level security;
create index resolution_events_resolution_id_idx on public.resolution_events (resolution_id, occurred_on);
create index resolution_events_created_by_idx on public.resolution_events (created_by);
revoke all on public.resolution_events from anon, authenticated, service_role;
grant select (
	id, resolution_id, occurred_on, occurred_on_precision, status, note, source_url, created_at, stage
) on public.resolution_events to anon, authenticated;
grant insert (id, resolution_id, occurred_on, occurred_on_precision, status, note, source_url, stage),
	update (occurred_on, occurred_on_precision, note, source_url), delete
	on public.resolution_events to authenticated;

create function private.can_change_resolution_history(p_resolution_id uuid) returns boolean
language sql stable
set search_path = ''
as $$
	select private.can_edit_resolution(p_resolution_id)
		and (
			not private.is_published_resolution(p_resolution_id)
			or private.is_campaign_lead(p_resolution_id)
			or private.is_site_admin()
		)
$$;
revoke all on function private.can_change_resolution_history(uuid) from public;
grant execute on function private.can_change_resolution_history(uuid) to authenticated;

create policy "resolution_events: public reads those of published resolutions" on public.resolution_events
	for select to anon, authenticated
	using ((select private.is_published_resolution(resolution_id)));
create policy "resolution_events: editors read all of theirs" on public.resolution_events
	for select to authenticated
	using ((select private.can_edit_resolution(resolution_id)));
create policy "resolution_events: editors add" on public.resolution_events
	for insert to authenticated
	with check (
		created_by = (select auth.uid()) and (select private.can_edit_resolution(resolution_id))
	);
create policy "resolution_events: team updates drafts, leads published" on public.resolution_events
	for update to authenticated
	using ((select private.can_change_resolution_history(resolution_id)))
	with check ((select private.can_change_resolution_history(resolution_id)));
create policy "resolution_events: team deletes drafts, leads published" on public.resolution_events
	for delete to authenticated
	using ((select private.can_change_resolution_history(resolution_id)));

-- The outcome and stage an event records are the pipeline's (private.move_resolution) or, when
-- a site admin adds an entry, theirs: a team's own entries are notes, dates and sources. Once
-- written, an entry keeps its outcome and stage, and stays with its resolution.
create function private.guard_resolution_event() returns trigger
language plpgsql
set search_path = ''
as $$
begin
	if current_user not in ('anon', 'authenticated') then
		return new;
	end if;
	if tg_op = 'UPDATE' then
		-- What the entry recorded stays recorded; its date, note and source may be corrected.
		new.status := old.status;
		new.stage := old.stage;
	elsif not private.is_site_admin() then
		new.status := null;
		new.stage := null;
	end if;
	return new;
end
$$;
revoke all on function private.guard_resolution_event() from public;
create trigger resolution_events_guard
	before insert or update on public.resolution_events
	for each row execute function private.guard_resolution_event();
create trigger resolution_events_stamp
	before insert or update on public.resolution_events
	for each row execute function private.stamp_who_and_when('created_by', 'created_at', '', 'resolution_id');
create trigger resolution_events_no_client_truncate
	before truncate on public.resolution_events
	for each statement execute function private.refuse_client_truncate();
select private.track_publication('public.resolution_events', 'resolution_id');
