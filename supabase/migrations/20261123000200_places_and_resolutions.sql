-- Places that can pass a resolution, the resolutions themselves and their dated history.

create table public.places (
	id uuid primary key default gen_random_uuid(),
	kind text not null check (kind in (
		'city', 'county', 'state', 'school_district', 'school', 'university', 'student_government'
	)),
	name text not null check (char_length(name) between 1 and 200),
	state_code char(2) not null check (state_code ~ '^[A-Z]{2}$'),
	county text check (char_length(county) <= 200),
	lat double precision check (lat between -90 and 90),
	lon double precision check (lon between -180 and 180),
	-- Where the coordinates came from: a gazetteer entry, a county or state centroid, a campus's city.
	location_source text check (char_length(location_source) <= 200),
	official_id text check (char_length(official_id) <= 50),
	created_by uuid references auth.users (id) on delete set null,
	created_at timestamptz not null default now(),
	unique (kind, state_code, name)
);
alter table public.places enable row level security;
create index places_created_by_idx on public.places (created_by);
create index places_state_code_idx on public.places (state_code);
grant select on public.places to anon, authenticated;
grant insert, update, delete on public.places to authenticated;

create table public.resolutions (
	id uuid primary key default gen_random_uuid(),
	slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 120),
	place_id uuid not null references public.places (id) on delete restrict,
	body text check (char_length(body) <= 200),
	title text not null check (char_length(title) between 1 and 300),
	-- The public outcome. consent_letter: a written consent under Executive Order 13888.
	status text not null default 'pending' check (status in (
		'pending', 'adopted', 'failed', 'withdrawn', 'tabled', 'consent_letter'
	)),
	decided_on date,
	decided_on_precision text check (decided_on_precision in ('day', 'month', 'year')),
	votes_for integer check (votes_for >= 0),
	votes_against integer check (votes_against >= 0),
	votes_abstain integer check (votes_abstain >= 0),
	text text check (char_length(text) <= 100000),
	visibility text not null default 'draft' check (visibility in ('draft', 'published')),
	source_url text check (source_url ~ '^https?://' and char_length(source_url) <= 2000),
	source_title text check (char_length(source_title) <= 500),
	notes text check (char_length(notes) <= 2000),
	-- How the row got here: 'seed' (the curated dataset), 'organizer', 'report'.
	provenance text not null default 'organizer' check (provenance in ('seed', 'organizer', 'report')),
	verified boolean not null default false,
	created_by uuid references auth.users (id) on delete set null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	check ((decided_on is null) = (decided_on_precision is null))
);
alter table public.resolutions enable row level security;
create index resolutions_place_id_idx on public.resolutions (place_id);
create index resolutions_created_by_idx on public.resolutions (created_by);
create index resolutions_visibility_idx on public.resolutions (visibility);
grant select on public.resolutions to anon, authenticated;
grant insert, update, delete on public.resolutions to authenticated;

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
	created_by uuid references auth.users (id) on delete set null,
	created_at timestamptz not null default now()
);
alter table public.resolution_events enable row level security;
create index resolution_events_resolution_id_idx on public.resolution_events (resolution_id, occurred_on);
create index resolution_events_created_by_idx on public.resolution_events (created_by);
grant select on public.resolution_events to anon, authenticated;
grant insert, update, delete on public.resolution_events to authenticated;

-- Authors and site admins edit a resolution; security definer so the check does not depend on
-- what the caller may read.
create function private.can_edit_resolution(p_resolution_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (
		select 1 from public.resolutions r
		where r.id = p_resolution_id and r.created_by = (select auth.uid())
	) or (select private.is_site_admin())
$$;
revoke all on function private.can_edit_resolution(uuid) from public;
grant execute on function private.can_edit_resolution(uuid) to authenticated;

create function private.is_published_resolution(p_resolution_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (
		select 1 from public.resolutions r
		where r.id = p_resolution_id and r.visibility = 'published'
	)
$$;
revoke all on function private.is_published_resolution(uuid) from public;
grant execute on function private.is_published_resolution(uuid) to anon, authenticated;

-- places
create policy "places: anyone reads" on public.places
	for select to anon, authenticated
	using (true);
create policy "places: signed-in users add" on public.places
	for insert to authenticated
	with check (created_by = (select auth.uid()));
create policy "places: creator or admin updates" on public.places
	for update to authenticated
	using (created_by = (select auth.uid()) or (select private.is_site_admin()))
	with check (created_by = (select auth.uid()) or (select private.is_site_admin()));
create policy "places: admin deletes" on public.places
	for delete to authenticated
	using ((select private.is_site_admin()));

-- resolutions
create policy "resolutions: public reads published" on public.resolutions
	for select to anon, authenticated
	using (visibility = 'published');
create policy "resolutions: authors and admins read drafts" on public.resolutions
	for select to authenticated
	using (created_by = (select auth.uid()) or (select private.is_site_admin()));
create policy "resolutions: signed-in users add their own" on public.resolutions
	for insert to authenticated
	with check (
		created_by = (select auth.uid())
		and (provenance = 'organizer' or (select private.is_site_admin()))
		and (verified = false or (select private.is_site_admin()))
	);
create policy "resolutions: authors and admins update" on public.resolutions
	for update to authenticated
	using (created_by = (select auth.uid()) or (select private.is_site_admin()))
	with check (created_by = (select auth.uid()) or (select private.is_site_admin()));
create policy "resolutions: authors delete drafts, admins any" on public.resolutions
	for delete to authenticated
	using (
		(created_by = (select auth.uid()) and visibility = 'draft')
		or (select private.is_site_admin())
	);

-- Only admins mark a resolution verified or change where it came from. Security invoker on
-- purpose: current_user must be the caller's role, not the function owner.
create function private.guard_resolution_trust() returns trigger
language plpgsql security invoker
set search_path = ''
as $$
begin
	if current_user in ('anon', 'authenticated') and not private.is_site_admin()
		and (new.verified is distinct from old.verified or new.provenance is distinct from old.provenance
			or new.created_by is distinct from old.created_by) then
		raise exception 'only site admins change verified, provenance or author'
			using errcode = '42501';
	end if;
	new.updated_at := now();
	return new;
end
$$;
create trigger resolutions_guard_trust
	before update on public.resolutions
	for each row execute function private.guard_resolution_trust();

-- resolution_events
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
create policy "resolution_events: editors update" on public.resolution_events
	for update to authenticated
	using ((select private.can_edit_resolution(resolution_id)))
	with check ((select private.can_edit_resolution(resolution_id)));
create policy "resolution_events: editors delete" on public.resolution_events
	for delete to authenticated
	using ((select private.can_edit_resolution(resolution_id)));
