/**
 * The statements of an nft chain block that declare the chain instead of adding a rule:
 * `type T hook H priority P`, `policy X` and `comment "text"`, several of them on one line
 * separated by `;`, as nft(8) of nftables 1.0.6 writes them.
 */

/** A declared chain field with the 0-based `[start, end)` offsets of its words in the line. */
export interface ChainField {
  key: 'type' | 'hook' | 'prio' | 'policy';
  value: string | number;
  start: number;
  end: number;
}

/** A statement nft rejects or that is outside the subset, with its offsets in the line. */
export interface ChainProblem {
  start: number;
  end: number;
  /** Message and fix of a statement that nft rejects. A statement outside the subset has none. */
  finding?: { message: string; fix: string };
}

/**
 * Standard priority names of the ip, ip6 and inet families (nft(8) of nftables 1.0.6, STANDARD
 * PRIORITY NAMES).
 */
const IP_PRIORITIES: Readonly<Record<string, number>> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };
/** Standard priority names of the bridge family, which have values of their own. */
const BRIDGE_PRIORITIES: Readonly<Record<string, number>> = { dstnat: -300, filter: -200, out: 100, srcnat: 300 };
/** The one standard priority name of the arp and netdev families. */
const FILTER_PRIORITY: Readonly<Record<string, number>> = { filter: 0 };
/**
 * Names that nft takes on one hook only: `nft -c -f` of nftables 1.0.6 rejects them on any
 * other hook with "invalid priority expression value in this context".
 */
const HOOK_OF_NAME: Readonly<Record<string, string>> = { dstnat: 'prerouting', srcnat: 'postrouting', out: 'output' };

/**
 * A priority as nft 1.0.6 takes it: a number (`-5`, `- 5`, `0x10`), or a name with an optional
 * offset (`filter`, `filter + 10`, `filter+10`, `filter - 1`). The scanner reads `filter-1` as one
 * word, so a `-` after a name needs a space before it. The name is matched loosely here so that
 * a word such as `filter-1` is reported as an unknown name, as nft does.
 */
const PRIORITY_EXPRESSION = /^(?:(-\s*)?(0[xX][0-9a-fA-F]+|\d+)|([A-Za-z_.][\w/.-]*)(?:(\s+-|\s*\+)\s*(0[xX][0-9a-fA-F]+|\d+))?)$/;

/** Returns the standard priority names that nft takes on a hook of a family, with their values. */
export function standardPriorities(family: string, hook: string): Record<string, number> {
  let names = IP_PRIORITIES;
  if (family === 'bridge') names = BRIDGE_PRIORITIES;
  if (family === 'arp' || family === 'netdev') names = FILTER_PRIORITY;
  return Object.fromEntries(Object.entries(names).filter(([name]) => (HOOK_OF_NAME[name] ?? hook) === hook));
}

/**
 * Returns the number `nft -j list ruleset` prints for a chain priority, `{ name }` for a name
 * nft rejects on this hook, or undefined for text that is no priority expression.
 */
export function priorityValue(expression: string, family: string, hook: string): number | { name: string } | undefined {
  const parts = PRIORITY_EXPRESSION.exec(expression);
  if (!parts) return undefined;
  const [, sign, number, name, operator, offset] = parts;
  if (number !== undefined) return sign ? -Number(number) : Number(number);
  const names = standardPriorities(family, hook);
  const base = Object.hasOwn(names, name!) ? names[name!] : undefined;
  if (base === undefined) return { name: name! };
  if (offset === undefined) return base;
  return operator!.trim() === '-' ? base - Number(offset) : base + Number(offset);
}

/** Splits a line at each `;` outside double quotes into statements with their offsets. */
function statementsOf(line: string): { text: string; start: number }[] {
  const statements: { text: string; start: number }[] = [];
  let start = 0;
  let quoted = false;
  for (let index = 0; index <= line.length; index += 1) {
    const character = line[index];
    if (character === '"') quoted = !quoted;
    if (index < line.length && (character !== ';' || quoted)) continue;
    const text = line.slice(start, index);
    const trimmed = text.trim();
    if (trimmed !== '') statements.push({ text: trimmed, start: start + text.length - text.trimStart().length });
    start = index + 1;
  }
  return statements;
}

/**
 * Reads a line of chain declarations, such as `type filter hook input priority filter - 1;
 * policy drop;`, into the fields it sets. Returns the first statement nft rejects or that is
 * outside the subset instead. A chain comment sets no field of the model.
 */
export function readChainDeclaration(line: string, family: string): { fields: ChainField[] } | { problem: ChainProblem } {
  const fields: ChainField[] = [];
  for (const { text, start } of statementsOf(line)) {
    const at = (match: RegExpExecArray, group: number) => ({ start: start + match.indices![group]![0], end: start + match.indices![group]![1] });
    const base = /^type\s+(\w+)\s+hook\s+(\w+)\s+(priority\s+(.*\S))$/d.exec(text);
    const policy = /^policy\s+(accept|drop)$/d.exec(text);
    if (base) {
      const [, type, hook, , expression] = base;
      const priority = priorityValue(expression!, family, hook!);
      if (typeof priority !== 'number') return { problem: { ...at(base, 3), finding: priorityFinding(expression!, priority, family, hook!) } };
      fields.push({ key: 'type', value: type!, ...at(base, 1) }, { key: 'hook', value: hook!, ...at(base, 2) }, { key: 'prio', value: priority, ...at(base, 3) });
    } else if (policy) {
      fields.push({ key: 'policy', value: policy[1]!, ...at(policy, 0) });
    } else if (!/^comment\s+"[^"]*"$/.test(text)) {
      return { problem: { start, end: start + text.length } };
    }
  }
  return { fields };
}

/** Returns the message and fix for a priority that nft rejects. */
function priorityFinding(expression: string, priority: { name: string } | undefined, family: string, hook: string): { message: string; fix: string } {
  if (priority === undefined) {
    return {
      message: `priority \`${expression}\` is not a valid priority expression, so nft rejects the whole file`,
      fix: 'Write a number, a standard priority name such as `filter`, or a name with an offset such as `filter - 1`.',
    };
  }
  const names = Object.keys(standardPriorities(family, hook)).map((name) => `\`${name}\``);
  return {
    message: `priority \`${priority.name}\` is not a standard priority name of the ${family} ${hook} hook, so nft rejects the whole file`,
    fix: `Use ${names.join(', ')} or a number here, and put spaces around an offset, as in \`filter - 1\`.`,
  };
}
