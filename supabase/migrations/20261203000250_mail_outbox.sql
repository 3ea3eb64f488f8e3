-- Mail the app sends, queued in the database: written in the same transaction as what it is about
-- (a group closed, an invite sent …), so a mail is never sent for a change that rolled back, and
-- never lost for one that committed. Every app instance runs the sender; each message is claimed
-- by one of them (`for update skip locked`), sent, and marked sent; a failure is retried later
-- with a growing wait. Only the owner's connection (the sender, and security definer functions
-- acting for someone) touches it: no API role can read an address or a message here.
--
-- A message names its recipient as a user (address and language are read when it is sent, so a
-- changed address or language is honoured) or as a bare address (someone without an account).
-- `params` hold what the message needs to say; the app writes the text in the recipient's
-- language (src/lib/server/system/mail.ts). Sent messages are deleted after two days.

create table private.mail_outbox (
	id bigint generated always as identity primary key,
	kind text not null check (kind ~ '^[a-z_]{1,60}$'),
	to_user uuid references auth.users (id) on delete cascade,
	to_email text check (to_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and char_length(to_email) <= 320),
	locale text check (locale in ('en', 'es')),
	params jsonb not null default '{}' check (jsonb_typeof(params) = 'object'),
	-- The same key is queued once (a daily digest, say).
	dedupe_key text unique check (char_length(dedupe_key) <= 200),
	created_at timestamptz not null default now(),
	send_after timestamptz not null default now(),
	attempts integer not null default 0,
	locked_until timestamptz,
	sent_at timestamptz,
	failed_at timestamptz,
	last_error text check (char_length(last_error) <= 1000),
	check (num_nonnulls(to_user, to_email) = 1)
);
revoke all on private.mail_outbox from public, anon, authenticated, service_role;
create index mail_outbox_due_idx on private.mail_outbox (send_after)
	where sent_at is null and failed_at is null;
create index mail_outbox_to_user_idx on private.mail_outbox (to_user);
create index mail_outbox_sent_at_idx on private.mail_outbox (sent_at) where sent_at is not null;

-- Queues one message; for security definer functions and triggers. Returns nothing: a duplicate
-- of a dedupe_key already queued is dropped.
create function private.queue_mail(
	p_kind text, p_to_user uuid, p_to_email text, p_params jsonb, p_dedupe_key text default null,
	p_locale text default null
) returns void
language sql
set search_path = ''
as $$
	insert into private.mail_outbox (kind, to_user, to_email, params, dedupe_key, locale)
	values (p_kind, p_to_user, p_to_email, coalesce(p_params, '{}'), p_dedupe_key, p_locale)
	on conflict (dedupe_key) do nothing
$$;
revoke all on function private.queue_mail(text, uuid, text, jsonb, text, text) from public;

-- Claims up to `p_limit` messages that are due, for `p_lock_seconds`, and returns them with the
-- recipient's current address and language. Two senders never claim the same message.
-- (plpgsql: the profiles it reads come in a later file.)
create function private.claim_mail(p_limit integer, p_lock_seconds integer)
returns table (
	id bigint, kind text, to_email text, locale text, params jsonb, attempts integer
)
language plpgsql
set search_path = ''
as $$
begin
	return query
	with due as (
		select m.id from private.mail_outbox m
		where m.sent_at is null and m.failed_at is null and m.send_after <= now()
			and (m.locked_until is null or m.locked_until < now())
		order by m.send_after, m.id
		limit p_limit
		for update skip locked
	), claimed as (
		update private.mail_outbox m
		set locked_until = now() + make_interval(secs => p_lock_seconds), attempts = m.attempts + 1
		from due where m.id = due.id
		returning m.*
	)
	select c.id, c.kind, coalesce(c.to_email, u.email), coalesce(c.locale, p.locale, 'en'),
		c.params, c.attempts
	from claimed c
	left join auth.users u on u.id = c.to_user
	left join public.profiles p on p.id = c.to_user;
end
$$;
revoke all on function private.claim_mail(integer, integer) from public;

-- The sender's verdict on a claimed message: sent; or failed for now (tried again after a wait
-- that doubles with each attempt, from a minute to a day), or for good after 10 attempts.
create function private.finish_mail(p_id bigint, p_error text) returns void
language sql
set search_path = ''
as $$
	update private.mail_outbox set
		sent_at = case when p_error is null then now() end,
		failed_at = case when p_error is not null and attempts >= 10 then now() end,
		last_error = left(p_error, 1000),
		locked_until = null,
		send_after = case when p_error is null then send_after
			else now() + least(interval '1 day', interval '1 minute' * power(2, attempts - 1)) end
	where id = p_id
$$;
revoke all on function private.finish_mail(bigint, text) from public;

-- Addresses and messages are kept no longer than needed: sent or failed ones go after two days.
create function private.purge_mail() returns integer
language sql
set search_path = ''
as $$
	with gone as (
		delete from private.mail_outbox
		where coalesce(sent_at, failed_at) < now() - interval '2 days'
		returning 1
	)
	select count(*)::integer from gone
$$;
revoke all on function private.purge_mail() from public;
