// Steps the tests share: signing in to the console, setting presence, opening the widget.
import { expect } from './expect.mjs';

export async function signIn(page, baseUrl, { email, password }) {
  await page.goto(`${baseUrl}/`);
  await page.getByTestId('console-email').fill(email);
  await page.getByTestId('console-password').fill(password);
  await page.getByTestId('console-login').click();
  await expect(page.getByTestId('console-presence')).toBeVisible();
}

export async function setPresence(page, status) {
  await page.getByTestId('console-presence').selectOption(status);
  await expect(page.getByTestId('console-presence')).toHaveValue(status);
}

export async function openWidget(page, url) {
  await page.goto(url);
  await page.getByTestId('baton-launcher').click();
  await expect(page.getByTestId('baton-input')).toBeVisible();
}

export async function customerSays(page, text) {
  await page.getByTestId('baton-input').fill(text);
  await page.getByTestId('baton-send').click();
}

export const widgetMessages = (page, sender) => page.locator(`[data-testid=baton-message][data-sender=${sender}]`);

export const consoleMessages = (page, sender) => page.locator(`[data-testid=console-message][data-sender=${sender}]`);
