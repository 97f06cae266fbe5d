// "Try a lookup" (docs/console.md): a tester sends one lookup with their own session, as their system would
// with its key, and sees the request as sent and the hub's answer as received. The subject lives in the form
// only: never in the address, the history or the browser's storage.
import * as api from '../api.js';
import { register, t, lang, formatNumber } from '../i18n.js';
import { h, clear, heading, field, problemBox } from '../ui.js';

register({
  vi: {
    'try.title': 'Thử tra cứu',
    'try.intro': 'Gửi một lượt tra cứu bằng khóa của bạn, xem yêu cầu đúng như đã gửi và câu trả lời của hub. Mỗi lượt tra cứu được ghi vào sổ tái sử dụng như của hệ thống thật.',
    'try.noSources': 'Khóa của bạn không được cấp nguồn dữ liệu nào để tra cứu.',
    'try.source': 'Nguồn dữ liệu',
    'try.subject': 'Đối tượng tra cứu',
    'try.context': 'Thông tin ngữ cảnh (header)',
    'try.personalId': 'Số định danh cá nhân',
    'try.personalId.hint': '12 chữ số',
    'try.fullName': 'Họ và tên',
    'try.fullName.hint': 'Như CSDL dân cư lưu; không phân biệt dấu, hoa thường',
    'try.birthDate': 'Ngày sinh',
    'try.birthDate.hint': 'YYYY-MM-DD, hoặc YYYY khi chỉ biết năm',
    'try.enterpriseCode': 'Mã số doanh nghiệp',
    'try.enterpriseCode.hint': 'NNNNNNNNNN hoặc NNNNNNNNNN-NNN (chi nhánh)',
    'try.communeCode': 'Mã xã',
    'try.communeCode.hint': '5 chữ số',
    'try.mapSheet': 'Số tờ bản đồ',
    'try.parcelNumber': 'Số thửa',
    'try.genericSubject': 'Mã đối tượng',
    'try.genericSubject.hint': 'Đường dẫn chung /api/v1/lookups/{nguồn}/{mã}',
    'try.dossierId': 'Mã hồ sơ (X-Dossier-Id)',
    'try.procedureCode': 'Mã thủ tục (X-Procedure-Code)',
    'try.procedureCode.hint': 'Ví dụ 1.001612',
    'try.officerId': 'Mã cán bộ (X-Officer-Id)',
    'try.agencyCode': 'Mã cơ quan (X-Agency-Code)',
    'try.requiredForCitizens': 'Bắt buộc khi tra cứu công dân',
    'try.optional': 'Không bắt buộc',
    'try.correlationId': 'Mã tương quan (X-Correlation-Id)',
    'try.correlationId.hint': 'Không bắt buộc; hub tạo khi để trống',
    'try.required': 'Hãy nhập trường này.',
    'try.send': 'Gửi tra cứu',
    'try.sending': 'Đang gửi…',
    'try.fromFixture': 'Đã điền sẵn từ dữ liệu mẫu "{id}": {description}',
    'try.fixtureMissing': 'Không tìm thấy dữ liệu mẫu "{id}".',
    'try.request': 'Yêu cầu đã gửi',
    'try.request.cookie': 'Cookie phiên làm việc của bảng điều khiển được gửi kèm nhưng không hiển thị.',
    'try.response': 'Câu trả lời',
    'try.status': 'Mã HTTP',
    'try.correlation': 'Mã tương quan',
    'try.duration': 'Thời gian',
    'try.duration.value': '{ms} ms',
    'try.headers': 'Header đáng chú ý',
    'try.body': 'Nội dung',
    'try.noBody': '(không có nội dung)',
    'try.networkError': 'Không gửi được yêu cầu: {message}',
  },
  en: {
    'try.title': 'Try a lookup',
    'try.intro': 'Send one lookup with your key, and see the request exactly as sent and the hub\'s answer. Each lookup is recorded in the reuse ledger like your system\'s.',
    'try.noSources': 'Your key is granted no source to look up.',
    'try.source': 'Source',
    'try.subject': 'Subject',
    'try.context': 'Context (headers)',
    'try.personalId': 'Personal ID',
    'try.personalId.hint': '12 digits',
    'try.fullName': 'Full name',
    'try.fullName.hint': 'As the population database holds it; diacritics and case do not matter',
    'try.birthDate': 'Birth date',
    'try.birthDate.hint': 'YYYY-MM-DD, or YYYY when only the year is known',
    'try.enterpriseCode': 'Enterprise code',
    'try.enterpriseCode.hint': 'NNNNNNNNNN or NNNNNNNNNN-NNN (a branch)',
    'try.communeCode': 'Commune code',
    'try.communeCode.hint': '5 digits',
    'try.mapSheet': 'Map sheet',
    'try.parcelNumber': 'Parcel number',
    'try.genericSubject': 'Subject',
    'try.genericSubject.hint': 'The generic path /api/v1/lookups/{source}/{subject}',
    'try.dossierId': 'Dossier id (X-Dossier-Id)',
    'try.procedureCode': 'Procedure code (X-Procedure-Code)',
    'try.procedureCode.hint': 'For example 1.001612',
    'try.officerId': 'Officer id (X-Officer-Id)',
    'try.agencyCode': 'Agency code (X-Agency-Code)',
    'try.requiredForCitizens': 'Required on citizen lookups',
    'try.optional': 'Optional',
    'try.correlationId': 'Correlation id (X-Correlation-Id)',
    'try.correlationId.hint': 'Optional; the hub makes one when empty',
    'try.required': 'Fill in this field.',
    'try.send': 'Send the lookup',
    'try.sending': 'Sending…',
    'try.fromFixture': 'Filled in from the fixture "{id}": {description}',
    'try.fixtureMissing': 'No fixture "{id}".',
    'try.request': 'The request as sent',
    'try.request.cookie': 'The console\'s session cookie goes with it and is not shown.',
    'try.response': 'The answer',
    'try.status': 'HTTP status',
    'try.correlation': 'Correlation id',
    'try.duration': 'Time',
    'try.duration.value': '{ms} ms',
    'try.headers': 'Headers worth seeing',
    'try.body': 'Body',
    'try.noBody': '(no body)',
    'try.networkError': 'The request could not be sent: {message}',
  },
});

