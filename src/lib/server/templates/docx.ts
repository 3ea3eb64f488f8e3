/** The filled document as a Word file: real headings, numbered clauses, linked sources. */
import {
	AlignmentType,
	Document,
	ExternalHyperlink,
	HeadingLevel,
	LevelFormat,
	Packer,
	Paragraph,
	TextRun,
	type ParagraphChild
} from 'docx';
import type { Block, FilledDocument, Run } from './render';

const HEADINGS = [
	HeadingLevel.HEADING_1,
	HeadingLevel.HEADING_2,
	HeadingLevel.HEADING_3,
	HeadingLevel.HEADING_4,
	HeadingLevel.HEADING_5,
	HeadingLevel.HEADING_6
] as const;

function runs(items: readonly Run[]): ParagraphChild[] {
	return items.flatMap((run): ParagraphChild[] => {
		// A line break inside a paragraph (signature blocks): one run per line.
		const lines = run.text.split('\n');
		const textRuns = lines.map(
			(line, index) =>
				new TextRun({
					text: line,
					bold: run.bold,
					italics: run.italic,
					break: index > 0 ? 1 : undefined,
					style: run.href ? 'Hyperlink' : undefined
				})
		);
		return run.href ? [new ExternalHyperlink({ link: run.href, children: textRuns })] : textRuns;
	});
}

function paragraphs(blocks: readonly Block[]): Paragraph[] {
	let listInstance = 0;
	return blocks.flatMap((block) => {
		switch (block.type) {
			case 'heading':
				return [
					new Paragraph({
						heading: HEADINGS[Math.min(block.level, 6) - 1],
						alignment: block.level === 1 ? AlignmentType.CENTER : undefined,
						children: runs(block.runs)
					})
				];
			case 'paragraph':
				return [new Paragraph({ children: runs(block.runs), spacing: { after: 160 } })];
			case 'list': {
				// Each list restarts its numbering.
				listInstance += 1;
				return block.items.map(
					(item) =>
						new Paragraph({
							children: runs(item),
							numbering: {
								reference: block.ordered ? 'clauses' : 'bullets',
								level: 0,
								instance: listInstance
							},
							spacing: { after: 120 }
						})
				);
			}
			case 'rule':
				return [
					new Paragraph({
						children: [],
						border: { bottom: { style: 'single', size: 6, color: '737C87', space: 1 } }
					})
				];
		}
	});
}

export async function toDocx(doc: FilledDocument, language: string): Promise<Buffer> {
	const document = new Document({
		title: doc.title,
		creator: 'Welcome Atlas',
		description: doc.title,
		styles: {
			default: {
				document: {
					run: {
						font: 'Calibri',
						size: 24,
						language: { value: language === 'es' ? 'es-US' : 'en-US' }
					}
				}
			}
		},
		numbering: {
			config: [
				{
					reference: 'clauses',
					levels: [
						{
							level: 0,
							format: LevelFormat.DECIMAL,
							text: '%1.',
							alignment: AlignmentType.START,
							style: { paragraph: { indent: { left: 720, hanging: 360 } } }
						}
					]
				},
				{
					reference: 'bullets',
					levels: [
						{
							level: 0,
							format: LevelFormat.BULLET,
							text: '\u2022',
							alignment: AlignmentType.START,
							style: { paragraph: { indent: { left: 720, hanging: 360 } } }
						}
					]
				}
			]
		},
		sections: [{ children: paragraphs(doc.blocks) }]
	});
	return Packer.toBuffer(document);
}
