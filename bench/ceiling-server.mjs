// The ceiling for the ingest and memory benchmarks: a bare Fastify 5 server that parses JSON
// and answers 200. Plain JS so the bundle's baseline runs it as is; ceiling-server.ts runs it
// through the TypeScript loader, as the sources run.
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
app.post('/h/:source/:token', async (req) => ({ ok: true, got: typeof req.body }));
const port = Number(process.argv[2] ?? 0);
await app.listen({ host: '127.0.0.1', port });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ event: 'ready', port: typeof address === 'object' && address ? address.port : port })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
