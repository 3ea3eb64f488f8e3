-- When a purged group's files were confirmed deleted. The rows go in one transaction and the
-- files after it; on Supabase only the Storage API deletes files, which can fail or lack its key,
-- so the retention job retries every purged group until this is set.
alter table public.sponsor_groups add column files_purged_at timestamptz;

-- As with family_purged_at, only the maintenance job (the owner's connection) records it.
create or replace function private.guard_group_purge() returns trigger
language plpgsql security invoker
set search_path = ''
as $$
begin
	if current_user in ('anon', 'authenticated')
		and (new.family_purged_at is distinct from old.family_purged_at
			or new.files_purged_at is distinct from old.files_purged_at) then
		raise exception 'only the retention job records a purge' using errcode = '42501';
	end if;
	if current_user in ('anon', 'authenticated') and old.family_purged_at is not null
		and new.closed_at is distinct from old.closed_at then
		raise exception 'a purged group stays closed' using errcode = '42501';
	end if;
	return new;
end
$$;
