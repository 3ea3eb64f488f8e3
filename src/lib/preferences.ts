/**
 * The theme and language preferences: form schemas for the `/preferences` actions and the rule
 * for where they may send the visitor back to. Server-side only in practice (it pulls in zod);
 * components import its types, never its values.
 */
import { z } from 'zod';
import { locales } from '$lib/paraglide/runtime.js';
import { isSameSitePath } from '$lib/url';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** Read by `hooks.server.ts` to set `locals.theme` and `<html data-theme>`. */
export const THEME_COOKIE = 'theme';
/** Both preference cookies last a year. */
export const PREFERENCE_MAX_AGE = 60 * 60 * 24 * 365;

const NEXT_MAX_LENGTH = 2000;
/** Where to go after saving a preference; absent or empty means the home page. */
export const nextSchema = z.preprocess(
	(value) => (value === null || value === '' ? undefined : value),
	z
		.string()
		.max(NEXT_MAX_LENGTH)
		.refine(isSameSitePath, { message: 'next must be a path on this site' })
		.default('/')
);

export const themeFormSchema = z.object({ theme: z.enum(THEMES), next: nextSchema });
export const languageFormSchema = z.object({ lang: z.enum(locales), next: nextSchema });

export type ThemeForm = z.infer<typeof themeFormSchema>;
export type LanguageForm = z.infer<typeof languageFormSchema>;

/** The named fields of a submitted form, each its first value or null (as `FormData.get`). */
export function formFields<const K extends string>(
	form: FormData,
	names: readonly K[]
): Record<K, FormDataEntryValue | null> {
	return Object.fromEntries(names.map((name) => [name, form.get(name)])) as Record<
		K,
		FormDataEntryValue | null
	>;
}
