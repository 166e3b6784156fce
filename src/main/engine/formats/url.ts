/** URL recognition for profiling: http(s)/ftp(s) with a real host, or a bare www. host. */

const URL_RE = new RegExp(
  '^(?:(?:https?|ftps?)://(?:[^\\s:@/]+(?::[^\\s:@/]*)?@)?|www\\.)' +
    '(?:localhost|(?:\\d{1,3}\\.){3}\\d{1,3}|\\[[0-9a-f:.]+\\]|(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+(?:\\p{L}{2,63}|xn--[a-z0-9-]+))' +
    '(?::\\d{1,5})?(?:[/?#]\\S*)?$',
  'iu',
);

/** True for an absolute web/ftp URL with a plausible host, or text starting with "www." and a domain. */
export function isUrl(s: string): boolean {
  const t = s.trim();
  return t.length <= 2048 && URL_RE.test(t);
}
