/**
 * The sample letter of an urgent action is a template: `{{sender_name}}` and `{{sender_city}}`
 * are the visitor's. Pure, so the page fills it on the server (JavaScript off) and the tests
 * check the same function.
 */

export const LETTER_VARIABLES = ['sender_name', 'sender_city'] as const;
export type LetterVariable = (typeof LETTER_VARIABLES)[number];
export type Sender = Record<LetterVariable, string>;

const PLACEHOLDER = /\{\{\s*(sender_name|sender_city)\s*\}\}/g;

/**
 * The template with the sender's details; a detail left empty shows its label in brackets
 * (`[Your name]`), for the visitor to write in by hand.
 */
export function fillLetter(
	template: string,
	sender: Partial<Sender>,
	labels: Record<LetterVariable, string>
): string {
	return template.replace(PLACEHOLDER, (_, name: LetterVariable) => {
		const value = sender[name]?.trim();
		return value ? value : `[${labels[name]}]`;
	});
}

export type UrgentActionStatus = 'open' | 'closed' | 'success' | 'update';

/**
 * What an action's status reads as on `today` (YYYY-MM-DD): an open or updated action whose
 * deadline has passed is closed, as private.urgent_action_takes_reports() decides too.
 */
export function effectiveStatus(
	status: UrgentActionStatus,
	deadline: string | null,
	today: string
): UrgentActionStatus {
	if ((status === 'open' || status === 'update') && deadline !== null && deadline < today) {
		return 'closed';
	}
	return status;
}

/** Whether reports are taken: open or updated, deadline not past. */
export const takesReports = (status: UrgentActionStatus) =>
	status === 'open' || status === 'update';
