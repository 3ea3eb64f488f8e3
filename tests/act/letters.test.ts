/**
 * The shipped letter templates, filled as "Fill in from the template" fills them, for every
 * stage a call to act is open at, in both languages, for one and several recipients: the letter
 * asks for what the stage needs, greets everyone in one grammatical line, mentions no enclosed
 * draft, and fits whole in the mailto: link.
 */
import { describe, expect, it } from 'vitest';
import { ORIGINALS } from '../../scripts/template-originals';
import { mailtoLink, MAILTO_MAX_LENGTH } from '../../src/lib/act/mailto';
import {
	letterAsk,
	letterSubject,
	letterValues,
	type CampaignForLetter
} from '../../src/lib/server/act/letter';
import { fillDocument } from '../../src/lib/server/templates/render';

const letters = ORIGINALS.filter((t) => t.kind === 'letter');

const campaign = (stage: string | null): CampaignForLetter => ({
	title: 'A Resolution Welcoming Refugees to Rochester',
	slug: 'rochester-mn-2027',
	placeName: 'Rochester',
	placeKind: 'city',
	body: 'Rochester City Council',
	stage,
	visibility: 'published',
	templateValues: {}
});

const RECIPIENTS = [
	{
		id: '1',
		name: 'Roz Randorf',
		role: 'Council Member, Ward 2',
		email: 'roz.randorf@rochestermn.gov'
	},
	{
		id: '2',
		name: 'Arlene Tran',
		role: 'Council Member, Ward 3',
		email: 'arlene.tran@rochestermn.gov'
	},
	{
		id: '3',
		name: 'Kelly Rae Kirkpatrick',
		role: 'Council Member, At Large',
		email: 'kelly.kirkpatrick@rochestermn.gov'
	}
];

const ASKS = {
	introduce: { en: /introduce, or co-sponsor/, es: /presenten?, o copatrocinen?/ },
	support: { en: /to support the resolution/, es: /apoyen? la resolución/ },
	vote: { en: /to vote yes on the resolution/, es: /voten? a favor de la resolución/ }
} as const;

describe('the ask follows the stage', () => {
	it.each([
		['drafting', 'introduce'],
		['seeking_sponsor', 'introduce'],
		['introduced', 'support'],
		['in_committee', 'support'],
		['first_reading', 'support'],
		['scheduled_for_vote', 'vote'],
		['second_reading', 'vote'],
		['vote', 'vote'],
		[null, 'support']
	] as const)('%s → %s', (stage, ask) => {
		expect(letterAsk(stage)).toBe(ask);
	});

	it('gives a subject in the letter’s language', () => {
		expect(letterSubject('vote', 'T', 'en')).toBe('Please vote yes: T');
		expect(letterSubject('introduce', 'T', 'es')).toMatch(/presente/);
	});
});

describe.each(letters.map((t) => [t.slug, t] as const))('%s', (_, template) => {
	const lang = template.language;
	it.each(['seeking_sponsor', 'in_committee', 'scheduled_for_vote'])(
		'fits a resolution at %s, for one to three recipients, and fits in the mail link',
		(stage) => {
			const ask = letterAsk(stage);
			for (const count of [1, 2, 3]) {
				const recipients = RECIPIENTS.slice(0, count);
				const values = letterValues(campaign(stage), recipients, lang, 'https://atlas.example.org');
				const { text } = fillDocument(template, values);
				expect(text).toMatch(ASKS[ask][lang]);
				for (const [other, patterns] of Object.entries(ASKS)) {
					if (other !== ask) expect(text).not.toMatch(patterns[lang]);
				}
				expect(text).not.toMatch(/enclosed|adjunto/i);
				expect(text).toContain('https://atlas.example.org/resolutions/rochester-mn-2027.');
				const greeting =
					lang === 'en'
						? {
								1: 'Dear Roz Randorf,',
								2: 'Dear Roz Randorf and Arlene Tran,',
								3: 'Dear Roz Randorf, Arlene Tran, and Kelly Rae Kirkpatrick,'
							}
						: {
								1: 'Estimado/a Roz Randorf:',
								2: 'Estimados/as Roz Randorf y Arlene Tran:',
								3: 'Estimados/as Roz Randorf, Arlene Tran y Kelly Rae Kirkpatrick:'
							};
				expect(text).toContain(greeting[count as 1 | 2 | 3]);
				if (lang === 'es')
					expect(text).toContain(count > 1 ? 'para pedirles que' : 'para pedirle que');
				const link = mailtoLink(
					recipients.map((r) => r.email),
					letterSubject(ask, campaign(stage).title, lang),
					text.trim()
				);
				expect(link?.withBody, `${count} recipients: ${link?.href.length} characters`).toBe(true);
				expect(link!.href.length).toBeLessThanOrEqual(MAILTO_MAX_LENGTH);
			}
		}
	);
});
