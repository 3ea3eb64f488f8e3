import { gunzipSync } from 'node:zlib';
import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { parseForm, readForm } from '$lib/server/forms';
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
import type { Actions, PageServerLoad } from './$types';

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

// The page keeps no state on the server between the preview and the import: the checked text
// travels back in a hidden field of the confirm form (it is checked again on import, so an
// edited field gains nothing, and nothing waits on the server for an upload never confirmed).
// With JavaScript, the browser gzips the file or that text and sends it as `file` with
// `encoding=gzip`, so files several times larger than the server's BODY_SIZE_LIMIT (adapter-node:
// 512 kB by default) get through; without it, raise BODY_SIZE_LIMIT for large files.
const formSchema = z.object({
	mode: modeSchema,
	job: jobSchema,
	encoding: z.literal('gzip').optional(),
	csv: z
		.string()
		.max(MAX_IMPORT_BYTES, { error: () => m.import_file_too_large() })
		.optional()
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

/** The CSV text: an uploaded file (maybe gzipped by the page), else the confirm form's field. */
async function readCsvText(
	form: FormData,
	fields: z.infer<typeof formSchema>
): Promise<string | { problem: string }> {
	const file = form.get('file');
	if (!(file instanceof File) || file.size === 0) {
		return fields.csv ? fields.csv : { problem: m.import_file_missing() };
	}
	if (file.size > MAX_IMPORT_BYTES) return { problem: m.import_file_too_large() };
	if (fields.encoding !== 'gzip') return file.text();
	try {
		const bytes = gunzipSync(Buffer.from(await file.arrayBuffer()), {
			maxOutputLength: MAX_IMPORT_BYTES
		});
		return new TextDecoder().decode(bytes);
	} catch {
		return { problem: m.import_file_unreadable() };
	}
}

/** Both actions: a site admin, a valid mode, and the CSV text; else a readable 400. */
async function readSubmission(locals: App.Locals, request: Request) {
	const owner = await requireAdmin(locals);
	const form = await readForm(request);
	const parsed = parseForm(formSchema, form);
	if (!parsed.ok) {
		const message = firstError(parsed.errors);
		return { failure: fail(400, { mode: 'all_or_nothing' as ImportMode, message }) };
	}
	const { mode, job } = parsed.data;
	const text = await readCsvText(form, parsed.data);
	if (typeof text !== 'string') return { failure: fail(400, { mode, message: text.problem }) };
	return { owner, mode, text, onProgress: progressFor(job, owner) };
}

export const actions: Actions = {
	preview: async ({ locals, request }) => {
		const submission = await readSubmission(locals, request);
		if ('failure' in submission) return submission.failure;
		const { mode, text, onProgress } = submission;
		try {
			const report = await locals.withClaims((tx) => previewImport(tx, text, onProgress));
			return { step: 'preview' as const, mode, csv: text, report: trimmed(report) };
		} catch (caught) {
			if (!(caught instanceof ImportFileError)) throw caught;
			return fail(400, { mode, message: fileProblem(caught) });
		}
	},

	import: async ({ locals, request }) => {
		const submission = await readSubmission(locals, request);
		if ('failure' in submission) return submission.failure;
		const { mode, text: csv, onProgress } = submission;
		try {
			// One transaction as the admin: Row Level Security decides, and any failure writes nothing.
			const result = await locals.withClaims(async (tx) => {
				if (!(await isSiteAdmin(tx))) error(404, 'Not found');
				return runImport(tx, csv, mode, onProgress);
			});
			if (result.written === 0) {
				const message =
					result.report.valid === 0
						? m.import_nothing_valid()
						: m.import_nothing_written({ count: result.report.issues.length });
				return fail(400, {
					step: 'preview' as const,
					mode,
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

function firstError(errors: Record<string, string[]>): string {
	return errors.mode?.[0] ?? errors.csv?.[0] ?? m.form_fix_errors();
}

function isDatabaseError(caught: unknown): boolean {
	return (
		typeof caught === 'object' &&
		caught !== null &&
		typeof (caught as { code?: unknown }).code === 'string' &&
		/^[0-9A-Z]{5}$/.test((caught as { code: string }).code)
	);
}
