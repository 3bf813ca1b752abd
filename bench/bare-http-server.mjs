// The ceiling for the relay's kept-ingest benchmark: a bare node:http server that reads each
// body and answers 200 {"kept":true}, as the relay does, without storing anything.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': 13 });
    res.end('{"kept":true}');
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ event: 'ready', port: server.address().port })}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
