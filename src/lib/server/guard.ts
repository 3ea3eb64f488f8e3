/** Path prefixes only signed-in users may reach; everything else is public. */
export const PROTECTED_PREFIXES = ['/account', '/organize', '/groups'] as const;

export function isProtectedPath(pathname: string): boolean {
	return PROTECTED_PREFIXES.some(
		(prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`)
	);
}
