/**
 * The original templates Welcome Atlas ships with: a resolution for each kind of body in English
 * and Spanish, and letters asking a council member or a school board member to act. Written for
 * this project. `npx tsx scripts/build-template-seed.ts` turns them into
 * supabase/seed-templates.sql.
 *
 * Facts carry the date the figure describes (`as_of`); several are older than 24 months on
 * purpose, so the person filling the template is told to check them.
 */
import type { TemplateFact } from '../src/lib/server/templates/schema';
import type { TemplateVariable } from '../src/lib/templates/values';

export interface OriginalTemplate {
	slug: string;
	body_type: 'city_council' | 'county_board' | 'school_board' | 'university' | 'student_government';
	language: 'en' | 'es';
	kind: 'resolution' | 'letter';
	title: string;
	body: string;
	variables: TemplateVariable[];
	facts: TemplateFact[];
	reviewed_on: string;
}

const REVIEWED_ON = '2026-11-20';

// ---------------------------------------------------------------------------------------------
// Facts

type FactId =
	| 'displaced'
	| 'children'
	| 'resettlement_need'
	| 'us_admissions'
	| 'vetting'
	| 'economy'
	| 'english_learners';

const SOURCES: Record<FactId, { en: string; es: string; url: string; as_of: string }> = {
	displaced: {
		en: 'UNHCR, Global Trends: Forced Displacement in 2024',
		es: 'ACNUR, Tendencias Globales: Desplazamiento Forzado en 2024',
		url: 'https://www.unhcr.org/global-trends-report-2024',
		as_of: '2024-12-31'
	},
	children: {
		en: 'UNHCR, Global Trends: Forced Displacement in 2023',
		es: 'ACNUR, Tendencias Globales: Desplazamiento Forzado en 2023',
		url: 'https://www.unhcr.org/global-trends-report-2023',
		as_of: '2023-12-31'
	},
	resettlement_need: {
		en: 'UNHCR, Projected Global Resettlement Needs 2025',
		es: 'ACNUR, Necesidades Globales de Reasentamiento Proyectadas 2025',
		url: 'https://www.unhcr.org/media/projected-global-resettlement-needs-2025',
		as_of: '2024-06-24'
	},
	us_admissions: {
		en: 'U.S. Department of State, Refugee Processing Center: Admissions and Arrivals',
		es: 'Departamento de Estado de EE. UU., Refugee Processing Center: Admissions and Arrivals',
		url: 'https://www.wrapsnet.org/admissions-and-arrivals/',
		as_of: '2024-09-30'
	},
	vetting: {
		en: 'U.S. Citizenship and Immigration Services, Refugee Processing and Security Screening',
		es: 'Servicio de Ciudadanía e Inmigración de EE. UU. (USCIS), Refugee Processing and Security Screening',
		url: 'https://www.uscis.gov/humanitarian/refugees-and-asylum/refugees/refugee-processing-and-security-screening',
		as_of: '2024-09-30'
	},
	economy: {
		en: 'New American Economy, From Struggle to Resilience: The Economic Impact of Refugees in America (2017)',
		es: 'New American Economy, From Struggle to Resilience: The Economic Impact of Refugees in America (2017)',
		url: 'https://research.newamericaneconomy.org/report/from-struggle-to-resilience-the-economic-impact-of-refugees-in-america/',
		as_of: '2015-12-31'
	},
	english_learners: {
		en: 'National Center for Education Statistics, Condition of Education: English Learners in Public Schools',
		es: 'Centro Nacional de Estadísticas Educativas (NCES), Condition of Education: English Learners in Public Schools',
		url: 'https://nces.ed.gov/programs/coe/indicator/cgf',
		as_of: '2021-10-01'
	}
};

