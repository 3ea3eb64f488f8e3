-- Tables the local auth adapter needs and Supabase Auth keeps for itself. Only the app's own
-- connection (the database owner) touches this schema; no API role has usage on it.
create schema if not exists local_auth;
revoke all on schema local_auth from public;

create table if not exists local_auth.sessions (
	token_hash bytea primary key,
	user_id uuid not null references auth.users (id) on delete cascade,
	created_at timestamptz not null default now(),
	last_seen_at timestamptz not null default now()
);
create index if not exists sessions_user_id_idx on local_auth.sessions (user_id);

-- Single-use tokens for magic links and password resets.
create table if not exists local_auth.one_time_tokens (
	token_hash bytea primary key,
	user_id uuid not null references auth.users (id) on delete cascade,
	purpose text not null check (purpose in ('magic_link', 'recovery')),
	expires_at timestamptz not null
);
create index if not exists one_time_tokens_user_id_idx on local_auth.one_time_tokens (user_id);

-- Server-side secrets the local adapters generate once (e.g. the key that signs download URLs);
-- in the database so every app process of the postgres mode shares them.
create table if not exists local_auth.server_secrets (
	name text primary key,
	value bytea not null
);
