import ts from '../../../lib/typescript.js'
import { devEnvValues } from '../init/env.js'
import type { ChangeSet } from '../../core/change-set.js'
import { findInstance } from '../../codemods/auth/find-instance.js'
import { importedNames } from '../../codemods/js/bindings.js'
import { calleeName } from '../../codemods/js/calls.js'
import { findProperty, propertyValue } from '../../codemods/js/objects.js'
import { parse } from '../../codemods/js/parse.js'
import { devServerUrl } from '../../project/dev-server.js'
import type { ProjectInfo } from '../../project/types.js'

/** Which sign-in methods an instance's options configure (for `add --list` and the plans). */
export function signInMethodsOf(
  text: string,
  fileName: string,
): { oauth: string[]; oidc: string[]; magicLink: boolean } {
  const sourceFile = parse(text, fileName)
  const instance = findInstance(sourceFile)
  const none = { oauth: [], oidc: [], magicLink: false }
  if (!instance?.options) return none
  const social = findProperty(instance.options, 'socialProviders')
  const socialValue = social && propertyValue(social)
  const oauth =
    socialValue && ts.isObjectLiteralExpression(socialValue)
      ? socialValue.properties.flatMap((property) =>
          property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
            ? [property.name.text]
            : [],
        )
      : []
  const plugins = findProperty(instance.options, 'plugins')
  const list = plugins && propertyValue(plugins)
  const imports = importedNames(sourceFile)
  const calls =
    list && ts.isArrayLiteralExpression(list)
      ? list.elements.filter((element): element is ts.CallExpression => ts.isCallExpression(element))
      : []
  const oidc = calls
    .filter((call) => calleeName(call, imports) === 'genericOAuth')
    .flatMap((call) => {
      const options = call.arguments[0]
      const config = options && ts.isObjectLiteralExpression(options) ? findProperty(options, 'config') : undefined
      const entries = config && propertyValue(config)
      if (!entries || !ts.isArrayLiteralExpression(entries)) return []
      return entries.elements.flatMap((entry) => {
        const id = ts.isObjectLiteralExpression(entry) ? findProperty(entry, 'providerId') : undefined
        const value = id && propertyValue(id)
        return value && ts.isStringLiteralLike(value) ? [value.text] : []
      })
    })
  const magicLink = calls.some((call) => calleeName(call, imports) === 'magicLink')
  return { oauth, oidc, magicLink }
}

/**
 * Whether the instance closed sign-up (`emailAndPassword: { disableSignUp: true }`): the sign-in
 * methods added then must not open it again (providers and magic links sign users up by default).
 */
export function signUpClosedIn(text: string, fileName: string): boolean {
  const instance = findInstance(parse(text, fileName))
  const emailAndPassword = instance?.options ? findProperty(instance.options, 'emailAndPassword') : undefined
  const options = emailAndPassword && propertyValue(emailAndPassword)
  const disableSignUp =
    options && ts.isObjectLiteralExpression(options) ? findProperty(options, 'disableSignUp') : undefined
  const value = disableSignUp && propertyValue(disableSignUp)
  return value?.kind === ts.SyntaxKind.TrueKeyword
}

/**
 * The URL the app is served at, for the callback URLs: BETTER_AUTH_URL as the app's env files give it to `vite dev`
 * (init leaves it in whichever file already sets it), else the dev server's.
 */
export function baseUrlOf(project: ProjectInfo, changes: ChangeSet): string {
  return (devEnvValues(project, changes).get('BETTER_AUTH_URL') ?? devServerUrl(project.devServer)).replace(/\/$/, '')
}
