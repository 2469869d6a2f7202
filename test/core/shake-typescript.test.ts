/**
 * The shaker that cuts TypeScript's bundle down to the parser (scripts/shake-typescript.mjs), on a
 * bundle of the same shape small enough to read: what it keeps, and that the result still runs.
 */
import { describe, expect, it } from 'vitest'
import { shakeTypeScript } from '../../scripts/shake-typescript.mjs'

const BUNDLE = `/*! license */
var ts = {}; ((module) => {
"use strict";
var __defProp = Object.defineProperty;
var __export = (target, all) => {
  for (var name in all) __defProp(target, name, { get: all[name], enumerable: true });
};
var __toCommonJS = (mod) => mod;
var typescript_exports = {};
__export(typescript_exports, {
  check: () => check,
  parse: () => parse
});
module.exports = __toCommonJS(typescript_exports);
var allocator = { make: () => ({ plain: true }) };
function setAllocator(next) {
  allocator = next;
}
var nextNodeId = 1;
function parse(text) {
  const node = allocator.make();
  node.id = nextNodeId++;
  return { node, length: ts_Util_exports.size(text) };
}
function check() {
  return createChecker();
}
function createChecker() {
  return "checker";
}
var Debug = {};
((Debug2) => {
  Debug2.level = 0;
  Debug2.setLevel = (level) => {
    Debug2.level = level;
  };
})(Debug);
Debug.setLevel(2);
setAllocator({ make: () => ({ services: true }) });
var registry = new Map();
function register(name) {
  registry.set(name, true);
}
register("refactor");
var ts_Util_exports = {};
__export(ts_Util_exports, {
  size: () => size,
  unusedUtil: () => unusedUtil
});
function size(text) {
  return text.length + Debug.level;
}
function unusedUtil() {
  return createChecker();
}
globalThis.shakeProbe = (globalThis.shakeProbe ?? 0) + 1;
var ids = reserveIds();
function reserveIds() {
  nextNodeId += 100;
  return [];
}
0 && (module.exports = { check, parse });
})({ get exports() { return ts; }, set exports(v) { ts = v; if (typeof module !== "undefined" && module.exports) { module.exports = v; } } })
`

/** Runs a bundle's text as CommonJS and returns its exports. */
function run(text: string): Record<string, (...args: unknown[]) => unknown> {
  const module = { exports: {} as Record<string, (...args: unknown[]) => unknown> }
  new Function('module', 'exports', text)(module, module.exports)
  return module.exports
}

describe('shakeTypeScript', () => {
  const { text, exported } = shakeTypeScript(BUNDLE, ['parse', 'Node', 'isIdentifier'])

  it('exports the API names asked for that the bundle has, and what they reach', () => {
    expect(exported).toEqual(['parse'])
    const api = run(text)
    expect(Object.keys(api)).toEqual(['parse'])
    // setAllocator(...) changes what parse reads, and Debug.setLevel(2) what size adds
    expect(api.parse?.('abc')).toEqual({ node: { services: true, id: 1 }, length: 5 })
    expect(text).toContain('"use strict";')
    expect(text.startsWith('/*! license */')).toBe(true)
  })

  it('drops what nothing kept reaches: other API functions, registrations into unread state', () => {
    expect(text).not.toContain('createChecker')
    expect(text).not.toContain('register(')
    expect(text).not.toContain('registry')
    expect(text).not.toContain('0 && (module.exports')
  })

  it('lists only the namespace members read as ns.member', () => {
    expect(text).toMatch(/__export\(ts_Util_exports, \{\n {2}size: \(\) => size\n\}\);/)
    expect(text).not.toContain('unusedUtil')
  })

  it('keeps writes to globals, and not a statement that only hands out ids', () => {
    expect(text).toContain('globalThis.shakeProbe =')
    expect(text).not.toContain('reserveIds')
  })

  it('keeps the whole bundle when everything is asked for', () => {
    const whole = shakeTypeScript(BUNDLE, ['check', 'parse'])
    expect(run(whole.text).check?.()).toBe('checker')
    expect(whole.text).toContain('function createChecker')
  })
})
