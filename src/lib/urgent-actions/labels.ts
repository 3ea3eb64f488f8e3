/** The words for an urgent action's status and report kinds, in the visitor's language. */
import { m } from '$lib/paraglide/messages';
import { dateTimeFormat } from '$lib/intl';
import type { UrgentActionStatus } from './letter';

const STATUS: Record<UrgentActionStatus, () => string> = {
	open: m.urgent_status_open,
	closed: m.urgent_status_closed,
	success: m.urgent_status_success,
	update: m.urgent_status_update
};
export const statusLabel = (status: UrgentActionStatus) => STATUS[status]();

const KINDS: Record<string, () => string> = {
	letter: m.urgent_kind_letter,
	email: m.urgent_kind_email,
	call: m.urgent_kind_call,
	social: m.urgent_kind_social
};
export const kindLabel = (kind: string) => KINDS[kind]?.() ?? kind;

/** A date-only value (YYYY-MM-DD) written out: "May 30, 2025" / "30 de mayo de 2025". */
export function formatDay(iso: string, locale: string): string {
	const [year, month, day] = iso.split('-').map(Number);
	const date = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
	return dateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}
