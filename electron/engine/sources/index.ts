import { platform } from '../../../shared/sources.ts';
import type { SourceGuide, SourceId } from '../../../shared/sources.ts';
import { clinchpad } from './clinchpad.ts';
import { form } from './form.ts';
import { freshdesk } from './freshdesk.ts';
import { generic } from './generic.ts';
import { mailchimp } from './mailchimp.ts';
import { mautic } from './mautic.ts';
import { paypal } from './paypal.ts';
import { shopify } from './shopify.ts';
import { stripe } from './stripe.ts';
import { woocommerce } from './woocommerce.ts';
import { zendesk } from './zendesk.ts';
import type { SourceDefinition } from './source.ts';

/** Every source the webhook listener serves; a source not listed here answers 404. */
export const SOURCES: ReadonlyMap<SourceId, SourceDefinition> = new Map(
  [shopify, woocommerce, clinchpad, stripe, mailchimp, mautic, paypal, zendesk, freshdesk, form, generic].map((s) => [s.id, s]),
);

export function sourceGuides(): SourceGuide[] {
  return [...SOURCES.keys()].map((id) => {
    const p = platform(id);
    const secrets = p.fields.map((f) => f.label.replace(/ \(optional\)$/, ''));
    return {
      source: id,
      title: p.title,
      steps: [...p.steps],
      ...(p.paste ? { paste: p.paste.map((x) => ({ ...x })) } : {}),
      ...(secrets.length ? { secretLabel: secrets.join(', ') } : {}),
    };
  });
}
