-- Places that can pass a resolution: cities, counties, states, school districts, schools,
-- universities and student governments.
--
-- A place belongs either to the site (the seed, the import, moderation, site admins: `claimed_by`
-- is null) or to the organizer who added it for a campaign (`claimed_by` is that user). A site
-- place is public and only site admins change it. A user's place is private to that user and the
-- team of a campaign that uses it, and only that user changes it — until a resolution that uses
-- it is published: then it becomes the site's (or the resolution moves to the site's place of the
-- same name), so nobody can rename or move what a published, perhaps verified, record shows.

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
	-- The user who may still change it; null once it is the site's.
	claimed_by uuid references auth.users (id) on delete set null,
	-- Whether the site placed it (the seed, the import, moderation, a site admin). An organizer's
	-- place handed to the site keeps the organizer's pin and county until a moderator or the
	-- import places it again: they never take an unvetted place's location as it is.
	vetted boolean not null default true,
	created_by uuid default auth.uid() references auth.users (id) on delete set null,
	created_at timestamptz not null default now()
);
alter table public.places enable row level security;
-- One site place per kind, state and name; a user's own places are unique among theirs.
create unique index places_site_name_key on public.places (kind, state_code, name)
	where claimed_by is null;
create unique index places_claimed_name_key on public.places (claimed_by, kind, state_code, name)
	where claimed_by is not null;
create index places_created_by_idx on public.places (created_by);
create index places_state_code_idx on public.places (state_code);
-- The filters of the public map and list.
create index places_kind_idx on public.places (kind);

revoke all on public.places from anon, authenticated, service_role;
grant select (
	id, kind, name, state_code, county, lat, lon, location_source, official_id, claimed_by, vetted,
	created_at
)
	on public.places to anon, authenticated;
grant insert (
	id, kind, name, state_code, county, lat, lon, location_source, official_id, vetted
),
	update (name, county, lat, lon, location_source, official_id, vetted)
	on public.places to authenticated;
grant delete on public.places to authenticated;

-- The places of the campaigns the caller is on (plpgsql: the tables come in later files).
create function private.my_campaign_place_ids() returns setof uuid
language plpgsql stable security definer
set search_path = ''
as $$
begin
	return query
		select r.place_id from public.resolutions r
		join public.resolution_members m on m.resolution_id = r.id
		where m.user_id = (select auth.uid());
end
$$;
revoke all on function private.my_campaign_place_ids() from public;
grant execute on function private.my_campaign_place_ids() to authenticated;

create policy "places: anyone reads the site's" on public.places
	for select to anon, authenticated
	using (claimed_by is null);
create policy "places: their user, campaign teams and admins read users' places" on public.places
	for select to authenticated
	using (
		claimed_by = (select auth.uid())
		or (id in (select private.my_campaign_place_ids()))
		or (select private.is_site_admin())
	);
create policy "places: signed-in users add" on public.places
	for insert to authenticated
	with check (claimed_by is not distinct from (
		case when (select private.is_site_admin()) then null else (select auth.uid()) end
	));
create policy "places: their user or admins change" on public.places
	for update to authenticated
	using (claimed_by = (select auth.uid()) or (select private.is_site_admin()))
	with check (claimed_by = (select auth.uid()) or (select private.is_site_admin()));
-- A place a resolution uses cannot go (the foreign key restricts it).
create policy "places: their user or admins delete" on public.places
	for delete to authenticated
	using (claimed_by = (select auth.uid()) or (select private.is_site_admin()));

-- Who may change a place is decided here, not by the client: a client's new place is theirs (a
-- site admin's is the site's, and vetted), a client never changes who holds one — the publication
-- of a resolution hands it to the site (in the resolutions file) — and only a site admin vets one.
create function private.guard_place_claim() returns trigger
language plpgsql
set search_path = ''
as $$
begin
	if current_user in ('anon', 'authenticated') then
		if tg_op = 'INSERT' then
			new.claimed_by := case when private.is_site_admin() then null else auth.uid() end;
			new.vetted := private.is_site_admin() and new.vetted;
		else
			new.claimed_by := old.claimed_by;
			new.kind := old.kind;
			new.state_code := old.state_code;
			new.vetted := case when private.is_site_admin() then new.vetted else old.vetted end;
		end if;
	end if;
	return new;
end
$$;
revoke all on function private.guard_place_claim() from public;
create trigger places_guard_claim
	before insert or update on public.places
	for each row execute function private.guard_place_claim();

create trigger places_stamp
	before insert or update on public.places
	for each row execute function private.stamp_who_and_when('created_by', 'created_at', '');
create trigger places_no_client_truncate
	before truncate on public.places
	for each statement execute function private.refuse_client_truncate();
select private.track_publication('public.places', 'site');
