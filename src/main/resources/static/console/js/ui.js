// Small DOM helpers: every element is built with createElement and textContent, never from HTML
// strings, so nothing a national database or a user typed can become markup.
import { register, t, formatNumber } from './i18n.js';

register({
  vi: {
    'ui.loading': 'Đang tải…',
    'ui.empty': 'Không có dữ liệu.',
    'ui.error': 'Lỗi',
    'ui.problem.status': 'Mã HTTP',
    'ui.problem.code': 'Mã lỗi',
    'ui.problem.correlation': 'Mã tương quan',
    'ui.previous': 'Trang trước',
    'ui.next': 'Trang sau',
    'ui.page': 'Trang {page}',
    'ui.filter.shown': 'Hiển thị {shown} trên {total}.',
    'ui.filter.none': 'Không có dòng nào khớp “{text}” ({total} dòng).',
  },
  en: {
    'ui.loading': 'Loading…',
    'ui.empty': 'Nothing to show.',
    'ui.error': 'Error',
    'ui.problem.status': 'HTTP status',
    'ui.problem.code': 'Error code',
    'ui.problem.correlation': 'Correlation id',
    'ui.previous': 'Previous page',
    'ui.next': 'Next page',
    'ui.page': 'Page {page}',
    'ui.filter.shown': 'Showing {shown} of {total}.',
    'ui.filter.none': 'No row matches “{text}” ({total} rows).',
  },
});

/** h('button', { type: 'button', onclick: fn, class: 'primary' }, 'text', child, ...) */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (value === undefined || value === null || value === false) {
      return;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, value);
    }
  });
  append(element, children);
  return element;
}

function append(element, children) {
  children.flat(Infinity).forEach((child) => {
    if (child === undefined || child === null || child === false) {
      return;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  });
}

export function clear(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A page's heading, focused so a screen reader and the keyboard start there. */
export function heading(text) {
  return h('h1', { tabindex: '-1', class: 'page-title' }, text);
}

export function loading() {
  return h('p', { class: 'loading', role: 'status' }, t('ui.loading'));
}

/**
 * A problem+json answer as the user sees it: title, detail, the error code, each invalid field and
 * the correlation id to quote to an administrator.
 */
export function problemBox(error) {
  const problem = (error && error.problem) || {};
  const status = error && error.status;
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  return h('div', { class: 'problem', role: 'alert' },
    h('p', { class: 'problem-title' }, problem.title || (error && error.message) || t('ui.error')),
    problem.detail ? h('p', { class: 'problem-detail' }, problem.detail) : null,
    h('dl', { class: 'problem-facts' },
      status ? [h('dt', {}, t('ui.problem.status')), h('dd', {}, String(status))] : null,
      problem.code ? [h('dt', {}, t('ui.problem.code')), h('dd', { class: 'mono' }, problem.code)] : null,
      problem.correlationId ? [h('dt', {}, t('ui.problem.correlation')), h('dd', { class: 'mono' }, problem.correlationId)]
        : null),
    errors.length ? h('ul', { class: 'problem-errors' },
      errors.map((e) => h('li', {}, [e.pointer || e.field || e.parameter || e.header, e.detail || e.message]
        .filter(Boolean).join(': ')))) : null);
}

/**
 * A table: columns are { label, value: row => text or Node, class }; rows any objects. An empty
 * list shows one row saying so.
 */
export function table(columns, rows, { caption, rowClass } = {}) {
  return h('table', { class: 'grid' },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.class }, c.label)))),
    h('tbody', {}, rows.length === 0
      ? h('tr', {}, h('td', { colspan: String(columns.length), class: 'empty' }, t('ui.empty')))
      : rows.map((row) => h('tr', { class: rowClass ? rowClass(row) : null },
        columns.map((c) => h('td', { class: c.class }, c.value(row)))))));
}

let fieldSequence = 0;

/**
 * A labelled form field with its inline error (aria-describedby). control is an input, select or
 * textarea element; the returned element has .control and .setError(text).
 */
export function field(label, control, { hint } = {}) {
  fieldSequence += 1;
  const id = control.id || `field-${fieldSequence}`;
  control.id = id;
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  const wrapper = h('div', { class: 'field' },
    h('label', { for: id }, label), control, hint ? h('p', { class: 'hint', id: hintId }, hint) : null, error);
  wrapper.control = control;
  wrapper.setError = (text) => {
    error.textContent = text || '';
    error.hidden = !text;
    if (text) {
      control.setAttribute('aria-invalid', 'true');
    } else {
      control.removeAttribute('aria-invalid');
    }
  };
  return wrapper;
}

