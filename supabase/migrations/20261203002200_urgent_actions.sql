-- Urgent actions: a numbered call to write to, email or call named officials before a deadline
-- ("UA 4.25 — People seeking safety at risk in the USA"), with a sample letter in English and
-- Spanish, and the count of actions supporters report — the number shared with the officials.
--
-- Three tables, one unit: the action, its targets, and the reports of actions taken. Site admins
-- write actions and targets (organizer roles come later); everyone reads the published ones.
-- Reports are written by private.report_urgent_action() alone, with a honeypot and rate limits in
-- the database like "I sent it" (20261203000900); nobody but site admins reads a report, and the
-- public sees only the sums of private.urgent_action_tallies().

create table public.urgent_actions (
	id uuid primary key default gen_random_uuid(),
	-- The action's number as its issuer writes it: "UA 4.25".
	code text not null unique check (char_length(code) between 1 and 40),
	slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 120),
	title_en text not null check (char_length(title_en) between 1 and 300),
	title_es text check (char_length(title_es) between 1 and 300),
	summary_en text not null check (char_length(summary_en) between 1 and 2000),
	summary_es text check (char_length(summary_es) between 1 and 2000),
	-- Additional information, Markdown (rendered through src/lib/server/markdown.ts only).
	info_en text check (char_length(info_en) <= 50000),
	info_es text check (char_length(info_es) <= 50000),
	-- open, closed, success, update. An open action whose deadline has passed reads as closed
	-- (the app and private.urgent_action_takes_reports() both say so), without a job to flip it.
	status text not null default 'open' check (status in ('open', 'closed', 'success', 'update')),
	deadline date check (deadline between date '2000-01-01' and date '2100-12-31'),
	-- The language to address the targets in (ISO 639), and whether the sender's own is welcome.
	target_language text not null default 'en' check (target_language ~ '^[a-z]{2,3}$'),
	own_language_welcome boolean not null default false,
	-- The person or people concerned: [{ "name": as given, "name_es"?, "pronoun"?, "pronoun_es"?,
	-- "pseudonym": whether the name protects someone }] (src/lib/server/urgent-actions/schema.ts).
	persons jsonb not null default '[]' check (
		jsonb_typeof(persons) = 'array' and jsonb_array_length(persons) <= 100
		and octet_length(persons::text) <= 20000
	),
	-- The sample letter, a template: {{sender_name}} and {{sender_city}} are the visitor's.
	letter_subject_en text check (char_length(letter_subject_en) <= 300),
	letter_subject_es text check (char_length(letter_subject_es) <= 300),
	letter_en text check (char_length(letter_en) <= 20000),
	letter_es text check (char_length(letter_es) <= 20000),
	source_url text check (source_url ~ '^https?://' and char_length(source_url) <= 2000),
	source_title text check (char_length(source_title) <= 500),
	published boolean not null default false,
	created_by uuid default auth.uid() references auth.users (id) on delete set null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);