const FACT_TEXT: Record<FactId, { en: string; es: string }> = {
	displaced: {
		en: 'at the end of 2024, 123.2 million people around the world had been forced from their homes by persecution, conflict, violence and human rights violations',
		es: 'a finales de 2024, 123,2 millones de personas en todo el mundo se habían visto obligadas a dejar sus hogares a causa de la persecución, los conflictos, la violencia y las violaciones de los derechos humanos'
	},
	children: {
		en: 'children are about 30 percent of the world’s population but about 40 percent of all people forced to flee',
		es: 'los niños y las niñas son alrededor del 30 por ciento de la población mundial, pero cerca del 40 por ciento de todas las personas obligadas a huir'
	},
	resettlement_need: {
		en: 'the United Nations refugee agency estimated that 2.9 million refugees would need resettlement in a third country in 2025, because they can neither return home nor stay safely where they first fled',
		es: 'la agencia de la ONU para los refugiados estimó que 2,9 millones de personas refugiadas necesitarían reasentamiento en un tercer país en 2025, porque no pueden regresar a su hogar ni permanecer con seguridad donde buscaron refugio primero'
	},
	us_admissions: {
		en: 'the United States admitted 100,034 refugees in federal fiscal year 2024',
		es: 'Estados Unidos admitió a 100.034 personas refugiadas en el año fiscal federal 2024'
	},
	vetting: {
		en: 'refugees are screened by several federal agencies before they may travel to the United States, through biographic and biometric security checks and an in-person interview with a specially trained U.S. Citizenship and Immigration Services officer',
		es: 'las personas refugiadas son examinadas por varias agencias federales antes de poder viajar a Estados Unidos, mediante controles de seguridad biográficos y biométricos y una entrevista en persona con un oficial especialmente capacitado del Servicio de Ciudadanía e Inmigración'
	},
	economy: {
		en: 'refugees living in the United States earned $77.2 billion in household income and paid $20.9 billion in taxes in 2015',
		es: 'las personas refugiadas que viven en Estados Unidos obtuvieron 77.200 millones de dólares en ingresos familiares y pagaron 20.900 millones de dólares en impuestos en 2015'
	},
	english_learners: {
		en: 'in fall 2021, 10.6 percent of public school students in the United States, about 5.3 million children, were English learners',
		es: 'en el otoño de 2021, el 10,6 por ciento de los estudiantes de escuelas públicas de Estados Unidos, unos 5,3 millones de niños, estaban aprendiendo inglés'
	}
};

function facts(language: 'en' | 'es', ids: readonly FactId[]): TemplateFact[] {
	return ids.map((id) => ({
		id,
		text: FACT_TEXT[id][language],
		source_title: SOURCES[id][language],
		source_url: SOURCES[id].url,
		as_of: SOURCES[id].as_of
	}));
}

// ---------------------------------------------------------------------------------------------
// Variables

type VarSpec = [name: string, type: TemplateVariable['type'], required: boolean];

function variables(
	specs: readonly VarSpec[],
	words: Record<string, { label: string; help?: string; example: string }>
): TemplateVariable[] {
	return specs.map(([name, type, required]) => {
		const word = words[name];
		if (!word) throw new Error(`no label for variable ${name}`);
		return { name, type, required, label: word.label, help: word.help, example: word.example };
	});
}

// ---------------------------------------------------------------------------------------------
// Resolutions

interface BodyWords {
	/** Who acts, as in "BE IT RESOLVED by {{body_name}}". */
	bodyExample: string;
	communityLabel: string;
	communityExample: string;
	presidingExample: string;
	attestExample: string;
	historyExample: string;
	contributionExample: string;
	neighboursExample: string;
	officialsExample: string;
	/** WHEREAS clauses about the community, before the world facts. */
	diversity: string;
	/** The body-specific clauses of the resolved part (numbered list items, without numbers). */
	resolved: string[];
	factIds: FactId[];
}

