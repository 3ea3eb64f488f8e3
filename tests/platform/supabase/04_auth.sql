-- role: supabase_auth_admin
--
-- The Supabase platform fixture, step 4: the auth schema as the Auth server (GoTrue) leaves it
-- after all its migrations, created by its own role as on a hosted project. Only the tables
-- whose shape matters to us: users, identities, sessions, refresh_tokens, audit_log_entries and
-- instances (with their columns, keys and indexes as they end up), and the helper functions.
--
-- Sources:
--   supabase/auth, migrations/*.up.sql (commit bc32168e13fdc928c98b449fc76bc3fdb9a293c5), in
--     particular 00_init_auth_schema, 20210710035447_alter_users, 20220224000811_update_auth_functions,
--     20220531120530_add_auth_jwt_function, 20221003041349_add_mfa_schema,
--     20221215195500_modify_users_email_unique_index (users_email_partial_key),
--     20231117164230_add_id_pkey_identities, 20240214120130_add_is_anonymous_column and
--     20240612123726_enable_rls_update_grants (RLS on every auth table, select with grant option
--     for postgres).
--   supabase/postgres, migrations/db/init-scripts/00000000000001-auth-schema.sql
--     (commit ce2035d9444012db954fcbbcbdab7139d07ee903): the first shape of these tables.
--
-- What matters to us, and differs from a kinder stand-in: `auth.users.id` has NO default (GoTrue
-- always sends the id), email uniqueness is the partial index `users_email_partial_key`
-- (case-sensitive, only for non-SSO users), the table belongs to supabase_auth_admin and has
-- Row Level Security on with no policy.
--
-- Left out: the MFA, SSO/SAML, OAuth server, flow-state, one-time-token and passkey tables, the
-- enums only they use, and the server's own auth.schema_migrations bookkeeping.

create type auth.aal_level as enum ('aal1', 'aal2', 'aal3');

create table auth.users (
	instance_id uuid,
	id uuid not null,
	aud varchar(255),
	role varchar(255),
	email varchar(255),
	encrypted_password varchar(255),
	email_confirmed_at timestamptz,
	invited_at timestamptz,
	confirmation_token varchar(255),
	confirmation_sent_at timestamptz,
	recovery_token varchar(255),
	recovery_sent_at timestamptz,
	email_change_token_new varchar(255),
	email_change varchar(255),
	email_change_sent_at timestamptz,
	last_sign_in_at timestamptz,
	raw_app_meta_data jsonb,
	raw_user_meta_data jsonb,
	is_super_admin boolean,
	created_at timestamptz,
	updated_at timestamptz,
	phone text default null,
	phone_confirmed_at timestamptz,
	phone_change text default '',
	phone_change_token varchar(255) default '',
	phone_change_sent_at timestamptz,
	confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
	email_change_token_current varchar(255) default '',
	email_change_confirm_status smallint default 0,
	banned_until timestamptz,
	reauthentication_token varchar(255) default '',
	reauthentication_sent_at timestamptz,
	is_sso_user boolean not null default false,
	deleted_at timestamptz,
	is_anonymous boolean not null default false,
	constraint users_pkey primary key (id),
	constraint users_phone_key unique (phone),
	constraint users_email_change_confirm_status_check
		check (email_change_confirm_status >= 0 and email_change_confirm_status <= 2)
);
comment on table auth.users is 'Auth: Stores user login data within a secure schema.';
comment on column auth.users.is_sso_user is
	'Auth: Set this column to true when the account comes from SSO. These accounts can have duplicate emails.';
-- Email is unique among non-SSO users, compared as stored (case-sensitive).
create unique index users_email_partial_key on auth.users (email) where is_sso_user = false;
create index users_instance_id_email_idx on auth.users (instance_id, lower(email::text));
create index users_instance_id_idx on auth.users (instance_id);
create index users_is_anonymous_idx on auth.users (is_anonymous);
-- Tokens are unique unless they are empty or numeric (one-time codes).
create unique index confirmation_token_idx on auth.users (confirmation_token)
	where confirmation_token::text !~ '^[0-9 ]*$';
create unique index recovery_token_idx on auth.users (recovery_token)
	where recovery_token::text !~ '^[0-9 ]*$';
create unique index email_change_token_current_idx on auth.users (email_change_token_current)
	where email_change_token_current::text !~ '^[0-9 ]*$';
create unique index email_change_token_new_idx on auth.users (email_change_token_new)
	where email_change_token_new::text !~ '^[0-9 ]*$';
create unique index reauthentication_token_idx on auth.users (reauthentication_token)
	where reauthentication_token::text !~ '^[0-9 ]*$';

create table auth.identities (
	provider_id text not null,
	user_id uuid not null references auth.users (id) on delete cascade,
	identity_data jsonb not null,
	provider text not null,
	last_sign_in_at timestamptz,
	created_at timestamptz,
	updated_at timestamptz,
	email text generated always as (lower(identity_data ->> 'email')) stored,
	id uuid not null default gen_random_uuid(),
	constraint identities_pkey primary key (id),
	constraint identities_provider_id_provider_unique unique (provider_id, provider)
);
comment on table auth.identities is 'Auth: Stores identities associated to a user.';
create index identities_email_idx on auth.identities (email text_pattern_ops);
create index identities_user_id_idx on auth.identities (user_id);

create table auth.sessions (
	id uuid not null,
	user_id uuid not null references auth.users (id) on delete cascade,
	created_at timestamptz,
	updated_at timestamptz,
	factor_id uuid,
	aal auth.aal_level,
	not_after timestamptz,
	refreshed_at timestamp,
	user_agent text,
	ip inet,
	tag text,
	-- References auth.oauth_clients upstream, a table the fixture leaves out.
	oauth_client_id uuid,
	refresh_token_hmac_key text,
	refresh_token_counter bigint,
	scopes text,
	constraint sessions_pkey primary key (id),
	constraint sessions_scopes_length check (char_length(scopes) <= 4096)
);
comment on table auth.sessions is 'Auth: Stores session data associated to a user.';
create index sessions_not_after_idx on auth.sessions (not_after desc);
create index sessions_oauth_client_id_idx on auth.sessions (oauth_client_id);
create index sessions_user_id_idx on auth.sessions (user_id);
create index user_id_created_at_idx on auth.sessions (user_id, created_at);

create table auth.refresh_tokens (
	instance_id uuid,
	id bigserial not null,
	token varchar(255),
	user_id varchar(255),
	revoked boolean,
	created_at timestamptz,
	updated_at timestamptz,
	parent varchar(255),
	session_id uuid references auth.sessions (id) on delete cascade,
	constraint refresh_tokens_pkey primary key (id),
	constraint refresh_tokens_token_unique unique (token)
);
comment on table auth.refresh_tokens is
	'Auth: Store of tokens used to refresh JWT tokens once they expire.';
create index refresh_tokens_instance_id_idx on auth.refresh_tokens (instance_id);
create index refresh_tokens_instance_id_user_id_idx on auth.refresh_tokens (instance_id, user_id);
create index refresh_tokens_parent_idx on auth.refresh_tokens (parent);
create index refresh_tokens_session_id_revoked_idx on auth.refresh_tokens (session_id, revoked);
create index refresh_tokens_updated_at_idx on auth.refresh_tokens (updated_at desc);

create table auth.audit_log_entries (
	instance_id uuid,
	id uuid not null,
	payload json,
	created_at timestamptz,
	ip_address varchar(64) not null default '',
	constraint audit_log_entries_pkey primary key (id)
);
comment on table auth.audit_log_entries is 'Auth: Audit trail for user actions.';
create index audit_logs_instance_id_idx on auth.audit_log_entries (instance_id);

create table auth.instances (
	id uuid not null,
	uuid uuid,
	raw_base_config text,
	created_at timestamptz,
	updated_at timestamptz,
	constraint instances_pkey primary key (id)
);
comment on table auth.instances is 'Auth: Manages users across multiple sites.';

-- Row Level Security on, no policy: only roles that bypass it (postgres, service_role) or own
-- the tables read them. postgres may pass select on to others.
alter table auth.users enable row level security;
alter table auth.identities enable row level security;
alter table auth.sessions enable row level security;
alter table auth.refresh_tokens enable row level security;
alter table auth.audit_log_entries enable row level security;
alter table auth.instances enable row level security;
grant select on auth.users, auth.identities, auth.sessions, auth.refresh_tokens,
	auth.audit_log_entries, auth.instances to postgres with grant option;

-- The request's claims, as PostgREST sets them: `request.jwt.claims` holds the whole JWT payload
-- as JSON; the older one-setting-per-claim form (`request.jwt.claim.sub`, …) is read first.
create function auth.jwt() returns jsonb
language sql stable
as $$
	select coalesce(
		nullif(current_setting('request.jwt.claim', true), ''),
		nullif(current_setting('request.jwt.claims', true), '')
	)::jsonb
$$;

create function auth.uid() returns uuid
language sql stable
as $$
	select coalesce(
		nullif(current_setting('request.jwt.claim.sub', true), ''),
		nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'
	)::uuid
$$;
comment on function auth.uid() is 'Deprecated. Use auth.jwt() -> ''sub'' instead.';

create function auth.role() returns text
language sql stable
as $$
	select coalesce(
		nullif(current_setting('request.jwt.claim.role', true), ''),
		nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'
	)::text
$$;
comment on function auth.role() is 'Deprecated. Use auth.jwt() -> ''role'' instead.';

create function auth.email() returns text
language sql stable
as $$
	select coalesce(
		nullif(current_setting('request.jwt.claim.email', true), ''),
		nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email'
	)::text
$$;
comment on function auth.email() is 'Deprecated. Use auth.jwt() -> ''email'' instead.';
