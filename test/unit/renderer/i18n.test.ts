import { describe, expect, it } from 'vitest';
import { en } from '../../../src/renderer/i18n/en';
import { zhCN } from '../../../src/renderer/i18n/zh-CN';
import { localeFromTag, translate } from '../../../src/renderer/i18n/i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  it('have the same keys, none empty', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of [...Object.entries(en), ...Object.entries(zhCN)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('translate Chinese strings into Chinese characters', () => {
    const han = /\p{Script=Han}/u;
    const untranslated = (Object.keys(en) as Array<keyof typeof en>).filter(
      (k) => zhCN[k] === en[k] && /[a-z]{4,}/i.test(en[k]) && !han.test(zhCN[k]),
    );
    // Product names, Tencent console field names and the sample config stay as they are.
    expect(untranslated.sort()).toEqual([
      'admin.secretId',
      'admin.secretKey',
      'app.name',
      'import.pastePlaceholder',
    ]);
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'nav.statusOn', { name: 'office' })).toBe('Connected: office');
    expect(translate('zh-CN', 'nav.statusOn', { name: 'office' })).toBe('已连接：office');
    expect(translate('en', 'nav.statusOn')).toBe('Connected: {name}');
  });

  it('picks Chinese for any zh tag and English otherwise', () => {
    expect(localeFromTag('zh-CN')).toBe('zh-CN');
    expect(localeFromTag('zh-Hans-SG')).toBe('zh-CN');
    expect(localeFromTag('en-GB')).toBe('en');
    expect(localeFromTag('fr')).toBe('en');
    expect(localeFromTag(undefined)).toBe('en');
  });
});
