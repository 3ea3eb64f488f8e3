import { expect, test, type Browser, type Page } from '@playwright/test';
import mammoth from 'mammoth';
import { expectAccessible } from './a11y';
import { signUpAndConfirm } from './mail';

const PASSWORD = 'correct horse battery staple';

async function newUser(browser: Browser, label: string): Promise<Page> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signUpAndConfirm(page, {
		email: `${label}-${Date.now()}@example.org`,
		password: PASSWORD,
		displayName: label
	});
	return page;
}

test('a lead starts a group, a member joins and works the plan, a stranger sees nothing', async ({
	browser
}) => {
	// One long journey through three browsers, with axe on each page: more than the default 30 s
	// on a busy 2-core machine.
	test.setTimeout(120_000);
	const lead = await newUser(browser, 'Lena');
	await lead.goto('/groups');
	await expectAccessible(lead);

	// Bad input: a clear message, and what was typed is kept.
	await lead.getByLabel('Group name').fill('Maple Street Circle');
	await lead.getByRole('button', { name: 'Create the group' }).click();
	await expect(lead.getByText('Enter the city (1 to 120 characters).')).toBeVisible();
	await expect(lead.getByLabel('Group name')).toHaveValue('Maple Street Circle');

	await lead.getByLabel('City').fill('Saint Paul');
	await lead.getByLabel('State').selectOption('MN');
	await lead.getByLabel('Program').selectOption('welcome_corps');
	await lead.getByLabel('Arrival date').fill('2027-03-01');
	await lead.getByRole('button', { name: 'Create the group' }).click();
	await expect(lead.getByRole('heading', { level: 1 })).toHaveText('Maple Street Circle');
	const groupUrl = lead.url();
	await expect(lead.getByText('The Welcome Corps program has been suspended')).toBeVisible();
	await expect(lead.getByText('Meet the family at the airport', { exact: true })).toBeVisible();
	await expectAccessible(lead);

	// The family: household of 4 → $9,700 required, nothing secured yet.
	await lead.getByLabel('Household size').fill('4');
	await lead.getByLabel('Sensitive needs (leads only)').fill('Wheelchair access');
	await lead.locator('#family').getByRole('button', { name: 'Save' }).click();
	await expect(lead.getByText('The program asks for $9,700.00 for a household of 4')).toBeVisible();
	await expect(lead.locator('#budget dd strong')).toHaveText('$9,700.00');

	// Invite a member.
	await lead.getByRole('button', { name: 'Create an invite link' }).click();
	const inviteUrl = await lead.getByLabel('Invite link').inputValue();
	expect(inviteUrl).toMatch(/\/groups\/join\/[A-Za-z0-9_-]{43}$/);

	const member = await newUser(browser, 'Marco');
	await member.goto(inviteUrl);
	await expectAccessible(member);
	await member.getByRole('button', { name: 'Join the group' }).click();
	await expect(member).toHaveURL(groupUrl);
	// Members do not read sensitive needs.
	await expect(member.getByText('Wheelchair access')).toHaveCount(0);
	await expect(
		member.getByText("Sensitive needs are visible to the group's leads only.")
	).toBeVisible();

	// The member completes a task and records a donation.
	const status = member.getByLabel('Status of “Meet the family at the airport”');
	await status.selectOption('done');
	await member.getByRole('button', { name: /^Save\W+Meet the family at the airport$/ }).click();
	await expect(member.getByLabel('Status of “Meet the family at the airport”')).toHaveValue('done');
	// …takes the housing task, and it shows under "My tasks".
	await member
		.getByLabel('Who does “Find safe, affordable housing”')
		.selectOption({ label: 'Marco' });
	await member.getByRole('button', { name: /^Assign\W+Find safe, affordable housing$/ }).click();
	await member.getByRole('link', { name: 'My tasks' }).click();
	await expect(member).toHaveURL(/[?&]view=mine/);
	await expect(member.locator('#plan .tasks li')).toHaveCount(1);
	await expect(member.locator('#plan .tasks li')).toContainText('Find safe, affordable housing');
	// The views are links: the same list without JavaScript, and "Overdue" is one of them.
	const noScript = await browser.newContext({
		javaScriptEnabled: false,
		storageState: await member.context().storageState()
	});
	const plain = await noScript.newPage();
	await plain.goto(`${groupUrl}?view=mine`);
	await expect(plain.locator('#plan .tasks li')).toHaveCount(1);
	await plain.getByRole('link', { name: /^Overdue/ }).click();
	await expect(plain).toHaveURL(/[?&]view=overdue/);
	await expect(plain.getByRole('link', { name: /^Overdue/ })).toHaveAttribute(
		'aria-current',
		'true'
	);
	await noScript.close();
	// …and answers the eligibility items (yes/no only).
	await member.getByRole('group', { name: 'What applies to me' }).getByLabel('18 or older').check();
	await member.locator('form.eligibility').getByRole('button', { name: 'Save' }).click();
	await expect(member.getByRole('row', { name: /Marco/ })).toContainText('Yes');

	// …adds a note to the housing task and comments on it.
	const housing = member
		.locator('#plan .tasks li')
		.filter({ hasText: 'Find safe, affordable housing' });
	await housing.locator('summary', { hasText: /^Edit/ }).click();
	await housing.getByLabel('Notes').fill('Near the bus line, ground floor.');
	await housing
		.getByRole('button', { name: /^Save the task\W+Find safe, affordable housing$/ })
		.click();
	await expect(housing.locator('.notes')).toHaveText('Near the bus line, ground floor.');
	await housing.locator('summary', { hasText: 'Comments (0)' }).click();
	await housing.getByLabel('Your comment').fill('I will call two landlords tomorrow.');
	await housing
		.getByRole('button', { name: /^Add a comment\W+Find safe, affordable housing$/ })
		.click();
	await housing.locator('summary', { hasText: 'Comments (1)' }).click();
	await expect(
		housing.getByRole('region', { name: 'Comments on “Find safe, affordable housing”' })
	).toContainText(/I will call two landlords tomorrow\.\s*Marco, /);
	await housing.locator('summary', { hasText: /^Edit/ }).click();
	await expectAccessible(member);

	await member.getByLabel('Amount (USD)').fill('-5');
	await member.getByRole('button', { name: 'Add an entry' }).click();
	await expect(member.getByText('Enter an amount greater than zero')).toBeVisible();
	await member.getByLabel('Kind', { exact: true }).last().selectOption('donation');
	await member.getByLabel('Amount (USD)').fill('1,200');
	await member.getByLabel('Description').fill('Bake sale');
	await member.getByRole('button', { name: 'Add an entry' }).click();
	await expect(member.locator('#budget dd strong')).toHaveText('$8,500.00');

	// The member uploads a document and downloads it through a short-lived signed URL.
	await member.getByLabel('Title').fill('Lease draft');
	await member.getByLabel('File').setInputFiles({
		name: 'lease.txt',
		mimeType: 'text/plain',
		buffer: Buffer.from('Lease for the apartment on Maple Street.\n')
	});
	await member.getByRole('button', { name: 'Upload a document' }).click();
	await expect(member.getByRole('link', { name: 'Lease draft' })).toBeVisible();
	const documentUrl = new URL(
		(await member.getByRole('link', { name: 'Lease draft' }).getAttribute('href')) ?? '',
		groupUrl
	).toString();
	const download = await member.request.get(documentUrl);
	expect(download.status()).toBe(200);
	expect(download.headers()['content-disposition']).toContain('attachment');
	expect(await download.text()).toContain('Maple Street');
	await expectAccessible(member);

	// A third user reaches none of it.
	const stranger = await newUser(browser, 'Sam');
	const response = await stranger.goto(groupUrl);
	expect(response?.status()).toBe(404);
	const csv = await stranger.request.get(`${groupUrl}/budget.csv`);
	expect(csv.status()).toBe(404);
	const post = await stranger.request.post(`${groupUrl}?/ledger`, {
		form: { kind: 'donation', amount: '5', description: 'x', occurred_on: '2026-01-01' },
		headers: { origin: new URL(groupUrl).origin }
	});
	expect(post.status()).toBe(404);
	expect((await stranger.request.get(documentUrl, { maxRedirects: 0 })).status()).toBe(404);
	await stranger.goto(inviteUrl.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
	await stranger.getByRole('button', { name: 'Join the group' }).click();
	await expect(stranger.getByRole('alert')).toContainText('not valid');

	// The member subscribes to a calendar of their tasks, then turns it off.
	await member.goto('/groups');
	await member.getByRole('button', { name: 'Create my calendar link' }).click();
	const calendarUrl = await member.getByLabel('Calendar link (ICS)').inputValue();
	const calendar = await stranger.request.get(calendarUrl); // no session needed: the link is the key
	expect(calendar.headers()['content-type']).toContain('text/calendar');
	expect(await calendar.text()).toContain('SUMMARY:Find safe\\, affordable housing');
	await expectAccessible(member);
	await member.getByRole('button', { name: 'Turn the calendar link off' }).click();
	await expect(member.getByText('The calendar link no longer works.')).toBeVisible();
	expect((await stranger.request.get(calendarUrl)).status()).toBe(404);

	// The 30-day report lists the done task, as a page and as a Word file.
	await lead.goto(`${groupUrl}/reports/30`);
	await expect(lead.getByRole('heading', { level: 1 })).toHaveText(
		'30-day report — Maple Street Circle'
	);
	await expect(lead.getByRole('region', { name: 'Arrival' })).toContainText(
		'Meet the family at the airport'
	);
	await expectAccessible(lead);
	const report = await lead.request.get(`${groupUrl}/reports/30/docx`);
	expect(report.headers()['content-type']).toContain('wordprocessingml');
	const { value: reportText } = await mammoth.extractRawText({
		buffer: Buffer.from(await report.body())
	});
	expect(reportText).toContain('30-day report — Maple Street Circle');
	expect(reportText).toContain('Meet the family at the airport');
	expect(reportText).not.toContain('Wheelchair');
	expect((await stranger.request.get(`${groupUrl}/reports/30/docx`)).status()).toBe(404);

	// The lead sees the member's work in the ledger CSV.
	const ledger = await lead.request.get(`${groupUrl}/budget.csv`);
	expect(await ledger.text()).toContain('donation,1200.00,USD,Bake sale');

	// When the welcome is over, the lead closes the group: the deletion date is announced.
	await lead.goto(groupUrl);
	await lead.getByRole('button', { name: 'Close the group' }).click();
	await expect(lead.getByRole('note').filter({ hasText: 'This group is closed' })).toContainText(
		/On .*\d{4}.* it will be deleted/
	);
	await expectAccessible(lead);
});
