/**
 * The sender of the mail queue (private.mail_outbox, supabase/migrations/*_mail_outbox.sql).
 * Changes queue their mail in the database in the same transaction; every app instance runs this
 * sender every few seconds; each message is claimed by one instance (`for update skip locked`),
 * written in its recipient's language, sent through the mail adapter and marked sent. A failure
 * waits and is tried again. If an instance dies between sending and marking, the message is sent
 * again once its claim expires: at least once, and once in every ordinary case.
 */
import { sql, type Kysely } from 'kysely';
import { m } from '$lib/paraglide/messages';
import type { Config } from '../config';
import type { DB } from '../db';
import { sendMail, type Mail } from '../mail';

type Locale = 'en' | 'es';
type Params = Record<string, unknown>;

/** How long a claim holds before another instance may take the message over. */
const CLAIM_SECONDS = 300;

interface Claimed {
	id: string;
	kind: string;
	to_email: string | null;
	locale: Locale;
	params: Params;
}

const text = (value: unknown) => (typeof value === 'string' ? value : String(value ?? ''));

/** Each kind of message, in the recipient's language. */
const RENDER: Record<string, (params: Params, locale: Locale) => Omit<Mail, 'to'>> = {
	group_closing: (p, locale) => ({
		subject: m.mail_group_closing_subject(
			{ group: text(p.group_name), date: text(p.delete_on) },
			{ locale }
		),
		text: m.mail_group_closing_body(
			{ group: text(p.group_name), date: text(p.delete_on) },
			{ locale }
		)
	}),
	group_deleted: (p, locale) => ({
		subject: m.mail_group_deleted_subject({ group: text(p.group_name) }, { locale }),
		text: m.mail_group_deleted_body({ group: text(p.group_name) }, { locale })
	})
};

/** The message of a queued mail; throws for a kind this version cannot write. */
export function renderMail(kind: string, params: Params, locale: Locale): Omit<Mail, 'to'> {
	const render = RENDER[kind];
	if (!render) throw new Error(`no template for mail of kind ${kind}`);
	return render(params, locale);
}

/**
 * Sends up to `limit` messages that are due; returns how many were sent. Runs over the owner's
 * connection: the queue is out of every API role's reach.
 */
export async function sendQueuedMail(db: Kysely<DB>, config: Config, limit = 20): Promise<number> {
	const { rows } = await sql<Claimed>`
		select id::text, kind, to_email, locale, params
		from private.claim_mail(${limit}, ${CLAIM_SECONDS})`.execute(db);
	let sent = 0;
	for (const row of rows) {
		let failure: string | null = null;
		try {
			if (!row.to_email) throw new Error('the recipient has no address any more');
			await sendMail(config, { to: row.to_email, ...renderMail(row.kind, row.params, row.locale) });
			sent++;
		} catch (error) {
			failure = error instanceof Error ? error.message : String(error);
			console.error(`[mail] message ${row.id} (${row.kind}) not sent: ${failure}`);
		}
		await sql`select private.finish_mail(${row.id}::bigint, ${failure})`.execute(db);
	}
	return sent;
}

/** Deletes messages sent or given up more than two days ago; returns how many. */
export async function purgeMail(db: Kysely<DB>): Promise<number> {
	const { rows } = await sql<{ purged: number }>`select private.purge_mail() as purged`.execute(db);
	return rows[0]?.purged ?? 0;
}