/** Previous / next buttons for a keyset- or offset-paged list. */
export function pager({ page, hasPrevious, hasNext, onPrevious, onNext }) {
  return h('nav', { class: 'pager', 'aria-label': t('ui.page', { page }) },
    h('button', { type: 'button', disabled: !hasPrevious, onclick: onPrevious }, t('ui.previous')),
    h('span', {}, t('ui.page', { page })),
    h('button', { type: 'button', disabled: !hasNext, onclick: onNext }, t('ui.next')));
}

/**
 * A search box over a table's rows, for a long list: typing keeps the rows whose text contains what
 * was typed (any case) and hides the others, and a status says how many are shown. The box and what
 * is typed in it stay when the table is drawn again (a page refreshing itself): `apply(table)` filters
 * the new one. Only the rows `rowSelector` selects are filtered (not the "nothing to show" row).
 */
export function tableFilter({ id, label, hint, rowSelector = 'tbody tr' }) {
  const input = h('input', { type: 'search', id, autocomplete: 'off', spellcheck: 'false', maxlength: '100' });
  const wrapper = field(label, input, { hint });
  const status = h('p', { class: 'hint filter-status', id: `${id}-status`, role: 'status' });
  input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby')} ${status.id}`);
  let grid = null;
  function filter() {
    if (!grid) {
      return;
    }
    const text = input.value.trim().toLowerCase();
    const rows = [...grid.querySelectorAll(rowSelector)];
    let shown = 0;
    rows.forEach((row) => {
      const match = !text || row.textContent.toLowerCase().includes(text);
      row.hidden = !match;
      shown += match ? 1 : 0;
    });
    const said = shown === 0 && text
      ? t('ui.filter.none', { text: input.value.trim(), total: formatNumber(rows.length) })
      : t('ui.filter.shown', { shown: formatNumber(shown), total: formatNumber(rows.length) });
    // said again only when it changed: a refresh showing the same rows is not read out
    if (status.textContent !== said) {
      status.textContent = said;
    }
  }
  input.addEventListener('input', filter);
  // Enter in the box must not submit anything around it
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
    }
  });
  return {
    element: h('div', { class: 'table-filter' }, wrapper, status),
    input,
    apply(table) {
      grid = table;
      filter();
    },
  };
}

