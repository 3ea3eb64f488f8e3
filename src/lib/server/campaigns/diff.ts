/**
 * What the organizers changed from the template their campaign started from, clause by clause
 * (a clause is a paragraph, list item or heading of the Markdown). Computed on demand from the
 * template version and the values they filled in: nothing to keep in sync.
 */
import type { Tx } from '../db';
import { fillMarkdown } from '../templates/render';
import { factsSchema, variablesSchema } from '../templates/schema';

export type ClauseChange =
	| { kind: 'same'; template: string; current: string }
	| { kind: 'changed'; template: string; current: string }
	| { kind: 'added'; template: null; current: string }
	| { kind: 'removed'; template: string; current: null };

/** Paragraphs and list items, without the blank lines and indentation that separate them. */
export function splitClauses(markdown: string): string[] {
	return markdown
		.replace(/\r\n/g, '\n')
		.split(/\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)/)
		.map((clause) => clause.trim())
		.filter(Boolean);
}

const normalize = (clause: string) => clause.replace(/\s+/g, ' ').trim();

// A marked blank of the template ("[date introduced]", see fillMarkdown): filling it in is
// finishing the draft, not adapting the template.
const BLANK = /\[[^\]\\\n]+\](?!\()/g;

/** Whether a template clause and a current one read the same, blanks matching anything. */
function sameClause(template: string, current: string): boolean {
	if (template === current) return true;
	if (!BLANK.test(template)) return false;
	BLANK.lastIndex = 0;
	const pattern = template
		.split(BLANK)
		.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
		.join('.+?');
	return new RegExp(`^${pattern}$`, 's').test(current);
}

/**
 * A longest-common-subsequence alignment of the two clause lists; a run of removed clauses
 * followed by added ones reads as those clauses changed, pair by pair.
 */
export function diffClauses(templateText: string, currentText: string): ClauseChange[] {
	const a = splitClauses(templateText);
	const b = splitClauses(currentText);
	const na = a.map(normalize);
	const nb = b.map(normalize);
	const same = na.map((clause) => nb.map((other) => sameClause(clause, other)));
	// lcs[i][j]: length of the common subsequence of a[i..] and b[j..].
	const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
	for (let i = a.length - 1; i >= 0; i--) {
		for (let j = b.length - 1; j >= 0; j--) {
			lcs[i]![j] = same[i]![j]
				? lcs[i + 1]![j + 1]! + 1
				: Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
		}
	}
	const changes: ClauseChange[] = [];
	let removed: string[] = [];
	let added: string[] = [];
	const flush = () => {
		const paired = Math.min(removed.length, added.length);
		for (let k = 0; k < paired; k++) {
			changes.push({ kind: 'changed', template: removed[k]!, current: added[k]! });
		}
		for (const clause of removed.slice(paired)) {
			changes.push({ kind: 'removed', template: clause, current: null });
		}
		for (const clause of added.slice(paired)) {
			changes.push({ kind: 'added', template: null, current: clause });
		}
		removed = [];
		added = [];
	};
	let i = 0;
	let j = 0;
	while (i < a.length || j < b.length) {
		if (i < a.length && j < b.length && same[i]![j]) {
			flush();
			changes.push({ kind: 'same', template: a[i]!, current: b[j]! });
			i++;
			j++;
		} else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
			added.push(b[j]!);
			j++;
		} else {
			removed.push(a[i]!);
			i++;
		}
	}
	flush();
	return changes;
}

/** Clauses the organizers adapted: changed, added or removed. */
export const adaptedCount = (changes: readonly ClauseChange[]) =>
	changes.filter((change) => change.kind !== 'same').length;

export interface TemplateBasis {
	slug: string;
	title: string;
	version: number;
	/** The template filled with the campaign's values: the text the organizers started from. */
	markdown: string;
}

/** The template version a campaign started from, filled as it was then; null if none. */
export async function templateBasis(
	tx: Tx,
	versionId: string | null,
	values: Record<string, string>
): Promise<TemplateBasis | null> {
	if (!versionId) return null;
	const row = await tx
		.selectFrom('template_versions as v')
		.innerJoin('templates as t', 't.id', 'v.template_id')
		.where('v.id', '=', versionId)
		.select(['t.slug', 't.language', 'v.version', 'v.title', 'v.body', 'v.variables', 'v.facts'])
		.executeTakeFirst();
	if (!row) return null;
	const markdown = fillMarkdown(
		{
			title: row.title,
			body: row.body,
			language: row.language,
			variables: variablesSchema.parse(row.variables),
			facts: factsSchema.parse(row.facts)
		},
		values
	);
	return { slug: row.slug, title: row.title, version: row.version, markdown };
}
