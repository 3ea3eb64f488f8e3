-- Private documents: objects in `group-files` at `<group_id>/<uuid>`; this row says who uploaded
-- it and whether it is sensitive (leads only).
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
	uploaded_by uuid references auth.users (id) on delete set null,
	created_at timestamptz not null default now()
);
alter table public.group_documents enable row level security;
create index group_documents_group_id_idx on public.group_documents (group_id);
create index group_documents_uploaded_by_idx on public.group_documents (uploaded_by);
grant select, insert, delete on public.group_documents to authenticated;

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

-- May the caller read this object? Members, unless its document row marks it sensitive.
create function private.can_read_group_object(p_name text) returns boolean
language sql stable security definer
set search_path = ''
as $$
	select private.is_group_member(private.group_id_of(p_name))
		and not exists (
			select 1 from public.group_documents d
			where d.object_name = p_name and d.sensitive
				and not private.is_group_lead(d.group_id)
		)
$$;
revoke all on function private.can_read_group_object(text) from public;
grant execute on function private.can_read_group_object(text) to authenticated;

create policy "group-files: members read" on storage.objects
	for select to authenticated
	using (bucket_id = 'group-files' and (select private.can_read_group_object(name)));
create policy "group-files: members upload" on storage.objects
	for insert to authenticated
	with check (
		bucket_id = 'group-files' and (select private.is_group_member(private.group_id_of(name)))
	);
create policy "group-files: uploaders and leads delete" on storage.objects
	for delete to authenticated
	using (
		bucket_id = 'group-files'
		and (
			(owner_id = (select auth.uid())::text
				and (select private.is_group_member(private.group_id_of(name))))
			or (select private.is_group_lead(private.group_id_of(name)))
		)
	);
