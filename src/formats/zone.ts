/**
 * DNS master files (RFC 1035 section 5) as BIND 9 reads them, into the canonical `dns` document:
 * one zone whose records have absolute owner names, a resolved TTL and RDATA in presentation
 * form with relative names made absolute. Per-type RDATA validation is left to the `dns-` rules.
 */
import { BUILTIN_CHECKS } from '../model.js';
import type { DataPath, Finding, Locator, SourceRange } from '../model.js';
import type { ParseContext, ParseOutput, SourceFormat } from './format.js';
import { expandGenerate } from './zone-generate.js';
import { ZoneLexer } from './zone-lexer.js';
import type { ZoneEntry, ZoneToken } from './zone-lexer.js';
import {
  MAX_TTL,
  absoluteName,
  lookupType,
  nameFieldsOf,
  parseClass,
  parseTtl,
} from './zone-text.js';
import type { NameResult, TypeLookup } from './zone-text.js';

/** One resource record of the canonical model. */
export interface ZoneRecord {
  name: string;
  type: string;
  ttl: number;
  class: string;
  value: string;
}

/** Class that every record of a zone must have. `named-checkzone` also defaults to IN. */
const ZONE_CLASS = 'IN';

/** Depth of nested `$INCLUDE`s, past which an include loop is assumed. */
const MAX_INCLUDE_DEPTH = 16;

/** Types whose RDATA may be empty in presentation form (RFC 3123 for APL). */
const EMPTY_RDATA_TYPES = new Set(['APL']);

const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;

/** Record fields in the order their ranges are stored. */
const RECORD_FIELDS = ['name', 'ttl', 'class', 'type', 'value'] as const;
const SLOTS = RECORD_FIELDS.length * 4;

/** One file being read: the main zone file or an `$INCLUDE`d one. */
interface ZoneSource {
  file: string;
  lexer: ZoneLexer;
  /** The top-level `$INCLUDE` directive, which record locations point to for included files. */
  anchor?: SourceRange;
  depth: number;
}

/** Parser state that carries across entries and included files (RFC 1035 section 5.1). */
class ZoneParser {
  origin: string | undefined;
  zoneOrigin: string | undefined;
  defaultTtl: number | undefined;
  lastTtl: number | undefined;
  lastOwner: string | undefined;
  zoneTtl: number | undefined;
  zoneTtlRange: SourceRange | undefined;
  originRange: SourceRange | undefined;
  /** Line of the `$ORIGIN` (or `$INCLUDE` with an origin) since which no record was read. */
  originChangedAt: { file: string; line: number } | undefined;
  /** First relative name read while no origin was known, which the file's one origin finding names. */
  missingOrigin: { file: string; range: SourceRange; name: string } | undefined;
  readonly records: ZoneRecord[] = [];
  /** Four numbers (line, column, end line, end column) per record field, per record. */
  ranges = new Int32Array(SLOTS * 1024);
  readonly findings: Finding[] = [];
  /** Names made absolute under `namesOrigin`, by their spelling in the file. */
  private readonly names = new Map<string, NameResult>();
  /** Type lookups by the spelling of the type in the file. */
  private readonly types = new Map<string, TypeLookup>();
  /** Classes by the spelling of a token that may be one (null for none). */
  private readonly classes = new Map<string, string | null>();
  private namesOrigin: string | undefined;

  /**
   * @param leadingOrigin the absolute name of a `$ORIGIN` that comes before every record, which
   * names the zone better than the file name does when no origin is given.
   */
  constructor(
    readonly context: ParseContext,
    leadingOrigin?: string,
  ) {
    this.origin =
      context.origin === undefined
        ? (leadingOrigin ?? originFromFileName(context.file))
        : normalizeOrigin(context.origin);
    this.zoneOrigin = this.origin;
  }

