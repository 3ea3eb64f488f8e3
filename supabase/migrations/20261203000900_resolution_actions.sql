-- "I sent it": one anonymous row per report — no person, no address, only when — counted per
-- resolution the way urgent-action campaigns count their supporters' letters.
--
-- Nobody writes the table directly: private.record_sent_letter() takes a report only while the
-- vote is pending on a published resolution, ignores one whose honeypot is filled, and applies the
-- rate limits inside the database, so the Data API cannot skip them.
create table public.resolution_actions (
	id bigint generated always as identity primary key,
	resolution_id uuid not null references public.resolutions (id) on delete cascade,
	created_at timestamptz not null default now()
);
alter table public.resolution_actions enable row level security;
create index resolution_actions_resolution_id_idx on public.resolution_actions (resolution_id);
revoke all on public.resolution_actions from anon, authenticated, service_role;
grant select (id, resolution_id, created_at) on public.resolution_actions to anon, authenticated;

create policy "resolution_actions: public reads those of published resolutions" on public.resolution_actions
	for select to anon, authenticated
	using ((select private.is_published_resolution(resolution_id)));
create policy "resolution_actions: the team reads" on public.resolution_actions
	for select to authenticated
	using ((select private.can_edit_resolution(resolution_id)));

create trigger resolution_actions_no_client_truncate
	before truncate on public.resolution_actions
	for each statement execute function private.refuse_client_truncate();

-- Records one "I sent it" from the client `p_client` (its address; only a keyed hash is kept, for
-- the limit's window). Returns 0 when counted — or when the honeypot was filled, which a robot
-- should not be able to tell — else the seconds to wait. Refuses (42501) a resolution that is not
-- published or whose vote is not pending. Limits: 5 an hour per client and resolution, enough for
-- a household or an office behind one address; and 500 an hour per resolution in all, so that
-- even a caller who can forge addresses cannot flood a count.
create function private.record_sent_letter(p_resolution_id uuid, p_client text, p_honeypot text)
returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
	_wait integer;
begin
	if not private.is_pending_published_resolution(p_resolution_id) then
		raise exception 'this resolution is not taking reports' using errcode = '42501';
	end if;
	if coalesce(btrim(p_honeypot), '') <> '' then
		return 0;
	end if;
	_wait := greatest(
		private.take_rate_limit('act:ip:' || p_resolution_id || ':' || coalesce(p_client, ''), 5, 3600),
		private.take_rate_limit('act:all:' || p_resolution_id, 500, 3600)
	);
	if _wait > 0 then
		return _wait;
	end if;
	insert into public.resolution_actions (resolution_id) values (p_resolution_id);
	return 0;
end
$$;
revoke all on function private.record_sent_letter(uuid, text, text) from public;
grant execute on function private.record_sent_letter(uuid, text, text) to anon, authenticated;
