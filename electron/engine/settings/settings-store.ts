import { describeIssues, settingsSchema, type Settings } from '../../../shared/config.ts';

/** Where settings live: a JSON file in headless mode, electron-store in the desktop app. */
export interface SettingsStore {
  /** Human-readable location for messages ("/home/me/shop.json"). */
  readonly location: string;
  /** The stored settings as written, or undefined when there are none yet. Throws SettingsError if unreadable. */
  read(): unknown;
  write(settings: Settings): void;
}

export class SettingsError extends Error {
  readonly problems: string[];
  constructor(location: string, problems: string[]) {
    super(`Settings in ${location} are not valid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SettingsError';
    this.problems = problems;
  }
}

/** Validates stored settings and fills defaults; problems name the field ("smtp.port: …"). */
export function parseSettings(raw: unknown, location: string): Settings {
  const result = settingsSchema.safeParse(raw ?? {});
  if (!result.success) throw new SettingsError(location, describeIssues(result.error.issues).split('; '));
  return result.data;
}
