/**
 * Just enough of seroval's JSON node format (what TanStack Start server functions speak) to read
 * results in tests: objects, arrays, strings, numbers, constants, dates, back-references and
 * plugin nodes (errors are `$TSR/Error` plugin nodes carrying `message`). Anything else throws,
 * so an unexpected shape fails loudly instead of decoding to garbage.
 */

interface Node {
  t: number
  i?: number
  s?: unknown
  p?: { k: string[]; v: Node[] }
  a?: (Node | null)[]
  c?: string
}

const CONSTANTS: Record<number, unknown> = {
  0: null,
  1: undefined,
  2: true,
  3: false,
  4: -0,
  5: Number.POSITIVE_INFINITY,
  6: Number.NEGATIVE_INFINITY,
  7: Number.NaN,
}

export function decodeSeroval(root: unknown): unknown {
  const refs = new Map<number, unknown>()
  const remember = <T>(node: Node, value: T): T => {
    if (typeof node.i === 'number') refs.set(node.i, value)
    return value
  }
  const decode = (node: Node | null): unknown => {
    if (node === null) return undefined
    switch (node.t) {
      case 0:
        return node.s
      case 1:
        return node.s
      case 2:
        return CONSTANTS[node.s as number]
      case 4:
        return refs.get(node.i as number)
      case 5:
        return remember(node, new Date(node.s as string))
      case 9: {
        const array: unknown[] = remember(node, [])
        for (const item of node.a ?? []) array.push(decode(item))
        return array
      }
      case 10:
      case 11: {
        const object: Record<string, unknown> = remember(node, {})
        node.p?.k.forEach((key, index) => {
          object[key] = decode(node.p!.v[index] ?? null)
        })
        return object
      }
      case 25: {
        const object: Record<string, unknown> = remember(node, { plugin: node.c })
        for (const [key, value] of Object.entries((node.s ?? {}) as Record<string, Node>)) object[key] = decode(value)
        return object
      }
      default:
        throw new Error(`decodeSeroval: unsupported node type ${node.t} in ${JSON.stringify(node).slice(0, 300)}`)
    }
  }
  return decode(root as Node)
}
