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
revoke all on public.group_families from anon, authenticated, service_role;
grant select, insert (group_id, household_size, languages, arrival_on, needs),
	update (household_size, languages, arrival_on, needs), delete
	on public.group_families to authenticated;

-- Needs marked sensitive (health, protection…): leads only, in their own table because RLS
-- works on rows, not columns.
create table public.group_family_sensitive (
	group_id uuid primary key references public.sponsor_groups (id) on delete cascade,
	needs text check (char_length(needs) <= 4000),
	updated_at timestamptz not null default now()
);
alter table public.group_family_sensitive enable row level security;
revoke all on public.group_family_sensitive from anon, authenticated, service_role;
grant select, insert (group_id, needs), update (needs), delete
	on public.group_family_sensitive to authenticated;

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

create trigger group_families_stamp
	before insert or update on public.group_families
	for each row execute function private.stamp_who_and_when('', '', 'updated_at');
create trigger group_families_guard_group_row
	before insert or update or delete on public.group_families
	for each row execute function private.guard_group_row();
create trigger group_families_no_client_truncate
	before truncate on public.group_families
	for each statement execute function private.refuse_client_truncate();
create trigger group_family_sensitive_stamp
	before insert or update on public.group_family_sensitive
	for each row execute function private.stamp_who_and_when('', '', 'updated_at');
create trigger group_family_sensitive_guard_group_row
	before insert or update or delete on public.group_family_sensitive
	for each row execute function private.guard_group_row();
create trigger group_family_sensitive_no_client_truncate
	before truncate on public.group_family_sensitive
	for each statement execute function private.refuse_client_truncate();
create trigger group_families_log_activity
	after insert or update or delete on public.group_families
	for each row execute function private.log_group_activity();
create trigger group_family_sensitive_log_activity
	after insert or update or delete on public.group_family_sensitive
	for each row execute function private.log_group_activity();
