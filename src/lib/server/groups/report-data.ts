import { error } from '@sveltejs/kit';
import { taskCategoryLabel, taskStatusLabel } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import type { Tx } from '../db';
import { getFamily } from './family';
import { getGroup } from './groups';
import { buildReport, REPORT_PERIODS, type ReportLabels, type ReportPeriod } from './reports';
import { listTasks } from './tasks';

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
		status: taskStatusLabel,
		category: taskCategoryLabel
	};
	return { group, report, labels };
}
