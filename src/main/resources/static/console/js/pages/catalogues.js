// Catalogues (ADMIN): the code lists the hub names national codes with (ethnicity, religion, …), as every
// instance uses them; one catalogue's entries in a form (PUT replaces them, validated by the server, which
// names each bad entry: entries[3].code), and the return to the shipped list (DELETE).
// GET /api/v1/admin/catalogues, GET|PUT|DELETE /api/v1/admin/catalogues/{name}.
import * as api from '../api.js';
import { register, t, formatNumber, formatInstant } from '../i18n.js';
import { h, clear, heading, loading, table, field, problemBox, notify, confirmAction, pairRows, fieldPath, focusFirstInvalid } from '../ui.js';

register({
  vi: {
    'catalogues.intro': 'Các cơ sở dữ liệu quốc gia trả lời bằng mã (dân tộc 01, tôn giáo 02…); hub gọi tên các mã theo những danh mục này. Thay đổi áp dụng cho các câu trả lời từ lượt tra cứu kế tiếp, trên mọi máy chủ.',
    'catalogues.table': 'Các danh mục',
    'catalogues.col.name': 'Danh mục',
    'catalogues.col.description': 'Mô tả',
    'catalogues.col.entries': 'Số mã',
    'catalogues.col.state': 'Đang dùng',
    'catalogues.shipped': 'Danh mục gốc',
    'catalogues.changed': 'Phiên bản {version}, {by}, {at}',
    'catalogues.back': 'Về danh sách danh mục',
    'catalogues.edit.title': 'Danh mục {name}',
    'catalogues.description': 'Mô tả',
    'catalogues.source': 'Nguồn của danh sách',
    'catalogues.source.hint': 'Danh sách được lấy từ đâu, để người sau kiểm tra lại.',
    'catalogues.numericCodes': 'Mã dạng số',
    'catalogues.numericCodes.hint': 'Bật: 01 và 1 là cùng một mã.',
    'catalogues.entries': 'Các mã (mã → tên)',
    'catalogues.entries.hint': '1–2000 mã; mã 1–32 ký tự A-Z a-z 0-9 . _ -, không trùng; tên 1–200 ký tự.',
    'catalogues.entry.code': 'Mã {n}',
    'catalogues.entry.name': 'Tên {n}',
    'catalogues.entry.remove': 'Bỏ mã {n}',
    'catalogues.entry.add': 'Thêm mã',
    'catalogues.entries.none': 'Chưa có mã nào.',
    'catalogues.err.empty': 'Dòng {n}: cần cả mã và tên.',
    'catalogues.err.none': 'Cần ít nhất một mã.',
    'catalogues.err.server': 'Hub từ chối các dòng: {rows}.',
    'catalogues.invalid': 'Chưa lưu: hãy sửa các ô được đánh dấu.',
    'catalogues.save': 'Lưu danh mục',
    'catalogues.saved': 'Đã lưu danh mục; áp dụng từ lượt tra cứu kế tiếp.',
    'catalogues.reset': 'Về danh mục gốc',
    'catalogues.reset.title': 'Đưa {name} về danh mục gốc?',
    'catalogues.reset.text': 'Danh mục đã lưu bị xóa; mọi máy chủ dùng lại danh sách đi kèm hub. Bản sao đã tái sử dụng giữ tên cũ.',
    'catalogues.reset.confirm': 'Về danh mục gốc',
    'catalogues.resetDone': 'Danh mục {name} đã về danh mục gốc.',
  },
  en: {
    'catalogues.intro': 'The national databases answer with codes (ethnicity 01, religion 02, …); the hub names them with these catalogues. A change applies to answers from the next lookup on, on every instance.',
    'catalogues.table': 'Catalogues',
    'catalogues.col.name': 'Catalogue',
    'catalogues.col.description': 'Description',
    'catalogues.col.entries': 'Codes',
    'catalogues.col.state': 'In use',
    'catalogues.shipped': 'The shipped list',
    'catalogues.changed': 'Version {version}, {by}, {at}',
    'catalogues.back': 'Back to the catalogues',
    'catalogues.edit.title': 'Catalogue {name}',
    'catalogues.description': 'Description',
    'catalogues.source': 'Where the list comes from',
    'catalogues.source.hint': 'So that whoever comes next can check it.',
    'catalogues.numericCodes': 'Numeric codes',
    'catalogues.numericCodes.hint': 'On: 01 and 1 are the same code.',
    'catalogues.entries': 'Codes (code → name)',
    'catalogues.entries.hint': '1–2000 codes; a code is 1–32 of A-Z a-z 0-9 . _ -, each once; a name 1–200 characters.',
    'catalogues.entry.code': 'Code {n}',
    'catalogues.entry.name': 'Name {n}',
    'catalogues.entry.remove': 'Remove code {n}',
    'catalogues.entry.add': 'Add a code',
    'catalogues.entries.none': 'No code yet.',
    'catalogues.err.empty': 'Row {n}: both a code and a name are needed.',
    'catalogues.err.none': 'At least one code is needed.',
    'catalogues.err.server': 'The hub refused rows {rows}.',
    'catalogues.invalid': 'Not saved: correct the marked fields.',
    'catalogues.save': 'Save the catalogue',
    'catalogues.saved': 'Catalogue saved; it applies from the next lookup on.',
    'catalogues.reset': 'Back to the shipped list',
    'catalogues.reset.title': 'Return {name} to the shipped list?',
    'catalogues.reset.text': 'The stored catalogue is deleted; every instance uses the list shipped with the hub again. Reuse copies keep the names they were stored with.',
    'catalogues.reset.confirm': 'Back to the shipped list',
    'catalogues.resetDone': 'Catalogue {name} is the shipped list again.',
  },
});

