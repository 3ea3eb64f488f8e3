-- Email confirmation for the local auth adapter (what Supabase Auth keeps in its own tables).
-- A new file rather than an edit of 04: the runner records stand-in files by name, so this one
-- also reaches databases created before it. Only the app's own connection uses this schema.

-- Sign-up links: an account is confirmed only by following one (single use, hashed like the
-- others). Recreated under the same name, so running this twice is harmless.
alter table local_auth.one_time_tokens
	drop constraint if exists one_time_tokens_purpose_check;
alter table local_auth.one_time_tokens
	add constraint one_time_tokens_purpose_check
	check (purpose in ('magic_link', 'recovery', 'confirmation'));

-- What a sign-up chose (password, display name, language), bound to the browser that chose it
-- (the SHA-256 of a random cookie it holds), until the address is proved. Whoever first proves
-- it keeps these choices only from that browser; anywhere else the account is taken over
-- without them, so a stranger who signed up first with someone else's address cannot sign in
-- once its owner confirms it. Rows go at confirmation (or with the account).
create table if not exists local_auth.pending_signups (
	user_id uuid not null references auth.users (id) on delete cascade,
	browser_hash bytea not null,
	password_hash text not null,
	display_name text,
	locale text not null check (locale in ('en', 'es')),
	expires_at timestamptz not null,
	primary key (user_id, browser_hash)
);

-- The hourly maintenance job deletes expired links and held sign-ups (purgeExpiredSignUps).
create index if not exists one_time_tokens_expires_at_idx on local_auth.one_time_tokens (expires_at);
create index if not exists pending_signups_expires_at_idx on local_auth.pending_signups (expires_at);
