-- Sponsor groups: volunteers who resettle a refugee family. Everything here except the program
-- presets is visible to the group's members only — not to site admins, not to anyone else.
-- Data about the family is kept to the minimum: no names anywhere.

-- Program rules as data. Read by everyone (they are public rules), changed by site admins.
create table public.programs (
	id text primary key check (id ~ '^[a-z0-9_]{2,40}$'),
	name text not null check (char_length(name) between 1 and 120),
	country char(2) not null check (country ~ '^[A-Z]{2}$'),
	currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
	min_members integer not null check (min_members between 1 and 100),
	-- The funding rule: a fixed amount, plus an amount per person, or a table by household size
	-- (`{"1": cents, "2": cents, …, "extra": cents per person above the largest size}`).
	funding_base_cents bigint not null default 0 check (funding_base_cents >= 0),
	funding_per_person_cents bigint not null default 0 check (funding_per_person_cents >= 0),
	funding_table jsonb check (funding_table is null or jsonb_typeof(funding_table) = 'object'),
	cash_share_percent integer not null default 0 check (cash_share_percent between 0 and 100),
	support_days integer not null check (support_days between 1 and 3650),
	status text not null default 'active' check (status in ('active', 'paused')),
	status_note text check (char_length(status_note) <= 1000),
	-- [{ "key", "title", "category", "kind": "action"|"supply", "due_days": offset from arrival }]
	checklist jsonb not null default '[]' check (jsonb_typeof(checklist) = 'array'),
	-- Eligibility items each member answers yes or no (never the documents themselves).
	eligibility jsonb not null default '[]' check (jsonb_typeof(eligibility) = 'array'),
	updated_at timestamptz not null default now()
);
alter table public.programs enable row level security;
grant select on public.programs to anon, authenticated;
grant insert, update, delete on public.programs to authenticated;

create policy "programs: anyone reads" on public.programs
	for select to anon, authenticated
	using (true);
create policy "programs: admins add" on public.programs
	for insert to authenticated
	with check ((select private.is_site_admin()));
create policy "programs: admins change" on public.programs
	for update to authenticated
	using ((select private.is_site_admin()))
	with check ((select private.is_site_admin()));
create policy "programs: admins delete" on public.programs
	for delete to authenticated
	using ((select private.is_site_admin()));

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
	retention_days integer not null default 180 check (retention_days between 1 and 3650)
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

-- Members see each other's display names.
create policy "profiles: co-members read" on public.profiles
	for select to authenticated
	using ((select private.shares_group_with(id)));

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

-- The family, minimally: no names. Members read this; leads change it.
create table public.group_families (
	group_id uuid primary key references public.sponsor_groups (id) on delete cascade,
	household_size integer check (household_size between 1 and 30),
	languages text[] not null default '{}' check (cardinality(languages) <= 10),
	arrival_on date check (arrival_on between date '2000-01-01' and date '2100-12-31'),
	needs text check (char_length(needs) <= 4000),
	updated_at timestamptz not null default now()
);
alter table public.group_families enable row level security;
grant select, insert, update, delete on public.group_families to authenticated;

-- Needs marked sensitive (health, protection…): leads only, in their own table because RLS
-- works on rows, not columns.
create table public.group_family_sensitive (
	group_id uuid primary key references public.sponsor_groups (id) on delete cascade,
	needs text check (char_length(needs) <= 4000),
	updated_at timestamptz not null default now()
);
alter table public.group_family_sensitive enable row level security;
grant select, insert, update, delete on public.group_family_sensitive to authenticated;

create policy "group_families: members read" on public.group_families
	for select to authenticated
	using ((group_id in (select private.my_group_ids())));
create policy "group_families: leads add" on public.group_families
	for insert to authenticated
	with check ((group_id in (select private.my_lead_group_ids())));
create policy "group_families: leads change" on public.group_families
	for update to authenticated
	using ((group_id in (select private.my_lead_group_ids())))
	with check ((group_id in (select private.my_lead_group_ids())));
create policy "group_families: leads delete" on public.group_families
	for delete to authenticated
	using ((group_id in (select private.my_lead_group_ids())));

