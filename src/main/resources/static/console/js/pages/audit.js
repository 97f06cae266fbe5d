// Audit trail (ADMIN): who did what and when, latest first, with the changed object before and after;
// filtered by actor, action and time range (the filters live in the address, so a filtered view can
// be reloaded or shared), paged (../paging.js). GET /api/v1/admin/audit.
import * as api from '../api.js';
import { register, t, formatInstant } from '../i18n.js';
import { h, clear, heading, loading, table, field, problemBox } from '../ui.js';
import { AUDIT_PAGES, pageQuery, nextCursor, PagePosition, pagedList } from '../paging.js';

register({
  vi: {
    'audit.intro': 'Các thao tác quản trị, mới nhất trước: ai, làm gì, trên đối tượng nào, kết quả, và đối tượng trước/sau khi thay đổi.',
    'audit.filters': 'Lọc',
    'audit.actor': 'Người thực hiện (mã khách)',
    'audit.action': 'Thao tác',
    'audit.action.any': 'Mọi thao tác',
    'audit.from': 'Từ (giờ Việt Nam)',
    'audit.to': 'Đến trước (giờ Việt Nam)',
    'audit.apply': 'Lọc',
    'audit.clear': 'Bỏ lọc',
    'audit.refresh': 'Làm mới',
    'audit.err.range': '“Từ” phải trước “Đến trước”.',
    'audit.err.actor': 'Mã khách gồm 1–64 ký tự A-Z, a-z, 0-9 và . _ : @ -',
    'audit.table': 'Nhật ký quản trị',
    'audit.col.at': 'Thời điểm',
    'audit.col.actor': 'Người thực hiện',
    'audit.col.action': 'Thao tác',
    'audit.col.target': 'Đối tượng',
    'audit.col.outcome': 'Kết quả',
    'audit.col.detail': 'Chi tiết',
    'audit.col.changes': 'Thay đổi',
    'audit.before': 'Trước',
    'audit.after': 'Sau',
    'audit.showChanges': 'Xem trước/sau',
    'audit.correlation': 'Mã tương quan: {id}',
    'audit.count': 'Sự kiện {from}–{to}',
    'audit.countOf': 'Sự kiện {from}–{to} trên {total}',
    'audit.none': 'Không có sự kiện nào khớp.',
  },
  en: {
    'audit.intro': 'Administrative actions, latest first: who did what to which object, the outcome, and the object before and after a change.',
    'audit.filters': 'Filters',
    'audit.actor': 'Actor (client id)',
    'audit.action': 'Action',
    'audit.action.any': 'Any action',
    'audit.from': 'From (Vietnam time)',
    'audit.to': 'Until, not including (Vietnam time)',
    'audit.apply': 'Filter',
    'audit.clear': 'Clear filters',
    'audit.refresh': 'Refresh',
    'audit.err.range': '“From” must be before “Until”.',
    'audit.err.actor': 'A client id is 1–64 characters of A-Z, a-z, 0-9 and . _ : @ -',
    'audit.table': 'Audit trail',
    'audit.col.at': 'When',
    'audit.col.actor': 'Actor',
    'audit.col.action': 'Action',
    'audit.col.target': 'Target',
    'audit.col.outcome': 'Outcome',
    'audit.col.detail': 'Detail',
    'audit.col.changes': 'Changes',
    'audit.before': 'Before',
    'audit.after': 'After',
    'audit.showChanges': 'Show before/after',
    'audit.correlation': 'Correlation id: {id}',
    'audit.count': 'Events {from}–{to}',
    'audit.countOf': 'Events {from}–{to} of {total}',
    'audit.none': 'No event matches.',
  },
});

const PAGE_SIZE = 50;
/** The documented actions (docs/administration.md, "The audit trail"). */
const ACTIONS = ['source.change', 'source.reset', 'source.create', 'source.delete', 'catalogue.change',
  'catalogue.reset', 'routes.reload', 'route.stop', 'route.start', 'dead-letter.replay', 'console.sign-in',
  'console.sign-out'];
/** Asia/Ho_Chi_Minh has been UTC+7 all year since 1975. */
const VIETNAM_OFFSET = '+07:00';

/** A datetime-local value (Vietnam time) as an ISO-8601 instant with its offset; '' stays ''. */
export function vietnamInstant(local) {
  if (!local) {
    return '';
  }
  return `${local.length === 16 ? `${local}:00` : local}${VIETNAM_OFFSET}`;
}

function filtersOf(params) {
  return {
    actor: (params.get('actor') || '').trim(),
    action: params.get('action') || '',
    from: params.get('from') || '',
    to: params.get('to') || '',
  };
}

