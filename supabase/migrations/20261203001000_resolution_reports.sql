-- Resolutions the public reports (no account needed), for site admins to moderate.

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
