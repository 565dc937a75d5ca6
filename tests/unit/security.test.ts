import { describe, expect, it } from 'vitest';
import { isAllowedNavigation } from '../../main/host/security.js';

describe('isAllowedNavigation', () => {
  const origin = 'app://kiosk';

  it.each([
    ['app://kiosk/kiosk/index.html', true],
    ['app://kiosk/signage/index.html#x', true],
    ['https://example.com/', false],
    ['http://127.0.0.1:8080/kiosk/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['app://kiosk.evil/', false],
    ['app://user:pw@kiosk/', false],
    ['not a url', false],
    ['', false],
  ])('%s -> %s', (target, allowed) => {
    expect(isAllowedNavigation(target, origin)).toBe(allowed);
  });
});
