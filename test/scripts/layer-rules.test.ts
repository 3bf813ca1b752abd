import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLayers } from '../../scripts/layer-rules.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/** A small tree of files, each importing what it is given. */
function tree(files: Record<string, string[]>): string {
  const root = tempDir();
  for (const [file, imports] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), imports.map((i) => `import type { X } from '${i}';\n`).join(''));
  }
  return root;
}

describe('the layer check', () => {
  it('passes on this repository', () => {
    expect(checkLayers(resolve(import.meta.dirname, '../..'))).toEqual([]);
  });

  it("refuses the engine's inner rules broken: sources → actions, actions → server, store → server", () => {
    const root = tree({
      'electron/engine/sources/shop.ts': ['../actions/email.ts'],
      'electron/engine/actions/email.ts': ['../server/webhook-app.ts'],
      'electron/engine/store/inbox.ts': ['../server/webhook-app.ts'],
      'electron/engine/server/webhook-app.ts': ['../store/inbox.ts', '../sources/shop.ts'],
      'electron/engine/recipes/runner.ts': ['../actions/email.ts', '../store/inbox.ts'],
    });
    const problems = checkLayers(root);
    expect(problems.filter((p) => !p.includes('circle')).sort()).toEqual([
      expect.stringMatching(/^electron\/engine\/actions\/email\.ts: imports "\.\.\/server\/webhook-app\.ts": an action/),
      expect.stringMatching(/^electron\/engine\/sources\/shop\.ts: imports "\.\.\/actions\/email\.ts": a source .* never reaches a destination/),
      expect.stringMatching(/^electron\/engine\/store\/inbox\.ts: imports "\.\.\/server\/webhook-app\.ts": the store/),
    ]);
  });

  it('refuses files that import one another in a circle, type-only imports included', () => {
    const root = tree({
      'electron/engine/engine.ts': ['./api/engine-api.ts'],
      'electron/engine/api/engine-api.ts': ['../engine.ts'],
      'shared/a.ts': ['./b.ts'],
      'shared/b.ts': ['./c.ts'],
      'shared/c.ts': ['./a.ts'],
      'shared/d.ts': ['./a.ts'],
    });
    expect(checkLayers(root).sort()).toEqual([
      'these files import one another in a circle: electron/engine/api/engine-api.ts, electron/engine/engine.ts',
      'these files import one another in a circle: shared/a.ts, shared/b.ts, shared/c.ts',
    ]);
  });
});
