import type { DevServer } from './types.js'
import type { ViteConfigInfo } from './vite-config.js'

/** Characters that end a shell command: `&&`, `||`, `;`, `|`, `&`, subshell parentheses, new lines. */
const COMMAND_ENDS = new Set([';', '&', '|', '(', ')', '\n'])
/** How deep quoted command lines (`sh -c "..."`) and `npm run <script>` are followed. */
const MAX_DEPTH = 3
/** Package managers whose `run <script>` (or, but npm, `<script>`) runs another script of the same package.json. */
const SCRIPT_RUNNERS = new Set(['npm', 'pnpm', 'yarn', 'bun'])

/**
 * The commands of a shell command line, each as its words with quotes and escapes removed. A quoted word that is a
 * command line itself (`sh -c "vite dev"`, `concurrently "vite dev" "convex dev"`) adds its commands after them.
 *
 * @example shellCommands(`dotenv -- sh -c "PORT=1 vite"`)
 *   // [['dotenv', '--', 'sh', '-c', 'PORT=1 vite'], ['PORT=1', 'vite']]
 */
export function shellCommands(line: string, depth = 0): string[][] {
  const commands: string[][] = []
  const nested: string[] = []
  let words: string[] = []
  let word: string | null = null
  const endWord = () => {
    if (word !== null) words.push(word)
    word = null
  }
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!
    if (char === '\\' && index + 1 < line.length) {
      word = (word ?? '') + line[++index]
    } else if (char === "'" || char === '"') {
      let text = ''
      for (index++; index < line.length && line[index] !== char; index++) {
        if (char === '"' && line[index] === '\\' && index + 1 < line.length) index++
        text += line[index]
      }
      word = (word ?? '') + text
      if (/\s/.test(text)) nested.push(text)
    } else if (char === ' ' || char === '\t') {
      endWord()
    } else if (COMMAND_ENDS.has(char)) {
      endWord()
      if (words.length > 0) commands.push(words)
      words = []
    } else {
      word = (word ?? '') + char
    }
  }
  endWord()
  if (words.length > 0) commands.push(words)
  return depth < MAX_DEPTH ? [...commands, ...nested.flatMap((text) => shellCommands(text, depth + 1))] : commands
}

/** A dev server command found in the dev script: which program, its `--port`, and the PORT set before it. */
interface DevCommand {
  program: 'vite' | 'vinxi'
  flag?: number
  env?: number
}

/** A TCP port a server can listen on: a whole number from 1 to 65535. */
export function isPort(value: number): boolean {
  return Number.isInteger(value) && value > 0 && value < 65536
}

const portNumber = (text: string | undefined): number | undefined => {
  const port = Number(text)
  return text && /^\d+$/.test(text) && isPort(port) ? port : undefined
}

/** `PORT=N` among the words before a command (`PORT=3001 vite`, `cross-env PORT=3001 vite`), as a number. */
function portVariable(words: string[]): number | undefined {
  const assignment = words.findLast((word) => word.startsWith('PORT='))
  return portNumber(assignment?.slice('PORT='.length))
}

/**
 * The dev server `vite` / `vinxi` runs in one command (`npx vite dev --port 3001`, `dotenv -- vite`), or null when
 * the command runs neither, or runs `vite build` / `vite preview` / a vinxi command other than `dev`.
 */
function devCommandOf(words: string[], env: number | undefined): DevCommand | null {
  const at = words.findIndex((word) => ['vite', 'vinxi'].includes(word.slice(word.lastIndexOf('/') + 1)))
  if (at < 0) return null
  const program = words[at]!.endsWith('vinxi') ? 'vinxi' : 'vite'
  let flag: number | undefined
  let command: string | undefined
  for (let index = at + 1; index < words.length; index++) {
    const word = words[index]!
    if (word === '--port') flag = portNumber(words[++index])
    else if (word.startsWith('--port=')) flag = portNumber(word.slice('--port='.length))
    else if (!word.startsWith('-')) command ??= word
  }
  const serves = program === 'vinxi' ? command === 'dev' : !['build', 'preview', 'optimize'].includes(command ?? '')
  if (!serves) return null
  const port = portVariable(words.slice(0, at)) ?? env
  return { program, ...(flag !== undefined ? { flag } : {}), ...(port !== undefined ? { env: port } : {}) }
}

