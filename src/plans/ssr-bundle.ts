import { runTransform } from '../codemods/transform.js'
import { bundleForSsr } from '../codemods/vite/bundle-for-ssr.js'
import type { ChangeSet } from '../core/change-set.js'
import type { ProjectInfo } from '../project/types.js'

/**
 * An app whose root resolves zod 3 (better-auth needs zod 4): Start's server build bundles
 * better-auth but leaves `import 'zod'` to run time, where the app's zod 3 answers and every request
 * fails (`sessionSchema.loose is not a function`). Bundling zod resolves it from each importer.
 * Adds `ssr.noExternal: ['zod']` to the Vite config, or says what to add when kit-auth cannot.
 */
export function planZodBundle(
  project: Pick<ProjectInfo, 'olderZod' | 'viteConfig' | 'style'>,
  changes: ChangeSet,
): { notes: string[]; manualSteps: string[] } {
  if (!project.olderZod) return { notes: [], manualSteps: [] }
  const why = `your app resolves zod ${project.olderZod} and better-auth needs zod 4`
  const byHand =
    `Add \`ssr: { noExternal: ['zod'] }\` to your Vite config: ${why}, ` + 'and the server build must bundle it.'
  const file = project.viteConfig
  const text = file ? changes.read(file) : null
  if (!file || text === null) return { notes: [], manualSteps: [byHand] }
  const result = runTransform(text, file, bundleForSsr, { packageName: 'zod', style: project.style })
  if (result.data?.added === null) return { notes: [], manualSteps: [byHand] }
  if (!result.data?.added) return { notes: [], manualSteps: [] }
  changes.update(file, result.text)
  return {
    notes: [`Added zod to \`ssr.noExternal\` in ${file}: ${why}, so the server build bundles it.`],
    manualSteps: [],
  }
}
