import { startContractServer, type Recorded, type Reply } from './contract-server.ts';

export const CLINCHPAD_KEY = 'cp-0123456789abcdef';
export const CLINCHPAD_PIPELINE = '52cf8c0bcce8b4c375000008';

/**
 * ClinchPad's v1 API (under /api/v1) as documented and as existing integrations use it: Basic
 * auth with user "api-key" and the key as password; POST /contacts {name, email, phone};
 * POST /leads with `name` and `pipeline_id` required (a known pipeline) and a numeric `size`;
 * POST /leads/{lead}/contacts/{contact}; POST /leads/{lead}/notes {content}. Ids are 24-hex.
 */
export async function startClinchPad() {
  const contacts = new Map<string, { _id: string; name: string; email?: string; phone?: string }>();
  const leads = new Map<string, { _id: string; name: string; size?: number; pipeline: string; contacts: string[]; notes: string[] }>();
  let counter = 0;
  const id = () => `52cf${String(++counter).padStart(20, '0')}`;
  const expectedAuth = `Basic ${Buffer.from(`api-key:${CLINCHPAD_KEY}`).toString('base64')}`;
  const bad = (message: string): Reply => ({ status: 400, body: { error: message } });

  const server = await startContractServer((req: Recorded): Reply => {
    if (req.headers.authorization !== expectedAuth) return { status: 401, body: 'Unauthorized' };
    const path = req.path.replace(/^\/api\/v1/, '');
    if (req.method !== 'POST' || path === req.path) return { status: 404, body: { error: 'Not found' } };
    const body = (req.json ?? {}) as Record<string, unknown>;
    if (req.text && !/^application\/json/.test(req.headers['content-type'] ?? '')) return bad('expected JSON');
    if (path === '/contacts') {
      if (typeof body.name !== 'string' || !body.name) return bad('name is required');
      const contact = {
        _id: id(),
        name: body.name,
        ...(typeof body.email === 'string' ? { email: body.email } : {}),
        ...(typeof body.phone === 'string' ? { phone: body.phone } : {}),
      };
      contacts.set(contact._id, contact);
      return { status: 200, body: contact };
    }
    if (path === '/leads') {
      if (typeof body.name !== 'string' || !body.name) return bad('name is required');
      if (typeof body.pipeline_id !== 'string') return bad('pipeline_id is required');
      if (body.pipeline_id !== CLINCHPAD_PIPELINE) return { status: 404, body: { error: 'Pipeline not found' } };
      if (body.size !== undefined && typeof body.size !== 'number') return bad('size must be numeric');
      const lead = {
        _id: id(),
        name: body.name,
        ...(typeof body.size === 'number' ? { size: body.size } : {}),
        pipeline: body.pipeline_id,
        contacts: [],
        notes: [],
      };
      leads.set(lead._id, lead);
      return {
        status: 200,
        body: { _id: lead._id, name: lead.name, size: lead.size, stage: { _id: 'stage-1', name: 'Lead' }, pipe: { _id: lead.pipeline, name: 'Default' } },
      };
    }
    const link = /^\/leads\/([0-9a-f]{24})\/contacts\/([0-9a-f]{24})$/.exec(path);
    if (link) {
      const lead = leads.get(link[1]!);
      if (!lead || !contacts.has(link[2]!)) return { status: 404, body: { error: 'Lead or contact not found' } };
      if (!lead.contacts.includes(link[2]!)) lead.contacts.push(link[2]!);
      return { status: 200, body: { _id: lead._id, contacts: lead.contacts.map((c) => contacts.get(c)) } };
    }
    const note = /^\/leads\/([0-9a-f]{24})\/notes$/.exec(path);
    if (note) {
      const lead = leads.get(note[1]!);
      if (!lead) return { status: 404, body: { error: 'Lead not found' } };
      if (typeof body.content !== 'string' || !body.content) return bad('content is required');
      lead.notes.push(body.content);
      return { status: 200, body: { _id: id(), content: body.content } };
    }
    return { status: 404, body: { error: 'Not found' } };
  });
  return { ...server, contacts, leads };
}
