import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getActCampaign, type ActCampaign } from '$lib/server/act/campaign';
import {
	fillLetterTemplate,
	letterAsk,
	letterSchema,
	letterSubject,
	letterTemplateSchema,
	letterValues,
	listLetterTemplates,
	saveLetter
} from '$lib/server/act/letter';
import {
	addRecipient,
	listRecipients,
	MAX_RECIPIENTS,
	recipientIdSchema,
	recipientSchema,
	removeRecipient,
	updateRecipient
} from '$lib/server/act/recipients';
import { actionCount } from '$lib/server/act/reports';
import type { Tx } from '$lib/server/db';
import { parseForm, readForm, type FieldErrors } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	if (!locals.user) error(401, 'Sign in first.');
	return locals.withClaims(async (tx) => {
		const campaign = await findCampaign(tx, params.id);
		return {
			campaign,
			recipients: await listRecipients(tx, campaign.id),
			letterTemplates: await listLetterTemplates(tx, campaign.language),
			count: await actionCount(tx, campaign.id),
			maxRecipients: MAX_RECIPIENTS
		};
	});
};

/** The team and site admins only: RLS decides, and anyone else finds nothing here. */
async function findCampaign(tx: Tx, id: string): Promise<ActCampaign> {
	const campaign = /^[0-9a-f-]{36}$/i.test(id) ? await getActCampaign(tx, id) : undefined;
	if (!campaign) error(404, 'Not found');
	return campaign;
}

/** The answer to bad input: what was typed comes back with its messages; nothing was written. */
function invalid(
	action: string,
	parsed: { errors: FieldErrors; values: Record<string, string> },
	extra: { recipientId?: string } = {}
) {
	const { values, errors } = parsed;
	return fail(400, { action, ...extra, values, errors, message: m.form_fix_errors() });
}

type Handler = (tx: Tx, campaign: ActCampaign, form: FormData, origin: string) => Promise<unknown>;

/** Every action: signed in, on the team (else 404), the change in one claims-scoped transaction. */
function actAction(action: string, handler: Handler) {
	return async ({ locals, params, request, url }: RequestEvent<{ id: string }>) => {
		if (!locals.user) error(401, 'Sign in first.');
		const form = await readForm(request);
		return locals.withClaims(async (tx) => {
			const campaign = await findCampaign(tx, params.id);
			const result = await handler(tx, campaign, form, url.origin);
			return result ?? { action, ok: true, message: m.act_saved() };
		});
	};
}

export const actions: Actions = {
	add_recipient: actAction('add_recipient', async (tx, campaign, form) => {
		const parsed = parseForm(recipientSchema, form);
		if (!parsed.ok) return invalid('add_recipient', parsed);
		if (!(await addRecipient(tx, campaign.id, parsed.data))) {
			return fail(400, {
				action: 'add_recipient',
				values: { ...parsed.data, role: parsed.data.role ?? '' },
				message: m.act_error_too_many({ max: MAX_RECIPIENTS })
			});
		}
	}),

	update_recipient: actAction('update_recipient', async (tx, campaign, form) => {
		const id = parseForm(recipientIdSchema, form);
		if (!id.ok)
			return fail(404, { action: 'update_recipient', message: m.act_error_recipient_missing() });
		const parsed = parseForm(recipientSchema, form);
		if (!parsed.ok) {
			return invalid('update_recipient', parsed, { recipientId: id.data.recipient_id });
		}
		if (!(await updateRecipient(tx, campaign.id, id.data.recipient_id, parsed.data))) {
			return fail(404, { action: 'update_recipient', message: m.act_error_recipient_missing() });
		}
	}),

	remove_recipient: actAction('remove_recipient', async (tx, campaign, form) => {
		const id = parseForm(recipientIdSchema, form);
		if (!id.ok || !(await removeRecipient(tx, campaign.id, id.data.recipient_id))) {
			return fail(404, { action: 'remove_recipient', message: m.act_error_recipient_missing() });
		}
	}),

	letter: actAction('letter', async (tx, campaign, form) => {
		const parsed = parseForm(letterSchema, form);
		if (!parsed.ok) return invalid('letter', parsed);
		await saveLetter(tx, campaign.id, parsed.data);
	}),

	/** Fills the chosen template into the letter form for review; nothing is saved yet. */
	letter_template: actAction('letter_template', async (tx, campaign, form, origin) => {
		const parsed = parseForm(letterTemplateSchema, form);
		const recipients = await listRecipients(tx, campaign.id);
		const filled =
			parsed.ok &&
			(await fillLetterTemplate(tx, parsed.data.template_id, (language) => ({
				// A subject the organizers wrote stays; otherwise one that fits the stage.
				subject:
					campaign.letterSubject ??
					letterSubject(letterAsk(campaign.stage), campaign.title, language),
				values: letterValues(campaign, recipients, language, origin)
			})));
		if (!filled) {
			return fail(400, {
				action: 'letter_template',
				errors: { template_id: [m.act_error_template()] },
				message: m.form_fix_errors()
			});
		}
		return { action: 'letter', ok: true, values: filled, message: m.act_template_filled() };
	})
};
