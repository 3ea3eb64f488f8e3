/** Keys that neither the sponsor-group nor the campaign file covers. */
export const isPublicKey = (key: string) =>
	!/\/(groups|calendar)\b/.test(key) && !key.includes('/organize');
