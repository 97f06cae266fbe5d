// Keyset paging of the admin lists (dead letters, audit trail), in one place. The names below are the
// query parameters and the answer's member the API pages with; a change of name is a change here.
// While an endpoint answers without the `next` member (it does not page yet), the console asks it
// for everything it gives and pages the answer itself, with the offset as the cursor.
export const PAGING = { limit: 'limit', cursor: 'cursor', next: 'nextCursor' };

/** The query parameters for one page: at most `limit` items after `cursor` (none: the first page). */
export function pageQuery(limit, cursor) {
  return { [PAGING.limit]: limit, [PAGING.cursor]: cursor || undefined };
}

/** Whether the answer is a page of the server's (it carries the next page's cursor, null on the last). */
export function serverPaged(body) {
  return Boolean(body) && Object.prototype.hasOwnProperty.call(body, PAGING.next);
}

/** The next page's cursor of a server-paged answer, or null on the last page. */
export function nextCursor(body) {
  return (body && body[PAGING.next]) || null;
}

/** One page of a list the server gave whole: the offset (as text) is the cursor. */
export function pageLocally(items, limit, cursor) {
  const offset = Math.max(0, Number.parseInt(cursor || '0', 10) || 0);
  const end = offset + limit;
  return { items: items.slice(offset, end), next: end < items.length ? String(end) : null, total: items.length, offset };
}

/**
 * The cursors of the pages before the current one, so "previous" works with a keyset cursor too.
 * Kept in memory: a page reloaded from its address starts a new history (previous = first page).
 */
export class CursorHistory {
  constructor() {
    this.stack = [];
  }

  forward(current) {
    this.stack.push(current || '');
  }

  back() {
    return this.stack.length ? this.stack.pop() : '';
  }

  get pageNumber() {
    return this.stack.length + 1;
  }

  reset() {
    this.stack = [];
  }
}
