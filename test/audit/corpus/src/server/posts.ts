import { db } from './db'

// Writes a post for nobody in particular: whoever calls it must have authorized the caller.
export async function createPost(title: string) {
  return db.insert('anonymous', title)
}
