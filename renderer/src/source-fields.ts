import type { SourceId } from '../../shared/sources.ts';

export interface SourceField {
  key: string;
  label: string;
  secret: boolean;
}

/** What each platform's settings hold (sources.<id> in the settings file), in the owner's words. */
export const SOURCE_FIELDS: Partial<Record<SourceId, SourceField[]>> = {
  shopify: [{ key: 'secret', label: 'Webhook signing key', secret: true }],
  woocommerce: [{ key: 'secret', label: 'Webhook secret', secret: true }],
  stripe: [{ key: 'secret', label: 'Signing secret (whsec_…)', secret: true }],
  mautic: [{ key: 'secret', label: 'Webhook secret', secret: true }],
  clinchpad: [{ key: 'handshakeKey', label: 'Handshake key', secret: true }],
  paypal: [
    { key: 'webhookId', label: 'Webhook ID', secret: false },
    { key: 'clientId', label: 'Client ID', secret: false },
    { key: 'clientSecret', label: 'Secret', secret: true },
  ],
  generic: [
    { key: 'signatureHeader', label: 'Signature header (optional)', secret: false },
    { key: 'secret', label: 'Secret (optional)', secret: true },
  ],
};
