-- Sponsor groups: volunteers who resettle a refugee family. Everything in the group files is
-- visible to the group's members only — not to site admins, not to anyone else. Data about the
-- family is kept to the minimum: no names anywhere.
--
-- A group, its members and its invitations are one unit: each one's policies ask the others.

create table public.sponsor_groups (
	id uuid primary key default gen_random_uuid(),
	name text not null check (char_length(name) between 1 and 120),
	city text not null check (char_length(city) between 1 and 120),
	state_code char(2) not null check (state_code ~ '^[A-Z]{2}$'),
	program_id text not null references public.programs (id) on delete restrict,
	created_by uuid references auth.users (id) on delete set null,
	created_at timestamptz not null default now(),
	-- When a group closes, its family data and documents are deleted `retention_days` later.
	closed_at timestamptz,
	retention_days integer not null default 180 check (retention_days between 1 and 3650),
	-- When the retention job deleted the family data and document rows, and when it confirmed the
	-- files gone. On Supabase only the Storage API deletes files, which can fail or lack its key,
	-- so the job retries every purged group until files_purged_at is set.
	family_purged_at timestamptz,
	files_purged_at timestamptz
);
alter table public.sponsor_groups enable row level security;
create index sponsor_groups_program_id_idx on public.sponsor_groups (program_id);
create index sponsor_groups_created_by_idx on public.sponsor_groups (created_by);
grant select, insert, update, delete on public.sponsor_groups to authenticated;

create table public.group_members (
	group_id uuid not null references public.sponsor_groups (id) on delete cascade,
	user_id uuid not null references auth.users (id) on delete cascade,
	role text not null default 'member' check (role in ('lead', 'member')),
	committees text[] not null default '{}' check (
		committees <@ array['housing', 'finance', 'education', 'employment', 'health', 'transport']
	),
	-- Eligibility answers by item key: {"adult": true, "background_check": false, …}.
	eligibility jsonb not null default '{}' check (jsonb_typeof(eligibility) = 'object'),
	joined_at timestamptz not null default now(),
	primary key (group_id, user_id)
);
alter table public.group_members enable row level security;
create index group_members_user_id_idx on public.group_members (user_id);
grant select, insert, update, delete on public.group_members to authenticated;

