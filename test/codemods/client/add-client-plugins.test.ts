import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import ts from '../../../lib/typescript.js'
import {
  addClientPlugins,
  adoptAuthClient,
  type AddClientPluginsOptions,
} from '../../../src/codemods/client/add-client-plugins.js'
import { findClientCall } from '../../../src/codemods/client/find-client.js'
import { importedNames } from '../../../src/codemods/js/bindings.js'
import { calleeName } from '../../../src/codemods/js/calls.js'
import { findProperty, propertyValue } from '../../../src/codemods/js/objects.js'
import { parse } from '../../../src/codemods/js/parse.js'
import { objectLiteralOf } from '../../../src/codemods/js/unwrap.js'
import { runTransform } from '../../../src/codemods/transform.js'
import type { CodeStyle } from '../../../src/project/types.js'
import { describeCases } from '../harness.js'

const FILE = 'src/lib/auth-client.ts'
const STYLE: CodeStyle = { quote: 'single', semicolons: false, indent: '  ', source: 'default' }

/** The client plugins listed, by the name they are imported as. */
function pluginsOf(text: string): string[] {
  const sourceFile = parse(text, FILE)
  const call = findClientCall(sourceFile)
  const options = objectLiteralOf(call?.arguments[0])
  const property = options && findProperty(options, 'plugins')
  const list = property && propertyValue(property)
  if (!list || !ts.isArrayLiteralExpression(list)) return []
  const imports = importedNames(sourceFile)
  return list.elements.map((element) => calleeName(element, imports) ?? element.getText(sourceFile))
}

// Cases with an `authType` are init's (adoptAuthClient), the others add-guard's.
describeCases('addClientPlugins cases', {
  dir: fileURLToPath(new URL('./add-client-plugins/', import.meta.url)),
  fileName: FILE,
  transform: addClientPlugins,
  options: (json): AddClientPluginsOptions => ({
    plugins: json.plugins as string[],
    authType: json.authType as AddClientPluginsOptions['authType'],
    ...(json.calls ? { calls: json.calls as Record<string, string> } : {}),
    command: json.authType ? undefined : 'kit-auth add-guard',
    style: (json.style as CodeStyle | undefined) ?? STYLE,
  }),
  run: { style: STYLE },
  check(output, { options }) {
    // each plugin listed once, whatever local name it is imported under
    for (const name of options.plugins) expect(pluginsOf(output).filter((plugin) => plugin === name)).toHaveLength(1)
    // the instance is imported as a type only: no server code in the browser
    if (options.authType) expect(output).toMatch(/^import type .* from /m)
  },
})

describe('adoptAuthClient', () => {
  const options = {
    admin: true,
    organization: false,
    authType: { from: '#/lib/auth', clause: '{ auth }' },
    style: STYLE,
  }

  it('adds inferAdditionalFields and the plugins init was asked for', () => {
    const input =
      "import { createAuthClient } from 'better-auth/react'\n\nexport const authClient = createAuthClient()\n"
    expect(runTransform(input, FILE, adoptAuthClient, options, { style: STYLE }).changes).toEqual([
      'inferAdditionalFields<typeof auth>()',
      'adminClient()',
    ])
  })

  it('refuses options it cannot read, with init’s hint', () => {
    const input = "import { createAuthClient } from 'better-auth/react'\nexport const client = createAuthClient(opts)\n"
    expect(() => runTransform(input, FILE, adoptAuthClient, options)).toThrow(
      expect.objectContaining({
        message: `${FILE}: its options are not an object literal, so kit-auth cannot add its client plugins.`,
        hint: expect.stringMatching(/or run kit-auth init again and let it generate its own client\.$/),
      }),
    )
  })
})

describe('addClientPlugins', () => {
  it('refuses plugins it cannot read, saying what to add and which command to run again', () => {
    const input =
      "import { createAuthClient } from 'better-auth/react'\nexport const c = createAuthClient({ plugins })\n"
    const options = { plugins: ['adminClient'], command: 'kit-auth add-guard', style: STYLE }
    expect(() => runTransform(input, FILE, addClientPlugins, options)).toThrow(
      expect.objectContaining({
        message: `${FILE}: its \`plugins\` are not an array literal, so kit-auth cannot add its client plugins.`,
        hint:
          'Add adminClient() (from better-auth/client/plugins) to the client by hand, ' +
          'then run kit-auth add-guard again.',
      }),
    )
  })
})
