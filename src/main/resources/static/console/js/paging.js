// Paging of the admin lists, in one place: for each list, the query parameters and the answer's
// members the API pages with (docs/openapi.yaml; a change of name is a change here).

/** GET /api/v1/admin/dead-letters: by position, `limit` from `offset`; `nextOffset` and `total` answered. */
export const DEAD_LETTER_PAGES = { limit: 'limit', cursor: 'offset', next: 'nextOffset', total: 'total' };
/** GET /api/v1/admin/audit: latest first, `limit` events `before` a key; `next` answered (opaque). */
export const AUDIT_PAGES = { limit: 'limit', cursor: 'before', next: 'next', total: null };

/** The query parameters for one page: at most `limit` items after `cursor` (none: the first page). */
export function pageQuery(paging, limit, cursor) {
  return { [paging.limit]: limit, [paging.cursor]: cursor === null || cursor === undefined ? undefined : cursor };
}

/** The next page's cursor of a server-paged answer (text), or null on the last page. */
export function nextCursor(paging, body) {
  const next = body ? body[paging.next] : null;
  return next === null || next === undefined || next === '' ? null : String(next);
}

/** How many items the whole list has, when the answer says. */
export function totalOf(paging, body) {
  return paging.total && body && typeof body[paging.total] === 'number' ? body[paging.total] : null;
}

/**
 * The cursors of the pages before the current one, so "previous" works with a keyset cursor too.
 * Kept in memory: a page reloaded from its address starts on the first page.
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