-- Membership checks for policies: security definer so they do not recurse into group_members'
-- own policies, and read nothing else.
create function private.is_group_member(p_group_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (
		select 1 from public.group_members
		where group_id = p_group_id and user_id = (select auth.uid())
	)
$$;
revoke all on function private.is_group_member(uuid) from public;
grant execute on function private.is_group_member(uuid) to authenticated;

create function private.is_group_lead(p_group_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (
		select 1 from public.group_members
		where group_id = p_group_id and user_id = (select auth.uid()) and role = 'lead'
	)
$$;
revoke all on function private.is_group_lead(uuid) from public;
grant execute on function private.is_group_lead(uuid) to authenticated;

-- The caller's groups, for policies: `group_id in (select private.my_group_ids())` runs once per
-- statement, where a per-row membership check would run once per row.
create function private.my_group_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
	select group_id from public.group_members where user_id = (select auth.uid())
$$;
revoke all on function private.my_group_ids() from public;
grant execute on function private.my_group_ids() to authenticated;

create function private.my_lead_group_ids() returns setof uuid
language sql stable security definer
set search_path = ''
as $$
	select group_id from public.group_members where user_id = (select auth.uid()) and role = 'lead'
$$;
revoke all on function private.my_lead_group_ids() from public;
grant execute on function private.my_lead_group_ids() to authenticated;

-- The caller created this group and it has no members yet: it may add itself as the first lead.
create function private.can_start_group(p_group_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (
		select 1 from public.sponsor_groups g
		where g.id = p_group_id and g.created_by = (select auth.uid())
	) and not exists (select 1 from public.group_members m where m.group_id = p_group_id)
$$;
revoke all on function private.can_start_group(uuid) from public;
grant execute on function private.can_start_group(uuid) to authenticated;

create function private.group_has_members(p_group_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (select 1 from public.group_members where group_id = p_group_id)
$$;
revoke all on function private.group_has_members(uuid) from public;
grant execute on function private.group_has_members(uuid) to authenticated;

create function private.shares_group_with(p_user_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (
		select 1 from public.group_members mine
		join public.group_members theirs on theirs.group_id = mine.group_id
		where mine.user_id = (select auth.uid()) and theirs.user_id = p_user_id
	)
$$;
revoke all on function private.shares_group_with(uuid) from public;
grant execute on function private.shares_group_with(uuid) to authenticated;

-- sponsor_groups
create policy "sponsor_groups: members read" on public.sponsor_groups
	for select to authenticated
	using ((id in (select private.my_group_ids())));
-- The creator becomes its lead in the same transaction (src/lib/server/groups).
create policy "sponsor_groups: signed-in users create" on public.sponsor_groups
	for insert to authenticated
	with check (created_by = (select auth.uid()));
create policy "sponsor_groups: leads change" on public.sponsor_groups
	for update to authenticated
	using ((id in (select private.my_lead_group_ids())))
	with check ((id in (select private.my_lead_group_ids())));
create policy "sponsor_groups: leads delete" on public.sponsor_groups
	for delete to authenticated
	using ((id in (select private.my_lead_group_ids())));

-- A new group is readable by its creator before the lead row exists (insert … returning).
create policy "sponsor_groups: creator reads a group without members" on public.sponsor_groups
	for select to authenticated
	using (created_by = (select auth.uid()) and not (select private.group_has_members(id)));

-- group_members
create policy "group_members: members read" on public.group_members
	for select to authenticated
	using ((group_id in (select private.my_group_ids())));
-- Leads add members; the creator of a group without members adds itself as its first lead.
-- Invitees join through private.accept_group_invite().
create policy "group_members: leads add, creators start" on public.group_members
	for insert to authenticated
	with check (
		(group_id in (select private.my_lead_group_ids()))
		or (
			user_id = (select auth.uid()) and role = 'lead'
			and (select private.can_start_group(group_id))
		)
	);
create policy "group_members: leads change anyone, members their own answers" on public.group_members
	for update to authenticated
	using ((group_id in (select private.my_lead_group_ids())) or user_id = (select auth.uid()))
	with check ((group_id in (select private.my_lead_group_ids())) or user_id = (select auth.uid()));
create policy "group_members: leads remove, members leave" on public.group_members
	for delete to authenticated
	using ((group_id in (select private.my_lead_group_ids())) or user_id = (select auth.uid()));

-- A member may change their own eligibility answers but not make themselves lead.
create function private.guard_member_role() returns trigger
language plpgsql security invoker
set search_path = ''
as $$
begin
	if current_user in ('anon', 'authenticated') and new.role is distinct from old.role
		and not private.is_group_lead(old.group_id) then
		raise exception 'only a lead changes roles' using errcode = '42501';
	end if;
	if new.group_id is distinct from old.group_id or new.user_id is distinct from old.user_id then
		raise exception 'a membership cannot move' using errcode = '42501';
	end if;
	return new;
end
$$;
create trigger group_members_guard_role
	before update on public.group_members
	for each row execute function private.guard_member_role();

-- A group always keeps a lead: checked at commit, so a hand-over (promote, then step down) in
-- one transaction passes. Deleting the whole group removes its members with it.
create function private.ensure_group_keeps_lead() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
	if exists (select 1 from public.sponsor_groups where id = old.group_id)
		and not exists (
			select 1 from public.group_members where group_id = old.group_id and role = 'lead'
		) then
		raise exception 'a group must keep at least one lead' using errcode = '23514';
	end if;
	return null;
end
$$;
revoke all on function private.ensure_group_keeps_lead() from public;
create constraint trigger group_members_keep_lead
	after update or delete on public.group_members
	deferrable initially deferred
	for each row execute function private.ensure_group_keeps_lead();

-- Invitations: the link carries a random token; only its SHA-256 is stored.
create table public.group_invites (
	id uuid primary key default gen_random_uuid(),
	group_id uuid not null references public.sponsor_groups (id) on delete cascade,
	token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
	role text not null default 'member' check (role in ('lead', 'member')),
	created_by uuid references auth.users (id) on delete set null,
	created_at timestamptz not null default now(),
	expires_at timestamptz not null default now() + interval '7 days',
	revoked_at timestamptz,
	check (expires_at <= created_at + interval '7 days')
);
alter table public.group_invites enable row level security;
create index group_invites_group_id_idx on public.group_invites (group_id);
create index group_invites_created_by_idx on public.group_invites (created_by);
grant select, insert, update on public.group_invites to authenticated;

create policy "group_invites: leads read" on public.group_invites
	for select to authenticated
	using ((group_id in (select private.my_lead_group_ids())));
create policy "group_invites: leads create" on public.group_invites
	for insert to authenticated
	with check (created_by = (select auth.uid()) and (group_id in (select private.my_lead_group_ids())));
create policy "group_invites: leads revoke" on public.group_invites
	for update to authenticated
	using ((group_id in (select private.my_lead_group_ids())))
	with check ((group_id in (select private.my_lead_group_ids())));

-- Joins the caller to the group of a valid invite; the token's hash is the only key. Returns the
-- group id, or null for an unknown, expired or revoked token (never saying which).
create function private.accept_group_invite(p_token_hash text) returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
	v_invite public.group_invites;
	v_user uuid := (select auth.uid());
begin
	if v_user is null then
		return null;
	end if;
	select * into v_invite from public.group_invites
	where token_hash = p_token_hash and revoked_at is null and expires_at > now();
	if not found then
		return null;
	end if;
	insert into public.group_members (group_id, user_id, role)
	values (v_invite.group_id, v_user, v_invite.role)
	on conflict (group_id, user_id) do nothing;
	return v_invite.group_id;
end
$$;
revoke all on function private.accept_group_invite(text) from public;
grant execute on function private.accept_group_invite(text) to authenticated;

-- Only the maintenance job (the owner's connection) records a purge; leads may close and reopen.
create function private.guard_group_purge() returns trigger
language plpgsql security invoker
set search_path = ''
as $$
begin
	if current_user in ('anon', 'authenticated')
		and (new.family_purged_at is distinct from old.family_purged_at
			or new.files_purged_at is distinct from old.files_purged_at) then
		raise exception 'only the retention job records a purge' using errcode = '42501';
	end if;
	if current_user in ('anon', 'authenticated') and old.family_purged_at is not null
		and new.closed_at is distinct from old.closed_at then
		raise exception 'a purged group stays closed' using errcode = '42501';
	end if;
	return new;
end
$$;
create trigger sponsor_groups_guard_purge
	before update on public.sponsor_groups
	for each row execute function private.guard_group_purge();
