// Paging of the admin lists, in one place: for each list, the query parameters and the answer's
// members the API pages with (docs/openapi.yaml; a change of name is a change here), and the count and
// pager under each list.
import { t, formatNumber } from './i18n.js';
import { h, pager } from './ui.js';

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

/**
 * Where a paged list stands: the current page's cursor, the position of its first item (from 0) and
 * the cursors of the pages before it. Kept in memory, like {@link CursorHistory}.
 */
export class PagePosition {
  constructor(pageSize) {
    this.pageSize = pageSize;
    this.history = new CursorHistory();
    this.cursor = '';
    this.offset = 0;
  }

  /** Back to the first page. */
  reset() {
    this.history.reset();
    this.cursor = '';
    this.offset = 0;
  }

  /** To the page before. */
  back() {
    this.cursor = this.history.back();
    this.offset = Math.max(0, this.offset - this.pageSize);
  }

  /** To the page after one of `shown` items, whose next cursor is `next`. */
  forward(next, shown) {
    this.history.forward(this.cursor);
    this.cursor = next;
    this.offset += shown;
  }

  get pageNumber() {
    return this.history.pageNumber;
  }
}

/**
 * A paged list as the page shows it: how many items and which ("Events 51–100", "51–100 of 230 dead
 * letters": a status read out when it changes), the table, and the previous / next buttons, which move
 * `position` and call `load` to fetch the page it then stands on.
 *
 * @param id the list's name: the count is `<id>-count`, the buttons `<id>-pager`
 * @param page one page: `items`, `next` (its next cursor, or null) and `total` (or null when not known)
 * @param messages the i18n keys of the count: `none` (an empty page), `count` ({from}, {to}) and
 *     `countOf` ({from}, {to}, {total})
 * @returns the nodes to put in the list's place
 */
export function pagedList({ id, grid, page, position, messages, load }) {
  const items = page.items || [];
  const first = position.offset + 1;
  const last = position.offset + items.length;
  const count = items.length === 0 ? t(messages.none)
    : page.total !== null && page.total !== undefined
      ? t(messages.countOf, { from: formatNumber(first), to: formatNumber(last), total: formatNumber(page.total) })
      : t(messages.count, { from: formatNumber(first), to: formatNumber(last) });
  const nav = pager({
    page: position.pageNumber,
    hasPrevious: position.pageNumber > 1,
    hasNext: Boolean(page.next),
    onPrevious: () => { position.back(); load(); },
    onNext: () => { position.forward(page.next, items.length); load(); },
  });
  nav.id = `${id}-pager`;
  return [h('p', { id: `${id}-count`, role: 'status' }, count), h('div', { class: 'table-scroll' }, grid), nav];
}
