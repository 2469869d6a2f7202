import { KitError } from '../core/errors.js'
import type { GlobalOptions } from '../core/options.js'

export async function run(_args: string[], _options: GlobalOptions): Promise<void> {
  throw new KitError('`kit-auth add-guard` is not available in this version yet.', 'Use `kit-auth init` for now; add-guard arrives in a later release.')
}
