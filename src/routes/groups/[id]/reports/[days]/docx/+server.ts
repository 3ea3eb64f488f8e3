import { error } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { loadReport } from '$lib/server/groups/report-data';
import { reportDocx } from '$lib/server/groups/reports';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	const user = locals.user;
	if (!user) error(401, 'Sign in first.');
	const { report, labels } = await locals.withClaims((tx) =>
		loadReport(tx, params.id, user.id, params.days)
	);
	const file = await reportDocx(report, labels, getLocale());
	return new Response(new Uint8Array(file), {
		headers: {
			'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			'Content-Disposition': `attachment; filename="report-${report.days}-days.docx"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
