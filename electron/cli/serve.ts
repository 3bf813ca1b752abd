// `hooktray serve`: its flags, checked before anything heavy loads, so --help and a mistyped
// flag answer at once; the engine, Fastify and SQLite load only to actually serve (serve-run.ts).
import { parseCommandArgs, usageError } from './args.ts';
import { SERVE_FLAGS, serveOptionsFrom } from './serve-options.ts';

const HELP = `Usage: hooktray serve [options]

  --data-dir DIR   where deliveries and runs are kept (default ~/.hooktray)
  --config FILE    settings file (JSON); default DIR/settings.json
  --host HOST      address of the webhook listener (default 127.0.0.1)
  --port N         port of the webhook listener; 0 picks a free one (default 8787)
  --tunnel P       public URL: localtunnel (default; settings tunnel.provider) or none
  --tunnel-host U  tunnel server, e.g. https://relay.example.com/<secret> (default https://localtunnel.me)
  --dashboard-port N  port of the loopback dashboard; 0 picks a free one (default 0)
  --no-dashboard   do not start the dashboard
  --json           print one JSON object per line (first: {"event":"ready",…})
  -h, --help       show this help
`;

export async function runServe(argv: string[]): Promise<number> {
  const args = parseCommandArgs({ args: argv, options: SERVE_FLAGS, strict: true, allowPositionals: false }, HELP);
  if (args.exit !== undefined) return args.exit;
  const options = serveOptionsFrom(args.values);
  if ('error' in options) return usageError(options.error);
  const { serve } = await import('./serve-run.ts');
  return serve(options);
}
