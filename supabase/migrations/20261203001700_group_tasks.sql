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
	created_by uuid default auth.uid() references auth.users (id) on delete set null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	check (due_days is null or due_on is null)
);
alter table public.group_tasks enable row level security;
create index group_tasks_group_id_idx on public.group_tasks (group_id, position);
create index group_tasks_assignee_id_idx on public.group_tasks (assignee_id);
create index group_tasks_created_by_idx on public.group_tasks (created_by);
revoke all on public.group_tasks from anon, authenticated, service_role;
grant select, insert (
	id, group_id, title, category, kind, status, assignee_id, due_days, due_on, position, notes,
	checklist_key
), update (title, category, kind, status, assignee_id, due_days, due_on, position, notes), delete
	on public.group_tasks to authenticated;

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
	created_by uuid default auth.uid() references auth.users (id) on delete set null,
	created_at timestamptz not null default now()
);
alter table public.group_task_comments enable row level security;
create index group_task_comments_task_id_idx on public.group_task_comments (task_id);
create index group_task_comments_group_id_idx on public.group_task_comments (group_id);
create index group_task_comments_created_by_idx on public.group_task_comments (created_by);
revoke all on public.group_task_comments from anon, authenticated, service_role;
grant select, insert (id, task_id, group_id, body), delete on public.group_task_comments to authenticated;

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

-- A task is assigned to a member of its group, or to nobody; it stays in its group.
create function private.guard_group_task() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
	if tg_op = 'UPDATE' then
		new.group_id := old.group_id;
		new.checklist_key := old.checklist_key;
	end if;
	if new.assignee_id is not null and not exists (
		select 1 from public.group_members where group_id = new.group_id and user_id = new.assignee_id
	) then
		raise exception 'tasks are assigned to members of the group' using errcode = '23514';
	end if;
	return new;
end
$$;
revoke all on function private.guard_group_task() from public;
create trigger group_tasks_guard
	before insert or update on public.group_tasks
	for each row execute function private.guard_group_task();

create trigger group_tasks_stamp
	before insert or update on public.group_tasks
	for each row execute function private.stamp_who_and_when('created_by', 'created_at', 'updated_at');
create trigger group_tasks_guard_group_row
	before insert or update or delete on public.group_tasks
	for each row execute function private.guard_group_row();
create trigger group_tasks_no_client_truncate
	before truncate on public.group_tasks
	for each statement execute function private.refuse_client_truncate();
create trigger group_task_comments_stamp
	before insert or update on public.group_task_comments
	for each row execute function private.stamp_who_and_when('created_by', 'created_at', '', 'task_id', 'group_id');
create trigger group_task_comments_guard_group_row
	before insert or update or delete on public.group_task_comments
	for each row execute function private.guard_group_row();
create trigger group_task_comments_no_client_truncate
	before truncate on public.group_task_comments
	for each statement execute function private.refuse_client_truncate();
create trigger group_tasks_log_activity
	after insert or update or delete on public.group_tasks
	for each row execute function private.log_group_activity();
create trigger group_task_comments_log_activity
	after insert or update or delete on public.group_task_comments
	for each row execute function private.log_group_activity();
