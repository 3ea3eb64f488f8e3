-- Resolution and letter templates: a stable identity (`templates`) and immutable versions
-- (`template_versions`). Editing a template adds a version; a campaign started from a template
-- keeps the version it was filled from (`resolutions.template_version_id`).

-- Body types a template is written for (finer than src/lib/pipeline.ts's council/school_board/
-- campus, which is about how a body votes, not how a text is addressed).
create table public.templates (
	id uuid primary key default gen_random_uuid(),
	slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 120),
	body_type text not null check (body_type in (
		'city_council', 'county_board', 'school_board', 'university', 'student_government'
	)),
	language text not null check (language in ('en', 'es')),
	kind text not null default 'resolution' check (kind in ('resolution', 'letter')),
	published boolean not null default false,
	created_by uuid default auth.uid() references auth.users (id) on delete set null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);
alter table public.templates enable row level security;
create index templates_created_by_idx on public.templates (created_by);
create index templates_published_idx on public.templates (published);
create index templates_body_type_language_idx on public.templates (body_type, language);
revoke all on public.templates from anon, authenticated, service_role;
grant select (id, slug, body_type, language, kind, published, created_at, updated_at)
	on public.templates to anon, authenticated;
-- No delete: a template that campaigns used is unpublished, never removed. Its slug is its
-- address: set once.
grant insert (id, slug, body_type, language, kind, published),
	update (published, body_type, language, kind)
	on public.templates to authenticated;

-- One row per edit. `variables` and `facts` are validated by the app (zod,
-- src/lib/server/templates/schema.ts); the database only insists on their shape being arrays.
create table public.template_versions (
	id uuid primary key default gen_random_uuid(),
	template_id uuid not null references public.templates (id) on delete restrict,
	version integer not null check (version >= 1),
	title text not null check (char_length(title) between 1 and 300),
	body text not null check (char_length(body) between 1 and 50000),
	variables jsonb not null default '[]' check (jsonb_typeof(variables) = 'array'),
	facts jsonb not null default '[]' check (jsonb_typeof(facts) = 'array'),
	reviewed_on date not null,
	change_note text check (char_length(change_note) <= 500),
	created_by uuid default auth.uid() references auth.users (id) on delete set null,
	created_at timestamptz not null default now(),
	unique (template_id, version)
);
alter table public.template_versions enable row level security;
-- The unique (template_id, version) index also serves the foreign key and the policies.
create index template_versions_created_by_idx on public.template_versions (created_by);
revoke all on public.template_versions from anon, authenticated, service_role;
grant select (
	id, template_id, version, title, body, variables, facts, reviewed_on, change_note, created_at
) on public.template_versions to anon, authenticated;
-- The version number is the next one for its template (a trigger), whatever a client sends.
grant insert (id, template_id, version, title, body, variables, facts, reviewed_on, change_note)
	on public.template_versions to authenticated;

create function private.is_published_template(p_template_id uuid) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select exists (select 1 from public.templates t where t.id = p_template_id and t.published)
$$;
revoke all on function private.is_published_template(uuid) from public;
grant execute on function private.is_published_template(uuid) to anon, authenticated;

create policy "templates: public reads published" on public.templates
	for select to anon, authenticated
	using (published);
create policy "templates: admins read all" on public.templates
	for select to authenticated
	using ((select private.is_site_admin()));
create policy "templates: admins add" on public.templates
	for insert to authenticated
	with check ((select private.is_site_admin()) and created_by = (select auth.uid()));
create policy "templates: admins update" on public.templates
	for update to authenticated
	using ((select private.is_site_admin()))
	with check ((select private.is_site_admin()));

create policy "template_versions: public reads those of published templates" on public.template_versions
	for select to anon, authenticated
	using ((select private.is_published_template(template_id)));
create policy "template_versions: admins read all" on public.template_versions
	for select to authenticated
	using ((select private.is_site_admin()));
create policy "template_versions: admins add" on public.template_versions
	for insert to authenticated
	with check ((select private.is_site_admin()) and created_by = (select auth.uid()));

-- Versions are immutable for everyone, the owner included: the only change allowed is the
-- author becoming null when their account is deleted (the foreign key's `set null`).
create function private.guard_template_version_immutable() returns trigger
language plpgsql security invoker
set search_path = ''
as $$
begin
	if tg_op = 'DELETE' then
		raise exception 'template versions are immutable' using errcode = '42501';
	end if;
	if (new.id, new.template_id, new.version, new.title, new.body, new.variables, new.facts,
			new.reviewed_on, new.change_note, new.created_at)
		is distinct from (old.id, old.template_id, old.version, old.title, old.body, old.variables,
			old.facts, old.reviewed_on, old.change_note, old.created_at)
		or (new.created_by is not null and new.created_by is distinct from old.created_by) then
		raise exception 'template versions are immutable' using errcode = '42501';
	end if;
	return new;
end
$$;
create trigger template_versions_immutable
	before update or delete on public.template_versions
	for each row execute function private.guard_template_version_immutable();

create function private.number_template_version() returns trigger
language plpgsql
set search_path = ''
as $$
begin
	if current_user in ('anon', 'authenticated') then
		new.version := (
			select coalesce(max(v.version), 0) + 1 from public.template_versions v
			where v.template_id = new.template_id
		);
	end if;
	return new;
end
$$;
revoke all on function private.number_template_version() from public;
create trigger template_versions_number
	before insert on public.template_versions
	for each row execute function private.number_template_version();

-- A slug is set once: the template's address.
create function private.guard_template_slug() returns trigger
language plpgsql
set search_path = ''
as $$
begin
	if current_user in ('anon', 'authenticated') then
		new.slug := old.slug;
	end if;
	return new;
end
$$;
revoke all on function private.guard_template_slug() from public;
create trigger templates_guard_slug
	before update on public.templates
	for each row execute function private.guard_template_slug();

create trigger templates_stamp
	before insert or update on public.templates
	for each row execute function private.stamp_who_and_when('created_by', 'created_at', 'updated_at');
create trigger template_versions_stamp
	before insert on public.template_versions
	for each row execute function private.stamp_who_and_when('created_by', 'created_at', '', 'template_id');
create trigger templates_no_client_truncate
	before truncate on public.templates
	for each statement execute function private.refuse_client_truncate();
create trigger template_versions_no_client_truncate
	before truncate on public.template_versions
	for each statement execute function private.refuse_client_truncate();
select private.track_publication('public.templates', 'published');
select private.track_publication('public.template_versions', 'template_id');
