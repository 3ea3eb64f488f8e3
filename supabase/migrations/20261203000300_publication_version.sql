-- A counter that moves whenever something the public can see changes: caches and ETags key on it,
-- in every app instance alike. A change nobody else can see (a draft's letter, a campaign's
-- private place) leaves it alone, so that it does not make every visitor's cache stale. Tables
-- the public reads call private.track_publication() in their own files.

create sequence private.publication_version;
revoke all on sequence private.publication_version from public, anon, authenticated, service_role;

-- Whether a row is public; `p_rule` says how to tell:
--   'visibility'    the row itself has visibility = 'published' (resolutions);
--   'resolution_id' the resolution it belongs to is published (its events, recipients, …);
--   'published'     the row itself has published = true (templates);
--   'template_id'   the template it belongs to is published (template versions);
--   'action_id'     the urgent action it belongs to is published (its targets);
--   'site'          the row belongs to the site, not a user (places: claimed_by is null);
--   'always'        everything in the table is public (programs).
create function private.is_public_row(p_rule text, p_row jsonb) returns boolean
language plpgsql stable security definer
set search_path = ''
as $$
begin
	return case p_rule
		when 'visibility' then p_row ->> 'visibility' = 'published'
		when 'resolution_id' then exists (
			select 1 from public.resolutions r
			where r.id = (p_row ->> 'resolution_id')::uuid and r.visibility = 'published'
		)
		when 'published' then (p_row ->> 'published')::boolean
		when 'template_id' then exists (
			select 1 from public.templates t
			where t.id = (p_row ->> 'template_id')::uuid and t.published
		)
		when 'action_id' then exists (
			select 1 from public.urgent_actions a
			where a.id = (p_row ->> 'action_id')::uuid and a.published
		)
		when 'site' then p_row ->> 'claimed_by' is null
		else true
	end;
end
$$;
revoke all on function private.is_public_row(text, jsonb) from public;

-- One call per statement, however many rows it wrote (a CSV import writes thousands): the rows it
-- touched are in the statement's transition tables, `new_rows` and `old_rows`.
create function private.bump_publication_version() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
	_public boolean := false;
begin
	if tg_op in ('INSERT', 'UPDATE') then
		select exists (
			select 1 from new_rows r where private.is_public_row(tg_argv[0], to_jsonb(r))
		) into _public;
	end if;
	if not _public and tg_op in ('UPDATE', 'DELETE') then
		select exists (
			select 1 from old_rows r where private.is_public_row(tg_argv[0], to_jsonb(r))
		) into _public;
	end if;
	if _public then
		perform nextval('private.publication_version');
	end if;
	return null;
end
$$;
revoke all on function private.bump_publication_version() from public;

-- Attaches the counter to a table: PostgreSQL allows transition tables on a trigger for one
-- event only, hence three triggers. Called by the migrations, as the owner.
create function private.track_publication(p_table regclass, p_rule text) returns void
language plpgsql
set search_path = ''
as $$
declare
	_name constant text := (select relname from pg_catalog.pg_class where oid = p_table);
begin
	execute format(
		'create trigger %I after insert on %s referencing new table as new_rows '
			'for each statement execute function private.bump_publication_version(%L)',
		_name || '_publication_insert', p_table, p_rule);
	execute format(
		'create trigger %I after update on %s referencing old table as old_rows new table as new_rows '
			'for each statement execute function private.bump_publication_version(%L)',
		_name || '_publication_update', p_table, p_rule);
	execute format(
		'create trigger %I after delete on %s referencing old table as old_rows '
			'for each statement execute function private.bump_publication_version(%L)',
		_name || '_publication_delete', p_table, p_rule);
end
$$;
revoke all on function private.track_publication(regclass, text) from public;

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
