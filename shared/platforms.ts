import type { EventType } from './event-types.ts';
import { FRESHDESK_PLACEHOLDERS, ticketBody, ZENDESK_PLACEHOLDERS } from './paste-texts.ts';

/**
 * Every platform Hooktray receives from, described once: what it is called and sends, what the
 * owner enters for it and where to find it, how it retries and what catch-up can do. Data only:
 * the settings schema, the settings window's forms, the secret list, the log's redaction, the
 * offline and notification wording all derive from this. A platform's behaviour (checking a
 * delivery, turning it into events) lives in electron/engine/sources/<id>.ts, fetching what was
 * missed in electron/engine/catchup/<id>-api.ts. Adding a platform: one entry here, one file there.
 */

/** A value the owner enters for a platform (sources.<id>.<key>, or sources.<id>.api.<key>). */
export interface PlatformField {
  key: string;
  /** Its name in the window. */
  label: string;
  /** Stored encrypted where the computer can, never shown again, never logged. */
  secret: boolean;
  /** What it is and where to find it, as errors name it: "the REST API consumer key (ck_…, …)". */
  what: string;
  /** One short sentence for the window: where to find it. */
  help?: string;
  placeholder?: string;
  /** An address (checked as http or https). */
  url?: boolean;
  /** Needed whenever this group of values is given (catch-up credentials). */
  required?: boolean;
  /** The platform works without it, so a saved value can be removed (a Remove button). */
  optional?: boolean;
  /** Values that cannot be right, with why and what to enter instead. */
  refuse?: readonly { pattern: RegExp; message: string }[];
}

/** Keys whose values work only together: all of them or none ("a header without its secret checks nothing"). */
export type TogetherRule = readonly string[];

/** The optional API credentials catch-up and the webhook guard use (sources.<id>.api). */
export interface PlatformApi {
  /** The window's heading for them. */
  legend: string;
  /** What connecting allows, in one sentence. */
  allows: string;
  /** How the wording names them: "connect its API key". */
  credential: string;
  fields: readonly PlatformField[];
  together?: readonly TogetherRule[];
  /** At least one of these groups, complete: Shopify takes a client ID and secret, or an access token. */
  oneOf?: { groups: readonly (readonly string[])[]; message: string };
  /** How far back the API lets catch-up look, in days. */
  lookbackDays: number;
  /** Whether the API can list what was created since a time; without it a first look only records what exists. */
  timeFilter: boolean;
  /** Fields that name where the secrets are sent: changing one needs the secrets typed again. */
  sentTo?: readonly string[];
}

