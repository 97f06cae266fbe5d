// Health (ADMIN): the live health of every national database and of the hub's own parts, refreshed
// every 5 s. From GET /actuator/health (public, every component's details: per source its status,
// enabled flag, route, circuit state, failure rate, buffered calls, timeout) and the routes' statistics
// from GET /api/v1/admin/routes (exchanges, failures, mean time of each source's route).
import * as api from '../api.js';
import { register, t, formatNumber, formatPercent, formatInstant } from '../i18n.js';
import { h, clear, heading, loading, table, problemBox, tableFilter } from '../ui.js';

register({
  vi: {
    'health.intro': 'Tình trạng hiện tại của từng cơ sở dữ liệu quốc gia và các thành phần của hub, theo những gì hub quan sát được (hub không tự gọi nguồn để kiểm tra). Tự làm mới mỗi 5 giây.',
    'health.overall': 'Tình trạng chung của hub',
    'health.sources': 'Các nguồn dữ liệu',
    'health.filter': 'Lọc các nguồn',
    'health.filter.hint': 'Theo tên, tình trạng (ví dụ Ngừng), trạng thái cầu dao hoặc bất kỳ chữ nào trong dòng; giữ nguyên khi trang tự làm mới.',
    'health.components': 'Các thành phần của hub',
    'health.col.source': 'Nguồn',
    'health.col.status': 'Tình trạng',
    'health.col.enabled': 'Bật',
    'health.col.route': 'Tuyến',
    'health.col.circuit': 'Cầu dao',
    'health.col.failureRate': 'Tỷ lệ lỗi (cửa sổ)',
    'health.col.buffered': 'Lượt trong cửa sổ',
    'health.col.timeout': 'Thời gian chờ (ms)',
    'health.col.exchanges': 'Lượt xử lý',
    'health.col.failures': 'Lỗi',
    'health.col.mean': 'TB (ms)',
    'health.col.component': 'Thành phần',
    'health.col.details': 'Chi tiết',
    'health.route.started': 'đang chạy',
    'health.yes': 'có',
    'health.no': 'không',
    'health.updated': 'Cập nhật lúc {time}',
    'health.refresh': 'Làm mới',
    'health.status.UP': 'Hoạt động',
    'health.status.DOWN': 'Ngừng',
    'health.status.OUT_OF_SERVICE': 'Ngoài dịch vụ',
    'health.status.UNKNOWN': 'Không rõ',
    'health.unreachable': 'Không đọc được tình trạng của hub.',
  },
  en: {
    'health.intro': 'The current health of each national database and of the hub\'s own parts, as the hub has observed them (it never calls a database to check). Refreshed every 5 seconds.',
    'health.overall': 'The hub\'s overall health',
    'health.sources': 'Sources',
    'health.filter': 'Filter the sources',
    'health.filter.hint': 'By name, status (e.g. Down), circuit state or any text of the row; kept as the page refreshes.',
    'health.components': 'The hub\'s components',
    'health.col.source': 'Source',
    'health.col.status': 'Status',
    'health.col.enabled': 'Enabled',
    'health.col.route': 'Route',
    'health.col.circuit': 'Circuit',
    'health.col.failureRate': 'Failure rate (window)',
    'health.col.buffered': 'Calls in window',
    'health.col.timeout': 'Timeout (ms)',
    'health.col.exchanges': 'Exchanges',
    'health.col.failures': 'Failures',
    'health.col.mean': 'Mean (ms)',
    'health.col.component': 'Component',
    'health.col.details': 'Details',
    'health.route.started': 'started',
    'health.yes': 'yes',
    'health.no': 'no',
    'health.updated': 'Updated at {time}',
    'health.refresh': 'Refresh',
    'health.status.UP': 'Up',
    'health.status.DOWN': 'Down',
    'health.status.OUT_OF_SERVICE': 'Out of service',
    'health.status.UNKNOWN': 'Unknown',
    'health.unreachable': 'The hub\'s health could not be read.',
  },
});

const REFRESH_MS = 5000;

function statusBadge(status) {
  const kind = status === 'UP' ? 'good' : status === 'DOWN' ? 'bad' : 'warn';
  const known = `health.status.${status}`;
  const text = t(known);
  return h('span', { class: `badge ${kind}`, dataset: { health: status } }, text === known ? status : text);
}

/** The health document, whether the hub is up (200) or down (503): both carry it. */
async function readHealth() {
  const response = await api.request('GET', '/actuator/health', { raw: true, headers: { Accept: 'application/json' } });
  const type = response.headers.get('Content-Type') || '';
  if (!type.includes('json')) {
    throw new api.ApiError(response.status, null);
  }
  const body = await response.json();
  if (!response.ok && !body.status) {
    throw new api.ApiError(response.status, body);
  }
  return body;
}

function detailsText(details) {
  return Object.entries(details || {})
    .filter(([, value]) => value === null || ['string', 'number', 'boolean'].includes(typeof value))
    .map(([key, value]) => `${key}: ${value}`).join(', ');
}