  /** Reads every entry of `source`, following `$INCLUDE` into other files. */
  readSource(source: ZoneSource): void {
    for (let entry = source.lexer.next(); entry !== undefined; entry = source.lexer.next()) {
      if (entry.damaged) {
        // BIND 9 fails the whole entry, so a record with a tokenizer problem is not loaded.
        continue;
      }
      const first = entry.tokens[0] as ZoneToken;
      if (!entry.blankOwner && !first.quoted && first.text.startsWith('$')) {
        this.readDirective(entry, source);
      } else {
        this.readRecord(entry, source);
      }
    }
  }

  /** Records a load finding; master-file problems use the `syntax-error` id. */
  report(
    file: string,
    range: SourceRange,
    message: string,
    fix: string,
    severity: Finding['severity'] = 'error',
  ): void {
    this.findings.push({
      ruleId: BUILTIN_CHECKS.syntax,
      severity,
      message,
      file,
      line: range.line,
      column: range.column,
      endLine: range.endLine,
      endColumn: range.endColumn,
      fix,
    });
  }

  /**
   * Reports a name that cannot be made absolute. When no origin is known, every relative name
   * fails the same way, so only the first one is kept, for a single finding about the origin.
   */
  reportName(file: string, token: ZoneToken, result: { error: string; missingOrigin?: true }, message: string, fix: string): void {
    if (!result.missingOrigin) {
      this.report(file, token, message, fix);
    } else if (this.missingOrigin === undefined) {
      this.missingOrigin = { file, range: rangeOnly(token), name: token.text };
    }
  }

  /** Empties the caches of names and types, which only reading the file needs. */
  releaseCaches(): void {
    this.names.clear();
    this.types.clear();
    this.classes.clear();
  }

  /** Returns the class a token names, like `parseClass`, looking each spelling up once. */
  private parseClass(text: string): string | undefined {
    let result = this.classes.get(text);
    if (result === undefined) {
      result = parseClass(text) ?? null;
      this.classes.set(text, result);
    }
    return result ?? undefined;
  }

  /**
   * Makes a record's name absolute against the current origin, like `absoluteName`. Each
   * spelling is resolved once per origin, so records with the same owner or target share one
   * string. The zone index then hashes and parses each name once, and the zone takes less memory.
   */
  private absoluteName(text: string): NameResult {
    if (this.namesOrigin !== this.origin) {
      this.names.clear();
      this.namesOrigin = this.origin;
    }
    let result = this.names.get(text);
    if (result === undefined) {
      result = absoluteName(text, this.origin);
      this.names.set(text, result);
    }
    return result;
  }

  private readDirective(entry: ZoneEntry, source: ZoneSource): void {
    const [directive, ...operands] = entry.tokens as [ZoneToken, ...ZoneToken[]];
    switch (directive.text.toUpperCase()) {
      case '$ORIGIN':
        this.readOrigin(directive, operands, source);
        return;
      case '$TTL':
        this.readDefaultTtl(directive, operands, source);
        return;
      case '$INCLUDE':
        this.readInclude(directive, operands, source);
        return;
      case '$GENERATE':
        for (const generated of expandGenerate(entry, (range, message, fix) =>
          this.report(source.file, range, message, fix),
        )) {
          this.readRecord(generated, source);
        }
        return;
      default:
        this.report(
          source.file,
          directive,
          `unknown directive \`${directive.text}\``,
          'Use one of $ORIGIN, $TTL, $INCLUDE or $GENERATE, or start a record name with `\\$`.',
        );
    }
  }

  private expectOperands(
    directive: ZoneToken,
    operands: ZoneToken[],
    min: number,
    max: number,
    usage: string,
    file: string,
  ): boolean {
    if (operands.length < min) {
      this.report(
        file,
        directive,
        `${directive.text} is missing its operand`,
        `Write it as \`${usage}\`.`,
      );
      return false;
    }
    if (operands.length > max) {
      const extra = operands[max] as ZoneToken;
      this.report(
        file,
        extra,
        `extra text \`${extra.text}\` after ${directive.text}`,
        `Write it as \`${usage}\`, or start a comment with \`;\`.`,
      );
      return false;
    }
    return true;
  }

