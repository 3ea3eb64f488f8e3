import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { PLACE_KINDS } from '$lib/pipeline';
import { parseForm, readForm } from '$lib/server/forms';
import { placeChoiceSchema, startCampaign } from '$lib/server/campaigns/start';
import { startingTemplates, templateStart } from '$lib/server/campaigns/templates';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) error(401, 'Sign in first.');
	const kind = z
		.enum(PLACE_KINDS)
		.catch('city')
		.parse(url.searchParams.get('kind') ?? 'city');
	return locals.withClaims(async (tx) => ({
		kind,
		templates: await startingTemplates(tx)
	}));
};

const startSchema = z.object({
	body: z
		.string()
		.trim()
		.max(200, { error: () => m.organize_error_body() })
		.optional()
		.transform((value) => value || null),
	template: z
		.string()
		.regex(/^([a-z0-9-]{1,120})?$/, { error: () => m.organize_error_template() })
		.optional()
		.transform((value) => value || null)
});

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const form = await readForm(request);
		const place = parseForm(placeChoiceSchema, form);
		const rest = parseForm(startSchema, form);
		if (!place.ok || !rest.ok) {
			const errors = rest.ok ? {} : rest.errors;
			if (!place.ok) errors.place_name = [m.organize_error_place()];
			return fail(400, {
				errors,
				values: Object.fromEntries(
					[...form].filter((entry): entry is [string, string] => typeof entry[1] === 'string')
				),
				message: m.form_fix_errors()
			});
		}
		const started = await locals.withClaims(async (tx) => {
			const fromTemplate = rest.data.template
				? await templateStart(tx, rest.data.template, place.data)
				: {};
			if (fromTemplate === null) return null;
			return startCampaign(tx, user.id, {
				place: place.data,
				body: rest.data.body,
				...fromTemplate
			});
		});
		if (!started) {
			return fail(400, {
				errors: { template: [m.organize_error_template()] },
				values: {},
				message: m.form_fix_errors()
			});
		}
		redirect(303, `/organize/${started.id}`);
	}
};
