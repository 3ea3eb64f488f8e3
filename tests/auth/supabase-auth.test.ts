// Supabase mode answers sign-up and sign-in the way the local adapter does (the pages treat both
// alike): "check your mail" for every address, and "not confirmed" only after the right password.
// Against the local double of Supabase Auth with confirmations on, as a hosted project has them.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSupabaseAuth } from '../../src/lib/server/auth/supabase';
import type { Config } from '../../src/lib/server/config';
import { createSupabaseServerClient } from '../../src/lib/server/supabase/client';
import { CookieJar } from '../helpers/cookies';
import { startSupabaseDouble, type SupabaseDouble } from '../doubles/supabase-double';

const PASSWORD = 'a long enough passphrase';
const redirectTo = new URL('http://localhost:5173/account');

describe('Supabase auth with email confirmation (double)', () => {
	let double: SupabaseDouble;
	beforeAll(async () => {
		double = await startSupabaseDouble({ autoconfirm: false });
	});
	afterAll(() => double?.close());

	function authWith(cookies = new CookieJar()) {
		const config: Config = {
			mode: 'supabase',
			dataDir: '.data',
			poolMax: 1,
			mailFrom: 'test@localhost',
			seedDemo: false,
			supabase: { url: double.url, key: double.publishableKey }
		};
		return createSupabaseAuth(createSupabaseServerClient(config, cookies));
	}
	const signUp = (email: string, password = PASSWORD) =>
		authWith().signUp({ email, password, locale: 'en', redirectTo });

	it('signs up without a session, for a new address and for one with an account', async () => {
		const email = `new-${randomUUID()}@example.com`;
		expect(await signUp(email)).toMatchObject({ ok: true, signedIn: false });
		expect(double.outbox.at(-1)).toMatchObject({ type: 'signup', to: email });
		const taken = `taken-${randomUUID()}@example.com`;
		double.createUser(taken, PASSWORD);
		expect(await signUp(taken, 'another long password')).toMatchObject({
			ok: true,
			signedIn: false
		});
	});

	it('refuses password sign-in until confirmed, saying so only to the right password', async () => {
		const email = `unconfirmed-${randomUUID()}@example.com`;
		await signUp(email);
		expect(await authWith().signIn({ email, password: PASSWORD })).toEqual({
			ok: false,
			reason: 'email_not_confirmed'
		});
		expect(await authWith().signIn({ email, password: 'not the password' })).toEqual({
			ok: false,
			reason: 'invalid_credentials'
		});
		const mail = double.outbox.at(-1);
		const browser = new CookieJar();
		expect(await authWith(browser).verifyEmailLink(mail?.tokenHash ?? '', 'signup')).toMatchObject({
			email
		});
		expect(await authWith(browser).getUser()).toMatchObject({ email });
		expect(await authWith().signIn({ email, password: PASSWORD })).toMatchObject({ ok: true });
	});
});