const EN_BODIES: Record<OriginalTemplate['body_type'], BodyWords> = {
	city_council: {
		bodyExample: 'the City Council of Riverton',
		communityLabel: 'City or town',
		communityExample: 'the City of Riverton',
		presidingExample: 'Mayor',
		attestExample: 'City Clerk',
		historyExample:
			'the Hmong and Vietnamese families who settled here in the 1970s and 1980s, and the Bosnian families who followed in the 1990s',
		contributionExample:
			'the shops, restaurants and health clinics that refugee families opened on Main Street',
		neighboursExample:
			'the City of Lakeside\nthe Town of Millbrook\nthe County Board of Supervisors',
		officialsExample:
			'the Governor\nour two United States Senators\nour Representative in Congress',
		diversity:
			'the residents of {{community_name}} trace their roots to many countries, speak many languages and hold many faiths, and this variety strengthens our neighborhoods, our workplaces and our civic life',
		resolved: [
			'That {{community_name}} is and will remain a welcoming community for refugees and for everyone who has been forced to flee their home.',
			'That the {{body_name}} supports the resettlement of refugees in {{community_name}} and encourages residents, congregations, businesses and community organizations to welcome newcomers, including by forming community sponsorship groups.',
			'That city departments are encouraged to make their services easy to reach for residents who are learning English.'
		],
		factIds: ['displaced', 'resettlement_need', 'us_admissions', 'vetting', 'economy']
	},
	county_board: {
		bodyExample: 'the Board of Commissioners of Pine County',
		communityLabel: 'County',
		communityExample: 'Pine County',
		presidingExample: 'Chair of the Board',
		attestExample: 'Clerk of the Board',
		historyExample:
			'the farmworker families who arrived from Mexico and Central America, and the Karen and Somali families resettled here since the 2000s',
		contributionExample: 'the workers who keep our food processing plants and hospitals running',
		neighboursExample: 'the Board of Commissioners of Lake County\nthe City of Pinewood',
		officialsExample:
			'the Governor\nour two United States Senators\nour Representatives in Congress',
		diversity:
			'the towns and rural communities of {{community_name}} are home to people of many origins, languages and faiths, who together keep our farms, businesses and public services going',
		resolved: [
			'That {{community_name}} is and will remain a welcoming county for refugees and for everyone who has been forced to flee their home.',
			'That the {{body_name}} supports the resettlement of refugees in {{community_name}} and encourages residents, congregations, employers and community organizations to welcome newcomers, including by forming community sponsorship groups.',
			'That county departments are encouraged to work with resettlement agencies so that newcomers can reach health, employment and transit services.'
		],
		factIds: ['displaced', 'resettlement_need', 'us_admissions', 'vetting', 'economy']
	},
	school_board: {
		bodyExample: 'the Board of Education of the Riverton Public Schools',
		communityLabel: 'School district',
		communityExample: 'the Riverton Public Schools',
		presidingExample: 'President of the Board',
		attestExample: 'Secretary of the Board',
		historyExample:
			'the students from more than forty countries who have graduated from our high schools over the past three decades',
		contributionExample:
			'the refugee parents who volunteer as interpreters at parent-teacher conferences',
		neighboursExample: 'the Lakeside School District\nthe Millbrook Board of Education',
		officialsExample:
			'the State Superintendent of Public Instruction\nour State Senator\nour State Representative',
		diversity:
			'the students of {{community_name}} speak more than {{languages_count}} languages at home, and every one of them deserves a school where they are known, safe and able to learn',
		resolved: [
			'That {{community_name}} welcomes refugee students and their families, and affirms that every child in the district has the right to a free public education, whatever their country of birth.',
			'That the {{body_name}} supports programs that help newcomer students learn English, catch up on schooling they missed and take part fully in school life, and supports interpretation for their families.',
			'That the {{body_name}} encourages families, staff and community organizations, including community sponsorship groups, to help newcomer families settle in.'
		],
		factIds: ['displaced', 'children', 'english_learners', 'vetting']
	},
	university: {
		bodyExample: 'the Faculty Senate of Riverton State University',
		communityLabel: 'University or college',
		communityExample: 'Riverton State University',
		presidingExample: 'Chair of the Faculty Senate',
		attestExample: 'Secretary of the Faculty Senate',
		historyExample:
			'the scholars who found refuge on our faculty in the 1930s and 1940s, and the students from conflict zones who have studied here since',
		contributionExample:
			'the research, teaching and student leadership of refugee students and scholars',
		neighboursExample:
			'the Faculty Senate of Lakeside College\nthe Academic Council of Millbrook University',
		officialsExample:
			'the President of the University\nthe Board of Trustees\nour Representative in Congress',
		diversity:
			'the students, faculty and staff of {{community_name}} come from many countries, cultures and faiths, and an open and diverse community of learning is central to the mission of a university',
		resolved: [
			'That {{community_name}} declares itself a welcoming campus for refugee students, scholars and staff.',
			'That the {{body_name}} asks the administration to support refugee students and scholars through scholarships, recognition of prior studies and credentials, and places for scholars at risk.',
			'That the {{body_name}} encourages faculty, staff and students to take part in welcoming refugees in the surrounding community, including through community and university sponsorship.'
		],
		factIds: ['displaced', 'resettlement_need', 'vetting', 'economy']
	},
	student_government: {
		bodyExample: 'the Student Senate of the Associated Students of Riverton State University',
		communityLabel: 'School or campus',
		communityExample: 'Riverton State University',
		presidingExample: 'Student Body President',
		attestExample: 'Secretary of the Student Senate',
		historyExample:
			'the student groups who have organized language exchanges, food drives and welcome events for newcomer families in town',
		contributionExample: 'refugee students who lead our clubs, teams and study groups',
		neighboursExample:
			'the Student Government of Lakeside College\nthe Associated Students of Millbrook University',
		officialsExample:
			'the President of the University\nthe Dean of Students\nour Representative in Congress',
		diversity:
			'the student body of {{community_name}} brings together people of many countries, languages and faiths, and students learn best in a community where everyone belongs',
		resolved: [
			'That the students of {{community_name}} welcome refugee students and all students who have been forced to flee their homes.',
			'That the {{body_name}} calls on the administration to support refugee students through scholarships, mentoring and recognition of prior studies.',
			'That the {{body_name}} encourages student organizations to volunteer with local resettlement agencies and community sponsorship groups.'
		],
		factIds: ['displaced', 'children', 'vetting', 'economy']
	}
};

