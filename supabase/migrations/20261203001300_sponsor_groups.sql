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
	created_by uuid default auth.uid() references auth.users (id) on delete set null,
	created_at timestamptz not null default now(),
	-- When a group closes, it is deleted — with everything in it — `retention_days` later
	-- (private.purge_group).
	closed_at timestamptz,
	retention_days integer not null default 180 check (retention_days between 1 and 3650)
);
alter table public.sponsor_groups enable row level security;
create index sponsor_groups_program_id_idx on public.sponsor_groups (program_id);
create index sponsor_groups_created_by_idx on public.sponsor_groups (created_by);
revoke all on public.sponsor_groups from anon, authenticated, service_role;
grant select, insert (id, name, city, state_code, program_id, retention_days),
	update (name, city, state_code, program_id, retention_days, closed_at), delete
	on public.sponsor_groups to authenticated;

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
-- Nobody is added by a client: the creator becomes lead (a trigger) and everyone else joins by
-- consuming an invite (private.accept_group_invite). Leads change roles and committees; members
-- their own committees and answers; anyone may leave.
revoke all on public.group_members from anon, authenticated, service_role;
grant select, update (role, committees, eligibility), delete on public.group_members to authenticated;

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
-- The creator becomes its lead at once (private.add_group_lead).
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
create policy "group_members: leads change anyone, members their own answers" on public.group_members
	for update to authenticated
	using ((group_id in (select private.my_lead_group_ids())) or user_id = (select auth.uid()))
	with check ((group_id in (select private.my_lead_group_ids())) or user_id = (select auth.uid()));
create policy "group_members: leads remove, members leave" on public.group_members
	for delete to authenticated
	using ((group_id in (select private.my_lead_group_ids())) or user_id = (select auth.uid()));

-- A member may change their own committees and eligibility answers but not make themselves
-- lead, and nobody else's answers are theirs to give. A membership cannot move to another group
-- or person, and its date is when they joined.
create function private.guard_member_role() returns trigger
language plpgsql security invoker
set search_path = ''
as $$
begin
	if new.group_id is distinct from old.group_id or new.user_id is distinct from old.user_id then
		raise exception 'a membership cannot move' using errcode = '42501';
	end if;
	if current_user in ('anon', 'authenticated') then
		if new.role is distinct from old.role and not private.is_group_lead(old.group_id) then
			raise exception 'only a lead changes roles' using errcode = '42501';
		end if;
		if new.eligibility is distinct from old.eligibility and old.user_id <> auth.uid() then
			raise exception 'members answer for themselves' using errcode = '42501';
		end if;
		new.joined_at := old.joined_at;
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

