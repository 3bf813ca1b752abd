/** See fresh-bundle.js: the path of an up-to-date dist-cli/cli.mjs under `root` (built first if a source is newer), or undefined when it cannot be built. */
export function freshBundle(root: string, log?: (line: string) => void): string | undefined;
