/**
 * The 30- and 90-day reports programs ask for, from the welcome plan: what is done and what is
 * open, by category, with dates. Built from tasks only — never from the family's details.
 */
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { PlanTask } from './tasks';

export const REPORT_PERIODS = [30, 90] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export interface ReportSection {
	category: string;
	done: PlanTask[];
	open: PlanTask[];
}

export interface Report {
	groupName: string;
	programName: string;
	days: ReportPeriod;
	arrivalOn: string | null;
	periodEnd: string | null;
	generatedOn: string;
	sections: ReportSection[];
	doneCount: number;
	openCount: number;
}

const DAY = 86_400_000;

/** Tasks due up to the end of the period (and undated ones), grouped by category. */
export function buildReport(input: {
	groupName: string;
	programName: string;
	days: ReportPeriod;
	arrivalOn: string | null;
	today: string;
	tasks: PlanTask[];
}): Report {
	const periodEnd = input.arrivalOn
		? new Date(Date.parse(`${input.arrivalOn}T00:00:00Z`) + input.days * DAY)
				.toISOString()
				.slice(0, 10)
		: null;
	const inPeriod = input.tasks.filter(
		(task) => task.offsetDays === null || task.offsetDays <= input.days
	);
	const categories = [...new Set(inPeriod.map((task) => task.category))];
	const sections = categories.map((category) => {
		const tasks = inPeriod.filter((task) => task.category === category);
		return {
			category,
			done: tasks.filter((task) => task.status === 'done'),
			open: tasks.filter((task) => task.status !== 'done')
		};
	});
	return {
		groupName: input.groupName,
		programName: input.programName,
		days: input.days,
		arrivalOn: input.arrivalOn,
		periodEnd,
		generatedOn: input.today,
		sections,
		doneCount: sections.reduce((n, s) => n + s.done.length, 0),
		openCount: sections.reduce((n, s) => n + s.open.length, 0)
	};
}

export interface ReportLabels {
	title: string;
	summary: string;
	done: string;
	open: string;
	due: (date: string) => string;
	status: (status: string) => string;
	category: (category: string) => string;
}

function taskLine(task: PlanTask, labels: ReportLabels, open: boolean): string {
	const parts = [task.title];
	if (task.dueOn) parts.push(labels.due(task.dueOn));
	if (open) parts.push(labels.status(task.status));
	if (task.assigneeName) parts.push(task.assigneeName);
	return parts.join(' — ');
}

export async function reportDocx(report: Report, labels: ReportLabels, language: string) {
	const children: Paragraph[] = [
		new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(labels.title)] }),
		new Paragraph({ children: [new TextRun(labels.summary)] })
	];
	for (const section of report.sections) {
		children.push(
			new Paragraph({
				heading: HeadingLevel.HEADING_1,
				children: [new TextRun(labels.category(section.category))]
			})
		);
		for (const [heading, tasks, open] of [
			[labels.done, section.done, false],
			[labels.open, section.open, true]
		] as const) {
			if (tasks.length === 0) continue;
			children.push(
				new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(heading)] })
			);
			for (const task of tasks) {
				children.push(
					new Paragraph({
						bullet: { level: 0 },
						children: [new TextRun(taskLine(task, labels, open))]
					})
				);
			}
		}
	}
	const document = new Document({
		title: labels.title,
		creator: 'Welcome Atlas',
		styles: {
			default: {
				document: { run: { language: { value: language === 'es' ? 'es-US' : 'en-US' } } }
			}
		},
		sections: [{ children }]
	});
	return Packer.toBuffer(document);
}