export interface Platform {
  title: string;
  /** What it mostly sends, as the wording counts it: "3 orders", "1 order". */
  things: { many: string; one: string };
  /** What it calls a person it sends, where that is its own word: a ClinchPad "lead", a Mailchimp "subscriber". */
  person?: string;
  /** How its webhook bodies come: JSON, form fields, or either. */
  body: 'json' | 'form' | 'json-or-form';
  /** How long it keeps retrying a delivery we did not answer (PLATFORMS.md); undefined when unknown. */
  retries: { windowMs?: number; words: string };
  /** Setup steps in plain words, for an owner who has never heard the word webhook. */
  steps: readonly string[];
  /** Text the steps ask the owner to paste into the platform (a request body), shown beside them. */
  paste?: readonly { label: string; text: string }[];
  /** Values under sources.<id> that prove a delivery genuine. */
  fields: readonly PlatformField[];
  together?: readonly TogetherRule[];
  /** Why a `secret` set for a platform that never reads one would protect nothing, and what to do instead. */
  noSecret?: string;
  /**
   * The value its deliveries are checked with, as refusals and fixes name it ("signing key"), and
   * the platform's own page that shows it; `many` when it is several values ("copy them again").
   */
  key?: { name: string; page: string; many?: boolean };
  api?: PlatformApi;
  /** Its own names for the common events, as a test sample carries them. */
  events: Partial<Record<EventType, string>>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Zendesk signs the "Test webhook" requests of a webhook not yet saved with this published key. */
export const ZENDESK_TEST_SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';

const shopifySecretRefusals = [
  {
    pattern: /^shpat_/,
    message:
      'is an Admin API access token (shpat_…), not the signing key: copy the key shown under Settings → Notifications → Webhooks ("Your webhooks will be signed with …"), or your app\'s client secret',
  },
] as const;

export const PLATFORMS = {
  shopify: {
    title: 'Shopify',
    key: { name: 'signing key', page: 'Settings → Notifications → Webhooks in your Shopify admin' },
    things: { many: 'orders', one: 'order' },
    body: 'json',
    retries: { windowMs: 4 * HOUR, words: 'Shopify retries for 4 hours' },
    steps: [
      'In Shopify admin, open Settings → Notifications and scroll to Webhooks.',
      'Click "Create webhook", pick the event (for example "Order creation"), format JSON.',
      'Paste the Shopify address shown by Hooktray into URL and save.',
      'Copy the signing key shown under the webhook list ("Your webhooks will be signed with …") into Hooktray → Settings → Shopify.',
    ],
    fields: [
      {
        key: 'secret',
        label: 'Webhook signing key',
        secret: true,
        what: 'the webhook signing key',
        help: 'Shopify admin → Settings → Notifications → Webhooks, under the list ("Your webhooks will be signed with …"); for an app, its client secret.',
        refuse: shopifySecretRefusals,
      },
    ],
    api: {
      legend: 'Catch up on missed orders',
      allows:
        'Lets Hooktray fetch the orders and customers it missed while this computer was off, and keep its own Shopify webhooks pointed at the right address.',
      credential: "its app's API credentials",
      fields: [
        {
          key: 'shop',
          label: 'Shop address',
          secret: false,
          required: true,
          what: "your shop's address, e.g. your-shop.myshopify.com",
          placeholder: 'your-shop.myshopify.com',
          help: 'Your shop’s myshopify.com address.',
        },
        {
          key: 'clientId',
          label: 'Client ID',
          secret: false,
          what: "your app's client ID (Shopify Dev Dashboard → your app → Settings)",
          help: 'Your app in the Shopify Dev Dashboard → Settings; the app needs the read_orders and read_customers scopes.',
        },
        {
          key: 'clientSecret',
          label: 'Client secret',
          secret: true,
          what: "your app's client secret (Shopify Dev Dashboard → your app → Settings)",
          help: 'Shown next to the client ID in the Dev Dashboard.',
        },
        {
          key: 'accessToken',
          label: 'Admin API access token (older custom apps)',
          secret: true,
          what: 'the Admin API access token of an older custom app (shpat_…)',
          help: 'Instead of the client ID and secret: the shpat_… token of a custom app made in the Shopify admin.',
        },
      ],
      together: [['clientId', 'clientSecret']],
      oneOf: {
        groups: [['clientId', 'clientSecret'], ['accessToken']],
        message: "add clientId and clientSecret (your app in the Shopify Dev Dashboard), or accessToken (an older custom app's Admin API access token)",
      },
      lookbackDays: 60,
      timeFilter: true,
      sentTo: ['shop'],
    },
    events: { 'order.created': 'orders/create', 'order.paid': 'orders/paid', 'customer.created': 'customers/create' },
  },
  woocommerce: {
    title: 'WooCommerce',
    key: { name: 'webhook secret', page: 'WooCommerce → Settings → Advanced → Webhooks in WordPress' },
    things: { many: 'orders', one: 'order' },
    body: 'json-or-form',
    retries: { windowMs: 0, words: 'WooCommerce does not retry' },
    steps: [
      'In WordPress open WooCommerce → Settings → Advanced → Webhooks and click "Add webhook".',
      'Status: Active. Topic: "Order created" (add more webhooks for "Order updated" or "Customer created").',
      'Paste the WooCommerce address shown by Hooktray into Delivery URL.',
      'Type a Secret (any long random text), put the same text in Hooktray → Settings → WooCommerce, then Save webhook.',
    ],
    fields: [
      {
        key: 'secret',
        label: 'Webhook secret',
        secret: true,
        what: 'the Secret you typed in WooCommerce → Settings → Advanced → Webhooks',
        help: 'The Secret you typed for the webhook in WooCommerce → Settings → Advanced → Webhooks.',
      },
    ],
    api: {
      legend: 'Catch up on missed orders',
      allows: 'Lets Hooktray fetch the orders and customers it missed, and switch its WooCommerce webhooks back on when WooCommerce turned them off.',
      credential: 'its REST API keys',
      fields: [
        {
          key: 'url',
          label: 'Shop address',
          secret: false,
          url: true,
          required: true,
          what: "your shop's address, e.g. https://your-shop.example",
          placeholder: 'https://your-shop.example',
          help: 'Your shop’s address, starting with https://.',
        },
        {
          key: 'consumerKey',
          label: 'Consumer key',
          secret: false,
          required: true,
          what: 'the REST API consumer key (ck_…, WooCommerce → Settings → Advanced → REST API)',
          help: 'WooCommerce → Settings → Advanced → REST API → Add key, with Read/Write permission (ck_…).',
        },
        {
          key: 'consumerSecret',
          label: 'Consumer secret',
          secret: true,
          required: true,
          what: 'the REST API consumer secret (cs_…, shown once when the key is made)',
          help: 'Shown once, next to the consumer key (cs_…).',
        },
      ],
      lookbackDays: 60,
      timeFilter: true,
      sentTo: ['url'],
    },
    events: { 'order.created': 'order.created', 'order.paid': 'order.updated', 'customer.created': 'customer.created' },
  },
  clinchpad: {
    title: 'ClinchPad',
    key: { name: 'handshake key', page: 'Settings → Integrations → Webhooks in ClinchPad' },
    things: { many: 'leads', one: 'lead' },
    person: 'lead',
    body: 'json',
    retries: { windowMs: 0, words: 'ClinchPad does not retry' },
    steps: [
      'In ClinchPad open Settings → Integrations and click "Manage Interactions" under Webhooks.',
      'Add a webhook and paste the ClinchPad address shown by Hooktray as its URL.',
      'Optional but recommended: type a Handshake Key of your choice there, and the same key in Hooktray → Settings → ClinchPad.',
    ],
    fields: [
      {
        key: 'handshakeKey',
        label: 'Handshake key',
        secret: true,
        optional: true,
        what: "the Handshake Key you typed in ClinchPad's webhook settings",
        help: 'Optional: the same key as in ClinchPad → Settings → Integrations → Webhooks.',
      },
    ],
    noSecret: 'ClinchPad has no signing secret, so this is never used: put the Handshake Key you typed in ClinchPad in handshakeKey instead.',
    api: {
      legend: 'Catch up on missed leads',
      allows: 'Lets Hooktray fetch the new leads it missed while this computer was off (ClinchPad does not send them again).',
      credential: 'its API key',
      fields: [
        {
          key: 'apiKey',
          label: 'API key',
          secret: true,
          required: true,
          what: 'the API key (ClinchPad → Settings → API)',
          help: 'ClinchPad → Settings → API.',
        },
      ],
      lookbackDays: 60,
      timeFilter: false,
    },
    events: { 'contact.created': 'lead:created', 'contact.updated': 'lead:updated' },
  },
  stripe: {
    title: 'Stripe',
    key: { name: 'signing secret (whsec_…)', page: 'Developers → Webhooks → your endpoint in the Stripe Dashboard' },
    things: { many: 'payments', one: 'payment' },
    body: 'json',
    retries: { windowMs: 3 * DAY, words: 'Stripe retries for 3 days' },
    steps: [
      'In the Stripe Dashboard open Developers → Webhooks and click "Add endpoint" (or "Add destination").',
      'Paste the Stripe address shown by Hooktray as the endpoint URL.',
      'Select these events: payment_intent.succeeded (every successful payment: checkout, payment links, invoices), checkout.session.completed (orders, for "any new order" recipes) and customer.created. invoice.paid is not needed: an invoice paid by card sends payment_intent.succeeded too, and Hooktray counts each payment once.',
      'Open the endpoint, reveal the Signing secret (whsec_…) and paste it into Hooktray → Settings → Stripe.',
    ],
    fields: [
      {
        key: 'secret',
        label: 'Signing secret (whsec_…)',
        secret: true,
        what: "the endpoint's Signing secret (whsec_…)",
        help: 'Stripe Dashboard → Developers → Webhooks → your endpoint → Signing secret.',
        refuse: [
          {
            pattern: /^(sk|rk)_/,
            message:
              'is an API key, not the webhook signing secret: open Developers → Webhooks → your endpoint in Stripe and reveal its Signing secret (whsec_…)',
          },
          {
            pattern: /^pk_/,
            message:
              'is a publishable key, not the webhook signing secret: open Developers → Webhooks → your endpoint in Stripe and reveal its Signing secret (whsec_…)',
          },
        ],
      },
    ],
    api: {
      legend: 'Catch up on missed orders',
      allows: 'Lets Hooktray fetch the payments it missed (Stripe keeps 30 days) and re-point or switch its Stripe webhook back on.',
      credential: 'a restricted API key',
      fields: [
        {
          key: 'secretKey',
          label: 'Restricted key',
          secret: true,
          required: true,
          what: 'a restricted key (rk_…, Stripe → Developers → API keys) with read access to Events and write access to Webhook endpoints',
          help: 'Stripe → Developers → API keys → Create restricted key, with Events: Read and Webhook endpoints: Write (rk_…).',
          refuse: [
            { pattern: /^pk_/, message: 'is a publishable key, which cannot read events: use a restricted key (rk_…, Stripe → Developers → API keys)' },
            {
              pattern: /^whsec_/,
              message: 'is a webhook signing secret, which cannot read events: use a restricted key (rk_…, Stripe → Developers → API keys)',
            },
          ],
        },
      ],
      lookbackDays: 30,
      timeFilter: true,
    },
    events: {
      'payment.succeeded': 'payment_intent.succeeded',
      'order.created': 'checkout.session.completed',
      'order.paid': 'checkout.session.completed',
      'customer.created': 'customer.created',
    },
  },
  mailchimp: {
    title: 'Mailchimp',
    things: { many: 'subscribers', one: 'subscriber' },
    person: 'subscriber',
    body: 'form',
    retries: { windowMs: 75 * 60_000, words: 'Mailchimp retries for about 75 minutes' },
    steps: [
      'In Mailchimp open Audience → Manage Audience → Settings → Webhooks and click "Create New Webhook".',
      'Paste the Mailchimp address shown by Hooktray as the Callback URL (its secret part is what proves a delivery is genuine: keep it private).',
      'Tick the updates you want (Subscribes, Unsubscribes, Profile updates) and save.',
    ],
    fields: [],
    noSecret:
      "Mailchimp signs nothing, so this is never used: remove it. The secret part of Hooktray's Mailchimp address is what proves a delivery is genuine.",
    events: { 'contact.created': 'subscribe', 'contact.updated': 'profile' },
  },
  mautic: {
    title: 'Mautic',
    key: { name: 'webhook secret', page: 'Settings → Webhooks → your webhook in Mautic' },
    things: { many: 'contacts', one: 'contact' },
    body: 'json',
    retries: { words: "Mautic's retries are not documented" },
    steps: [
      'In Mautic open Settings (the gear) → Webhooks and click New.',
      'Paste the Mautic address shown by Hooktray as the Webhook POST Url.',
      'Choose the events, for example "Contact Identified Event" and "Contact Updated Event", and save.',
      'Copy the Secret Mautic shows for the webhook into Hooktray → Settings → Mautic.',
    ],
    fields: [
      {
        key: 'secret',
        label: 'Webhook secret',
        secret: true,
        what: "the webhook's Secret in Mautic → Settings → Webhooks",
        help: 'Mautic → Settings → Webhooks → your webhook → Secret.',
      },
    ],
    events: { 'contact.created': 'mautic.lead_post_save_new', 'contact.updated': 'mautic.lead_post_save_update' },
  },
  paypal: {
    title: 'PayPal',
    key: { name: 'Webhook ID, Client ID and Secret', page: 'Apps & Credentials → your app on developer.paypal.com', many: true },
    things: { many: 'payments', one: 'payment' },
    body: 'json',
    retries: { windowMs: 3 * DAY, words: 'PayPal retries for 3 days' },
    steps: [
      'Open developer.paypal.com → Apps & Credentials and open your app (Live, not Sandbox, for real payments).',
      'Under Webhooks click "Add Webhook", paste the PayPal address shown by Hooktray (PayPal needs a public https address on port 443, as the tunnel gives) and tick "Payment capture completed" and "Checkout order approved/completed".',
      "Copy the webhook's ID, and the app's Client ID and Secret, into Hooktray → Settings → PayPal: Hooktray asks PayPal to confirm every delivery with them.",
    ],
    fields: [
      {
        key: 'webhookId',
        label: 'Webhook ID',
        secret: false,
        what: "the webhook's ID (developer.paypal.com → your app → Webhooks)",
        help: 'Shown next to the webhook under your app in developer.paypal.com.',
      },
      {
        key: 'clientId',
        label: 'Client ID',
        secret: false,
        what: "your app's Client ID (developer.paypal.com → Apps & Credentials)",
        help: 'developer.paypal.com → Apps & Credentials → your app.',
      },
      {
        key: 'clientSecret',
        label: 'Secret',
        secret: true,
        what: "your app's Secret (developer.paypal.com → Apps & Credentials)",
        help: 'Next to the Client ID; click Show.',
      },
    ],
    together: [['webhookId', 'clientId', 'clientSecret']],
    noSecret:
      "PayPal deliveries are checked with PayPal using clientId, clientSecret and webhookId, so this is never used: remove it (your app's Secret goes in clientSecret).",
    events: { 'payment.succeeded': 'PAYMENT.CAPTURE.COMPLETED', 'order.created': 'CHECKOUT.ORDER.APPROVED', 'order.paid': 'CHECKOUT.ORDER.COMPLETED' },
  },
  zendesk: {
    title: 'Zendesk',
    key: { name: 'signing secret', page: 'Apps and integrations → Webhooks → your webhook → Reveal secret in Zendesk Admin Center' },
    things: { many: 'tickets', one: 'ticket' },
    person: 'requester',
    body: 'json',
    retries: { words: 'Zendesk retries a few times, for some errors only' },
    steps: [
      'In Zendesk Admin Center open Apps and integrations → Webhooks and click "Create webhook"; choose "Trigger or automation".',
      'Name it Hooktray, paste the Zendesk address shown by Hooktray as Endpoint URL, Request method POST, Request format JSON, Authentication None, and create it.',
      'Open the new webhook, click "Reveal secret" under Signing secret and paste it into Hooktray → Settings → Zendesk.',
      'In Objects and rules → Triggers, add a trigger with the condition "Ticket Is Created" and the action "Notify by → Active webhook → Hooktray", with the JSON body below.',
      'For updates too, add a second trigger with "Ticket Is Updated" and the second body.',
    ],
    paste: [
      { label: 'Body for "Ticket Is Created"', text: ticketBody('ticket.created', ZENDESK_PLACEHOLDERS) },
      { label: 'Body for "Ticket Is Updated"', text: ticketBody('ticket.updated', ZENDESK_PLACEHOLDERS) },
    ],
    fields: [
      {
        key: 'secret',
        label: 'Signing secret',
        secret: true,
        what: "the webhook's Signing secret (Zendesk Admin Center → Apps and integrations → Webhooks → your webhook → Reveal secret)",
        help: 'Zendesk Admin Center → Apps and integrations → Webhooks → your webhook → Reveal secret.',
        refuse: [
          {
            pattern: new RegExp(`^${ZENDESK_TEST_SECRET}$`),
            message:
              "is the key Zendesk signs test requests with, not your webhook's: save the webhook in Zendesk, then copy its own Signing secret (Reveal secret)",
          },
        ],
      },
    ],
    events: { 'ticket.created': 'ticket.created', 'ticket.updated': 'ticket.updated' },
  },
  freshdesk: {
    title: 'Freshdesk',
    key: { name: 'secret header value', page: 'the X-Hooktray-Secret header of your rule under Admin → Workflows → Automations in Freshdesk' },
    things: { many: 'tickets', one: 'ticket' },
    person: 'requester',
    body: 'json',
    retries: { windowMs: 95 * 60_000, words: 'Freshdesk retries after 5, 30 and 60 minutes' },
    steps: [
      'In Freshdesk open Admin → Workflows → Automations, tab "Ticket creation", and click "New rule".',
      'Set which tickets count (for every ticket: "Source is any of" with every source ticked), then add the action "Trigger webhook": Request type POST, URL: the Freshdesk address shown by Hooktray.',
      'Under custom headers add X-Hooktray-Secret with a long random text of your choice, and put the same text in Hooktray → Settings → Freshdesk.',
      'Encoding JSON, content "Advanced", paste the first body below, and save.',
      'For updates too, make the same rule in the "Ticket updates" tab with the second body.',
    ],
    paste: [
      { label: 'Body for ticket creation', text: ticketBody('ticket.created', FRESHDESK_PLACEHOLDERS) },
      { label: 'Body for ticket updates', text: ticketBody('ticket.updated', FRESHDESK_PLACEHOLDERS) },
    ],
    fields: [
      {
        key: 'secret',
        label: 'Secret header value',
        secret: true,
        what: 'the text you put in the X-Hooktray-Secret header of the Freshdesk rule',
        help: 'The text you typed for the X-Hooktray-Secret header in the Freshdesk rule (Admin → Workflows → Automations).',
        refuse: [{ pattern: /^.{0,11}$/s, message: 'is too short to keep strangers out: use at least 12 characters, the same in Freshdesk and here' }],
      },
    ],
    events: { 'ticket.created': 'ticket.created', 'ticket.updated': 'ticket.updated' },
  },
  form: {
    title: 'Website form',
    things: { many: 'form entries', one: 'form entry' },
    person: 'visitor',
    body: 'json-or-form',
    retries: { words: 'A form on a web page sends once; form builders retry as they see fit' },
    steps: [
      'A form on your own page: open the Website form page in Hooktray (Home → Website form → "Show the form to paste") and paste its HTML into your page. It posts straight to Hooktray and thanks the visitor.',
      "WPForms or Gravity Forms (WordPress): in the form's Settings → Webhooks add a webhook with the Website form address shown by Hooktray, method POST, format JSON, sending all fields (or name the fields email, name, phone and message).",
      'Typeform: in the form open Connect → Webhooks, add the Website form address and switch the webhook on.',
      'Google Forms: in the form open Extensions → Apps Script, paste the script from the Website form page, then add a trigger (the clock icon) for "On form submit".',
    ],
    fields: [],
    noSecret:
      'A form on a public web page cannot keep a secret, so this is never used: remove it. Keep the Website form address for your forms only; Hooktray reads the name, email and message whatever the form builder.',
    events: { 'form.submitted': 'form' },
  },
  generic: {
    title: 'Other app (generic webhook)',
    key: { name: 'signing secret', page: "the other app's webhook settings" },
    things: { many: 'deliveries', one: 'delivery' },
    body: 'json-or-form',
    retries: { words: 'Other apps retry as they see fit' },
    steps: [
      'In the other app, find its webhook (or "notification URL") setting.',
      'Paste the generic address shown by Hooktray there; keep it private, it is what proves a delivery is genuine.',
      'If the app signs its webhooks, enter the header it uses (for example X-Signature) and its secret in Hooktray → Settings → Other app.',
    ],
    fields: [
      {
        key: 'signatureHeader',
        label: 'Signature header (optional)',
        secret: false,
        optional: true,
        what: 'the header the app puts its HMAC-SHA256 of the body in, e.g. X-Signature',
        help: 'The header and the secret work only together: removing one removes both.',
        placeholder: 'X-Signature',
      },
      { key: 'secret', label: 'Secret (optional)', secret: true, optional: true, what: "the app's signing secret" },
    ],
    together: [['signatureHeader', 'secret']],
    events: {},
  },
} as const satisfies Record<string, Platform>;
