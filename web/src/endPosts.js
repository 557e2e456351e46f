// 409 post.would_break: a change to a person, station or division (or its
// void) that would break active posts (CONTRACTS.md §2) is refused, naming
// the posts.  Here the user sees them and may end them and save again:
// the same request with ?end_posts=DATE, the posts ending the day before
// DATE (not after today, at most END_POSTS_DAYS_BACK days back).  The dialog
// (EndPostsDialog.vue) is mounted once, in App.vue.
import { reactive } from 'vue'
import { api, qs } from './api.js'

export const END_POSTS_DAYS_BACK = 30 // model/org.h

// what the dialog shows; resolve answers askEndPosts (a date, or null: cancelled)
export const endPostsAsk = reactive({ open: false, message: '', posts: [], resolve: null })

// The posts a refusal names: the answer lists each as a problem of field "posts"
// (its message in the interface's language, its rule's code), after the refusal itself.
export const namesPost = (problem) => problem.field === 'posts'
export function namedPosts(err) {
  return (err.problems || []).filter(namesPost).map((p) => p.message)
}

export function askEndPosts(err) {
  if (endPostsAsk.resolve) endPostsAsk.resolve(null)
  return new Promise((resolve) => {
    Object.assign(endPostsAsk, { open: true, message: err.message, posts: namedPosts(err), resolve })
  })
}

// api[method](path, body); on post.would_break ask, and with a date send the
// same again with ?end_posts=.  Cancelled: the refusal goes on to the caller.
export async function sendEndingPosts(method, path, body) {
  try {
    return await api[method](path, body)
  } catch (e) {
    if (e.code !== 'post.would_break') throw e
    const day = await askEndPosts(e)
    if (!day) throw e
    return api[method](path + qs({ end_posts: day }), body)
  }
}
