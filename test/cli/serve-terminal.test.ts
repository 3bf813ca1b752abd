import { describe, expect, it } from 'vitest';
import { spawnRelay } from '../helpers/relay.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { spawnOnTerminal } from '../helpers/terminal.ts';

/** What a person must never read on the terminal: a JSON log line, or an invitation to paste a local address into a platform. */
function expectPlainAndHonest(lines: string[]) {
  for (const line of lines) expect(line, 'a JSON line on the terminal').not.toMatch(/^\s*[{[]/);
  // The only local addresses shown: the dashboard (for this computer's browser) and the list marked local only.
  const localOnly = lines.findIndex((l) => /addresses are local only/.test(l));
  lines.forEach((line, i) => {
    if (!/127\.0\.0\.1:\d+\/h\//.test(line)) return;
    expect(localOnly, `"${line}" comes under no "local only" line`).toBeGreaterThanOrEqual(0);
    expect(i).toBeGreaterThan(localOnly);
  });
  // Every mention of pasting says not to paste these, or where the ones to paste will come.
  for (const line of lines.filter((l) => /past(e|ing)/i.test(l) && !/Public addresses online/.test(l))) expect(line).toMatch(/not for pasting|printed here/);
}

describe('hooktray serve on a terminal', () => {
  it('a first start with no settings prints plain text, and says the addresses are local only while the public address is not up', async () => {
    // A tunnel server nobody answers on: the public address stays down, and nothing leaves this computer.
    const term = spawnOnTerminal(['serve', '--data-dir', tempDir(), '--port', '0', '--tunnel-host', 'http://127.0.0.1:9']);
    await term.waitFor(/^Details of what Hooktray does are in its log/, 'the start text');
    expect(term.lines()).toContainEqual(expect.stringMatching(/^The public address is not up yet, so platforms on the internet cannot reach Hooktray\./));
    expect(term.lines()).toContainEqual(expect.stringMatching(/^ {2}Shopify: http:\/\/127\.0\.0\.1:\d+\/h\/shopify\//));
    expectPlainAndHonest(term.lines());
    expect(await term.stop()).toBe(0);
    expectPlainAndHonest(term.lines());
  }, 60_000);

  it('with --tunnel none says the public address is off and how to turn it on', async () => {
    const term = spawnOnTerminal(['serve', '--data-dir', tempDir(), '--port', '0', '--tunnel', 'none']);
    await term.waitFor(/^Details of what Hooktray does are in its log/, 'the start text');
    expect(term.lines()).toContainEqual(expect.stringMatching(/^The public address is off: .* start without --tunnel none\.$/));
    expectPlainAndHonest(term.lines());
    expect(await term.stop()).toBe(0);
  }, 60_000);

  it('once the public address is online, offers those to paste, never the local ones', async () => {
    const relay = await spawnRelay();
    const term = spawnOnTerminal(['serve', '--data-dir', tempDir(), '--port', '0', '--tunnel-host', relay.host]);
    await term.waitFor(/^Public addresses online\. Paste these into your platforms/, 'the public addresses');
    // The list is one write, which a terminal may hand over in pieces: wait for its last line.
    await term.waitFor(/^ {2}Other app.*: http:\/\/ht[a-z0-9]{12}\.localhost/, 'the last public address');
    const lines = term.lines();
    const from = lines.findIndex((l) => /^Public addresses online/.test(l));
    const pasted = lines.slice(from + 1).filter((l) => /^ {2}\S.*: http/.test(l));
    expect(pasted.length).toBeGreaterThan(5);
    for (const line of pasted) {
      expect(line).toMatch(new RegExp(`^  .+: http://ht[a-z0-9]{12}\\.localhost:${relay.port}/h/`));
      expect(line).not.toContain('127.0.0.1');
    }
    expectPlainAndHonest(lines);
    expect(await term.stop()).toBe(0);
    await relay.stop();
  }, 60_000);
});
