/**
 * "14:02" in local time. Plain arithmetic rather than toLocaleTimeString: the first use of Intl
 * pages in several MB of ICU data, a lot for a line in an idle tray app's log.
 */
export function clockTime(at: Date | number | string): string {
  const d = at instanceof Date ? at : new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
