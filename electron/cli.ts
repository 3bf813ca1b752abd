#!/usr/bin/env node
// The headless host: `hooktray <command>`. It wires things and stays short; commands live in cli/.
import { enableCompileCache } from 'node:module';

// A command loads a few hundred TypeScript modules: Node's on-disk compile cache (keyed by each
// file's content) halves that work on every start after the first. It never throws; the
// environment variable passes it on to the journal's worker thread.
const compileCache = enableCompileCache();
if (compileCache.directory) process.env.NODE_COMPILE_CACHE ??= compileCache.directory;

type Command = (argv: string[]) => Promise<number>;

// Loaded only when chosen: `serve` alone pulls in the engine, Fastify and SQLite, which
// `hooktray --help` or `hooktray relay` should not wait for.
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./cli/serve.ts')).runServe,
  relay: async () => (await import('./cli/relay.ts')).runRelay,
  'catch-up': async () => (await import('./cli/catch-up.ts')).runCatchUp,
};

const USAGE = `Usage: hooktray <command> [options]

Commands:
  serve      Receive webhooks and run your recipes (see: hooktray serve --help)
  catch-up   Fetch what was missed while offline and run recipes for it (hooktray catch-up --help)
  relay      Run your own tunnel relay for a stable public URL (hooktray relay --help)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`hooktray: ${(error as Error).stack ?? String(error)}\n`);
    // Whatever the failed command left open (a listener, a worker thread) must not keep it running.
    process.exit(1);
  },
);
