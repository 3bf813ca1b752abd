import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * The serious and critical accessibility violations axe-core finds in the page as it is now, one
 * line each ("color-contrast: Elements must meet … at .pill.failed"). axe's source is evaluated in
 * the page over the DevTools protocol, which the dashboard's CSP (script-src 'self') allows.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} at ${n.target.join(' ')} (${n.failureSummary?.replace(/\s+/g, ' ') ?? ''})`));
}

/**
 * Whether anything sticks out of the window sideways: the page's scroll width, the window's, and
 * the outermost elements whose right edge lies beyond it (to say what to fix).
 */
export function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; culprits: string[] }> {
  return page.evaluate(() => {
    const culprits: string[] = [];
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      if (el.getBoundingClientRect().right <= innerWidth + 0.5) continue;
      if (el.parentElement && el.parentElement.getBoundingClientRect().right > innerWidth + 0.5) continue;
      culprits.push(
        `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} (right ${Math.round(el.getBoundingClientRect().right)})`,
      );
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, culprits };
  });
}

/** The names Chromium itself gives the page's elements of one role (what a screen reader announces). */
export async function chromiumNames(page: Page, role: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { role?: { value?: unknown }; name?: { value?: unknown }; ignored?: boolean }[];
    };
    return nodes.filter((n) => !n.ignored && n.role?.value === role).map((n) => String(n.name?.value ?? ''));
  } finally {
    await cdp.detach();
  }
}