  private readOrigin(directive: ZoneToken, operands: ZoneToken[], source: ZoneSource): void {
    if (!this.expectOperands(directive, operands, 1, 1, '$ORIGIN example.com.', source.file)) {
      return;
    }
    const operand = operands[0] as ZoneToken;
    const result = absoluteName(operand.text, this.origin);
    if ('error' in result) {
      this.reportName(
        source.file,
        operand,
        result,
        `invalid $ORIGIN: ${result.error}`,
        'Give $ORIGIN an absolute name ending in `.`, such as `example.com.`.',
      );
      return;
    }
    this.origin = result.name;
    this.originChangedAt = { file: source.file, line: directive.line };
    if (this.zoneOrigin === undefined) {
      this.zoneOrigin = result.name;
      this.originRange = rangeOnly(source.anchor ?? operand);
    }
  }

  private readDefaultTtl(directive: ZoneToken, operands: ZoneToken[], source: ZoneSource): void {
    if (!this.expectOperands(directive, operands, 1, 1, '$TTL 3600', source.file)) {
      return;
    }
    const operand = operands[0] as ZoneToken;
    const ttl = this.checkedTtl(operand, source.file);
    if (ttl === undefined) {
      return;
    }
    // RFC 2308 section 4: $TTL sets the TTL of every later record that gives none.
    this.defaultTtl = ttl;
    this.lastTtl = ttl;
    if (this.zoneTtl === undefined) {
      this.zoneTtl = ttl;
      this.zoneTtlRange = rangeOnly(source.anchor ?? operand);
    }
  }

  private readInclude(directive: ZoneToken, operands: ZoneToken[], source: ZoneSource): void {
    if (!this.expectOperands(directive, operands, 1, 2, '$INCLUDE file [origin]', source.file)) {
      return;
    }
    const [pathToken, originToken] = operands as [ZoneToken, ZoneToken | undefined];
    if (source.depth >= MAX_INCLUDE_DEPTH) {
      this.report(
        source.file,
        directive,
        `$INCLUDE nested more than ${MAX_INCLUDE_DEPTH} deep, probably a loop`,
        'Remove the $INCLUDE that includes a file including this one.',
      );
      return;
    }
    const included = this.context.readInclude?.(pathToken.text);
    if (included === undefined) {
      this.report(
        source.file,
        pathToken,
        `cannot include \`${pathToken.text}\`: not a readable file inside the repository`,
        'Name a zone file of this repository, relative to its root folder (where driftgate.yaml is).',
      );
      return;
    }
    const savedOrigin = this.origin;
    if (originToken !== undefined) {
      const result = absoluteName(originToken.text, this.origin);
      if ('error' in result) {
        this.reportName(
          source.file,
          originToken,
          result,
          `invalid $INCLUDE origin: ${result.error}`,
          'Give an absolute origin ending in `.`.',
        );
        return;
      }
      this.origin = result.name;
      this.originChangedAt = { file: source.file, line: directive.line };
    }
    const lexer = new ZoneLexer(included.text, (problem) =>
      this.report(included.file, problem, problem.message, problem.fix),
    );
    this.readSource({
      file: included.file,
      lexer,
      anchor: source.anchor ?? directive,
      depth: source.depth + 1,
    });
    // RFC 1035 section 5.1: the origin reverts after the included file, and only the origin.
    this.origin = savedOrigin;
  }

  private checkedTtl(token: ZoneToken, file: string): number | undefined {
    const ttl = parseTtl(token.text);
    if (ttl === undefined) {
      this.report(
        file,
        token,
        `invalid TTL \`${token.text}\``,
        'Write the TTL in seconds (`3600`) or with units (`1h`, `1h30m`, `2d`), at most 2147483647 seconds.',
      );
      return undefined;
    }
    if (ttl > MAX_TTL) {
      // BIND 9 loads such a TTL as 0 with a warning (RFC 2181 section 8).
      this.report(
        file,
        token,
        `TTL ${ttl} is above 2147483647, so servers treat it as 0`,
        'Use a TTL of at most 2147483647 seconds.',
        'warning',
      );
      return 0;
    }
    return ttl;
  }

