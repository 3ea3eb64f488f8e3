/** The ids a control's aria-describedby names: its hint and its errors, when it has them. */
export function describedBy(
	id: string | null | undefined,
	hint?: string,
	errors?: string[]
): string | undefined {
	return (
		[hint ? `${id}-hint` : '', errors?.length ? `${id}-error` : ''].filter(Boolean).join(' ') ||
		undefined
	);
}
