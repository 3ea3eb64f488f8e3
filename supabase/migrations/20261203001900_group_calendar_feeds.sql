-- A personal calendar (ICS) of the tasks assigned to me in my groups, behind a secret link that
-- calendar apps fetch without a session. Only the token's SHA-256 is stored; a new link
-- revokes the old one.

create table public.group_calendar_feeds (
	id uuid primary key default gen_random_uuid(),
	user_id uuid not null references auth.users (id) on delete cascade,
	token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
	created_at timestamptz not null default now(),
	revoked_at timestamptz
);
alter table public.group_calendar_feeds enable row level security;
create index group_calendar_feeds_user_id_idx on public.group_calendar_feeds (user_id);
grant select, insert, update on public.group_calendar_feeds to authenticated;

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
