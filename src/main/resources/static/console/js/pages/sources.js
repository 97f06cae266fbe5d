// Sources (ADMIN): every national database's settings as the hub runs them; one source's settings in a
// form (PUT replaces them all, validated by the server, which names each bad field), a new source
// (PUT of an unknown name), and the reset (DELETE: back to the configuration, or a created source deleted).
// GET /api/v1/admin/sources, GET|PUT|DELETE /api/v1/admin/sources/{source}.
import * as api from '../api.js';
import { register, t, formatNumber } from '../i18n.js';
import { h, clear, heading, loading, table, field, problemBox, notify, confirmAction, tableFilter, pairRows, fieldPath, focusFirstInvalid } from '../ui.js';

register({
  vi: {
    'sources.intro': 'Cấu hình mỗi cơ sở dữ liệu quốc gia mà hub đang dùng. Thay đổi được áp dụng từ lượt tra cứu kế tiếp trên mọi máy chủ, không cần khởi động lại.',
    'sources.table': 'Các nguồn dữ liệu',
    'sources.col.name': 'Nguồn',
    'sources.col.baseUrl': 'Địa chỉ',
    'sources.col.enabled': 'Bật',
    'sources.col.timeout': 'Thời gian chờ (ms)',
    'sources.col.reuse': 'Tái sử dụng',
    'sources.col.ttl': 'Hạn bản sao (giây)',
    'sources.col.breaker': 'Cầu dao',
    'sources.breakerSummary': '{rate}% trên {window} lượt, mở {wait} ms',
    'sources.new': 'Thêm nguồn mới',
    'sources.filter': 'Lọc các nguồn',
    'sources.filter.hint': 'Theo tên, địa chỉ, chế độ tái sử dụng hoặc bất kỳ chữ nào trong dòng.',
    'sources.back': 'Về danh sách nguồn',
    'sources.edit.title': 'Nguồn {name}',
    'sources.new.title': 'Nguồn dữ liệu mới',
    'sources.new.intro': 'Tạo một nguồn mới: sau khi lưu, đặt tệp tuyến routes/<tên>.yaml rồi nạp lại các tuyến (trang Tuyến).',
    'sources.group.connection': 'Kết nối',
    'sources.group.reuse': 'Tái sử dụng dữ liệu',
    'sources.group.breaker': 'Cầu dao (circuit breaker)',
    'sources.group.subjects': 'Đối tượng tra cứu và các trường',
    'sources.name': 'Tên nguồn',
    'sources.name.hint': '2–32 ký tự a-z, 0-9 và “-”, bắt đầu bằng chữ cái; không được là criminal-records.',
    'sources.baseUrl': 'Địa chỉ gốc (URL)',
    'sources.baseUrl.hint': 'URL http hoặc https tuyệt đối, có tên máy; không có thông tin đăng nhập, truy vấn hay phân đoạn.',
    'sources.timeoutMs': 'Thời gian chờ trả lời (ms)',
    'sources.connectTimeoutMs': 'Thời gian chờ kết nối (ms)',
    'sources.enabled': 'Đang bật',
    'sources.enabled.hint': 'Tắt: các tra cứu nguồn này bị từ chối (503), tình trạng là OUT_OF_SERVICE.',
    'sources.reuseMode': 'Chế độ tái sử dụng',
    'sources.reuse.prefer-copy': 'prefer-copy — trả lời từ bản sao còn hạn, không gọi nguồn',
    'sources.reuse.fallback': 'fallback — gọi nguồn, dùng bản sao khi nguồn lỗi',
    'sources.reuse.off': 'off — không giữ, không dùng bản sao',
    'sources.reuseTtlSeconds': 'Hạn của bản sao (giây)',
    'sources.cb.failureRateThreshold': 'Ngưỡng tỷ lệ lỗi (%)',
    'sources.cb.slidingWindowSize': 'Cửa sổ (số lượt gọi)',
    'sources.cb.minimumNumberOfCalls': 'Số lượt tối thiểu trước khi tính',
    'sources.cb.minimumNumberOfCalls.hint': 'Từ {min} đến {max}, không lớn hơn cửa sổ.',
    'sources.cb.waitInOpenStateMs': 'Thời gian mở (ms)',
    'sources.cb.permittedCallsInHalfOpenState': 'Số lượt thử khi nửa mở',
    'sources.subjectPattern': 'Mẫu đối tượng (biểu thức chính quy)',
    'sources.subjectPattern.hint': 'Toàn bộ mã đối tượng phải khớp, ví dụ [0-9]{12}. Tối đa 200 ký tự.',
    'sources.subjectPattern.builtIn': 'Hub tự kiểm tra mã đối tượng của nguồn này; không có mẫu và không có ánh xạ trường.',
    'sources.fields': 'Các trường chuẩn (tên → con trỏ JSON trong câu trả lời của nguồn)',
    'sources.fields.hint': 'Tối đa 20 trường; tên dạng lowerCamelCase (không phải retrievedAt), con trỏ bắt đầu bằng /.',
    'sources.fields.name': 'Tên trường {n}',
    'sources.fields.pointer': 'Con trỏ JSON {n}',
    'sources.fields.add': 'Thêm trường',
    'sources.fields.remove': 'Bỏ trường {n}',
    'sources.fields.none': 'Chưa có trường nào.',
    'sources.range': 'Từ {min} đến {max}.',
    'sources.save': 'Lưu',
    'sources.create': 'Tạo nguồn',
    'sources.reset': 'Đặt lại',
    'sources.reset.title': 'Đặt lại nguồn {name}?',
    'sources.reset.text': 'Bỏ các giá trị quản trị viên đã lưu: một nguồn có trong cấu hình (hub.sources.{name}.*) chạy lại với cấu hình đó trên mọi máy chủ; một nguồn được tạo tại đây thì bị xóa (bị từ chối khi tệp tuyến của nó còn được nạp).',
    'sources.reset.confirm': 'Đặt lại',
    'sources.saved': 'Đã lưu. Các giá trị dưới đây là giá trị đang chạy, vừa được đọc lại.',
    'sources.created': 'Đã tạo nguồn {name}.',
    'sources.resetDone': 'Đã đặt lại nguồn {name} về cấu hình.',
    'sources.deleted': 'Đã xóa nguồn {name}.',
    'sources.invalid': 'Có giá trị không hợp lệ; xem các ô được đánh dấu.',
    'sources.err.required': 'Bắt buộc.',
    'sources.err.integer': 'Phải là số nguyên.',
    'sources.err.number': 'Phải là một số.',
    'sources.err.range': 'Phải từ {min} đến {max}.',
    'sources.err.url': 'Phải là URL http hoặc https có tên máy.',
    'sources.err.tooLong': 'Tối đa {max} ký tự.',
    'sources.err.minCalls': 'Không được lớn hơn cửa sổ ({window}).',
    'sources.err.name': 'Tên không hợp lệ: 2–32 ký tự a-z, 0-9 và “-”, bắt đầu bằng chữ cái.',
    'sources.err.reserved': 'Tên này dành cho loại yêu cầu khác.',
    'sources.err.exists': 'Đã có nguồn tên này: mở nó để sửa.',
    'sources.err.regex': 'Không phải biểu thức chính quy hợp lệ.',
    'sources.err.fields': 'Trường {n}: tên phải dạng lowerCamelCase (tối đa 40 ký tự, không phải retrievedAt), con trỏ bắt đầu bằng / (tối đa 100 ký tự), tên không trùng.',
    'sources.err.tooManyFields': 'Tối đa 20 trường.',
    'sources.yes': 'bật',
    'sources.no': 'tắt',
  },
  en: {
    'sources.intro': 'The settings each national database runs with. A change applies from the next lookup on, on every instance, without a restart.',
    'sources.table': 'Sources',
    'sources.col.name': 'Source',
    'sources.col.baseUrl': 'Address',
    'sources.col.enabled': 'Enabled',
    'sources.col.timeout': 'Timeout (ms)',
    'sources.col.reuse': 'Reuse',
    'sources.col.ttl': 'Copy TTL (s)',
    'sources.col.breaker': 'Circuit breaker',
    'sources.breakerSummary': '{rate}% over {window} calls, open {wait} ms',
    'sources.new': 'Add a source',
    'sources.filter': 'Filter the sources',
    'sources.filter.hint': 'By name, address, reuse mode or any text of the row.',
    'sources.back': 'Back to the sources',
    'sources.edit.title': 'Source {name}',
    'sources.new.title': 'New source',
    'sources.new.intro': 'Create a source: once saved, put its route file routes/<name>.yaml in place and reload the routes (Routes page).',
    'sources.group.connection': 'Connection',
    'sources.group.reuse': 'Data reuse',
    'sources.group.breaker': 'Circuit breaker',
    'sources.group.subjects': 'Subjects and fields',
    'sources.name': 'Source name',
    'sources.name.hint': '2–32 characters of a-z, 0-9 and “-”, starting with a letter; not criminal-records.',
    'sources.baseUrl': 'Base URL',
    'sources.baseUrl.hint': 'An absolute http or https URL with a host; no credentials, query or fragment.',
    'sources.timeoutMs': 'Answer timeout (ms)',
    'sources.connectTimeoutMs': 'Connect timeout (ms)',
    'sources.enabled': 'Enabled',
    'sources.enabled.hint': 'Disabled: this source\'s lookups are refused (503) and its health is OUT_OF_SERVICE.',
    'sources.reuseMode': 'Reuse mode',
    'sources.reuse.prefer-copy': 'prefer-copy — answer from a valid copy without calling the source',
    'sources.reuse.fallback': 'fallback — call the source, answer from a copy when it fails',
    'sources.reuse.off': 'off — keep and serve no copies',
    'sources.reuseTtlSeconds': 'Copy lifetime (seconds)',
    'sources.cb.failureRateThreshold': 'Failure rate threshold (%)',
    'sources.cb.slidingWindowSize': 'Window (calls)',
    'sources.cb.minimumNumberOfCalls': 'Minimum calls before it counts',
    'sources.cb.minimumNumberOfCalls.hint': 'From {min} to {max}, not more than the window.',
    'sources.cb.waitInOpenStateMs': 'Time open (ms)',
    'sources.cb.permittedCallsInHalfOpenState': 'Trial calls when half open',
    'sources.subjectPattern': 'Subject pattern (regular expression)',
    'sources.subjectPattern.hint': 'The whole subject must match, e.g. [0-9]{12}. At most 200 characters.',
    'sources.subjectPattern.builtIn': 'The hub checks this source\'s subjects itself: no pattern and no field mapping.',
    'sources.fields': 'Canonical fields (name → JSON pointer into the source\'s answer)',
    'sources.fields.hint': 'Up to 20; lowerCamelCase names (not retrievedAt), pointers starting with /.',
    'sources.fields.name': 'Field name {n}',
    'sources.fields.pointer': 'JSON pointer {n}',
    'sources.fields.add': 'Add a field',
    'sources.fields.remove': 'Remove field {n}',
    'sources.fields.none': 'No fields yet.',
    'sources.range': 'From {min} to {max}.',
    'sources.save': 'Save',
    'sources.create': 'Create the source',
    'sources.reset': 'Reset',
    'sources.reset.title': 'Reset the source {name}?',
    'sources.reset.text': 'Drops the settings administrators stored: a source in the configuration (hub.sources.{name}.*) runs with that configuration again on every instance; a source created here is deleted (refused while its route file is loaded).',
    'sources.reset.confirm': 'Reset',
    'sources.saved': 'Saved. The values below are the ones now running, read again.',
    'sources.created': 'Source {name} created.',
    'sources.resetDone': 'Source {name} reset to its configuration.',
    'sources.deleted': 'Source {name} deleted.',
    'sources.invalid': 'Some values are invalid; see the marked fields.',
    'sources.err.required': 'Required.',
    'sources.err.integer': 'Must be a whole number.',
    'sources.err.number': 'Must be a number.',
    'sources.err.range': 'Must be from {min} to {max}.',
    'sources.err.url': 'Must be an http or https URL with a host.',
    'sources.err.tooLong': 'At most {max} characters.',
    'sources.err.minCalls': 'Must not exceed the window ({window}).',
    'sources.err.name': 'Invalid name: 2–32 characters of a-z, 0-9 and “-”, starting with a letter.',
    'sources.err.reserved': 'This name is reserved for another kind of request.',
    'sources.err.exists': 'A source of this name exists: open it to change it.',
    'sources.err.regex': 'Not a valid regular expression.',
    'sources.err.fields': 'Field {n}: the name must be lowerCamelCase (at most 40 characters, not retrievedAt), the pointer start with / (at most 100 characters), names unique.',
    'sources.err.tooManyFields': 'At most 20 fields.',
    'sources.yes': 'on',
    'sources.no': 'off',
  },
});

