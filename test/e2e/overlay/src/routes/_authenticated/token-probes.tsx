// Test-only page: it puts the token-scope probes (test/e2e/overlay/src/lib/e2e/tokens.functions.ts)
// in the app, as any page that uses a server function does; the suite calls them over HTTP.
import { createFileRoute } from '@tanstack/react-router'
import { useState } from 'react'
import { appendedProbe, readProbe, writeProbe } from '#/lib/e2e/tokens.functions'

export const Route = createFileRoute('/_authenticated/token-probes')({
  component: TokenProbesPage,
})

function TokenProbesPage() {
  const [result, setResult] = useState('')
  const run = (probe: () => Promise<unknown>) => async () => setResult(JSON.stringify(await probe()))
  return (
    <main className="page-wrap px-4 py-12">
      <button type="button" onClick={run(() => readProbe())}>
        read
      </button>
      <button type="button" onClick={run(() => writeProbe())}>
        write
      </button>
      <button type="button" onClick={run(() => appendedProbe())}>
        appended
      </button>
      <pre data-testid="probe-result">{result}</pre>
    </main>
  )
}
