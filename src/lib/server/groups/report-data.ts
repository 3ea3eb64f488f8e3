import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '../db';
import { getFamily } from './family';
import { getGroup } from './groups';
import { buildReport, REPORT_PERIODS, type ReportLabels, type ReportPeriod } from './reports';
import { listTasks } from './tasks';

const CATEGORY_LABELS: Record<string, () => string> = {
	housing: () => m.groups_category_housing(),
	arrival: () => m.groups_category_arrival(),
	benefits: () => m.groups_category_benefits(),
	health: () => m.groups_category_health(),
	school: () => m.groups_category_school(),
	english: () => m.groups_category_english(),
	jobs: () => m.groups_category_jobs(),
	finance: () => m.groups_category_finance(),
	other: () => m.groups_category_other()
};

const STATUS_LABELS: Record<string, () => string> = {
	todo: () => m.groups_task_todo(),
	doing: () => m.groups_task_doing(),
	done: () => m.groups_task_done(),
	blocked: () => m.groups_task_blocked()
};

export const categoryLabel = (category: string) => CATEGORY_LABELS[category]?.() ?? category;

/** The report of a group the caller belongs to (404 otherwise), with its labels. */
export async function loadReport(tx: Tx, groupId: string, userId: string, rawDays: string) {
	const days = Number(rawDays) as ReportPeriod;
	if (!REPORT_PERIODS.includes(days)) error(404, 'Not found');
	const group = await getGroup(tx, groupId, userId);
	if (!group) error(404, 'Not found');
	const family = await getFamily(tx, group.id, false);
	const today = new Date().toISOString().slice(0, 10);
	const report = buildReport({
		groupName: group.name,
		programName: group.program.name,
		days,
		arrivalOn: family.arrivalOn,
		today,
		tasks: await listTasks(tx, group.id, family.arrivalOn, today)
	});
	const labels: ReportLabels = {
		title: m.groups_report_title({ days, group: group.name }),
		summary: m.groups_report_summary({
			program: group.program.name,
			arrival: family.arrivalOn ?? '—',
			end: report.periodEnd ?? '—',
			done: report.doneCount,
			open: report.openCount,
			today
		}),
		done: m.groups_report_done(),
		open: m.groups_report_open(),
		due: (date) => m.groups_due({ date }),
		status: (status) => STATUS_LABELS[status]?.() ?? status,
		category: categoryLabel
	};
	return { group, report, labels };
}
