import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { allowedMoves } from '$lib/pipeline';
import {
	canLead,
	deleteDraft,
	editorSchema,
	getCampaign,
	saveCampaign,
	setVisibility,
	type Campaign
} from '$lib/server/campaigns/campaigns';
import { adaptedCount, diffClauses, templateBasis } from '$lib/server/campaigns/diff';
import { blanksLeft } from '$lib/server/campaigns/templates';
import {
	addCampaignDocument,
	documentFileSchema,
	removeCampaignDocument
} from '$lib/server/campaigns/documents';
import { moveCampaign, MoveRefused, moveSchema } from '$lib/server/campaigns/pipeline';
import type { Tx } from '$lib/server/db';
import { parseForm, readForm } from '$lib/server/forms';
import { renderMarkdown } from '$lib/server/markdown';
import { resolutionDocuments, resolutionEvents } from '$lib/server/resolutions/detail';
import { StorageError } from '$lib/server/storage/types';
import type { Actions, PageServerLoad } from './$types';

const today = () => new Date().toISOString().slice(0, 10);

export const load: PageServerLoad = async ({ locals, parent }) => {
	const { campaign } = await parent();
	const { events, basis } = await locals.withClaims(async (tx) => ({
		events: await resolutionEvents(tx, campaign.id),
		basis: await templateBasis(tx, campaign.templateVersionId, campaign.templateValues)
	}));
	const documents = await resolutionDocuments(locals.storage, campaign.id);
	const changes = basis ? diffClauses(basis.markdown, campaign.text) : [];
	return {
		events,
		documents,
		moves: allowedMoves(campaign.place.kind, campaign.stage, campaign.status),
		preview: renderMarkdown(campaign.text),
		template: basis && {
			slug: basis.slug,
			title: basis.title,
			version: basis.version,
			adapted: adaptedCount(changes),
			changes: changes.filter((change) => change.kind !== 'same')
		},
		today: today()
	};
};

type Handler = (tx: Tx, campaign: Campaign, userId: string, form: FormData) => Promise<unknown>;

/**
 * Every action: signed in, on the team (else 404, as for the page), the form read, then the
 * change in one transaction under the caller's claims, where RLS has the last word.
 */
function campaignAction(action: string, leadOnly: boolean, handler: Handler) {
	return async ({ locals, params, request }: RequestEvent<{ id: string }>) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const form = await readForm(request);
		const result = await locals.withClaims(async (tx) => {
			const campaign = await getCampaign(tx, params.id, user.id);
			if (!campaign) error(404, 'Not found');
			if (leadOnly && !canLead(campaign)) {
				return fail(403, { action, errors: {}, message: m.organize_lead_only() });
			}
			return (
				(await handler(tx, campaign, user.id, form)) ?? { action, message: m.organize_saved() }
			);
		});
		// Redirects leave the transaction first: thrown inside it, they would roll it back.
		if (result && typeof result === 'object' && 'redirectTo' in result) {
			redirect(303, String(result.redirectTo));
		}
		return result;
	};
}

export const actions: Actions = {
	save: campaignAction('save', false, async (tx, campaign, _userId, form) => {
		const parsed = parseForm(editorSchema, form);
		if (!parsed.ok) {
			return fail(400, {
				action: 'save',
				errors: parsed.errors,
				values: parsed.values,
				message: m.form_fix_errors()
			});
		}
		await saveCampaign(tx, campaign.id, parsed.data);
	}),

	move: campaignAction('move', false, async (tx, campaign, userId, form) => {
		const parsed = parseForm(moveSchema, form);
		if (!parsed.ok) {
			return fail(400, {
				action: 'move',
				errors: parsed.errors,
				values: parsed.values,
				message: m.form_fix_errors()
			});
		}
		try {
			await moveCampaign(tx, campaign, parsed.data, today());
		} catch (caught) {
			if (!(caught instanceof MoveRefused)) throw caught;
			return fail(400, {
				action: 'move',
				values: { note: parsed.data.note, occurred_on: parsed.data.occurred_on },
				errors: {},
				message: caught.message
			});
		}
		return { action: 'move', message: m.organize_moved() };
	}),

	publish: campaignAction('publish', true, async (tx, campaign) => {
		const blanks = await blanksLeft(tx, campaign.templateVersionId, campaign.text);
		if (blanks.length > 0) {
			return fail(400, {
				action: 'publish',
				errors: {},
				message: m.organize_publish_blanks({ blanks: blanks.join(', ') })
			});
		}
		await setVisibility(tx, campaign.id, 'published');
		return { action: 'publish', message: m.organize_published() };
	}),

	unpublish: campaignAction('publish', true, async (tx, campaign) => {
		await setVisibility(tx, campaign.id, 'draft');
		return { action: 'publish', message: m.organize_unpublished() };
	}),

	// Deleting takes everything with it and has no undo: the form's "Yes, delete …" box must be
	// ticked, a check the server makes itself so it holds with JavaScript off.
	delete: campaignAction('delete', true, async (tx, campaign, _userId, form) => {
		if (form.get('confirm') !== 'yes') {
			return fail(400, {
				action: 'delete',
				errors: { confirm: [m.organize_delete_unconfirmed()] },
				message: m.organize_delete_unconfirmed()
			});
		}
		if (!(await deleteDraft(tx, campaign.id))) {
			return fail(400, { action: 'delete', errors: {}, message: m.organize_delete_published() });
		}
		return { redirectTo: `/organize?deleted=${encodeURIComponent(campaign.title)}` };
	}),

	// Files go through the storage adapter outside the form transaction: its policies decide.
	upload: async ({ locals, params, request }) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const campaign = await locals.withClaims((tx) => getCampaign(tx, params.id, user.id));
		if (!campaign) error(404, 'Not found');
		const file = (await readForm(request)).get('file');
		const checked = documentFileSchema.safeParse(file);
		if (!checked.success) {
			return fail(400, {
				action: 'upload',
				errors: { file: [checked.error.issues[0]?.message ?? m.organize_error_file()] },
				message: m.form_fix_errors()
			});
		}
		try {
			await addCampaignDocument(locals.storage, campaign.id, checked.data);
		} catch (caught) {
			if (!(caught instanceof StorageError)) throw caught;
			return fail(400, {
				action: 'upload',
				errors: { file: [caught.message] },
				message: m.form_fix_errors()
			});
		}
		return { action: 'upload', message: m.organize_document_added() };
	},

	delete_document: async ({ locals, params, request }) => {
		const user = locals.user;
		if (!user) error(401, 'Sign in first.');
		const campaign = await locals.withClaims((tx) => getCampaign(tx, params.id, user.id));
		if (!campaign) error(404, 'Not found');
		const fileName = (await readForm(request)).get('file');
		const removed =
			typeof fileName === 'string' &&
			(await removeCampaignDocument(locals.storage, campaign.id, fileName));
		if (!removed) {
			return fail(404, {
				action: 'delete_document',
				errors: {},
				message: m.organize_error_document()
			});
		}
		return { action: 'delete_document', message: m.organize_document_deleted() };
	}
};
