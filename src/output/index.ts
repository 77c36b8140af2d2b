/** Output formats by name. */
import type { Formatter } from './format.js';
import { formatJson } from './json.js';
import { formatText } from './text.js';

/** Formatters by the name `--format` takes. */
export const formatters: Record<string, Formatter> = {
  text: formatText,
  json: formatJson,
};
