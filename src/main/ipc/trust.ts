/** Whether a frame URL is the app's own page: IPC answers only it, and navigation away from it is refused. */

/**
 * For a packaged app (file:) the frame must show exactly the app's index.html; for the dev
 * server (http:) it must share its origin. Query strings and fragments are ignored.
 */
export function isTrustedUrl(frameUrl: string | null | undefined, appUrl: string): boolean {
  if (!frameUrl) return false;
  let f: URL;
  let a: URL;
  try {
    f = new URL(frameUrl);
    a = new URL(appUrl);
  } catch {
    return false;
  }
  if (a.protocol === 'file:') return f.protocol === 'file:' && f.host === a.host && f.pathname === a.pathname;
  if (a.protocol !== 'http:' && a.protocol !== 'https:') return false;
  return f.origin === a.origin;
}