  private readRecord(entry: ZoneEntry, source: ZoneSource): void {
    const tokens = entry.tokens;
    const first = tokens[0] as ZoneToken;
    let owner: string;
    const ownerRange: SourceRange = first;
    let index = 0;
    if (entry.blankOwner) {
      if (this.lastOwner === undefined) {
        if (this.missingOrigin !== undefined) {
          // The owner to inherit was a relative name, which the origin finding covers.
          return;
        }
        this.report(
          source.file,
          first,
          'record has no owner name and no earlier record to inherit it from',
          'Start the line with the owner name, or `@` for the zone apex.',
        );
        return;
      }
      owner = this.lastOwner;
      this.warnInheritedOwner(owner, first, source.file);
    } else {
      const result = this.absoluteName(first.text);
      if ('error' in result) {
        this.reportName(
          source.file,
          first,
          result,
          `invalid owner name: ${result.error}`,
          'Write an absolute name ending in `.`, or set $ORIGIN (or the zone origin) before relative names.',
        );
        return;
      }
      owner = result.name;
      index = 1;
    }
    this.lastOwner = owner;
    this.originChangedAt = undefined;

    const fields = this.readTtlAndClass(tokens, index, source.file);
    if (fields === undefined) {
      return;
    }
    index = fields.index;
    const typeToken = tokens[index];
    if (typeToken === undefined) {
      this.report(
        source.file,
        tokens[tokens.length - 1] as ZoneToken,
        'record has no type',
        'Add the record type and its data, such as `A 192.0.2.1`.',
      );
      return;
    }
    const typeLookup = this.checkedType(typeToken, source.file);
    if (typeLookup === undefined) {
      return;
    }
    const type = typeLookup.type;
    const rdata = tokens.slice(index + 1);
    if (!typeLookup.known && (rdata[0]?.text !== '\\#' || rdata[0].quoted)) {
      this.report(
        source.file,
        rdata[0] ?? typeToken,
        `${type} has no known data format, so its data must be RFC 3597 generic data`,
        `Write the data as \`\\# length hex\`, such as \`${type} \\# 2 0a0b\`.`,
      );
      return;
    }
    const value = this.buildValue(type, rdata, typeToken, source.file);
    if (value === undefined) {
      return;
    }
    const ttl = this.resolveTtl(type, fields.ttl, rdata, typeToken, source.file);
    if (ttl === undefined) {
      return;
    }
    if (this.zoneOrigin === undefined && type === 'SOA') {
      this.zoneOrigin = owner;
      this.originRange = rangeOnly(source.anchor ?? ownerRange);
      // In a file without an origin, later relative names complete against the absolute SOA
      // owner, as docs/zone-files.md describes.
      this.origin ??= owner;
    }
    // A record outside the zone stays in the model: BIND ignores it, and dns-out-of-zone-data
    // reports it.
    const recordClass = fields.recordClass ?? ZONE_CLASS;
    this.records.push({ name: owner, type, ttl, class: recordClass, value });
    // The fields in RECORD_FIELDS order. Records of an included file point at the `$INCLUDE`.
    const offset = this.reserveRanges();
    const anchor = source.anchor;
    if (anchor !== undefined) {
      for (let field = 0; field < RECORD_FIELDS.length; field += 1) {
        this.storeRange(offset + field * 4, anchor);
      }
      return;
    }
    if (entry.blankOwner) {
      // A record without an owner points at the start of its line.
      this.storeSpan(offset, first.line, 1, first.line, 1);
    } else {
      this.storeRange(offset, ownerRange);
    }
    this.storeRange(offset + 4, fields.ttlRange ?? typeToken);
    this.storeRange(offset + 8, fields.classRange ?? typeToken);
    this.storeRange(offset + 12, typeToken);
    if (rdata.length > 0) {
      const last = rdata[rdata.length - 1] as ZoneToken;
      const start = rdata[0] as ZoneToken;
      this.storeSpan(offset + 16, start.line, start.column, last.endLine, last.endColumn);
    } else {
      this.storeRange(offset + 16, typeToken);
    }
  }

