// drizzle-kit reads this file only
export * from './todos'
export { projects, type Project } from './projects' // the rest is internal

export const schemaVersion = 3
