import { describe, expect, it } from 'vitest';
import {
  parseTc3Authorization,
  signTc3,
  tc3Authorization,
  tc3Date,
} from '../../../src/core/ipsec/tencent/tc3';

/**
 * Known answers from Tencent's "Signature v3" documentation (cloud.tencent.com/document/api/
 * 1427/56189 and its translations): the CVM DescribeInstances examples. The published POST
 * example masks the secrets as "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******" /
 * "Gu5t9xGARNpq86cd98joQYCN3*******"; its published signature is what that literal masked key
 * produces. The older GET example uses the "...EXAMPLE" key.
 */
describe('TC3-HMAC-SHA256 known answers', () => {
  it('POST example (DescribeInstances, 2019-02-25)', () => {
    const payload =
      '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
    const sig = signTc3({
      method: 'POST',
      query: '',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        host: 'cvm.tencentcloudapi.com',
        'x-tc-action': 'describeinstances',
      },
      payload,
      service: 'cvm',
      timestamp: 1551113065,
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******',
    });
    expect(sig.canonicalRequest.split('\n').pop()).toBe(
      '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
    expect(sig.stringToSign).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84',
    );
    expect(sig.signedHeaders).toBe('content-type;host;x-tc-action');
    expect(sig.signature).toBe('be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3');
    expect(tc3Authorization('AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******', sig)).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, ' +
        'SignedHeaders=content-type;host;x-tc-action, Signature=be4f67d323c78ab9acb7395e43c0dbcf822a9cfac32fea2449a7bc7726b770a3',
    );
  });

  it('GET example (DescribeInstances Limit=10&Offset=0, 2018-10-09)', () => {
    const sig = signTc3({
      method: 'GET',
      query: 'Limit=10&Offset=0',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        host: 'cvm.tencentcloudapi.com',
      },
      payload: '',
      service: 'cvm',
      timestamp: 1539084154,
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    });
    expect(sig.stringToSign.split('\n').pop()).toBe(
      '91c9c192c14460df6c1ffc69e34e6c5e90708de2a6d282cccf957dbf1aa7f3a7',
    );
    expect(sig.signature).toBe('5da7a33f6993f0614b047e5df4582db9e9bf4672ba50567dba16c6ccf174c474');
  });

  it('uses the UTC date of the timestamp (not local time)', () => {
    // 2019-02-26 00:44:25 in UTC+8 is still 2019-02-25 in UTC.
    expect(tc3Date(1551113065)).toBe('2019-02-25');
  });

  it('any change to the request changes the signature', () => {
    const base = {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: 'vpc.tencentcloudapi.com' },
      payload: '{"Limit":20}',
      service: 'vpc',
      timestamp: 1700000000,
      secretKey: 'k',
    };
    const s = signTc3(base).signature;
    expect(signTc3({ ...base, payload: '{"Limit":21}' }).signature).not.toBe(s);
    expect(signTc3({ ...base, secretKey: 'k2' }).signature).not.toBe(s);
    expect(signTc3({ ...base, timestamp: 1700000001 }).signature).not.toBe(s);
    expect(
      signTc3({ ...base, headers: { ...base.headers, host: 'vpc.intl.tencentcloudapi.com' } })
        .signature,
    ).not.toBe(s);
  });

  it('parses an Authorization header and rejects others', () => {
    const parsed = parseTc3Authorization(
      'TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2019-02-25/vpc/tc3_request, SignedHeaders=content-type;host, Signature=' +
        'a'.repeat(64),
    );
    expect(parsed).toEqual({
      secretId: 'AKIDEXAMPLE',
      date: '2019-02-25',
      service: 'vpc',
      signedHeaders: ['content-type', 'host'],
      signature: 'a'.repeat(64),
    });
    expect(parseTc3Authorization('Bearer x')).toBeUndefined();
    expect(parseTc3Authorization('SKIP')).toBeUndefined();
  });
});
