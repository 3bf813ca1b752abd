import { Notification } from 'electron';
import type { DesktopNotification } from './notification-policy.ts';

/** Shows a desktop notification; a click opens the view it names. */
export function notify(note: DesktopNotification, open: (view: DesktopNotification['view']) => void): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: note.title, body: note.body });
  n.on('click', () => open(note.view));
  n.show();
}
