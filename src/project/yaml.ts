import { createRequire } from 'node:module'
import type * as Yaml from 'yaml'

let yaml: typeof Yaml | undefined

/**
 * `parse` from the yaml package, loaded on first use: most commands on most apps never read YAML,
 * and loading it costs ~30 ms of start-up.
 */
export function parseYaml(text: string): unknown {
  return loadYaml().parse(text)
}

/** The yaml package itself (for edits that keep comments: `parseDocument`), loaded on first use. */
export function loadYaml(): typeof Yaml {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml
  return yaml
}
