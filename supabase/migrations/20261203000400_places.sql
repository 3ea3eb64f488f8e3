-- Places that can pass a resolution: cities, counties, states, school districts, schools,
-- universities and student governments.

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
-- The filters of the public map and list.
create index places_kind_idx on public.places (kind);
grant select on public.places to anon, authenticated;
grant insert, update, delete on public.places to authenticated;

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

create trigger places_bump_publication_version
	after insert or update or delete on public.places
	for each statement execute function private.bump_publication_version();