/** The numeric settings with the schema's bounds (docs/openapi.yaml SourceSettingsChange, CircuitSettings). */
const NUMBERS = [
  { path: 'timeoutMs', min: 100, max: 120000, integer: true },
  { path: 'connectTimeoutMs', min: 50, max: 60000, integer: true },
  { path: 'reuseTtlSeconds', min: 0, max: 31536000, integer: true },
  { path: 'circuitBreaker.failureRateThreshold', min: 1, max: 100, integer: false },
  { path: 'circuitBreaker.slidingWindowSize', min: 1, max: 10000, integer: true },
  { path: 'circuitBreaker.minimumNumberOfCalls', min: 1, max: 10000, integer: true },
  { path: 'circuitBreaker.waitInOpenStateMs', min: 100, max: 3600000, integer: true },
  { path: 'circuitBreaker.permittedCallsInHalfOpenState', min: 1, max: 1000, integer: true },
];
const REUSE_MODES = ['prefer-copy', 'fallback', 'off'];
const NAME = /^[a-z][a-z0-9-]{1,31}$/;
const CANONICAL = /^[a-z][A-Za-z0-9]{0,39}$/;
const RESERVED = ['criminal-records'];
/** What a new source starts with (the API's own example). */
const NEW_SOURCE = {
  source: '', baseUrl: 'http://localhost:8089', timeoutMs: 3000, connectTimeoutMs: 1000, enabled: true,
  reuseMode: 'fallback', reuseTtlSeconds: 86400,
  circuitBreaker: { failureRateThreshold: 50, slidingWindowSize: 20, minimumNumberOfCalls: 10, waitInOpenStateMs: 30000,
    permittedCallsInHalfOpenState: 3 },
  subjectPattern: '', fields: {},
};