/** Sources whose lookup is not a GET of a subject (a criminal-record request is a POST of a declaration). */
const NOT_LOOKUPS = ['criminal-records'];
const ACCEPT = 'application/json, application/problem+json';
const SHOWN_HEADERS = ['Content-Type', 'X-Correlation-Id', 'X-Hub-Served-From', 'X-Hub-Error', 'Retry-After', 'Sunset',
  'Allow', 'WWW-Authenticate', 'Cache-Control'];

/** Each built-in source's subject fields, its path and query from them. */
const SUBJECTS = {
  citizens: {
    fields: [['personalId', 'numeric'], ['fullName', 'text'], ['birthDate', 'text']],
    path: (v) => `/api/v1/citizens/${encodeURIComponent(v.personalId)}`,
    query: (v) => ({ fullName: v.fullName, birthDate: v.birthDate }),
    required: ['personalId'],
  },
  enterprises: {
    fields: [['enterpriseCode', 'text']],
    path: (v) => `/api/v1/enterprises/${encodeURIComponent(v.enterpriseCode)}`,
    required: ['enterpriseCode'],
  },
  land: {
    fields: [['communeCode', 'numeric'], ['mapSheet', 'numeric'], ['parcelNumber', 'numeric']],
    path: (v) => `/api/v1/land-parcels/${encodeURIComponent(v.communeCode)}/${encodeURIComponent(v.mapSheet)}/${encodeURIComponent(v.parcelNumber)}`,
    required: ['communeCode', 'mapSheet', 'parcelNumber'],
  },
};
const GENERIC = {
  fields: [['subject', 'text']],
  path: (v, source) => `/api/v1/lookups/${encodeURIComponent(source)}/${encodeURIComponent(v.subject)}`,
  required: ['subject'],
};
const HEADERS = [
  ['X-Dossier-Id', 'dossierId', true],
  ['X-Procedure-Code', 'procedureCode', true],
  ['X-Officer-Id', 'officerId', false],
  ['X-Agency-Code', 'agencyCode', false],
  ['X-Correlation-Id', 'correlationId', false],
];
const FIELD_IDS = {
  personalId: 'try-personal-id', fullName: 'try-full-name', birthDate: 'try-birth-date', enterpriseCode: 'try-enterprise-code',
  communeCode: 'try-commune-code', mapSheet: 'try-map-sheet', parcelNumber: 'try-parcel-number', subject: 'try-subject',
  dossierId: 'try-dossier-id', procedureCode: 'try-procedure-code', officerId: 'try-officer-id', agencyCode: 'try-agency-code',
  correlationId: 'try-correlation-id',
};

function subjectOf(source) {
  return SUBJECTS[source] || GENERIC;
}

