import { describe, expect, it } from 'vitest';
import { findSecretMatches } from './find-secret-matches.ts';

const found = (text: string) => findSecretMatches(text).map((match) => ({ label: match.label, text: text.slice(match.start, match.end) }));

describe('findSecretMatches', () => {
  it.each([
    ['OpenAI project key', 'key sk-proj-Q7vT2mX9pL4rW8nB3kZ6yH1cF5dJ0sAeGuIo end', 'sk-proj-Q7vT2mX9pL4rW8nB3kZ6yH1cF5dJ0sAeGuIo'],
    ['Anthropic key', 'sk-ant-api03-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f', 'sk-ant-api03-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f'],
    ['AWS access key id', 'aws AKIAIOSFODNN7EXAMPLE here', 'AKIAIOSFODNN7EXAMPLE'],
    ['GitHub token', 'ghp_1234567890abcdefghijABCDEFGHIJ123456', 'ghp_1234567890abcdefghijABCDEFGHIJ123456'],
    ['Google API key', 'AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q', 'AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q'],
    ['Stripe live key', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc9Xyz', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc9Xyz'],
    ['JWT', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    ['a random token', 'token=Zk3Q9vL2pX7mR4tB8nW1cY6hF0dJ5sAe', 'token=Zk3Q9vL2pX7mR4tB8nW1cY6hF0dJ5sAe'],
    ['a bare random token', 'use Zk3Q9vL2pX7mR4tB8nW1cY6hF0dJ5sAeQ1 now', 'Zk3Q9vL2pX7mR4tB8nW1cY6hF0dJ5sAeQ1'],
  ])('finds %s', (_name, text, secret) => {
    expect(found(text).map((match) => match.text)).toEqual([secret]);
  });

  it('matches a whole PEM private key block', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx4\nabc+/=\n-----END RSA PRIVATE KEY-----';
    expect(found(`here:\n${pem}\nthanks`)).toEqual([{ label: 'PRIVATE_KEY', text: pem }]);
  });

  it.each([
    ['a git SHA', 'commit 9fceb02d0ae598e95dc970b74767f19372d61af8 fixed it'],
    ['a UUID', 'id 123e4567-e89b-12d3-a456-426614174000'],
    ['a long word', 'pneumonoultramicroscopicsilicovolcanoconiosis'],
    ['a path', '/usr/local/lib/node_modules/typescript/lib/tsserver.js'],
    ['camel-case identifiers', 'useAuthenticationContextProviderWithFallback'],
    ['prose', 'The quick brown fox jumps over the lazy dog 42 times.'],
  ])('ignores %s', (_name, text) => {
    expect(found(text)).toEqual([]);
  });
});
