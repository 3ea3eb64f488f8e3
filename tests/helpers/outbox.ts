// A server without SMTP writes each mail to `<DATA_DIR>/outbox/` as one JSON file (see
// src/lib/server/mail.ts): tests read confirmation and sign-in links from there.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface OutboxMail {
	to: string;
	subject: string;
	text: string;
}

/** Every mail in the outbox of `dataDir`, oldest first (the file names start with the time). */
export function outbox(dataDir: string): OutboxMail[] {
	const dir = join(dataDir, 'outbox');
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return [];
	}
	return names
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as OutboxMail);
}

/** The mails to `email`: the app writes addresses in lower case, as it stores them. */
export function mailsTo(dataDir: string, email: string): OutboxMail[] {
	return outbox(dataDir).filter((mail) => mail.to === email.toLowerCase());
}

/** The first link in a mail's text, as a URL. */
export function linkIn(mail: OutboxMail | undefined): URL {
	const match = mail?.text.match(/https?:\/\/\S+/);
	if (!match) throw new Error(`no link in the mail ${JSON.stringify(mail?.subject)}`);
	return new URL(match[0]);
}

/** The link in the newest mail to `email`. */
export function latestLinkTo(dataDir: string, email: string): URL {
	return linkIn(mailsTo(dataDir, email).at(-1));
}
