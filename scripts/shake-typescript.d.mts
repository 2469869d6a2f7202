/** Types of shake-typescript.mjs (for its test). */
export function shakeTypeScript(
  source: string,
  apiNames: string[],
): { text: string; exported: string[]; statements: { kept: number; of: number } }