alter table public.urgent_actions enable row level security;
create index urgent_actions_created_by_idx on public.urgent_actions (created_by);
create index urgent_actions_published_idx on public.urgent_actions (published);
-- Everything but who created it (a user id is nobody's business).
revoke all on public.urgent_actions from anon, authenticated, service_role;
grant select (
	id, code, slug, title_en, title_es, summary_en, summary_es, info_en, info_es, status, deadline,
	target_language, own_language_welcome, persons, letter_subject_en, letter_subject_es, letter_en,
	letter_es, source_url, source_title, published, created_at, updated_at
) on public.urgent_actions to anon, authenticated;
grant insert (
	id, code, slug, title_en, title_es, summary_en, summary_es, info_en, info_es, status, deadline,
	target_language, own_language_welcome, persons, letter_subject_en, letter_subject_es, letter_en,
	letter_es, source_url, source_title, published
), update (
	code, slug, title_en, title_es, summary_en, summary_es, info_en, info_es, status, deadline,
	target_language, own_language_welcome, persons, letter_subject_en, letter_subject_es, letter_en,
	letter_es, source_url, source_title, published
), delete on public.urgent_actions to authenticated;

create function private.is_published_urgent_action(p_action_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (select 1 from public.urgent_actions a where a.id = p_action_id and a.published)
$$;
revoke all on function private.is_published_urgent_action(uuid) from public;
grant execute on function private.is_published_urgent_action(uuid) to anon, authenticated;

create policy "urgent_actions: public reads published" on public.urgent_actions
	for select to anon, authenticated
	using (published);
create policy "urgent_actions: admins read drafts" on public.urgent_actions
	for select to authenticated
	using ((select private.is_site_admin()));
create policy "urgent_actions: admins add" on public.urgent_actions
	for insert to authenticated
	with check ((select private.is_site_admin()));
create policy "urgent_actions: admins change" on public.urgent_actions
	for update to authenticated
	using ((select private.is_site_admin()))
	with check ((select private.is_site_admin()));
create policy "urgent_actions: admins delete" on public.urgent_actions
	for delete to authenticated
	using ((select private.is_site_admin()));

create trigger urgent_actions_stamp
	before insert or update on public.urgent_actions
	for each row execute function private.stamp_who_and_when('created_by', 'created_at', 'updated_at');
create trigger urgent_actions_no_client_truncate
	before truncate on public.urgent_actions
	for each statement execute function private.refuse_client_truncate();
select private.track_publication('public.urgent_actions', 'published');

-- ---------------------------------------------------------------------------------------------
-- Targets: the officials to write to, with at least one way to reach them.

create table public.urgent_action_targets (
	id uuid primary key default gen_random_uuid(),
	action_id uuid not null references public.urgent_actions (id) on delete cascade,
	name text not null check (char_length(name) between 1 and 200),
	title text check (char_length(title) <= 200),
	organisation text check (char_length(organisation) <= 200),
	-- How the letter greets them: "Dear President Trump".
	salutation text check (char_length(salutation) <= 200),
	-- Postal address, one line per line.
	address text check (char_length(address) between 1 and 1000),
	email text check (email ~ '^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$' and char_length(email) <= 320),
	phone text check (phone ~ '^[+0-9 ()./-]{3,40}$'),
	position integer not null default 0 check (position between 0 and 1000),
	created_at timestamptz not null default now(),
	check (coalesce(address, email, phone) is not null)
);
alter table public.urgent_action_targets enable row level security;
create index urgent_action_targets_action_id_idx on public.urgent_action_targets (action_id, position);
revoke all on public.urgent_action_targets from anon, authenticated, service_role;
grant select (
	id, action_id, name, title, organisation, salutation, address, email, phone, position, created_at
) on public.urgent_action_targets to anon, authenticated;
grant insert (id, action_id, name, title, organisation, salutation, address, email, phone, position),
	update (name, title, organisation, salutation, address, email, phone, position),
	delete on public.urgent_action_targets to authenticated;

create policy "urgent_action_targets: public reads those of published actions" on public.urgent_action_targets
	for select to anon, authenticated
	using ((select private.is_published_urgent_action(action_id)));
create policy "urgent_action_targets: admins read" on public.urgent_action_targets
	for select to authenticated
	using ((select private.is_site_admin()));
create policy "urgent_action_targets: admins add" on public.urgent_action_targets
	for insert to authenticated
	with check ((select private.is_site_admin()));
create policy "urgent_action_targets: admins change" on public.urgent_action_targets
	for update to authenticated
	using ((select private.is_site_admin()))
	with check ((select private.is_site_admin()));
create policy "urgent_action_targets: admins delete" on public.urgent_action_targets
	for delete to authenticated
	using ((select private.is_site_admin()));

create trigger urgent_action_targets_stamp
	before insert or update on public.urgent_action_targets
	for each row execute function private.stamp_who_and_when('', 'created_at', '', 'action_id');
create trigger urgent_action_targets_no_client_truncate
	before truncate on public.urgent_action_targets
	for each statement execute function private.refuse_client_truncate();
select private.track_publication('public.urgent_action_targets', 'action_id');

-- ---------------------------------------------------------------------------------------------
-- Reports of actions taken

-- The US state (or territory) of a ZIP code, from its first three digits (USPS ranges); null for
-- military mail, unassigned prefixes and anything that is not five digits (or ZIP+4, 12345-6789).
create function private.zip_state(p_zip text) returns text
language sql immutable
set search_path = ''
as $$
	select case
		when p_zip is null or p_zip !~ '^[0-9]{5}(-[0-9]{4})?$' then null
		else (
			select r.state from (values
				(5, 5, 'NY'), (6, 7, 'PR'), (8, 8, 'VI'), (9, 9, 'PR'), (10, 27, 'MA'), (28, 29, 'RI'),
				(30, 38, 'NH'), (39, 49, 'ME'), (50, 54, 'VT'), (55, 55, 'MA'), (56, 59, 'VT'),
				(60, 69, 'CT'), (70, 89, 'NJ'), (100, 149, 'NY'), (150, 196, 'PA'), (197, 199, 'DE'),
				(200, 200, 'DC'), (201, 201, 'VA'), (202, 205, 'DC'), (206, 219, 'MD'), (220, 246, 'VA'),
				(247, 268, 'WV'), (270, 289, 'NC'), (290, 299, 'SC'), (300, 319, 'GA'), (320, 339, 'FL'),
				(341, 349, 'FL'), (350, 369, 'AL'), (370, 385, 'TN'), (386, 397, 'MS'), (398, 399, 'GA'),
				(400, 427, 'KY'), (430, 459, 'OH'), (460, 479, 'IN'), (480, 499, 'MI'), (500, 528, 'IA'),
				(530, 549, 'WI'), (550, 567, 'MN'), (569, 569, 'DC'), (570, 577, 'SD'), (580, 588, 'ND'),
				(590, 599, 'MT'), (600, 629, 'IL'), (630, 658, 'MO'), (660, 679, 'KS'), (680, 693, 'NE'),
				(700, 714, 'LA'), (716, 729, 'AR'), (730, 732, 'OK'), (733, 733, 'TX'), (734, 749, 'OK'),
				(750, 799, 'TX'), (800, 816, 'CO'), (820, 831, 'WY'), (832, 838, 'ID'), (840, 847, 'UT'),
				(850, 865, 'AZ'), (870, 884, 'NM'), (885, 885, 'TX'), (889, 898, 'NV'), (900, 961, 'CA'),
				(967, 968, 'HI'), (969, 969, 'GU'), (970, 979, 'OR'), (980, 994, 'WA'), (995, 999, 'AK')
			) as r (low, high, state)
			where substring(p_zip from 1 for 3)::integer between r.low and r.high
		)
	end
$$;
revoke all on function private.zip_state(text) from public;

-- One row per report. Name, ZIP and email are kept only when the sender agreed to be contacted
-- about this action (a check); the state, read off the ZIP, is kept for the public tally.
create table public.urgent_action_reports (
	id bigint generated always as identity primary key,
	action_id uuid not null references public.urgent_actions (id) on delete cascade,
	kind text not null check (kind in ('letter', 'email', 'call', 'social')),
	count integer not null default 1 check (count between 1 and 100),
	state_code text check (state_code ~ '^[A-Z]{2}$'),
	contact_consent boolean not null default false,
	name text check (char_length(name) between 1 and 200),
	zip text check (zip ~ '^[0-9]{5}(-[0-9]{4})?$'),
	email text check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and char_length(email) <= 320),
	created_at timestamptz not null default now(),
	check (contact_consent or (name is null and zip is null and email is null))
);
alter table public.urgent_action_reports enable row level security;
create index urgent_action_reports_action_id_idx on public.urgent_action_reports (action_id);
revoke all on public.urgent_action_reports from anon, authenticated, service_role;
grant select (
	id, action_id, kind, count, state_code, contact_consent, name, zip, email, created_at
) on public.urgent_action_reports to authenticated;

create policy "urgent_action_reports: admins read" on public.urgent_action_reports
	for select to authenticated
	using ((select private.is_site_admin()));

create trigger urgent_action_reports_no_client_truncate
	before truncate on public.urgent_action_reports
	for each statement execute function private.refuse_client_truncate();

-- Whether an action takes reports: published, open (or updated), its deadline not past.
create function private.urgent_action_takes_reports(p_action_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (
		select 1 from public.urgent_actions a
		where a.id = p_action_id and a.published and a.status in ('open', 'update')
			and (a.deadline is null or a.deadline >= current_date)
	)
$$;
revoke all on function private.urgent_action_takes_reports(uuid) from public;
grant execute on function private.urgent_action_takes_reports(uuid) to anon, authenticated;

-- Records one report of `p_count` actions of `p_kind` from the client `p_client` (its address;
-- only a keyed hash is kept, for the limit's window). Name, ZIP and email only with consent
-- (22023 otherwise: the form says so before it gets here). Returns 0 when counted — or when the
-- honeypot was filled, which a robot should not be able to tell — else the seconds to wait.
-- Refuses (42501) an action that does not take reports. Limits as for "I sent it": 5 an hour per
-- client and action, 500 an hour per action in all, so forged addresses cannot flood a count.
create function private.report_urgent_action(
	p_action_id uuid, p_kind text, p_count integer, p_name text, p_zip text, p_email text,
	p_consent boolean, p_client text, p_honeypot text
) returns integer
language plpgsql volatile security definer
set search_path = ''
as $$
declare
	_wait integer;
	_name constant text := nullif(btrim(p_name), '');
	_zip constant text := nullif(btrim(p_zip), '');
	_email constant text := nullif(btrim(p_email), '');
	_consent constant boolean := coalesce(p_consent, false);
begin
	if not private.urgent_action_takes_reports(p_action_id) then
		raise exception 'this action is not taking reports' using errcode = '42501';
	end if;
	if coalesce(btrim(p_honeypot), '') <> '' then
		return 0;
	end if;
	if not _consent and (_name is not null or _email is not null) then
		raise exception 'a name or email is kept only with consent' using errcode = '22023';
	end if;
	if _zip !~ '^[0-9]{5}(-[0-9]{4})?$' then
		raise exception 'not a ZIP code' using errcode = '22023';
	end if;
	_wait := greatest(
		private.take_rate_limit('uact:ip:' || p_action_id || ':' || coalesce(p_client, ''), 5, 3600),
		private.take_rate_limit('uact:all:' || p_action_id, 500, 3600)
	);
	if _wait > 0 then
		return _wait;
	end if;
	insert into public.urgent_action_reports (
		action_id, kind, count, state_code, contact_consent, name, zip, email
	) values (
		p_action_id, p_kind, p_count, private.zip_state(_zip), _consent,
		case when _consent then _name end,
		case when _consent then _zip end,
		case when _consent then _email end
	);
	return 0;
end
$$;
revoke all on function private.report_urgent_action(uuid, text, integer, text, text, text, boolean, text, text) from public;
grant execute on function private.report_urgent_action(uuid, text, integer, text, text, text, boolean, text, text)
	to anon, authenticated;

-- The public tally: actions and reports per action, kind and state (null: no ZIP given), for one
-- published action or, with null, for all of them. Sums only, never a report.
create function private.urgent_action_tallies(p_action_id uuid)
returns table (action_id uuid, kind text, state_code text, reports integer, actions integer)
language sql stable security definer
set search_path = ''
as $$
	select r.action_id, r.kind, r.state_code, count(*)::integer, sum(r.count)::integer
	from public.urgent_action_reports r
	join public.urgent_actions a on a.id = r.action_id and a.published
	where p_action_id is null or r.action_id = p_action_id
	group by r.action_id, r.kind, r.state_code
	order by r.action_id, r.kind, r.state_code
$$;
revoke all on function private.urgent_action_tallies(uuid) from public;
grant execute on function private.urgent_action_tallies(uuid) to anon, authenticated;
