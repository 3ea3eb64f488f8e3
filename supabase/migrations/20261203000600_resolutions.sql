-- Resolutions and the campaign teams that run them: a team of leads and editors
-- (`resolution_members`), joined by expiring invite links (`resolution_invites`). The three
-- tables are one unit: a resolution's policies ask its team, the team's ask the resolution.

-- The union of every body type's stages; src/lib/pipeline.ts says which belong to which body
-- and in what order. End states (failed, withdrawn, tabled) are outcomes, kept in `status`.
create domain public.pipeline_stage as text check (value in (
	'drafting', 'seeking_sponsor', 'introduced', 'in_committee', 'committee_reported',
	'scheduled_for_vote', 'adopted', 'signed', 'implemented',
	'first_reading', 'second_reading',
	'committee', 'vote', 'sent_to_administration'
));

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
	-- When it last became public (set by the database): what the updates feed dates it by.
	published_at timestamptz,
	source_url text check (source_url ~ '^https?://' and char_length(source_url) <= 2000),
	source_title text check (char_length(source_title) <= 500),
	notes text check (char_length(notes) <= 2000),
	-- How the row got here: 'seed' (the curated dataset), 'organizer', 'report', 'import' (CSV).
	provenance text not null default 'organizer',
	verified boolean not null default false,
	created_by uuid default auth.uid() references auth.users (id) on delete set null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	-- Where it stands in its body's pipeline, what happens next, and its official record.
	stage public.pipeline_stage,
	next_step text check (char_length(next_step) <= 300),
	next_step_on date,
	official_number text check (char_length(official_number) <= 100),
	official_url text check (official_url ~ '^https?://' and char_length(official_url) <= 2000),
	-- A campaign remembers the template version it was filled from and the values it was filled with.
	template_version_id uuid references public.template_versions (id) on delete restrict,
	template_values jsonb check (
		template_values is null or jsonb_typeof(template_values) = 'object'
	),
	-- Organizations that endorse the campaign, shown on the public page.
	endorsers text[] not null default '{}' check (
		cardinality(endorsers) <= 200 and char_length(array_to_string(endorsers, '')) <= 20000
	),
	-- The letter visitors are asked to send while the vote is pending.
	letter_subject text check (char_length(letter_subject) <= 300),
	letter_body text check (char_length(letter_body) <= 20000),
	check ((decided_on is null) = (decided_on_precision is null)),
	constraint resolutions_provenance_check
		check (provenance in ('seed', 'organizer', 'report', 'import'))
);
alter table public.resolutions enable row level security;
create index resolutions_place_id_idx on public.resolutions (place_id);
create index resolutions_created_by_idx on public.resolutions (created_by);
create index resolutions_visibility_idx on public.resolutions (visibility);
create index resolutions_status_idx on public.resolutions (status);
create index resolutions_template_version_id_idx on public.resolutions (template_version_id);
-- Everything but who created it (a user id is nobody's business). Clients write the record's
-- content; the triggers below decide who may set its trust, outcome, stage and address.
revoke all on public.resolutions from anon, authenticated, service_role;
grant select (
	id, slug, place_id, body, title, status, decided_on, decided_on_precision, votes_for,
	votes_against, votes_abstain, text, visibility, source_url, source_title, notes, provenance,
	verified, created_at, updated_at, stage, next_step, next_step_on, official_number, official_url,
	template_version_id, template_values, endorsers, letter_subject, letter_body, published_at
) on public.resolutions to anon, authenticated;
grant insert (
	id, slug, place_id, body, title, status, decided_on, decided_on_precision, votes_for,
	votes_against, votes_abstain, text, visibility, source_url, source_title, notes, provenance,
	verified, stage, next_step, next_step_on, official_number, official_url, template_version_id,
	template_values, endorsers, letter_subject, letter_body
), update (
	slug, place_id, body, title, status, decided_on, decided_on_precision, votes_for,
	votes_against, votes_abstain, text, visibility, source_url, source_title, notes, provenance,
	verified, stage, next_step, next_step_on, official_number, official_url, template_version_id,
	template_values, endorsers, letter_subject, letter_body
) on public.resolutions to authenticated;
grant delete on public.resolutions to authenticated;

create trigger resolutions_stamp
	before insert or update on public.resolutions
	for each row execute function private.stamp_who_and_when('created_by', 'created_at', 'updated_at');
create trigger resolutions_no_client_truncate
	before truncate on public.resolutions
	for each statement execute function private.refuse_client_truncate();
select private.track_publication('public.resolutions', 'visibility');

-- published_at is the database's: the moment a row becomes published, kept while it stays so,
-- cleared when it goes back to draft — whoever writes the row and whatever they send.
create function private.stamp_published_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
	if new.visibility <> 'published' then
		new.published_at := null;
	elsif tg_op = 'INSERT' or old.visibility <> 'published' then
		new.published_at := now();
	else
		new.published_at := old.published_at;
	end if;
	return new;
end
$$;
revoke all on function private.stamp_published_at() from public;
create trigger resolutions_stamp_published_at
	before insert or update on public.resolutions
	for each row execute function private.stamp_published_at();

-- ---------------------------------------------------------------------------------------------
-- The team

create table public.resolution_members (
	resolution_id uuid not null references public.resolutions (id) on delete cascade,
	user_id uuid not null references auth.users (id) on delete cascade,
	role text not null default 'editor' check (role in ('lead', 'editor')),
	joined_at timestamptz not null default now(),
	primary key (resolution_id, user_id)
);
alter table public.resolution_members enable row level security;
create index resolution_members_user_id_idx on public.resolution_members (user_id);
-- Nobody is added by a client: the creator becomes lead (a trigger) and everyone else joins by
-- consuming an invite (private.accept_campaign_invite). Leads change roles; anyone may leave.
revoke all on public.resolution_members from anon, authenticated, service_role;
grant select, update (role), delete on public.resolution_members to authenticated;
create trigger resolution_members_no_client_truncate
	before truncate on public.resolution_members
	for each statement execute function private.refuse_client_truncate();

create function private.my_campaign_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
	select resolution_id from public.resolution_members where user_id = (select auth.uid())
$$;
revoke all on function private.my_campaign_ids() from public;
grant execute on function private.my_campaign_ids() to authenticated;

create function private.my_lead_campaign_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
	select resolution_id from public.resolution_members
	where user_id = (select auth.uid()) and role = 'lead'
$$;
revoke all on function private.my_lead_campaign_ids() from public;
grant execute on function private.my_lead_campaign_ids() to authenticated;

create function private.is_campaign_lead(p_resolution_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (
		select 1 from public.resolution_members
		where resolution_id = p_resolution_id and user_id = (select auth.uid()) and role = 'lead'
	)
$$;
revoke all on function private.is_campaign_lead(uuid) from public;
grant execute on function private.is_campaign_lead(uuid) to authenticated;

create function private.campaign_has_members(p_resolution_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (select 1 from public.resolution_members where resolution_id = p_resolution_id)
$$;
revoke all on function private.campaign_has_members(uuid) from public;
grant execute on function private.campaign_has_members(uuid) to authenticated;

-- The team and site admins edit a resolution. Security definer so the check does not depend on
-- what the caller may read. Used by the policies of every table that hangs off a resolution.
create function private.can_edit_resolution(p_resolution_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (
		select 1 from public.resolution_members
		where resolution_id = p_resolution_id and user_id = (select auth.uid())
	) or exists (
		-- The creator, in the moment between inserting the resolution and its lead row.
		select 1 from public.resolutions r
		where r.id = p_resolution_id and r.created_by = (select auth.uid())
			and not exists (select 1 from public.resolution_members m where m.resolution_id = r.id)
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

create function private.is_pending_published_resolution(p_resolution_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (
		select 1 from public.resolutions r
		where r.id = p_resolution_id and r.visibility = 'published' and r.status = 'pending'
	)
$$;
revoke all on function private.is_pending_published_resolution(uuid) from public;
grant execute on function private.is_pending_published_resolution(uuid) to anon, authenticated;

-- resolutions: the policies
create policy "resolutions: public reads published" on public.resolutions
	for select to anon, authenticated
	using (visibility = 'published');
create policy "resolutions: the team and admins read drafts" on public.resolutions
	for select to authenticated
	using (
		(id in (select private.my_campaign_ids()))
		or (select private.is_site_admin())
		or (created_by = (select auth.uid()) and not (select private.campaign_has_members(id)))
	);
create policy "resolutions: signed-in users add their own" on public.resolutions
	for insert to authenticated
	with check (created_by = (select auth.uid()));
create policy "resolutions: the team and admins update" on public.resolutions
	for update to authenticated
	using ((id in (select private.my_campaign_ids())) or (select private.is_site_admin()))
	with check ((id in (select private.my_campaign_ids())) or (select private.is_site_admin()));
create policy "resolutions: leads delete drafts, admins any" on public.resolutions
	for delete to authenticated
	using (
		((id in (select private.my_lead_campaign_ids())) and visibility = 'draft')
		or (select private.is_site_admin())
	);

-- What a client may not do to a resolution, whatever the grants: one place for the rules.
--   * Only site admins set its trust (verified, provenance) or write an outcome, stage or
--     decision date directly (the import, moderation, corrections). A campaign team moves it
--     through its body's pipeline with private.move_resolution(), which checks the move and
--     records it as an event in the same transaction.
--   * A team's new resolution is a draft at its first stage, pending; anything else is refused.
--   * Only a lead (or a site admin) publishes or unpublishes.
--   * A published resolution keeps its address, place and template version; a draft may move to
--     a place the caller can use (the site's, or one the caller holds) and to a version of a
--     published template.
--   * A campaign's draft address ("rochester-mn-draft-f2485ca7") becomes its public one
--     ("rochester-mn-2026") when it is first published, whoever publishes it.
-- Security invoker on purpose: current_user must be the caller's role, not the function owner.
-- The public address of a campaign published from its draft address: the place and state of
-- the draft address with the year of publication, and the draft's id-based suffix only when
-- another resolution has that address already. Security definer: a draft the caller cannot see
-- may hold the address too. (The draft suffix is the first 8 hex digits of the id, so the old
-- address can be redirected: see src/lib/server/resolutions/detail.ts.)
create function private.published_slug(p_draft_slug text, p_id uuid) returns text
language plpgsql stable security definer
set search_path = ''
as $$
declare
	_slug text := regexp_replace(p_draft_slug, '-draft-[0-9a-f]{8}$', '')
		|| '-' || extract(year from now())::int;
begin
	if exists (select 1 from public.resolutions where slug = _slug and id <> p_id) then
		_slug := _slug || '-' || left(p_id::text, 8);
	end if;
	return _slug;
end
$$;
revoke all on function private.published_slug(text, uuid) from public;
grant execute on function private.published_slug(text, uuid) to authenticated;

create function private.guard_resolution() returns trigger
language plpgsql
set search_path = ''
as $$
declare
	_admin boolean;
begin
	if tg_op = 'UPDATE' and old.visibility = 'draft' and new.visibility = 'published'
		and new.slug = old.slug and old.slug ~ '-draft-[0-9a-f]{8}$' then
		new.slug := private.published_slug(old.slug, old.id);
	end if;
	if current_user not in ('anon', 'authenticated') then
		return new;
	end if;
	_admin := private.is_site_admin();
	if tg_op = 'INSERT' then
		if not _admin and (
			new.visibility <> 'draft' or new.provenance <> 'organizer' or new.verified
			or new.status <> 'pending' or coalesce(new.stage, 'drafting') <> 'drafting'
			or new.decided_on is not null
		) then
			raise exception 'a campaign starts as a pending draft at its first stage'
				using errcode = '42501';
		end if;
		new.stage := coalesce(new.stage, case when not _admin then 'drafting' end);
		if not _admin and not private.can_use_place(new.place_id) then
			raise exception 'this place cannot be used' using errcode = '42501';
		end if;
		if new.template_version_id is not null and not _admin
			and not private.is_published_template_version(new.template_version_id) then
			raise exception 'not a published template' using errcode = '42501';
		end if;
		return new;
	end if;

	if not _admin then
		new.verified := old.verified;
		new.provenance := old.provenance;
		if (new.status, new.stage, new.decided_on, new.decided_on_precision)
			is distinct from (old.status, old.stage, old.decided_on, old.decided_on_precision) then
			raise exception 'a campaign moves through its pipeline (private.move_resolution)'
				using errcode = '42501';
		end if;
		if new.visibility is distinct from old.visibility and not private.is_campaign_lead(old.id) then
			raise exception 'only a lead publishes' using errcode = '42501';
		end if;
	end if;
	if old.visibility = 'published' then
		-- Published: its address and what it is about stay put (admins correct the place's row).
		new.slug := old.slug;
		if not _admin and (new.place_id, new.template_version_id)
			is distinct from (old.place_id, old.template_version_id) then
			raise exception 'a published resolution keeps its place and template'
				using errcode = '42501';
		end if;
	elsif not _admin then
		if new.place_id is distinct from old.place_id and not private.can_use_place(new.place_id) then
			raise exception 'this place cannot be used' using errcode = '42501';
		end if;
		if new.template_version_id is distinct from old.template_version_id
			and new.template_version_id is not null
			and not private.is_published_template_version(new.template_version_id) then
			raise exception 'not a published template' using errcode = '42501';
		end if;
	end if;
	return new;
end
$$;
revoke all on function private.guard_resolution() from public;
create trigger resolutions_guard
	before insert or update on public.resolutions
	for each row execute function private.guard_resolution();

-- A place the caller may put a campaign in: the site's, or one the caller holds.
create function private.can_use_place(p_place_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (
		select 1 from public.places
		where id = p_place_id and (claimed_by is null or claimed_by = (select auth.uid()))
	)
$$;
revoke all on function private.can_use_place(uuid) from public;
grant execute on function private.can_use_place(uuid) to authenticated;

create function private.is_published_template_version(p_version_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (
		select 1 from public.template_versions v
		join public.templates t on t.id = v.template_id
		where v.id = p_version_id and t.published
	)
$$;
revoke all on function private.is_published_template_version(uuid) from public;
grant execute on function private.is_published_template_version(uuid) to authenticated;

-- When a resolution is published, what it shows becomes the site's: its place is handed to the
-- site, or — when the site already has a place of that kind and name in that state — the
-- resolution moves to the site's place. Nobody can then rename or move the place of a public
-- record. Security definer: the caller may not change who holds a place.
create function private.hand_place_to_site() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
	_place public.places;
	_site_place uuid;
begin
	select * into _place from public.places where id = new.place_id;
	if _place.claimed_by is null then
		return new;
	end if;
	perform 1 from public.places where id = _place.id for update;
	select id into _site_place from public.places
	where claimed_by is null and kind = _place.kind and state_code = _place.state_code
		and name = _place.name;
	if _site_place is not null then
		new.place_id := _site_place;
	else
		update public.places set claimed_by = null where id = _place.id;
	end if;
	return new;
end
$$;
revoke all on function private.hand_place_to_site() from public;
-- After the guard (triggers fire in name order): the guard may refuse the publication.
create trigger resolutions_zz_hand_place_to_site
	before insert or update of visibility, place_id on public.resolutions
	for each row when (new.visibility = 'published')
	execute function private.hand_place_to_site();

-- ---------------------------------------------------------------------------------------------
-- The pipeline (src/lib/pipeline.ts has the same rules for the editor's choices; a test checks
-- that both agree on every move)

create function private.pipeline_stages(p_place_kind text) returns text[]
language sql immutable
set search_path = ''
as $$
	select case
		when p_place_kind in ('school_district', 'school') then
			array['drafting', 'first_reading', 'second_reading', 'adopted']
		when p_place_kind in ('university', 'student_government') then
			array['drafting', 'introduced', 'committee', 'vote', 'sent_to_administration']
		else array['drafting', 'seeking_sponsor', 'introduced', 'in_committee', 'committee_reported',
			'scheduled_for_vote', 'adopted', 'signed', 'implemented']
	end
$$;

create function private.adoption_stage(p_place_kind text) returns text
language sql immutable
set search_path = ''
as $$
	select case when p_place_kind in ('university', 'student_government') then 'vote' else 'adopted' end
$$;

-- Whether `p_move` ('stage:<stage>' or 'end:<failed|withdrawn|tabled>') is allowed from where the
-- resolution stands. Before adoption a campaign may skip ahead up to the adoption stage, or end;
-- after adoption it moves one stage at a time and can no longer end. Failed and withdrawn are
-- final; a tabled resolution may be taken up again at any stage up to adoption.
create function private.is_allowed_move(
	p_place_kind text, p_stage text, p_status text, p_move text
) returns boolean
language plpgsql immutable
set search_path = ''
as $$
declare
	_stages constant text[] := private.pipeline_stages(p_place_kind);
	_adoption constant integer := array_position(_stages, private.adoption_stage(p_place_kind));
	_kind constant text := split_part(p_move, ':', 1);
	_target constant text := split_part(p_move, ':', 2);
	_to constant integer := array_position(_stages, _target);
	_current integer := coalesce(array_position(_stages, p_stage), 0);
begin
	if p_status in ('failed', 'withdrawn') then
		return false;
	end if;
	if _kind = 'end' then
		if _target not in ('failed', 'withdrawn', 'tabled') then
			return false;
		end if;
		if p_status = 'tabled' then
			return _target in ('failed', 'withdrawn');
		end if;
		if _current = 0 and p_status = 'adopted' then
			_current := _adoption;
		end if;
		return _current < _adoption;
	end if;
	if _kind <> 'stage' or _to is null then
		return false;
	end if;
	if p_status = 'tabled' then
		return _to <= _adoption;
	end if;
	if _current = 0 and p_status = 'adopted' then
		_current := _adoption;
	end if;
	if _current >= _adoption then
		return _to = _current + 1;
	end if;
	return _to > _current and _to <= _adoption;
end
$$;

-- Moves a campaign: its stage or outcome, its decision date, and the dated event that records
-- the move, in one transaction. For its team (and site admins); anything the pipeline does not
-- allow, or a date in the future, is refused (check_violation, with the reason in the hint).
create function private.move_resolution(
	p_resolution_id uuid, p_move text, p_occurred_on date, p_note text, p_source_url text
) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
declare
	_r public.resolutions;
	_kind text;
	_target constant text := split_part(p_move, ':', 2);
	_stage text;
	_status text;
begin
	if not private.can_edit_resolution(p_resolution_id) then
		raise exception 'not on this campaign' using errcode = '42501';
	end if;
	select r.* into _r from public.resolutions r where r.id = p_resolution_id for update;
	select p.kind into _kind from public.places p where p.id = _r.place_id;
	if p_occurred_on is null or p_occurred_on > current_date then
		raise exception 'the date of a move cannot be in the future'
			using errcode = '23514', hint = 'future';
	end if;
	if not private.is_allowed_move(_kind, _r.stage, _r.status, p_move) then
		raise exception 'the pipeline does not allow this move' using errcode = '23514', hint = 'illegal';
	end if;
	if split_part(p_move, ':', 1) = 'stage' then
		_stage := _target;
		_status := case
			when array_position(private.pipeline_stages(_kind), _target)
				>= array_position(private.pipeline_stages(_kind), private.adoption_stage(_kind))
			then 'adopted' else 'pending' end;
	else
		_stage := _r.stage;
		_status := _target;
	end if;
	-- The decision date is when the body decided: set by the move that decides, cleared when a
	-- tabled resolution is taken up again, kept otherwise (adopted → signed).
	update public.resolutions set
		stage = _stage,
		status = _status,
		decided_on = case when _status = 'pending' then null
			when _status is distinct from _r.status then p_occurred_on else decided_on end,
		decided_on_precision = case when _status = 'pending' then null
			when _status is distinct from _r.status then 'day' else decided_on_precision end
	where id = p_resolution_id;
	insert into public.resolution_events (
		resolution_id, occurred_on, stage, status, note, source_url, created_by
	) values (
		p_resolution_id, p_occurred_on,
		case when split_part(p_move, ':', 1) = 'stage' then _target end,
		_status, p_note, p_source_url, (select auth.uid())
	);
end
$$;
revoke all on function private.move_resolution(uuid, text, date, text, text) from public;
grant execute on function private.move_resolution(uuid, text, date, text, text) to authenticated;

-- Whoever creates a resolution leads its campaign.
create function private.add_campaign_lead() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
	if new.created_by is not null and new.provenance = 'organizer' then
		insert into public.resolution_members (resolution_id, user_id, role)
		values (new.id, new.created_by, 'lead')
		on conflict do nothing;
	end if;
	return null;
end
$$;
revoke all on function private.add_campaign_lead() from public;
create trigger resolutions_add_campaign_lead
	after insert on public.resolutions
	for each row execute function private.add_campaign_lead();

-- resolution_members: the policies
create policy "resolution_members: the team reads" on public.resolution_members
	for select to authenticated
	using ((resolution_id in (select private.my_campaign_ids())) or (select private.is_site_admin()));
create policy "resolution_members: leads change roles" on public.resolution_members
	for update to authenticated
	using ((resolution_id in (select private.my_lead_campaign_ids())))
	with check ((resolution_id in (select private.my_lead_campaign_ids())));
create policy "resolution_members: leads remove, members leave" on public.resolution_members
	for delete to authenticated
	using (
		(resolution_id in (select private.my_lead_campaign_ids())) or user_id = (select auth.uid())
	);

-- A membership changes only its role: it cannot move to another campaign or person, and its
-- date is when they joined.
create function private.guard_campaign_member() returns trigger
language plpgsql security invoker
set search_path = ''
as $$
begin
	if new.resolution_id is distinct from old.resolution_id or new.user_id is distinct from old.user_id then
		raise exception 'a membership cannot move' using errcode = '42501';
	end if;
	new.joined_at := old.joined_at;
	return new;
end
$$;
create trigger resolution_members_guard
	before update on public.resolution_members
	for each row execute function private.guard_campaign_member();

-- A campaign always keeps a lead, checked at commit so a hand-over in one transaction passes.
create function private.ensure_campaign_keeps_lead() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
	if exists (select 1 from public.resolutions where id = old.resolution_id)
		and not exists (
			select 1 from public.resolution_members where resolution_id = old.resolution_id and role = 'lead'
		) then
		raise exception 'a campaign must keep at least one lead' using errcode = '23514';
	end if;
	return null;
end
$$;
revoke all on function private.ensure_campaign_keeps_lead() from public;
create constraint trigger resolution_members_keep_lead
	after update or delete on public.resolution_members
	deferrable initially deferred
	for each row execute function private.ensure_campaign_keeps_lead();

-- Team members see each other's display names (a policy on profiles, in its file).
create function private.shares_campaign_with(p_user_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (
		select 1 from public.resolution_members mine
		join public.resolution_members theirs on theirs.resolution_id = mine.resolution_id
		where mine.user_id = (select auth.uid()) and theirs.user_id = p_user_id
	)
$$;
revoke all on function private.shares_campaign_with(uuid) from public;
grant execute on function private.shares_campaign_with(uuid) to authenticated;

-- ---------------------------------------------------------------------------------------------
-- Invitations: the link carries a random token; only its SHA-256 is stored. An invite is used
-- once, for at most 7 days, and a revocation is final. The lead may note whom it is for, so that
-- the right one can be revoked.

create table public.resolution_invites (
	id uuid primary key default gen_random_uuid(),
	resolution_id uuid not null references public.resolutions (id) on delete cascade,
	token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
	role text not null default 'editor' check (role in ('lead', 'editor')),
	note text check (char_length(note) <= 200),
	created_by uuid default auth.uid() references auth.users (id) on delete set null,
	created_at timestamptz not null default now(),
	expires_at timestamptz not null default now() + interval '7 days',
	revoked_at timestamptz,
	used_by uuid references auth.users (id) on delete set null,
	used_at timestamptz,
	check (expires_at <= created_at + interval '7 days'),
	check ((used_by is null) or (used_at is not null))
);
alter table public.resolution_invites enable row level security;
create index resolution_invites_resolution_id_idx on public.resolution_invites (resolution_id);
create index resolution_invites_created_by_idx on public.resolution_invites (created_by);
create index resolution_invites_used_by_idx on public.resolution_invites (used_by);
revoke all on public.resolution_invites from anon, authenticated, service_role;
grant select (
	id, resolution_id, role, note, created_by, created_at, expires_at, revoked_at, used_by, used_at
) on public.resolution_invites to authenticated;
grant insert (id, resolution_id, token_hash, role, note), update (revoked_at)
	on public.resolution_invites to authenticated;

create policy "resolution_invites: leads read" on public.resolution_invites
	for select to authenticated
	using ((resolution_id in (select private.my_lead_campaign_ids())));
create policy "resolution_invites: leads create" on public.resolution_invites
	for insert to authenticated
	with check (
		created_by = (select auth.uid()) and (resolution_id in (select private.my_lead_campaign_ids()))
	);
create policy "resolution_invites: leads revoke" on public.resolution_invites
	for update to authenticated
	using ((resolution_id in (select private.my_lead_campaign_ids())))
	with check ((resolution_id in (select private.my_lead_campaign_ids())));

-- A client creates an invite as it is (7 days, unused, not revoked) and may only revoke it, for
-- good. Shared with group invites.
create function private.guard_invite() returns trigger
language plpgsql
set search_path = ''
as $$
begin
	if current_user not in ('anon', 'authenticated') then
		return new;
	end if;
	if tg_op = 'INSERT' then
		new.expires_at := now() + interval '7 days';
		new.revoked_at := null;
		new.used_by := null;
		new.used_at := null;
		return new;
	end if;
	new := jsonb_populate_record(new, to_jsonb(old) - 'revoked_at');
	new.revoked_at := coalesce(old.revoked_at, case when new.revoked_at is not null then now() end);
	return new;
end
$$;
revoke all on function private.guard_invite() from public;
create trigger resolution_invites_guard
	before insert or update on public.resolution_invites
	for each row execute function private.guard_invite();
create trigger resolution_invites_stamp
	before insert or update on public.resolution_invites
	for each row execute function private.stamp_who_and_when('created_by', 'created_at', '', 'resolution_id');
create trigger resolution_invites_no_client_truncate
	before truncate on public.resolution_invites
	for each statement execute function private.refuse_client_truncate();

-- Joins the caller to the campaign of a valid invite and uses it up. Returns the resolution id,
-- or null for an unknown, used, expired or revoked token (never saying which). Someone already
-- on the team does not use it up.
create function private.accept_campaign_invite(p_token_hash text) returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
	v_invite public.resolution_invites;
	v_user uuid := (select auth.uid());
begin
	if v_user is null then
		return null;
	end if;
	select * into v_invite from public.resolution_invites
	where token_hash = p_token_hash and revoked_at is null and used_at is null and expires_at > now()
	for update;
	if not found then
		return null;
	end if;
	if exists (
		select 1 from public.resolution_members
		where resolution_id = v_invite.resolution_id and user_id = v_user
	) then
		return v_invite.resolution_id;
	end if;
	insert into public.resolution_members (resolution_id, user_id, role)
	values (v_invite.resolution_id, v_user, v_invite.role);
	update public.resolution_invites set used_by = v_user, used_at = now() where id = v_invite.id;
	return v_invite.resolution_id;
end
$$;
revoke all on function private.accept_campaign_invite(text) from public;
grant execute on function private.accept_campaign_invite(text) to authenticated;

-- What a valid invite is for, so its page (and the sign-in page it leads a signed-out invitee to)
-- can say who invited them to which campaign, as what, until when. Whoever holds the link may
-- know this much, signed in or not; an unknown, used, expired or revoked token gives no row.
-- plpgsql: profiles are created by a later migration.
create function private.describe_campaign_invite(p_token_hash text)
returns table (title text, place_name text, state_code text, inviter text, role text,
	expires_at timestamptz)
language plpgsql stable security definer
set search_path = ''
as $$
begin
	return query
	select r.title, p.name::text, p.state_code::text, pr.display_name, i.role, i.expires_at
	from public.resolution_invites i
	join public.resolutions r on r.id = i.resolution_id
	join public.places p on p.id = r.place_id
	left join public.profiles pr on pr.id = i.created_by
	where i.token_hash = p_token_hash and i.revoked_at is null and i.used_at is null
		and i.expires_at > now();
end
$$;
revoke all on function private.describe_campaign_invite(text) from public;
grant execute on function private.describe_campaign_invite(text) to anon, authenticated;

-- Someone who leaves or is removed cannot come back through the link they used, nor let others
-- in through the links they made.
create function private.revoke_campaign_invites_of_member() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
	update public.resolution_invites set revoked_at = now()
	where resolution_id = old.resolution_id and revoked_at is null
		and (created_by = old.user_id or used_by = old.user_id);
	return null;
end
$$;
revoke all on function private.revoke_campaign_invites_of_member() from public;
create trigger resolution_members_revoke_invites
	after delete on public.resolution_members
	for each row execute function private.revoke_campaign_invites_of_member();