/** A fixture's path read back into the form's subject fields (mock-endpoints/fixtures.json). */
function subjectFromPath(path, query) {
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (segments[2] === 'citizens') {
    return { source: 'citizens', values: { personalId: segments[3], fullName: query?.fullName || '', birthDate: query?.birthDate || '' } };
  }
  if (segments[2] === 'enterprises') {
    return { source: 'enterprises', values: { enterpriseCode: segments[3] } };
  }
  if (segments[2] === 'land-parcels') {
    return { source: 'land', values: { communeCode: segments[3], mapSheet: segments[4], parcelNumber: segments[5] } };
  }
  if (segments[2] === 'lookups') {
    return { source: segments[3], values: { subject: segments[4] } };
  }
  return null;
}

async function loadFixture(id) {
  try {
    const catalogue = await api.get('/console/fixtures');
    const fixture = (catalogue.fixtures || []).find((f) => f.id === id && (f.kind || 'lookup') === 'lookup');
    return fixture ? { fixture, defaults: catalogue.defaultHeaders || {} } : null;
  } catch (error) {
    return null;
  }
}

function pretty(text, type) {
  if (!text) {
    return t('try.noBody');
  }
  if ((type || '').includes('json')) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch (error) {
      return text;
    }
  }
  return text;
}

