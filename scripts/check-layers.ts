// Fails when a layer imports what it must not, or files import one another in a circle (the
// rules: scripts/layer-rules.ts, explained in ARCHITECTURE.md).
import { resolve } from 'node:path';
import { checkLayers } from './layer-rules.ts';

const problems = checkLayers(resolve(import.meta.dirname, '..'));
if (problems.length) {
  process.stderr.write(`Layer rules broken:\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write('layers: ok\n');
