import { toGeoJson } from '$lib/server/resolutions/exports';
import { filteredExport } from '$lib/server/resolutions/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	filteredExport(
		event,
		'geojson',
		{
			'Content-Type': 'application/geo+json; charset=utf-8',
			'Content-Disposition': 'attachment; filename="welcome-atlas-resolutions.geojson"'
		},
		(rows, origin) => JSON.stringify(toGeoJson(rows, origin))
	);
