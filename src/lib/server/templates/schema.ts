import { z } from 'zod';
import { PLACEHOLDER, VARIABLE_TYPES, type TemplateVariable } from '../../templates/values';

/** Who a template is addressed to; src/lib/pipeline.ts groups them by how the body votes. */
export const BODY_TYPES = [
	'city_council',
	'county_board',
	'school_board',
	'university',
	'student_government'
] as const;
export type TemplateBodyType = (typeof BODY_TYPES)[number];

export const TEMPLATE_LANGUAGES = ['en', 'es'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

export const TEMPLATE_KINDS = ['resolution', 'letter'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** The place kinds a campaign from each body type may target. */
export const PLACE_KINDS_FOR: Record<TemplateBodyType, readonly string[]> = {
	city_council: ['city', 'state'],
	county_board: ['county'],
	school_board: ['school_district', 'school'],
	university: ['university'],
	student_government: ['student_government']
};

const NAME = /^[a-z][a-z0-9_]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const variableSchema = z.object({
	name: z.string().regex(NAME).max(40),
	label: z.string().trim().min(1).max(120),
	help: z.string().trim().max(300).optional(),
	required: z.boolean(),
	example: z.string().trim().max(500).optional(),
	type: z.enum(VARIABLE_TYPES)
}) satisfies z.ZodType<TemplateVariable>;

/** A WHEREAS fact: a sentence with a figure, where it comes from and the date it describes. */
export const factSchema = z.object({
	id: z.string().regex(NAME).max(40),
	text: z.string().trim().min(1).max(1000),
	source_title: z.string().trim().min(1).max(300),
	source_url: z.url({ protocol: /^https?$/ }).max(2000),
	as_of: z.string().regex(ISO_DATE)
});
export type TemplateFact = z.infer<typeof factSchema>;

export const variablesSchema = z.array(variableSchema).max(60);
export const factsSchema = z.array(factSchema).max(30);

/** A version's content, checked as a whole: names unique, every placeholder declared. */
export const versionContentSchema = z
	.object({
		title: z.string().trim().min(1).max(300),
		body: z.string().min(1).max(50000),
		variables: variablesSchema,
		facts: factsSchema,
		reviewed_on: z.string().regex(ISO_DATE)
	})
	.superRefine((content, ctx) => {
		for (const problem of contentProblems(content)) {
			ctx.addIssue({ code: 'custom', path: ['body'], message: problem });
		}
	});
export type VersionContent = z.infer<typeof versionContentSchema>;

/** Undeclared placeholders, duplicate names, facts whose own text uses a fact. */
export function contentProblems(content: {
	body: string;
	variables: readonly TemplateVariable[];
	facts: readonly TemplateFact[];
}): string[] {
	const problems: string[] = [];
	const names = new Set<string>();
	for (const variable of content.variables) {
		if (names.has(variable.name)) problems.push(`Variable "${variable.name}" is declared twice.`);
		names.add(variable.name);
	}
	const factIds = new Set<string>();
	for (const fact of content.facts) {
		if (factIds.has(fact.id)) problems.push(`Fact "${fact.id}" is declared twice.`);
		factIds.add(fact.id);
	}
	const check = (text: string, where: string, factsAllowed: boolean) => {
		for (const [, fact, name = ''] of text.matchAll(PLACEHOLDER)) {
			if (fact && !factsAllowed) problems.push(`${where} cannot use a fact ({{fact:${name}}}).`);
			else if (fact && !factIds.has(name))
				problems.push(`${where} uses an undeclared fact "${name}".`);
			else if (!fact && !names.has(name))
				problems.push(`${where} uses an undeclared variable "${name}".`);
		}
	};
	check(content.body, 'The text', true);
	for (const fact of content.facts) check(fact.text, `Fact "${fact.id}"`, false);
	return problems;
}
