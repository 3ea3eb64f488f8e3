-- Private documents: objects in `group-files` at `<group_id>/<uuid>`; a `group_documents` row says
-- who uploaded it, its title and whether it is sensitive (leads only). An object is readable by
-- the group's leads, and by its other members only once a row says it is not sensitive — so a
-- sensitive document is invisible to members from its first byte, whichever is written first.
insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values (
	'group-files', 'group-files', false, 10485760,
	array[
		'application/pdf',
		'image/png', 'image/jpeg', 'image/webp',
		'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		'text/plain'
	]
)
on conflict (id) do nothing;

create table public.group_documents (
	id uuid primary key default gen_random_uuid(),
	group_id uuid not null references public.sponsor_groups (id) on delete cascade,
	object_name text not null unique check (char_length(object_name) <= 200),
	title text not null check (char_length(title) between 1 and 200),
	sensitive boolean not null default false,
	uploaded_by uuid default auth.uid() references auth.users (id) on delete set null,
	created_at timestamptz not null default now()
);
alter table public.group_documents enable row level security;
create index group_documents_group_id_idx on public.group_documents (group_id);
create index group_documents_uploaded_by_idx on public.group_documents (uploaded_by);
revoke all on public.group_documents from anon, authenticated, service_role;
grant select, insert (id, group_id, object_name, title, sensitive), delete
	on public.group_documents to authenticated;

create policy "group_documents: members read, sensitive ones leads only" on public.group_documents
	for select to authenticated
	using (
		(group_id in (select private.my_group_ids()))
		and (not sensitive or (group_id in (select private.my_lead_group_ids())))
	);
create policy "group_documents: members add their own" on public.group_documents
	for insert to authenticated
	with check (
		uploaded_by = (select auth.uid()) and (group_id in (select private.my_group_ids()))
		and (not sensitive or (group_id in (select private.my_lead_group_ids())))
		and object_name like group_id::text || '/%'
	);
create policy "group_documents: uploaders and leads delete" on public.group_documents
	for delete to authenticated
	using (
		(uploaded_by = (select auth.uid()) and (group_id in (select private.my_group_ids())))
		or (group_id in (select private.my_lead_group_ids()))
	);

create function private.group_id_of(p_name text) returns uuid
language plpgsql immutable
set search_path = ''
as $$
begin
	return (storage.foldername(p_name))[1]::uuid;
exception when invalid_text_representation then
	return null;
end
$$;
revoke all on function private.group_id_of(text) from public;
grant execute on function private.group_id_of(text) to authenticated;

-- May the caller read this object? Its group's leads; other members only when a document row
-- marks it not sensitive.
create function private.can_read_group_object(p_name text) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select private.is_group_lead(private.group_id_of(p_name))
		or (
			private.is_group_member(private.group_id_of(p_name))
			and exists (
				select 1 from public.group_documents d
				where d.object_name = p_name and not d.sensitive
			)
		)
$$;
revoke all on function private.can_read_group_object(text) from public;
grant execute on function private.can_read_group_object(text) to authenticated;

-- May the caller add a file to this group? Its members, while the group is open.
create function private.can_upload_group_object(p_name text) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select private.is_group_member(private.group_id_of(p_name))
		and exists (
			select 1 from public.sponsor_groups
			where id = private.group_id_of(p_name) and closed_at is null
		)
$$;
revoke all on function private.can_upload_group_object(text) from public;
grant execute on function private.can_upload_group_object(text) to authenticated;

create policy "group-files: leads, and members once not sensitive, read" on storage.objects
	for select to authenticated
	using (bucket_id = 'group-files' and (select private.can_read_group_object(name)));
create policy "group-files: members upload while the group is open" on storage.objects
	for insert to authenticated
	with check (bucket_id = 'group-files' and (select private.can_upload_group_object(name)));
-- Like the document rows, a closed group's files stay as they are until the group is deleted
-- (by the retention job, which does not go through these policies).
create policy "group-files: uploaders and leads delete while the group is open" on storage.objects
	for delete to authenticated
	using (
		bucket_id = 'group-files'
		and (select private.can_upload_group_object(name))
		and (
			owner_id = (select auth.uid())::text
			or (select private.is_group_lead(private.group_id_of(name)))
		)
	);

create trigger group_documents_stamp
	before insert or update on public.group_documents
	for each row execute function private.stamp_who_and_when('uploaded_by', 'created_at', '', 'group_id', 'object_name');
create trigger group_documents_guard_group_row
	before insert or update or delete on public.group_documents
	for each row execute function private.guard_group_row();
create trigger group_documents_no_client_truncate
	before truncate on public.group_documents
	for each statement execute function private.refuse_client_truncate();
create trigger group_documents_log_activity
	after insert or update or delete on public.group_documents
	for each row execute function private.log_group_activity();
