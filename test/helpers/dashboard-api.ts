/**
 * Calls the dashboard's API as the window does: POST /api/<op> with the token from the
 * dashboard's address. A call the engine refuses fails the test with the engine's answer.
 */
export function dashboardApi(dashboard: string): <T>(op: string, args?: unknown) => Promise<T> {
  const url = new URL(dashboard);
  const token = url.hash.replace('#token=', '');
  return async <T>(op: string, args: unknown = {}) => {
    const res = await fetch(new URL(`/api/${op}`, url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
    const body: unknown = await res.json();
    if (!res.ok) throw new Error(`${op} answered ${res.status}: ${JSON.stringify(body)}`);
    return body as T;
  };
}
