import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { parseForm, readForm } from '$lib/server/forms';
import { placeChoiceSchema, startCampaign } from '$lib/server/campaigns/start';
import { headingText } from '$lib/server/campaigns/templates';
import { valueErrors, valuesFromForm } from '$lib/server/templates/forms';
import { cachedSkeleton, fillDocument } from '$lib/server/templates/render';
import { PLACE_KINDS_FOR, type TemplateBodyType } from '$lib/server/templates/schema';
import {
	getTemplate,
	isSiteAdmin,
	placesForKinds,
	resolutionsUsingTemplate,
	type TemplateDetail
} from '$lib/server/templates/templates';
import { isStale } from '$lib/templates/values';
import type { Actions, PageServerLoad } from './$types';

function renderable(template: TemplateDetail) {
	const { latest } = template;
	return {
		title: latest.title,
		body: latest.body,
		language: template.language,
		variables: latest.variables,
		facts: latest.facts
	};
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const today = new Date().toISOString().slice(0, 10);
	const result = await locals.withClaims(async (tx) => {
		const template = await getTemplate(tx, params.slug);
		if (!template) return undefined;
		const kinds = PLACE_KINDS_FOR[template.body_type as TemplateBodyType] ?? [];
		const [usedBy, places, admin] = await Promise.all([
			resolutionsUsingTemplate(tx, template.id),
			locals.user ? placesForKinds(tx, kinds) : Promise.resolve([]),
			locals.user ? isSiteAdmin(tx) : Promise.resolve(false)
		]);
		return { template, usedBy, places, admin, kinds };
	});
	if (!result) error(404, 'Template not found');
	const { template, usedBy, places, admin, kinds } = result;
	return {
		template: {
			slug: template.slug,
			body_type: template.body_type,
			language: template.language,
			kind: template.kind,
			published: template.published,
			used_by: template.used_by
		},
		version: {
			id: template.latest.id,
			version: template.latest.version,
			title: template.latest.title,
			reviewed_on: template.latest.reviewed_on,
			variables: template.latest.variables
		},
		facts: template.latest.facts.map((fact) => ({ ...fact, stale: isStale(fact.as_of, today) })),
		history: template.history.map(({ version, created_at, change_note }) => ({
			version,
			created_at: created_at.toISOString().slice(0, 10),
			change_note
		})),
		skeleton: cachedSkeleton(template.latest.id, renderable(template)),
		usedBy,
		places,
		placeKinds: kinds,
		signedIn: Boolean(locals.user),
		admin
	};
};

async function loadForAction(locals: App.Locals, slug: string) {
	const template = await locals.withClaims((tx) => getTemplate(tx, slug));
	if (!template) error(404, 'Template not found');
	return template;
}

export const actions: Actions = {
	/** With JavaScript off, "Update preview" comes here: the page renders again with the values. */
	preview: async ({ locals, params, request }) => {
		const template = await loadForAction(locals, params.slug);
		const values = valuesFromForm(await readForm(request), template.latest.variables);
		return { action: 'preview', values, errors: valueErrors(template.latest.variables, values) };
	},

	campaign: async ({ locals, params, request }) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const template = await loadForAction(locals, params.slug);
		const form = await readForm(request);
		const values = valuesFromForm(form, template.latest.variables);
		// A draft has its place and body, not yet its date introduced or presiding officer.
		const errors = valueErrors(template.latest.variables, values, { blanksAllowed: true });
		const placeForm = new FormData();
		for (const key of ['place_id', 'place_name', 'place_kind', 'place_state']) {
			const value = form.get(key);
			if (typeof value === 'string' && value.trim() !== '') placeForm.set(key, value);
		}
		const place = parseForm(placeChoiceSchema, placeForm);
		if (!place.ok) errors.place_id = [m.templates_campaign_place_required()];
		if (Object.keys(errors).length > 0 || !place.ok) {
			return fail(400, {
				action: 'campaign',
				values,
				place: Object.fromEntries(placeForm) as Record<string, string>,
				errors,
				message: m.form_fix_errors()
			});
		}
		const doc = fillDocument(renderable(template), values);
		const title = headingText(doc) ?? template.latest.title;
		const started = await locals.withClaims((tx) =>
			startCampaign(tx, user.id, {
				place: place.data,
				templateVersionId: template.latest.id,
				title,
				text: doc.markdown,
				values
			})
		);
		if (!started) {
			return fail(400, {
				action: 'campaign',
				values,
				place: {},
				errors: { place_id: [m.templates_campaign_place_required()] },
				message: m.form_fix_errors()
			});
		}
		// The campaign's editor, where the team takes it from here.
		redirect(303, `/organize/${started.id}`);
	}
};
