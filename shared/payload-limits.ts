/**
 * How much structure one delivery may carry. Real platforms nest their data fewer than 10
 * levels deep and send a few thousand values at most; a body far past that is an attack on the
 * parts of JavaScript that recurse (JSON.stringify, structured clone between threads, Liquid),
 * which can overflow the stack of whoever touches it next. So it is refused at intake, before
 * anything is stored, and a stored one (from before these limits) fails only its own runs.
 */
export const PAYLOAD_LIMITS = {
  /** Levels of objects and arrays inside one another. */
  depth: 64,
  /** Values in all objects and arrays together. */
  values: 100_000,
} as const;

export type PayloadLimits = { readonly depth: number; readonly values: number };

export type ShapeProblem = { limit: 'depth'; max: number } | { limit: 'values'; max: number };

/**
 * The first limit `value` goes past, or undefined. Iterative (an explicit stack), so a body
 * nested a million levels deep is measured without recursing, and it stops at the first excess.
 */
export function payloadShapeProblem(value: unknown, limits: PayloadLimits = PAYLOAD_LIMITS): ShapeProblem | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const stack: [object, number][] = [[value, 1]];
  let values = 0;
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > limits.depth) return { limit: 'depth', max: limits.depth };
    const children = Array.isArray(node) ? (node as unknown[]) : Object.values(node);
    values += children.length;
    if (values > limits.values) return { limit: 'values', max: limits.values };
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return undefined;
}

/** What is wrong, for the owner: "This Mailchimp delivery nests its data more than 64 levels deep; …". */
export function describeShapeProblem(problem: ShapeProblem, platform?: string): string {
  const max = problem.max.toLocaleString('en');
  const what = platform ? `This ${platform} delivery` : 'This delivery';
  return problem.limit === 'depth'
    ? `${what} nests its data more than ${max} levels deep; Hooktray accepts at most ${max} (real deliveries use fewer than 10).`
    : `${what} holds more than ${max} values; Hooktray accepts at most ${max} in one delivery.`;
}
