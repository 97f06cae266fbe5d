// The auditor's reuse dashboard (docs/console.md "Reuse dashboard"): the figures of GET /api/v1/reports/reuse
// over a range of days, against Decision 766's target. The first render makes ONE request, the range by day
// with its totals, weeks and months (groupBy=day&include=total,week,month); the breakdowns by agency and by procedure are
// one request each, made when their section is opened, and a breakdown row's details one more: the same
// request as the page's, filtered to that agency or procedure (agency= or procedure=).
import * as api from '../api.js';
import { register, t, lang, formatNumber, formatPercent } from '../i18n.js';
import { h, clear, heading, field, table, problemBox, loading } from '../ui.js';

register({
  vi: {
    'dashboard.title': 'Tổng quan tái sử dụng dữ liệu',
    'dashboard.intro': 'Hồ sơ tiếp nhận trong khoảng ngày (giờ Việt Nam) và việc tái sử dụng dữ liệu số hóa, theo chỉ tiêu của Quyết định 766/QĐ-TTg.',
    'dashboard.range': 'Khoảng thời gian',
    'dashboard.from': 'Từ ngày',
    'dashboard.to': 'Đến ngày',
    'dashboard.trend': 'Nhóm xu hướng theo',
    'dashboard.trend.day': 'Ngày',
    'dashboard.trend.week': 'Tuần',
    'dashboard.trend.month': 'Tháng',
    'dashboard.apply': 'Xem',
    'dashboard.quick': 'Chọn nhanh',
    'dashboard.quick.thisMonth': 'Tháng này',
    'dashboard.quick.lastMonth': 'Tháng trước',
    'dashboard.quick.thisYear': 'Năm nay',
    'dashboard.quick.last12Months': '12 tháng gần đây',
    'dashboard.error.date': 'Nhập ngày theo dạng YYYY-MM-DD.',
    'dashboard.error.order': '"Từ ngày" không được sau "Đến ngày".',
    'dashboard.error.tooLong': 'Một báo cáo bao gồm tối đa {days} ngày.',
    'dashboard.showing': 'Từ {from} đến {to}',
    'dashboard.headline': 'Chỉ số chính',
    'dashboard.reuseRate': 'Tỷ lệ hồ sơ tái sử dụng dữ liệu',
    'dashboard.reuseRate.hint': '{withReuse} / {received} hồ sơ có tái sử dụng (khai báo hoặc quan sát được)',
    'dashboard.score': 'Điểm chỉ tiêu 766',
    'dashboard.score.value': '{score} / 2 điểm',
    'dashboard.score.hint': 'min(2, 2 × tỷ lệ / 80 %)',
    'dashboard.target.met': 'Đạt chỉ tiêu (≥ 80 %): đủ 2 điểm',
    'dashboard.target.missed': 'Chưa đạt chỉ tiêu 80 %: còn thiếu {gap} điểm phần trăm',
    'dashboard.target.none': 'Không có hồ sơ nào trong khoảng này',
    'dashboard.dossiers': 'Hồ sơ tiếp nhận',
    'dashboard.declared': 'Khai báo tái sử dụng',
    'dashboard.observed': 'Quan sát được (tra cứu thành công)',
    'dashboard.mismatches': 'Không khớp',
    'dashboard.declaredNotObserved': 'Khai báo nhưng không quan sát được',
    'dashboard.observedNotDeclared': 'Quan sát được nhưng không khai báo',
    'dashboard.citizenRate': 'Hồ sơ kết nối CSDL dân cư',
    'dashboard.syncedRate': 'Hồ sơ đã đồng bộ lên Cổng DVCQG',
    'dashboard.trendTitle': 'Xu hướng',
    'dashboard.chart.rate': 'Tỷ lệ tái sử dụng theo {unit}, với đường chỉ tiêu 80 %',
    'dashboard.chart.dossiers': 'Hồ sơ tiếp nhận theo {unit}',
    'dashboard.series.rate': 'Tỷ lệ tái sử dụng (%)',
    'dashboard.series.target': 'Chỉ tiêu 80 %',
    'dashboard.series.received': 'Hồ sơ tiếp nhận',
    'dashboard.series.withReuse': 'Có tái sử dụng',
    'dashboard.unit.day': 'ngày',
    'dashboard.unit.week': 'tuần',
    'dashboard.unit.month': 'tháng',
    'dashboard.tableAlt': 'Bảng số liệu của biểu đồ',
    'dashboard.col.period': 'Kỳ',
    'dashboard.col.key': 'Mã',
    'dashboard.col.agency': 'Cơ quan',
    'dashboard.col.procedure': 'Thủ tục',
    'dashboard.col.dossiers': 'Hồ sơ',
    'dashboard.col.withReuse': 'Có tái sử dụng',
    'dashboard.col.reuseRate': 'Tỷ lệ tái sử dụng',
    'dashboard.col.score': 'Điểm 766',
    'dashboard.col.citizenRate': 'Kết nối CSDL dân cư',
    'dashboard.col.syncedRate': 'Đã đồng bộ',
    'dashboard.lookups': 'Tra cứu theo nguồn',
    'dashboard.lookups.intro': 'Các lượt tra cứu trong khoảng, theo kết quả và nơi trả lời.',
    'dashboard.chart.lookups': 'Tra cứu theo nguồn, theo kết quả (cột chồng)',
    'dashboard.col.source': 'Nguồn',
    'dashboard.col.total': 'Tổng',
    'dashboard.col.fromSource': 'Tìm thấy, từ CSDL',
    'dashboard.col.fromReuseStore': 'Tìm thấy, từ kho tái sử dụng',
    'dashboard.col.notFound': 'Không tìm thấy',
    'dashboard.col.failed': 'Lỗi, quá hạn, không sẵn sàng',
    'dashboard.col.other': 'Không hợp lệ hoặc bị từ chối',
    'dashboard.breakdowns': 'Chi tiết theo cơ quan và thủ tục',
    'dashboard.byAgency': 'Theo cơ quan',
    'dashboard.byProcedure': 'Theo thủ tục',
    'dashboard.breakdown.hint': 'Sắp xếp theo số hồ sơ. Chọn một dòng để xem chi tiết.',
    'dashboard.procedures.connected': 'Thủ tục có kết nối CSDL dân cư: {connected} / {total} ({rate})',
    'dashboard.drill.title': 'Chi tiết: {key}',
    'dashboard.drill.close': 'Đóng chi tiết',
    'dashboard.drill.csv': 'CSV của {key} theo {unit}',
    'dashboard.drill.show': 'Xem chi tiết {key}',
    'dashboard.drill.none': 'Tra cứu không ghi mã: không có chi tiết riêng',
    'dashboard.csv': 'Tải CSV',
    'dashboard.csv.total': 'CSV tổng của khoảng',
    'dashboard.csv.trend': 'CSV theo {unit}',
    'dashboard.csv.agency': 'CSV theo cơ quan',
    'dashboard.csv.procedure': 'CSV theo thủ tục',
    'dashboard.noChart': 'Không vẽ được biểu đồ; xem bảng số liệu.',
  },
  en: {
    'dashboard.title': 'Data reuse dashboard',
    'dashboard.intro': 'Dossiers received in a range of days (Vietnam time) and their reuse of digitised data, against Decision 766/QĐ-TTg\'s target.',
    'dashboard.range': 'Range',
    'dashboard.from': 'From',
    'dashboard.to': 'To',
    'dashboard.trend': 'Trend by',
    'dashboard.trend.day': 'Day',
    'dashboard.trend.week': 'Week',
    'dashboard.trend.month': 'Month',
    'dashboard.apply': 'Show',
    'dashboard.quick': 'Quick choices',
    'dashboard.quick.thisMonth': 'This month',
    'dashboard.quick.lastMonth': 'Last month',
    'dashboard.quick.thisYear': 'This year',
    'dashboard.quick.last12Months': 'Last 12 months',
    'dashboard.error.date': 'Enter a date as YYYY-MM-DD.',
    'dashboard.error.order': '"From" must not be after "To".',
    'dashboard.error.tooLong': 'A report covers at most {days} days.',
    'dashboard.showing': '{from} to {to}',
    'dashboard.headline': 'Headline figures',
    'dashboard.reuseRate': 'Dossiers reusing data',
    'dashboard.reuseRate.hint': '{withReuse} of {received} dossiers with reuse (declared or observed)',
    'dashboard.score': 'Decision 766 score',
    'dashboard.score.value': '{score} of 2 points',
    'dashboard.score.hint': 'min(2, 2 × rate / 80 %)',
    'dashboard.target.met': 'Target met (≥ 80 %): the full 2 points',
    'dashboard.target.missed': 'Below the 80 % target: {gap} percentage points to go',
    'dashboard.target.none': 'No dossier was received in this range',
    'dashboard.dossiers': 'Dossiers received',
    'dashboard.declared': 'Declared reuse',
    'dashboard.observed': 'Observed reuse (a successful lookup)',
    'dashboard.mismatches': 'Mismatches',
    'dashboard.declaredNotObserved': 'Declared, not observed',
    'dashboard.observedNotDeclared': 'Observed, not declared',
    'dashboard.citizenRate': 'Dossiers connected to population data',
    'dashboard.syncedRate': 'Dossiers synced to the national portal',
    'dashboard.trendTitle': 'Trend',
    'dashboard.chart.rate': 'Reuse rate per {unit}, with the 80 % target line',
    'dashboard.chart.dossiers': 'Dossiers received per {unit}',
    'dashboard.series.rate': 'Reuse rate (%)',
    'dashboard.series.target': '80 % target',
    'dashboard.series.received': 'Dossiers received',
    'dashboard.series.withReuse': 'With reuse',
    'dashboard.unit.day': 'day',
    'dashboard.unit.week': 'week',
    'dashboard.unit.month': 'month',
    'dashboard.tableAlt': 'The charts\' figures as a table',
    'dashboard.col.period': 'Period',
    'dashboard.col.key': 'Code',
    'dashboard.col.agency': 'Agency',
    'dashboard.col.procedure': 'Procedure',
    'dashboard.col.dossiers': 'Dossiers',
    'dashboard.col.withReuse': 'With reuse',
    'dashboard.col.reuseRate': 'Reuse rate',
    'dashboard.col.score': '766 score',
    'dashboard.col.citizenRate': 'Population data',
    'dashboard.col.syncedRate': 'Synced',
    'dashboard.lookups': 'Lookups by source',
    'dashboard.lookups.intro': 'The lookups made in the range, by outcome and by where the answer came from.',
    'dashboard.chart.lookups': 'Lookups by source and outcome (stacked bars)',
    'dashboard.col.source': 'Source',
    'dashboard.col.total': 'Total',
    'dashboard.col.fromSource': 'Found, from the database',
    'dashboard.col.fromReuseStore': 'Found, from the reuse store',
    'dashboard.col.notFound': 'Not found',
    'dashboard.col.failed': 'Failed, timed out, unavailable',
    'dashboard.col.other': 'Invalid or refused',
    'dashboard.breakdowns': 'By agency and by procedure',
    'dashboard.byAgency': 'By agency',
    'dashboard.byProcedure': 'By procedure',
    'dashboard.breakdown.hint': 'Sorted by dossiers. Choose a row to see its figures.',
    'dashboard.procedures.connected': 'Procedures connected to population data: {connected} of {total} ({rate})',
    'dashboard.drill.title': 'Details: {key}',
    'dashboard.drill.close': 'Close details',
    'dashboard.drill.csv': 'CSV of {key} per {unit}',
    'dashboard.drill.show': 'Show the figures of {key}',
    'dashboard.drill.none': 'Lookups recorded without a code: no details of their own',
    'dashboard.csv': 'Download CSV',
    'dashboard.csv.total': 'CSV of the range',
    'dashboard.csv.trend': 'CSV per {unit}',
    'dashboard.csv.agency': 'CSV by agency',
    'dashboard.csv.procedure': 'CSV by procedure',
    'dashboard.noChart': 'The chart cannot be drawn; see the table.',
  },
});