  /** Returns the offset of the last record's ranges in `ranges`, growing it when it is full. */
  private reserveRanges(): number {
    const offset = (this.records.length - 1) * SLOTS;
    if (offset + SLOTS > this.ranges.length) {
      const grown = new Int32Array(this.ranges.length * 2);
      grown.set(this.ranges);
      this.ranges = grown;
    }
    return offset;
  }

  private storeSpan(at: number, line: number, column: number, endLine: number, endColumn: number): void {
    const ranges = this.ranges;
    ranges[at] = line;
    ranges[at + 1] = column;
    ranges[at + 2] = endLine;
    ranges[at + 3] = endColumn;
  }

  private storeRange(at: number, range: SourceRange): void {
    const ranges = this.ranges;
    ranges[at] = range.line;
    ranges[at + 1] = range.column;
    ranges[at + 2] = range.endLine;
    ranges[at + 3] = range.endColumn;
  }

  /**
   * Warns when a record without an owner follows `$ORIGIN`: it inherits the previous record's
   * owner, not the new origin, which BIND 9 also warns about.
   */
  private warnInheritedOwner(owner: string, first: ZoneToken, file: string): void {
    const changed = this.originChangedAt;
    if (changed === undefined) {
      return;
    }
    const where =
      changed.file === file ? `line ${changed.line}` : `${changed.file}:${changed.line}`;
    this.report(
      file,
      { line: first.line, column: 1, endLine: first.line, endColumn: 1 },
      `record inherits the owner \`${owner}\` from before the origin change at ${where}, not the new origin`,
      'Write the owner explicitly, such as `@` for the new origin.',
      'warning',
    );
  }

  /** Reads the optional TTL and class, which RFC 1035 section 5.1 allows in either order. */
  private readTtlAndClass(tokens: ZoneToken[], start: number, file: string) {
    let index = start;
    let ttl: number | undefined;
    let ttlRange: ZoneToken | undefined;
    let recordClass: string | undefined;
    let classRange: ZoneToken | undefined;
    for (let round = 0; round < 2; round += 1) {
      const token = tokens[index];
      if (token === undefined || token.quoted) {
        break;
      }
      const code = token.text.charCodeAt(0);
      if (ttlRange === undefined && code >= DIGIT_ZERO && code <= DIGIT_NINE) {
        ttl = this.checkedTtl(token, file);
        if (ttl === undefined) {
          return undefined;
        }
        ttlRange = token;
        index += 1;
        continue;
      }
      const parsedClass = classRange === undefined ? this.parseClass(token.text) : undefined;
      if (parsedClass === undefined) {
        break;
      }
      recordClass = parsedClass;
      classRange = token;
      if (recordClass !== ZONE_CLASS) {
        this.report(
          file,
          token,
          `class ${token.text} does not match the zone class ${ZONE_CLASS}`,
          `Use class ${ZONE_CLASS}, or leave the class out.`,
        );
        return undefined;
      }
      index += 1;
    }
    return { index, ttl, ttlRange, recordClass, classRange };
  }

  private checkedType(
    token: ZoneToken,
    file: string,
  ): { type: string; known: boolean } | undefined {
    // A zone spells few types, so each spelling is looked up once.
    let lookup = this.types.get(token.text);
    if (lookup === undefined) {
      lookup = lookupType(token.text);
      this.types.set(token.text, lookup);
    }
    if ('type' in lookup) {
      return lookup;
    }
    if ('meta' in lookup) {
      this.report(
        file,
        token,
        `${lookup.meta} is a meta type, which cannot appear in a zone`,
        'Remove the record; meta types only exist in queries and transfers.',
      );
    } else {
      this.report(
        file,
        token,
        `unknown record type \`${token.text}\``,
        'Use a record type mnemonic such as A, AAAA, MX or TXT, or `TYPEnnn` with `\\# length hex` data (RFC 3597).',
      );
    }
    return undefined;
  }

