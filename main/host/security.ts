// Security rules shared by both hosts, kept free of electron and fastify so
// that they are unit-tested under plain Node.

/** Content-Security-Policy of every screen: only the app's own scripts and API. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // React's style props are inline style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Decides whether a window may navigate to `target`. Only pages of the app's
 * own origin are allowed; everything else (links in postings, file URLs,
 * javascript:) is refused, because a kiosk has no browser chrome to come back.
 */
export function isAllowedNavigation(target: string, appOrigin: string): boolean {
  let url: URL;
  let app: URL;
  try {
    url = new URL(target);
    app = new URL(appOrigin);
  } catch {
    return false;
  }
  // Compare scheme and host, not URL.origin: Node gives custom schemes such
  // as app:// the opaque origin "null".
  return (
    url.protocol === app.protocol &&
    url.host === app.host &&
    url.username === '' &&
    url.password === ''
  );
}

/** Returns the `Origin` and `Host` values that a loopback host on `port` accepts. */
export function loopbackOrigins(port: number): {
  origins: Set<string>;
  hosts: Set<string>;
} {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...hosts].map((host) => `http://${host}`));
  return { origins, hosts };
}
