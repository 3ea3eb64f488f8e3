-- Sponsorship programs' rules as data (Welcome Corps, Sponsor Circles, …). Read by everyone
-- (they are public rules), changed by site admins.

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
revoke all on public.programs from anon, authenticated, service_role;
grant select on public.programs to anon, authenticated;
grant insert (
	id, name, country, currency, min_members, funding_base_cents, funding_per_person_cents,
	funding_table, cash_share_percent, support_days, status, status_note, checklist, eligibility
), update (
	name, country, currency, min_members, funding_base_cents, funding_per_person_cents,
	funding_table, cash_share_percent, support_days, status, status_note, checklist, eligibility
), delete on public.programs to authenticated;

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

create trigger programs_stamp
	before insert or update on public.programs
	for each row execute function private.stamp_who_and_when('', '', 'updated_at');
create trigger programs_no_client_truncate
	before truncate on public.programs
	for each statement execute function private.refuse_client_truncate();

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
