import { toCsv } from '$lib/server/resolutions/exports';
import { filteredExport } from '$lib/server/resolutions/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	filteredExport(
		event,
		'csv',
		{
			'Content-Type': 'text/csv; charset=utf-8; header=present',
			'Content-Disposition': 'attachment; filename="welcome-atlas-resolutions.csv"'
		},
		toCsv
	);
