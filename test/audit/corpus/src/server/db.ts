// A stand-in data layer: what the server functions of the corpus read and write.
export const db = {
  posts: async () => [{ id: '1', title: 'Hello' }],
  postsOf: async (userId: string) => [{ id: '1', title: 'Hello', userId }],
  insert: async (userId: string, title: string) => ({ id: '2', title, userId }),
  stats: async () => ({ users: 1 }),
}
