-- role: supabase_storage_admin
--
-- The Supabase platform fixture, step 5: the storage schema as the Storage server leaves it after
-- all its migrations, created by its own role as on a hosted project: storage.buckets and
-- storage.objects with their final columns, indexes, triggers and grants, and the path helpers
-- that policies use.
--
-- Sources: supabase/storage, migrations/tenant/*.sql (commit 4fa61fba9371c4bd40cbb81509f07bcb3af21683),
-- in particular 0002-storage-schema, 0003-pathtoken-column, 0007-add-rls-to-buckets,
-- 0008-add-public-to-buckets, 0011-add-trigger-to-auto-update-updated_at-column,
-- 0013-add-bucket-custom-limits, 0016-add-version, 0017-drop-owner-foreign-key,
-- 0018-add_owner_id_column_deprecate_owner, 0019-alter-default-value-objects-id,
-- 0024-operation-function, 0025-custom-metadata, 0036-optimise-existing-functions,
-- 0037-add-bucket-name-length-trigger, 0044-vector-bucket-type, 0046-buckets-objects-grants,
-- 0049-buckets-objects-grants-postgres, 0051-index-backward-compatible-search,
-- 0055-prevent-direct-deletes, 0061-mark-filename-immutable, 0062-object-versioning-core;
-- and src/internal/database/postgres/scope.ts for what the Storage API sets per request.
--
-- What matters to us: the tables belong to supabase_storage_admin (postgres may not alter them),
-- the API roles and postgres hold every privilege on them, Row Level Security is on, and
-- `delete from storage.objects` (or storage.buckets) is refused unless the transaction has set
-- `storage.allow_delete_query` to 'true', which the Storage API does for each of its requests.
--
-- Left out: the S3 multipart, analytics, vector and Iceberg tables, the server's own
-- storage.migrations bookkeeping, and the listing/search functions (storage.search,
-- list_objects_with_delimiter, …) that only the Storage server calls.

create type storage.buckettype as enum ('STANDARD', 'ANALYTICS', 'VECTOR');

create table storage.buckets (
	id text not null,
	name text not null,
	owner uuid,
	created_at timestamptz default now(),
	updated_at timestamptz default now(),
	public boolean default false,
	avif_autodetection boolean default false,
	file_size_limit bigint,
	allowed_mime_types text[],
	owner_id text,
	type storage.buckettype not null default 'STANDARD',
	versioning_status text not null default 'DISABLED',
	constraint buckets_pkey primary key (id),
	constraint buckets_versioning_status_check
		check (versioning_status in ('DISABLED', 'ENABLED', 'SUSPENDED')),
	constraint buckets_versioning_standard_only_check
		check (type = 'STANDARD' or versioning_status = 'DISABLED'),
	constraint buckets_versioning_dark_check check (versioning_status = 'DISABLED')
);
comment on column storage.buckets.owner is 'Field is deprecated, use owner_id instead';
create unique index bname on storage.buckets (name);

create table storage.objects (
	id uuid not null default gen_random_uuid(),
	bucket_id text,
	name text,
	owner uuid,
	created_at timestamptz default now(),
	updated_at timestamptz default now(),
	last_accessed_at timestamptz default now(),
	metadata jsonb,
	path_tokens text[] generated always as (string_to_array(name, '/')) stored,
	version text,
	owner_id text,
	user_metadata jsonb,
	archived_at timestamptz,
	is_delete_marker boolean not null default false,
	is_versioned boolean not null default false,
	constraint objects_pkey primary key (id),
	constraint "objects_bucketId_fkey" foreign key (bucket_id) references storage.buckets (id)
);
comment on column storage.objects.owner is 'Field is deprecated, use owner_id instead';
create unique index bucketid_objname on storage.objects (bucket_id, name);
create index name_prefix_search on storage.objects (name text_pattern_ops);
create index idx_objects_bucket_id_name on storage.objects (bucket_id, name collate "C");
create index idx_objects_bucket_id_name_lower on storage.objects (bucket_id, lower(name) collate "C");

alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;

-- Every privilege to the API roles, and to postgres with grant option (on top of the schema's
-- default privileges, which already gave them all).
grant all on storage.buckets, storage.objects to anon, authenticated, service_role;
grant all on storage.buckets, storage.objects to postgres with grant option;

-- Path helpers used in policies: 'folder/sub/file.pdf' → {folder,sub}, 'file.pdf', 'pdf'.
create function storage.foldername(name text) returns text[]
language plpgsql immutable
as $$
declare
	_parts text[];
begin
	_parts := string_to_array(name, '/');
	return _parts[1 : array_length(_parts, 1) - 1];
end
$$;

create function storage.filename(name text) returns text
language plpgsql immutable
as $$
declare
	_parts text[];
begin
	_parts := string_to_array(name, '/');
	return _parts[array_length(_parts, 1)];
end
$$;

create function storage.extension(name text) returns text
language plpgsql immutable
as $$
declare
	_parts text[];
	_filename text;
begin
	_parts := string_to_array(name, '/');
	_filename := _parts[array_length(_parts, 1)];
	-- The part after the last dot.
	return reverse(split_part(reverse(_filename), '.', 1));
end
$$;

-- The Storage API names the operation of each request (e.g. 'object.delete') in this setting.
create function storage.operation() returns text
language plpgsql stable
as $$
begin
	return current_setting('storage.operation', true);
end
$$;

create function storage.update_updated_at_column() returns trigger
language plpgsql
as $$
begin
	new.updated_at = now();
	return new;
end
$$;
create trigger update_objects_updated_at before update on storage.objects
	for each row execute function storage.update_updated_at_column();

create function storage.enforce_bucket_name_length() returns trigger
language plpgsql
as $$
begin
	if length(new.name) > 100 then
		raise exception 'bucket name "%" is too long (% characters). Max is 100.',
			new.name, length(new.name);
	end if;
	return new;
end
$$;
create trigger enforce_bucket_name_length_trigger before insert or update of name on storage.buckets
	for each row execute function storage.enforce_bucket_name_length();

-- Direct deletes would orphan the files in the object store: only the Storage API, which sets
-- storage.allow_delete_query = 'true' in its transactions, may delete rows.
create function storage.protect_delete() returns trigger
language plpgsql
as $$
begin
	if coalesce(current_setting('storage.allow_delete_query', true), 'false') != 'true' then
		raise exception 'Direct deletion from storage tables is not allowed. Use the Storage API instead.'
			using hint = 'This prevents accidental data loss from orphaned objects.',
				errcode = '42501';
	end if;
	return null;
end
$$;
create trigger protect_buckets_delete before delete on storage.buckets
	for each statement execute function storage.protect_delete();
create trigger protect_objects_delete before delete on storage.objects
	for each statement execute function storage.protect_delete();
