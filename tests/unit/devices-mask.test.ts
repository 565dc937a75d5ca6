import { describe, expect, it } from 'vitest';
import { TEST_CITIZEN } from '../../native/idcard/index.js';
import { maskCard, maskIdNumber, maskName } from '../../main/devices/mask.js';

describe('maskName', () => {
  it.each([
    ['张三丰', '张*丰'],
    ['张三', '张*'],
    ['欧阳娜娜', '欧**娜'],
    ['阿依古丽·买买提', '阿******提'],
    ['王', '王'],
    ['', ''],
    ['𠮷野家', '𠮷*家'],
    ['  李四  ', '李*'],
  ])('%s becomes %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['610630196804051236', '610630********1236'],
    ['61063019680405123X', '610630********123X'],
    ['610630680405123', '610630*****5123'],
    ['H12345678', '*****5678'],
    ['123', '***'],
  ])('%s becomes %s', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked);
  });
});

describe('maskCard', () => {
  it('masks the test citizen', () => {
    const masked = maskCard(TEST_CITIZEN);
    expect(masked.name).toBe('张*丰');
    expect(masked.idNumber).toBe('610630********1236');
    expect(masked.cardType).toBe('resident');
    expect(masked.cardTypeLabel).toBe('居民身份证');
  });

  it('masks an English name without Chinese', () => {
    const masked = maskCard({
      cardType: 'foreignPermanent2023',
      name: '',
      englishName: 'SMITH JOHN',
      gender: 'male',
      birthDate: '1980-01-01',
      idNumber: '9156301980010112345',
      validity: { from: '2023-12-01', to: '2033-12-01' },
      nationality: 'USA',
      renewalCount: null,
      previousNumberLink: '',
    });
    expect(masked.name).toBe('S********N');
    expect(masked.idNumber).toBe('915630*********2345');
    expect(masked.cardTypeLabel).toBe('外国人永久居留身份证');
  });

  it('keeps no full field', () => {
    const text = JSON.stringify(maskCard(TEST_CITIZEN));
    expect(text).not.toContain(TEST_CITIZEN.idNumber);
    expect(text).not.toContain(TEST_CITIZEN.name);
    expect(text).not.toContain(TEST_CITIZEN.address);
  });
});
