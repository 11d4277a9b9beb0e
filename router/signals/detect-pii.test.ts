import { describe, expect, it } from 'vitest';
import { detectPii, isCardNumber, isIban } from './detect-pii.ts';

// Secrets are assembled from parts so the repository holds no string a secret scanner would flag.
const randomTail = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zQ7';
const keys = {
  openai: `sk-${'proj-'}${randomTail}`,
  openaiLegacy: `sk-${randomTail}Zz9`,
  anthropic: `sk-${'ant-'}api03-${randomTail}-x_Y`,
  aws: `AKIA${'IOSFODNN7EXAMPLE'}`,
  github: `ghp${'_'}${'A1b2C3d4'.repeat(5)}`,
  githubFineGrained: `github_${'pat_'}11ABCDEFG0${'a1B2c3'.repeat(5)}`,
  slack: `xox${'b'}-123456789012-987654321098-${randomTail.slice(0, 24)}`,
  privateKey: `-----BEGIN ${'RSA '}PRIVATE KEY-----\nMIIEow...`,
  opensshKey: `-----BEGIN ${'OPENSSH '}PRIVATE KEY-----`,
  assigned: `api_key=${'8f3K2pQ9xZ7mN4vB1cR6tY0w'}`,
  assignedJson: `{"client_secret": "${'q8W2e9R4t7Y1u6I3o5P0aS'}"}`,
};

describe('detectPii', () => {
  it.each<[string, string]>([
    ['email', 'write to john.doe+billing@example.co.uk today'],
    ['email', 'Mail: A_B-c@mail-server.io.'],
    ['phone', 'call +44 20 7946 0958 tomorrow'],
    ['phone', 'call +1 (415) 555-0132'],
    ['phone', 'office (415) 555-0132'],
    ['phone', 'cell 415.555.0132 or'],
    ['phone', 'tel:+4915112345678'],
    ['phone', 'Berlin +49 (0)30 1234567'],
    ['credit_card', 'my card is 4111 1111 1111 1111, exp 12/27'],
    ['credit_card', 'mc 5555-5555-5555-4444'],
    ['credit_card', 'amex 378282246310005.'],
    ['iban', 'IBAN DE89 3704 0044 0532 0130 00 please'],
    ['iban', 'pay to GB82WEST12345698765432'],
    ['iban', 'FR14 2004 1010 0505 0001 3M02 606'],
    ['iban', 'account BE68 5390 0754 7034 AND more'],
    ...Object.entries(keys).map(([name, key]): [string, string] => [name.endsWith('Key') ? 'private_key' : 'api_key', `here: ${key} ok`]),
  ])('finds %s in %j', (type, text) => {
    expect(detectPii(text)).toEqual([type]);
  });

  it.each([
    ['dates and times', 'on 2024-01-15 at 10:30:00, or 15/01/2024, or 2024-01-15T10:30:00Z, or 20240115'],
    ['ordinary numbers', 'we sold 1234567 units for $1,234,567.89 at 3.14159265358979 each; pi ≈ 3.1415926535'],
    ['random digit runs', 'ids 9876543210987654321 and 1234567890123456 and 00000000000000000000'],
    ['Luhn-failing card numbers', 'card 4111 1111 1111 1112 or 5555555555554445'],
    ['a Luhn-valid number without an issuer prefix', 'ref 0000 0000 0000 0000 and 1000000000000009'],
    ['timestamps, versions and addresses', 'ts 1700000000000, v10.2.3, 192.168.100.200, ISBN 978-3-16-148410-0'],
    ['short or math plus-numbers and SSN-like ids', 'score +5 points, x+1234567, 123-45-6789, 1-800-FLOWERS'],
    ['an IBAN failing mod-97', 'IBAN DE89 3704 0044 0532 0130 01'],
    ['file names and handles', 'icon@2x.png, @mention, user@localhost, a@b'],
    ['key-like prose', 'use sk-learn-compatible-estimators-for-everyone and the AKIA prefix'],
    ['placeholders and low-entropy values', 'api_key=YOUR_API_KEY_HERE password = hunter2 token: 1000 max_tokens=4096 secret=aaaaaaaaaaaaaaaa1'],
    ['a public key', '-----BEGIN PUBLIC KEY-----'],
  ])('ignores %s', (_name, text) => {
    expect(detectPii(text)).toEqual([]);
  });

  it('lists each kind once, in a stable order', () => {
    const text = `${keys.aws} a@example.com 4111111111111111 b@example.org +44 20 7946 0958 ${keys.privateKey}`;
    expect(detectPii(text)).toEqual(['email', 'phone', 'credit_card', 'api_key', 'private_key']);
    expect(detectPii(text)).toEqual(detectPii(text));
  });

  it('scans 200 KB adversarial inputs (linear regexes; a backtracking one would hit the test timeout)', () => {
    const size = 200_000;
    const inputs = [
      'a'.repeat(size),
      '1'.repeat(size),
      '1 '.repeat(size / 2),
      'a.'.repeat(size / 2) + '@',
      'ab@'.repeat(size / 3),
      '+1234567890123456789012345 '.repeat(size / 27),
      '+1 2'.repeat(size / 4),
      'DE89 '.repeat(size / 5),
      'secret:     '.repeat(size / 12),
      'sk-'.repeat(size / 3),
      `${'x'.repeat(size)} ${keys.github}`,
    ];
    for (const text of inputs.slice(0, -1)) expect(detectPii(text)).toEqual([]);
    expect(detectPii(inputs.at(-1)!)).toEqual(['api_key']);
  });
});

describe('checksums', () => {
  it('applies Luhn with an issuer prefix', () => {
    expect(isCardNumber('4012888888881881')).toBe(true);
    expect(isCardNumber('4012888888881882')).toBe(false);
    expect(isCardNumber('79927398713')).toBe(false); // Luhn-valid but too short
  });

  it('applies mod-97 to IBANs', () => {
    expect(isIban('NL91ABNA0417164300')).toBe(true);
    expect(isIban('NL91ABNA0417164301')).toBe(false);
    expect(isIban('NL91ABNA04')).toBe(false);
  });
});
