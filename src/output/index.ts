/** Output formats by name. */
import type { Formatter } from './format.js';

/**
 * Formatters by the name `--format` takes. Each imports its module when a run selects it, so a
 * run does not load the five formatters it does not use.
 */
export const formatters: Record<string, () => Promise<Formatter>> = {
  text: async () => (await import('./text.js')).formatText,
  json: async () => (await import('./json.js')).formatJson,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  junit: async () => (await import('./junit.js')).formatJunit,
  github: async () => (await import('./github.js')).formatGithub,
  markdown: async () => (await import('./markdown.js')).formatMarkdown,
};
