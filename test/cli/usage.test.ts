import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../electron/cli.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Prints every module the process loads from this repository, one "loaded <path>" line on stderr. */
const TRACE = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
registerHooks({ load(url, context, next) { if (url.startsWith('file:')) process.stderr.write('loaded ' + url + '\\n'); return next(url, context); } });
`)}`;

/** Runs \`hooktray <args>\` with the module trace; its exit code, output and the repo files it loaded. */
function hooktray(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', TRACE, CLI, ...args], { encoding: 'utf8' });
  const loaded = [...result.stderr.matchAll(/^loaded (\S+)$/gm)]
    .map((m) => fileURLToPath(m[1]!))
    .filter((p) => p.startsWith(ROOT) && !p.includes('/node_modules/'))
    .map((p) => p.slice(ROOT.length));
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.replace(/^loaded \S+\n/gm, ''), loaded };
}

describe('hooktray <command>', () => {
  it('prints the commands for --help without loading any command, and loads only the one chosen, the engine only to run', () => {
    const help = hooktray(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: hooktray <command> \[options\]\n\nCommands:\n {2}serve .*\n {2}catch-up .*\n {2}relay /);
    expect(help.loaded).toEqual(['electron/cli.ts']);

    // A command checks its flags before it loads the engine: a mistake is answered at once.
    const serve = hooktray(['serve', '--port', 'eighty']);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain('--port must be a number from 0 to 65535, got "eighty".');
    expect(serve.loaded.filter((p) => p.startsWith('electron/engine/'))).toEqual([]);
    const catchUp = hooktray(['catch-up', '--since', 'yesterday']);
    expect(catchUp.code).toBe(2);
    expect(catchUp.loaded.filter((p) => p.startsWith('electron/engine/'))).toEqual(['electron/engine/catchup/offline-periods.ts']);

    const relay = hooktray(['relay', '--help']);
    expect(relay.code).toBe(0);
    expect(relay.stdout).toMatch(/^Usage: hooktray relay/);
    expect(relay.loaded).toContain('electron/cli/relay.ts');
    expect(relay.loaded.filter((p) => p.startsWith('electron/cli/') && p !== 'electron/cli/relay.ts' && p !== 'electron/cli/output.ts')).toEqual([]);
    // The relay shares the logger, the tunnel's wire protocol and the lingering close of an early answer with the engine, nothing else.
    const shared = (p: string) =>
      p.startsWith('electron/engine/log/') ||
      p === 'electron/engine/server/lingering-close.ts' ||
      ['relay-protocol.ts', 'relay-signature.ts', 'socket-line.ts'].some((f) => p === `electron/engine/tunnel/${f}`);
    expect(relay.loaded.filter((p) => p.startsWith('electron/engine/') && !shared(p))).toEqual([]);
  });

  it('names an unknown command and lists the real ones (exit code 2), also for names every object has', () => {
    for (const name of ['serv', 'constructor']) {
      const wrong = hooktray([name]);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(new RegExp(`^Unknown command "${name}"\\.\\n\\nUsage: hooktray <command>`));
    }
    expect(hooktray([]).code).toBe(2);
  });
});
