import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { parseForm } from '$lib/server/forms';
import {
	IMPORT_MODES,
	ImportFileError,
	MAX_IMPORT_BYTES,
	previewImport,
	runImport,
	type ImportMode,
	type ImportReport,
	type OnProgress
} from '$lib/server/import/import';
import { JOB_ID, reportProgress } from '$lib/server/import/progress';
import { COLUMNS } from '$lib/server/import/rows';
import { isSiteAdmin } from '$lib/server/templates/templates';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// At most this many problem rows go back to the page; the counts cover them all.
const SHOWN_ISSUES = 500;

/** Site admins only: anyone else gets a 404, as if the page did not exist. */
async function requireAdmin(locals: App.Locals): Promise<string> {
	const user = locals.user;
	if (!user || !(await locals.withClaims(isSiteAdmin))) error(404, 'Not found');
	return user.id;
}

export const load: PageServerLoad = async ({ locals }) => {
	await requireAdmin(locals);
	return { maxMegabytes: MAX_IMPORT_BYTES / 1024 / 1024, columns: [...COLUMNS] };
};

const modeSchema = z.enum(IMPORT_MODES, { error: () => m.import_mode_invalid() });
const jobSchema = z.string().regex(JOB_ID).optional();

const previewSchema = z.object({ mode: modeSchema, job: jobSchema });

// Without JavaScript the page keeps no state between the preview and the import: the checked
// text travels back in a hidden field of the confirm form (it is checked again on import, so an
// edited field gains nothing, and nothing waits on the server for an upload never confirmed).
const importSchema = z.object({
	mode: modeSchema,
	job: jobSchema,
	csv: z
		.string()
		.min(1, { error: () => m.import_file_missing() })
		.max(MAX_IMPORT_BYTES, { error: () => m.import_file_too_large() })
});

function fileProblem(caught: ImportFileError): string {
	switch (caught.code) {
		case 'header':
			return m.import_error_header({ detail: caught.message });
		case 'csv':
			return m.import_error_csv({ detail: caught.message });
		case 'empty':
			return m.import_error_empty();
		case 'encoding':
			return m.import_error_encoding();
		case 'size':
			return m.import_file_too_large();
	}
}

function trimmed(report: ImportReport) {
	return { ...report, issues: report.issues.slice(0, SHOWN_ISSUES) };
}

function progressFor(job: string | undefined, owner: string): OnProgress | undefined {
	return job ? (phase, done, total) => reportProgress(job, owner, phase, done, total) : undefined;
}

async function readUpload(form: FormData): Promise<string | { problem: string }> {
	const file = form.get('file');
	if (!(file instanceof File) || file.size === 0) return { problem: m.import_file_missing() };
	if (file.size > MAX_IMPORT_BYTES) return { problem: m.import_file_too_large() };
	return file.text();
}

export const actions: Actions = {
	preview: async ({ locals, request }: RequestEvent) => {
		const owner = await requireAdmin(locals);
		const form = await request.formData();
		const parsed = parseForm(previewSchema, form);
		const mode: ImportMode = parsed.ok ? parsed.data.mode : 'all_or_nothing';
		if (!parsed.ok) return fail(400, { mode, message: m.form_fix_errors() });
		const text = await readUpload(form);
		if (typeof text !== 'string') return fail(400, { mode, message: text.problem });
		const fileName = form.get('file') instanceof File ? (form.get('file') as File).name : '';
		try {
			const report = await locals.withClaims((tx) =>
				previewImport(tx, text, progressFor(parsed.data.job, owner))
			);
			return { step: 'preview' as const, mode, fileName, csv: text, report: trimmed(report) };
		} catch (caught) {
			if (!(caught instanceof ImportFileError)) throw caught;
			return fail(400, { mode, message: fileProblem(caught) });
		}
	},

	import: async ({ locals, request }: RequestEvent) => {
		const owner = await requireAdmin(locals);
		const parsed = parseForm(importSchema, await request.formData());
		if (!parsed.ok) {
			const message = parsed.errors.csv?.[0] ?? parsed.errors.mode?.[0] ?? m.form_fix_errors();
			return fail(400, { mode: 'all_or_nothing' as ImportMode, message });
		}
		const { csv, mode, job } = parsed.data;
		try {
			// One transaction as the admin: Row Level Security decides, and any failure writes nothing.
			const result = await locals.withClaims(async (tx) => {
				if (!(await isSiteAdmin(tx))) error(404, 'Not found');
				return runImport(tx, csv, mode, owner, progressFor(job, owner));
			});
			if (result.written === 0) {
				const message =
					result.report.valid === 0
						? m.import_nothing_valid()
						: m.import_nothing_written({ count: result.report.issues.length });
				return fail(400, {
					step: 'preview' as const,
					mode,
					fileName: '',
					csv,
					report: trimmed(result.report),
					message
				});
			}
			return {
				step: 'done' as const,
				mode,
				written: result.written,
				placesWritten: result.placesWritten,
				skipped: result.report.issues.length
			};
		} catch (caught) {
			if (caught instanceof ImportFileError)
				return fail(400, { mode, message: fileProblem(caught) });
			if (isDatabaseError(caught)) {
				// A constraint or policy said no (e.g. a place added meanwhile): all was rolled back.
				console.error('[import] rolled back:', caught);
				return fail(409, { mode, message: m.import_write_failed() });
			}
			throw caught;
		}
	}
};

function isDatabaseError(caught: unknown): boolean {
	return (
		typeof caught === 'object' &&
		caught !== null &&
		typeof (caught as { code?: unknown }).code === 'string' &&
		/^[0-9A-Z]{5}$/.test((caught as { code: string }).code)
	);
}
