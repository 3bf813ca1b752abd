/**
 * Shopify's requested query cost, computed the way its docs describe it: scalars and enums cost
 * 0, an object 1 plus its fields, a connection or list sized by `first`/`last` costs 2 plus that
 * many times one node (pageInfo is part of the 2). Mutations cost 10. The result is what Shopify
 * reserves from the bucket before running the query, and refuses above 1,000 (MAX_COST_EXCEEDED).
 */
export const SINGLE_QUERY_MAX_COST = 1000;

interface Field {
  name: string;
  args: string;
  children: Field[];
}

export function requestedQueryCost(query: string, variables: Record<string, unknown> = {}): number {
  const text = query.replace(/#[^\n]*/g, '');
  const open = text.indexOf('{');
  if (open < 0) throw new Error('no selection set');
  const head = text.slice(0, open).trim();
  const { fields } = parseSelection(text, open + 1);
  if (/^mutation\b/.test(head)) return 10;
  return fields.reduce((sum, f) => sum + fieldCost(f, variables), 0);
}

function fieldCost(field: Field, variables: Record<string, unknown>): number {
  if (!field.children.length) return 0;
  const size = sizeArgument(field.args, variables);
  if (size === undefined) return 1 + field.children.reduce((sum, c) => sum + fieldCost(c, variables), 0);
  const nodes = field.children.find((c) => c.name === 'nodes') ?? field.children.find((c) => c.name === 'edges')?.children.find((c) => c.name === 'node');
  const node = nodes ? nodes.children : field.children;
  return 2 + size * (1 + node.reduce((sum, c) => sum + fieldCost(c, variables), 0));
}

function sizeArgument(args: string, variables: Record<string, unknown>): number | undefined {
  const match = /\b(?:first|last)\s*:\s*(\$?\w+)/.exec(args);
  if (!match) return undefined;
  const value = match[1]!.startsWith('$') ? variables[match[1]!.slice(1)] : match[1];
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`first/last must be a whole number, got ${String(value)}`);
  return n;
}

/** Parses fields up to the matching "}" starting at `from`; returns them and where it stopped. */
function parseSelection(text: string, from: number): { fields: Field[]; end: number } {
  const fields: Field[] = [];
  let i = from;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s|,/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '}') return { fields, end: i + 1 };
    const name = /^[A-Za-z_][\w]*(?:\s*:\s*[A-Za-z_][\w]*)?/.exec(text.slice(i));
    if (!name) throw new Error(`unexpected "${ch}" at ${i}`);
    i += name[0].length;
    const field: Field = { name: name[0].split(':').pop()!.trim(), args: '', children: [] };
    while (/\s/.test(text[i] ?? '')) i++;
    if (text[i] === '(') {
      const close = text.indexOf(')', i);
      field.args = text.slice(i + 1, close);
      i = close + 1;
      while (/\s/.test(text[i] ?? '')) i++;
    }
    if (text[i] === '{') {
      const inner = parseSelection(text, i + 1);
      field.children = inner.fields;
      i = inner.end;
    }
    fields.push(field);
  }
  return { fields, end: i };
}
