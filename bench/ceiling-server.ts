// The ceiling server started the way `npm run serve` starts Hooktray from its sources (through
// Node's TypeScript loader), so the memory baseline carries the same loader cost.
import './ceiling-server.mjs';
