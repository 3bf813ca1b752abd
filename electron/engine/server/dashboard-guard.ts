import { timingSafeEqual } from 'node:crypto';

/**
 * Who may talk to the dashboard: it listens on loopback only, and a web page the owner happens
 * to visit could still send requests to it. So the Host header must name our loopback address
 * (DNS rebinding), an Origin, when a browser sends one, must be our own, and every /api/ call
 * carries the random token printed at start.
 */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host !== undefined && [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host.toLowerCase());
}

export function originAllowed(origin: string | undefined, host: string): boolean {
  return origin === undefined || origin === `http://${host.toLowerCase()}`;
}

export function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearer(authorization: string | undefined): string | undefined {
  return /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
}

/** The page's Content-Security-Policy: nothing inline, nothing from elsewhere. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
