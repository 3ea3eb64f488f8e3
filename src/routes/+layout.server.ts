import type { LayoutServerLoad } from './$types';

/** What every page needs: who is signed in (id and email only) and the saved theme. */
export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user ? { id: locals.user.id, email: locals.user.email } : null,
	theme: locals.theme
});
