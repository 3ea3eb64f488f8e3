import { listResolutions } from '$lib/server/resolutions/queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => ({
	resolutions: await locals.withClaims((tx) => listResolutions(tx)),
	accountDeleted: url.searchParams.get('account') === 'deleted'
});