  /** Joins RDATA tokens into the presentation-form value, with names made absolute. */
  private buildValue(
    type: string,
    rdata: ZoneToken[],
    typeToken: ZoneToken,
    file: string,
  ): string | undefined {
    if (rdata.length === 0) {
      if (EMPTY_RDATA_TYPES.has(type)) {
        return '';
      }
      this.report(
        file,
        typeToken,
        `${type} record has no data`,
        `Add the ${type} record data after the type.`,
      );
      return undefined;
    }
    const first = rdata[0] as ZoneToken;
    if (!first.quoted && first.text === '\\#') {
      return this.genericValue(rdata, file);
    }
    const nameFields = nameFieldsOf(type, rdata);
    if (rdata.length === 1 && nameFields.length === 0) {
      // One word without a name, such as the address of an A or AAAA record.
      return first.quoted ? `"${first.text}"` : first.text;
    }
    const parts: string[] = [];
    for (let position = 0; position < rdata.length; position += 1) {
      const token = rdata[position] as ZoneToken;
      if (token.quoted) {
        parts.push(`"${token.text}"`);
      } else if (nameFields.includes(position)) {
        const result = this.absoluteName(token.text);
        if ('error' in result) {
          this.reportName(
            file,
            token,
            result,
            `invalid name in ${type} data: ${result.error}`,
            'Write an absolute name ending in `.`, or a name relative to the current origin.',
          );
          return undefined;
        }
        parts.push(result.name);
      } else {
        parts.push(token.text);
      }
    }
    return parts.join(' ');
  }

  /** Checks RFC 3597 generic RDATA, `\# length hex...`, and returns it with the hex joined. */
  private genericValue(rdata: ZoneToken[], file: string): string | undefined {
    const [marker, lengthToken, ...hexTokens] = rdata as [ZoneToken, ...ZoneToken[]];
    const fix =
      'Write generic data as `\\# length hex`, where length is the number of octets the hex digits encode (RFC 3597 section 5).';
    if (
      lengthToken === undefined ||
      !/^[0-9]{1,5}$/.test(lengthToken.text) ||
      Number(lengthToken.text) > 65535
    ) {
      this.report(
        file,
        lengthToken ?? marker,
        'generic data `\\#` needs a length between 0 and 65535',
        fix,
      );
      return undefined;
    }
    const hex = hexTokens.map((token) => token.text).join('');
    if (hexTokens.some((token) => token.quoted) || !/^[0-9A-Fa-f]*$/.test(hex)) {
      this.report(
        file,
        hexTokens[0] as ZoneToken,
        'generic data contains a character that is not a hex digit',
        fix,
      );
      return undefined;
    }
    const length = Number(lengthToken.text);
    if (hex.length !== length * 2) {
      const range =
        hexTokens.length > 0
          ? spanOf(hexTokens[0] as ZoneToken, hexTokens[hexTokens.length - 1] as ZoneToken)
          : lengthToken;
      this.report(
        file,
        range,
        `generic data declares ${length} octets but its hex digits encode ${hex.length / 2}`,
        fix,
      );
      return undefined;
    }
    return length === 0 ? '\\# 0' : `\\# ${length} ${hex.toLowerCase()}`;
  }