/** The filters as the API's query parameters. */
function filterQuery(filters) {
  return { actor: filters.actor, action: filters.action, from: vietnamInstant(filters.from), to: vietnamInstant(filters.to) };
}

export default async function render(main, ctx) {
  const filters = filtersOf(ctx.params);
  const position = new PagePosition(PAGE_SIZE);

  const actor = field(t('audit.actor'), h('input', { type: 'text', id: 'audit-actor', name: 'actor', value: filters.actor,
    autocomplete: 'off', spellcheck: 'false', maxlength: '100' }));
  const actions = ACTIONS.includes(filters.action) || !filters.action ? ACTIONS : [filters.action, ...ACTIONS];
  const action = field(t('audit.action'), h('select', { id: 'audit-action', name: 'action' },
    h('option', { value: '' }, t('audit.action.any')),
    actions.map((a) => h('option', { value: a, selected: a === filters.action }, a))));
  const from = field(t('audit.from'), h('input', { type: 'datetime-local', id: 'audit-from', name: 'from', value: filters.from }));
  const to = field(t('audit.to'), h('input', { type: 'datetime-local', id: 'audit-to', name: 'to', value: filters.to }));
  const clearButton = h('button', { type: 'button', id: 'audit-clear' }, t('audit.clear'));
  const refreshButton = h('button', { type: 'button', id: 'audit-refresh' }, t('audit.refresh'));
  const form = h('form', { class: 'panel filters', id: 'audit-filters', novalidate: true, 'aria-label': t('audit.filters') },
    h('div', { class: 'form-row' }, actor, action, from, to,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'audit-apply' }, t('audit.apply')),
        clearButton, refreshButton)));
  const body = h('div', { id: 'audit-body' }, loading());
  clear(main, heading(t('nav.audit')), h('p', {}, t('audit.intro')), form, body);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    to.setError(null);
    actor.setError(null);
    if (actor.control.value.trim() && !/^[A-Za-z0-9._:@-]{1,64}$/.test(actor.control.value.trim())) {
      actor.setError(t('audit.err.actor'));
      actor.control.focus();
      return;
    }
    if (from.control.value && to.control.value && from.control.value >= to.control.value) {
      to.setError(t('audit.err.range'));
      to.control.focus();
      return;
    }
    ctx.navigate('audit', { actor: actor.control.value.trim(), action: action.control.value,
      from: from.control.value, to: to.control.value });
  });
  clearButton.addEventListener('click', () => ctx.navigate('audit', {}));
  refreshButton.addEventListener('click', () => {
    position.reset();
    load();
  });

  /** One page of the events the filters select, latest first. */
  async function fetchPage() {
    const answer = await api.get('/api/v1/admin/audit', { ...pageQuery(AUDIT_PAGES, PAGE_SIZE, position.cursor),
      ...filterQuery(filters) });
    return { items: answer.events, next: nextCursor(AUDIT_PAGES, answer), total: null };
  }

  async function load() {
    try {
      show(await fetchPage());
    } catch (error) {
      clear(body, problemBox(error));
    }
  }

  function show(page) {
    const items = page.items || [];
    const grid = table([
      { label: t('audit.col.at'), value: (e) => h('time', { datetime: e.at }, formatInstant(e.at)) },
      { label: t('audit.col.actor'), value: (e) => h('span', { class: 'mono' }, e.actor) },
      { label: t('audit.col.action'), value: (e) => h('span', { class: 'mono' }, e.action) },
      { label: t('audit.col.target'), value: (e) => e.target },
      { label: t('audit.col.outcome'), value: (e) => h('span', { class: `badge ${e.outcome === 'done' ? 'good' : 'bad'}` }, e.outcome) },
      { label: t('audit.col.detail'), value: (e) => [e.detail || '', e.correlationId
        ? h('div', { class: 'hint mono' }, t('audit.correlation', { id: e.correlationId })) : null] },
      { label: t('audit.col.changes'), value: (e) => changes(e) },
    ], items, { caption: t('audit.table') });
    grid.id = 'audit-table';
    clear(body, pagedList({ id: 'audit', grid, page, position, load,
      messages: { none: 'audit.none', count: 'audit.count', countOf: 'audit.countOf' } }));
  }

  await load();
  return null;
}

function changes(event) {
  if (!event.before && !event.after) {
    return '';
  }
  const doc = (label, value) => (value === null || value === undefined ? null
    : [h('p', { class: 'change-label' }, label), h('pre', { class: 'exchange change' }, JSON.stringify(value, null, 2))]);
  return h('details', { class: 'changes' }, h('summary', {}, t('audit.showChanges')),
    doc(t('audit.before'), event.before), doc(t('audit.after'), event.after));
}
