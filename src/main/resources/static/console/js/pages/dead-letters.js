// Dead letters (ADMIN): the messages that exhausted their retries (a dossier version the portal kept
// refusing, a criminal-record request never accepted): what, why, when, after how many attempts; each
// replayed (put back on its queue) after a confirmation. Paged: see ../paging.js.
// GET /api/v1/admin/dead-letters, POST /api/v1/admin/dead-letters/{id}/replay.
import * as api from '../api.js';
import { register, t, formatNumber, formatInstant } from '../i18n.js';
import { h, clear, heading, loading, table, problemBox, notify, confirmAction } from '../ui.js';
import { DEAD_LETTER_PAGES, pageQuery, nextCursor, totalOf, PagePosition, pagedList } from '../paging.js';

register({
  vi: {
    'dead-letters.intro': 'Các thông điệp đã hết số lần thử lại: phiên bản hồ sơ cổng dịch vụ công từ chối, yêu cầu lý lịch tư pháp không được nhận. Phát lại đưa thông điệp về hàng đợi của nó (đúng một lần).',
    'dead-letters.table': 'Thư lỗi',
    'dead-letters.col.queue': 'Hàng đợi',
    'dead-letters.col.what': 'Nội dung',
    'dead-letters.col.reason': 'Lý do',
    'dead-letters.col.failedAt': 'Thời điểm',
    'dead-letters.col.attempts': 'Số lần thử',
    'dead-letters.col.action': 'Thao tác',
    'dead-letters.replay': 'Phát lại',
    'dead-letters.replayLabel': 'Phát lại thư lỗi {id}',
    'dead-letters.replay.title': 'Phát lại thư lỗi này?',
    'dead-letters.replay.text': 'Thông điệp ({what}) được đưa trở lại hàng đợi {queue} và được xử lý lại; một yêu cầu lý lịch tư pháp trở về trạng thái PENDING với hạn mới.',
    'dead-letters.replay.confirm': 'Phát lại',
    'dead-letters.replayed': 'Đã phát lại',
    'dead-letters.replayedNotice': 'Đã phát lại thư lỗi về hàng đợi {queue}.',
    'dead-letters.refresh': 'Làm mới',
    'dead-letters.count': '{from}–{to} trên {total} thư lỗi',
    'dead-letters.countPaged': 'Thư lỗi {from}–{to}',
    'dead-letters.none': 'Không có thư lỗi nào.',
    'dead-letters.detail.hubDossierId': 'Hồ sơ',
    'dead-letters.detail.hubVersion': 'Phiên bản',
    'dead-letters.detail.hubRequestId': 'Yêu cầu',
    'dead-letters.id': 'Mã',
  },
  en: {
    'dead-letters.intro': 'Messages that exhausted their retries: dossier versions the portal refused, criminal-record requests never accepted. A replay puts the message back on its queue (once).',
    'dead-letters.table': 'Dead letters',
    'dead-letters.col.queue': 'Queue',
    'dead-letters.col.what': 'What',
    'dead-letters.col.reason': 'Why',
    'dead-letters.col.failedAt': 'When',
    'dead-letters.col.attempts': 'Attempts',
    'dead-letters.col.action': 'Action',
    'dead-letters.replay': 'Replay',
    'dead-letters.replayLabel': 'Replay dead letter {id}',
    'dead-letters.replay.title': 'Replay this dead letter?',
    'dead-letters.replay.text': 'The message ({what}) goes back on the queue {queue} and is processed again; a criminal-record request is PENDING again with a new deadline.',
    'dead-letters.replay.confirm': 'Replay',
    'dead-letters.replayed': 'Replayed',
    'dead-letters.replayedNotice': 'Dead letter replayed to the queue {queue}.',
    'dead-letters.refresh': 'Refresh',
    'dead-letters.count': '{from}–{to} of {total} dead letters',
    'dead-letters.countPaged': 'Dead letters {from}–{to}',
    'dead-letters.none': 'No dead letters.',
    'dead-letters.detail.hubDossierId': 'Dossier',
    'dead-letters.detail.hubVersion': 'Version',
    'dead-letters.detail.hubRequestId': 'Request',
    'dead-letters.id': 'Id',
  },
});

const PAGE_SIZE = 50;

/** A detail's label: known ones in words, others by their own name. */
function detailLabel(key) {
  const known = `dead-letters.detail.${key}`;
  const text = t(known);
  return text === known ? key : text;
}