const ES_BODIES: Record<OriginalTemplate['body_type'], BodyWords> = {
	city_council: {
		bodyExample: 'el Concejo Municipal de Riverton',
		communityLabel: 'Ciudad o pueblo',
		communityExample: 'la Ciudad de Riverton',
		presidingExample: 'Alcalde',
		attestExample: 'Secretaria Municipal',
		historyExample:
			'las familias hmong y vietnamitas que se establecieron aquí en las décadas de 1970 y 1980, y las familias bosnias que llegaron en la década de 1990',
		contributionExample:
			'las tiendas, los restaurantes y las clínicas que abrieron familias refugiadas en la calle principal',
		neighboursExample:
			'la Ciudad de Lakeside\nel Pueblo de Millbrook\nla Junta de Supervisores del Condado',
		officialsExample:
			'el Gobernador\nnuestros dos senadores federales\nnuestra representante en el Congreso',
		diversity:
			'los habitantes de {{community_name}} tienen raíces en muchos países, hablan muchos idiomas y profesan muchas creencias, y esta variedad fortalece nuestros barrios, nuestros lugares de trabajo y nuestra vida cívica',
		resolved: [
			'Que {{community_name}} es y seguirá siendo una comunidad acogedora para las personas refugiadas y para todas las personas obligadas a huir de su hogar.',
			'Que {{body_name}} apoya el reasentamiento de personas refugiadas en {{community_name}} y anima a los vecinos, las congregaciones, los comercios y las organizaciones comunitarias a recibir a los recién llegados, incluso formando grupos de patrocinio comunitario.',
			'Que se anima a los departamentos municipales a facilitar el acceso a sus servicios a los residentes que están aprendiendo inglés.'
		],
		factIds: ['displaced', 'resettlement_need', 'us_admissions', 'vetting', 'economy']
	},
	county_board: {
		bodyExample: 'la Junta de Comisionados del Condado de Pine',
		communityLabel: 'Condado',
		communityExample: 'el Condado de Pine',
		presidingExample: 'Presidenta de la Junta',
		attestExample: 'Secretario de la Junta',
		historyExample:
			'las familias de trabajadores agrícolas que llegaron de México y Centroamérica, y las familias karen y somalíes reasentadas aquí desde la década de 2000',
		contributionExample:
			'los trabajadores que mantienen en marcha nuestras plantas de alimentos y nuestros hospitales',
		neighboursExample: 'la Junta de Comisionados del Condado de Lake\nla Ciudad de Pinewood',
		officialsExample:
			'el Gobernador\nnuestros dos senadores federales\nnuestros representantes en el Congreso',
		diversity:
			'los pueblos y las comunidades rurales de {{community_name}} son el hogar de personas de muchos orígenes, idiomas y creencias, que juntas sostienen nuestras granjas, nuestros negocios y nuestros servicios públicos',
		resolved: [
			'Que {{community_name}} es y seguirá siendo un condado acogedor para las personas refugiadas y para todas las personas obligadas a huir de su hogar.',
			'Que {{body_name}} apoya el reasentamiento de personas refugiadas en {{community_name}} y anima a los vecinos, las congregaciones, los empleadores y las organizaciones comunitarias a recibir a los recién llegados, incluso formando grupos de patrocinio comunitario.',
			'Que se anima a los departamentos del condado a colaborar con las agencias de reasentamiento para que los recién llegados tengan acceso a servicios de salud, empleo y transporte.'
		],
		factIds: ['displaced', 'resettlement_need', 'us_admissions', 'vetting', 'economy']
	},
	school_board: {
		bodyExample: 'la Junta de Educación de las Escuelas Públicas de Riverton',
		communityLabel: 'Distrito escolar',
		communityExample: 'las Escuelas Públicas de Riverton',
		presidingExample: 'Presidenta de la Junta',
		attestExample: 'Secretario de la Junta',
		historyExample:
			'los estudiantes de más de cuarenta países que se han graduado en nuestras escuelas secundarias en las últimas tres décadas',
		contributionExample:
			'los padres y las madres refugiados que colaboran como intérpretes en las reuniones con el profesorado',
		neighboursExample: 'el Distrito Escolar de Lakeside\nla Junta de Educación de Millbrook',
		officialsExample:
			'la Superintendente Estatal de Instrucción Pública\nnuestro senador estatal\nnuestra representante estatal',
		diversity:
			'los estudiantes de {{community_name}} hablan más de {{languages_count}} idiomas en casa, y cada uno de ellos merece una escuela donde se le conozca, esté seguro y pueda aprender',
		resolved: [
			'Que {{community_name}} da la bienvenida a los estudiantes refugiados y a sus familias, y afirma que todo niño y toda niña del distrito tiene derecho a una educación pública gratuita, sea cual sea su país de nacimiento.',
			'Que {{body_name}} apoya los programas que ayudan a los estudiantes recién llegados a aprender inglés, recuperar la escolaridad perdida y participar plenamente en la vida escolar, y apoya la interpretación para sus familias.',
			'Que {{body_name}} anima a las familias, al personal y a las organizaciones comunitarias, incluidos los grupos de patrocinio comunitario, a ayudar a las familias recién llegadas a establecerse.'
		],
		factIds: ['displaced', 'children', 'english_learners', 'vetting']
	},
	university: {
		bodyExample: 'el Senado Académico de la Universidad Estatal de Riverton',
		communityLabel: 'Universidad o college',
		communityExample: 'la Universidad Estatal de Riverton',
		presidingExample: 'Presidente del Senado Académico',
		attestExample: 'Secretaria del Senado Académico',
		historyExample:
			'los académicos que encontraron refugio en nuestro profesorado en las décadas de 1930 y 1940, y los estudiantes de zonas de conflicto que han estudiado aquí desde entonces',
		contributionExample:
			'la investigación, la docencia y el liderazgo estudiantil de estudiantes y académicos refugiados',
		neighboursExample:
			'el Senado Académico de Lakeside College\nel Consejo Académico de la Universidad de Millbrook',
		officialsExample:
			'la Rectora de la Universidad\nla Junta de Síndicos\nnuestro representante en el Congreso',
		diversity:
			'los estudiantes, el profesorado y el personal de {{community_name}} proceden de muchos países, culturas y creencias, y una comunidad de aprendizaje abierta y diversa es esencial para la misión de una universidad',
		resolved: [
			'Que {{community_name}} se declara un campus acogedor para estudiantes, académicos y personal refugiados.',
			'Que {{body_name}} pide a la administración que apoye a estudiantes y académicos refugiados mediante becas, el reconocimiento de estudios y títulos previos y plazas para académicos en riesgo.',
			'Que {{body_name}} anima al profesorado, al personal y a los estudiantes a participar en la acogida de personas refugiadas en la comunidad vecina, incluso mediante el patrocinio comunitario y universitario.'
		],
		factIds: ['displaced', 'resettlement_need', 'vetting', 'economy']
	},
	student_government: {
		bodyExample:
			'el Senado Estudiantil de la Asociación de Estudiantes de la Universidad Estatal de Riverton',
		communityLabel: 'Escuela o campus',
		communityExample: 'la Universidad Estatal de Riverton',
		presidingExample: 'Presidenta del cuerpo estudiantil',
		attestExample: 'Secretario del Senado Estudiantil',
		historyExample:
			'los grupos estudiantiles que han organizado intercambios de idiomas, colectas de alimentos y eventos de bienvenida para familias recién llegadas',
		contributionExample:
			'los estudiantes refugiados que dirigen nuestros clubes, equipos y grupos de estudio',
		neighboursExample:
			'el Gobierno Estudiantil de Lakeside College\nla Asociación de Estudiantes de la Universidad de Millbrook',
		officialsExample:
			'la Rectora de la Universidad\nel Decano de Estudiantes\nnuestro representante en el Congreso',
		diversity:
			'el cuerpo estudiantil de {{community_name}} reúne a personas de muchos países, idiomas y creencias, y se aprende mejor en una comunidad donde todas las personas tienen su lugar',
		resolved: [
			'Que los estudiantes de {{community_name}} dan la bienvenida a los estudiantes refugiados y a todos los estudiantes obligados a huir de su hogar.',
			'Que {{body_name}} pide a la administración que apoye a los estudiantes refugiados mediante becas, mentorías y el reconocimiento de estudios previos.',
			'Que {{body_name}} anima a las organizaciones estudiantiles a colaborar como voluntarias con las agencias de reasentamiento y los grupos de patrocinio comunitario locales.'
		],
		factIds: ['displaced', 'children', 'vetting', 'economy']
	}
};