  /**
   * Returns the TTL of a record: its own, else `$TTL`, else the last TTL written (RFC 1035
   * section 5.1), else, for the SOA alone, its MINIMUM field as BIND 9 does.
   */
  private resolveTtl(
    type: string,
    explicit: number | undefined,
    rdata: ZoneToken[],
    typeToken: ZoneToken,
    file: string,
  ): number | undefined {
    if (explicit !== undefined) {
      this.lastTtl = explicit;
      return explicit;
    }
    if (this.defaultTtl !== undefined) {
      return this.defaultTtl;
    }
    if (this.lastTtl !== undefined) {
      return this.lastTtl;
    }
    const minimum =
      type === 'SOA' && rdata.length === 7 ? parseTtl((rdata[6] as ZoneToken).text) : undefined;
    if (minimum !== undefined) {
      this.lastTtl = Math.min(minimum, MAX_TTL);
      return this.lastTtl;
    }
    this.report(
      file,
      typeToken,
      'record has no TTL, and no $TTL or earlier TTL applies',
      'Put `$TTL 3600` (or the TTL you want) at the top of the file, or give the record a TTL.',
    );
    return undefined;
  }

  rangeOf(record: number, field: number): SourceRange {
    const offset = record * SLOTS + field * 4;
    const ranges = this.ranges;
    return {
      line: ranges[offset] as number,
      column: ranges[offset + 1] as number,
      endLine: ranges[offset + 2] as number,
      endColumn: ranges[offset + 3] as number,
    };
  }
}

function rangeOnly(range: SourceRange): SourceRange {
  return {
    line: range.line,
    column: range.column,
    endLine: range.endLine,
    endColumn: range.endColumn,
  };
}

function spanOf(first: SourceRange, last: SourceRange): SourceRange {
  return {
    line: first.line,
    column: first.column,
    endLine: last.endLine,
    endColumn: last.endColumn,
  };
}

function normalizeOrigin(origin: string): string | undefined {
  if (origin === '' || origin === '.') {
    return '.';
  }
  const result = absoluteName(origin.endsWith('.') ? origin : `${origin}.`, undefined);
  return 'name' in result ? result.name : undefined;
}

/**
 * Derives the zone origin from names such as `example.com.zone`, `example.com.db` or
 * `db.example.com`. A name with a single label (`zone1.db`) gives no origin, because such
 * names rarely name a top-level zone.
 */
export function originFromFileName(file: string): string | undefined {
  const base = file.slice(file.lastIndexOf('/') + 1);
  let stem: string | undefined;
  if (/^db\./i.test(base)) {
    stem = base.slice(3);
  } else if (/\.(zone|db)$/i.test(base)) {
    stem = base.replace(/\.(zone|db)$/i, '');
  }
  if (stem === undefined || !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/.test(stem)) {
    return undefined;
  }
  return `${stem}.`;
}

/** Maps data paths of a parsed zone to the source text of the main file. */
class ZoneLocator implements Locator {
  constructor(private readonly parser: ZoneParser) {}

  locate(path: DataPath): SourceRange {
    const start = { line: 1, column: 1, endLine: 1, endColumn: 1 };
    if (path[0] !== 'zones' || path.length < 3) {
      return start;
    }
    if (path[2] === 'origin') {
      return this.parser.originRange ?? start;
    }
    if (path[2] === 'ttl') {
      return this.parser.zoneTtlRange ?? start;
    }
    const record = path[3];
    if (
      path[2] !== 'records' ||
      typeof record !== 'number' ||
      record < 0 ||
      record >= this.parser.records.length
    ) {
      return start;
    }
    const field = RECORD_FIELDS.indexOf(path[4] as (typeof RECORD_FIELDS)[number]);
    if (field === -1) {
      return spanOf(this.parser.rangeOf(record, 0), this.parser.rangeOf(record, 4));
    }
    return this.parser.rangeOf(record, field);
  }
}

/**
 * Returns the name of a `$ORIGIN` directive with an absolute name that comes before the first
 * record of the text, after blank lines, comments and `$TTL` only.
 */
function leadingOriginOf(text: string): string | undefined {
  for (const line of text.split('\n', 200)) {
    const code = line.replace(/;.*$/, '').trim();
    if (code === '' || /^\$TTL\s/i.test(code)) continue;
    const origin = /^\$ORIGIN\s+(\S+)$/i.exec(code)?.[1];
    return origin?.endsWith('.') ? normalizeOrigin(origin) : undefined;
  }
  return undefined;
}

