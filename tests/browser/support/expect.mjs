// Web-first assertions for playwright-core (which has no `expect` of its own): each waits for
// its condition up to a deadline, then fails with what it saw last.
import { AssertionError } from 'node:assert';

const kTimeoutMs = 10_000;
const kRetryMs = 40;

async function until(describe, check, timeout = kTimeoutMs) {
  const deadline = Date.now() + timeout;
  let seen = '';
  for (;;) {
    try {
      const { ok, actual } = await check();
      if (ok) return;
      seen = actual;
    } catch (error) {
      seen = String(error);
    }
    if (Date.now() > deadline) throw new AssertionError({ message: `${describe}; last seen: ${seen}` });
    await new Promise((retry) => setTimeout(retry, kRetryMs));
  }
}

export function expect(locator) {
  const name = locator.toString();
  return {
    toBeVisible: (timeout = kTimeoutMs) => locator.first().waitFor({ state: 'visible', timeout }),
    toBeHidden: (timeout = kTimeoutMs) => locator.first().waitFor({ state: 'hidden', timeout }),
    toHaveCount: (count, timeout) =>
      until(
        `${name} count should be ${count}`,
        async () => {
          const actual = await locator.count();
          return { ok: actual === count, actual };
        },
        timeout,
      ),
    toHaveText: (wanted, timeout) =>
      until(
        `${name} text should be ${wanted}`,
        async () => {
          const actual = (await locator.innerText()).trim();
          return { ok: wanted instanceof RegExp ? wanted.test(actual) : actual === wanted, actual };
        },
        timeout,
      ),
    toContainText: (wanted, timeout) =>
      until(
        `${name} should contain ${wanted}`,
        async () => {
          const actual = await locator.innerText();
          return { ok: actual.includes(wanted), actual };
        },
        timeout,
      ),
    toHaveValue: (wanted, timeout) =>
      until(
        `${name} value should be ${wanted}`,
        async () => {
          const actual = await locator.inputValue();
          return { ok: actual === wanted, actual };
        },
        timeout,
      ),
    toHaveAttribute: (attribute, wanted, timeout) =>
      until(
        `${name} [${attribute}] should be ${wanted}`,
        async () => {
          const actual = await locator.getAttribute(attribute);
          return { ok: actual === wanted, actual };
        },
        timeout,
      ),
  };
}

// For values that are not locators: waits until fn() returns something truthy.
export const eventually = (describe, fn, timeout) =>
  until(
    describe,
    async () => {
      const actual = await fn();
      return { ok: Boolean(actual), actual };
    },
    timeout,
  );
