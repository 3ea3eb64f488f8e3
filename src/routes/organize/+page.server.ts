import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { DEFAULT_STALE_DAYS, listMyCampaigns } from '$lib/server/campaigns/campaigns';
import { isSiteAdmin } from '$lib/server/templates/templates';
import type { PageServerLoad } from './$types';

// How many quiet days make a campaign stale: the organizer's choice, kept in the URL.
const staleSchema = z.coerce.number().int().min(1).max(3650).catch(DEFAULT_STALE_DAYS);

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = locals.user;
	if (!user) error(401, 'Sign in first.');
	const staleDays = staleSchema.parse(url.searchParams.get('stale') ?? DEFAULT_STALE_DAYS);
	return locals.withClaims(async (tx) => ({
		campaigns: await listMyCampaigns(tx, user.id, staleDays),
		staleDays,
		admin: await isSiteAdmin(tx),
		// After "Delete this draft": its title, to say what was deleted (shown as text only).
		deleted: url.searchParams.get('deleted')?.slice(0, 300) ?? null
	}));
};
