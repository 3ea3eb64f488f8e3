/**
 * A personal ICS feed of the tasks assigned to me, behind a secret, revocable link. Calendar
 * apps fetch it without a session, so the token is the only key; only its hash is stored.
 */
import { sql } from 'kysely';
import type { Tx } from '../db';
import { hashInviteToken, INVITE_TOKEN, newInviteToken } from '../invites';

/** A new link for the caller; any earlier link stops working. */
export async function createCalendarFeed(tx: Tx, userId: string): Promise<string> {
	await revokeCalendarFeeds(tx, userId);
	const { token, hash } = newInviteToken();
	await tx.insertInto('group_calendar_feeds').values({ token_hash: hash }).execute();
	return token;
}

export async function revokeCalendarFeeds(tx: Tx, userId: string): Promise<void> {
	await tx
		.updateTable('group_calendar_feeds')
		.set({ revoked_at: new Date() })
		.where('user_id', '=', userId)
		.where('revoked_at', 'is', null)
		.execute();
}

export async function hasCalendarFeed(tx: Tx, userId: string): Promise<boolean> {
	const row = await tx
		.selectFrom('group_calendar_feeds')
		.select('id')
		.where('user_id', '=', userId)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return row !== undefined;
}

export interface CalendarTask {
	id: string;
	title: string;
	category: string;
	status: string;
	dueOn: string;
	groupName: string;
}

/** The feed's dated tasks, or null when the token is unknown or revoked. */
export async function calendarTasks(tx: Tx, token: string): Promise<CalendarTask[] | null> {
	if (!INVITE_TOKEN.test(token)) return null;
	const { rows } = await sql<{
		task_id: string | null;
		title: string | null;
		category: string | null;
		status: string | null;
		due_days: number | null;
		due_on: string | null;
		arrival_on: string | null;
		group_name: string | null;
	}>`select * from private.calendar_feed_tasks(${hashInviteToken(token)})`.execute(tx);
	if (rows.length === 0) return null;
	return rows.flatMap((row) => {
		if (!row.task_id) return [];
		const dueOn =
			row.due_days !== null
				? row.arrival_on
					? addDays(row.arrival_on, row.due_days)
					: null
				: row.due_on;
		if (!dueOn) return [];
		return [
			{
				id: row.task_id,
				title: row.title ?? '',
				category: row.category ?? '',
				status: row.status ?? '',
				dueOn,
				groupName: row.group_name ?? ''
			}
		];
	});
}

function addDays(isoDate: string, days: number): string {
	const date = new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000);
	return date.toISOString().slice(0, 10);
}

/** RFC 5545 text: backslash, semicolon, comma and newlines escaped; CR dropped. */
function icsText(value: string): string {
	return value
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\r?\n/g, '\\n')
		.replace(/\r/g, '');
}

/** Lines longer than 75 octets are folded (RFC 5545 §3.1). */
function fold(line: string): string {
	const bytes = Buffer.from(line, 'utf8');
	if (bytes.length <= 75) return line;
	const parts: string[] = [];
	let current = '';
	for (const char of line) {
		if (Buffer.byteLength(current + char, 'utf8') > (parts.length === 0 ? 75 : 74)) {
			parts.push(current);
			current = '';
		}
		current += char;
	}
	parts.push(current);
	return parts.join('\r\n ');
}

/** All-day events on each task's due date; a done task is marked completed in its title. */
export function calendarIcs(tasks: CalendarTask[], host: string, now: Date): string {
	const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Welcome Atlas//Sponsor group tasks//EN',
		'CALSCALE:GREGORIAN',
		'X-WR-CALNAME:Welcome Atlas — my tasks'
	];
	for (const task of tasks) {
		const start = task.dueOn.replace(/-/g, '');
		const end = addDays(task.dueOn, 1).replace(/-/g, '');
		const done = task.status === 'done' ? '✓ ' : '';
		lines.push(
			'BEGIN:VEVENT',
			`UID:${task.id}@${host}`,
			`DTSTAMP:${stamp}`,
			`DTSTART;VALUE=DATE:${start}`,
			`DTEND;VALUE=DATE:${end}`,
			`SUMMARY:${icsText(`${done}${task.title}`)}`,
			`DESCRIPTION:${icsText(task.groupName)}`,
			`CATEGORIES:${icsText(task.category)}`,
			'TRANSP:TRANSPARENT',
			'END:VEVENT'
		);
	}
	lines.push('END:VCALENDAR');
	return `${lines.map(fold).join('\r\n')}\r\n`;
}
