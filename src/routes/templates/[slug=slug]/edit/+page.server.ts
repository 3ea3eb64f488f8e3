import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { parseForm, readForm, type FieldErrors } from '$lib/server/forms';
import { versionContentSchema } from '$lib/server/templates/schema';
import {
	addVersion,
	getTemplate,
	isSiteAdmin,
	setPublished
} from '$lib/server/templates/templates';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	if (!locals.user)
		redirect(303, `/login?next=${encodeURIComponent(`/templates/${params.slug}/edit`)}`);
	const result = await locals.withClaims(async (tx) => {
		if (!(await isSiteAdmin(tx))) return 'forbidden' as const;
		return getTemplate(tx, params.slug);
	});
	if (result === 'forbidden') error(403, m.templates_edit_forbidden());
	if (!result) error(404, 'Template not found');
	const { latest } = result;
	return {
		slug: result.slug,
		published: result.published,
		next: latest.version + 1,
		current: {
			title: latest.title,
			body: latest.body,
			variables: JSON.stringify(latest.variables, null, 2),
			facts: JSON.stringify(latest.facts, null, 2),
			reviewed_on: latest.reviewed_on
		}
	};
};

const formSchema = z.object({
	title: z.string(),
	body: z.string(),
	variables: z.string(),
	facts: z.string(),
	reviewed_on: z.string(),
	change_note: z.string().trim().max(500).optional(),
	published: z.literal('on').optional()
});

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const parsed = parseForm(formSchema, await readForm(request));
		if (!parsed.ok) {
			return fail(400, {
				values: parsed.values,
				errors: parsed.errors,
				message: m.form_fix_errors()
			});
		}
		const raw = parsed.data;
		const errors: FieldErrors = {};
		const variables = parseJson(raw.variables);
		const facts = parseJson(raw.facts);
		if (variables === undefined) errors.variables = [m.templates_edit_invalid_json()];
		if (facts === undefined) errors.facts = [m.templates_edit_invalid_json()];
		const content = versionContentSchema.safeParse({
			title: raw.title,
			body: raw.body,
			variables,
			facts,
			reviewed_on: raw.reviewed_on
		});
		if (!content.success) {
			for (const issue of content.error.issues) {
				const key = String(issue.path[0] ?? 'body');
				if (errors[key]) continue;
				const where = issue.path.slice(1).join('.');
				(errors[key] ??= []).push(where ? `${where}: ${issue.message}` : issue.message);
			}
		}
		const values = { ...raw, published: raw.published ?? '' } as Record<string, string>;
		if (!content.success || Object.keys(errors).length > 0) {
			return fail(400, { values, errors, message: m.form_fix_errors() });
		}
		// RLS decides (a non-admin's insert fails with 42501); the check first gives a clear 403.
		const version = await locals.withClaims(async (tx) => {
			if (!(await isSiteAdmin(tx))) error(403, m.templates_edit_forbidden());
			const template = await getTemplate(tx, params.slug);
			if (!template) error(404, 'Template not found');
			const added = await addVersion(tx, template.id, user.id, {
				...content.data,
				change_note: raw.change_note ?? null
			});
			const published = raw.published === 'on';
			if (published !== template.published) await setPublished(tx, template.id, published);
			return added;
		});
		return { saved: true, message: m.templates_edit_saved({ version }) };
	}
};
