import { describe, expect, it } from 'vitest';
import type { ActionError } from '../../../electron/engine/actions/action.ts';
import { mailchimp, memberHash } from '../../../electron/engine/actions/mailchimp.ts';
import type { HooktrayEvent } from '../../../shared/events.ts';
import { runAction } from '../../helpers/destinations/action-context.ts';
import { MAILCHIMP_KEY, MAILCHIMP_LIST, startMailchimp } from '../../helpers/destinations/mailchimp.ts';
import { startEngine } from '../../helpers/engine.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { waitUntil } from '../../helpers/wait.ts';

const recipe = 'form-mailchimp';
const settings = (url: string, extra: Record<string, unknown> = {}) => ({ apiKey: MAILCHIMP_KEY, listId: MAILCHIMP_LIST, baseUrl: url, ...extra });
function entry(email: string, name = 'Jane Example'): HooktrayEvent {
  return {
    type: 'form.submitted',
    source: 'form',
    platformEvent: 'form',
    key: `form:${email}`,
    occurredAt: '2026-11-20T10:00:00.000Z',
    summary: `Form sent by ${name}`,
    person: { name, email, phone: '+49 30 1234' },
    form: { message: 'Hi', fields: {} },
    data: {},
  };
}

describe('Mailchimp action against a Mailchimp contract server', () => {
  it('subscribes a new person by the hash of the lower-cased email, with name, phone and tags', async () => {
    const mc = await startMailchimp();
    const result = await runAction(mailchimp, settings(mc.url, { tags: 'website, 2026' }), { recipe, event: entry('Jane.Example@Example.com') });
    expect(result.detail).toBe('jane.example@example.com subscribed to the audience');
    const hash = memberHash('jane.example@example.com');
    expect(mc.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `GET /3.0/lists/${MAILCHIMP_LIST}/members/${hash} 404`,
      `PUT /3.0/lists/${MAILCHIMP_LIST}/members/${hash} 200`,
      `POST /3.0/lists/${MAILCHIMP_LIST}/members/${hash}/tags 204`,
    ]);
    expect(mc.requests[1]!.json).toEqual({
      email_address: 'jane.example@example.com',
      status_if_new: 'subscribed',
      merge_fields: { FNAME: 'Jane', LNAME: 'Example', PHONE: '+49 30 1234' },
    });
    expect(mc.members.get(hash)).toMatchObject({ status: 'subscribed', tags: ['website', '2026'] });
  });

  it('double opt-in: the new person waits for the confirmation email Mailchimp sends, and the run says so', async () => {
    const mc = await startMailchimp();
    expect((await runAction(mailchimp, settings(mc.url, { optIn: 'double' }), { recipe, event: entry('new@example.com') })).detail).toBe(
      'new@example.com added: Mailchimp emailed them a link to confirm',
    );
    expect([...mc.members.values()][0]!.status).toBe('pending');
    expect((await runAction(mailchimp, settings(mc.url, { optIn: 'double' }), { recipe, event: entry('new@example.com') })).detail).toBe(
      'new@example.com still has to confirm the email Mailchimp sent them',
    );
  });

  it('never subscribes someone who unsubscribed or was forgotten, and says so in the result', async () => {
    const mc = await startMailchimp();
    mc.add('gone@example.com', 'unsubscribed');
    mc.add('erased@example.com', 'forgotten');
    expect((await runAction(mailchimp, settings(mc.url, { tags: 'website' }), { recipe, event: entry('gone@example.com') })).detail).toBe(
      'gone@example.com unsubscribed from this audience earlier (or Mailchimp holds them back), so they were not subscribed again',
    );
    expect((await runAction(mailchimp, settings(mc.url), { recipe, event: entry('erased@example.com') })).detail).toMatch(
      /permanently removed from this audience at their request/,
    );
    expect(mc.members.get(memberHash('gone@example.com'))).toMatchObject({ status: 'unsubscribed', tags: [] });
    expect(mc.requests.filter((r) => r.path.endsWith('/tags'))).toHaveLength(0);
  });

  it('explains a wrong key (permanent, never in the message), a wrong audience, and honours 429 Retry-After', async () => {
    const mc = await startMailchimp();
    const wrongKey = 'ffffffffffffffffffffffffffffffff-us21';
    const refused = (await runAction(mailchimp, settings(mc.url, { apiKey: wrongKey }), { recipe, event: entry('a@example.com') }).catch(
      (e: unknown) => e,
    )) as ActionError;
    expect([refused.kind, refused.message]).toEqual(['permanent', expect.stringMatching(/^Mailchimp refused the API key: .*Profile → Extras → API keys/)]);
    expect(refused.message).not.toContain(wrongKey);
    const list = (await runAction(mailchimp, settings(mc.url, { listId: 'nope' }), { recipe, event: entry('a@example.com') }).catch(
      (e: unknown) => e,
    )) as ActionError;
    expect([list.kind, list.message]).toEqual(['permanent', expect.stringMatching(/does not know this audience/)]);
    mc.inject({ status: 429, headers: { 'retry-after': '7' }, body: { title: 'Too Many Requests', status: 429 } });
    const limited = (await runAction(mailchimp, settings(mc.url), { recipe, event: entry('a@example.com') }).catch((e: unknown) => e)) as ActionError;
    expect([limited.kind, limited.rateLimited, limited.retryAfterMs]).toEqual(['transient', true, 7000]);
    expect(() => mailchimp.settings.parse(settings(mc.url, { apiKey: 'pat-na1-123' }))).toThrow(/not a Mailchimp API key/);
  });

  it('lists the audiences for the wizard with the key alone', async () => {
    const mc = await startMailchimp();
    const choices = await mailchimp.choices!(
      'listId',
      { apiKey: MAILCHIMP_KEY, baseUrl: mc.url },
      { services: { fetch } as never, signal: AbortSignal.timeout(5000) },
    );
    expect(choices).toEqual([
      { value: MAILCHIMP_LIST, label: 'Newsletter (0 contacts)' },
      { value: 'b7c6eb2165', label: 'Wholesale (0 contacts)' },
    ]);
  });

  it('website form → Mailchimp in the engine: five entries at once for one person, lost answers, 429 and 503, a redelivery: one member, every entry once', async () => {
    const mc = await startMailchimp();
    const { engine, webhooks } = await startEngine(
      { runner: { baseDelayMs: 50, maxDelayMs: 200 }, recipes: [{ recipe, settings: settings(mc.url) }] },
      { dataDir: tempDir() },
    );
    mc.faults.losePutAnswers = 2;
    mc.inject({ status: 503, body: 'Service Unavailable' });
    mc.injectWhen((r) => r.method === 'PUT', { status: 429, headers: { 'retry-after': '1' }, body: { title: 'Too Many Requests', status: 429 } });
    const post = (i: number) =>
      fetch(webhooks.form!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ name: 'Mia Rossi', email: 'MIA@example.com', message: `Entry ${i}` }).toString(),
      }).then((r) => r.json());
    const answers = await Promise.all([1, 2, 3, 4, 5].map(post));
    expect(answers.map((a) => (a as { runs: number }).runs)).toEqual([1, 1, 1, 1, 1]);
    expect(await post(3)).toMatchObject({ duplicate: true, runs: 0 });
    const { runs } = engine.state;
    await waitUntil(() => runs.list({ status: 'succeeded' }).length === 5, 'all five runs to succeed', 30_000);
    expect(mc.members.size).toBe(1);
    expect([...mc.members.values()][0]).toMatchObject({ email: 'mia@example.com', status: 'subscribed', merge: { FNAME: 'Mia', LNAME: 'Rossi' } });
    expect(runs.list().filter((r) => r.attempts > 1).length).toBeGreaterThan(0);
    // A run whose answer was lost finds the member its first try made on the next one.
    for (const run of runs.list()) expect(run.detail).toMatch(/^mia@example\.com (subscribed to the audience|was already in the audience \(updated\))$/);
  }, 40_000);
});
