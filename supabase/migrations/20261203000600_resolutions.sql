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
	source_url text check (source_url ~ '^https?://' and char_length(source_url) <= 2000),
	source_title text check (char_length(source_title) <= 500),
	notes text check (char_length(notes) <= 2000),
	-- How the row got here: 'seed' (the curated dataset), 'organizer', 'report', 'import' (CSV).
	provenance text not null default 'organizer',
	verified boolean not null default false,
	created_by uuid references auth.users (id) on delete set null,
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
grant select on public.resolutions to anon, authenticated;
grant insert, update, delete on public.resolutions to authenticated;

create trigger resolutions_bump_publication_version
	after insert or update or delete on public.resolutions
	for each statement execute function private.bump_publication_version();

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
grant select, insert, update, delete on public.resolution_members to authenticated;

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
	with check (
		created_by = (select auth.uid())
		and (provenance = 'organizer' or (select private.is_site_admin()))
		and (verified = false or (select private.is_site_admin()))
	);
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

-- Editors write; only a lead (or a site admin) publishes or unpublishes.
create function private.guard_resolution_publication() returns trigger
language plpgsql security invoker
set search_path = ''
as $$
begin
	if current_user in ('anon', 'authenticated') and new.visibility is distinct from old.visibility
		and not private.is_campaign_lead(old.id) and not private.is_site_admin() then
		raise exception 'only a lead publishes' using errcode = '42501';
	end if;
	return new;
end
$$;
create trigger resolutions_guard_publication
	before update on public.resolutions
	for each row execute function private.guard_resolution_publication();

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
create policy "resolution_members: leads add" on public.resolution_members
	for insert to authenticated
	with check ((resolution_id in (select private.my_lead_campaign_ids())));
create policy "resolution_members: leads change roles" on public.resolution_members
	for update to authenticated
	using ((resolution_id in (select private.my_lead_campaign_ids())))
	with check ((resolution_id in (select private.my_lead_campaign_ids())));
create policy "resolution_members: leads remove, members leave" on public.resolution_members
	for delete to authenticated
	using (
		(resolution_id in (select private.my_lead_campaign_ids())) or user_id = (select auth.uid())
	);

create function private.guard_campaign_member() returns trigger
language plpgsql security invoker
set search_path = ''
as $$
begin
	if new.resolution_id is distinct from old.resolution_id or new.user_id is distinct from old.user_id then
		raise exception 'a membership cannot move' using errcode = '42501';
	end if;
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
-- Invitations: the link carries a random token; only its SHA-256 is stored.

create table public.resolution_invites (
	id uuid primary key default gen_random_uuid(),
	resolution_id uuid not null references public.resolutions (id) on delete cascade,
	token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
	role text not null default 'editor' check (role in ('lead', 'editor')),
	created_by uuid references auth.users (id) on delete set null,
	created_at timestamptz not null default now(),
	expires_at timestamptz not null default now() + interval '7 days',
	revoked_at timestamptz,
	check (expires_at <= created_at + interval '7 days')
);
alter table public.resolution_invites enable row level security;
create index resolution_invites_resolution_id_idx on public.resolution_invites (resolution_id);
create index resolution_invites_created_by_idx on public.resolution_invites (created_by);
grant select, insert, update on public.resolution_invites to authenticated;

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

-- Joins the caller to the campaign of a valid invite. Returns the resolution id, or null for an
-- unknown, expired or revoked token (never saying which).
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
	where token_hash = p_token_hash and revoked_at is null and expires_at > now();
	if not found then
		return null;
	end if;
	insert into public.resolution_members (resolution_id, user_id, role)
	values (v_invite.resolution_id, v_user, v_invite.role)
	on conflict (resolution_id, user_id) do nothing;
	return v_invite.resolution_id;
end
$$;
revoke all on function private.accept_campaign_invite(text) from public;
grant execute on function private.accept_campaign_invite(text) to authenticated;