const RESOLUTION_SPECS: VarSpec[] = [
	['community_name', 'text', true],
	['body_name', 'text', true],
	['local_history', 'text', true],
	['since_year', 'number', false],
	['local_refugee_count', 'number', false],
	['local_contribution', 'text', true],
	['officials', 'list', true],
	['neighbouring_bodies', 'list', true],
	['introduced_on', 'date', true],
	['presiding_officer', 'text', true],
	['attesting_officer', 'text', true]
];

function resolutionWords(language: 'en' | 'es', words: BodyWords) {
	const en = language === 'en';
	return {
		community_name: {
			label: words.communityLabel,
			help: en ? 'As it should read in a sentence.' : 'Tal como debe leerse dentro de una frase.',
			example: words.communityExample
		},
		body_name: {
			label: en ? 'Name of the body' : 'Nombre del órgano',
			help: en
				? 'The body that votes, as it should read in a sentence.'
				: 'El órgano que vota, tal como debe leerse dentro de una frase.',
			example: words.bodyExample
		},
		local_history: {
			label: en ? 'Local history of welcome' : 'Historia local de acogida',
			help: en
				? 'Who found a home here before: one phrase that completes “including …”.'
				: 'Quiénes encontraron un hogar aquí antes: una frase que completa «como …».',
			example: words.historyExample
		},
		since_year: {
			label: en ? 'Counting refugees since (year)' : 'Personas refugiadas desde (año)',
			help: en
				? 'Optional, with the next field: the year local resettlement figures start.'
				: 'Opcional, junto con el campo siguiente: el año desde el que hay cifras locales.',
			example: '2002'
		},
		local_refugee_count: {
			label: en ? 'Refugees resettled locally' : 'Personas refugiadas reasentadas aquí',
			help: en
				? 'Optional: how many refugees have settled here since that year (ask your resettlement agency).'
				: 'Opcional: cuántas personas refugiadas se han establecido aquí desde ese año (pregunte a su agencia de reasentamiento).',
			example: '3,400'
		},
		local_contribution: {
			label: en ? 'Local contribution' : 'Aporte local',
			help: en
				? 'What refugee neighbors have given to the community: one phrase.'
				: 'Lo que los vecinos refugiados han aportado a la comunidad: una frase.',
			example: words.contributionExample
		},
		officials: {
			label: en ? 'Send the resolution to' : 'Enviar la resolución a',
			help: en ? 'One official per line.' : 'Un cargo por línea.',
			example: words.officialsExample
		},
		neighbouring_bodies: {
			label: en ? 'Neighboring bodies to invite' : 'Órganos vecinos a los que invitar',
			help: en ? 'One per line.' : 'Uno por línea.',
			example: words.neighboursExample
		},
		introduced_on: {
			label: en ? 'Date introduced' : 'Fecha de presentación',
			example: '2027-01-12'
		},
		presiding_officer: {
			label: en ? 'Title of the presiding officer' : 'Cargo de quien preside',
			example: words.presidingExample
		},
		attesting_officer: {
			label: en ? 'Title of the attesting officer' : 'Cargo de quien da fe',
			example: words.attestExample
		}
	};
}

