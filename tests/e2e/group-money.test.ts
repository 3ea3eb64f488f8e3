import { expect, test } from '@playwright/test';
import { expectAccessible } from './a11y';
import { signUpAndConfirm } from './mail';

// The budget of a sponsor group: the funding check follows the program's rule, amounts are read
// in the visitor's language, and ledger rows are edited and deleted (deletion asks first, also
// without JavaScript).

test('a Spanish-speaking lead keeps the books of a Welcome Corps group', async ({ browser }) => {
	// A long journey with axe on a large page: more than the default 30 s on a busy machine.
	test.setTimeout(180_000);
	const context = await browser.newContext();
	const lead = await context.newPage();
	await signUpAndConfirm(lead, {
		email: `lucia-${Date.now()}@example.org`,
		password: 'correct horse battery staple',
		displayName: 'Lucía'
	});
	await lead.goto('/groups');
	await lead.getByLabel('Group name').fill('Círculo Maple');
	await lead.getByLabel('City').fill('Saint Paul');
	await lead.getByLabel('State').selectOption('MN');
	await lead.getByLabel('Program').selectOption('welcome_corps');
	await lead.getByRole('button', { name: 'Create the group' }).click();
	await expect(lead.getByRole('heading', { level: 1 })).toHaveText('Círculo Maple');
	const groupUrl = lead.url();

	// The arrival date is saved before the household size is known; the check asks for the size.
	await lead.getByLabel('Arrival date').fill('2027-03-01');
	await lead.locator('#family').getByRole('button', { name: 'Save' }).click();
	await expect(lead.getByLabel('Arrival date')).toHaveValue('2027-03-01');
	await expect(lead.locator('#budget')).toContainText(
		"The funding check needs the family's household size"
	);
	await lead.getByLabel('Household size').fill('4');
	await lead.locator('#family').getByRole('button', { name: 'Save' }).click();
	await expect(lead.getByText('The program asks for $9,700.00 for a household of 4')).toBeVisible();

	// In Spanish, "12,50" is twelve and a half dollars.
	await lead.getByRole('button', { name: /Español/ }).click();
	await expect(lead.locator('html')).toHaveAttribute('lang', 'es');
	await lead.goto(groupUrl);
	const budget = lead.locator('#budget');
	await expect(budget.getByText('Por ejemplo 1.250,50')).toBeVisible();
	const add = async (kind: string, amount: string, description: string) => {
		await budget.getByLabel('Tipo', { exact: true }).last().selectOption({ label: kind });
		await budget.getByLabel('Importe (USD)').last().fill(amount);
		await budget.getByLabel('Descripción').last().fill(description);
		await budget.getByRole('button', { name: 'Añadir un movimiento' }).click();
	};
	await add('Donación', '12,50', 'Café');
	await expect(lead.getByRole('row', { name: /Café/ })).toContainText('12,50 US$');

	// Something that can be read two ways is refused, and what was typed stays.
	await add('Donación', '1,2,3', 'Rifa');
	await expect(budget.getByText('Este importe se puede leer de más de una manera')).toBeVisible();
	await expect(budget.getByLabel('Importe (USD)').last()).toHaveValue('1,2,3');
	await expect(budget.getByLabel('Descripción').last()).toHaveValue('Rifa');

	// $6,650 raised and pledged, $600 of furniture counted, a $1,100 deposit not subtracted.
	await add('Donación', '5.200', 'Colecta');
	await add('Promesa', '1.450', 'Promesas de la parroquia');
	await expect(budget.getByText('68% del mínimo comprometido')).toBeVisible();
	await add('Donación en especie', '600', 'Muebles');
	await expect(budget.getByText('74% del mínimo comprometido')).toBeVisible();
	await add('Gasto', '1.100', 'Fianza');
	await expect(budget.getByText('74% del mínimo comprometido')).toBeVisible();
	await expectAccessible(lead);

	// Editing a row: its own form, filled the Spanish way.
	await budget.getByRole('link', { name: /^Editar\W+Café$/ }).click();
	const amount = budget.getByLabel('Importe (USD)').first();
	await expect(amount).toHaveValue('12,50');
	await amount.fill('15');
	await expectAccessible(lead);
	await budget.getByRole('button', { name: 'Guardar el movimiento' }).click();
	await expect(budget.getByText('Movimiento guardado.')).toBeVisible();
	await expect(lead.getByRole('row', { name: /Café/ })).toContainText('15,00 US$');

	// Deleting asks first, and works without JavaScript.
	const plain = await (
		await browser.newContext({
			javaScriptEnabled: false,
			storageState: await context.storageState()
		})
	).newPage();
	await plain.goto(groupUrl);
	const row = plain.getByRole('row', { name: /Café/ });
	await row.locator('summary', { hasText: 'Eliminar' }).click();
	await expect(row.getByText('¿Eliminar «Café» (15,00 US$) del libro de cuentas?')).toBeVisible();
	await row.getByRole('button', { name: /^Sí, eliminar\W+Café$/ }).click();
	await expect(plain.getByText('Movimiento eliminado.')).toBeVisible();
	await expect(plain.getByRole('row', { name: /Café/ })).toHaveCount(0);
	await expect(plain.getByRole('row', { name: /Muebles/ })).toHaveCount(1);

	// A file over 10 MB is refused in the browser, in Spanish, and the title stays.
	const documents = lead.locator('#documents');
	await lead.goto(groupUrl);
	await documents.getByLabel('Título').fill('Contrato');
	await documents.getByLabel('Archivo').setInputFiles({
		name: 'contrato.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.alloc(11 * 1024 * 1024, 0x20)
	});
	await documents.getByRole('button', { name: 'Subir un documento' }).click();
	await expect(documents.getByText('Este archivo ocupa más de 10 MB.')).toBeVisible();
	await expect(documents.getByLabel('Título')).toHaveValue('Contrato');

	// A group that is not there: the error page speaks Spanish ("Not found" thrown in code).
	const missing = await lead.goto(groupUrl.replace(/[0-9a-f]{12}$/, '000000000000'));
	expect(missing?.status()).toBe(404);
	await expect(lead.getByRole('heading', { level: 1 })).toHaveText('Página no encontrada');
	await expect(lead.getByText('Not found')).toHaveCount(0);
});