function read(object, path) {
  return path.split('.').reduce((value, key) => (value === null || value === undefined ? value : value[key]), object);
}

function controlId(path) {
  return `source-${path.replace(/\./g, '-')}`;
}

function sourceUrl(name) {
  return `/api/v1/admin/sources/${encodeURIComponent(name)}`;
}

export default async function render(main, ctx) {
  const name = ctx.path[0];
  if (!name) {
    return renderList(main);
  }
  return renderForm(main, ctx, name === 'new' ? null : name);
}

async function renderList(main) {
  const body = h('div', { id: 'sources-body' }, loading());
  clear(main, heading(t('nav.sources')), h('p', {}, t('sources.intro')),
    h('div', { class: 'actions' }, h('a', { href: '#/sources/new', class: 'button', id: 'source-new' }, t('sources.new'))), body);
  try {
    const { sources } = await api.get('/api/v1/admin/sources');
    const grid = table([
      { label: t('sources.col.name'), value: (s) => h('a', { href: `#/sources/${encodeURIComponent(s.source)}`, id: `source-link-${s.source}` }, s.source) },
      { label: t('sources.col.baseUrl'), value: (s) => h('span', { class: 'mono' }, s.baseUrl) },
      { label: t('sources.col.enabled'), value: (s) => h('span', { class: s.enabled ? 'good' : 'bad' }, t(s.enabled ? 'sources.yes' : 'sources.no')) },
      { label: t('sources.col.timeout'), class: 'num', value: (s) => formatNumber(s.timeoutMs) },
      { label: t('sources.col.reuse'), value: (s) => h('span', { class: 'mono' }, s.reuseMode) },
      { label: t('sources.col.ttl'), class: 'num', value: (s) => formatNumber(s.reuseTtlSeconds) },
      { label: t('sources.col.breaker'), value: (s) => t('sources.breakerSummary', {
        rate: formatNumber(s.circuitBreaker.failureRateThreshold, 0), window: formatNumber(s.circuitBreaker.slidingWindowSize),
        wait: formatNumber(s.circuitBreaker.waitInOpenStateMs) }) },
    ], sources, { caption: t('sources.table') });
    grid.id = 'sources-table';
    grid.querySelectorAll('tbody tr').forEach((tr, i) => {
      if (sources[i]) {
        tr.dataset.source = sources[i].source;
      }
    });
    const filter = tableFilter({ id: 'sources-filter', label: t('sources.filter'), hint: t('sources.filter.hint'),
      rowSelector: 'tbody tr[data-source]' });
    clear(body, filter.element, h('div', { class: 'table-scroll' }, grid));
    filter.apply(grid);
  } catch (error) {
    clear(body, problemBox(error));
  }
  return null;
}

