// The sign-up, password-reset and sign-in-link forms answer the same whatever the address: a new
// one, one with an unconfirmed account, one with an account. Run through the pages' own actions
// (status, body and cookies set), on both engines.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalAuth } from '../../src/lib/server/auth/local';
import { loadConfig } from '../../src/lib/server/config';
import { actions as resetActions } from '../../src/routes/forgot-password/+page.server';
import { actions as loginActions } from '../../src/routes/login/+page.server';
import { actions as signUpActions } from '../../src/routes/signup/+page.server';
import { CookieJar } from '../helpers/cookies';
import { ENGINES, useTestDatabase } from '../helpers/databases';
import { latestLinkTo, mailsTo } from '../helpers/outbox';
import { useRuntime } from '../helpers/runtime';

const PASSWORD = 'a long enough passphrase';
const dataDir = mkdtempSync(join(tmpdir(), 'wa-auth-enum-'));
const config = loadConfig({ DATA_DIR: dataDir });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type Action = (event: never) => unknown;

describe.each(ENGINES)('no page tells whether an address has an account (%s)', (engine) => {
	const database = useTestDatabase(engine);
	useRuntime(() => ({ database: database() }));
	const newEmail = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.org`;
	// A client address per request, so that the per-IP limits stay out of the way.
	let client = 0;

	/** Posts a form to an action as SvelteKit would, from a browser of its own. */
	async function post(action: Action, path: string, fields: Record<string, string>) {
		const cookies = new CookieJar();
		const url = new URL(`https://atlas.test${path}`);
		const body = new FormData();
		for (const [name, value] of Object.entries(fields)) body.append(name, value);
		const headers: Record<string, string> = {};
		client += 1;
		const event = {
			url,
			request: new Request(url, { method: 'POST', body }),
			cookies,
			getClientAddress: () => `198.51.100.${client % 250}`,
			setHeaders: (set: Record<string, string>) => Object.assign(headers, set),
			locals: {
				user: null,
				auth: createLocalAuth({ db: database().db, config }, { cookies, url })
			}
		};
		const result = await action(event as never);
		// What the browser gets: the answer, with the address written the same way, and which
		// cookies were set how (their values are random either way).
		const email = fields.email ?? '';
		return {
			answer: JSON.stringify(result).replaceAll(email, '<email>'),
			headers,
			cookies: [...cookies.options.entries()].sort()
		};
	}

	async function unconfirmedAccount() {
		const email = newEmail('unconfirmed');
		await post(signUpActions.default as Action, '/signup', { email, password: PASSWORD });
		return email;
	}

	async function confirmedAccount() {
		const email = await unconfirmedAccount();
		const link = latestLinkTo(dataDir, email);
		const auth = createLocalAuth(
			{ db: database().db, config },
			{ cookies: new CookieJar(), url: link }
		);
		await auth.verifyEmailLink(link.searchParams.get('token_hash') ?? '', 'signup');
		return email;
	}

	it('sign-up: the same answer, and one mail to the address, in every case', async () => {
		const cases = {
			new: newEmail('new'),
			unconfirmed: await unconfirmedAccount(),
			confirmed: await confirmedAccount()
		};
		const answers = [];
		for (const email of Object.values(cases)) {
			const before = mailsTo(dataDir, email).length;
			answers.push(
				await post(signUpActions.default as Action, '/signup', {
					email,
					password: 'another long password',
					display_name: 'Sam'
				})
			);
			expect(mailsTo(dataDir, email).length).toBe(before + 1);
		}
		expect(answers[0]?.answer).toContain('Check your email');
		expect(answers[0]?.cookies.map(([name]) => name)).toEqual(['wa_signup']);
		for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
	});

	it('password reset and sign-in links: the same answer for every address', async () => {
		const emails = [newEmail('unknown'), await unconfirmedAccount(), await confirmedAccount()];
		for (const [action, path] of [
			[resetActions.default, '/forgot-password'],
			[loginActions.magic, '/login']
		] as const) {
			const answers = [];
			for (const email of emails) answers.push(await post(action as Action, path, { email }));
			expect(answers[0]?.answer).toMatch(/on its way/);
			for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
		}
		// Only the addresses with an account got mail.
		expect(mailsTo(dataDir, emails[0] ?? '')).toEqual([]);
	});
});