/** A problem's field as a dotted path: `circuitBreaker.timeoutMs`, from a field name or a JSON pointer. */
export function fieldPath(error) {
  const name = error.field || error.pointer || error.parameter || '';
  return name.replace(/^#?\//, '').replace(/\//g, '.').replace(/\[(\d+)\]/g, '.$1');
}

/**
 * An editable list of pairs (a source's field → pointer, a catalogue's code → name): one row per pair,
 * each input with its own label (`labels[k](n)`, n counted from 1) and a remove button, an add button,
 * and one error line for the list (which marks every input invalid). Ids: `<idPrefix>-<columns[k]>-<n>`,
 * `<idPrefix>-remove-<n>`, `<idPrefix>-add`, `<idPrefix>-none` (no row), `<errorId>`.
 * `rows()` gives each row's trimmed values; `markInvalid(index, k)` marks one input of one row.
 */
export function pairRows({ idPrefix, columns, labels, removeLabel, addLabel, noneText, errorId, values = [],
  attributes = [{}, {}] }) {
  const rows = [];
  const list = h('div', { class: 'field-rows', id: `${idPrefix}-rows` });
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const addButton = h('button', { type: 'button', id: `${idPrefix}-add` }, addLabel);
  const renumber = () => {
    rows.forEach((row, i) => row.renumber(i + 1));
    if (rows.length === 0) {
      list.replaceChildren(h('p', { class: 'hint', id: `${idPrefix}-none` }, noneText));
    }
  };
  const add = (pair = ['', '']) => {
    const none = list.querySelector(`#${idPrefix}-none`);
    if (none) {
      none.remove();
    }
    const inputs = columns.map((column, k) => h('input', { type: 'text', value: pair[k] || '', spellcheck: 'false',
      'aria-describedby': errorId, ...attributes[k] }));
    const inputLabels = columns.map(() => h('label', {}));
    const remove = h('button', { type: 'button' });
    const element = h('div', { class: 'field-row' },
      inputs.map((input, k) => h('div', { class: 'field' }, inputLabels[k], input)), remove);
    const row = {
      element, inputs,
      renumber(n) {
        inputs.forEach((input, k) => {
          input.id = `${idPrefix}-${columns[k]}-${n}`;
          inputLabels[k].htmlFor = input.id;
          inputLabels[k].textContent = labels[k](n);
        });
        remove.id = `${idPrefix}-remove-${n}`;
        remove.textContent = removeLabel(n);
      },
    };
    remove.addEventListener('click', () => {
      const index = rows.indexOf(row);
      rows.splice(index, 1);
      element.remove();
      renumber();
      (rows[Math.min(index, rows.length - 1)] || { inputs: [addButton] }).inputs[0].focus();
    });
    rows.push(row);
    list.append(element);
    renumber();
    return row;
  };
  addButton.addEventListener('click', () => add().inputs[0].focus());
  values.forEach((pair) => add(pair));
  renumber();
  return {
    list, addButton, error,
    rows: () => rows.map((row) => row.inputs.map((input) => input.value.trim())),
    /** The list's error line; every input marked invalid with it, unless `markAll` is false (see markInvalid). */
    setError(text, markAll = true) {
      error.textContent = text || '';
      error.hidden = !text;
      if (text && !markAll) {
        return; // the rows marked one by one keep their marks
      }
      rows.forEach((row) => row.inputs.forEach((input) => {
        if (text) {
          input.setAttribute('aria-invalid', 'true');
        } else {
          input.removeAttribute('aria-invalid');
        }
      }));
    },
    markInvalid(index, k) {
      const row = rows[index];
      if (row) {
        row.inputs[k].setAttribute('aria-invalid', 'true');
      }
    },
    get control() {
      return rows.length ? rows[0].inputs[0] : addButton;
    },
  };
}

/** Moves the focus to the first control of this form (or any element) marked `aria-invalid`, if any. */
export function focusFirstInvalid(element) {
  const invalid = element.querySelector('[aria-invalid="true"]');
  if (invalid) {
    invalid.focus();
  }
}

/** A short message in the status area (read out by screen readers). */
export function notify(text, kind = 'info') {
  const notice = document.getElementById('notice');
  notice.className = `notice ${kind}`;
  notice.textContent = text;
  window.clearTimeout(notify.timer);
  notify.timer = window.setTimeout(() => { notice.textContent = ''; notice.className = 'notice'; }, 6000);
}

register({
  vi: { 'ui.confirm': 'Xác nhận', 'ui.cancel': 'Hủy' },
  en: { 'ui.confirm': 'Confirm', 'ui.cancel': 'Cancel' },
});

/**
 * Asks before an action that changes something: a modal <dialog> (focus kept inside, Escape
 * cancels), resolved true when confirmed. The focus returns to where it was.
 */
export function confirmAction(title, text, { confirmLabel, danger = false, id = 'confirm-dialog' } = {}) {
  return new Promise((resolve) => {
    const returnTo = document.activeElement;
    const titleId = `${id}-title`;
    const textId = `${id}-text`;
    const cancel = h('button', { type: 'button', id: `${id}-cancel` }, t('ui.cancel'));
    const ok = h('button', { type: 'button', id: `${id}-ok`, class: danger ? 'danger' : 'primary' },
      confirmLabel || t('ui.confirm'));
    const dialog = h('dialog', { id, class: 'confirm', 'aria-labelledby': titleId, 'aria-describedby': textId },
      h('h2', { id: titleId }, title), h('p', { id: textId }, text), h('div', { class: 'actions' }, ok, cancel));
    let answered = false;
    const close = (answer) => {
      if (answered) {
        return;
      }
      answered = true;
      dialog.close();
      dialog.remove();
      if (returnTo && document.contains(returnTo)) {
        returnTo.focus();
      }
      resolve(answer);
    };
    ok.addEventListener('click', () => close(true));
    cancel.addEventListener('click', () => close(false));
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); close(false); });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/** Whether a confirmation is open (pages pause their automatic refresh meanwhile). */
export function confirming() {
  return Boolean(document.querySelector('dialog.confirm[open]'));
}
