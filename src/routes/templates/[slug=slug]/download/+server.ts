import { readForm } from '$lib/server/forms';
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { toDocx } from '$lib/server/templates/docx';
import { valueErrors, valuesFromForm } from '$lib/server/templates/forms';
import { escapeHtml, fillDocument } from '$lib/server/templates/render';
import { getTemplate } from '$lib/server/templates/templates';
import { getLocale } from '$lib/paraglide/runtime';
import type { RequestHandler } from './$types';

const FORMATS = {
	docx: {
		type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		extension: 'docx'
	},
	markdown: { type: 'text/markdown; charset=utf-8', extension: 'md' },
	text: { type: 'text/plain; charset=utf-8', extension: 'txt' }
} as const;

/**
 * The filled document as a file. The page checks the values before it posts (and the browser's
 * own `required` does with JavaScript off); what still fails here gets a short page that lists
 * the problems and leads back.
 */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const form = await readForm(request);
	const format = form.get('format');
	if (format !== 'docx' && format !== 'markdown' && format !== 'text') error(400, 'Unknown format');
	const template = await locals.withClaims((tx) => getTemplate(tx, params.slug));
	if (!template) error(404, 'Template not found');
	const { latest } = template;
	const values = valuesFromForm(form, latest.variables);
	const errors = valueErrors(latest.variables, values);
	if (Object.keys(errors).length > 0) return incomplete(params.slug, latest.variables, errors);

	const doc = fillDocument(
		{
			title: latest.title,
			body: latest.body,
			language: template.language,
			variables: latest.variables,
			facts: latest.facts
		},
		values
	);
	const body =
		format === 'docx'
			? new Uint8Array(await toDocx(doc, template.language))
			: format === 'markdown'
				? doc.markdown
				: doc.text;
	const { type, extension } = FORMATS[format];
	return new Response(body, {
		headers: {
			'Content-Type': type,
			'Content-Disposition': `attachment; filename="${template.slug}-v${latest.version}.${extension}"`,
			'Cache-Control': 'private, no-store'
		}
	});
};

function incomplete(
	slug: string,
	variables: readonly { name: string; label: string }[],
	errors: Record<string, string[]>
): Response {
	const items = variables
		.filter((variable) => errors[`v_${variable.name}`])
		.map(
			(variable) =>
				`<li>${escapeHtml(variable.label)}: ${escapeHtml((errors[`v_${variable.name}`] ?? []).join(' '))}</li>`
		)
		.join('');
	const html = `<!doctype html><html lang="${getLocale()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(m.templates_incomplete_title())}</title></head><body><main><h1>${escapeHtml(m.templates_incomplete_title())}</h1><p>${escapeHtml(m.templates_errors_summary())}</p><ul>${items}</ul><p><a href="/templates/${encodeURIComponent(slug)}">${escapeHtml(m.templates_incomplete_back())}</a></p></main></body></html>`;
	return new Response(html, {
		status: 400,
		headers: { 'Content-Type': 'text/html; charset=utf-8' }
	});
}