async function renderForm(main, ctx, name) {
  const creating = name === null;
  const title = heading(creating ? t('sources.new.title') : t('sources.edit.title', { name }));
  const status = h('div', { id: 'source-status' });
  const body = h('div', { id: 'source-body' }, loading());
  clear(main, h('p', {}, h('a', { href: '#/sources', id: 'source-back' }, t('sources.back'))), title,
    creating ? h('p', {}, t('sources.new.intro')) : null, status, body);

  let settings;
  let known = [];
  try {
    if (creating) {
      settings = JSON.parse(JSON.stringify(NEW_SOURCE));
      known = (await api.get('/api/v1/admin/sources')).sources.map((s) => s.source);
    } else {
      settings = await api.get(sourceUrl(name));
    }
  } catch (error) {
    clear(body, problemBox(error));
    return null;
  }
  showForm(settings);
  if (ctx.params.get('created')) {
    clear(status, h('p', { class: 'notice-inline success-inline', role: 'status', id: 'source-saved' }, t('sources.created', { name })));
  }
  return null;

  function showForm(current) {
    const form = buildForm(current, creating, known);
    clear(body, form.element);
    form.element.addEventListener('submit', (event) => {
      event.preventDefault();
      save(form);
    });
    if (form.resetButton) {
      form.resetButton.addEventListener('click', () => reset());
    }
  }

  async function save(form) {
    clear(status);
    const { value, valid } = form.collect();
    if (!valid) {
      status.append(h('p', { class: 'problem', role: 'alert', id: 'source-invalid' }, t('sources.invalid')));
      form.focusFirstError();
      return;
    }
    const target = creating ? value.source : name;
    const change = { ...value };
    delete change.source;
    form.setBusy(true);
    try {
      await api.put(sourceUrl(target), change);
    } catch (error) {
      form.setBusy(false);
      const unmapped = form.showServerErrors(error);
      const rest = error.problem ? { ...error, status: error.status, message: error.message,
        problem: { ...error.problem, errors: unmapped.length ? unmapped : undefined } } : error;
      status.append(problemBox(rest));
      form.focusFirstError();
      return;
    }
    if (creating) {
      notify(t('sources.created', { name: target }), 'success');
      ctx.navigate(`sources/${encodeURIComponent(target)}`, { created: '1' });
      return;
    }
    // what is stored and running now, read again
    try {
      const stored = await api.get(sourceUrl(name));
      showForm(stored);
      clear(status, h('p', { class: 'notice-inline success-inline', role: 'status', id: 'source-saved' }, t('sources.saved')));
      notify(t('sources.saved'), 'success');
    } catch (error) {
      clear(status, problemBox(error));
    }
  }

  async function reset() {
    const ok = await confirmAction(t('sources.reset.title', { name }), t('sources.reset.text', { name }),
      { confirmLabel: t('sources.reset.confirm'), danger: true });
    if (!ok) {
      return;
    }
    clear(status);
    try {
      await api.del(sourceUrl(name));
    } catch (error) {
      status.append(problemBox(error));
      return;
    }
    try {
      const stored = await api.get(sourceUrl(name));
      showForm(stored);
      clear(status, h('p', { class: 'notice-inline success-inline', role: 'status', id: 'source-saved' },
        t('sources.resetDone', { name })));
      notify(t('sources.resetDone', { name }), 'success');
    } catch (error) {
      if (error.status === 404) {
        // a source created here: the reset deleted it
        notify(t('sources.deleted', { name }), 'success');
        ctx.navigate('sources');
        return;
      }
      clear(status, problemBox(error));
    }
  }
}

