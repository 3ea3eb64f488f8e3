-- The budget, in integer minor units of the program's currency.
create table public.group_ledger_entries (
	id uuid primary key default gen_random_uuid(),
	group_id uuid not null references public.sponsor_groups (id) on delete cascade,
	kind text not null check (kind in ('pledge', 'donation', 'expense', 'in_kind')),
	amount_cents bigint not null check (amount_cents > 0 and amount_cents <= 100000000000),
	description text not null check (char_length(description) between 1 and 300),
	occurred_on date not null check (occurred_on between date '2000-01-01' and date '2100-12-31'),
	created_by uuid default auth.uid() references auth.users (id) on delete set null,
	created_at timestamptz not null default now()
);
alter table public.group_ledger_entries enable row level security;
create index group_ledger_entries_group_id_idx on public.group_ledger_entries (group_id, occurred_on);
create index group_ledger_entries_created_by_idx on public.group_ledger_entries (created_by);
revoke all on public.group_ledger_entries from anon, authenticated, service_role;
grant select, insert (id, group_id, kind, amount_cents, description, occurred_on),
	update (kind, amount_cents, description, occurred_on), delete
	on public.group_ledger_entries to authenticated;

create policy "group_ledger_entries: members read" on public.group_ledger_entries
	for select to authenticated
	using ((group_id in (select private.my_group_ids())));
create policy "group_ledger_entries: members add their own" on public.group_ledger_entries
	for insert to authenticated
	with check (created_by = (select auth.uid()) and (group_id in (select private.my_group_ids())));
create policy "group_ledger_entries: authors and leads change" on public.group_ledger_entries
	for update to authenticated
	using (
		(created_by = (select auth.uid()) and (group_id in (select private.my_group_ids())))
		or (group_id in (select private.my_lead_group_ids()))
	)
	with check ((group_id in (select private.my_group_ids())));
create policy "group_ledger_entries: authors and leads delete" on public.group_ledger_entries
	for delete to authenticated
	using (
		(created_by = (select auth.uid()) and (group_id in (select private.my_group_ids())))
		or (group_id in (select private.my_lead_group_ids()))
	);

create trigger group_ledger_entries_stamp
	before insert or update on public.group_ledger_entries
	for each row execute function private.stamp_who_and_when('created_by', 'created_at', '', 'group_id');
create trigger group_ledger_entries_guard_group_row
	before insert or update or delete on public.group_ledger_entries
	for each row execute function private.guard_group_row();
create trigger group_ledger_entries_no_client_truncate
	before truncate on public.group_ledger_entries
	for each statement execute function private.refuse_client_truncate();
create trigger group_ledger_entries_log_activity
	after insert or update or delete on public.group_ledger_entries
	for each row execute function private.log_group_activity();
