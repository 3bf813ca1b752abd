import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserTests } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp-dir.ts';

function paths() {
  const dir = tempDir();
  const present = join(dir, 'chromium');
  writeFileSync(present, '');
  return { present, missing: join(dir, 'no-such-file') };
}

describe('when the browser tests run', () => {
  it('run when Chromium and the built renderer are there', () => {
    const { present } = paths();
    const both = browserTests({ chromium: present, renderer: present }, { CI: '1' });
    expect(both.skip).toBe(false);
    expect(() => both.check()).not.toThrow();
  });

  it('are skipped on a machine without them, but fail under CI, naming what is missing', () => {
    const { present, missing } = paths();
    expect(browserTests({ chromium: missing, renderer: present }, {}).skip).toBe(true);
    expect(browserTests({ chromium: present, renderer: missing }, { CI: 'false' }).skip).toBe(true);
    const ci = browserTests({ chromium: missing, renderer: present }, { CI: '1' });
    expect(ci.skip).toBe(false);
    expect(() => ci.check()).toThrow(`CI is set, so the browser tests must run, but ${missing} is missing (.ci/run installs Debian's chromium).`);
    expect(() => browserTests({ chromium: present, renderer: missing }, { CI: 'true' }).check()).toThrow('npm run build:renderer');
  });
});
