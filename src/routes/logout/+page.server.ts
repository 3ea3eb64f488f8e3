import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

// Signing out changes state, so it is a POST (a link could be followed by a prefetcher).
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals }) => {
		await locals.auth.signOut();
		redirect(303, '/');
	}
};
