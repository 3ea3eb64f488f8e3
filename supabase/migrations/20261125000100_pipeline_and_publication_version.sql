-- Where a resolution stands in its body's pipeline, what happens next, and a counter that moves
-- whenever anything the public can see may have changed (caches and ETags key on it).

-- The union of every body type's stages; src/lib/pipeline.ts says which belong to which body
-- and in what order. End states (failed, withdrawn, tabled) are outcomes, kept in `status`.
create domain public.pipeline_stage as text check (value in (
	'drafting', 'seeking_sponsor', 'introduced', 'in_committee', 'committee_reported',
	'scheduled_for_vote', 'adopted', 'signed', 'implemented',
	'first_reading', 'second_reading',
	'committee', 'vote', 'sent_to_administration'
));

alter table public.resolutions
	add column stage public.pipeline_stage,
	add column next_step text check (char_length(next_step) <= 300),
	add column next_step_on date,
	add column official_number text check (char_length(official_number) <= 100),
	add column official_url text check (official_url ~ '^https?://' and char_length(official_url) <= 2000);

alter table public.resolution_events
	add column stage public.pipeline_stage;

-- The filters of the public map and list.
create index resolutions_status_idx on public.resolutions (status);
create index places_kind_idx on public.places (kind);

create sequence private.publication_version;

create function private.bump_publication_version() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
	perform nextval('private.publication_version');
	return null;
end
$$;
revoke all on function private.bump_publication_version() from public;

create trigger places_bump_publication_version
	after insert or update or delete on public.places
	for each statement execute function private.bump_publication_version();
create trigger resolutions_bump_publication_version
	after insert or update or delete on public.resolutions
	for each statement execute function private.bump_publication_version();
create trigger resolution_events_bump_publication_version
	after insert or update or delete on public.resolution_events
	for each statement execute function private.bump_publication_version();

-- Read by the public data endpoints to know whether their cache is current. It reveals only
-- that something changed, never what.
create function private.publication_version() returns bigint
language sql stable security definer
set search_path = ''
as $$
	select last_value + (case when is_called then 0 else -1 end) from private.publication_version
$$;
revoke all on function private.publication_version() from public;
grant execute on function private.publication_version() to anon, authenticated;
