import { readForm } from '$lib/server/forms';
import { error, fail, redirect, type Cookies } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { cookieName as LANG_COOKIE } from '$lib/paraglide/runtime.js';
import {
	formFields,
	languageFormSchema,
	PREFERENCE_MAX_AGE,
	THEME_COOKIE,
	themeFormSchema
} from '$lib/preferences';
import { setProfileLocale } from '$lib/server/account/account';
import type { Actions, PageServerLoad } from './$types';

/**
 * There is no preferences page, only the two actions the header's forms post to. A GET goes home.
 * After a POST this load runs only when an action failed (success always redirects): with
 * JavaScript off there is no page to show the failure on, so show it on the error page.
 */
export const load: PageServerLoad = ({ request }) => {
	if (request.method === 'GET' || request.method === 'HEAD') redirect(303, '/');
	error(400, m.preferences_not_saved());
};

function setPreferenceCookie(cookies: Cookies, url: URL, name: string, value: string): void {
	cookies.set(name, value, {
		path: '/',
		sameSite: 'lax',
		// Paraglide reads the language cookie in the browser too (document.cookie), so neither
		// cookie is httpOnly; neither holds anything secret.
		httpOnly: false,
		secure: url.protocol === 'https:',
		maxAge: PREFERENCE_MAX_AGE
	});
}

export const actions: Actions = {
	theme: async ({ request, cookies, url }) => {
		const form = await readForm(request);
		const parsed = themeFormSchema.safeParse(formFields(form, ['theme', 'next']));
		if (!parsed.success) return fail(400, { message: m.preferences_not_saved() });
		setPreferenceCookie(cookies, url, THEME_COOKIE, parsed.data.theme);
		redirect(303, parsed.data.next);
	},
	language: async ({ request, cookies, url, locals }) => {
		const form = await readForm(request);
		const parsed = languageFormSchema.safeParse(formFields(form, ['lang', 'next']));
		if (!parsed.success) return fail(400, { message: m.preferences_not_saved() });
		setPreferenceCookie(cookies, url, LANG_COOKIE, parsed.data.lang);
		// Signed in: mail to this person follows the language they just chose.
		const user = locals.user;
		if (user) {
			const lang = parsed.data.lang;
			await locals.withClaims((tx) => setProfileLocale(tx, user.id, lang));
		}
		redirect(303, parsed.data.next);
	}
};
