import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.1 A and AA: what the issue asks for (contrast included). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core on the page as it is now and returns its violations, one line each
 * (`rule: selector — summary`). axe is injected through the DevTools protocol, which the
 * page's Content-Security-Policy does not govern, so the CSP under test stays as shipped.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const injected = await page.evaluate(() => 'axe' in window);
  if (!injected) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: AxeLike }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.flatMap((v) =>
      v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`),
    );
  }, TAGS);
  return violations;
}

interface AxeLike {
  run(
    context: Document,
    options: unknown,
  ): Promise<{
    violations: Array<{
      id: string;
      help: string;
      nodes: Array<{ target: string[]; failureSummary?: string }>;
    }>;
  }>;
}