function resolutionBody(language: 'en' | 'es', words: BodyWords): string {
	const facts = words.factIds.map((id) => `{{fact:${id}}}`);
	if (language === 'en') {
		const whereas = [
			'{{community_name}} has a long history of welcoming people who came here to rebuild their lives, including {{local_history}}',
			words.diversity,
			'since {{since_year}}, about {{local_refugee_count}} refugees have made {{community_name}} their home',
			...facts,
			'refugees and their families contribute to the life of {{community_name}}, including {{local_contribution}}'
		];
		return [
			'# A Resolution Welcoming Refugees to {{community_name}}',
			'*Introduced on {{introduced_on}}.*',
			...whereas.map(
				(clause, i) => `**WHEREAS**, ${clause}${i === whereas.length - 1 ? ';' : '; and'}`
			),
			'**NOW, THEREFORE, BE IT RESOLVED** by {{body_name}}:',
			[
				...words.resolved,
				'That a copy of this resolution be sent to {{officials}}.',
				'That {{body_name}} invites {{neighbouring_bodies}} to adopt resolutions of their own welcoming refugees.'
			]
				.map((clause, i) => `${i + 1}. ${clause}`)
				.join('\n'),
			'## Adoption',
			'Adopted on ____________________ by a vote of ______ in favor, ______ against and ______ abstaining.',
			'Signed: ______________________________  \n{{presiding_officer}}',
			'Attest: ______________________________  \n{{attesting_officer}}'
		].join('\n\n');
	}
	const considerando = [
		'{{community_name}} tiene una larga tradición de acoger a quienes llegaron aquí para rehacer su vida, como {{local_history}}',
		words.diversity,
		'desde {{since_year}}, unas {{local_refugee_count}} personas refugiadas han hecho de {{community_name}} su hogar',
		...facts,
		'las personas refugiadas y sus familias contribuyen a la vida de {{community_name}}, como {{local_contribution}}'
	];
	return [
		'# Resolución de bienvenida a las personas refugiadas en {{community_name}}',
		'*Presentada el {{introduced_on}}.*',
		...considerando.map(
			(clause, i) => `**CONSIDERANDO** que ${clause}${i === considerando.length - 1 ? ';' : '; y'}`
		),
		'**POR LO TANTO, SE RESUELVE** por {{body_name}}:',
		[
			...words.resolved,
			'Que se envíe una copia de esta resolución a {{officials}}.',
			'Que {{body_name}} invita a {{neighbouring_bodies}} a adoptar sus propias resoluciones de bienvenida a las personas refugiadas.'
		]
			.map((clause, i) => `${i + 1}. ${clause}`)
			.join('\n'),
		'## Adopción',
		'Adoptada el ____________________ con ______ votos a favor, ______ en contra y ______ abstenciones.',
		'Firma: ______________________________  \n{{presiding_officer}}',
		'Doy fe: ______________________________  \n{{attesting_officer}}'
	].join('\n\n');
}