const REPORT = '/api/v1/reports/reuse';
const TARGET = 0.8;
/** The report's longest range (ReportRoutes: DAYS.between(from, to) < 1098). */
const MAX_SPAN_DAYS = 1097;
/** The trend's periods, as the report API groups the days: `trend=` of the address. */
const TRENDS = ['day', 'week', 'month'];
/** The key of a breakdown's row of lookups recorded without an agency or procedure code. */
const UNKNOWN_KEY = 'unknown';
const ZONE = 'Asia/Ho_Chi_Minh';
const COLORS = {
  rate: '#0b5cad', target: '#b3261e', received: '#5b6475', withReuse: '#1b7a3d',
  fromSource: '#0b5cad', fromReuseStore: '#1b7a3d', notFound: '#9a6400', failed: '#b3261e', other: '#8e5aa8',
};

/**
 * The last reports fetched (the page's, a breakdown's, a row's details), each kept a minute so a change of
 * language redraws without asking again.
 */
const cache = new Map();
const CACHED_REPORTS = 8;

// ---- dates (plain YYYY-MM-DD strings, computed in UTC so no local time zone shifts them) ----

function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date());
}

function parseDay(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text || '')) {
    return null;
  }
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? null : date;
}

const iso = (date) => date.toISOString().slice(0, 10);
const utc = (y, m, d) => new Date(Date.UTC(y, m, d));

