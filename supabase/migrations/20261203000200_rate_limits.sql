-- Fixed-window rate limits kept in the database, so every app process behind a load balancer
-- shares them. Only the owner's connection calls these; no API role can.
--
-- Rate-limit keys name the people who knock: an IP address, an email. The table keeps only a
-- keyed hash of each key, under a secret that is made here and never leaves the database, and
-- a row only until an hour or so after its window is over.
create table private.rate_limits (
	key text primary key,
	-- The end of the window: the purge deletes by it, and the wait is read off it.
	expires_at timestamptz not null,
	hits integer not null
);
revoke all on private.rate_limits from public, anon, authenticated, service_role;
create index rate_limits_expires_at_idx on private.rate_limits (expires_at);

-- One row. gen_random_uuid() draws on the server's strong random source and is core since
-- PostgreSQL 13, so PGlite, PostgreSQL and Supabase all have it without pgcrypto (which PGlite
-- does not load): two version-4 UUIDs give 32 bytes holding 244 random bits.
create table private.rate_limit_secret (
	only_row boolean primary key default true check (only_row),
	secret bytea not null check (length(secret) >= 32)
);
revoke all on private.rate_limit_secret from public, anon, authenticated, service_role;
insert into private.rate_limit_secret (secret)
values (decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));

-- What the table stores for a key. The action and kind (`signIn:ip:`) stay readable for
-- operators: letters only, so never a piece of an address or an email. The rest is SHA-256 over
-- the secret and the whole key (core sha256; pgcrypto's hmac is not there on PGlite). Secret-
-- prefix SHA-256 allows length extension, which forges hashes of longer keys but reveals none;
-- nothing here verifies a hash. With no secret row the key is null and the insert fails.
create function private.rate_limit_key(p_key text)
returns text
language sql
stable
set search_path = ''
as $$
	select coalesce(substring(p_key from '^[A-Za-z]+:[a-z]+:'), '')
		|| encode(sha256((select s.secret from private.rate_limit_secret s) || convert_to(p_key, 'UTF8')), 'hex')
$$;
revoke all on function private.rate_limit_key(text) from public;

-- Counts one hit on `p_key`; returns 0 when allowed, else the seconds until the window resets.
create function private.take_rate_limit(p_key text, p_max integer, p_window_seconds integer)
returns integer
language plpgsql
set search_path = ''
as $$
declare
	_key constant text := private.rate_limit_key(p_key);
	_row private.rate_limits;
begin
	insert into private.rate_limits as r (key, expires_at, hits)
	values (_key, now() + make_interval(secs => p_window_seconds), 1)
	on conflict (key) do update set
		expires_at = case when r.expires_at <= now() then excluded.expires_at else r.expires_at end,
		hits = case when r.expires_at <= now() then 1 else r.hits + 1 end
	returning * into _row;
	if _row.hits <= p_max then
		return 0;
	end if;
	return greatest(1, ceil(extract(epoch from _row.expires_at - now()))::integer);
end
$$;
revoke all on function private.take_rate_limit(text, integer, integer) from public;

-- Deletes the rows whose window is over; returns how many. The app's maintenance job calls it at
-- start and hourly rather than take_rate_limit calling it on each hit: a purge on the hit path
-- runs only while people keep knocking, so after a quiet spell the last rows would stay, and it
-- would add deletes (and their locks) to every sign-in.
create function private.purge_rate_limits()
returns integer
language sql
set search_path = ''
as $$
	with gone as (delete from private.rate_limits where expires_at <= now() returning 1)
	select count(*)::integer from gone
$$;
revoke all on function private.purge_rate_limits() from public;