/** Parses a master file into one `dns` document with the findings of loading it. */
export function parseZoneFile(text: string, context: ParseContext): ParseOutput {
  const parser = new ZoneParser(context, context.origin === undefined ? leadingOriginOf(text) : undefined);
  if (context.origin !== undefined && parser.origin === undefined) {
    parser.report(
      context.file,
      { line: 1, column: 1, endLine: 1, endColumn: 1 },
      `invalid zone origin \`${context.origin}\``,
      'Give the origin as a domain name, such as `example.com.`.',
    );
  }
  // Editors on Windows may start the file with a byte order mark, which is no part of the owner.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lexer = new ZoneLexer(body, (problem) =>
    parser.report(context.file, problem, problem.message, problem.fix),
  );
  parser.readSource({ file: context.file, lexer, depth: 0 });
  // The locator keeps the parser for its ranges, but the lookup caches are needed no more.
  parser.releaseCaches();
  if (parser.missingOrigin !== undefined) {
    // Without an origin the zone's names are unknown, so no rule can judge it. An invalid origin
    // that was given is already reported, and that finding gives the fix.
    const originGiven = context.origin !== undefined;
    const findings = originGiven ? parser.findings : [missingOriginFinding(parser.missingOrigin), ...parser.findings];
    return { documents: [], findings };
  }
  const zone: { origin: string; ttl?: number; records: ZoneRecord[] } = {
    origin: parser.zoneOrigin ?? '.',
    records: parser.records,
  };
  if (parser.zoneTtl !== undefined) {
    zone.ttl = parser.zoneTtl;
  }
  const data = { kind: 'dns', zones: [zone] };
  return {
    documents: [
      {
        kind: 'dns',
        file: context.file,
        format: 'zone',
        index: 0,
        data,
        locator: new ZoneLocator(parser),
      },
    ],
    findings: parser.findings,
  };
}

/** Returns the one finding of a zone file whose relative names have no origin to complete them. */
function missingOriginFinding(first: { file: string; range: SourceRange; name: string }): Finding {
  return {
    ruleId: BUILTIN_CHECKS.syntax,
    severity: 'error',
    message: `the zone origin could not be determined, so relative names such as \`${first.name}\` cannot be made absolute`,
    file: first.file,
    ...first.range,
    fix:
      'Give the origin with `--origin example.com.`, under `dns.origins` in driftgate.yaml, with a `$ORIGIN example.com.` line at the top of the file, or by naming the file after the zone, such as `example.com.zone` or `db.example.com`.',
  };
}

const contentStart =
  /^(?:\s*(?:;[^\n]*)?\n)*(?:\$(?:TTL|ORIGIN|INCLUDE|GENERATE)\b|\S+\s+(?:[0-9][0-9smhdwSMHDW]*\s+)?(?:IN\s+)?(?:[0-9][0-9smhdwSMHDW]*\s+)?SOA\b)/i;

/** RFC 1035 master files: `*.zone`, `*.db` and `db.*`, or text that starts like one. */
export const zoneFormat: SourceFormat = {
  name: 'zone',
  claimsName: (path) => {
    const base = path.slice(path.lastIndexOf('/') + 1);
    return /\.(zone|db)$/i.test(base) || /^db\./i.test(base);
  },
  // A `*.zone` or `db.*` name is enough. Binary `.db` files, such as SQLite databases, contain
  // NUL bytes, and the loader rejects those before any format parses them.
  claimsContent: (head, path) => zoneFormat.claimsName(path) || contentStart.test(head),
  parse: parseZoneFile,
  // The parser writes only strings and whole numbers that the dns schema accepts, and
  // test/formats/zone-fuzz.test.ts checks its documents against the schema on malformed input.
  schemaValid: true,
};
