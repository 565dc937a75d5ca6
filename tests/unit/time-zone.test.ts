import { describe, expect, it } from 'vitest';
import { timeZoneWarning } from '../../main/host/web/time-zone.js';

describe('time zone warning', () => {
  it('is silent on China time', () => {
    expect(timeZoneWarning(-480, 'Asia/Shanghai')).toBeNull();
  });

  it('names another zone', () => {
    const warning = timeZoneWarning(0, 'Etc/UTC');
    expect(warning).toContain('Etc/UTC');
    expect(warning).toContain('TZ=Asia/Shanghai');
    expect(timeZoneWarning(-540, 'Asia/Tokyo')).toContain('Asia/Tokyo');
  });
});
