-- Campaigns: the organizers who run a resolution from first draft to adoption (a team of leads
-- and editors, joined by expiring invite links), what they ask the public to do while a vote is
-- pending (recipients, a letter, anonymous "I sent it" reports), and resolutions the public
-- reports for site admins to moderate.

alter table public.resolutions
	-- Organizations that endorse the campaign, shown on the public page.
	add column endorsers text[] not null default '{}' check (
		cardinality(endorsers) <= 200 and char_length(array_to_string(endorsers, '')) <= 20000
	),
	-- The letter visitors are asked to send while the vote is pending.
	add column letter_subject text check (char_length(letter_subject) <= 300),
	add column letter_body text check (char_length(letter_body) <= 20000);

-- Rows added by the CSV import are told apart from the curated seed and from organizers' own.
alter table public.resolutions drop constraint resolutions_provenance_check;
alter table public.resolutions add constraint resolutions_provenance_check
	check (provenance in ('seed', 'organizer', 'report', 'import'));

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

-- The team and site admins edit a resolution (was: its author). Used by the policies of
-- resolution_events and the resolution-files bucket, which keep their names.
create or replace function private.can_edit_resolution(p_resolution_id uuid) returns boolean
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

drop policy "resolutions: authors and admins read drafts" on public.resolutions;
drop policy "resolutions: authors and admins update" on public.resolutions;
drop policy "resolutions: authors delete drafts, admins any" on public.resolutions;

create policy "resolutions: the team and admins read drafts" on public.resolutions
	for select to authenticated
	using (
		(id in (select private.my_campaign_ids()))
		or (select private.is_site_admin())
		or (created_by = (select auth.uid()) and not (select private.campaign_has_members(id)))
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

-- Team members see each other's display names.
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

create policy "profiles: campaign co-members read" on public.profiles
	for select to authenticated
	using ((select private.shares_campaign_with(id)));

-- ---------------------------------------------------------------------------------------------
-- The call to act

-- Who decides: public officials' names, roles and office addresses, shown once published.
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
grant select on public.resolution_recipients to anon, authenticated;
grant insert, update, delete on public.resolution_recipients to authenticated;

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

create trigger resolution_recipients_bump_publication_version
	after insert or update or delete on public.resolution_recipients
	for each statement execute function private.bump_publication_version();

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

-- ---------------------------------------------------------------------------------------------
-- Public reports and their moderation

create table public.resolution_reports (
	id uuid primary key default gen_random_uuid(),
	place_name text not null check (char_length(place_name) between 1 and 200),
	place_kind text not null check (place_kind in (
		'city', 'county', 'state', 'school_district', 'school', 'university', 'student_government'
	)),
	state_code char(2) not null check (state_code ~ '^[A-Z]{2}$'),
	status text not null check (status in (
		'pending', 'adopted', 'failed', 'withdrawn', 'tabled', 'consent_letter'
	)),
	decided_on date check (decided_on between date '1980-01-01' and date '2100-12-31'),
	title text not null check (char_length(title) between 1 and 300),
	body text check (char_length(body) <= 200),
	source_url text not null check (source_url ~ '^https?://' and char_length(source_url) <= 2000),
	notes text check (char_length(notes) <= 2000),
	-- Optional, to ask the reporter a question; erased when the report is decided.
	contact_email text check (
		contact_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and char_length(contact_email) <= 320
	),
	state text not null default 'pending' check (state in ('pending', 'approved', 'merged', 'rejected')),
	decision_reason text check (char_length(decision_reason) <= 1000),
	-- The resolution an approval created or a merge went into.
	resolution_id uuid references public.resolutions (id) on delete set null,
	decided_by uuid references auth.users (id) on delete set null,
	decided_at timestamptz,
	created_at timestamptz not null default now(),
	check ((state = 'pending') = (decided_at is null)),
	check (state = 'pending' or contact_email is null),
	check (state <> 'rejected' or decision_reason is not null),
	check (state not in ('approved', 'merged') or resolution_id is not null)
);
alter table public.resolution_reports enable row level security;
create index resolution_reports_state_idx on public.resolution_reports (state, created_at);
create index resolution_reports_resolution_id_idx on public.resolution_reports (resolution_id);
create index resolution_reports_decided_by_idx on public.resolution_reports (decided_by);
grant insert on public.resolution_reports to anon, authenticated;
grant select, update, delete on public.resolution_reports to authenticated;

create policy "resolution_reports: anyone reports" on public.resolution_reports
	for insert to anon, authenticated
	with check (
		state = 'pending' and decided_at is null and decided_by is null and resolution_id is null
		and decision_reason is null
	);
create policy "resolution_reports: admins read" on public.resolution_reports
	for select to authenticated
	using ((select private.is_site_admin()));
create policy "resolution_reports: admins decide" on public.resolution_reports
	for update to authenticated
	using ((select private.is_site_admin()))
	with check ((select private.is_site_admin()));
create policy "resolution_reports: admins delete" on public.resolution_reports
	for delete to authenticated
	using ((select private.is_site_admin()));
