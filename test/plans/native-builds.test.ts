import { describe, expect, it } from 'vitest'
import {
  allowBuild,
  allowBuildInPackageJson,
  allowBuildInYarnManifest,
  allowScriptsInNpmManifest,
} from '../../src/plans/native-builds.js'

describe('allowBuild (pnpm-workspace.yaml)', () => {
  it('adds to an existing allowBuilds map, keeping comments and order', () => {
    const text = "packages:\n  - 'apps/*'\n\n# native builds we trust\nallowBuilds:\n  esbuild: true\n"
    expect(allowBuild(text, 'better-sqlite3')).toBe(
      "packages:\n  - 'apps/*'\n\n# native builds we trust\nallowBuilds:\n  esbuild: true\n  better-sqlite3: true\n",
    )
  })

  it('adds to an onlyBuiltDependencies list', () => {
    expect(allowBuild('onlyBuiltDependencies:\n  - esbuild\n', 'better-sqlite3')).toBe(
      'onlyBuiltDependencies:\n  - esbuild\n  - better-sqlite3\n',
    )
  })

  it('creates allowBuilds when neither exists, and changes nothing the second time', () => {
    const once = allowBuild('packages:\n  - apps/*\n', 'better-sqlite3')
    expect(once).toBe('packages:\n  - apps/*\nallowBuilds:\n  better-sqlite3: true\n')
    expect(allowBuild(once, 'better-sqlite3')).toBe(once)
    expect(allowBuild('onlyBuiltDependencies:\n  - better-sqlite3\n', 'better-sqlite3')).toBe(
      'onlyBuiltDependencies:\n  - better-sqlite3\n',
    )
  })
})

describe('allowBuildInPackageJson', () => {
  it('adds pnpm.onlyBuiltDependencies, keeping indentation and other keys', () => {
    const text = '{\n    "name": "app",\n    "pnpm": { "onlyBuiltDependencies": ["esbuild"] }\n}\n'
    const result = allowBuildInPackageJson(text, 'better-sqlite3')
    expect(JSON.parse(result)).toEqual({ name: 'app', pnpm: { onlyBuiltDependencies: ['esbuild', 'better-sqlite3'] } })
    expect(result.startsWith('{\n    "name"')).toBe(true)
    expect(allowBuildInPackageJson(result, 'better-sqlite3')).toBe(result)
  })
})

describe('allowBuildInYarnManifest (yarn berry, package.json at the project root)', () => {
  it('adds dependenciesMeta.<name>.built, keeping the indent and other entries, once', () => {
    const text = '{\n    "private": true,\n    "dependenciesMeta": {\n        "esbuild": { "built": true }\n    }\n}\n'
    const once = allowBuildInYarnManifest(text, 'better-sqlite3')
    expect(JSON.parse(once)).toEqual({
      private: true,
      dependenciesMeta: { esbuild: { built: true }, 'better-sqlite3': { built: true } },
    })
    expect(once).toMatch(/^ {4}"private"/m)
    expect(once.endsWith('}\n')).toBe(true)
    expect(allowBuildInYarnManifest(once, 'better-sqlite3')).toBe(once)
  })

  it('keeps other meta of the package (optional, unplugged) and turns built on', () => {
    const text = '{"dependenciesMeta":{"better-sqlite3":{"unplugged":true,"built":false}}}'
    expect(JSON.parse(allowBuildInYarnManifest(text, 'better-sqlite3'))).toEqual({
      dependenciesMeta: { 'better-sqlite3': { unplugged: true, built: true } },
    })
  })
})

describe('allowScriptsInNpmManifest (npm 12 blocks dependency install scripts unless allowed)', () => {
  it('adds allowScripts.<name>: true once, keeping the other entries', () => {
    const once = allowScriptsInNpmManifest(
      '{\n  "name": "app",\n  "allowScripts": { "esbuild": true }\n}\n',
      'better-sqlite3',
    )
    expect(JSON.parse(once)).toEqual({ name: 'app', allowScripts: { esbuild: true, 'better-sqlite3': true } })
    expect(allowScriptsInNpmManifest(once, 'better-sqlite3')).toBe(once)
  })

  it("respects the user's own decision: a pinned approval or a denial stays as it is", () => {
    const pinned = '{"allowScripts":{"better-sqlite3@12.11.1":true}}'
    expect(allowScriptsInNpmManifest(pinned, 'better-sqlite3')).toBe(pinned)
    const denied = '{"allowScripts":{"better-sqlite3":false}}'
    expect(allowScriptsInNpmManifest(denied, 'better-sqlite3')).toBe(denied)
  })
})
