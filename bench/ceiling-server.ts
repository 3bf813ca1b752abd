// The ceiling for the ingest benchmark: a bare Fastify 5 server that parses JSON and answers 200.
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
app.post('/h/:source/:token', async (req) => ({ ok: true, got: typeof req.body }));
const port = Number(process.argv[2] ?? 0);
await app.listen({ host: '127.0.0.1', port });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ event: 'ready', port: typeof address === 'object' && address ? address.port : port })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
