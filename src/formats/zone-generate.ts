/**
 * BIND 9's `$GENERATE range lhs [ttl] [class] type rhs` directive, expanded into ordinary
 * entries. In lhs and rhs, `$` is the iterator and `\$` a literal dollar sign.
 * `${offset,width,base}` formats the iterator in base d, o, x, X, n or N (nibbles, for reverse zones).
 */
import type { SourceRange } from '../model.js';
import { ZoneLexer } from './zone-lexer.js';
import type { ZoneEntry, ZoneToken } from './zone-lexer.js';
import { lookupType, parseClass } from './zone-text.js';

/** Largest value BIND's signed 32-bit iterator arithmetic allows. */
const INT_MAX = 2147483647;

/**
 * Maximum number of records one `$GENERATE` may expand to.
 * NOTE: BIND 9 has no such limit. driftgate stops here so that one line cannot exhaust memory.
 */
export const MAX_GENERATED = 1_000_000;

type ReportProblem = (range: SourceRange, message: string, fix: string) => void;

const USAGE = 'Write it as `$GENERATE start-stop[/step] lhs [ttl] [class] type rhs`.';

/** Expands a `$GENERATE` entry into record entries, reporting problems instead of throwing. */
export function* expandGenerate(entry: ZoneEntry, report: ReportProblem): Generator<ZoneEntry> {
  const [directive, rangeToken, lhsToken, ...rest] = entry.tokens as [
    ZoneToken,
    ...(ZoneToken | undefined)[],
  ];
  if (rangeToken === undefined || lhsToken === undefined) {
    report(directive, '$GENERATE is missing its range or owner', USAGE);
    return;
  }
  const range = /^([0-9]+)-([0-9]+)(?:\/([0-9]+))?$/.exec(rangeToken.text);
  const start = Number(range?.[1]);
  const stop = Number(range?.[2]);
  const step = Number(range?.[3] ?? 1);
  if (!range || start > stop || stop > INT_MAX || step < 1 || step > INT_MAX) {
    report(
      rangeToken,
      `invalid $GENERATE range \`${rangeToken.text}\``,
      'Write the range as `start-stop` or `start-stop/step`, with start <= stop <= 2147483647 and step >= 1.',
    );
    return;
  }
  if (Math.floor((stop - start) / step) + 1 > MAX_GENERATED) {
    report(
      rangeToken,
      `$GENERATE range \`${rangeToken.text}\` yields more than ${MAX_GENERATED} records`,
      'Split the range or write the records out.',
    );
    return;
  }
  const middle = splitTypeFields(rest as ZoneToken[]);
  if (middle === undefined) {
    report(directive, '$GENERATE has no record type or no rhs', USAGE);
    return;
  }
  const lookup = lookupType(middle.type.text);
  if ('meta' in lookup) {
    report(
      middle.type,
      `${lookup.meta} is a meta type, which $GENERATE cannot produce`,
      'Use a data record type such as A, PTR or CNAME.',
    );
    return;
  }
  const rhsText = middle.rhs
    .map((token) => (token.quoted ? `"${token.text}"` : token.text))
    .join(' ');
  const firstRhs = middle.rhs[0] as ZoneToken;
  const lastRhs = middle.rhs[middle.rhs.length - 1] as ZoneToken;
  const rhsRange: SourceRange = {
    line: firstRhs.line,
    column: firstRhs.column,
    endLine: lastRhs.endLine,
    endColumn: lastRhs.endColumn,
  };

  for (let iterator = start; iterator <= stop; iterator += step) {
    const owner = substitute(lhsToken.text, iterator);
    const data = substitute(rhsText, iterator);
    if ('error' in owner || 'error' in data) {
      const problem = 'error' in owner ? owner : (data as { error: string });
      report(
        'error' in owner ? lhsToken : rhsRange,
        `invalid $GENERATE template: ${problem.error}`,
        'Write substitutions as `$` or `${offset,width,base}` with base d, o, x, X, n or N, and `\\$` for a literal dollar sign.',
      );
      return;
    }
    const rhsTokens = retokenize(data.text, rhsRange, report);
    if (rhsTokens === undefined) {
      return;
    }
    yield {
      tokens: [
        { ...lhsToken, text: owner.text, quoted: false },
        ...middle.fields,
        middle.type,
        ...rhsTokens,
      ],
      blankOwner: false,
      line: entry.line,
    };
  }
}

