-- When a closed group's family data and documents were deleted (retention_days after closing).
alter table public.sponsor_groups add column family_purged_at timestamptz;

-- Only the maintenance job (the owner's connection) records a purge; leads may close and reopen.
create function private.guard_group_purge() returns trigger
language plpgsql security invoker
set search_path = ''
as $$
begin
	if current_user in ('anon', 'authenticated')
		and new.family_purged_at is distinct from old.family_purged_at then
		raise exception 'only the retention job records a purge' using errcode = '42501';
	end if;
	if current_user in ('anon', 'authenticated') and old.family_purged_at is not null
		and new.closed_at is distinct from old.closed_at then
		raise exception 'a purged group stays closed' using errcode = '42501';
	end if;
	return new;
end
$$;
create trigger sponsor_groups_guard_purge
	before update on public.sponsor_groups
	for each row execute function private.guard_group_purge();
