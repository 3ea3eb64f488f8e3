import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from './config';

export interface Mail {
	to: string;
	subject: string;
	text: string;
}

/**
 * Sends through SMTP when SMTP_URL is set. Otherwise the message goes to the server log and to
 * `<DATA_DIR>/outbox/`, so sign-in links work on a laptop with no mail server.
 */
export async function sendMail(config: Config, mail: Mail): Promise<void> {
	if (config.smtpUrl) {
		const { createTransport } = await import('nodemailer');
		await createTransport(config.smtpUrl).sendMail({ from: config.mailFrom, ...mail });
		return;
	}
	const dir = join(config.dataDir, 'outbox');
	await mkdir(dir, { recursive: true });
	const file = join(
		dir,
		`${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomUUID()}.json`
	);
	// Written aside and renamed, so a reader (tests, a developer's watcher) never sees half a mail.
	await writeFile(
		`${file}.tmp`,
		JSON.stringify({ ...mail, sentAt: new Date().toISOString() }, null, '\t')
	);
	await rename(`${file}.tmp`, file);
	console.log(`[mail] to ${mail.to}: ${mail.subject}\n${mail.text}\n(saved to ${file})`);
}
