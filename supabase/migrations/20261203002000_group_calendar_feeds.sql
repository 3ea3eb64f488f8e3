-- A personal calendar (ICS) of the tasks assigned to me in my groups, behind a secret link that
-- calendar apps fetch without a session. Only the token's SHA-256 is stored; a new link
-- revokes the old one.

create table public.group_calendar_feeds (
	id uuid primary key default gen_random_uuid(),
	user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
	token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
	created_at timestamptz not null default now(),
	revoked_at timestamptz
);
alter table public.group_calendar_feeds enable row level security;
create index group_calendar_feeds_user_id_idx on public.group_calendar_feeds (user_id);
revoke all on public.group_calendar_feeds from anon, authenticated, service_role;
grant select (id, user_id, created_at, revoked_at), insert (id, token_hash), update (revoked_at)
	on public.group_calendar_feeds to authenticated;

create policy "group_calendar_feeds: owners read" on public.group_calendar_feeds
	for select to authenticated
	using (user_id = (select auth.uid()));
create policy "group_calendar_feeds: owners create" on public.group_calendar_feeds
	for insert to authenticated
	with check (user_id = (select auth.uid()));
create policy "group_calendar_feeds: owners revoke" on public.group_calendar_feeds
	for update to authenticated
	using (user_id = (select auth.uid()))
	with check (user_id = (select auth.uid()));

-- The tasks a valid feed shows: assigned to its owner, in groups the owner still belongs to.
-- Returns nothing at all for an unknown or revoked token (the route then answers 404).
create function private.calendar_feed_tasks(p_token_hash text)
returns table (
	task_id uuid, title text, category text, status text, due_days integer, due_on date,
	arrival_on date, group_name text, valid boolean
)
language sql stable security definer
set search_path = ''
as $$
	with feed as (
		select user_id from public.group_calendar_feeds
		where token_hash = p_token_hash and revoked_at is null
	)
	select t.id, t.title, t.category, t.status, t.due_days, t.due_on, f.arrival_on, g.name, true
	from feed
	join public.group_tasks t on t.assignee_id = feed.user_id
	join public.group_members m on m.group_id = t.group_id and m.user_id = feed.user_id
	join public.sponsor_groups g on g.id = t.group_id
	left join public.group_families f on f.group_id = t.group_id
	union all
	-- One marker row so a valid feed with no tasks is told apart from an invalid one.
	select null, null, null, null, null, null, null, null, true from feed
$$;
revoke all on function private.calendar_feed_tasks(text) from public;
grant execute on function private.calendar_feed_tasks(text) to anon, authenticated;

-- A feed is its owner's, made now; a client may only revoke it, for good.
create function private.guard_calendar_feed() returns trigger
language plpgsql
set search_path = ''
as $$
begin
	if current_user not in ('anon', 'authenticated') then
		return new;
	end if;
	if tg_op = 'INSERT' then
		new.user_id := auth.uid();
		new.revoked_at := null;
		return new;
	end if;
	new := jsonb_populate_record(new, to_jsonb(old) - 'revoked_at');
	new.revoked_at := coalesce(old.revoked_at, case when new.revoked_at is not null then now() end);
	return new;
end
$$;
revoke all on function private.guard_calendar_feed() from public;
create trigger group_calendar_feeds_guard
	before insert or update on public.group_calendar_feeds
	for each row execute function private.guard_calendar_feed();
create trigger group_calendar_feeds_stamp
	before insert or update on public.group_calendar_feeds
	for each row execute function private.stamp_who_and_when('', 'created_at', '', 'user_id');
create trigger group_calendar_feeds_no_client_truncate
	before truncate on public.group_calendar_feeds
	for each statement execute function private.refuse_client_truncate();
