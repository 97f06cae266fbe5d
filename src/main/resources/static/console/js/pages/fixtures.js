// The mocks' fixture catalogue (docs/console.md "Fixtures"): the subjects the mock national databases
// answer for and what the hub answers, from GET /console/fixtures (mock-endpoints/fixtures.json, which
// FixtureCatalogueIT keeps true). A tester with the CLIENT role opens each lookup in "Try a lookup".
import * as api from '../api.js';
import { register, t, lang } from '../i18n.js';
import { h, clear, heading, field, table, problemBox, loading } from '../ui.js';

register({
  vi: {
    'fixtures.title': 'Dữ liệu mẫu của môi trường thử',
    'fixtures.intro': 'Các đối tượng mà CSDL giả lập (mock-endpoints/) trả lời, và hub trả lời gì với khóa phát triển và cấu hình mặc định. Bảng này được kiểm tra tự động với các bản giả lập.',
    'fixtures.none': 'Máy chủ này không cấu hình danh mục dữ liệu mẫu (hub.console.fixtures), thường là vì đây không phải môi trường phát triển hay thử nghiệm.',
    'fixtures.filter': 'Lọc theo nguồn',
    'fixtures.all': 'Tất cả nguồn',
    'fixtures.col.source': 'Nguồn',
    'fixtures.col.request': 'Yêu cầu',
    'fixtures.col.context': 'Header ngữ cảnh khác mặc định',
    'fixtures.col.expected': 'Hub trả lời',
    'fixtures.col.description': 'Mô tả',
    'fixtures.col.try': 'Thử',
    'fixtures.try': 'Thử tra cứu',
    'fixtures.try.label': 'Thử tra cứu {id}',
    'fixtures.defaults': 'Header ngữ cảnh mặc định của mọi tra cứu',
    'fixtures.kind.criminal-record-request': 'Yêu cầu phiếu LLTP cho hồ sơ có mã bắt đầu {prefix}',
    'fixtures.kind.dossier': 'Hồ sơ có mã bắt đầu {prefix}',
    'fixtures.kind.prefill': 'Điền sẵn hồ sơ cho thủ tục {procedure}',
    'fixtures.final': 'cuối cùng: {state}',
    'fixtures.count': '{shown} / {total} dữ liệu mẫu',
  },
  en: {
    'fixtures.title': 'Test fixtures',
    'fixtures.intro': 'The subjects the mock national databases (mock-endpoints/) answer for, and what the hub answers with the development keys and the default settings. This table is checked against the mocks by the build.',
    'fixtures.none': 'This hub has no fixture catalogue configured (hub.console.fixtures), usually because it is not a development or test environment.',
    'fixtures.filter': 'Source',
    'fixtures.all': 'All sources',
    'fixtures.col.source': 'Source',
    'fixtures.col.request': 'Request',
    'fixtures.col.context': 'Context headers other than the defaults',
    'fixtures.col.expected': 'The hub answers',
    'fixtures.col.description': 'Description',
    'fixtures.col.try': 'Try',
    'fixtures.try': 'Try it',
    'fixtures.try.label': 'Try {id}',
    'fixtures.defaults': 'Every lookup\'s default context headers',
    'fixtures.kind.criminal-record-request': 'A criminal-record request for a dossier id starting {prefix}',
    'fixtures.kind.dossier': 'A dossier whose id starts {prefix}',
    'fixtures.kind.prefill': 'Pre-fill a dossier for procedure {procedure}',
    'fixtures.final': 'finally: {state}',
    'fixtures.count': '{shown} of {total} fixtures',
  },
});

function requestText(fixture) {
  const kind = fixture.kind || 'lookup';
  if (kind !== 'lookup') {
    return t(`fixtures.kind.${kind}`, { prefix: fixture.dossierIdPrefix, procedure: fixture.procedureCode });
  }
  const query = Object.entries(fixture.query || {}).map(([name, value]) => `${name}=${value}`).join('&');
  return `GET ${fixture.path}${query ? `?${query}` : ''}`;
}

function expectedText(fixture) {
  const expect = fixture.expect || {};
  const final = expect.requestStatus || expect.syncState;
  const parts = Object.entries(expect.parts || {}).map(([source, status]) => `${source} ${status}`).join(', ');
  return [String(expect.status), expect.code, final ? t('fixtures.final', { state: final }) : null,
    parts ? `(${parts})` : null].filter(Boolean).join(' ');
}

export default async function render(main, ctx) {
  const body = h('div', { id: 'fixtures-body' }, loading());
  clear(main, heading(t('fixtures.title')), h('p', { class: 'hint' }, t('fixtures.intro')), body);
  let catalogue;
  try {
    catalogue = await api.get('/console/fixtures');
  } catch (error) {
    if (error instanceof api.ApiError && error.status === 404) {
      clear(body, h('p', { id: 'fixtures-none', class: 'notice-inline' }, t('fixtures.none')));
    } else {
      clear(body, problemBox(error));
    }
    return null;
  }
  const fixtures = catalogue.fixtures || [];
  const canTry = ctx.session.roles.includes('CLIENT');
  const granted = ctx.session.sources || [];
  const sources = [...new Set(fixtures.map((f) => f.source))];
  const selected = sources.includes(ctx.params.get('source')) ? ctx.params.get('source') : '';

  const filter = h('select', { id: 'fixtures-source', name: 'source' },
    h('option', { value: '' }, t('fixtures.all')),
    sources.map((s) => h('option', { value: s, selected: s === selected }, s)));
  filter.addEventListener('change', () => ctx.navigate('fixtures', { source: filter.value }));

  const shown = fixtures.filter((f) => !selected || f.source === selected);
  const columns = [
    { label: t('fixtures.col.source'), value: (f) => h('span', { class: 'mono' }, f.source) },
    { label: t('fixtures.col.request'), value: (f) => h('span', { class: 'mono fixture-request' }, requestText(f)) },
    { label: t('fixtures.col.context'), value: (f) => h('span', { class: 'mono' },
      Object.entries(f.headers || {}).map(([name, value]) => `${name}: ${value}`).join('\n')) },
    { label: t('fixtures.col.expected'), value: (f) => h('span', {
      class: `mono expected ${(f.expect?.status || 0) < 300 ? 'good' : 'bad'}` }, expectedText(f)) },
    { label: t('fixtures.col.description'), value: (f) => f.description?.[lang()] || f.description?.vi || '' },
  ];
  if (canTry) {
    columns.push({ label: t('fixtures.col.try'), value: (f) => ((f.kind || 'lookup') === 'lookup' && granted.includes(f.source)
      ? h('a', { href: `#/try${api.query({ fixture: f.id })}`, id: `try-${f.id}`, class: 'try-link',
        'aria-label': t('fixtures.try.label', { id: f.id }) }, t('fixtures.try'))
      : '') });
  }
  const grid = table(columns, shown, { caption: t('fixtures.count', { shown: shown.length, total: fixtures.length }) });
  grid.id = 'fixtures-table';
  grid.querySelectorAll('tbody tr').forEach((tr, i) => { if (shown[i]) { tr.dataset.fixture = shown[i].id; } });

  const defaults = Object.entries(catalogue.defaultHeaders || {});
  clear(body,
    h('div', { class: 'form-row' }, field(t('fixtures.filter'), filter)),
    defaults.length ? h('details', { class: 'fixtures-defaults', id: 'fixtures-defaults' },
      h('summary', {}, t('fixtures.defaults')),
      h('pre', { class: 'exchange mono' }, defaults.map(([name, value]) => `${name}: ${value}`).join('\n'))) : null,
    h('div', { class: 'table-scroll' }, grid));
  return null;
}