const TITLES: Record<'en' | 'es', Record<OriginalTemplate['body_type'], string>> = {
	en: {
		city_council: 'Welcoming refugees: city or town council resolution',
		county_board: 'Welcoming refugees: county board resolution',
		school_board: 'Welcoming refugee students: school board resolution',
		university: 'Welcoming refugees: university administration or faculty senate resolution',
		student_government: 'Welcoming refugee students: student government resolution'
	},
	es: {
		city_council: 'Bienvenida a las personas refugiadas: resolución de concejo municipal',
		county_board: 'Bienvenida a las personas refugiadas: resolución de junta de condado',
		school_board: 'Bienvenida a los estudiantes refugiados: resolución de junta escolar',
		university:
			'Bienvenida a las personas refugiadas: resolución de administración universitaria o senado académico',
		student_government:
			'Bienvenida a los estudiantes refugiados: resolución de gobierno estudiantil'
	}
};

const SLUG_BODY: Record<OriginalTemplate['body_type'], string> = {
	city_council: 'city-council',
	county_board: 'county-board',
	school_board: 'school-board',
	university: 'university',
	student_government: 'student-government'
};

function resolution(
	language: 'en' | 'es',
	bodyType: OriginalTemplate['body_type']
): OriginalTemplate {
	const words = (language === 'en' ? EN_BODIES : ES_BODIES)[bodyType];
	const specs =
		bodyType === 'school_board'
			? [...RESOLUTION_SPECS, ['languages_count', 'number', true] as VarSpec]
			: RESOLUTION_SPECS;
	const labels = {
		...resolutionWords(language, words),
		languages_count: {
			label: language === 'en' ? 'Languages spoken at home' : 'Idiomas que se hablan en casa',
			help:
				language === 'en'
					? 'From the district’s enrollment data.'
					: 'Según los datos de matrícula del distrito.',
			example: '60'
		}
	};
	return {
		slug: `${SLUG_BODY[bodyType]}-resolution-${language}`,
		body_type: bodyType,
		language,
		kind: 'resolution',
		title: TITLES[language][bodyType],
		body: resolutionBody(language, words),
		variables: variables(specs, labels),
		facts: facts(language, words.factIds),
		reviewed_on: REVIEWED_ON
	};
}

// ---------------------------------------------------------------------------------------------
// Letters: the call to act

const LETTER_SPECS: VarSpec[] = [
	['letter_date', 'date', true],
	['greeting', 'text', true],
	['recipient_name', 'text', true],
	['recipient_title', 'text', false],
	['community_name', 'text', true],
	['request', 'text', true],
	['personal_reason', 'text', false],
	['resolution_link', 'text', false],
	['meeting_date', 'date', false],
	['sender_name', 'text', true],
	['sender_contact', 'text', true]
];

function letterWords(language: 'en' | 'es', bodyType: 'city_council' | 'school_board') {
	const en = language === 'en';
	const council = bodyType === 'city_council';
	return {
		letter_date: { label: en ? 'Date of the letter' : 'Fecha de la carta', example: '2027-01-05' },
		greeting: {
			label: en ? 'Greeting' : 'Saludo',
			help: en
				? 'The word before the name.'
				: 'La palabra antes del nombre: «Estimada», «Estimado», o «Estimados/as» para varias personas.',
			example: en ? 'Dear' : 'Estimada'
		},
		request: {
			label: en ? 'What you ask' : 'Lo que pide',
			help: en
				? 'What the recipient can do now, as it completes “to ask you …”: introduce the resolution, support it in committee, or vote yes.'
				: 'Lo que puede hacer ahora quien la recibe, como continuación de «para …»: que presente la resolución, que la apoye o que vote a favor.',
			example: en
				? 'to vote yes on the resolution welcoming refugees when it comes to a vote'
				: 'pedirle que vote a favor de la resolución de bienvenida a las personas refugiadas'
		},
		resolution_link: {
			label: en ? 'Link to the resolution' : 'Enlace a la resolución',
			help: en
				? 'Optional: where the recipient can read the text. Without it, the letter does not mention a draft.'
				: 'Opcional: dónde puede leerse el texto. Sin él, la carta no menciona ningún borrador.',
			example: 'https://welcome-atlas.example.org/resolutions/riverton-wy-2027'
		},
		recipient_name: {
			label: en ? 'Recipient' : 'Destinatario',
			help: en ? 'With the courtesy title you use.' : 'Con el tratamiento que usted use.',
			example: council
				? en
					? 'Council Member Ana Ruiz'
					: 'concejala Ana Ruiz'
				: en
					? 'Mr. David Chen'
					: 'Sr. David Chen'
		},
		recipient_title: {
			label: en ? 'Recipient’s office' : 'Cargo del destinatario',
			example: council
				? en
					? 'Member, Riverton City Council'
					: 'Concejala, Concejo Municipal de Riverton'
				: en
					? 'Member, Riverton Board of Education'
					: 'Miembro, Junta de Educación de Riverton'
		},
		community_name: {
			label: council
				? en
					? 'City or town'
					: 'Ciudad o pueblo'
				: en
					? 'School district'
					: 'Distrito escolar',
			example: council
				? 'Riverton'
				: en
					? 'the Riverton Public Schools'
					: 'las Escuelas Públicas de Riverton'
		},
		personal_reason: {
			label: en ? 'Why this matters to you' : 'Por qué le importa a usted',
			help: en
				? 'Optional: one or two sentences in your own words.'
				: 'Opcional: una o dos frases con sus propias palabras.',
			example: en
				? 'My grandparents came to this country as refugees, and neighbors here helped them start over.'
				: 'Mis abuelos llegaron a este país como refugiados, y los vecinos de aquí les ayudaron a empezar de nuevo.'
		},
		meeting_date: {
			label: en ? 'Meeting you would like to attend' : 'Sesión a la que desea asistir',
			help: en ? 'Optional.' : 'Opcional.',
			example: '2027-02-09'
		},
		sender_name: { label: en ? 'Your name' : 'Su nombre', example: 'Jordan Lee' },
		sender_contact: {
			label: en ? 'How to reach you' : 'Cómo contactarle',
			help: en ? 'Email or phone.' : 'Correo electrónico o teléfono.',
			example: 'jordan.lee@example.org'
		}
	};
}

