import { startContractServer, type Recorded, type Reply } from './contract-server.ts';

export const TRELLO_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const TRELLO_TOKEN = 'ATTAf0e1d2c3b4a5968778695a4b3c2d1e0f0e1d2c3b4a5968778695a4b3c2d1e0';
export const TRELLO_BOARD = '5f1a2b3c4d5e6f7a8b9c0d1e';
export const TRELLO_LIST = '5f1a2b3c4d5e6f7a8b9c0d2f';

let ids = 0;
const trelloId = () => (0x60000000 + ++ids).toString(16).padStart(24, '0');

/**
 * Trello's REST API for cards as documented: `key` and `token` as query parameters (401 "invalid
 * token" otherwise); boards and lists to pick from; `POST /1/cards` with `idList` required (400
 * "invalid value for idList"), `name`, `desc` (at most 16384), `due`, `pos`, `urlSource`; the
 * cards of a list. 429 with `API_TOKEN_LIMIT_EXCEEDED` and no Retry-After when injected.
 * `faults.loseCreateAnswers`: the next n cards are made but answered 504.
 */
export async function startTrello() {
  const cards: { id: string; idList: string; name: string; desc: string; due: string | null; urlSource?: string }[] = [];
  const faults = { loseCreateAnswers: 0 };
  const server = await startContractServer((req: Recorded): Reply => {
    if (req.query.get('key') !== TRELLO_KEY) return { status: 401, body: 'invalid key' };
    if (req.query.get('token') !== TRELLO_TOKEN) return { status: 401, body: 'invalid token' };
    if (req.method === 'GET' && req.path === '/1/members/me/boards') return { status: 200, body: [{ id: TRELLO_BOARD, name: 'Support' }] };
    if (req.method === 'GET' && req.path === `/1/boards/${TRELLO_BOARD}/lists`)
      return {
        status: 200,
        body: [
          { id: TRELLO_LIST, name: 'Inbox' },
          { id: '5f1a2b3c4d5e6f7a8b9c0d30', name: 'Done' },
        ],
      };
    const listCards = /^\/1\/lists\/([0-9a-f]{24})\/cards$/.exec(req.path);
    if (req.method === 'GET' && listCards)
      return listCards[1] === TRELLO_LIST
        ? { status: 200, body: cards.filter((c) => c.idList === TRELLO_LIST).map((c) => ({ id: c.id, desc: c.desc })) }
        : { status: 404, body: 'The requested resource was not found.' };
    if (req.method === 'POST' && req.path === '/1/cards') {
      const body = (req.json ?? {}) as Record<string, unknown>;
      const unknown = Object.keys(body).filter(
        (k) => !['idList', 'name', 'desc', 'pos', 'due', 'dueComplete', 'idMembers', 'idLabels', 'urlSource'].includes(k),
      );
      if (unknown.length) return { status: 400, body: `invalid value for ${unknown[0]}` };
      if (body.idList !== TRELLO_LIST) return { status: 400, body: 'invalid value for idList' };
      if (typeof body.name !== 'string' || typeof body.desc !== 'string' || body.desc.length > 16384) return { status: 400, body: 'invalid value for desc' };
      if (body.due !== undefined && (typeof body.due !== 'string' || Number.isNaN(Date.parse(body.due)))) return { status: 400, body: 'invalid value for due' };
      if (body.urlSource !== undefined && !/^https?:\/\//.test(String(body.urlSource))) return { status: 400, body: 'invalid value for urlSource' };
      const card = {
        id: trelloId(),
        idList: TRELLO_LIST,
        name: body.name,
        desc: body.desc,
        due: (body.due as string | undefined) ?? null,
        ...(body.urlSource ? { urlSource: String(body.urlSource) } : {}),
      };
      cards.push(card);
      if (faults.loseCreateAnswers > 0 && faults.loseCreateAnswers--) return { status: 504, body: 'Gateway Timeout' };
      return { status: 200, body: { ...card, shortUrl: `https://trello.com/c/${card.id.slice(-8)}` } };
    }
    return { status: 404, body: 'Cannot find route' };
  });
  return { ...server, cards, faults };
}

export const ASANA_TOKEN = '2/1203000000000001/1206000000000002:0a1b2c3d4e5f60718293a4b5c6d7e8f9';
export const ASANA_PROJECT = '1206000000000100';

const asanaError = (status: number, message: string): Reply => ({
  status,
  body: {
    errors: [
      { message, help: 'For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors' },
    ],
  },
});

/**
 * Asana's API for tasks as documented: a personal access token as Bearer (401 "Not Authorized"
 * otherwise); workspaces and projects paged with `limit` and `next_page.offset`; `POST
 * /api/1.0/tasks` with `{data: {name, notes, projects, due_on}}` (400 "workspace: Missing input"
 * without a project or workspace, 404 for an unknown project), answered 201; `GET /tasks?project=…
 * &modified_since=…`. 429 with Retry-After when injected. `faults.loseCreateAnswers` as Trello's.
 */
export async function startAsana() {
  const tasks: { gid: string; name: string; notes: string; projects: string[]; due_on: string | null; modifiedAt: number }[] = [];
  const faults = { loseCreateAnswers: 0 };
  const projects = Array.from({ length: 130 }, (_, i) => ({ gid: String(1206000000000100 + i), name: i === 0 ? 'Customer support' : `Project ${i}` }));
  const server = await startContractServer((req: Recorded): Reply => {
    if (req.headers.authorization !== `Bearer ${ASANA_TOKEN}`) return asanaError(401, 'Not Authorized');
    const limit = Number(req.query.get('limit') ?? 20);
    if (req.method === 'GET' && req.path === '/api/1.0/workspaces')
      return { status: 200, body: { data: [{ gid: '1203000000000001', name: 'Berg Bakery', resource_type: 'workspace' }], next_page: null } };
    if (req.method === 'GET' && req.path === '/api/1.0/projects') {
      if (req.query.get('workspace') !== '1203000000000001') return asanaError(400, 'workspace: Not a recognized ID');
      if (!(limit >= 1 && limit <= 100)) return asanaError(400, 'limit: Must be between 1 and 100');
      const from = Number(req.query.get('offset') ?? 0);
      const page = projects.slice(from, from + limit);
      const next = from + limit < projects.length ? { offset: String(from + limit), path: '/projects', uri: 'https://app.asana.com/api/1.0/projects' } : null;
      return { status: 200, body: { data: page.map((p) => ({ ...p, resource_type: 'project' })), next_page: next } };
    }
    if (req.method === 'GET' && req.path === '/api/1.0/tasks') {
      const project = req.query.get('project');
      if (!project) return asanaError(400, 'Must specify exactly one of project, tag, section, user task list, or assignee + workspace');
      const since = Date.parse(req.query.get('modified_since') ?? '1970-01-01T00:00:00Z');
      return {
        status: 200,
        body: {
          data: tasks.filter((t) => t.projects.includes(project) && t.modifiedAt >= since).map((t) => ({ gid: t.gid, notes: t.notes })),
          next_page: null,
        },
      };
    }
    if (req.method === 'POST' && req.path === '/api/1.0/tasks') {
      const data = (req.json as { data?: Record<string, unknown> } | undefined)?.data;
      if (!data || typeof data !== 'object') return asanaError(400, 'data: Missing input');
      const list = Array.isArray(data.projects) ? data.projects.map(String) : [];
      if (!list.length && !data.workspace) return asanaError(400, 'workspace: Missing input');
      if (list.some((p) => !projects.some((q) => q.gid === p))) return asanaError(404, 'project: Not a recognized ID');
      if (data.due_on !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(data.due_on))) return asanaError(400, 'due_on: Must be a date (YYYY-MM-DD)');
      const task = {
        gid: String(1207000000000000 + tasks.length),
        name: String(data.name ?? ''),
        notes: String(data.notes ?? ''),
        projects: list,
        due_on: (data.due_on as string | undefined) ?? null,
        modifiedAt: Date.now(),
      };
      tasks.push(task);
      if (faults.loseCreateAnswers > 0 && faults.loseCreateAnswers--) return { status: 504, body: 'Gateway Timeout' };
      return {
        status: 201,
        body: {
          data: {
            gid: task.gid,
            resource_type: 'task',
            name: task.name,
            notes: task.notes,
            due_on: task.due_on,
            permalink_url: `https://app.asana.com/0/${list[0]}/${task.gid}`,
          },
        },
      };
    }
    return asanaError(404, 'No matching route for request');
  });
  return { ...server, tasks, faults };
}
