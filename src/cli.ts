import { main } from './main.js'

// A reader that stops early (`kit-auth routes | head -1`) closes the pipe: the rest of the
// output has nowhere to go, but the command still finishes (an init still commits).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
  })
}

process.exitCode = await main(process.argv)