function letterBody(language: 'en' | 'es', bodyType: 'city_council' | 'school_board'): string {
	const council = bodyType === 'city_council';
	// Short on purpose: the whole letter should fit in a mailto: link (see src/lib/act/mailto.ts).
	if (language === 'en') {
		return [
			'{{letter_date}}',
			'{{recipient_name}}  \n{{recipient_title}}',
			'{{greeting}} {{recipient_name}},',
			council
				? 'I am writing as a resident of {{community_name}} to ask you {{request}}.'
				: 'I am writing as a member of the {{community_name}} community to ask you {{request}}.',
			council
				? 'The need has rarely been greater: {{fact:displaced}}.'
				: 'The need has rarely been greater: {{fact:children}}.',
			'{{personal_reason}}',
			council
				? 'A resolution costs the city nothing, and it tells new neighbors that they are wanted here.'
				: 'A resolution tells every family in the district that their children are welcome and will be supported.',
			'You can read the resolution at {{resolution_link}}.',
			'I hope to speak in support at the meeting on {{meeting_date}}.',
			'Thank you for your service and for considering this request.',
			'Sincerely,',
			'{{sender_name}}  \n{{sender_contact}}'
		].join('\n\n');
	}
	return [
		'{{letter_date}}',
		'{{recipient_name}}  \n{{recipient_title}}',
		'{{greeting}} {{recipient_name}}:',
		council
			? 'Le escribo como vecino/a de {{community_name}} para {{request}}.'
			: 'Le escribo como miembro de la comunidad de {{community_name}} para {{request}}.',
		council
			? 'La necesidad pocas veces ha sido mayor: {{fact:displaced}}.'
			: 'La necesidad pocas veces ha sido mayor: {{fact:children}}.',
		'{{personal_reason}}',
		council
			? 'Una resolución no le cuesta nada a la ciudad y les dice a los nuevos vecinos que aquí son bienvenidos.'
			: 'Una resolución les dice a todas las familias del distrito que sus hijos son bienvenidos y contarán con apoyo.',
		'La resolución puede leerse en {{resolution_link}}.',
		'Espero intervenir a favor en la sesión del {{meeting_date}}.',
		'Gracias por su servicio y por considerar esta petición.',
		'Atentamente,',
		'{{sender_name}}  \n{{sender_contact}}'
	].join('\n\n');
}

function letter(
	language: 'en' | 'es',
	bodyType: 'city_council' | 'school_board'
): OriginalTemplate {
	const en = language === 'en';
	const council = bodyType === 'city_council';
	return {
		slug: `${council ? 'council-member' : 'school-board-member'}-letter-${language}`,
		body_type: bodyType,
		language,
		kind: 'letter',
		title: council
			? en
				? 'Letter to a council member about a welcoming resolution'
				: 'Carta a un miembro del concejo sobre una resolución de bienvenida'
			: en
				? 'Letter to a school board member about a welcoming resolution'
				: 'Carta a un miembro de la junta escolar sobre una resolución de bienvenida',
		body: letterBody(language, bodyType),
		variables: variables(LETTER_SPECS, letterWords(language, bodyType)),
		facts: facts(language, council ? ['displaced'] : ['children']),
		reviewed_on: REVIEWED_ON
	};
}

export const ORIGINALS: readonly OriginalTemplate[] = (['en', 'es'] as const).flatMap(
	(language) => [
		...(Object.keys(EN_BODIES) as OriginalTemplate['body_type'][]).map((bodyType) =>
			resolution(language, bodyType)
		),
		letter(language, 'city_council'),
		letter(language, 'school_board')
	]
);
