import { createHash } from 'node:crypto';
import { ActionError, type ActionContext } from './action.ts';
import { requestJson, type JsonRequest, type JsonResponse } from './http-client.ts';

export interface SalesforceLogin {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken?: string | undefined;
}

interface Session {
  accessToken: string;
  instanceUrl: string;
}

/** Sessions by account, in memory: a token lives as long as the org's session timeout (2 h by default). */
const sessions = new Map<string, Promise<Session>>();

const accountOf = (login: SalesforceLogin) =>
  createHash('sha256')
    .update([login.loginUrl, login.clientId, login.clientSecret, login.refreshToken ?? ''].join('\n'))
    .digest('hex');

const TOKEN_REFUSED: Record<string, string> = {
  invalid_client_id: 'Salesforce does not know this consumer key: copy it again from Setup → App Manager → your app → View → Manage Consumer Details',
  invalid_client: 'Salesforce refused the consumer key or secret: copy both again from Setup → App Manager → your app → View → Manage Consumer Details',
  invalid_grant:
    'Salesforce refused to log in: in Setup → App Manager → your app, tick "Enable Client Credentials Flow" and, under Manage → Edit Policies, choose a Run As user (or, with a refresh token, make a new one)',
  unsupported_grant_type:
    'Salesforce does not allow this app to log in without a person: tick "Enable Client Credentials Flow" in Setup → App Manager → your app',
};

/**
 * Logs in to Salesforce as the owner's connected app: the client-credentials flow, or a refresh
 * token when one is given, at the owner's My Domain address. The answer names the instance the
 * API calls go to. A refusal (wrong key, flow not enabled) is permanent and says where to fix it.
 */
async function logIn(ctx: Pick<ActionContext<unknown>, 'services' | 'signal'>, login: SalesforceLogin): Promise<Session> {
  const form = new URLSearchParams(
    login.refreshToken
      ? { grant_type: 'refresh_token', refresh_token: login.refreshToken, client_id: login.clientId, client_secret: login.clientSecret }
      : { grant_type: 'client_credentials', client_id: login.clientId, client_secret: login.clientSecret },
  );
  const answer = await requestJson(ctx, {
    destination: 'Salesforce',
    method: 'POST',
    url: `${login.loginUrl.replace(/\/+$/, '')}/services/oauth2/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    expect: [400, 401],
    explain: { 404: 'Nothing answers at this Salesforce address: use your My Domain address, e.g. https://yourcompany.my.salesforce.com' },
    rateLimitWaitMs: 60_000,
  });
  const body = (answer.body ?? {}) as { access_token?: unknown; instance_url?: unknown; error?: unknown; error_description?: unknown };
  if (answer.status !== 200 || typeof body.access_token !== 'string' || typeof body.instance_url !== 'string') {
    const code = String(body.error ?? answer.status);
    throw new ActionError(
      'permanent',
      `${TOKEN_REFUSED[code] ?? 'Salesforce refused to log in'} (${code}${body.error_description ? `: ${String(body.error_description)}` : ''})`,
    );
  }
  return { accessToken: body.access_token, instanceUrl: body.instance_url.replace(/\/+$/, '') };
}

/**
 * One Salesforce API call with the account's session: logged in on first use, and again once
 * when Salesforce answers 401 (INVALID_SESSION_ID: the session timed out).
 */
export async function salesforceCall(
  ctx: Pick<ActionContext<unknown>, 'services' | 'signal'>,
  login: SalesforceLogin,
  request: Omit<JsonRequest, 'destination' | 'url' | 'headers'> & { path: string },
): Promise<JsonResponse> {
  const account = accountOf(login);
  const { path, ...rest } = request;
  for (let tries = 0; ; tries++) {
    let session = sessions.get(account);
    if (!session) {
      session = logIn(ctx, login);
      sessions.set(account, session);
      session.catch(() => sessions.delete(account));
    }
    const { accessToken, instanceUrl } = await session;
    const answer = await requestJson(ctx, {
      destination: 'Salesforce',
      url: `${instanceUrl}${path}`,
      headers: { authorization: `Bearer ${accessToken}` },
      rateLimitWaitMs: 60_000,
      ...rest,
      expect: [...(rest.expect ?? []), 401],
    });
    if (answer.status !== 401) return answer;
    if (sessions.get(account) === session) sessions.delete(account);
    if (tries >= 1)
      throw new ActionError(
        'permanent',
        'Salesforce refused a fresh session (401): check that the app’s Run As user may use the API (profile permission "API Enabled").',
      );
  }
}
