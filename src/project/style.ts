import { editorconfigStyleIndent, formatterStyle } from './style-config.js'
import type { CodeStyle } from './types.js'

/** kit-auth's own style when a project gives no clue: single quotes, no semicolons, two spaces. */
export const DEFAULT_STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }

/** What sampled files show; each field undefined when the sample has no evidence for it. */
export interface SampledStyle {
  quote?: CodeStyle['quote']
  semicolons?: boolean
  indent?: string
}

/** The most frequent key of a tally, or undefined for an empty tally (ties: first counted). */
function mostFrequent<T>(tally: Map<T, number>): T | undefined {
  let best: [T, number] | undefined
  for (const entry of tally) if (!best || entry[1] > best[1]) best = entry
  return best?.[0]
}

/** Adds one vote for `key`. */
function vote<T>(tally: Map<T, number>, key: T): void {
  tally.set(key, (tally.get(key) ?? 0) + 1)
}

/**
 * Infers quotes and semicolons from import lines (`import x from 'y';`) and the indent unit from
 * the most common indentation step, across some source texts.
 * @example sampleStyle(["import a from 'a'\nif (a) {\n  a()\n}"])
 *   // { quote: 'single', semicolons: false, indent: '  ' }
 */
export function sampleStyle(texts: readonly string[]): SampledStyle {
  const quotes = new Map<CodeStyle['quote'], number>()
  const semicolons = new Map<boolean, number>()
  const steps = new Map<string, number>()
  for (const text of texts) {
    let previous = 0
    for (const line of text.split(/\r?\n/)) {
      const imported = /(?:\bfrom\s*|^\s*import\s*)(['"])[^'"\n]+\1\s*(;?)\s*$/.exec(line)
      if (imported) {
        vote(quotes, imported[1] === "'" ? 'single' : 'double')
        vote(semicolons, imported[2] === ';')
      }
      if (line.trim() === '') continue
      const leading = /^[ \t]*/.exec(line)?.[0] ?? ''
      if (leading.startsWith('\t')) vote(steps, '\t')
      else if (leading.length - previous >= 2 && leading.length - previous <= 8)
        vote(steps, ' '.repeat(leading.length - previous))
      previous = leading.length
    }
  }
  return { quote: mostFrequent(quotes), semicolons: mostFrequent(semicolons), indent: mostFrequent(steps) }
}

/**
 * The project's code style: a Prettier or Biome config (searched from the app up to the workspace
 * root) wins; else an .editorconfig indent plus sampled quotes/semicolons; else the sampled sources;
 * else DEFAULT_STYLE.
 * @example await detectStyle(['/repo/apps/web', '/repo'], sourceTexts)
 */
export async function detectStyle(folders: readonly string[], sourceTexts: readonly string[]): Promise<CodeStyle> {
  const configured = await formatterStyle(folders)
  if (configured) return configured
  const sampled = sampleStyle(sourceTexts)
  const editorconfigIndent = await editorconfigStyleIndent(folders)
  const source =
    editorconfigIndent !== null
      ? 'editorconfig'
      : Object.values(sampled).some((v) => v !== undefined)
        ? 'sampled'
        : 'default'
  return {
    quote: sampled.quote ?? DEFAULT_STYLE.quote,
    semicolons: sampled.semicolons ?? DEFAULT_STYLE.semicolons,
    indent: editorconfigIndent ?? sampled.indent ?? DEFAULT_STYLE.indent,
    source,
  }
}
