/** SvcParams of SVCB and HTTPS records in presentation format (RFC 9460 §2.1 and §7). */
import { isIPv4, isIPv6 } from 'node:net';

import type { RdataToken } from './tokens.js';

/** One SvcParam: its key name and its value as octets, absent for keys with no value. */
export interface SvcParam {
  key: string;
  value?: string;
}

/** The outcome of parsing SvcParams. */
export type SvcParamsResult = { ok: true; params: SvcParam[] } | { ok: false; field: string; message: string };

/** Key names and numbers of the IANA "Service Parameter Keys (SvcParamKeys)" registry. */
const keyNumbers: Record<string, number> = {
  mandatory: 0, alpn: 1, 'no-default-alpn': 2, port: 3, ipv4hint: 4, ech: 5, ipv6hint: 6, dohpath: 7, ohttp: 8,
};

type ValueCheck = (value: string | undefined) => string | undefined;

const noValue: ValueCheck = (value) => (value === undefined || value === '' ? undefined : 'takes no value');
const list = (check: (item: string) => boolean, what: string): ValueCheck => (value) =>
  value === undefined || value === '' ? `needs ${what}` : value.split(',').every((item) => item !== '' && check(item)) ? undefined : `needs a comma-separated list of ${what}`;

const valueChecks: Record<string, ValueCheck> = {
  mandatory: list((item) => canonicalKey(item) !== undefined && canonicalKey(item) !== 'mandatory', 'key names other than mandatory'),
  alpn: list(() => true, 'protocol ids such as h2,h3'),
  'no-default-alpn': noValue,
  port: (value) => (value !== undefined && /^\d+$/.test(value) && Number(value) <= 65535 ? undefined : 'needs a port from 0 to 65535'),
  ipv4hint: list(isIPv4, 'IPv4 addresses'),
  ipv6hint: list(isIPv6, 'IPv6 addresses'),
  ech: (value) => (value !== undefined && /^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0 ? undefined : 'needs base64 text'),
  ohttp: noValue,
};

/** Returns a key's registered name, turning `key1` into `alpn`; undefined when it is no key. */
function canonicalKey(text: string): string | undefined {
  const lower = text.toLowerCase();
  if (lower in keyNumbers) return lower;
  const numbered = /^key(\d{1,5})$/.exec(lower);
  if (!numbered || Number(numbered[1]) > 65535) return undefined;
  const number = Number(numbered[1]);
  return Object.entries(keyNumbers).find(([, value]) => value === number)?.[0] ?? `key${number}`;
}

/** Parses `key[=value]` words; a key may appear only once (RFC 9460 §2.2). */
export function parseSvcParams(tokens: readonly RdataToken[]): SvcParamsResult {
  const params: SvcParam[] = [];
  for (const token of tokens) {
    const equals = token.octets.indexOf('=');
    const keyText = equals === -1 ? token.octets : token.octets.slice(0, equals);
    const value = equals === -1 ? undefined : token.octets.slice(equals + 1);
    const key = canonicalKey(keyText);
    if (key === undefined) {
      return { ok: false, field: 'params', message: `\`${keyText}\` is not a SvcParamKey; write a registered key such as alpn or port, or keyNNNNN` };
    }
    if (params.some((param) => param.key === key)) {
      return { ok: false, field: key, message: `SvcParamKey \`${key}\` appears more than once` };
    }
    const problem = valueChecks[key]?.(value);
    if (problem) return { ok: false, field: key, message: `SvcParamKey \`${key}\` ${problem}` };
    params.push(value === undefined ? { key } : { key, value });
  }
  for (const name of params.find((param) => param.key === 'mandatory')?.value?.split(',') ?? []) {
    const key = canonicalKey(name);
    if (!params.some((param) => param.key === key)) {
      return { ok: false, field: 'mandatory', message: `mandatory lists \`${name}\`, but the record does not set it` };
    }
  }
  return { ok: true, params: params.sort((left, right) => keyOrder(left.key) - keyOrder(right.key)) };
}

function keyOrder(key: string): number {
  return keyNumbers[key] ?? Number(key.slice(3));
}