/** The script `npm run dev:web` / `pnpm dev:web` / `yarn dev:web` / `bun run dev:web` runs, when it is one of them. */
function scriptRun(words: string[], scripts: Record<string, string>): string | undefined {
  const [runner, first, second] = words
  if (!runner || !SCRIPT_RUNNERS.has(runner)) return undefined
  const name = first === 'run' || first === 'run-script' ? second : runner === 'npm' ? undefined : first
  return name !== undefined && Object.hasOwn(scripts, name) ? name : undefined
}

/** The first dev server command of a script, following `npm run <other script>` and quoted command lines. */
function findDevCommand(
  scripts: Record<string, string>,
  name: string,
  env: number | undefined,
  seen: Set<string>,
): DevCommand | null {
  const script = scripts[name]
  if (script === undefined || seen.has(name) || seen.size > MAX_DEPTH) return null
  seen.add(name)
  let scriptEnv = env
  for (const words of shellCommands(script)) {
    // `export PORT=3001; vite` and `PORT=3001; vite` set it for the commands after
    if (words[0] === 'export' || words.every((word) => word.includes('='))) scriptEnv = portVariable(words) ?? scriptEnv
    const other = scriptRun(words, scripts)
    const found =
      other !== undefined
        ? findDevCommand(scripts, other, portVariable(words) ?? scriptEnv, seen)
        : devCommandOf(words, scriptEnv)
    if (found) return found
  }
  return null
}

/**
 * Where `npm run dev` serves, read the way the app runs it (measured on Vite 8.3.8 and nitro 3.0 beta):
 * - `vite` (TanStack Start's plugin): `--port` in the dev script, else `server.port` in the vite config, else Vite's
 *   5173; Vite does not read PORT.
 * - `vite` with Nitro's Vite plugin: PORT in the dev script, else `--port`, else `server.port`, else Nitro's 3000.
 * - `vinxi dev` (Start before 1.132): `--port`, else PORT, else 3000 (its app.config sets no dev port).
 * - anything else (a custom server) or no dev script: PORT in the dev script, else 3000, as a guess (`known: false`).
 *
 * @example devServerOf({ dev: 'vite dev --port 3001' }, null)
 *   // { port: 3001, from: '`--port 3001` in the dev script', known: true }
 */
export function devServerOf(scripts: Record<string, string>, vite: ViteConfigInfo | null): DevServer {
  const found = findDevCommand(scripts, 'dev', undefined, new Set())
  const inScript = (port: number, what: string) => ({ port, from: `\`${what}\` in the dev script`, known: true })
  const flag = found?.flag !== undefined ? inScript(found.flag, `--port ${found.flag}`) : null
  const env = found?.env !== undefined ? inScript(found.env, `PORT=${found.env}`) : null
  const configured =
    vite?.serverPort !== undefined ? { port: vite.serverPort, from: `server.port in ${vite.file}`, known: true } : null
  if (found?.program === 'vinxi') return flag ?? env ?? { port: 3000, from: "vinxi's default port", known: true }
  if (found && vite?.nitro)
    return env ?? flag ?? configured ?? { port: 3000, from: "Nitro's default port (nitro/vite)", known: true }
  if (found) return flag ?? configured ?? { port: 5173, from: "Vite's default port", known: true }
  const guess = portVariable(shellCommands(scripts.dev ?? '').flat())
  const why = scripts.dev === undefined ? 'there is no dev script' : 'the dev script does not run Vite'
  return guess !== undefined
    ? { port: guess, from: `\`PORT=${guess}\` in the dev script (${why})`, known: false }
    : { port: 3000, from: `a guess: ${why}`, known: false }
}

/** The dev server's URL: `http://localhost:5173`. */
export function devServerUrl(devServer: DevServer): string {
  return `http://localhost:${devServer.port}`
}
