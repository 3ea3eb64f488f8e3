-- Stand-in for Supabase's `storage` schema: buckets, objects (metadata rows; the bytes live on
-- local disk) and the path helpers policies use. Same names and types as Supabase.
create schema if not exists storage;
grant usage on schema storage to anon, authenticated, service_role;

create table if not exists storage.buckets (
	id text primary key,
	name text not null unique,
	owner uuid,
	public boolean not null default false,
	file_size_limit bigint,
	allowed_mime_types text[],
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);

create table if not exists storage.objects (
	id uuid primary key default gen_random_uuid(),
	bucket_id text references storage.buckets (id),
	name text,
	owner uuid,
	owner_id text,
	metadata jsonb,
	path_tokens text[] generated always as (string_to_array(name, '/')) stored,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	last_accessed_at timestamptz default now()
);
create unique index if not exists bucketid_objname on storage.objects (bucket_id, name);

alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;
grant select on storage.buckets to anon, authenticated, service_role;
grant all on storage.objects to anon, authenticated, service_role;

create or replace function storage.foldername(name text) returns text[]
language plpgsql immutable
as $$
declare
	_parts text[];
begin
	select string_to_array(name, '/') into _parts;
	return _parts[1 : array_length(_parts, 1) - 1];
end
$$;

create or replace function storage.filename(name text) returns text
language plpgsql immutable
as $$
declare
	_parts text[];
begin
	select string_to_array(name, '/') into _parts;
	return _parts[array_length(_parts, 1)];
end
$$;

grant execute on function storage.foldername(text), storage.filename(text)
	to anon, authenticated, service_role;