function what(letter) {
  const details = letter.details || {};
  return Object.entries(details).map(([key, value]) => `${detailLabel(key)} ${value}`).join(', ') || letter.id;
}

/** One page of dead letters, from the offset the cursor holds. */
async function fetchPage(cursor) {
  const body = await api.get('/api/v1/admin/dead-letters', pageQuery(DEAD_LETTER_PAGES, PAGE_SIZE, cursor));
  return { items: body.deadLetters, next: nextCursor(DEAD_LETTER_PAGES, body), total: totalOf(DEAD_LETTER_PAGES, body) };
}

export default async function render(main) {
  const position = new PagePosition(PAGE_SIZE);
  const replayed = new Map(); // id -> queue, for rows replayed while the page is open

  const refreshButton = h('button', { type: 'button', id: 'dead-letters-refresh' }, t('dead-letters.refresh'));
  const result = h('div', { id: 'dead-letters-result' });
  const body = h('div', { id: 'dead-letters-body' }, loading());
  clear(main, heading(t('nav.dead-letters')), h('p', {}, t('dead-letters.intro')),
    h('div', { class: 'actions' }, refreshButton), result, body);

  async function load() {
    try {
      const page = await fetchPage(position.cursor);
      show(page);
    } catch (error) {
      clear(body, problemBox(error));
    }
  }

  function show(page) {
    const items = page.items || [];
    const grid = table([
      { label: t('dead-letters.col.queue'), value: (d) => h('span', { class: 'mono' }, d.queue) },
      { label: t('dead-letters.col.what'), value: (d) => detailsOf(d) },
      { label: t('dead-letters.col.reason'), value: (d) => d.reason || '–' },
      { label: t('dead-letters.col.failedAt'), value: (d) => formatInstant(d.failedAt) },
      { label: t('dead-letters.col.attempts'), class: 'num', value: (d) => formatNumber(d.attempts) },
      { label: t('dead-letters.col.action'), value: (d) => actionOf(d) },
    ], items, { caption: t('dead-letters.table'), rowClass: (d) => (replayed.has(d.id) ? 'replayed' : null) });
    grid.id = 'dead-letters-table';
    grid.querySelectorAll('tbody tr').forEach((tr, i) => {
      if (items[i]) {
        tr.dataset.deadLetterId = items[i].id;
      }
    });
    clear(body, pagedList({ id: 'dead-letters', grid, page, position, load,
      messages: { none: 'dead-letters.none', count: 'dead-letters.countPaged', countOf: 'dead-letters.count' } }));
  }

  function detailsOf(letter) {
    const entries = Object.entries(letter.details || {});
    return h('dl', { class: 'details-list' },
      entries.map(([key, value]) => [h('dt', {}, detailLabel(key)), h('dd', { class: 'mono' }, String(value))]),
      h('dt', {}, t('dead-letters.id')), h('dd', { class: 'mono' }, letter.id));
  }

  function actionOf(letter) {
    if (replayed.has(letter.id)) {
      return h('span', { class: 'badge good', id: `dead-letter-replayed-${letter.id}` }, t('dead-letters.replayed'));
    }
    const button = h('button', { type: 'button', id: `dead-letter-replay-${letter.id}`,
      'aria-label': t('dead-letters.replayLabel', { id: letter.id }) }, t('dead-letters.replay'));
    button.addEventListener('click', () => replay(letter, button));
    return button;
  }

  async function replay(letter, button) {
    const ok = await confirmAction(t('dead-letters.replay.title'),
      t('dead-letters.replay.text', { what: what(letter), queue: letter.queue }), { confirmLabel: t('dead-letters.replay.confirm') });
    if (!ok) {
      return;
    }
    clear(result);
    button.disabled = true;
    try {
      const answer = await api.post(`/api/v1/admin/dead-letters/${encodeURIComponent(letter.id)}/replay`);
      replayed.set(letter.id, answer.queue);
      notify(t('dead-letters.replayedNotice', { queue: answer.queue }), 'success');
      // the row stays, marked replayed, until the list is refreshed (it is then gone from the queue)
      const cell = button.parentElement;
      const row = cell.parentElement;
      row.classList.add('replayed');
      const badge = actionOf(letter);
      badge.setAttribute('tabindex', '-1');
      clear(cell, badge);
      badge.focus();
    } catch (error) {
      button.disabled = false;
      clear(result, problemBox(error));
    }
  }

  refreshButton.addEventListener('click', () => {
    replayed.clear();
    load();
  });

  await load();
  return null;
}
