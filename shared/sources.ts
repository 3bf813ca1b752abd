/** Every platform Hooktray can receive webhooks from. The id is the URL segment: /h/<id>/<token>. */
export const SOURCE_IDS = [
  'shopify',
  'woocommerce',
  'clinchpad',
  'stripe',
  'mailchimp',
  'mautic',
  'paypal',
  'generic',
] as const;

export type SourceId = (typeof SOURCE_IDS)[number];

export function isSourceId(value: string): value is SourceId {
  return (SOURCE_IDS as readonly string[]).includes(value);
}

/** Plain-language setup help a UI can show next to a source's URL. */
export interface SourceGuide {
  source: SourceId;
  title: string;
  /** Steps in order, for an owner who has never heard the word webhook. */
  steps: string[];
  /** What the owner must copy into Hooktray, if anything (e.g. the signing secret). */
  secretLabel?: string;
}
