import { createHash } from 'node:crypto';
import { startContractServer, type Recorded, type Reply } from './contract-server.ts';

export const MAILCHIMP_KEY = '0123456789abcdef0123456789abcdef-us21';
export const MAILCHIMP_LIST = 'a6b5da1054';

export interface Member {
  email: string;
  status: 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending' | 'transactional' | 'forgotten';
  merge: Record<string, string>;
  tags: string[];
}

const problem = (status: number, title: string, detail: string): Reply => ({
  status,
  body: { type: 'https://mailchimp.com/developer/marketing/docs/errors/', title, status, detail, instance: 'test' },
  headers: { 'content-type': 'application/problem+json' },
});
const STATUSES = ['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional'];
const MERGE_FIELDS = ['FNAME', 'LNAME', 'PHONE', 'ADDRESS', 'BIRTHDAY'];

/**
 * Mailchimp's Marketing API 3.0 for audience members, as documented: HTTP Basic with any user
 * name and the API key as password; `PUT /3.0/lists/{list}/members/{md5 of the lower-cased email}`
 * adds or updates (`status_if_new` for a new member, `status` changes an existing one); merge
 * fields must exist in the audience; an unsubscribed or cleaned member is not subscribed again
 * (400 "Member In Compliance State"), a forgotten one never ("Forgotten Email Not Subscribed");
 * `POST …/members/{hash}/tags` answers 204. `faults.losePutAnswers`: the next n PUTs are stored
 * but answered 504, so the caller cannot know they worked.
 */
export async function startMailchimp() {
  const members = new Map<string, Member>();
  const faults = { losePutAnswers: 0 };
  const server = await startContractServer((req: Recorded): Reply => {
    const auth = /^Basic (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const password = auth ? Buffer.from(auth, 'base64').toString().split(':').slice(1).join(':') : undefined;
    if (password !== MAILCHIMP_KEY)
      return problem(401, 'API Key Invalid', 'Your API key may be invalid, or you\u2019ve attempted to access the wrong datacenter.');
    if (req.method === 'GET' && req.path === '/3.0/lists') {
      return {
        status: 200,
        body: {
          lists: [
            { id: MAILCHIMP_LIST, name: 'Newsletter', stats: { member_count: members.size } },
            { id: 'b7c6eb2165', name: 'Wholesale', stats: { member_count: 0 } },
          ],
          total_items: 2,
        },
      };
    }
    const m = /^\/3\.0\/lists\/([^/]+)\/members\/([0-9a-f]{32})(\/tags)?$/.exec(req.path);
    if (!m) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    if (m[1] !== MAILCHIMP_LIST) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    const hash = m[2]!;
    const existing = members.get(hash);
    if (m[3]) {
      if (req.method !== 'POST') return problem(405, 'Method Not Allowed', 'The requested method and resource are not compatible.');
      const tags = (req.json as { tags?: { name?: unknown; status?: unknown }[] } | undefined)?.tags;
      if (!Array.isArray(tags) || tags.some((t) => typeof t.name !== 'string' || !['active', 'inactive'].includes(String(t.status))))
        return problem(400, 'Invalid Resource', 'tags must be [{name, status: active|inactive}]');
      if (!existing || existing.status === 'forgotten') return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
      for (const t of tags) if (t.status === 'active' && !existing.tags.includes(String(t.name))) existing.tags.push(String(t.name));
      return { status: 204 };
    }
    if (req.method === 'GET') {
      if (!existing || existing.status === 'forgotten') return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
      return { status: 200, body: { id: hash, email_address: existing.email, status: existing.status } };
    }
    if (req.method !== 'PUT') return problem(405, 'Method Not Allowed', 'The requested method and resource are not compatible.');
    if (!/^application\/json/.test(req.headers['content-type'] ?? ''))
      return problem(400, 'Invalid Resource', 'The resource submitted could not be validated.');
    const body = req.json as { email_address?: unknown; status?: unknown; status_if_new?: unknown; merge_fields?: Record<string, unknown> } | undefined;
    if (typeof body?.email_address !== 'string') return problem(400, 'Invalid Resource', 'email_address: Schema describes string, NULL found instead');
    if (createHash('md5').update(body.email_address.toLowerCase()).digest('hex') !== hash)
      return problem(400, 'Invalid Resource', 'The subscriber hash does not match the email address.');
    for (const key of ['status', 'status_if_new'] as const)
      if (body[key] !== undefined && !STATUSES.includes(String(body[key]))) return problem(400, 'Invalid Resource', `${key} is not valid`);
    const unknownMerge = Object.keys(body.merge_fields ?? {}).filter((k) => !MERGE_FIELDS.includes(k));
    if (unknownMerge.length) return problem(400, 'Invalid Resource', `Your merge fields were invalid: ${unknownMerge.join(', ')}`);
    const merge = Object.fromEntries(Object.entries(body.merge_fields ?? {}).map(([k, v]) => [k, String(v)]));
    let member: Member;
    if (existing?.status === 'forgotten')
      return problem(
        400,
        'Forgotten Email Not Subscribed',
        `${body.email_address} was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.`,
      );
    if (existing) {
      const wanted = body.status ?? body.status_if_new;
      if ((existing.status === 'unsubscribed' || existing.status === 'cleaned') && (wanted === 'subscribed' || wanted === 'pending')) {
        return problem(
          400,
          'Member In Compliance State',
          `${body.email_address} is already a list member in compliance state due to unsubscribe, bounce, or compliance review.`,
        );
      }
      member = existing;
      if (typeof body.status === 'string') member.status = body.status as Member['status'];
      Object.assign(member.merge, merge);
    } else {
      const status = body.status_if_new ?? body.status;
      if (typeof status !== 'string') return problem(400, 'Invalid Resource', 'status_if_new is required for a new member');
      member = { email: body.email_address, status: status as Member['status'], merge, tags: [] };
      members.set(hash, member);
    }
    if (faults.losePutAnswers > 0 && faults.losePutAnswers--) return { status: 504, body: '<html><body>504 Gateway Time-out</body></html>' };
    return { status: 200, body: { id: hash, email_address: member.email, status: member.status, merge_fields: member.merge, list_id: MAILCHIMP_LIST } };
  });
  const add = (email: string, status: Member['status']) =>
    members.set(createHash('md5').update(email.toLowerCase()).digest('hex'), { email, status, merge: {}, tags: [] });
  return { ...server, members, faults, add };
}
