// Run after `npx tsc -p tsconfig.build.json`: node test/init/upgrade/record.mjs
// Records the answers npm gives to every question resolveUpgrade asks for the test scenarios.
import { writeFileSync } from 'node:fs'
import { ChangeSet } from '../../../dist/core/change-set.js'
import { npmRegistry } from '../../../dist/project/registry.js'
import { readDeclarations, resolveUpgrade } from '../../../dist/project/upgrade.js'
import { readFileSync } from 'node:fs'
const SCENARIOS = JSON.parse(readFileSync(new URL('./scenarios.json', import.meta.url), 'utf8'))

const npm = npmRegistry(process.cwd())
const answers = { versions: {}, peerDependencies: {} }
const recording = {
  async versions(name, range) {
    return (answers.versions[`${name}@${range}`] = await npm.versions(name, range))
  },
  async peerDependencies(name, version) {
    return (answers.peerDependencies[`${name}@${version}`] = await npm.peerDependencies(name, version))
  },
}
for (const [name, scenario] of Object.entries(SCENARIOS)) {
  const changes = ChangeSet.inMemory(scenario.root, scenario.files, scenario.workspaceRoot)
  try {
    const result = await resolveUpgrade(
      readDeclarations({ root: scenario.root, workspaceRoot: scenario.workspaceRoot }, changes),
      '^1.7.25',
      scenario.from,
      recording,
    )
    console.log(name, JSON.stringify(result.moves.map((m) => [m.name, m.from, m.to, m.declaration.file, m.why])))
  } catch (error) {
    console.log(name, 'REFUSED', error.message, '|', error.hint)
  }
}
writeFileSync(
  new URL('./registry-answers.json', import.meta.url),
  JSON.stringify(
    {
      recorded: new Date().toISOString().slice(0, 10),
      how: 'npm view <name>@<range> version --json and npm view <name>@<version> peerDependencies --json, asked by resolveUpgrade through npmRegistry (test/init/upgrade/record.mjs)',
      ...answers,
    },
    null,
    2,
  ) + '\n',
)
