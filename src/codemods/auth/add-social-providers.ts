import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import { addElements } from '../js/arrays.js'
import type { TextEdit } from '../js/edits.js'
import { quoted, type NamedImport } from '../js/imports.js'
import { importOrRefuse } from '../own-imports.js'
import { addCallOptions, addProperties, findProperty, hasSpread, propertyValue } from '../js/objects.js'
import type { Transform } from '../transform.js'
import { instanceOf, type InstanceOptions } from './find-instance.js'

/** One `socialProviders` entry: its id and its lines (`github: {`, ..., `}`), without the final comma. */
export interface SocialProviderEntry {
  id: string
  lines: string[]
  /** Imports the entry needs (`appleClientSecret` for Apple). */
  imports?: NamedImport[]
}

export interface AddSocialProvidersOptions extends InstanceOptions {
  providers: SocialProviderEntry[]
  /**
   * Providers listed in `account.accountLinking.trustedProviders` (linked by email even when they do not say it is
   * verified).
   */
  trusted: string[]
  style: CodeStyle
}

/**
 * Merges built-in OAuth providers into an instance's `socialProviders` (created when missing),
 * and turns on account linking: `account.accountLinking` with `enabled: true` and the trusted
 * providers. A provider already configured is left as it is and named in `data.present`; an
 * option kit-auth cannot read (a spread, a call) is left with a note. A second run changes nothing.
 *
 * @example
 *   runTransform(text, 'src/lib/auth/auth.ts', addSocialProviders, { providers: [github], trusted: ['github'], style })
 */
export const addSocialProviders: Transform<AddSocialProvidersOptions, { present: string[] }> = (file, options) => {
  const { text, sourceFile, fileName } = file
  const { call, options: config } = instanceOf(file, options)
  const unit = options.style.indent || '  '
  const edits: TextEdit[] = []
  const notes: string[] = []
  const changes: string[] = []
  const topLevel: string[][] = []
  const byHand = (where: string, what: string) =>
    notes.push(`${fileName}: add ${what} to \`${where}\` by hand: kit-auth cannot read it.`)
  const objectAt = (object: ts.ObjectLiteralExpression | null, name: string) => {
    const property = object ? findProperty(object, name) : undefined
    if (!property) return 'missing' as const
    const value = propertyValue(property)
    return value && ts.isObjectLiteralExpression(value) ? value : null
  }
  const indented = (lines: string[]) =>
    lines.map((line, index) => `${unit}${line}${index === lines.length - 1 ? ',' : ''}`)

  const social = objectAt(config, 'socialProviders')
  const present: string[] = []
  let added: SocialProviderEntry[] = []
  if (social === 'missing') {
    if (config && hasSpread(config)) byHand('the Better Auth options (they spread another object)', 'socialProviders')
    else {
      added = options.providers
      topLevel.push(['socialProviders: {', ...added.flatMap((entry) => indented(entry.lines)), '}'])
    }
  } else if (social === null) byHand('socialProviders', options.providers.map((entry) => entry.id).join(', '))
  else {
    present.push(...options.providers.filter((entry) => findProperty(social, entry.id)).map((entry) => entry.id))
    added = options.providers.filter((entry) => !present.includes(entry.id))
    edits.push(
      ...addProperties(
        text,
        sourceFile,
        social,
        [],
        added.map((entry) => entry.lines),
        unit,
      ),
    )
  }
  changes.push(...added.map((entry) => `socialProviders.${entry.id}`))

  // only the providers added now: one already configured keeps the trust the app gives it (or took away)
  // (with a `socialProviders` kit-auth cannot read, the ones the note asks to add by hand)
  const newIds = (social === null ? options.providers : added).map((entry) => entry.id)
  const trustedIds = options.trusted.filter((id) => newIds.includes(id))
  const trusted = trustedIds.map((id) => quoted(id, options.style))
  const trustNotes = (ids: string[]) => ids.map((id) => `account.accountLinking.trustedProviders ${id}`)
  const linking = [
    'accountLinking: {',
    `${unit}// Links a provider account to the user with the same email when the provider`,
    `${unit}// says it verified that email, or is trusted here to have verified it.`,
    `${unit}enabled: true,`,
    `${unit}trustedProviders: [${trusted.join(', ')}],`,
    '}',
  ]
  const account = newIds.length === 0 ? undefined : objectAt(config, 'account')
  if (account === undefined) {
    // nothing added: account linking stays as the app has it
  } else if (account === 'missing') {
    if (!(config && hasSpread(config))) {
      topLevel.push(['account: {', ...indented(linking), '}'])
      changes.push('account.accountLinking', ...trustNotes(trustedIds))
    }
  } else if (account === null) byHand('account', 'accountLinking')
  else {
    const accountLinking = objectAt(account, 'accountLinking')
    if (accountLinking === 'missing') {
      edits.push(...addProperties(text, sourceFile, account, [], [linking], unit))
      changes.push('account.accountLinking', ...trustNotes(trustedIds))
    } else if (accountLinking !== null) {
      const list = findProperty(accountLinking, 'trustedProviders')
      const value = list && propertyValue(list)
      if (value && ts.isArrayLiteralExpression(value)) {
        const listed = new Set(value.elements.map((element) => (ts.isStringLiteralLike(element) ? element.text : '')))
        const missing = trustedIds.filter((id) => !listed.has(id))
        edits.push(
          ...addElements(
            text,
            sourceFile,
            value,
            missing.map((id) => quoted(id, options.style)),
            null,
            unit,
          ),
        )
        changes.push(...trustNotes(missing))
      } else if (!list && trustedIds.length > 0) {
        edits.push(
          ...addProperties(text, sourceFile, accountLinking, [], [[`trustedProviders: [${trusted.join(', ')}]`]], unit),
        )
        changes.push(...trustNotes(trustedIds))
      } else if (list && trustedIds.length > 0)
        byHand('account.accountLinking.trustedProviders', trustedIds.map((id) => `'${id}'`).join(', '))
    } else byHand('account.accountLinking', `trustedProviders: [${trusted.join(', ')}]`)
  }
  edits.push(...addCallOptions(text, sourceFile, call, config, [], topLevel, unit))
  for (const wanted of added.flatMap((entry) => entry.imports ?? []))
    edits.push(...importOrRefuse(sourceFile, wanted, options.style, { at: config ?? call }))
  return { edits, notes, changes, data: { present } }
}
