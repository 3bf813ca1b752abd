import { list, obj, str } from '../sources/fields.ts';
import { apiJson, CatchUpError } from './api-fetch.ts';
import { wants, type FetchedRecord, type FetchSince } from './record.ts';

const REFUSED = 'Check the API key (ClinchPad → Settings → API) in Hooktray → Settings → ClinchPad.';
/** ClinchPad's documented default page size; the end of a list is an empty page. */
const PAGE_SIZE = 25;
/** Pages read per pipeline at most (5,000 leads; more is an error): ClinchPad allows 1,200 calls an hour. */
export const CLINCHPAD_MAX_PAGES = 200;

/**
 * ClinchPad's API has no time filter and no timestamps on leads: catch-up walks every
 * pipeline's leads and lets the inbox keep only leads it has never seen.
 */
export const fetchClinchPadLeads: FetchSince = async (api, _since, fetchImpl, wanted) => {
  const key = str(api.apiKey);
  if (!key) throw new CatchUpError('ClinchPad catch-up needs the API key in Hooktray → Settings → ClinchPad.');
  if (!wants(wanted, 'contact.created')) return [];
  const base = (str(api.apiBaseUrl) ?? 'https://www.clinchpad.com/api/v1').replace(/\/$/, '');
  const options = {
    fetch: fetchImpl,
    platform: 'ClinchPad',
    whenRefused: REFUSED,
    whenNotJson:
      'Check that no proxy or network sign-in page stands in the way, and, if the settings file sets sources.clinchpad.api.apiBaseUrl, that address.',
  };
  const init = { headers: { authorization: `Basic ${Buffer.from(`api-key:${key}`).toString('base64')}` } };
  const pipelines = list(await apiJson(`${base}/pipelines`, init, options)).map(obj);
  const records: FetchedRecord[] = [];
  for (const pipeline of pipelines) {
    let read = 0;
    for (let page = 1; ; page++) {
      const params = new URLSearchParams({ pipeline_id: str(pipeline._id) ?? '', page: String(page), size: String(PAGE_SIZE) });
      const leads = list(await apiJson(`${base}/leads?${params}`, init, options)).map(obj);
      // A short page is not the end (the server picks the size it gives); an empty one is.
      if (leads.length === 0) break;
      // No time filter: a catch-up that stopped short and counted as done would never see the rest.
      if (page > CLINCHPAD_MAX_PAGES) {
        throw new CatchUpError(
          `ClinchPad's pipeline "${str(pipeline.name) ?? str(pipeline._id) ?? '?'}" has more leads than one catch-up reads: Hooktray read ${CLINCHPAD_MAX_PAGES} pages (${read} leads) and more remain, so it ran none of them and the catch-up mark stays where it was. ` +
            "ClinchPad's API cannot list only new leads, so a later --since does not help: delete or move old leads out of that pipeline in ClinchPad, or remove the API key in Hooktray → Settings → ClinchPad to stop catching up ClinchPad.",
        );
      }
      read += leads.length;
      for (const lead of leads) {
        const id = str(lead._id);
        if (!id) continue;
        records.push({
          source: 'clinchpad',
          platformEvent: 'lead:created',
          headers: {},
          payload: { activity: { _id: `catch-up:${id}`, type: 'lead:created' }, lead: { ...lead, pipe: { _id: pipeline._id, name: pipeline.name } } },
        });
      }
    }
  }
  return records;
};
