import { KitError } from '../core/errors.js'
import { enclosingFactory, findCalls } from '../codemods/js/calls.js'
import { exportedName } from '../codemods/js/exports.js'
import { parse } from '../codemods/js/parse.js'
import type { FactoryCall } from '../project/types.js'
import { isConvexInstance } from './convex.js'

/**
 * How kit-auth's files obtain an instance a function makes: the exported function (`exportName`, `local` in its
 * file) called without arguments, or, with `call`, called the way the app calls it (`createAuth(env)`, `env` from
 * 'cloudflare:workers').
 */
export interface Accessor {
  exportName: string
  local: string
  call?: FactoryCall
}

/** Names kit-auth's lib/auth/instance.ts declares: a copied call's imports must not take them. */
const INSTANCE_MODULE_NAMES = new Set([
  'getRequest',
  'createAppAuth',
  'appAuth',
  'Auth',
  'perRequest',
  'current',
  'auth',
])

/**
 * How kit-auth's files obtain the instance a factory makes. A function without parameters is called as it is;
 * one with parameters (required or not) is called the way the app calls it: an exported function of the same
 * file that calls it without arguments (`export const auth = () => getAuth(env.DB)`), else the app's own call
 * (its handler route's first), copied when its arguments use only imports and globals (`createAuth(env)`, `env`
 * from 'cloudflare:workers'), else refused, naming that call. A factory nobody calls is called without arguments
 * when it needs none.
 */
export function accessorOf(
  text: string,
  file: string,
  factory: { name: string; required: number; optional?: number; async?: true },
  instance: { exportName: string | null; calls?: FactoryCall[] },
): Accessor {
  const { exportName } = instance
  if (factory.async)
    throw new KitError(
      `${file} makes its Better Auth instance in an async function, ${factory.name}(), which gives a promise of it: ` +
        `kit-auth's session helpers and guards read the instance itself.`,
      `Make the instance without awaiting (await inside its callbacks instead), or export a function that returns ` +
        `it synchronously, then run kit-auth init again.`,
    )
  const takesArguments = factory.required > 0 || (factory.optional ?? 0) > 0
  if (!takesArguments && exportName) return { exportName, local: factory.name }
  const sourceFile = parse(text, file)
  for (const call of findCalls(sourceFile, new Set([factory.name]))) {
    const wrapper = enclosingFactory(call)
    const wrapperExport = wrapper && wrapper.required === 0 ? exportedName(sourceFile, wrapper.name) : null
    if (wrapper && wrapperExport) return { exportName: wrapperExport, local: wrapper.name }
  }
  if (isConvexInstance(text, file)) {
    throw new KitError(
      `${file} is a Convex instance: ${factory.name}(ctx) needs the ctx of a Convex function, which your Start ` +
        `server code does not have, so kit-auth's session helpers cannot make it.`,
      'kit-auth adopts a Convex app through its Start route /api/auth/$ serving Better Auth with ' +
        "@convex-dev/better-auth/react-start (convexBetterAuthReactStart's handler, or reactStartHandler), which " +
        'this app lacks: add it as the @convex-dev/better-auth TanStack Start guide shows, then run kit-auth init ' +
        'again.',
    )
  }
  const [first] = instance.calls ?? []
  if (exportName && first) {
    const taken = first.imports.find((entry) => INSTANCE_MODULE_NAMES.has(entry.local))
    // the app calls it without arguments too (its defaults): called as it is
    if (first.local === undefined && first.args === '') return { exportName, local: factory.name }
    if (first.local === undefined && !taken) return { exportName, local: factory.name, call: first }
    throw new KitError(
      `${file} makes its Better Auth instance with ${factory.name}(...), and your app calls it as \`${first.call}\` ` +
        `(${first.file}), ` +
        (taken
          ? `whose \`${taken.local}\` kit-auth's lib/auth/instance.ts cannot import under that name.`
          : `with ${first.local === 'a function' ? 'a function' : `\`${first.local}\``} of that file, which ` +
            `kit-auth cannot reproduce outside it.`),
      factoryHint(factory.name),
    )
  }
  if (exportName && factory.required === 0) return { exportName, local: factory.name }
  const signature = `${factory.name}(${factory.required === 1 ? 'one argument' : `${factory.required} arguments`})`
  throw new KitError(
    factory.required > 0
      ? `${file} makes its Better Auth instance with ${signature}, and kit-auth cannot tell what to pass outside a ` +
          `request.`
      : `${file} makes its Better Auth instance with ${factory.name}(), which it does not export.`,
    factoryHint(factory.name),
  )
}

function factoryHint(name: string): string {
  return (
    `Export a function without parameters that returns the instance the way your app gets it (\`export const ` +
    `getAuth = () => ${name}(...)\`), then run kit-auth init again.`
  )
}
