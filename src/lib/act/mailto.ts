/**
 * The mailto: link of the call to act (RFC 6068): every recipient in the address part, subject and
 * body as query fields. Pure, so the page and the tests build the same link.
 */

/**
 * Mail clients and browsers cut or refuse longer links: Outlook and the Windows protocol
 * handler at about 2,000 characters (2,083 in old Internet Explorer), some webmail handlers
 * sooner. 1,800 keeps a margin under all of them. Past it the link carries the recipients and
 * the subject only, and the page asks the visitor to paste the copied letter.
 */
export const MAILTO_MAX_LENGTH = 1800;

export interface MailtoLink {
	href: string;
	/** False when the body was left out to keep the link short enough to open. */
	withBody: boolean;
}

/** Percent-encodes a field; RFC 6068 wants line breaks as CRLF. */
function encodeField(text: string): string {
	return encodeURIComponent(text.replace(/\r?\n/g, '\r\n'));
}

export function mailtoLink(
	recipients: readonly string[],
	subject: string | null,
	body: string | null,
	maxLength = MAILTO_MAX_LENGTH
): MailtoLink | null {
	if (recipients.length === 0) return null;
	// Addresses keep their @; anything else unusual is encoded (the server already refused , ; < >).
	const to = recipients
		.map((address) => encodeURIComponent(address).replace(/%40/g, '@'))
		.join(',');
	const subjectField = subject ? `subject=${encodeField(subject)}` : '';
	const bodyField = body ? `body=${encodeField(body)}` : '';
	const build = (fields: string[]) => {
		const query = fields.filter(Boolean).join('&');
		return `mailto:${to}${query ? `?${query}` : ''}`;
	};
	const full = build([subjectField, bodyField]);
	if (full.length <= maxLength || !body) return { href: full, withBody: Boolean(body) };
	return { href: build([subjectField]), withBody: false };
}
