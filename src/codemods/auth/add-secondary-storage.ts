import ts from '../../../lib/typescript.js'
import type { CodeStyle } from '../../project/types.js'
import type { TextEdit } from '../js/edits.js'
import { quoted } from '../js/imports.js'
import { importOrRefuse } from '../own-imports.js'
import { indentAt } from '../js/trivia.js'
import { addCallOptions, addProperties, findProperty, hasSpread, propertyValue } from '../js/objects.js'
import type { Transform } from '../transform.js'
import { instanceOf, type InstanceOptions } from './find-instance.js'

export interface AddSecondaryStorageOptions extends InstanceOptions {
  /** The storage object's name (`redisStorage`) and the module it comes from, as seen from the instance's file. */
  storage: { name: string; from: string }
  /**
   * `verification.storeInDatabase: true` (Better Auth 1.5+ keeps verification values in secondary storage otherwise).
   */
  verificationInDatabase: boolean
  style: CodeStyle
}

export interface SecondaryStorageResult {
  /**
   * `added`: wired now; `already`: the instance uses this storage already; `other`: it has a
   * `secondaryStorage` of its own, left alone (nothing is edited then).
   */
  status: 'added' | 'already' | 'other'
}

/** A property to merge: its name, the value kit-auth sets, and its lines (no final comma). */
type Member = [name: string, value: string, lines: string[]]

/**
 * Puts an app's `betterAuth(...)` on a shared secondary storage the way `kit-auth add redis` does:
 * `secondaryStorage: redisStorage`, `session.storeSessionInDatabase: true` (sessions fall back to
 * the database), `rateLimit.storage: 'secondary-storage'` and, on releases that would move them,
 * `verification.storeInDatabase: true`. Objects that are there get the missing properties; a value of
 * the app's own is kept and noted. A `secondaryStorage` of the app's own stops it (status `other`).
 *
 * @example runTransform(text, 'src/lib/auth/auth.ts', addSecondaryStorage, { storage: { name: 'redisStorage',
 *   from: './redis' }, ... })
 */
export const addSecondaryStorage: Transform<AddSecondaryStorageOptions, SecondaryStorageResult> = (file, options) => {
  const { text, sourceFile, fileName } = file
  const { call, options: config } = instanceOf(file, options)
  const unit = options.style.indent || '  '
  const edits: TextEdit[] = []
  const notes: string[] = []
  const changes: string[] = []
  const topLevel: string[][] = []

  const oneLine = (object: ts.ObjectLiteralExpression) => !object.getText(sourceFile).includes('\n')
  const existing = config ? findProperty(config, 'secondaryStorage') : undefined
  if (existing) {
    const value = propertyValue(existing)
    const ours = value !== null && ts.isIdentifier(value) && value.text === options.storage.name
    if (!ours) return { edits: [], notes: [], changes: [], data: { status: 'other' } }
  }

  const byHand = (where: string, what: string) =>
    notes.push(`${fileName}: set ${what} in \`${where}\` by hand: kit-auth cannot read it.`)
  const indent = (lines: string[]) =>
    lines.map((line, index) => `${unit}${line}${index === lines.length - 1 ? ',' : ''}`)
  /** A top-level object option: its missing members merged in, created when absent. */
  const option = (name: string, wanted: Member[], comment: string[]) => {
    const property = config ? findProperty(config, name) : undefined
    if (!property) {
      if (config && hasSpread(config)) return byHand('the Better Auth options (they spread another object)', name)
      topLevel.push([...comment, `${name}: {`, ...wanted.flatMap(([, , lines]) => indent(lines)), '}'])
      changes.push(...wanted.map(([member]) => `${name}.${member}`))
      return
    }
    const value = propertyValue(property)
    if (!value || !ts.isObjectLiteralExpression(value))
      return byHand(name, wanted.map(([member, setting]) => `${member}: ${setting}`).join(', '))
    const missing: Member[] = []
    for (const member of wanted) {
      const found = findProperty(value, member[0])
      if (!found) missing.push(member)
      else if (propertyValue(found)?.getText(sourceFile) !== member[1])
        notes.push(
          `${fileName}: kept your \`${name}.${member[0]}\`; with Redis kit-auth sets it to ${member[1]} (see ` +
            `lib/auth/redis.ts).`,
        )
    }
    if (missing.length === 0) return
    if (hasSpread(value)) return byHand(name, missing.map(([member, setting]) => `${member}: ${setting}`).join(', '))
    edits.push(
      ...addProperties(
        text,
        sourceFile,
        value,
        [],
        missing.map(([, , lines]) => lines),
        unit,
        // a one-line `betterAuth({ ... })` is spread over lines by the top-level edit
        config && oneLine(config) ? indentAt(text, config.getStart(sourceFile)) + unit : undefined,
      ),
    )
    changes.push(...missing.map(([member]) => `${name}.${member}`))
  }

  if (!existing) {
    if (config && hasSpread(config)) byHand('the Better Auth options (they spread another object)', 'secondaryStorage')
    else {
      topLevel.push([
        '// Sessions and rate limits shared by every instance (lib/auth/redis.ts, REDIS_URL).',
        `secondaryStorage: ${options.storage.name}`,
      ])
      changes.push('secondaryStorage')
    }
  }
  option(
    'session',
    [['storeSessionInDatabase', 'true', ['storeSessionInDatabase: true']]],
    ['// Sessions stay in the database too: it answers while Redis is down.'],
  )
  const storage = quoted('secondary-storage', options.style)
  option('rateLimit', [['storage', storage, [`storage: ${storage}`]]], ['// One count per client across instances.'])
  if (options.verificationInDatabase)
    option(
      'verification',
      [['storeInDatabase', 'true', ['storeInDatabase: true']]],
      ['// Email links and codes outlive a Redis restart.'],
    )

  edits.push(...addCallOptions(text, sourceFile, call, config, [], topLevel, unit))
  if (changes.includes('secondaryStorage'))
    edits.push(
      ...importOrRefuse(sourceFile, { from: options.storage.from, names: [options.storage.name] }, options.style, {
        at: config ?? call,
      }),
    )
  return { edits, notes, changes, data: { status: existing ? 'already' : 'added' } }
}
