import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '$lib/server/db';
import { parseForm, readForm, withoutControl } from '$lib/server/forms';
import { asSiteAdmin } from '$lib/server/reports/access';
import {
	approveReport,
	getReport,
	mergeReport,
	rejectReport,
	ReportDecisionError,
	searchResolutions
} from '$lib/server/reports/reports';
import { approveSchema, mergeSchema, rejectSchema } from '$lib/server/reports/schema';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

type Decision = 'approve' | 'merge' | 'reject';

/** A malformed id is a report that does not exist, not a database error. */
function reportId(params: { id: string }): string {
	if (!z.uuid().safeParse(params.id).success) error(404, 'Not found');
	return params.id;
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const id = reportId(params);
	// Control characters mean nothing in a search, and NUL would reach PostgreSQL as an error.
	const query = withoutControl(url.searchParams.get('q') ?? '').slice(0, 200);
	return asSiteAdmin(locals, async (tx) => {
		const report = await getReport(tx, id);
		if (!report) error(404, 'Not found');
		return { report, query, matches: query ? await searchResolutions(tx, query) : [] };
	});
};

/**
 * Known refusals become a 4xx on the form that was sent: a decision that cannot be made (already
 * decided, no such resolution), or a row the database refused (a check, a clash with a place or
 * slug written meanwhile). The transaction was rolled back, so nothing was written.
 */
function refusal(caught: unknown, decision: Decision, values: Record<string, string>) {
	if (caught instanceof ReportDecisionError) {
		const status = caught.field === 'form' ? 409 : 400;
		const errors = caught.field === 'form' ? {} : { [caught.field]: [caught.message] };
		return fail(status, { decision, values, errors, message: caught.message });
	}
	const code = (caught as { code?: unknown }).code;
	if (typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'))) {
		return fail(409, { decision, values, errors: {}, message: m.moderate_conflict() });
	}
	throw caught;
}

function typedValues(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of form)
		if (typeof value === 'string') values[key] = value.slice(0, 5000);
	return values;
}

/**
 * One decision, as the site admin in one transaction: anyone else gets the 404 before their
 * input is even looked at. Then the form is validated and the decision made.
 */
async function decide<S extends z.ZodType>(
	event: RequestEvent,
	decision: Decision,
	schema: S,
	run: (tx: Tx, reportId: string, input: z.infer<S>) => Promise<string>
) {
	const id = reportId(event.params);
	const form = await readForm(event.request);
	try {
		return await asSiteAdmin(event.locals, async (tx) => {
			const result = parseForm(schema, form);
			if (!result.ok) {
				return fail(400, {
					decision,
					values: result.values,
					errors: result.errors,
					message: m.form_fix_errors()
				});
			}
			return { decision, message: await run(tx, id, result.data) };
		});
	} catch (caught) {
		return refusal(caught, decision, typedValues(form));
	}
}

export const actions: Actions = {
	approve: (event) =>
		decide(event, 'approve', approveSchema, async (tx, id, input) => {
			const done = await approveReport(tx, id, input);
			return m.moderate_approved({ title: done.title });
		}),

	merge: (event) =>
		decide(event, 'merge', mergeSchema, async (tx, id, input) => {
			const done = await mergeReport(tx, id, input.resolution_id);
			return m.moderate_merged({ title: done.title });
		}),

	reject: (event) =>
		decide(event, 'reject', rejectSchema, async (tx, id, input) => {
			await rejectReport(tx, id, input.reason);
			return m.moderate_rejected();
		})
};