create policy "group_family_sensitive: leads read" on public.group_family_sensitive
	for select to authenticated
	using ((group_id in (select private.my_lead_group_ids())));
create policy "group_family_sensitive: leads add" on public.group_family_sensitive
	for insert to authenticated
	with check ((group_id in (select private.my_lead_group_ids())));
create policy "group_family_sensitive: leads change" on public.group_family_sensitive
	for update to authenticated
	using ((group_id in (select private.my_lead_group_ids())))
	with check ((group_id in (select private.my_lead_group_ids())));
create policy "group_family_sensitive: leads delete" on public.group_family_sensitive
	for delete to authenticated
	using ((group_id in (select private.my_lead_group_ids())));

-- The welcome plan. A task is due a number of days from arrival, or on a fixed date.
create table public.group_tasks (
	id uuid primary key default gen_random_uuid(),
	group_id uuid not null references public.sponsor_groups (id) on delete cascade,
	title text not null check (char_length(title) between 1 and 200),
	category text not null check (category in (
		'housing', 'arrival', 'benefits', 'health', 'school', 'english', 'jobs', 'finance', 'other'
	)),
	kind text not null default 'action' check (kind in ('action', 'supply')),
	status text not null default 'todo' check (status in ('todo', 'doing', 'done', 'blocked')),
	assignee_id uuid references auth.users (id) on delete set null,
	due_days integer check (due_days between -365 and 3650),
	due_on date check (due_on between date '2000-01-01' and date '2100-12-31'),
	position integer not null default 0,
	notes text check (char_length(notes) <= 4000),
	checklist_key text check (char_length(checklist_key) <= 60),
	created_by uuid references auth.users (id) on delete set null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	check (due_days is null or due_on is null)
);
alter table public.group_tasks enable row level security;
create index group_tasks_group_id_idx on public.group_tasks (group_id, position);
create index group_tasks_assignee_id_idx on public.group_tasks (assignee_id);
create index group_tasks_created_by_idx on public.group_tasks (created_by);
grant select, insert, update, delete on public.group_tasks to authenticated;

create policy "group_tasks: members read" on public.group_tasks
	for select to authenticated
	using ((group_id in (select private.my_group_ids())));
create policy "group_tasks: members add" on public.group_tasks
	for insert to authenticated
	with check ((group_id in (select private.my_group_ids())));
create policy "group_tasks: members change" on public.group_tasks
	for update to authenticated
	using ((group_id in (select private.my_group_ids())))
	with check ((group_id in (select private.my_group_ids())));
create policy "group_tasks: leads and authors delete" on public.group_tasks
	for delete to authenticated
	using (
		(group_id in (select private.my_lead_group_ids()))
		or (created_by = (select auth.uid()) and (group_id in (select private.my_group_ids())))
	);

