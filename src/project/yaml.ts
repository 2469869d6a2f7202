import { createRequire } from 'node:module'
import type * as Yaml from 'yaml'

let yaml: typeof Yaml | undefined

/**
 * `parse` from the yaml package, loaded on first use: most commands on most apps never read YAML,
 * and loading it costs ~30 ms of start-up.
 */
export function parseYaml(text: string): unknown {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml
  return yaml.parse(text)
}