const ENTRY = /^entries\.(\d+)(?:\.(code|name))?$/;

function catalogueUrl(name) {
  return `/api/v1/admin/catalogues/${encodeURIComponent(name)}`;
}

function state(c) {
  return c.stored
    ? t('catalogues.changed', { version: formatNumber(c.version), by: c.updatedBy, at: formatInstant(c.updatedAt) })
    : t('catalogues.shipped');
}

export default async function render(main, ctx) {
  const name = ctx.path[0];
  return name ? renderForm(main, name) : renderList(main);
}

async function renderList(main) {
  const body = h('div', { id: 'catalogues-body' }, loading());
  clear(main, heading(t('nav.catalogues')), h('p', {}, t('catalogues.intro')), body);
  try {
    const { catalogues } = await api.get('/api/v1/admin/catalogues');
    const grid = table([
      { label: t('catalogues.col.name'), value: (c) => h('a', { href: `#/catalogues/${encodeURIComponent(c.name)}`,
        id: `catalogue-link-${c.name}`, class: 'mono' }, c.name) },
      { label: t('catalogues.col.description'), value: (c) => c.description },
      { label: t('catalogues.col.entries'), class: 'num', value: (c) => formatNumber(c.entryCount) },
      { label: t('catalogues.col.state'), value: (c) => state(c) },
    ], catalogues, { caption: t('catalogues.table') });
    grid.id = 'catalogues-table';
    clear(body, h('div', { class: 'table-scroll' }, grid));
  } catch (error) {
    clear(body, problemBox(error));
  }
  return null;
}

async function renderForm(main, name) {
  const status = h('div', { id: 'catalogue-status' });
  const body = h('div', { id: 'catalogue-body' }, loading());
  clear(main, h('p', {}, h('a', { href: '#/catalogues', id: 'catalogue-back' }, t('catalogues.back'))),
    heading(t('catalogues.edit.title', { name })), status, body);
  let form;
  try {
    form = showForm(await api.get(catalogueUrl(name)));
  } catch (error) {
    clear(body, problemBox(error));
  }
  return null;

  function showForm(current) {
    const built = buildForm(current);
    clear(body, built.element);
    built.element.addEventListener('submit', (event) => {
      event.preventDefault();
      save();
    });
    built.resetButton.addEventListener('click', () => reset());
    form = built;
    return built;
  }

  async function save() {
    clear(status);
    const { value, valid } = form.collect();
    if (!valid) {
      status.append(h('p', { class: 'problem', role: 'alert', id: 'catalogue-invalid' }, t('catalogues.invalid')));
      form.focusFirstError();
      return;
    }
    form.setBusy(true);
    let stored;
    try {
      stored = await api.put(catalogueUrl(name), value);
    } catch (error) {
      form.setBusy(false);
      form.showServerErrors(error);
      status.append(problemBox(error));
      form.focusFirstError();
      return;
    }
    showForm(stored);
    clear(status, h('p', { class: 'notice-inline success-inline', role: 'status', id: 'catalogue-saved' }, t('catalogues.saved')));
    notify(t('catalogues.saved'), 'success');
  }

  async function reset() {
    const ok = await confirmAction(t('catalogues.reset.title', { name }), t('catalogues.reset.text'),
      { confirmLabel: t('catalogues.reset.confirm'), danger: true });
    if (!ok) {
      return;
    }
    clear(status);
    try {
      showForm(await api.del(catalogueUrl(name)));
    } catch (error) {
      status.append(problemBox(error));
      return;
    }
    clear(status, h('p', { class: 'notice-inline success-inline', role: 'status', id: 'catalogue-saved' },
      t('catalogues.resetDone', { name })));
    notify(t('catalogues.resetDone', { name }), 'success');
  }
}