-- Does this task belong to this group? (So a comment cannot be filed under another group.)
create function private.task_in_group(p_task_id uuid, p_group_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (select 1 from public.group_tasks where id = p_task_id and group_id = p_group_id)
$$;
revoke all on function private.task_in_group(uuid, uuid) from public;
grant execute on function private.task_in_group(uuid, uuid) to authenticated;

create table public.group_task_comments (
	id uuid primary key default gen_random_uuid(),
	task_id uuid not null references public.group_tasks (id) on delete cascade,
	group_id uuid not null references public.sponsor_groups (id) on delete cascade,
	body text not null check (char_length(body) between 1 and 2000),
	created_by uuid references auth.users (id) on delete set null,
	created_at timestamptz not null default now()
);
alter table public.group_task_comments enable row level security;
create index group_task_comments_task_id_idx on public.group_task_comments (task_id);
create index group_task_comments_group_id_idx on public.group_task_comments (group_id);
create index group_task_comments_created_by_idx on public.group_task_comments (created_by);
grant select, insert, delete on public.group_task_comments to authenticated;

create policy "group_task_comments: members read" on public.group_task_comments
	for select to authenticated
	using ((group_id in (select private.my_group_ids())));
create policy "group_task_comments: members write their own" on public.group_task_comments
	for insert to authenticated
	with check (
		created_by = (select auth.uid()) and (group_id in (select private.my_group_ids()))
		and (select private.task_in_group(task_id, group_id))
	);
create policy "group_task_comments: authors and leads delete" on public.group_task_comments
	for delete to authenticated
	using (
		(created_by = (select auth.uid()) and (group_id in (select private.my_group_ids())))
		or (group_id in (select private.my_lead_group_ids()))
	);

-- The budget, in integer minor units of the program's currency.
create table public.group_ledger_entries (
	id uuid primary key default gen_random_uuid(),
	group_id uuid not null references public.sponsor_groups (id) on delete cascade,
	kind text not null check (kind in ('pledge', 'donation', 'expense', 'in_kind')),
	amount_cents bigint not null check (amount_cents > 0 and amount_cents <= 100000000000),
	description text not null check (char_length(description) between 1 and 300),
	occurred_on date not null check (occurred_on between date '2000-01-01' and date '2100-12-31'),
	created_by uuid references auth.users (id) on delete set null,
	created_at timestamptz not null default now()
);
alter table public.group_ledger_entries enable row level security;
create index group_ledger_entries_group_id_idx on public.group_ledger_entries (group_id, occurred_on);
create index group_ledger_entries_created_by_idx on public.group_ledger_entries (created_by);
grant select, insert, update, delete on public.group_ledger_entries to authenticated;

create policy "group_ledger_entries: members read" on public.group_ledger_entries
	for select to authenticated
	using ((group_id in (select private.my_group_ids())));
create policy "group_ledger_entries: members add their own" on public.group_ledger_entries
	for insert to authenticated
	with check (created_by = (select auth.uid()) and (group_id in (select private.my_group_ids())));
create policy "group_ledger_entries: authors and leads change" on public.group_ledger_entries
	for update to authenticated
	using (
		(created_by = (select auth.uid()) and (group_id in (select private.my_group_ids())))
		or (group_id in (select private.my_lead_group_ids()))
	)
	with check ((group_id in (select private.my_group_ids())));
create policy "group_ledger_entries: authors and leads delete" on public.group_ledger_entries
	for delete to authenticated
	using (
		(created_by = (select auth.uid()) and (group_id in (select private.my_group_ids())))
		or (group_id in (select private.my_lead_group_ids()))
	);

-- Who did what, when. Written by the app in the same transaction as the change; nobody edits it.
create table public.group_activity (
	id bigint generated always as identity primary key,
	group_id uuid not null references public.sponsor_groups (id) on delete cascade,
	actor_id uuid references auth.users (id) on delete set null,
	action text not null check (char_length(action) between 1 and 60),
	summary text not null check (char_length(summary) between 1 and 300),
	created_at timestamptz not null default now()
);
alter table public.group_activity enable row level security;
create index group_activity_group_id_idx on public.group_activity (group_id, created_at);
create index group_activity_actor_id_idx on public.group_activity (actor_id);
grant select, insert on public.group_activity to authenticated;

create policy "group_activity: members read" on public.group_activity
	for select to authenticated
	using ((group_id in (select private.my_group_ids())));
create policy "group_activity: members record their own" on public.group_activity
	for insert to authenticated
	with check (actor_id = (select auth.uid()) and (group_id in (select private.my_group_ids())));

-- Private documents: objects in `group-files` at `<group_id>/<uuid>`; this row says who uploaded
-- it and whether it is sensitive (leads only).
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values (
	'group-files', 'group-files', false, 10485760,
	array[
		'application/pdf',
		'image/png', 'image/jpeg', 'image/webp',
		'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		'text/plain'
	]
)
on conflict (id) do nothing;

create table public.group_documents (
	id uuid primary key default gen_random_uuid(),
	group_id uuid not null references public.sponsor_groups (id) on delete cascade,
	object_name text not null unique check (char_length(object_name) <= 200),
	title text not null check (char_length(title) between 1 and 200),
	sensitive boolean not null default false,
	uploaded_by uuid references auth.users (id) on delete set null,
	created_at timestamptz not null default now()
);
alter table public.group_documents enable row level security;
create index group_documents_group_id_idx on public.group_documents (group_id);
create index group_documents_uploaded_by_idx on public.group_documents (uploaded_by);
grant select, insert, delete on public.group_documents to authenticated;

create policy "group_documents: members read, sensitive ones leads only" on public.group_documents
	for select to authenticated
	using (
		(group_id in (select private.my_group_ids()))
		and (not sensitive or (group_id in (select private.my_lead_group_ids())))
	);
create policy "group_documents: members add their own" on public.group_documents
	for insert to authenticated
	with check (
		uploaded_by = (select auth.uid()) and (group_id in (select private.my_group_ids()))
		and (not sensitive or (group_id in (select private.my_lead_group_ids())))
		and object_name like group_id::text || '/%'
	);
create policy "group_documents: uploaders and leads delete" on public.group_documents
	for delete to authenticated
	using (
		(uploaded_by = (select auth.uid()) and (group_id in (select private.my_group_ids())))
		or (group_id in (select private.my_lead_group_ids()))
	);

create function private.group_id_of(p_name text) returns uuid
language plpgsql immutable
set search_path = ''
as $$
begin
	return (storage.foldername(p_name))[1]::uuid;
exception when invalid_text_representation then
	return null;
end
$$;
revoke all on function private.group_id_of(text) from public;
grant execute on function private.group_id_of(text) to authenticated;

-- May the caller read this object? Members, unless its document row marks it sensitive.
create function private.can_read_group_object(p_name text) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select private.is_group_member(private.group_id_of(p_name))
		and not exists (
			select 1 from public.group_documents d
			where d.object_name = p_name and d.sensitive
				and not private.is_group_lead(d.group_id)
		)
$$;
revoke all on function private.can_read_group_object(text) from public;
grant execute on function private.can_read_group_object(text) to authenticated;

create policy "group-files: members read" on storage.objects
	for select to authenticated
	using (bucket_id = 'group-files' and (select private.can_read_group_object(name)));
create policy "group-files: members upload" on storage.objects
	for insert to authenticated
	with check (
		bucket_id = 'group-files' and (select private.is_group_member(private.group_id_of(name)))
	);
create policy "group-files: uploaders and leads delete" on storage.objects
	for delete to authenticated
	using (
		bucket_id = 'group-files'
		and (
			(owner_id = (select auth.uid())::text
				and (select private.is_group_member(private.group_id_of(name))))
			or (select private.is_group_lead(private.group_id_of(name)))
		)
	);

-- Program presets (amounts in minor units; sources: each program's published rules, 2025).
insert into public.programs (
	id, name, country, currency, min_members, funding_base_cents, funding_per_person_cents,
	funding_table, cash_share_percent, support_days, status, status_note, checklist, eligibility
) values
(
	'welcome_corps', 'Welcome Corps', 'US', 'USD', 5, 0, 242500, null, 60, 90, 'paused',
	'The Welcome Corps program has been suspended since 20 January 2025. Groups can keep planning; new matches are not being made.',
	'[
		{"key": "welcome_plan", "title": "Write and submit the Welcome Plan", "category": "other", "kind": "action", "due_days": -60},
		{"key": "funds", "title": "Secure the required funds (at least 60% in cash)", "category": "finance", "kind": "action", "due_days": -30},
		{"key": "housing", "title": "Find safe, affordable housing", "category": "housing", "kind": "action", "due_days": -14},
		{"key": "furnish", "title": "Furnish the home and stock basic supplies", "category": "housing", "kind": "supply", "due_days": -3},
		{"key": "airport", "title": "Meet the family at the airport", "category": "arrival", "kind": "action", "due_days": 0},
		{"key": "meal", "title": "Culturally appropriate hot meal on arrival", "category": "arrival", "kind": "supply", "due_days": 0},
		{"key": "ssn", "title": "Apply for Social Security cards", "category": "benefits", "kind": "action", "due_days": 7},
		{"key": "benefits", "title": "Apply for cash, food and medical assistance", "category": "benefits", "kind": "action", "due_days": 7},
		{"key": "health", "title": "First medical screening", "category": "health", "kind": "action", "due_days": 30},
		{"key": "school", "title": "Enrol the children in school", "category": "school", "kind": "action", "due_days": 30},
		{"key": "english", "title": "Sign adults up for English classes", "category": "english", "kind": "action", "due_days": 30},
		{"key": "jobs", "title": "Employment support and job search", "category": "jobs", "kind": "action", "due_days": 60},
		{"key": "report_30", "title": "30-day report", "category": "other", "kind": "action", "due_days": 30},
		{"key": "report_90", "title": "90-day report", "category": "other", "kind": "action", "due_days": 90}
	]',
	'[{"key": "adult", "label": "18 or older"}, {"key": "background_check", "label": "Background check passed"}, {"key": "training", "label": "Training done"}]'
),
(
	'sponsor_circles', 'Sponsor Circles (Afghan and Ukrainian programs)', 'US', 'USD', 5, 0, 277500, null, 0, 90, 'paused',
	'The Sponsor Circle programs are not taking new groups; the rules stay for reference.',
	'[
		{"key": "housing", "title": "Find housing", "category": "housing", "kind": "action", "due_days": -14},
		{"key": "airport", "title": "Welcome at arrival", "category": "arrival", "kind": "action", "due_days": 0},
		{"key": "benefits", "title": "Apply for benefits", "category": "benefits", "kind": "action", "due_days": 7},
		{"key": "school", "title": "School enrolment", "category": "school", "kind": "action", "due_days": 30},
		{"key": "jobs", "title": "Employment support", "category": "jobs", "kind": "action", "due_days": 60}
	]',
	'[{"key": "adult", "label": "18 or older"}, {"key": "background_check", "label": "Background check passed"}, {"key": "training", "label": "Training done"}]'
),
(
	'canada_g5', 'Canada — Group of Five', 'CA', 'CAD', 5, 0, 0,
	'{"1": 1660000, "2": 2710000, "3": 2880000, "4": 3230000, "5": 3620000, "6": 3880000, "extra": 300000}',
	0, 365, 'active', null,
	'[
		{"key": "settlement_plan", "title": "Settlement plan", "category": "other", "kind": "action", "due_days": -90},
		{"key": "housing", "title": "Find housing", "category": "housing", "kind": "action", "due_days": -14},
		{"key": "airport", "title": "Meet at the airport", "category": "arrival", "kind": "action", "due_days": 0},
		{"key": "sin", "title": "Social Insurance Number and health card", "category": "benefits", "kind": "action", "due_days": 7},
		{"key": "school", "title": "School enrolment", "category": "school", "kind": "action", "due_days": 30},
		{"key": "english", "title": "Language classes", "category": "english", "kind": "action", "due_days": 30},
		{"key": "jobs", "title": "Employment support", "category": "jobs", "kind": "action", "due_days": 90}
	]',
	'[{"key": "adult", "label": "18 or older"}, {"key": "resident", "label": "Citizen or permanent resident"}]'
),
(
	'uk_community', 'UK Community Sponsorship', 'GB', 'GBP', 5, 900000, 0, null, 100, 730, 'active',
	'£9,000 ring-fenced; housing for at least two years.',
	'[
		{"key": "housing", "title": "Secure housing for at least two years", "category": "housing", "kind": "action", "due_days": -30},
		{"key": "airport", "title": "Meet at the airport", "category": "arrival", "kind": "action", "due_days": 0},
		{"key": "benefits", "title": "Universal Credit and bank account", "category": "benefits", "kind": "action", "due_days": 7},
		{"key": "gp", "title": "Register with a GP", "category": "health", "kind": "action", "due_days": 7},
		{"key": "school", "title": "School places", "category": "school", "kind": "action", "due_days": 30},
		{"key": "english", "title": "English classes (ESOL)", "category": "english", "kind": "action", "due_days": 30}
	]',
	'[{"key": "adult", "label": "18 or older"}, {"key": "dbs", "label": "DBS check passed"}]'
),
(
	'custom', 'Custom', 'US', 'USD', 1, 0, 0, null, 0, 180, 'active', null, '[]',
	'[{"key": "adult", "label": "18 or older"}]'
);