export default async function render(main) {
  let timer = null;
  let left = false;
  let busy = false;
  const updated = h('span', { class: 'hint', id: 'health-updated' });
  const refreshButton = h('button', { type: 'button', id: 'health-refresh' }, t('health.refresh'));
  const body = h('div', { id: 'health-body' }, loading());
  // the parts drawn again on each refresh; the filter box between them stays, with what is typed and the focus
  const overall = h('div', {});
  const filter = tableFilter({ id: 'health-filter', label: t('health.filter'), hint: t('health.filter.hint'),
    rowSelector: 'tbody tr[data-source]' });
  const sourcesPart = h('div', { class: 'table-scroll' });
  const componentsPart = h('div', { class: 'table-scroll' });
  let shown = false;
  clear(main, heading(t('nav.health')), h('p', {}, t('health.intro')), h('div', { class: 'actions' }, refreshButton, updated), body);

  async function refresh() {
    if (busy || left) {
      return;
    }
    busy = true;
    try {
      const [health, routes] = await Promise.all([readHealth(), api.get('/api/v1/admin/routes').catch(() => null)]);
      if (!left) {
        show(health, routes);
        updated.textContent = t('health.updated', { time: formatInstant(new Date().toISOString()) });
      }
    } catch (error) {
      if (!left) {
        clear(body, h('p', { class: 'bad' }, t('health.unreachable')), problemBox(error));
        shown = false;
      }
    } finally {
      busy = false;
    }
  }

  function show(health, routes) {
    const components = health.components || {};
    const sourceHealth = (components.sources && components.sources.components) || {};
    const routeOf = {};
    ((routes && routes.routes) || []).forEach((r) => {
      if (r.source) {
        routeOf[r.source] = r;
      }
    });
    const sources = Object.keys(sourceHealth).sort().map((name) => ({ name, ...sourceHealth[name], route: routeOf[name] }));
    const sourceTable = table([
      { label: t('health.col.source'), value: (s) => s.name },
      { label: t('health.col.status'), value: (s) => statusBadge(s.status) },
      { label: t('health.col.enabled'), value: (s) => (s.details && s.details.enabled ? t('health.yes') : t('health.no')) },
      { label: t('health.col.route'), value: (s) => {
        const route = s.details && s.details.route;
        return route === 'started' ? t('health.route.started') : h('span', { class: 'bad' }, route || '–');
      } },
      { label: t('health.col.circuit'), value: (s) => h('span', { class: 'mono' }, (s.details && s.details.circuitState) || '–') },
      { label: t('health.col.failureRate'), class: 'num', value: (s) => {
        const rate = s.details ? s.details.failureRate : null;
        return rate === null || rate === undefined || rate < 0 ? '–' : formatPercent(rate / 100);
      } },
      { label: t('health.col.buffered'), class: 'num', value: (s) => formatNumber(s.details && s.details.bufferedCalls) },
      { label: t('health.col.timeout'), class: 'num', value: (s) => formatNumber(s.details && s.details.timeoutMs) },
      { label: t('health.col.exchanges'), class: 'num', value: (s) => formatNumber(s.route && s.route.exchangesTotal) },
      { label: t('health.col.failures'), class: 'num', value: (s) => formatNumber(s.route && s.route.exchangesFailed) },
      { label: t('health.col.mean'), class: 'num', value: (s) => (s.route && s.route.meanProcessingMs >= 0
        ? formatNumber(s.route.meanProcessingMs) : '–') },
    ], sources, { caption: t('health.sources') });
    sourceTable.id = 'health-sources';
    sourceTable.querySelectorAll('tbody tr').forEach((tr, i) => {
      if (sources[i]) {
        tr.dataset.source = sources[i].name;
      }
    });
    const others = Object.keys(components).filter((name) => name !== 'sources').sort()
      .map((name) => ({ name, ...components[name] }));
    const componentTable = table([
      { label: t('health.col.component'), value: (c) => h('span', { class: 'mono' }, c.name) },
      { label: t('health.col.status'), value: (c) => statusBadge(c.status) },
      { label: t('health.col.details'), value: (c) => detailsText(c.details) },
    ], others, { caption: t('health.components') });
    componentTable.id = 'health-components';
    clear(overall,
      h('p', { class: 'panel health-overall', id: 'health-overall' }, `${t('health.overall')}: `, statusBadge(health.status)));
    clear(sourcesPart, sourceTable);
    clear(componentsPart, componentTable);
    filter.apply(sourceTable);
    if (!shown) {
      clear(body, overall, filter.element, sourcesPart, componentsPart);
      shown = true;
    }
  }

  refreshButton.addEventListener('click', refresh);
  await refresh();
  timer = window.setInterval(refresh, REFRESH_MS);
  return () => {
    left = true;
    window.clearInterval(timer);
  };
}
