import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { callToAct } from '$lib/server/act/campaign';
import { adaptedCount, diffClauses, templateBasis } from '$lib/server/campaigns/diff';
import { actionCount, isOpenForReports, recordSentLetter } from '$lib/server/act/reports';
import { renderMarkdown } from '$lib/server/markdown';
import {
	publishedAddressOf,
	resolutionDetail,
	resolutionDocuments
} from '$lib/server/resolutions/detail';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const found = await locals.withClaims(async (tx) => {
		const detail = await resolutionDetail(tx, params.slug);
		if (!detail) return null;
		return {
			detail,
			act: await callToAct(tx, detail),
			// Most resolutions did not start from a template: no query for them.
			basis: await templateBasis(tx, detail.templateVersionId, detail.templateValues)
		};
	});
	if (!found) {
		// A campaign's draft address leads to its public one once it is published.
		const moved = await locals.withClaims((tx) => publishedAddressOf(tx, params.slug));
		if (moved) redirect(301, `/resolutions/${moved}`);
		// A draft the caller may not see and a slug that never existed look exactly alike.
		error(404, 'Not Found');
	}
	const { detail, act, basis } = found;
	const documents = await resolutionDocuments(locals.storage, detail.id);
	const { text, templateVersionId: _version, templateValues: _values, ...resolution } = detail;
	return {
		resolution,
		textHtml: renderMarkdown(text),
		documents,
		act,
		template: basis && {
			slug: basis.slug,
			title: basis.title,
			adapted: adaptedCount(diffClauses(basis.markdown, text ?? ''))
		},
		pageUrl: `${url.origin}/resolutions/${detail.slug}`
	};
};

export const actions: Actions = {
	/** "I sent it": one anonymous report, rate-limited in the database per address and resolution. */
	sent: async (event) => {
		const { locals, params } = event;
		const target = await locals.withClaims(async (tx) => {
			const detail = await resolutionDetail(tx, params.slug);
			return detail && { id: detail.id, open: await isOpenForReports(tx, detail.id) };
		});
		if (!target) error(404, 'Not Found');
		const countNow = () => locals.withClaims((tx) => actionCount(tx, target.id));
		if (!target.open) {
			return fail(409, { action: 'sent', count: await countNow(), message: m.act_closed() });
		}
		try {
			const { wait, count } = await locals.withClaims(async (tx) => ({
				wait: await recordSentLetter(tx, target.id, event.getClientAddress()),
				count: await actionCount(tx, target.id)
			}));
			if (wait > 0) {
				event.setHeaders({ 'Retry-After': String(wait) });
				const minutes = Math.ceil(wait / 60);
				return fail(429, { action: 'sent', count, message: m.act_rate_limited({ minutes }) });
			}
			return { action: 'sent', sent: true, count, message: m.act_thanks() };
		} catch (cause) {
			// The vote was decided (or the page unpublished) a moment ago: the database refused it.
			if ((cause as { code?: string }).code !== '42501') throw cause;
			return fail(409, { action: 'sent', count: await countNow(), message: m.act_closed() });
		}
	}
};
