/**
 * Why the public address is down, in an owner's words. The tunnel's own messages name error
 * codes and servers ("cannot reach https://localtunnel.me (ENOTFOUND)"); those stay available
 * as the detail (status, log, `serve --json`), while the tray and Home show the sentence.
 */
export function plainProblem(raw: string, server: string): string {
  const host = hostOf(server);
  const code = /\b(E[A-Z_]{3,}|[A-Z_]*CERT[A-Z_]*|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\b/.exec(raw)?.[1];
  const service = `the public-address service (${host})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH' || code === 'ENETDOWN') {
    return `This computer cannot reach ${service}: is it connected to the internet?`;
  }
  if (code === 'ECONNREFUSED') return `${capital(service)} is not accepting connections right now.`;
  if (code === 'ECONNRESET' || code === 'EPIPE' || /\bbroke\b/.test(raw)) return `The connection to ${service} dropped.`;
  if (code && /CERT|UNABLE_TO_VERIFY/.test(code)) return `${capital(service)} has a certificate this computer does not trust.`;
  if (code === 'ETIMEDOUT' || /did not (answer|open)|in time|within \d/.test(raw)) {
    return raw.includes('public URL')
      ? 'Your public address stopped answering: messages from your shops may not reach this computer.'
      : `${capital(service)} is not answering.`;
  }
  const refused = /refused the tunnel: (.*)$/.exec(raw)?.[1];
  if (refused !== undefined) {
    if (/\b429\b/.test(refused)) return `${capital(service)} is limiting how often Hooktray may reconnect; it will try again.`;
    if (/\b50[234]\b|unavailable/i.test(refused)) return `${capital(service)} is having an outage.`;
    if (/\b40[13]\b|secret|forbidden|not allowed/i.test(refused))
      return `${capital(service)} refused Hooktray: check the server address in Settings → Public address (it may need its secret).`;
    return `${capital(service)} refused Hooktray.`;
  }
  if (/not look like a localtunnel server/.test(raw)) return `The server address in Settings → Public address (${host}) does not give out public addresses.`;
  if (/not through this computer/.test(raw)) return 'Your public address is being answered by another computer, not this one.';
  if (/public URL answered \d+/.test(raw)) return 'Your public address stopped reaching this computer.';
  if (/public URL could not be reached/.test(raw)) return 'Your public address cannot be reached from the internet right now.';
  return `The public address is down.`;
}

function hostOf(server: string): string {
  try {
    return new URL(server).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return server;
  }
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