/** The form of one source's settings: controls, client checks, and the server's field errors shown in place. */
function buildForm(current, creating, known) {
  const fields = {}; // dotted path -> field wrapper
  const builtIn = !creating && (current.subjectPattern === null || current.subjectPattern === undefined);

  const input = (path, attributes = {}) => h('input', { id: controlId(path), name: path, ...attributes });
  const add = (path, label, control, hint) => {
    fields[path] = field(label, control, { hint });
    return fields[path];
  };
  const number = (spec, label, hint) => {
    const value = read(current, spec.path);
    return add(spec.path, label, input(spec.path, {
      type: 'number', inputmode: spec.integer ? 'numeric' : 'decimal', min: String(spec.min), max: String(spec.max),
      step: spec.integer ? '1' : 'any', required: true, value: value === null || value === undefined ? '' : String(value),
    }), hint || t('sources.range', { min: formatNumber(spec.min), max: formatNumber(spec.max) }));
  };
  const spec = (path) => NUMBERS.find((n) => n.path === path);

  const nameField = creating ? add('source', t('sources.name'),
    input('source', { type: 'text', required: true, autocomplete: 'off', maxlength: '32', spellcheck: 'false', value: current.source || '' }),
    t('sources.name.hint')) : null;
  const baseUrl = add('baseUrl', t('sources.baseUrl'),
    input('baseUrl', { type: 'url', required: true, maxlength: '500', spellcheck: 'false', value: current.baseUrl || '' }),
    t('sources.baseUrl.hint'));
  const enabledBox = input('enabled', { type: 'checkbox', checked: Boolean(current.enabled) });
  const enabled = add('enabled', t('sources.enabled'), enabledBox, t('sources.enabled.hint'));
  enabled.classList.add('field-check');
  const reuseSelect = h('select', { id: controlId('reuseMode'), name: 'reuseMode', required: true },
    REUSE_MODES.map((mode) => h('option', { value: mode, selected: mode === current.reuseMode }, t(`sources.reuse.${mode}`))));
  const reuseMode = add('reuseMode', t('sources.reuseMode'), reuseSelect);

  // the canonical fields, one row per name → pointer
  const fieldRows = pairRows({
    idPrefix: 'source-field', columns: ['name', 'pointer'], errorId: 'source-fields-error',
    labels: [(n) => t('sources.fields.name', { n }), (n) => t('sources.fields.pointer', { n })],
    removeLabel: (n) => t('sources.fields.remove', { n }), addLabel: t('sources.fields.add'),
    noneText: t('sources.fields.none'), values: Object.entries(current.fields || {}),
    attributes: [{ maxlength: '40' }, { maxlength: '100' }],
  });
  fieldRows.list.id = 'source-fields-rows';
  fields.fields = fieldRows;
  const fieldsGroup = h('div', { class: 'field', id: 'source-fields' },
    h('p', { class: 'field-label', id: 'source-fields-label' }, t('sources.fields')),
    h('p', { class: 'hint' }, t('sources.fields.hint')), fieldRows.list, h('div', { class: 'actions' }, fieldRows.addButton),
    fieldRows.error);
  fieldsGroup.setAttribute('role', 'group');
  fieldsGroup.setAttribute('aria-labelledby', 'source-fields-label');

  const subjectPattern = builtIn ? null : add('subjectPattern', t('sources.subjectPattern'),
    input('subjectPattern', { type: 'text', required: true, maxlength: '200', spellcheck: 'false', class: 'mono', value: current.subjectPattern || '' }),
    t('sources.subjectPattern.hint'));

  const submit = h('button', { type: 'submit', class: 'primary', id: 'source-save' }, creating ? t('sources.create') : t('sources.save'));
  const resetButton = creating ? null : h('button', { type: 'button', class: 'danger', id: 'source-reset' }, t('sources.reset'));
  const group = (id, legend, ...children) => h('fieldset', { class: 'panel', id }, h('legend', {}, legend), ...children);

  const element = h('form', { class: 'source-form', id: 'source-form', novalidate: true },
    group('source-group-connection', t('sources.group.connection'), nameField, baseUrl,
      h('div', { class: 'form-grid' },
        number(spec('timeoutMs'), t('sources.timeoutMs')), number(spec('connectTimeoutMs'), t('sources.connectTimeoutMs'))),
      enabled),
    group('source-group-reuse', t('sources.group.reuse'),
      h('div', { class: 'form-grid' }, reuseMode, number(spec('reuseTtlSeconds'), t('sources.reuseTtlSeconds')))),
    group('source-group-breaker', t('sources.group.breaker'),
      h('div', { class: 'form-grid' },
        number(spec('circuitBreaker.failureRateThreshold'), t('sources.cb.failureRateThreshold')),
        number(spec('circuitBreaker.slidingWindowSize'), t('sources.cb.slidingWindowSize')),
        number(spec('circuitBreaker.minimumNumberOfCalls'), t('sources.cb.minimumNumberOfCalls'), t('sources.cb.minimumNumberOfCalls.hint', { min: formatNumber(1), max: formatNumber(10000) })),
        number(spec('circuitBreaker.waitInOpenStateMs'), t('sources.cb.waitInOpenStateMs')),
        number(spec('circuitBreaker.permittedCallsInHalfOpenState'), t('sources.cb.permittedCallsInHalfOpenState')))),
    group('source-group-subjects', t('sources.group.subjects'),
      builtIn ? h('p', { class: 'hint', id: 'source-built-in' }, t('sources.subjectPattern.builtIn')) : [subjectPattern, fieldsGroup]),
    h('div', { class: 'actions' }, submit, resetButton));

  function clearErrors() {
    Object.values(fields).forEach((f) => f.setError(null));
  }

  /** The settings as the form says, checked as the server would; every broken rule shown at its field. */
  function collect() {
    clearErrors();
    let valid = true;
    const fail = (path, text) => {
      if (fields[path]) {
        fields[path].setError(text);
      }
      valid = false;
    };
    const value = { circuitBreaker: {} };
    if (creating) {
      const wanted = fields.source.control.value.trim();
      value.source = wanted;
      if (!wanted) {
        fail('source', t('sources.err.required'));
      } else if (!NAME.test(wanted)) {
        fail('source', t('sources.err.name'));
      } else if (RESERVED.includes(wanted)) {
        fail('source', t('sources.err.reserved'));
      } else if (known.includes(wanted)) {
        fail('source', t('sources.err.exists'));
      }
    }
    const url = baseUrl.control.value.trim();
    value.baseUrl = url;
    if (!url) {
      fail('baseUrl', t('sources.err.required'));
    } else if (url.length > 500) {
      fail('baseUrl', t('sources.err.tooLong', { max: 500 }));
    } else {
      let parsed = null;
      try {
        parsed = new URL(url);
      } catch (e) {
        parsed = null;
      }
      if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || !parsed.hostname) {
        fail('baseUrl', t('sources.err.url'));
      }
    }
    NUMBERS.forEach((n) => {
      const control = fields[n.path].control;
      const text = control.value.trim();
      // a number input whose text is not a number reports an empty value and badInput
      const number = Number(text);
      const [group, key] = n.path.includes('.') ? n.path.split('.') : [null, n.path];
      if (!text && !(control.validity && control.validity.badInput)) {
        fail(n.path, t('sources.err.required'));
      } else if (!text || !Number.isFinite(number)) {
        fail(n.path, t('sources.err.number'));
      } else if (n.integer && !Number.isInteger(number)) {
        fail(n.path, t('sources.err.integer'));
      } else if (number < n.min || number > n.max) {
        fail(n.path, t('sources.err.range', { min: formatNumber(n.min), max: formatNumber(n.max) }));
      }
      if (group) {
        value[group][key] = number;
      } else {
        value[key] = number;
      }
    });
    const cb = value.circuitBreaker;
    if (!fields['circuitBreaker.minimumNumberOfCalls'].control.getAttribute('aria-invalid')
        && !fields['circuitBreaker.slidingWindowSize'].control.getAttribute('aria-invalid')
        && cb.minimumNumberOfCalls > cb.slidingWindowSize) {
      fail('circuitBreaker.minimumNumberOfCalls', t('sources.err.minCalls', { window: formatNumber(cb.slidingWindowSize) }));
    }
    value.enabled = enabledBox.checked;
    value.reuseMode = reuseSelect.value;
    if (!builtIn) {
      const pattern = subjectPattern.control.value;
      value.subjectPattern = pattern;
      if (!pattern) {
        fail('subjectPattern', t('sources.err.required'));
      } else if (pattern.length > 200) {
        fail('subjectPattern', t('sources.err.tooLong', { max: 200 }));
      } else {
        try {
          // eslint-disable-next-line no-new
          new RegExp(pattern, 'u');
        } catch (e) {
          fail('subjectPattern', t('sources.err.regex'));
        }
      }
      const mapped = {};
      const seen = new Set();
      let wrongRow = 0;
      fieldRows.rows().forEach(([canonical, pointer], i) => {
        if (!canonical && !pointer) {
          return; // an empty row says nothing
        }
        if (!wrongRow && (!CANONICAL.test(canonical) || canonical === 'retrievedAt' || seen.has(canonical)
            || !pointer.startsWith('/') || pointer.length > 100)) {
          wrongRow = i + 1;
        }
        seen.add(canonical);
        mapped[canonical] = pointer;
      });
      if (Object.keys(mapped).length > 20) {
        fail('fields', t('sources.err.tooManyFields'));
      } else if (wrongRow) {
        fail('fields', t('sources.err.fields', { n: wrongRow }));
      }
      value.fields = Object.keys(mapped).length ? mapped : null;
    }
    return { value, valid };
  }

  /** The server's field errors at their fields; returns those no field of the form shows. */
  function showServerErrors(error) {
    clearErrors();
    const errors = (error.problem && Array.isArray(error.problem.errors)) ? error.problem.errors : [];
    const unmapped = [];
    const byField = new Map();
    errors.forEach((e) => {
      const path = fieldPath(e);
      const text = e.message || e.detail || '';
      // `fields.<name>` is shown at the fields' list; anything else at its own control when the form has one
      const target = fields[path] ? path : (path.startsWith('fields.') && fields.fields ? 'fields' : null);
      if (target) {
        byField.set(target, byField.has(target) ? `${byField.get(target)} ${text}` : text);
      } else {
        unmapped.push(e);
      }
    });
    byField.forEach((text, path) => fields[path].setError(text));
    return unmapped;
  }

  function setBusy(on) {
    submit.disabled = on;
    if (resetButton) {
      resetButton.disabled = on;
    }
  }

  return { element, collect, showServerErrors, focusFirstError: () => focusFirstInvalid(element), setBusy, resetButton };
}
