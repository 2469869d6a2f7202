/**
 * The real servers of test/helpers/servers.ts: each answers on its private port, round-trips data,
 * persists nothing it was told not to, and is gone (port closed, data folder removed) once stopped.
 */
import { existsSync } from 'node:fs'
import net from 'node:net'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { startPostgres, startRedis, type RunningServer } from './servers.js'

const started: RunningServer[] = []
afterAll(async () => {
  for (const server of started) await server.stop()
})

type Reply = string | number | null | Reply[]

/**
 * Sends each command as a RESP array of bulk strings over a raw socket and reads one reply per
 * command: `+OK` and `-ERR ...` come back as those strings, bulk strings as their text.
 */
function redis(port: number, ...commands: string[][]): Promise<Reply[]> {
  const encode = (words: string[]) =>
    `*${words.length}\r\n${words.map((word) => `$${Buffer.byteLength(word)}\r\n${word}\r\n`).join('')}`
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    let buffer = Buffer.alloc(0)
    socket.setTimeout(5_000, () => socket.destroy(new Error('no reply from redis within 5 s')))
    socket.on('error', reject)
    socket.on('connect', () => socket.write(commands.map(encode).join('')))
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk])
      const replies: Reply[] = []
      let offset = 0
      for (;;) {
        const parsed = parseReply(buffer, offset)
        if (!parsed) break
        replies.push(parsed.reply)
        offset = parsed.next
      }
      if (replies.length >= commands.length) {
        socket.end()
        resolve(replies)
      }
    })
  })
}

/** One RESP2 reply at `offset`, or null when the buffer does not hold all of it yet. */
function parseReply(buffer: Buffer, offset: number): { reply: Reply; next: number } | null {
  const lineEnd = buffer.indexOf('\r\n', offset)
  if (lineEnd < 0) return null
  const type = String.fromCharCode(buffer[offset]!)
  const line = buffer.toString('utf8', offset + 1, lineEnd)
  const next = lineEnd + 2
  if (type === '+' || type === '-') return { reply: `${type}${line}`, next }
  if (type === ':') return { reply: Number(line), next }
  if (type === '$') {
    const length = Number(line)
    if (length < 0) return { reply: null, next }
    if (buffer.length < next + length + 2) return null
    return { reply: buffer.toString('utf8', next, next + length), next: next + length + 2 }
  }
  if (type === '*') {
    const items: Reply[] = []
    let cursor = next
    for (let i = 0; i < Number(line); i++) {
      const item = parseReply(buffer, cursor)
      if (!item) return null
      items.push(item.reply)
      cursor = item.next
    }
    return { reply: items, next: cursor }
  }
  throw new Error(`not a RESP reply: ${JSON.stringify(buffer.toString('utf8', offset))}`)
}

/** Resolves with the connection error once nothing listens on the port any more. */
function refused(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.on('connect', () => {
      socket.destroy()
      reject(new Error(`port ${port} still accepts connections`))
    })
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
  })
}

describe('startRedis', () => {
  // the first run on a machine without redis-server installs it with apt-get
  const INSTALL_TIMEOUT = 600_000
  it(
    'answers PING, round-trips SET/GET, persists nothing, and is gone once stopped',
    { timeout: INSTALL_TIMEOUT },
    async () => {
      const server = await startRedis()
      started.push(server)
      expect(server.url).toBe(`redis://127.0.0.1:${server.port}`)
      expect(await redis(server.port, ['PING'])).toEqual(['+PONG'])
      const value = `value ${Math.random()}\r\nwith a line break`
      expect(await redis(server.port, ['SET', 'kit-auth:key', value], ['GET', 'kit-auth:key'])).toEqual(['+OK', value])
      // in another connection too: the server holds it, not the socket
      expect(await redis(server.port, ['GET', 'kit-auth:key'], ['GET', 'kit-auth:nothing'])).toEqual([value, null])
      expect(await redis(server.port, ['CONFIG', 'GET', 'save'], ['CONFIG', 'GET', 'appendonly'])).toEqual([
        ['save', ''],
        ['appendonly', 'no'],
      ])
      expect(existsSync(server.dataDir)).toBe(true)
      await server.stop()
      expect(await refused(server.port)).toBe('ECONNREFUSED')
      expect(existsSync(server.dataDir)).toBe(false)
    },
  )
})

describe('startPostgres', () => {
  it('serves PostgreSQL 18 on its port, creates databases, and is gone once stopped', async () => {
    const server = await startPostgres()
    started.push(server)
    expect(server.url).toBe(`postgres://postgres:kit-auth-test@127.0.0.1:${server.port}/postgres`)
    const url = await server.createDatabase('kit_auth_helper')
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      const { rows } = await client.query<{ version: string; db: string }>(
        'select current_setting($1) as version, current_database() as db',
        ['server_version'],
      )
      expect(rows[0]?.version).toMatch(/^18\./)
      expect(rows[0]?.db).toBe('kit_auth_helper')
      await client.query('create table t (id int primary key, name text)')
      await client.query("insert into t values (1, 'one')")
      expect((await client.query('select name from t where id = 1')).rows).toEqual([{ name: 'one' }])
    } finally {
      await client.end()
    }
    expect(existsSync(`${server.dataDir}/PG_VERSION`)).toBe(true)
    await server.stop()
    expect(await refused(server.port)).toBe('ECONNREFUSED')
    expect(existsSync(server.dataDir)).toBe(false)
  })
})
