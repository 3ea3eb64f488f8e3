-- Stand-in for Supabase's `auth` schema: the columns this app reads or writes, with the same
-- names and types as Supabase, and auth.uid()/auth.role()/auth.jwt() with Supabase's signatures.
create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create table if not exists auth.users (
	instance_id uuid,
	id uuid primary key default gen_random_uuid(),
	aud varchar(255) default 'authenticated',
	role varchar(255) default 'authenticated',
	email varchar(255),
	encrypted_password varchar(255),
	email_confirmed_at timestamptz,
	last_sign_in_at timestamptz,
	raw_app_meta_data jsonb not null default '{}'::jsonb,
	raw_user_meta_data jsonb not null default '{}'::jsonb,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);
create unique index if not exists users_email_key on auth.users (lower(email));

create or replace function auth.jwt() returns jsonb
language sql stable
as $$
	select coalesce(
		nullif(current_setting('request.jwt.claim', true), ''),
		nullif(current_setting('request.jwt.claims', true), '')
	)::jsonb
$$;

create or replace function auth.uid() returns uuid
language sql stable
as $$
	select coalesce(
		nullif(current_setting('request.jwt.claim.sub', true), ''),
		(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
	)::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
	select coalesce(
		nullif(current_setting('request.jwt.claim.role', true), ''),
		(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
	)::text
$$;

grant execute on function auth.jwt(), auth.uid(), auth.role() to anon, authenticated, service_role;
