import { platform, type SourceId } from '../../shared/sources.ts';
import type { TunnelStatus } from '../../shared/tunnel.ts';

/** What the first-hour checklist is worked out from (the stores' caches of engine state). */
export interface FirstRunFacts {
  source: SourceId;
  tunnel: TunnelStatus | undefined;
  /** The platform's saved values as settings.get shows them: each secret only as true when set. */
  saved: Record<string, string | boolean>;
  enabled: { id: string; title: string }[];
  /** Recipe instances with a run that succeeded (a passed test, or a real one). */
  worked: ReadonlySet<string>;
  /** Whether a delivery from a platform itself was ever accepted. */
  received: boolean;
}

export interface FirstRunStep {
  id: 'online' | 'key' | 'recipe' | 'test' | 'delivery';
  title: string;
  /** Where and how it is done, naming the platform's own page. */
  how: string;
  done: boolean;
  link?: { href: string; label: string };
}

/** The five steps from nothing to a first real delivery, in order, each ticked from the facts. */
export function firstRunSteps(f: FirstRunFacts): FirstRunStep[] {
  const p = platform(f.source);
  // Labels that name the action: none may read like a menu entry (Home, Recipes, Activity, Settings).
  const settings = (label: string, query = '') => ({ href: `#/settings${query}`, label });
  const recipes = (label: string) => ({ href: '#/recipes', label });
  const needed = p.fields.filter((field) => !field.optional);
  const keySaved = needed.every((field) => (field.secret ? f.saved[field.key] === true : typeof f.saved[field.key] === 'string' && f.saved[field.key] !== ''));
  const { key } = p;
  const worked = f.enabled.find((r) => f.worked.has(r.id));
  const online = f.tunnel?.state === 'online';
  return [
    {
      id: 'online',
      title: 'Your public address is online',
      how: online
        ? 'Your platforms can reach Hooktray from the internet.'
        : `${p.title} can reach Hooktray only through its public address. It starts by itself; if it stays off, turn it on under Settings → Public address.`,
      done: online,
      link: settings('Turn it on'),
    },
    key && needed.length
      ? {
          id: 'key',
          title: `${p.title}’s ${key.name} is saved`,
          how: `Find ${key.many ? 'them' : 'it'} in ${key.page}, and paste ${key.many ? 'them' : 'it'} into Settings → Platforms → ${p.title}.`,
          done: keySaved,
          // Opens the platform's card, also while it still waits under "Add a platform".
          link: settings('Save the key', `?platform=${f.source}`),
        }
      : key
        ? {
            id: 'key',
            title: `${p.title}’s ${key.name} is optional`,
            how: `Recommended: set one in ${key.page}, and the same in Settings → Platforms → ${p.title}.`,
            done: true,
            link: settings('Set one'),
          }
        : {
            id: 'key',
            title: `${p.title} needs no signing key`,
            how: `The private part of its address is what proves its deliveries genuine: keep it to ${p.title}.`,
            done: true,
          },
    {
      id: 'recipe',
      title: 'A recipe is switched on',
      how: f.enabled.length
        ? `On: ${f.enabled.map((r) => r.title).join(', ')}.`
        : `Pick one in Recipes, for example an email to your team for every new ${p.things.one}.`,
      done: f.enabled.length > 0,
      link: recipes('Choose a recipe'),
    },
    {
      id: 'test',
      title: 'Its test passed',
      how: worked ? `“${worked.title}” has worked.` : 'In Recipes, open the recipe and press “Send test event”: it says when it went through.',
      done: worked !== undefined,
      link: recipes('Send a test event'),
    },
    {
      id: 'delivery',
      title: `The first real ${p.things.one} arrived`,
      how: `Paste the ${p.title} address (below, under “Connect your platforms”) into ${p.title}: ${p.steps[0]} Then wait for, or make, a real one.`,
      done: f.received,
    },
  ];
}