export default async function render(main, ctx) {
  const sources = (ctx.session.sources || []).filter((s) => !NOT_LOOKUPS.includes(s));
  clear(main, heading(t('try.title')), h('p', { class: 'hint' }, t('try.intro')));
  if (sources.length === 0) {
    main.append(h('p', { id: 'try-no-sources' }, t('try.noSources')));
    return null;
  }

  // a fixture's "try it" link names the fixture only; its subject is read from the catalogue into the form
  let prefill = null;
  let notice = null;
  const fixtureId = ctx.params.get('fixture');
  if (fixtureId) {
    const found = await loadFixture(fixtureId);
    const parsed = found ? subjectFromPath(found.fixture.path, found.fixture.query) : null;
    if (parsed && sources.includes(parsed.source)) {
      prefill = { ...parsed, headers: { ...found.defaults, ...(found.fixture.headers || {}) } };
      notice = h('p', { class: 'notice-inline', id: 'try-fixture-notice', role: 'status' }, t('try.fromFixture', {
        id: fixtureId, description: found.fixture.description?.[lang()] || found.fixture.description?.vi || '',
      }));
    } else {
      notice = h('p', { class: 'notice-inline', id: 'try-fixture-notice', role: 'status' }, t('try.fixtureMissing', { id: fixtureId }));
    }
  }

  const controls = {};
  const fields = {};
  const sourceSelect = h('select', { id: 'try-source', name: 'source' },
    sources.map((s) => h('option', { value: s }, s)));
  sourceSelect.value = prefill ? prefill.source : sources[0];
  const subjectBox = h('div', { class: 'form-row', id: 'try-subject-fields' });

  function control(name, { inputmode, value = '' } = {}) {
    const input = h('input', { type: 'text', id: FIELD_IDS[name], name, autocomplete: 'off', spellcheck: 'false',
      inputmode: inputmode === 'numeric' ? 'numeric' : null });
    input.value = value;
    controls[name] = input;
    return input;
  }

  function renderSubjectFields(values = {}) {
    Object.keys(fields).filter((k) => !HEADERS.some(([, n]) => n === k)).forEach((k) => { delete fields[k]; delete controls[k]; });
    const spec = subjectOf(sourceSelect.value);
    clear(subjectBox, spec.fields.map(([name, mode]) => {
      const hintKey = `try.${name === 'subject' ? 'genericSubject' : name}.hint`;
      const labelKey = `try.${name === 'subject' ? 'genericSubject' : name}`;
      const hint = t(hintKey) === hintKey ? undefined : t(hintKey);
      fields[name] = field(t(labelKey), control(name, { inputmode: mode, value: values[name] || '' }), { hint });
      return fields[name];
    }));
    updateHeaderHints();
  }

  const headerBox = h('div', { class: 'form-row', id: 'try-header-fields' }, HEADERS.map(([header, name, required]) => {
    const value = prefill?.headers?.[header] || '';
    const hintFor = () => {
      if (name === 'procedureCode') return t('try.procedureCode.hint');
      if (name === 'correlationId') return t('try.correlationId.hint');
      return required ? undefined : t('try.optional');
    };
    fields[name] = field(t(`try.${name}`), control(name, { value }), { hint: hintFor() });
    if (required) {
      controls[name].setAttribute('aria-required', 'true');
    }
    return fields[name];
  }));

  function updateHeaderHints() {
    const citizens = sourceSelect.value === 'citizens';
    ['officerId', 'agencyCode'].forEach((name) => {
      const hint = fields[name]?.querySelector('.hint');
      if (hint) {
        hint.textContent = citizens ? t('try.requiredForCitizens') : t('try.optional');
      }
      controls[name]?.setAttribute('aria-required', citizens ? 'true' : 'false');
    });
  }

  sourceSelect.addEventListener('change', () => renderSubjectFields());
  renderSubjectFields(prefill ? prefill.values : {});

  const submit = h('button', { type: 'submit', class: 'primary', id: 'try-submit' }, t('try.send'));
  const form = h('form', { id: 'try-form', class: 'panel', novalidate: true },
    field(t('try.source'), sourceSelect),
    h('fieldset', { class: 'plain' }, h('legend', {}, t('try.subject')), subjectBox),
    h('fieldset', { class: 'plain' }, h('legend', {}, t('try.context')), headerBox),
    h('div', { class: 'actions' }, submit));
  const exchange = h('div', { id: 'try-exchange', 'aria-live': 'polite' });
  main.append(notice || '', form, exchange);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const source = sourceSelect.value;
    const spec = subjectOf(source);
    const values = Object.fromEntries(Object.entries(controls).map(([name, input]) => [name, input.value.trim()]));
    Object.values(fields).forEach((f) => f.setError(null));
    // only what the path cannot be built without is checked here; everything else is the hub's to judge
    const missing = spec.required.filter((name) => !values[name]);
    if (missing.length) {
      missing.forEach((name) => fields[name].setError(t('try.required')));
      controls[missing[0]].focus();
      return;
    }
    const path = spec.path(values, source);
    const params = spec.query ? spec.query(values) : {};
    const url = path + api.query(params);
    const headers = { Accept: ACCEPT };
    HEADERS.forEach(([header, name]) => {
      if (values[name]) {
        headers[header] = values[name];
      }
    });
    submit.disabled = true;
    submit.textContent = t('try.sending');
    const requestView = h('section', { 'aria-labelledby': 'try-request-title', class: 'panel' },
      h('h2', { id: 'try-request-title' }, t('try.request')),
      h('pre', { class: 'exchange mono', id: 'try-request' },
        [`GET ${url}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)].join('\n')),
      h('p', { class: 'hint' }, t('try.request.cookie')));
    clear(exchange, requestView);
    const started = performance.now();
    try {
      const response = await api.request('GET', path, { params, headers, raw: true });
      const ms = Math.round(performance.now() - started);
      const type = response.headers.get('Content-Type') || '';
      const text = await response.text();
      let problem = null;
      if (type.includes('problem+json')) {
        try { problem = JSON.parse(text); } catch (error) { problem = null; }
      }
      const shown = SHOWN_HEADERS.filter((name) => response.headers.get(name) !== null);
      const facts = h('dl', { class: 'problem-facts try-facts' },
        h('dt', {}, t('try.status')), h('dd', { id: 'try-status', class: response.ok ? 'good' : 'bad' }, `${response.status} ${response.statusText}`.trim()),
        h('dt', {}, t('try.correlation')), h('dd', { id: 'try-correlation', class: 'mono' }, response.headers.get('X-Correlation-Id') || '–'),
        h('dt', {}, t('try.duration')), h('dd', {}, t('try.duration.value', { ms: formatNumber(ms) })));
      exchange.append(h('section', { 'aria-labelledby': 'try-response-title', class: 'panel' },
        h('h2', { id: 'try-response-title' }, t('try.response')),
        facts,
        !response.ok ? h('div', { id: 'try-problem' }, problemBox(new api.ApiError(response.status, problem))) : null,
        h('h3', {}, t('try.headers')),
        h('pre', { class: 'exchange mono', id: 'try-response-headers' }, shown.map((name) => `${name}: ${response.headers.get(name)}`).join('\n')),
        h('h3', {}, t('try.body')),
        h('pre', { class: 'exchange mono', id: 'try-body' }, pretty(text, type))));
      if (problem && Array.isArray(problem.errors)) {
        // the hub's field errors shown next to the fields they name too
        problem.errors.forEach((e) => {
          const named = e.field || e.parameter || e.header;
          const entry = Object.entries(FIELD_IDS).find(([name]) => name === named)
            || HEADERS.find(([header]) => header.toLowerCase() === String(named).toLowerCase());
          const name = entry ? (entry.length === 3 ? entry[1] : entry[0]) : null;
          if (name && fields[name]) {
            fields[name].setError(e.message || e.detail || problem.title);
          }
        });
      }
    } catch (error) {
      exchange.append(problemBox({ message: t('try.networkError', { message: error.message }) }));
    } finally {
      submit.disabled = false;
      submit.textContent = t('try.send');
    }
  });

  return null;
}
