import type { CatchUpSourceId } from '../../shared/contract.ts';
import type { SourceId } from '../../shared/sources.ts';

export interface SourceField {
  key: string;
  label: string;
  secret: boolean;
  /** A saved value can be removed (a platform that needs it would refuse every delivery without it). */
  optional?: boolean;
  /** One short sentence: where to find it, or what removing it does. */
  help?: string;
}

/** What each platform's settings hold (sources.<id> in the settings file), in the owner's words. */
export const SOURCE_FIELDS: Partial<Record<SourceId, SourceField[]>> = {
  shopify: [{ key: 'secret', label: 'Webhook signing key', secret: true }],
  woocommerce: [{ key: 'secret', label: 'Webhook secret', secret: true }],
  stripe: [{ key: 'secret', label: 'Signing secret (whsec_…)', secret: true }],
  mautic: [{ key: 'secret', label: 'Webhook secret', secret: true }],
  clinchpad: [{ key: 'handshakeKey', label: 'Handshake key', secret: true, optional: true }],
  paypal: [
    { key: 'webhookId', label: 'Webhook ID', secret: false },
    { key: 'clientId', label: 'Client ID', secret: false },
    { key: 'clientSecret', label: 'Secret', secret: true },
  ],
  generic: [
    { key: 'signatureHeader', label: 'Signature header (optional)', secret: false, optional: true, help: 'The header and the secret work only together: removing one removes both.' },
    { key: 'secret', label: 'Secret (optional)', secret: true, optional: true },
  ],
};

/** The optional API credentials catch-up uses (sources.<id>.api), per platform. */
export interface CatchUpGroup {
  legend: string;
  /** What connecting allows, in one sentence. */
  allows: string;
  fields: (SourceField & { help: string; placeholder?: string; type?: 'url' })[];
}

export const CATCH_UP_FIELDS: Record<CatchUpSourceId, CatchUpGroup> = {
  shopify: {
    legend: 'Catch up on missed orders',
    allows: 'Lets Hooktray fetch the orders and customers it missed while this computer was off, and keep its own Shopify webhooks pointed at the right address.',
    fields: [
      { key: 'shop', label: 'Shop address', secret: false, placeholder: 'your-shop.myshopify.com', help: 'Your shop’s myshopify.com address.' },
      { key: 'clientId', label: 'Client ID', secret: false, help: 'Your app in the Shopify Dev Dashboard → Settings; the app needs the read_orders and read_customers scopes.' },
      { key: 'clientSecret', label: 'Client secret', secret: true, help: 'Shown next to the client ID in the Dev Dashboard.' },
      { key: 'accessToken', label: 'Admin API access token (older custom apps)', secret: true, help: 'Instead of the client ID and secret: the shpat_… token of a custom app made in the Shopify admin.' },
    ],
  },
  woocommerce: {
    legend: 'Catch up on missed orders',
    allows: 'Lets Hooktray fetch the orders and customers it missed, and switch its WooCommerce webhooks back on when WooCommerce turned them off.',
    fields: [
      { key: 'url', label: 'Shop address', secret: false, type: 'url', placeholder: 'https://your-shop.example', help: 'Your shop’s address, starting with https://.' },
      { key: 'consumerKey', label: 'Consumer key', secret: false, help: 'WooCommerce → Settings → Advanced → REST API → Add key, with Read/Write permission (ck_…).' },
      { key: 'consumerSecret', label: 'Consumer secret', secret: true, help: 'Shown once, next to the consumer key (cs_…).' },
    ],
  },
  stripe: {
    legend: 'Catch up on missed orders',
    allows: 'Lets Hooktray fetch the payments it missed (Stripe keeps 30 days) and re-point or switch its Stripe webhook back on.',
    fields: [{ key: 'secretKey', label: 'Restricted key', secret: true, help: 'Stripe → Developers → API keys → Create restricted key, with Events: Read and Webhook endpoints: Write (rk_…).' }],
  },
  clinchpad: {
    legend: 'Catch up on missed leads',
    allows: 'Lets Hooktray fetch the new leads it missed while this computer was off (ClinchPad does not send them again).',
    fields: [{ key: 'apiKey', label: 'API key', secret: true, help: 'ClinchPad → Settings → API.' }],
  },
};
