-- Who did what, when, in a group's workspace. Written only by the triggers below, in the same
-- transaction as the change — never by a client — so nobody can write "Alice deleted the medical
-- record" or change a date. What is logged for each table is decided in one place:
-- private.log_group_activity(). Entries about something sensitive (a sensitive document, the
-- sensitive needs) are marked so, and only leads read them.

create table public.group_activity (
	id bigint generated always as identity primary key,
	group_id uuid not null references public.sponsor_groups (id) on delete cascade,
	actor_id uuid references auth.users (id) on delete set null,
	action text not null check (char_length(action) between 1 and 60),
	summary text not null check (char_length(summary) <= 300),
	sensitive boolean not null default false,
	created_at timestamptz not null default now()
);
alter table public.group_activity enable row level security;
create index group_activity_group_id_idx on public.group_activity (group_id, created_at);
create index group_activity_actor_id_idx on public.group_activity (actor_id);
revoke all on public.group_activity from anon, authenticated, service_role;
grant select on public.group_activity to authenticated;

create policy "group_activity: members read, sensitive entries leads only" on public.group_activity
	for select to authenticated
	using (
		(group_id in (select private.my_group_ids()))
		and (not sensitive or (group_id in (select private.my_lead_group_ids())))
	);

create trigger group_activity_no_client_truncate
	before truncate on public.group_activity
	for each statement execute function private.refuse_client_truncate();

-- A member's name as the log shows it.
create function private.member_name(p_user_id uuid) returns text
language sql stable security definer
set search_path = ''
as $$
	select coalesce((select display_name from public.profiles where id = p_user_id), '')
$$;
revoke all on function private.member_name(uuid) from public;

-- Logs a change to a group's table. Only changes someone made (auth.uid() is set: a client, or a
-- function acting for one) are logged; the maintenance jobs' are not. Nothing is logged for a
-- group that is being deleted.
create function private.log_group_activity() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
	_actor constant uuid := (select auth.uid());
	_row constant jsonb := to_jsonb(case when tg_op = 'DELETE' then old else new end);
	_old constant jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) end;
	_group_id constant uuid := coalesce(_row ->> 'group_id', _row ->> 'id')::uuid;
	_entries text[][] := array[]::text[][];
	_sensitive boolean := false;
	_entry text[];
	_changed text[];
begin
	if _actor is null
		or not exists (select 1 from public.sponsor_groups where id = _group_id) then
		return null;
	end if;
	-- Columns whose value changed (updates only); an update that changed nothing is no news.
	if tg_op = 'UPDATE' then
		select coalesce(array_agg(n.key), '{}') into _changed
		from jsonb_each(_row) n
		where n.value is distinct from _old -> n.key and n.key <> 'updated_at';
		if cardinality(_changed) = 0 then
			return null;
		end if;
	end if;

	case tg_table_name
	when 'sponsor_groups' then
		if tg_op = 'INSERT' then
			_entries := array[['group_created', _row ->> 'name']];
		elsif 'closed_at' = any(_changed) then
			_entries := array[[
				case when _row ->> 'closed_at' is null then 'group_reopened' else 'group_closed' end, ''
			]];
		elsif _changed && array['name', 'city', 'state_code', 'program_id', 'retention_days'] then
			_entries := array[['group_edited', _row ->> 'name']];
		end if;
	when 'group_members' then
		if tg_op = 'INSERT' then
			_entries := array[['member_joined', private.member_name((_row ->> 'user_id')::uuid)]];
		elsif tg_op = 'DELETE' then
			_entries := array[[
				case when (_row ->> 'user_id')::uuid = _actor then 'member_left' else 'member_removed' end,
				private.member_name((_row ->> 'user_id')::uuid)
			]];
		else
			if 'role' = any(_changed) then
				_entries := _entries || array[[
					'role_changed',
					private.member_name((_row ->> 'user_id')::uuid) || ': ' || (_row ->> 'role')
				]];
			end if;
			if 'committees' = any(_changed) then
				_entries := _entries || array[[
					'committees_updated',
					private.member_name((_row ->> 'user_id')::uuid) || ': '
						|| array_to_string(array(select jsonb_array_elements_text(_row -> 'committees')), ', ')
				]];
			end if;
			if 'eligibility' = any(_changed) then
				_entries := _entries || array[[
					'eligibility_updated', private.member_name((_row ->> 'user_id')::uuid)
				]];
			end if;
		end if;
	when 'group_invites' then
		if tg_op = 'INSERT' then
			_entries := array[['invite_created', _row ->> 'role']];
		elsif 'revoked_at' = any(_changed) then
			_entries := array[['invite_revoked', _row ->> 'role']];
		end if;
	when 'group_families' then
		_entries := array[['family_updated', '']];
	when 'group_family_sensitive' then
		_sensitive := true;
		_entries := array[['family_sensitive_updated', '']];
	when 'group_tasks' then
		if tg_op = 'INSERT' then
			_entries := array[['task_added', _row ->> 'title']];
		elsif tg_op = 'DELETE' then
			_entries := array[['task_deleted', _row ->> 'title']];
		else
			-- Reordering is arrangement, not news: position alone is not logged.
			if 'status' = any(_changed) then
				_entries := _entries || array[['task_' || (_row ->> 'status'), _row ->> 'title']];
			end if;
			if 'assignee_id' = any(_changed) then
				_entries := _entries || array[['task_assigned', _row ->> 'title']];
			end if;
			if _changed && array['title', 'category', 'kind', 'due_days', 'due_on', 'notes'] then
				_entries := _entries || array[['task_edited', _row ->> 'title']];
			end if;
		end if;
	when 'group_task_comments' then
		_entries := array[[
			case when tg_op = 'DELETE' then 'comment_deleted' else 'comment_added' end,
			coalesce((select title from public.group_tasks where id = (_row ->> 'task_id')::uuid), '')
		]];
	when 'group_ledger_entries' then
		_entries := array[[
			case tg_op when 'INSERT' then 'ledger_entry_added' when 'DELETE' then 'ledger_entry_deleted'
				else 'ledger_entry_edited' end,
			_row ->> 'description'
		]];
	when 'group_documents' then
		_sensitive := (_row ->> 'sensitive')::boolean;
		_entries := array[[
			case when tg_op = 'DELETE' then 'document_deleted' else 'document_added' end,
			_row ->> 'title'
		]];
	end case;

	if cardinality(_entries) = 0 then
		return null;
	end if;
	foreach _entry slice 1 in array _entries loop
		insert into public.group_activity (group_id, actor_id, action, summary, sensitive)
		values (_group_id, _actor, _entry[1], left(coalesce(_entry[2], ''), 300), _sensitive);
	end loop;
	return null;
end
$$;
revoke all on function private.log_group_activity() from public;

create trigger sponsor_groups_log_activity
	after insert or update on public.sponsor_groups
	for each row execute function private.log_group_activity();
create trigger group_members_log_activity
	after insert or update or delete on public.group_members
	for each row execute function private.log_group_activity();
create trigger group_invites_log_activity
	after insert or update on public.group_invites
	for each row execute function private.log_group_activity();
