-- Resolutions the public reports (no account needed), for site admins to moderate.
--
-- Nobody inserts directly: private.submit_report() takes a report with its honeypot and applies
-- the rate limits inside the database, so the Data API cannot skip them. Site admins decide; who
-- decided and when are the database's to write.

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
revoke all on public.resolution_reports from anon, authenticated, service_role;
grant select (
	id, place_name, place_kind, state_code, status, decided_on, title, body, source_url, notes,
	contact_email, state, decision_reason, resolution_id, decided_by, decided_at, created_at
) on public.resolution_reports to authenticated;
-- What a moderator writes: the decision, and the report's fields as published (corrected).
grant update (
	place_name, place_kind, state_code, status, decided_on, title, body, source_url, notes,
	contact_email, state, decision_reason, resolution_id
), delete on public.resolution_reports to authenticated;

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

-- A decision is made once, by whoever makes it, now; a client cannot backdate a report.
create function private.guard_report_decision() returns trigger
language plpgsql
set search_path = ''
as $$
begin
	if current_user not in ('anon', 'authenticated') then
		return new;
	end if;
	new.id := old.id;
	new.created_at := old.created_at;
	if old.state <> 'pending' then
		new.state := old.state;
		new.resolution_id := old.resolution_id;
		new.decision_reason := old.decision_reason;
		new.decided_by := old.decided_by;
		new.decided_at := old.decided_at;
	elsif new.state <> 'pending' then
		new.decided_by := auth.uid();
		new.decided_at := now();
	else
		new.decided_by := null;
		new.decided_at := null;
	end if;
	return new;
end
$$;
revoke all on function private.guard_report_decision() from public;
create trigger resolution_reports_guard
	before update on public.resolution_reports
	for each row execute function private.guard_report_decision();
create trigger resolution_reports_no_client_truncate
	before truncate on public.resolution_reports
	for each statement execute function private.refuse_client_truncate();

-- Takes one report from the client `p_client` (its address; only a keyed hash is kept, for the
-- limit's window). Returns 0 when taken — or when the honeypot was filled, which a robot should
-- not be able to tell — else the seconds to wait. Limits: 5 an hour per client, and 100 an hour
-- in all, so that even a caller who can forge addresses cannot bury the moderators. Bad values
-- fail on the table's checks (class 22 or 23), which the form reports as not saved.
create function private.submit_report(
	p_client text,
	p_honeypot text,
	p_place_name text,
	p_place_kind text,
	p_state_code text,
	p_status text,
	p_decided_on date,
	p_title text,
	p_body text,
	p_source_url text,
	p_notes text,
	p_contact_email text
) returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
	_wait integer;
begin
	if coalesce(btrim(p_honeypot), '') <> '' then
		return 0;
	end if;
	_wait := greatest(
		private.take_rate_limit('report:ip:' || coalesce(p_client, ''), 5, 3600),
		private.take_rate_limit('report:all:', 100, 3600)
	);
	if _wait > 0 then
		return _wait;
	end if;
	insert into public.resolution_reports (
		place_name, place_kind, state_code, status, decided_on, title, body, source_url, notes,
		contact_email
	) values (
		p_place_name, p_place_kind, p_state_code, p_status, p_decided_on, p_title, p_body,
		p_source_url, p_notes, p_contact_email
	);
	return 0;
end
$$;
revoke all on function private.submit_report(
	text, text, text, text, text, text, date, text, text, text, text, text
) from public;
grant execute on function private.submit_report(
	text, text, text, text, text, text, date, text, text, text, text, text
) to anon, authenticated;