/** One catalogue's form: its description, source and code rule, and its entries, each bad one marked in place. */
function buildForm(current) {
  const description = field(t('catalogues.description'), h('input', { type: 'text', id: 'catalogue-description',
    name: 'description', maxlength: '500', value: current.description || '' }));
  const source = field(t('catalogues.source'), h('input', { type: 'text', id: 'catalogue-source', name: 'source',
    maxlength: '500', value: current.source || '' }), { hint: t('catalogues.source.hint') });
  const numeric = field(t('catalogues.numericCodes'), h('input', { type: 'checkbox', id: 'catalogue-numericCodes',
    name: 'numericCodes', checked: Boolean(current.numericCodes) }), { hint: t('catalogues.numericCodes.hint') });
  numeric.classList.add('field-check');
  const fields = { description, source, numericCodes: numeric };
  const entries = pairRows({
    idPrefix: 'catalogue-entry', columns: ['code', 'name'], errorId: 'catalogue-entries-error',
    labels: [(n) => t('catalogues.entry.code', { n }), (n) => t('catalogues.entry.name', { n })],
    removeLabel: (n) => t('catalogues.entry.remove', { n }), addLabel: t('catalogues.entry.add'),
    noneText: t('catalogues.entries.none'), values: current.entries.map((e) => [e.code, e.name]),
    attributes: [{ maxlength: '32', class: 'mono' }, { maxlength: '200' }],
  });
  const entriesGroup = h('div', { class: 'field', id: 'catalogue-entries', role: 'group',
    'aria-labelledby': 'catalogue-entries-label' },
    h('p', { class: 'field-label', id: 'catalogue-entries-label' }, t('catalogues.entries')),
    h('p', { class: 'hint' }, t('catalogues.entries.hint')), entries.list,
    h('div', { class: 'actions' }, entries.addButton), entries.error);
  const submit = h('button', { type: 'submit', class: 'primary', id: 'catalogue-save' }, t('catalogues.save'));
  const resetButton = h('button', { type: 'button', class: 'danger', id: 'catalogue-reset', disabled: !current.stored },
    t('catalogues.reset'));
  const element = h('form', { class: 'catalogue-form', id: 'catalogue-form', novalidate: true },
    h('p', { id: 'catalogue-state' }, state(current)),
    h('fieldset', { class: 'panel' }, h('legend', {}, t('catalogues.edit.title', { name: current.name })),
      description, source, numeric, entriesGroup),
    h('div', { class: 'actions' }, submit, resetButton));

  function clearErrors() {
    Object.values(fields).forEach((f) => f.setError(null));
    entries.setError(null);
  }

  /** The catalogue as the form says it; a row with a code and no name (or the reverse) is marked. */
  function collect() {
    clearErrors();
    const rows = entries.rows();
    const kept = [];
    const empty = [];
    rows.forEach(([code, name], i) => {
      if (!code && !name) {
        return; // an empty row says nothing
      }
      if (!code || !name) {
        empty.push(i);
      }
      kept.push({ code, name });
    });
    if (empty.length) {
      entries.setError(t('catalogues.err.empty', { n: empty[0] + 1 }), false);
      empty.forEach((i) => [0, 1].filter((k) => !rows[i][k]).forEach((k) => entries.markInvalid(i, k)));
    } else if (kept.length === 0) {
      entries.setError(t('catalogues.err.none'));
    }
    const value = { description: description.control.value.trim() || null, source: source.control.value.trim() || null,
      numericCodes: numeric.control.checked, entries: kept };
    return { value, valid: empty.length === 0 && kept.length > 0 };
  }

  /** The server's errors at their fields: `entries[3].code` marks that input of row 4, and the list says which rows. */
  function showServerErrors(error) {
    clearErrors();
    const errors = (error.problem && Array.isArray(error.problem.errors)) ? error.problem.errors : [];
    const rows = new Set();
    const messages = [];
    errors.forEach((e) => {
      const path = fieldPath(e);
      const entry = ENTRY.exec(path);
      if (entry) {
        const index = Number(entry[1]);
        rows.add(index + 1);
        [entry[2] === 'name' ? 1 : 0].concat(entry[2] ? [] : [1]).forEach((k) => entries.markInvalid(index, k));
        messages.push(`${index + 1}: ${e.message || e.detail || ''}`);
      } else if (fields[path]) {
        fields[path].setError(e.message || e.detail || '');
      } else if (path === 'entries') {
        entries.setError(e.message || e.detail || '');
      }
    });
    if (rows.size) {
      entries.setError(`${t('catalogues.err.server', { rows: [...rows].join(', ') })} ${messages.join(' · ')}`, false);
    }
  }

  function setBusy(on) {
    submit.disabled = on;
    resetButton.disabled = on || !current.stored;
  }

  return { element, collect, showServerErrors, focusFirstError: () => focusFirstInvalid(element), setBusy, resetButton };
}
