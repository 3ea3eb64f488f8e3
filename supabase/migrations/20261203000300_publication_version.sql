-- A counter that moves whenever anything the public can see may have changed: caches and ETags
-- key on it. Tables the public reads attach `private.bump_publication_version()` as a statement
-- trigger in their own files.

create sequence private.publication_version;

create function private.bump_publication_version() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
	perform nextval('private.publication_version');
	return null;
end
$$;
revoke all on function private.bump_publication_version() from public;

-- Read by the public data endpoints to know whether their cache is current. It reveals only
-- that something changed, never what.
create function private.publication_version() returns bigint
language sql stable security definer
set search_path = ''
as $$
	select last_value + (case when is_called then 0 else -1 end) from private.publication_version
$$;
revoke all on function private.publication_version() from public;
grant execute on function private.publication_version() to anon, authenticated;
