/**
 * The forms of public reports and their moderation. The limits repeat the checks on
 * public.resolution_reports (supabase/migrations/*_resolution_reports.sql), so bad input is
 * told apart field by field before the database would refuse the whole row.
 */
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { PLACE_KINDS, STATUSES } from '$lib/pipeline';
import { isStateCode } from '$lib/states';

/** The hidden field only robots fill in (see the report page). */
export const HONEYPOT_FIELD = 'website';

const required = (max: number, message: () => string) =>
	z.string({ error: message }).trim().min(1, { error: message }).max(max, { error: message });

/** An empty optional field is stored as null, not as ''. */
const optional = (max: number, message: () => string) =>
	z
		.string({ error: message })
		.trim()
		.max(max, { error: message })
		.optional()
		.transform((value) => value || null);

/** http(s) only, as the database requires (its check is case-sensitive), with a host. */
export function isWebUrl(value: string): boolean {
	if (!/^https?:\/\/\S+$/.test(value)) return false;
	try {
		return new URL(value).hostname.length > 0;
	} catch {
		return false;
	}
}

const dateMessage = () => m.report_error_date();

export const reportFieldsSchema = z.object({
	place_name: required(200, () => m.report_error_place_name()),
	place_kind: z.enum(PLACE_KINDS, { error: () => m.report_error_kind() }),
	state_code: z
		.string({ error: () => m.report_error_state() })
		.trim()
		.toUpperCase()
		.refine(isStateCode, { error: () => m.report_error_state() }),
	status: z.enum(STATUSES, { error: () => m.report_error_status() }),
	decided_on: z
		.union([z.literal(''), z.iso.date({ error: dateMessage })], { error: dateMessage })
		.optional()
		.transform((value) => value || null)
		.refine((value) => value === null || (value >= '1980-01-01' && value <= '2100-12-31'), {
			error: dateMessage
		}),
	title: required(300, () => m.report_error_title()),
	body: optional(200, () => m.report_error_body()),
	source_url: z
		.string({ error: () => m.report_error_url() })
		.trim()
		.max(2000, { error: () => m.report_error_url() })
		.refine(isWebUrl, { error: () => m.report_error_url() }),
	notes: optional(2000, () => m.report_error_notes())
});
export type ReportFields = z.infer<typeof reportFieldsSchema>;

/** What a visitor sends: the fields, and an optional email to be asked a question. */
export const reportSchema = reportFieldsSchema.extend({
	contact_email: z
		.union([z.literal(''), z.email({ error: () => m.report_error_email() }).max(320)], {
			error: () => m.report_error_email()
		})
		.optional()
		.transform((value) => value || null)
});
export type ReportInput = z.infer<typeof reportSchema>;

/** An optional coordinate: '' means unknown. */
const coordinate = (limit: number, message: () => string) =>
	z
		.string({ error: message })
		.trim()
		.optional()
		.transform((value, ctx) => {
			if (!value) return null;
			const number = Number(value);
			if (!Number.isFinite(number) || Math.abs(number) > limit) {
				ctx.addIssue({ code: 'custom', message: message() });
				return z.NEVER;
			}
			return number;
		});

/** The moderator's approval: the report's fields as corrected, and coordinates if known. */
export const approveSchema = reportFieldsSchema
	.extend({
		lat: coordinate(90, () => m.moderate_error_lat()),
		lon: coordinate(180, () => m.moderate_error_lon())
	})
	.refine((value) => (value.lat === null) === (value.lon === null), {
		path: ['lat'],
		error: () => m.moderate_error_coords()
	});
export type ApproveInput = z.infer<typeof approveSchema>;

export const mergeSchema = z.object({
	resolution_id: z.uuid({ error: () => m.moderate_error_resolution() })
});

export const rejectSchema = z.object({
	reason: required(1000, () => m.moderate_error_reason())
});