-- Invitations: as a campaign's (private.guard_invite): the link carries a random token and only
-- its SHA-256 is stored; an invite is used once, for at most 7 days; a revocation is final.
create table public.group_invites (
	id uuid primary key default gen_random_uuid(),
	group_id uuid not null references public.sponsor_groups (id) on delete cascade,
	token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
	role text not null default 'member' check (role in ('lead', 'member')),
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
alter table public.group_invites enable row level security;
create index group_invites_group_id_idx on public.group_invites (group_id);
create index group_invites_created_by_idx on public.group_invites (created_by);
create index group_invites_used_by_idx on public.group_invites (used_by);
revoke all on public.group_invites from anon, authenticated, service_role;
grant select (
	id, group_id, role, note, created_by, created_at, expires_at, revoked_at, used_by, used_at
) on public.group_invites to authenticated;
grant insert (id, group_id, token_hash, role, note), update (revoked_at)
	on public.group_invites to authenticated;

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

create trigger group_invites_guard
	before insert or update on public.group_invites
	for each row execute function private.guard_invite();
create trigger group_invites_stamp
	before insert or update on public.group_invites
	for each row execute function private.stamp_who_and_when('created_by', 'created_at', '');

-- Joins the caller to the group of a valid invite and uses it up; the token's hash is the only
-- key. Returns the group id, or null for an unknown, used, expired or revoked token, or a closed
-- group (never saying which). Someone already in the group does not use it up.
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
	select i.* into v_invite from public.group_invites i
	join public.sponsor_groups g on g.id = i.group_id
	where i.token_hash = p_token_hash and i.revoked_at is null and i.used_at is null
		and i.expires_at > now() and g.closed_at is null
	for update of i;
	if not found then
		return null;
	end if;
	if exists (
		select 1 from public.group_members where group_id = v_invite.group_id and user_id = v_user
	) then
		return v_invite.group_id;
	end if;
	insert into public.group_members (group_id, user_id, role)
	values (v_invite.group_id, v_user, v_invite.role);
	update public.group_invites set used_by = v_user, used_at = now() where id = v_invite.id;
	return v_invite.group_id;
end
$$;
revoke all on function private.accept_group_invite(text) from public;
grant execute on function private.accept_group_invite(text) to authenticated;

-- Someone who leaves or is removed cannot come back through the link they used, nor let others
-- in through the links they made.
create function private.revoke_group_invites_of_member() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
	update public.group_invites set revoked_at = now()
	where group_id = old.group_id and revoked_at is null
		and (created_by = old.user_id or used_by = old.user_id);
	return null;
end
$$;
revoke all on function private.revoke_group_invites_of_member() from public;
create trigger group_members_revoke_invites
	after delete on public.group_members
	for each row execute function private.revoke_group_invites_of_member();

-- Whoever starts a group leads it.
create function private.add_group_lead() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
	if new.created_by is not null then
		insert into public.group_members (group_id, user_id, role) values (new.id, new.created_by, 'lead');
	end if;
	return null;
end
$$;
revoke all on function private.add_group_lead() from public;
create trigger sponsor_groups_add_lead
	after insert on public.sponsor_groups
	for each row execute function private.add_group_lead();

-- Closing is the lead's, at the moment they close: a client's closed_at is now or nothing, and a
-- new group is open. A closed group is read-only: the only change it takes is being reopened, before its data goes.
create function private.guard_group_closing() returns trigger
language plpgsql
set search_path = ''
as $$
begin
	if current_user not in ('anon', 'authenticated') then
		return new;
	end if;
	if tg_op = 'INSERT' then
		new.closed_at := null;
		return new;
	end if;
	if old.closed_at is not null then
		if new.closed_at is not null then
			raise exception 'this group is closed' using errcode = '42501';
		end if;
		-- Reopening changes nothing else.
		new := jsonb_populate_record(new, to_jsonb(old) - 'closed_at');
		return new;
	end if;
	new.closed_at := case when new.closed_at is not null then now() end;
	return new;
end
$$;
revoke all on function private.guard_group_closing() from public;
create trigger sponsor_groups_guard_closing
	before insert or update on public.sponsor_groups
	for each row execute function private.guard_group_closing();

-- For every table of a group's workspace: a row stays in its group, and a client cannot change
-- anything in a closed group. (The owner's connection — the retention job — can.)
create function private.guard_group_row() returns trigger
language plpgsql
set search_path = ''
as $$
declare
	_group_id uuid := case when tg_op = 'DELETE' then old.group_id else new.group_id end;
begin
	if current_user not in ('anon', 'authenticated') then
		return case when tg_op = 'DELETE' then old else new end;
	end if;
	if tg_op = 'UPDATE' then
		new.group_id := old.group_id;
		_group_id := old.group_id;
	end if;
	-- A client sees its own groups; a write to anyone else's is refused by the policies anyway.
	if exists (select 1 from public.sponsor_groups where id = _group_id and closed_at is not null) then
		raise exception 'this group is closed' using errcode = '42501';
	end if;
	return case when tg_op = 'DELETE' then old else new end;
end
$$;
revoke all on function private.guard_group_row() from public;
create trigger group_members_guard_group_row
	before update on public.group_members
	for each row execute function private.guard_group_row();
create trigger group_invites_guard_group_row
	before insert or update on public.group_invites
	for each row execute function private.guard_group_row();

create trigger sponsor_groups_stamp
	before insert or update on public.sponsor_groups
	for each row execute function private.stamp_who_and_when('created_by', 'created_at', '', 'group_id');
create trigger sponsor_groups_no_client_truncate
	before truncate on public.sponsor_groups
	for each statement execute function private.refuse_client_truncate();
create trigger group_members_no_client_truncate
	before truncate on public.group_members
	for each statement execute function private.refuse_client_truncate();
create trigger group_invites_no_client_truncate
	before truncate on public.group_invites
	for each statement execute function private.refuse_client_truncate();

-- ---------------------------------------------------------------------------------------------
-- Deletion after closing

-- Groups deleted whose files the retention job has not yet seen go: on Supabase only the Storage
-- API deletes files, which can fail or lack its key, so the job retries until they are gone. A
-- group's id is all that is kept, and only until then.
create table private.group_files_to_purge (
	group_id uuid primary key,
	deleted_at timestamptz not null default now()
);
revoke all on private.group_files_to_purge from public, anon, authenticated, service_role;

-- Deletes a group and everything in it — the family's details, documents' records, tasks with
-- their notes and comments, the budget, the activity log, invites and the member list — in one
-- transaction, tells its leads, and notes its files for deletion. For the retention job (the
-- owner's connection); no API role may call it.
create function private.purge_group(p_group_id uuid) returns void
language plpgsql
set search_path = ''
as $$
begin
	perform private.queue_mail('group_deleted', m.user_id, null, jsonb_build_object('group_name', g.name))
	from public.group_members m join public.sponsor_groups g on g.id = m.group_id
	where m.group_id = p_group_id and m.role = 'lead';
	insert into private.group_files_to_purge (group_id) values (p_group_id)
	on conflict (group_id) do nothing;
	delete from public.sponsor_groups where id = p_group_id;
end
$$;
revoke all on function private.purge_group(uuid) from public;

-- When a lead closes a group, its leads are told when it will be deleted (and how to keep what
-- they need, or reopen it).
create function private.mail_group_closing() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
	perform private.queue_mail(
		'group_closing', m.user_id, null,
		jsonb_build_object(
			'group_name', new.name,
			'delete_on', (new.closed_at + new.retention_days * interval '1 day')::date
		)
	)
	from public.group_members m where m.group_id = new.id and m.role = 'lead';
	return null;
end
$$;
revoke all on function private.mail_group_closing() from public;
create trigger sponsor_groups_mail_closing
	after update of closed_at on public.sponsor_groups
	for each row when (old.closed_at is null and new.closed_at is not null)
	execute function private.mail_group_closing();