function ranges() {
  const now = parseDay(today());
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  return {
    thisMonth: [utc(y, m, 1), utc(y, m + 1, 0)],
    lastMonth: [utc(y, m - 1, 1), utc(y, m, 0)],
    thisYear: [utc(y, 0, 1), utc(y, 11, 31)],
    last12Months: [utc(y, m - 11, 1), utc(y, m + 1, 0)],
  };
}

function spanDays(from, to) {
  return Math.round((to - from) / 86400000);
}

/** The ISO week of a day, `YYYY-Www`, as the report API keys it. */
function isoWeek(text) {
  const date = parseDay(text);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7) + 3);
  const year = date.getUTCFullYear();
  const firstThursday = utc(year, 0, 4);
  const week = 1 + Math.round(((date - firstThursday) / 86400000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

// ---- figures ----

const COUNT_FIELDS = ['dossiersReceived', 'dossiersWithDeclaredReuse', 'dossiersWithObservedReuse', 'dossiersWithReuse'];

/** A period the hub has no row for (no dossier, no lookup): zeros, and no rate. */
function emptyRow(key) {
  const row = { key, mismatches: { declaredNotObserved: 0, observedNotDeclared: 0 }, lookups: {},
    reuseRate: null, reuseScore766: null, citizenDataConnectedRate: null, syncedRate: null };
  COUNT_FIELDS.forEach((f) => { row[f] = 0; });
  return row;
}

/**
 * Every period of the range up to today, those the hub has no row for (no dossier, no lookup) as zeros, so
 * the trend's axis is time and not just the days that had something.
 */
/** The period a day falls in: itself, its ISO week (`YYYY-Www`) or its month (`YYYY-MM`), as the report API keys them. */
function periodOf(day, trend) {
  if (trend === 'week') {
    return isoWeek(day);
  }
  return trend === 'month' ? day.slice(0, 7) : day;
}

function fillPeriods(rows, from, to, trend) {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const last = parseDay(to) < parseDay(today()) ? parseDay(to) : parseDay(today());
  const keys = [];
  for (const day = parseDay(from); day <= last; day.setUTCDate(day.getUTCDate() + 1)) {
    const key = periodOf(iso(day), trend);
    if (keys[keys.length - 1] !== key) {
      keys.push(key);
    }
  }
  const known = new Set(keys);
  // rows after today (a dossier received with a future date) are kept, at the end
  rows.filter((r) => !known.has(r.key)).forEach((r) => keys.push(r.key));
  return keys.map((key) => byKey.get(key) || emptyRow(key));
}

// ---- requests ----

/** A report, asked once a minute at most: the answer (or the request in flight) is kept by its address. */
function fetchReport(params) {
  const url = REPORT + api.query(params);
  const cached = cache.get(url);
  if (cached && Date.now() - cached.at < 60000) {
    return cached.report;
  }
  const report = api.get(REPORT, params);
  cache.delete(url);
  while (cache.size >= CACHED_REPORTS) {
    cache.delete(cache.keys().next().value);
  }
  cache.set(url, { at: Date.now(), report });
  report.catch(() => cache.delete(url));
  return report;
}

/**
 * The range by day with its totals, weeks and months: one request (`groupBy=day&include=total,week,month`),
 * whichever trend is shown, so switching between days, weeks and months asks nothing more. With a filter (`{ agency }` or
 * `{ procedure }`), the same of that agency's or procedure's dossiers and lookups alone.
 */
function trendParams(from, to, filter = {}) {
  return { from, to, groupBy: 'day', include: 'total,week,month', ...filter };
}

async function fetchTrend(from, to, trend, filter = {}) {
  const report = await fetchReport(trendParams(from, to, filter));
  return {
    rows: fillPeriods({ day: report.rows, week: report.weeks, month: report.months }[trend], from, to, trend),
    total: report.total,
  };
}

function csvLink(id, label, params) {
  return h('a', { href: `${REPORT}.csv${api.query(params)}`, id, class: 'csv-link' }, label);
}

// ---- charts (uPlot), each with its table ----

function chartWidth(container) {
  return Math.max(320, (container.clientWidth || container.parentElement?.clientWidth || 800) - 8);
}

function indexAxis(labels) {
  return {
    values: (u, splits) => splits.map((i) => (Number.isInteger(i) && labels[i] !== undefined ? labels[i] : '')),
  };
}

function makeChart(container, options, data, charts) {
  if (!window.uPlot) {
    container.append(h('p', { class: 'hint' }, t('dashboard.noChart')));
    return;
  }
  const chart = new window.uPlot({ width: chartWidth(container), height: 260, ...options }, data, container);
  charts.push({ chart, container });
}

/** The axis label of each period: a day as dd/mm, a week as its key. One formatter for all of them. */
function periodLabels(rows) {
  const format = new Intl.DateTimeFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB',
    { day: '2-digit', month: '2-digit', timeZone: 'UTC' });
  return rows.map((r) => {
    const date = parseDay(r.key);
    return date ? format.format(date) : r.key;
  });
}

/** The trend's two charts: the page's (ids `chart-…`) or a breakdown row's (ids `<idPrefix>-…`). */
function trendCharts(rows, unit, charts, idPrefix = 'chart') {
  const labels = periodLabels(rows);
  const x = rows.map((r, i) => i);
  const rateBox = h('div', { class: 'chart', id: `${idPrefix}-reuse-rate`, role: 'img', 'aria-label': t('dashboard.chart.rate', { unit }) });
  const dossierBox = h('div', { class: 'chart', id: `${idPrefix}-dossiers`, role: 'img', 'aria-label': t('dashboard.chart.dossiers', { unit }) });
  const section = h('div', { class: 'dashboard-trend' },
    h('figure', { class: 'chart-figure' }, h('figcaption', {}, t('dashboard.chart.rate', { unit })), rateBox),
    h('figure', { class: 'chart-figure' }, h('figcaption', {}, t('dashboard.chart.dossiers', { unit })), dossierBox));
  const draw = () => {
    // points keep a lone period (between two without dossiers) visible; too many hide the line
    const pointsShown = rows.length <= 400;
    makeChart(rateBox, {
      scales: { x: { time: false }, y: { range: [0, 100] } },
      axes: [indexAxis(labels), { values: (u, splits) => splits.map((v) => `${v} %`) }],
      series: [
        { label: t('dashboard.col.period'), value: (u, i) => (i === null ? '–' : rows[i]?.key ?? '') },
        { label: t('dashboard.series.rate'), stroke: COLORS.rate, width: 2, points: { show: pointsShown, size: 5 },
          value: (u, v) => (v === null ? '–' : formatPercent(v / 100)) },
        { label: t('dashboard.series.target'), stroke: COLORS.target, dash: [6, 4], width: 1.5, points: { show: false },
          value: () => formatPercent(TARGET, 0) },
      ],
    }, [x, rows.map((r) => (r.dossiersReceived ? r.reuseRate * 100 : null)), rows.map(() => TARGET * 100)], charts);
    makeChart(dossierBox, {
      scales: { x: { time: false } },
      axes: [indexAxis(labels), {}],
      series: [
        { label: t('dashboard.col.period'), value: (u, i) => (i === null ? '–' : rows[i]?.key ?? '') },
        { label: t('dashboard.series.received'), stroke: COLORS.received, fill: 'rgba(91,100,117,0.35)', width: 1,
          paths: window.uPlot ? window.uPlot.paths.bars({ size: [0.7, 40] }) : undefined, points: { show: false },
          value: (u, v) => formatNumber(v) },
        { label: t('dashboard.series.withReuse'), stroke: COLORS.withReuse, width: 2, points: { show: pointsShown },
          value: (u, v) => formatNumber(v) },
      ],
    }, [x, rows.map((r) => r.dossiersReceived), rows.map((r) => r.dossiersWithReuse)], charts);
  };
  return { section, draw };
}

function trendTable(rows) {
  return h('div', { class: 'table-scroll' }, table([
    { label: t('dashboard.col.period'), value: (r) => r.key },
    { label: t('dashboard.col.dossiers'), value: (r) => formatNumber(r.dossiersReceived), class: 'num' },
    { label: t('dashboard.col.withReuse'), value: (r) => formatNumber(r.dossiersWithReuse), class: 'num' },
    { label: t('dashboard.col.reuseRate'), value: (r) => formatPercent(r.reuseRate), class: 'num' },
    { label: t('dashboard.col.score'), value: (r) => formatNumber(r.reuseScore766, 2), class: 'num' },
  ], rows));
}

/** A `<details>` whose content is built the first time it is opened (no DOM for a closed table). */
function lazyDetails(id, summary, build) {
  const details = h('details', { id, class: 'table-alternative' }, h('summary', {}, summary));
  details.addEventListener('toggle', () => {
    if (details.open && !details.dataset.built) {
      details.dataset.built = 'true';
      details.append(build());
    }
  });
  return details;
}

function lookupRows(lookups) {
  return Object.entries(lookups || {}).map(([source, c]) => ({
    source, ...c, other: Math.max(0, c.total - c.fromSource - c.fromReuseStore - c.notFound - c.failed),
  }));
}

const LOOKUP_COLUMNS = ['fromSource', 'fromReuseStore', 'notFound', 'failed', 'other'];

function lookupSection(lookups, charts) {
  const rows = lookupRows(lookups);
  const box = h('div', { class: 'chart', id: 'chart-lookups', role: 'img', 'aria-label': t('dashboard.chart.lookups') });
  const tableBox = h('div', { class: 'table-scroll' }, table([
    { label: t('dashboard.col.source'), value: (r) => h('span', { class: 'mono' }, r.source) },
    { label: t('dashboard.col.total'), value: (r) => formatNumber(r.total), class: 'num' },
    ...LOOKUP_COLUMNS.map((f) => ({ label: t(`dashboard.col.${f}`), value: (r) => formatNumber(r[f]), class: 'num' })),
  ], rows));
  tableBox.querySelector('table').id = 'table-lookups';
  const draw = () => {
    // stacked bars: each series is drawn from 0 to its running sum, the tallest first, so each shows its share
    const stacks = [];
    let running = rows.map(() => 0);
    LOOKUP_COLUMNS.forEach((f) => {
      running = running.map((v, i) => v + rows[i][f]);
      stacks.push(running);
    });
    const order = LOOKUP_COLUMNS.map((f, i) => i).reverse();
    const bars = window.uPlot ? window.uPlot.paths.bars({ size: [0.6, 80] }) : undefined;
    makeChart(box, {
      scales: { x: { time: false, range: [-0.5, Math.max(0.5, rows.length - 0.5)] } },
      axes: [indexAxis(rows.map((r) => r.source)), {}],
      series: [
        { label: t('dashboard.col.source'), value: (u, i) => (i === null ? '–' : rows[i]?.source ?? '') },
        ...order.map((c) => ({
          label: t(`dashboard.col.${LOOKUP_COLUMNS[c]}`), stroke: COLORS[LOOKUP_COLUMNS[c]],
          fill: COLORS[LOOKUP_COLUMNS[c]], width: 0, paths: bars, points: { show: false },
          value: (u, v, si, i) => (i === null || i === undefined ? '–' : formatNumber(rows[i][LOOKUP_COLUMNS[c]])),
        })),
      ],
    }, [rows.map((r, i) => i), ...order.map((c) => stacks[c])], charts);
  };
  const section = h('section', { 'aria-labelledby': 'dashboard-lookups-title', class: 'panel' },
    h('h2', { id: 'dashboard-lookups-title' }, t('dashboard.lookups')),
    h('p', { class: 'hint' }, t('dashboard.lookups.intro')),
    h('figure', { class: 'chart-figure' }, h('figcaption', {}, t('dashboard.chart.lookups')), box),
    tableBox);
  return { section, draw, rows };
}

// ---- headline ----

function figure(id, label, value, hint, kind) {
  return h('div', { class: 'panel dashboard-figure', id },
    h('div', { class: 'figure-label' }, label),
    h('div', { class: `figure ${kind || ''}`.trim() }, value),
    hint ? h('div', { class: 'hint' }, hint) : null);
}

function targetText(total) {
  if (!total.dossiersReceived) {
    return { text: t('dashboard.target.none'), kind: 'muted' };
  }
  if (total.reuseRate >= TARGET) {
    return { text: t('dashboard.target.met'), kind: 'good' };
  }
  return { text: t('dashboard.target.missed', { gap: formatNumber((TARGET - total.reuseRate) * 100, 1) }), kind: 'bad' };
}

function headline(total) {
  const target = targetText(total);
  const received = total.dossiersReceived;
  return h('section', { 'aria-labelledby': 'dashboard-headline-title' },
    h('h2', { id: 'dashboard-headline-title' }, t('dashboard.headline')),
    h('p', { id: 'dashboard-target', class: `target-status ${target.kind}`, role: 'status' }, target.text),
    h('div', { class: 'panels', id: 'dashboard-headline' },
      figure('figure-reuse-rate', t('dashboard.reuseRate'), formatPercent(total.reuseRate),
        t('dashboard.reuseRate.hint', { withReuse: formatNumber(total.dossiersWithReuse), received: formatNumber(received) }),
        received ? (total.reuseRate >= TARGET ? 'good' : 'bad') : null),
      figure('figure-score', t('dashboard.score'), t('dashboard.score.value', { score: formatNumber(total.reuseScore766, 2) }),
        t('dashboard.score.hint'), received ? (total.reuseScore766 >= 2 ? 'good' : 'bad') : null),
      figure('figure-dossiers', t('dashboard.dossiers'), formatNumber(received)),
      h('div', { class: 'panel dashboard-figure', id: 'figure-reuse-kinds' },
        h('dl', { class: 'figure-list' },
          h('dt', {}, t('dashboard.declared')), h('dd', { id: 'figure-declared' }, formatNumber(total.dossiersWithDeclaredReuse)),
          h('dt', {}, t('dashboard.observed')), h('dd', { id: 'figure-observed' }, formatNumber(total.dossiersWithObservedReuse)))),
      h('div', { class: 'panel dashboard-figure', id: 'figure-mismatches' },
        h('div', { class: 'figure-label' }, t('dashboard.mismatches')),
        h('dl', { class: 'figure-list' },
          h('dt', {}, t('dashboard.declaredNotObserved')),
          h('dd', { id: 'figure-declared-not-observed' }, formatNumber(total.mismatches?.declaredNotObserved)),
          h('dt', {}, t('dashboard.observedNotDeclared')),
          h('dd', { id: 'figure-observed-not-declared' }, formatNumber(total.mismatches?.observedNotDeclared)))),
      figure('figure-citizen-rate', t('dashboard.citizenRate'), formatPercent(total.citizenDataConnectedRate)),
      figure('figure-synced-rate', t('dashboard.syncedRate'), formatPercent(total.syncedRate))));
}

// ---- breakdowns ----

/** A breakdown by agency or procedure; `view` is the page's range, trend and charts (`{ from, to, trend, charts }`). */
function breakdown(kind, view) {
  const { from, to } = view;
  const id = `breakdown-${kind}`;
  const body = h('div', { class: 'breakdown-body' });
  const details = h('details', { id, class: 'panel breakdown' },
    h('summary', {}, h('span', { class: 'breakdown-title' }, t(kind === 'agency' ? 'dashboard.byAgency' : 'dashboard.byProcedure'))),
    body);
  details.addEventListener('toggle', async () => {
    if (!details.open || details.dataset.loaded) {
      return;
    }
    details.dataset.loaded = 'true';
    clear(body, loading());
    try {
      const report = await fetchReport({ from, to, groupBy: kind });
      renderBreakdown(body, kind, report.rows || [], view);
    } catch (error) {
      delete details.dataset.loaded;
      clear(body, problemBox(error));
    }
  });
  return details;
}

function renderBreakdown(body, kind, rows, view) {
  const { from, to } = view;
  const sorted = [...rows].sort((a, b) => b.dossiersReceived - a.dossiersReceived || (a.key < b.key ? -1 : 1));
  const drill = h('div', { id: `drill-${kind}`, class: 'drill', hidden: true, tabindex: '-1',
    role: 'region', 'aria-labelledby': `drill-${kind}-title` });
  const show = (row, button) => {
    body.querySelectorAll('tr.selected').forEach((tr) => tr.classList.remove('selected'));
    button.closest('tr').classList.add('selected');
    drillDown(drill, kind, row.key, view, () => {
      drill.hidden = true;
      button.closest('tr').classList.remove('selected');
      button.focus();
    });
  };
  const grid = table([
    { label: t(kind === 'agency' ? 'dashboard.col.agency' : 'dashboard.col.procedure'), value: (r) => {
      if (r.key === UNKNOWN_KEY) {
        // lookups recorded without that code: no filter names them, so the row has no details
        return h('span', { class: 'mono', title: t('dashboard.drill.none') }, r.key);
      }
      const button = h('button', { type: 'button', class: 'link-like mono', 'aria-label': t('dashboard.drill.show', { key: r.key }),
        dataset: { key: r.key } }, r.key);
      button.addEventListener('click', () => show(r, button));
      return button;
    } },
    { label: t('dashboard.col.dossiers'), value: (r) => formatNumber(r.dossiersReceived), class: 'num' },
    { label: t('dashboard.col.withReuse'), value: (r) => formatNumber(r.dossiersWithReuse), class: 'num' },
    { label: t('dashboard.col.reuseRate'), value: (r) => formatPercent(r.reuseRate), class: 'num' },
    { label: t('dashboard.col.score'), value: (r) => formatNumber(r.reuseScore766, 2), class: 'num' },
    { label: t('dashboard.col.citizenRate'), value: (r) => formatPercent(r.citizenDataConnectedRate), class: 'num' },
    { label: t('dashboard.col.syncedRate'), value: (r) => formatPercent(r.syncedRate), class: 'num' },
  ], sorted, { rowClass: (r) => (r.dossiersReceived && r.reuseRate < TARGET ? 'below-target' : null) });
  grid.id = `table-${kind}`;
  let indicator = null;
  if (kind === 'procedure') {
    // Decision 766's CITIZEN_DATA_CONNECTED_FORMALITY (docs/domain.md): procedures with population-data use
    const withDossiers = rows.filter((r) => r.dossiersReceived > 0);
    const connected = withDossiers.filter((r) => r.citizenDataConnectedRate > 0).length;
    indicator = h('p', { id: 'procedures-connected' }, t('dashboard.procedures.connected', {
      connected: formatNumber(connected), total: formatNumber(withDossiers.length),
      rate: formatPercent(withDossiers.length ? connected / withDossiers.length : null),
    }));
  }
  clear(body,
    h('p', { class: 'hint' }, t('dashboard.breakdown.hint')),
    indicator,
    h('p', { class: 'actions' }, csvLink(`csv-${kind}`, t(`dashboard.csv.${kind}`), { from, to, groupBy: kind })),
    h('div', { class: 'table-scroll' }, grid),
    drill);
}

/**
 * A breakdown row's details, in its panel: that agency's (or procedure's) own headline figures, trend charts
 * (drawn as the page's are), lookups by source and CSV, from the page's request filtered to it. The panel
 * has the focus while it loads; closing it (`close`) gives the focus back to the row.
 */
function drillDown(drill, kind, key, view, close) {
  const { from, to, trend, charts } = view;
  const filter = { [kind]: key };
  const unit = t(`dashboard.unit.${trend}`);
  const opened = {};
  const dispose = () => {
    // the previous row's charts: destroyed, and no longer resized with the page's
    (drill.drillCharts || []).forEach((c) => {
      c.chart.destroy();
      const at = charts.indexOf(c);
      if (at >= 0) {
        charts.splice(at, 1);
      }
    });
    drill.drillCharts = [];
  };
  dispose();
  drill.opened = opened;
  const body = h('div', { class: 'drill-body', 'aria-busy': 'true' }, loading());
  clear(drill,
    h('h3', { id: `drill-${kind}-title` }, t('dashboard.drill.title', { key })),
    body,
    h('p', { class: 'actions' }, csvLink(`csv-drill-${kind}`, t('dashboard.drill.csv', { key, unit }),
      { from, to, groupBy: trend, ...filter })),
    h('button', { type: 'button', class: 'drill-close', onclick: () => { dispose(); drill.opened = null; close(); } },
      t('dashboard.drill.close')));
  drill.hidden = false;
  drill.focus();
  fetchTrend(from, to, trend, filter).then((report) => {
    if (drill.opened !== opened || drill.hidden) {
      return;
    }
    const total = report.total;
    const lookupGrid = table([
      { label: t('dashboard.col.source'), value: (r) => h('span', { class: 'mono' }, r.source) },
      { label: t('dashboard.col.total'), value: (r) => formatNumber(r.total), class: 'num' },
      ...LOOKUP_COLUMNS.map((f) => ({ label: t(`dashboard.col.${f}`), value: (r) => formatNumber(r[f]), class: 'num' })),
    ], lookupRows(total.lookups).filter((r) => r.total > 0), { caption: t('dashboard.lookups') });
    const own = [];
    const trendView = trendCharts(report.rows, unit, own, `drill-${kind}-chart`);
    const target = targetText(total);
    clear(body,
      h('p', { id: `drill-${kind}-target`, class: `target-status ${target.kind}` }, target.text),
      h('dl', { class: 'figure-list drill-figures' },
        h('dt', {}, t('dashboard.dossiers')), h('dd', { id: `drill-${kind}-dossiers` }, formatNumber(total.dossiersReceived)),
        h('dt', {}, t('dashboard.reuseRate')), h('dd', { id: `drill-${kind}-reuse-rate` }, formatPercent(total.reuseRate)),
        h('dt', {}, t('dashboard.score')), h('dd', { id: `drill-${kind}-score` },
          t('dashboard.score.value', { score: formatNumber(total.reuseScore766, 2) })),
        h('dt', {}, t('dashboard.declared')), h('dd', {}, formatNumber(total.dossiersWithDeclaredReuse)),
        h('dt', {}, t('dashboard.observed')), h('dd', {}, formatNumber(total.dossiersWithObservedReuse)),
        h('dt', {}, t('dashboard.declaredNotObserved')), h('dd', {}, formatNumber(total.mismatches?.declaredNotObserved)),
        h('dt', {}, t('dashboard.observedNotDeclared')), h('dd', {}, formatNumber(total.mismatches?.observedNotDeclared)),
        h('dt', {}, t('dashboard.citizenRate')), h('dd', {}, formatPercent(total.citizenDataConnectedRate)),
        h('dt', {}, t('dashboard.syncedRate')), h('dd', {}, formatPercent(total.syncedRate))),
      trendView.section,
      lookupGrid);
    body.removeAttribute('aria-busy');
    trendView.draw();
    drill.drillCharts = own;
    charts.push(...own);
  }, (error) => {
    if (drill.opened === opened) {
      clear(body, problemBox(error));
      body.removeAttribute('aria-busy');
    }
  });
}

// ---- the form ----

function rangeForm(state, ctx) {
  const from = h('input', { type: 'date', id: 'dashboard-from', name: 'from', value: state.from, required: true });
  const to = h('input', { type: 'date', id: 'dashboard-to', name: 'to', value: state.to, required: true });
  const trend = h('select', { id: 'dashboard-trend', name: 'trend' },
    TRENDS.map((v) => h('option', { value: v, selected: v === state.trend }, t(`dashboard.trend.${v}`))));
  const fromField = field(t('dashboard.from'), from);
  const toField = field(t('dashboard.to'), to);
  const form = h('form', { id: 'dashboard-form', class: 'panel dashboard-form', novalidate: true },
    h('fieldset', { class: 'plain' }, h('legend', {}, t('dashboard.range')),
      h('div', { class: 'form-row' }, fromField, toField, field(t('dashboard.trend'), trend),
        h('button', { type: 'submit', class: 'primary', id: 'dashboard-apply' }, t('dashboard.apply')))),
    h('div', { class: 'quick-ranges', role: 'group', 'aria-label': t('dashboard.quick') },
      h('span', { class: 'figure-label' }, t('dashboard.quick')),
      Object.entries(ranges()).map(([name, [a, b]]) => h('button', {
        type: 'button', id: `dashboard-quick-${name}`, class: 'quick',
        'aria-pressed': iso(a) === state.from && iso(b) === state.to ? 'true' : 'false',
        onclick: () => ctx.navigate('dashboard', { from: iso(a), to: iso(b), trend: defaultTrend(a, b) }),
      }, t(`dashboard.quick.${name}`)))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const a = parseDay(from.value);
    const b = parseDay(to.value);
    fromField.setError(a ? null : t('dashboard.error.date'));
    toField.setError(b ? null : t('dashboard.error.date'));
    if (!a) { from.focus(); return; }
    if (!b) { to.focus(); return; }
    if (a > b) { fromField.setError(t('dashboard.error.order')); from.focus(); return; }
    if (spanDays(a, b) > MAX_SPAN_DAYS) { toField.setError(t('dashboard.error.tooLong', { days: MAX_SPAN_DAYS + 1 })); to.focus(); return; }
    ctx.navigate('dashboard', { from: from.value, to: to.value, trend: trend.value });
  });
  return form;
}

function defaultTrend(a, b) {
  return spanDays(a, b) > 92 ? 'week' : 'day';
}

function stateFrom(params) {
  const month = ranges().thisMonth;
  const from = parseDay(params.get('from')) ? params.get('from') : iso(month[0]);
  const to = parseDay(params.get('to')) ? params.get('to') : iso(month[1]);
  const trendParam = params.get('trend');
  const trend = TRENDS.includes(trendParam) ? trendParam : defaultTrend(parseDay(from), parseDay(to));
  return { from, to, trend };
}

/**
 * The first render's request, sent by the shell while it asks for the session: the address names the
 * range, and the request needs only the session's cookie.
 */
export function prefetch(params) {
  const state = stateFrom(params);
  const a = parseDay(state.from);
  const b = parseDay(state.to);
  if (a <= b && spanDays(a, b) <= MAX_SPAN_DAYS) {
    fetchReport(trendParams(state.from, state.to)).catch(() => {});
  }
}

export default async function render(main, ctx) {
  const state = stateFrom(ctx.params);
  const result = h('div', { id: 'dashboard-result', 'aria-busy': 'true' }, loading());
  clear(main, heading(t('dashboard.title')), h('p', { class: 'hint' }, t('dashboard.intro')), rangeForm(state, ctx), result);

  const charts = [];
  let observer = null;
  const leave = () => {
    if (observer) {
      observer.disconnect();
    }
    charts.forEach(({ chart }) => chart.destroy());
    charts.length = 0;
  };

  const a = parseDay(state.from);
  const b = parseDay(state.to);
  if (a > b || spanDays(a, b) > MAX_SPAN_DAYS) {
    // a bookmarked range the form would not send: shown as the form would, without asking the hub
    const form = main.querySelector('#dashboard-form');
    form.requestSubmit();
    clear(result);
    result.removeAttribute('aria-busy');
    return leave;
  }

  let trend;
  try {
    trend = await fetchTrend(state.from, state.to, state.trend);
  } catch (error) {
    clear(result, problemBox(error));
    result.removeAttribute('aria-busy');
    return leave;
  }
  if (!main.contains(result)) {
    return leave;
  }
  const unit = t(`dashboard.unit.${state.trend}`);
  const trendView = trendCharts(trend.rows, unit, charts);
  const lookups = lookupSection(trend.total.lookups, charts);
  const csvParams = { from: state.from, to: state.to };
  const view = { from: state.from, to: state.to, trend: state.trend, charts };
  clear(result,
    h('p', { class: 'range-shown', id: 'dashboard-range' }, t('dashboard.showing', { from: state.from, to: state.to })),
    headline(trend.total),
    h('section', { 'aria-labelledby': 'dashboard-trend-title', class: 'panel' },
      h('h2', { id: 'dashboard-trend-title' }, t('dashboard.trendTitle')),
      trendView.section,
      lazyDetails('table-trend-details', t('dashboard.tableAlt'), () => {
        const box = trendTable(trend.rows);
        box.querySelector('table').id = 'table-trend';
        return box;
      })),
    lookups.section,
    h('section', { 'aria-labelledby': 'dashboard-breakdowns-title' },
      h('h2', { id: 'dashboard-breakdowns-title' }, t('dashboard.breakdowns')),
      breakdown('agency', view),
      breakdown('procedure', view)),
    h('section', { 'aria-labelledby': 'dashboard-csv-title', class: 'panel' },
      h('h2', { id: 'dashboard-csv-title' }, t('dashboard.csv')),
      h('p', { class: 'actions' },
        csvLink('csv-total', t('dashboard.csv.total'), csvParams),
        csvLink('csv-trend', t('dashboard.csv.trend', { unit }), { ...csvParams, groupBy: state.trend }))));
  result.removeAttribute('aria-busy');

  // drawn once per data set, after the containers are laid out; resized (never redrawn) with the window
  trendView.draw();
  lookups.draw();
  if (window.ResizeObserver) {
    let pending = null;
    observer = new ResizeObserver(() => {
      window.clearTimeout(pending);
      pending = window.setTimeout(() => charts.forEach(({ chart, container }) => {
        const width = chartWidth(container);
        if (Math.abs(width - chart.width) > 4) {
          chart.setSize({ width, height: chart.height });
        }
      }), 150);
    });
    observer.observe(result);
  }
  return leave;
}
