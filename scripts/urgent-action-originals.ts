/**
 * The demo's urgent actions: two real calls to act on behalf of people seeking safety in the
 * USA, from Amnesty International's public material (facts in /work/shared/data/urgent-
 * actions.md; the source of each is cited on its page). The summaries, the additional
 * information and the letters are written in our own words. Both deadlines have passed, so the
 * demo shows them closed; scripts/build-seed.ts writes them into supabase/seed.sql.
 */
import type { PersonInput } from '../src/lib/server/urgent-actions/actions';

export interface OriginalTarget {
	name: string;
	title?: string;
	organisation?: string;
	salutation?: string;
	address?: string;
	email?: string;
	phone?: string;
}

export interface OriginalUrgentAction {
	code: string;
	slug: string;
	title: { en: string; es: string };
	summary: { en: string; es: string };
	info: { en: string; es: string };
	status: 'open' | 'closed' | 'success' | 'update';
	deadline: string;
	targetLanguage: string;
	ownLanguageWelcome: boolean;
	persons: PersonInput[];
	letterSubject: { en: string; es: string };
	letter: { en: string; es: string };
	sourceUrl: string;
	sourceTitle: string;
	targets: OriginalTarget[];
}

export const URGENT_ACTIONS: OriginalUrgentAction[] = [
	{
		code: 'UA 4.25',
		slug: 'ua-4-25-people-seeking-safety-usa',
		title: {
			en: 'People seeking safety at risk in the USA',
			es: 'Personas que buscan seguridad, en peligro en EE. UU.'
		},
		summary: {
			en: 'Plans for mass deportations put millions of immigrants and people seeking safety in the United States at risk. Supporters wrote to the President to ask him to drop them and to protect the right to seek asylum.',
			es: 'Los planes de deportaciones masivas ponen en peligro a millones de personas inmigrantes y de personas que buscan seguridad en Estados Unidos. Quienes apoyan la acción escribieron al presidente para pedirle que renuncie a ellos y proteja el derecho a pedir asilo.'
		},
		info: {
			en: [
				'Amnesty International USA issued this urgent action in early 2025, after the executive actions of **January 20, 2025**: a national emergency declared at the southern border, the US Refugee Admissions Program suspended, and plans announced for deportations on a mass scale.',
				'',
				'About 13 million undocumented immigrants lived in the United States in 2024.',
				'',
				'What the letter asks, in short: no mass deportation campaign; nobody sent back to a place where they would face serious harm; the right to seek asylum upheld; no arbitrary detention, and fair procedures for any removal; families kept together and children’s rights respected; asylum and immigration rules that do not discriminate; and an end to words that make immigrants targets.',
				'',
				'Supporters were asked to write in English or in their own language, then to report their action: Amnesty shares the number of actions with the officials it is trying to persuade.'
			].join('\n'),
			es: [
				'Amnistía Internacional EE. UU. emitió esta acción urgente a principios de 2025, después de las órdenes ejecutivas del **20 de enero de 2025**: una emergencia nacional declarada en la frontera sur, la suspensión del Programa de Admisión de Refugiados de EE. UU. y el anuncio de deportaciones a gran escala.',
				'',
				'En 2024 vivían en Estados Unidos unos 13 millones de personas inmigrantes indocumentadas.',
				'',
				'Lo que pide la carta, en resumen: ninguna campaña de deportaciones masivas; que nadie sea devuelto a un lugar donde correría un grave peligro; que se respete el derecho a pedir asilo; ninguna detención arbitraria y procedimientos justos en toda expulsión; familias unidas y respeto de los derechos de la infancia; normas de asilo e inmigración que no discriminen; y el fin de los discursos que convierten a las personas inmigrantes en blanco de ataques.',
				'',
				'Se pidió escribir en inglés o en el propio idioma, y luego informar de la acción: Amnistía comparte el número de acciones con las autoridades a las que intenta convencer.'
			].join('\n')
		},
		status: 'open',
		deadline: '2025-05-30',
		targetLanguage: 'en',
		ownLanguageWelcome: true,
		persons: [
			{
				name: 'Immigrants and people seeking safety in the USA',
				name_es: 'Personas inmigrantes y personas que buscan seguridad en EE. UU.',
				pronoun: 'they/them',
				pronoun_es: 'ellas/ellos',
				pseudonym: false
			}
		],
		letterSubject: {
			en: 'UA 4.25: Protect people seeking safety in the USA',
			es: 'AU 4.25: Proteja a las personas que buscan seguridad en EE. UU.'
		},
		letter: {
			en: [
				'Dear President Trump,',
				'',
				'My name is {{sender_name}} and I live in {{sender_city}}. I am writing about the people who have come to the United States to find safety, and about the immigrants who have built their lives here.',
				'',
				'A mass deportation campaign — a national emergency, raids, detention on a huge scale and removals without due process — would put millions of people in danger. I urge you to give up these plans.',
				'',
				'Please:',
				'- do not send anyone back to a country where they would face serious harm;',
				'- protect the right to seek asylum, at the border and within the country;',
				'- end arbitrary detention, and make sure that any removal follows fair procedures that respect people’s rights and dignity;',
				'- keep families together and put the rights of children first;',
				'- make sure that asylum and immigration laws and practices do not discriminate; and',
				'- stop speaking about immigrants in ways that turn them into targets.',
				'',
				'People seeking safety deserve protection and respect. I count on you to give them both.',
				'',
				'Sincerely,',
				'{{sender_name}}',
				'{{sender_city}}'
			].join('\n'),
			es: [
				'Señor presidente Trump:',
				'',
				'Me llamo {{sender_name}} y vivo en {{sender_city}}. Le escribo por las personas que han llegado a Estados Unidos en busca de seguridad y por las personas inmigrantes que han hecho aquí su vida.',
				'',
				'Una campaña de deportaciones masivas —una emergencia nacional, redadas, detenciones a enorme escala y expulsiones sin el debido proceso— pondría en peligro a millones de personas. Le pido que renuncie a esos planes.',
				'',
				'Le pido que:',
				'- no devuelva a nadie a un país donde correría un grave peligro;',
				'- proteja el derecho a pedir asilo, en la frontera y dentro del país;',
				'- ponga fin a la detención arbitraria y garantice que toda expulsión siga procedimientos justos, que respeten los derechos y la dignidad de las personas;',
				'- mantenga unidas a las familias y ponga en primer lugar los derechos de la infancia;',
				'- garantice que las leyes y prácticas de asilo e inmigración no discriminen; y',
				'- deje de hablar de las personas inmigrantes de maneras que las conviertan en blanco de ataques.',
				'',
				'Las personas que buscan seguridad merecen protección y respeto. Cuento con usted para que les dé ambas cosas.',
				'',
				'Atentamente,',
				'{{sender_name}}',
				'{{sender_city}}'
			].join('\n')
		},
		sourceUrl: 'https://amnesty.org.uk/urgent-actions/people-seeking-safety-risk-usa',
		sourceTitle: 'USA: People seeking safety at risk in the USA (Amnesty International)',
		targets: [
			{
				name: 'President Donald Trump',
				title: 'President of the United States',
				organisation: 'The White House',
				salutation: 'Dear President Trump',
				address: '1600 Pennsylvania Avenue NW\nWashington, DC 20500\nUSA'
			}
		]
	},
	{
		code: 'Alert 11.20',
		slug: 'stop-deportation-of-families-in-ice-detention',
		title: {
			en: 'Stop the deportation of 28 children and their parents held by ICE',
			es: 'Que se detenga la deportación de 28 niñas, niños y sus familias detenidos por ICE'
		},
		summary: {
			en: '28 children and their parents held in ICE family detention faced deportation without ever having been able to pursue their asylum claims. Supporters emailed ICE leadership to stop the deportations and free the families before January 20, 2021.',
			es: '28 niñas y niños y sus madres y padres, detenidos en centros de ICE para familias, se enfrentaban a la deportación sin haber podido nunca presentar su solicitud de asilo. Quienes apoyan la acción escribieron a la dirección de ICE para detener las deportaciones y liberar a las familias antes del 20 de enero de 2021.'
		},
		info: {
			en: [
				'In November 2020 Amnesty International USA, working with the families’ lawyers and a coalition of organizations, asked supporters to flood the inboxes of ICE leadership. Many of the families had been detained for about a year and a half, in Dilley, Texas, and Berks County, Pennsylvania.',
				'',
				'Names in alerts like this one are pseudonyms, to protect the families.',
				'',
				'Actions like this have worked before: after thousands of calls and emails, ICE temporarily suspended the deportation of Steven Tendo, an asylum seeker from Uganda.'
			].join('\n'),
			es: [
				'En noviembre de 2020, Amnistía Internacional EE. UU., junto con los abogados de las familias y una coalición de organizaciones, pidió llenar de mensajes los buzones de la dirección de ICE. Muchas de las familias llevaban cerca de un año y medio detenidas, en Dilley (Texas) y en el condado de Berks (Pensilvania).',
				'',
				'Los nombres que aparecen en alertas como esta son seudónimos, para proteger a las familias.',
				'',
				'Acciones como esta ya han funcionado: después de miles de llamadas y correos, ICE suspendió temporalmente la deportación de Steven Tendo, solicitante de asilo de Uganda.'
			].join('\n')
		},
		status: 'closed',
		deadline: '2021-01-20',
		targetLanguage: 'en',
		ownLanguageWelcome: false,
		persons: [
			{
				name: '28 children and their parents in ICE family detention',
				name_es: '28 niñas y niños y sus madres y padres, en detención familiar de ICE',
				pronoun: 'they/them',
				pronoun_es: 'ellas/ellos',
				pseudonym: false
			}
		],
		letterSubject: {
			en: 'Stop the deportation of families held in ICE detention',
			es: 'Detengan la deportación de las familias detenidas por ICE'
		},
		letter: {
			en: [
				'Dear Acting Director Pham,',
				'',
				'My name is {{sender_name}} and I live in {{sender_city}}. I am writing about the 28 children and their parents held in ICE family detention who could be deported any day now.',
				'',
				'None of these families has been able to pursue a claim for asylum while detained. Sending them back without that chance would go against US and international law, and could return them to the danger they fled.',
				'',
				'I urge you to stop these deportations and to release the families together, so that they can seek asylum in safety.',
				'',
				'Sincerely,',
				'{{sender_name}}',
				'{{sender_city}}'
			].join('\n'),
			es: [
				'Señor director interino Pham:',
				'',
				'Me llamo {{sender_name}} y vivo en {{sender_city}}. Le escribo por las 28 niñas y niños y sus madres y padres que están en detención familiar de ICE y podrían ser deportados en cualquier momento.',
				'',
				'Ninguna de estas familias ha podido presentar una solicitud de asilo mientras estaba detenida. Devolverlas sin esa oportunidad iría en contra de la legislación de EE. UU. y del derecho internacional, y podría enviarlas de vuelta al peligro del que huyeron.',
				'',
				'Le pido que detenga estas deportaciones y que libere a las familias juntas, para que puedan pedir asilo en condiciones seguras.',
				'',
				'Atentamente,',
				'{{sender_name}}',
				'{{sender_city}}'
			].join('\n')
		},
		sourceUrl: 'https://act.amnestyusa.org/page/59764/action/1',
		sourceTitle:
			'Tell ICE: Stop the Deportation of Children and Their Families (Amnesty International USA)',
		targets: [
			{
				name: 'Tony Pham',
				title: 'Acting Director',
				organisation: 'U.S. Immigration and Customs Enforcement (ICE)',
				salutation: 'Dear Acting Director Pham',
				address: '500 12th Street SW\nWashington, DC 20536\nUSA'
			}
		]
	}
];
