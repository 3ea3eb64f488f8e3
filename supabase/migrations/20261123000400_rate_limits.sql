-- Fixed-window rate limits kept in the database, so every app process behind a load balancer
-- shares them. Only the owner's connection calls this; no API role can.
create table private.rate_limits (
	key text primary key,
	window_started_at timestamptz not null,
	hits integer not null
);
revoke all on private.rate_limits from public, anon, authenticated;

-- Counts one hit on `p_key`; returns 0 when allowed, else the seconds until the window resets.
create function private.take_rate_limit(p_key text, p_max integer, p_window_seconds integer)
returns integer
language plpgsql
set search_path = ''
as $$
declare
	_row private.rate_limits;
begin
	insert into private.rate_limits as r (key, window_started_at, hits)
	values (p_key, now(), 1)
	on conflict (key) do update set
		window_started_at = case
			when r.window_started_at < now() - make_interval(secs => p_window_seconds) then now()
			else r.window_started_at end,
		hits = case
			when r.window_started_at < now() - make_interval(secs => p_window_seconds) then 1
			else r.hits + 1 end
	returning * into _row;
	if _row.hits <= p_max then
		return 0;
	end if;
	return greatest(1, ceil(extract(epoch from
		_row.window_started_at + make_interval(secs => p_window_seconds) - now()))::integer);
end
$$;
revoke all on function private.take_rate_limit(text, integer, integer) from public;
