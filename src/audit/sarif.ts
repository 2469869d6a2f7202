import { pathToFileURL } from 'node:url'
import type { Finding, FindingKind } from './audit.js'

/** One rule a kind of finding: what code-scanning shows as the alert's title. */
const RULES: Record<FindingKind, { id: string; title: string }> = {
  'server-function': { id: 'unprotected-server-function', title: 'Server function that nothing authorizes' },
  'server-route': { id: 'unprotected-server-route', title: 'Server route handler that nothing authorizes' },
  route: { id: 'route-escapes-guard', title: "Route that un-nests out of its parent's guard" },
}

/** The one-line message every output uses: why, then the fix. */
export function findingMessage(finding: Pick<Finding, 'why' | 'fix'>): string {
  return `${finding.why}; fix: ${finding.fix}`
}

/**
 * The findings as a SARIF 2.1.0 log (one result a finding, file paths relative to the app root),
 * for code-scanning uploads. The app root is given as `APPROOT`'s absolute file URL, so an app in a
 * monorepo (`apps/web`) is placed in the repository too.
 *
 * @example toSarif(findings, '0.1.0', '/repo/apps/web').runs[0].results.length // findings.length
 */
export function toSarif(findings: readonly Finding[], version: string, root: string): Record<string, unknown> {
  const rootUri = pathToFileURL(root).href.replace(/\/?$/, '/')
  const kinds = Object.keys(RULES) as FindingKind[]
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kit-auth',
            version,
            informationUri: 'https://www.npmjs.com/package/kit-auth',
            rules: kinds.map((kind) => ({
              id: RULES[kind].id,
              name: RULES[kind].id,
              shortDescription: { text: RULES[kind].title },
              defaultConfiguration: { level: 'error' },
            })),
          },
        },
        originalUriBaseIds: { APPROOT: { uri: rootUri, description: { text: 'The app kit-auth audited' } } },
        results: findings.map((finding) => ({
          ruleId: RULES[finding.kind].id,
          ruleIndex: kinds.indexOf(finding.kind),
          level: 'error',
          message: { text: `${finding.name}: ${findingMessage(finding)}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: finding.file, uriBaseId: 'APPROOT' },
                region: { startLine: finding.line },
              },
              logicalLocations: [
                { name: finding.name, kind: finding.kind === 'server-function' ? 'function' : 'module' },
              ],
            },
          ],
          properties: { kind: finding.kind, name: finding.name },
        })),
      },
    ],
  }
}