/** Splits `[ttl] [class] type rhs...` after the owner template. */
function splitTypeFields(
  tokens: ZoneToken[],
): { fields: ZoneToken[]; type: ZoneToken; rhs: ZoneToken[] } | undefined {
  let index = 0;
  while (index < 2 && tokens[index] !== undefined) {
    const token = tokens[index] as ZoneToken;
    if (!/^[0-9]/.test(token.text) && parseClass(token.text) === undefined) {
      break;
    }
    index += 1;
  }
  const type = tokens[index];
  const rhs = tokens.slice(index + 1);
  if (type === undefined || rhs.length === 0) {
    return undefined;
  }
  return { fields: tokens.slice(0, index), type, rhs };
}

/** Lexes expanded rhs text into tokens that all point at the rhs in the source. */
function retokenize(
  text: string,
  range: SourceRange,
  report: ReportProblem,
): ZoneToken[] | undefined {
  let failed = false;
  const lexer = new ZoneLexer(text, (problem) => {
    failed = true;
    report(range, `invalid $GENERATE rhs: ${problem.message}`, problem.fix);
  });
  const tokens: ZoneToken[] = [];
  for (let entry = lexer.next(); entry !== undefined; entry = lexer.next()) {
    tokens.push(...entry.tokens.map((token) => ({ ...token, ...range })));
  }
  return failed ? undefined : tokens;
}

/** Replaces the iterator references in a template, as BIND 9's `genname()` does. */
function substitute(template: string, iterator: number): { text: string } | { error: string } {
  let output = '';
  for (let index = 0; index < template.length; index += 1) {
    const char = template[index] as string;
    if (char === '\\' && index + 1 < template.length) {
      output += template.slice(index, index + 2);
      index += 1;
      continue;
    }
    if (char !== '$') {
      output += char;
      continue;
    }
    if (template[index + 1] === '$') {
      output += '$';
      index += 1;
      continue;
    }
    if (template[index + 1] !== '{') {
      output += String(iterator);
      continue;
    }
    const close = template.indexOf('}', index);
    if (close === -1) {
      return { error: '`${` without a closing `}`' };
    }
    const formatted = formatModifier(template.slice(index + 2, close), iterator);
    if ('error' in formatted) {
      return formatted;
    }
    output += formatted.text;
    index = close;
  }
  return { text: output };
}

function formatModifier(modifier: string, iterator: number): { text: string } | { error: string } {
  const match = /^(-?[0-9]+)(?:,([0-9]+)(?:,([doxXnN]))?)?$/.exec(modifier);
  if (!match) {
    return { error: `modifier \`\${${modifier}}\` is not \`offset[,width[,base]]\`` };
  }
  const offset = Number(match[1]);
  const width = Number(match[2] ?? 0);
  const base = match[3] ?? 'd';
  const value = iterator + offset;
  if (Math.abs(offset) > INT_MAX || value > INT_MAX || value < -INT_MAX - 1) {
    return { error: `${iterator} + ${offset} is out of range` };
  }
  if (width > 255) {
    return { error: `width ${width} is out of range` };
  }
  switch (base) {
    case 'o':
      return { text: (value >>> 0).toString(8).padStart(width, '0') };
    case 'x':
      return { text: (value >>> 0).toString(16).padStart(width, '0') };
    case 'X':
      return { text: (value >>> 0).toString(16).toUpperCase().padStart(width, '0') };
    case 'n':
    case 'N':
      return { text: nibbles(value >>> 0, width, base === 'N') };
    default:
      return {
        text:
          value < 0
            ? `-${String(-value).padStart(width - 1, '0')}`
            : String(value).padStart(width, '0'),
      };
  }
}

/** Writes a value as reversed hex nibbles separated by dots, padded to `width` characters. */
function nibbles(value: number, width: number, upper: boolean): string {
  let digits = value.toString(16);
  while (digits.length * 2 - 1 < width) {
    digits = `0${digits}`;
  }
  const reversed = [...digits].reverse().join('.');
  return upper ? reversed.toUpperCase() : reversed;
}
