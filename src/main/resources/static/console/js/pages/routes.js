// Routes (ADMIN): every Camel route with its status, statistics and its source's circuit, the route
// files that failed to load, the cluster's route set; stop / start a source's route, reload the files.
// GET /api/v1/admin/routes, POST /api/v1/admin/routes/{id}/stop|start, POST /api/v1/admin/routes/reload.
import * as api from '../api.js';
import { register, t, formatNumber, formatInstant } from '../i18n.js';
import { h, clear, heading, loading, table, problemBox, notify, confirmAction, confirming } from '../ui.js';

register({
  vi: {
    'routes.intro': 'Các tuyến Camel của hub: trạng thái, số lần xử lý, lỗi, thời gian xử lý trung bình và trạng thái cầu dao của nguồn. Tự làm mới mỗi 10 giây.',
    'routes.table': 'Các tuyến',
    'routes.col.id': 'Mã tuyến',
    'routes.col.source': 'Nguồn',
    'routes.col.origin': 'Nạp từ',
    'routes.col.status': 'Trạng thái',
    'routes.col.exchanges': 'Lượt xử lý',
    'routes.col.failures': 'Lỗi',
    'routes.col.mean': 'TB (ms)',
    'routes.col.circuit': 'Cầu dao',
    'routes.col.actions': 'Thao tác',
    'routes.origin.java': 'mã Java',
    'routes.stop': 'Dừng',
    'routes.start': 'Chạy lại',
    'routes.stopLabel': 'Dừng tuyến {id}',
    'routes.startLabel': 'Chạy lại tuyến {id}',
    'routes.stop.title': 'Dừng tuyến {id}?',
    'routes.stop.text': 'Nguồn {source} ngừng phục vụ trên mọi máy chủ của cụm: các tra cứu sẽ trả lời 503 source.unavailable (hoặc từ bản sao còn hạn) cho tới khi tuyến được chạy lại, kể cả sau khi nạp lại hay khởi động lại.',
    'routes.stop.confirm': 'Dừng tuyến',
    'routes.stopped': 'Đã dừng tuyến {id}.',
    'routes.started': 'Đã chạy lại tuyến {id}.',
    'routes.reload': 'Nạp lại các tệp tuyến',
    'routes.reload.title': 'Nạp lại routes/*.yaml?',
    'routes.reload.text': 'Mọi tệp được đọc và kiểm tra trước: chỉ cần một tệp sai là không tệp nào được nạp. Nếu hợp lệ, các tệp trở thành bộ tuyến mới của cụm, áp dụng trên mọi máy chủ; các tuyến đang dừng vẫn dừng.',
    'routes.reload.confirm': 'Nạp lại',
    'routes.reloaded': 'Đã nạp lại {count} tuyến từ tệp.',
    'routes.refresh': 'Làm mới',
    'routes.updated': 'Cập nhật lúc {time}',
    'routes.refused.title': 'Không nạp lại: một tệp tuyến có lỗi',
    'routes.refused.text': 'Các tuyến đang chạy giữ nguyên; không có gì được lưu. Sửa tệp rồi nạp lại.',
    'routes.refused.file': 'Tệp',
    'routes.refused.line': 'Dòng',
    'routes.refused.column': 'Cột',
    'routes.refused.message': 'Lỗi',
    'routes.refused.noLine': 'không rõ dòng',
    'routes.refused.noColumn': 'không rõ cột',
    'routes.refused.excerpt': 'Dòng {line} của {file}, lỗi ở cột {column}',
    'routes.refused.excerptNoColumn': 'Dòng {line} của {file}',
    'routes.refused.here': 'Lần nạp lại bị từ chối vì tệp này: {where} — {message}',
    'routes.failed.title': 'Các tệp tuyến không nạp được khi khởi động',
    'routes.set.title': 'Bộ tuyến của cụm',
    'routes.set.generation': 'Thế hệ',
    'routes.set.changed': 'Thay đổi lúc',
    'routes.set.changedBy': 'Bởi',
    'routes.set.stopped': 'Tuyến đang dừng trên cả cụm',
    'routes.set.applied': 'Đã áp dụng trên máy này',
    'routes.set.matches': 'Trùng với cụm',
    'routes.set.digest': 'Mã băm của cụm',
    'routes.set.loadedDigest': 'Mã băm đang chạy',
    'routes.set.problem': 'Vấn đề',
    'routes.set.none': 'chưa có',
    'routes.yes': 'có',
    'routes.no': 'không',
    'routes.status.Started': 'Đang chạy',
    'routes.status.Stopped': 'Đã dừng',
    'routes.status.Starting': 'Đang khởi động',
    'routes.status.Stopping': 'Đang dừng',
    'routes.status.Suspended': 'Tạm ngưng',
    'routes.status.Suspending': 'Đang tạm ngưng',
    'routes.status.Initializing': 'Đang khởi tạo',
    'routes.status.Initialized': 'Đã khởi tạo',
    'routes.circuit.CLOSED': 'Đóng (bình thường)',
    'routes.circuit.OPEN': 'Mở (ngắt)',
    'routes.circuit.HALF_OPEN': 'Nửa mở (thử lại)',
    'routes.circuit.DISABLED': 'Tắt',
    'routes.circuit.FORCED_OPEN': 'Mở cưỡng bức',
    'routes.circuit.METRICS_ONLY': 'Chỉ đo',
  },
  en: {
    'routes.intro': 'The hub\'s Camel routes: status, exchanges, failures, mean processing time and the circuit of the source each serves. Refreshed every 10 seconds.',
    'routes.table': 'Routes',
    'routes.col.id': 'Route id',
    'routes.col.source': 'Source',
    'routes.col.origin': 'Loaded from',
    'routes.col.status': 'Status',
    'routes.col.exchanges': 'Exchanges',
    'routes.col.failures': 'Failures',
    'routes.col.mean': 'Mean (ms)',
    'routes.col.circuit': 'Circuit',
    'routes.col.actions': 'Actions',
    'routes.origin.java': 'Java code',
    'routes.stop': 'Stop',
    'routes.start': 'Start',
    'routes.stopLabel': 'Stop route {id}',
    'routes.startLabel': 'Start route {id}',
    'routes.stop.title': 'Stop route {id}?',
    'routes.stop.text': 'The source {source} goes out of service on every instance of the cluster: its lookups answer 503 source.unavailable (or from a valid reuse copy) until the route is started again, across reloads and restarts.',
    'routes.stop.confirm': 'Stop the route',
    'routes.stopped': 'Route {id} stopped.',
    'routes.started': 'Route {id} started.',
    'routes.reload': 'Reload the route files',
    'routes.reload.title': 'Reload routes/*.yaml?',
    'routes.reload.text': 'Every file is read and checked first: one wrong file and nothing is reloaded. If all are valid they become the cluster\'s new route set, applied on every instance; stopped routes stay stopped.',
    'routes.reload.confirm': 'Reload',
    'routes.reloaded': '{count} routes reloaded from files.',
    'routes.refresh': 'Refresh',
    'routes.updated': 'Updated at {time}',
    'routes.refused.title': 'Not reloaded: a route file is wrong',
    'routes.refused.text': 'The running routes are unchanged and nothing was stored. Fix the file and reload again.',
    'routes.refused.file': 'File',
    'routes.refused.line': 'Line',
    'routes.refused.column': 'Column',
    'routes.refused.message': 'Error',
    'routes.refused.noLine': 'line unknown',
    'routes.refused.noColumn': 'column unknown',
    'routes.refused.excerpt': 'Line {line} of {file}, the mistake at column {column}',
    'routes.refused.excerptNoColumn': 'Line {line} of {file}',
    'routes.refused.here': 'The reload was refused because of this file: {where} — {message}',
    'routes.failed.title': 'Route files that failed to load at start',
    'routes.set.title': 'The cluster\'s route set',
    'routes.set.generation': 'Generation',
    'routes.set.changed': 'Changed at',
    'routes.set.changedBy': 'By',
    'routes.set.stopped': 'Routes stopped on every instance',
    'routes.set.applied': 'Applied on this instance',
    'routes.set.matches': 'Matches the cluster',
    'routes.set.digest': 'Cluster digest',
    'routes.set.loadedDigest': 'Running digest',
    'routes.set.problem': 'Problem',
    'routes.set.none': 'none yet',
    'routes.yes': 'yes',
    'routes.no': 'no',
    'routes.status.Started': 'Started',
    'routes.status.Stopped': 'Stopped',
    'routes.status.Starting': 'Starting',
    'routes.status.Stopping': 'Stopping',
    'routes.status.Suspended': 'Suspended',
    'routes.status.Suspending': 'Suspending',
    'routes.status.Initializing': 'Initializing',
    'routes.status.Initialized': 'Initialized',
    'routes.circuit.CLOSED': 'Closed (normal)',
    'routes.circuit.OPEN': 'Open (tripped)',
    'routes.circuit.HALF_OPEN': 'Half open (trying)',
    'routes.circuit.DISABLED': 'Disabled',
    'routes.circuit.FORCED_OPEN': 'Forced open',
    'routes.circuit.METRICS_ONLY': 'Metrics only',
  },
});

const REFRESH_MS = 10000;

/** A whole number from 1, or null: a location's line or column. */
function position(value) {
  return Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * A reload refusal's place and message: the problem's `location` member (file, line, column, the
 * line's text as excerpt; docs/api.md §1.5) and its detail. Null when the problem names no file.
 */
export function routeProblem(problem) {
  const location = problem && problem.location;
  if (!location || typeof location.file !== 'string' || !location.file) {
    return null;
  }
  return {
    file: location.file,
    line: position(location.line),
    column: position(location.column),
    excerpt: typeof location.excerpt === 'string' ? location.excerpt : null,
    message: problem.detail || problem.title || '',
  };
}

function statusBadge(status) {
  const kind = status === 'Started' ? 'good' : status === 'Stopped' ? 'bad' : 'warn';
  return h('span', { class: `badge ${kind}`, dataset: { status } }, t(`routes.status.${status}`));
}

function circuitBadge(state) {
  if (!state) {
    return '–';
  }
  const kind = state === 'CLOSED' ? 'good' : state === 'HALF_OPEN' || state === 'METRICS_ONLY' ? 'warn' : 'bad';
  return h('span', { class: `badge ${kind}`, dataset: { circuit: state } }, t(`routes.circuit.${state}`));
}

function mean(value) {
  return value === null || value === undefined || value < 0 ? '–' : formatNumber(value);
}

function yesNo(value) {
  return h('span', { class: value ? 'good' : 'bad' }, t(value ? 'routes.yes' : 'routes.no'));
}

/** file:line:column, as editors and compilers name a place (what is not known left out). */
function where(problem) {
  if (!problem.line) {
    return `${problem.file} (${t('routes.refused.noLine')})`;
  }
  return problem.column ? `${problem.file}:${problem.line}:${problem.column}` : `${problem.file}:${problem.line}`;
}

/**
 * The line of the file with the mistake marked: the character at the column highlighted, and a caret
 * under it on a line of its own (hidden from screen readers, which are told the column instead). The
 * column counts characters (code points), as the hub does. Null when the line's text is not known.
 */
export function excerptBlock(problem, id) {
  if (problem.excerpt === null || problem.excerpt === undefined || !problem.line) {
    return null;
  }
  const chars = Array.from(problem.excerpt);
  const column = problem.column;
  const label = column
    ? t('routes.refused.excerpt', { line: problem.line, file: problem.file, column })
    : t('routes.refused.excerptNoColumn', { line: problem.line, file: problem.file });
  const code = h('code', {});
  if (column && column <= chars.length) {
    code.append(chars.slice(0, column - 1).join(''),
      h('mark', { class: 'route-excerpt-mark', id: `${id}-mark` }, chars[column - 1]),
      chars.slice(column).join(''));
  } else {
    code.append(problem.excerpt);
  }
  // the caret keeps the line's tabs so that it stands under the column
  const caret = column
    ? h('span', { class: 'route-excerpt-caret', id: `${id}-caret`, 'aria-hidden': 'true' },
      `\n${chars.slice(0, column - 1).map((c) => (c === '\t' ? '\t' : ' ')).join('')}^`)
    : null;
  return h('figure', { class: 'route-excerpt' },
    h('figcaption', { class: 'hint' }, label),
    h('pre', { class: 'route-excerpt-text mono', id }, code, caret));
}

export default async function render(main) {
  let refused = null; // the last reload refusal: { error, problem }
  let busy = false;
  let timer = null;
  let left = false;

  const reloadButton = h('button', { type: 'button', id: 'reload-button', class: 'primary' }, t('routes.reload'));
  const refreshButton = h('button', { type: 'button', id: 'routes-refresh' }, t('routes.refresh'));
  const updated = h('span', { class: 'hint', id: 'routes-updated' });
  const reloadResult = h('div', { id: 'reload-result' });
  const body = h('div', { id: 'routes-body' }, loading());

  clear(main, heading(t('nav.routes')), h('p', {}, t('routes.intro')),
    h('div', { class: 'actions' }, reloadButton, refreshButton, updated), reloadResult, body);

  function refusalBox() {
    const { error, problem } = refused;
    if (!problem) {
      return problemBox(error);
    }
    return h('div', { class: 'problem route-refusal', role: 'alert', id: 'reload-problem' },
      h('p', { class: 'problem-title' }, t('routes.refused.title')),
      h('p', { class: 'route-refusal-where mono', id: 'reload-problem-where' }, where(problem)),
      h('p', { class: 'route-refusal-message', id: 'reload-problem-message' }, problem.message),
      excerptBlock(problem, 'reload-problem-excerpt'),
      h('dl', { class: 'problem-facts' },
        h('dt', {}, t('routes.refused.file')), h('dd', { class: 'mono', id: 'reload-problem-file' }, problem.file),
        h('dt', {}, t('routes.refused.line')),
        h('dd', { class: 'mono', id: 'reload-problem-line' }, problem.line ? String(problem.line) : t('routes.refused.noLine')),
        h('dt', {}, t('routes.refused.column')),
        h('dd', { class: 'mono', id: 'reload-problem-column' },
          problem.column ? String(problem.column) : t('routes.refused.noColumn')),
        h('dt', {}, t('ui.problem.code')), h('dd', { class: 'mono' }, (error.problem && error.problem.code) || ''),
        error.problem && error.problem.correlationId
          ? [h('dt', {}, t('ui.problem.correlation')), h('dd', { class: 'mono' }, error.problem.correlationId)] : null),
      h('p', { class: 'hint' }, t('routes.refused.text')));
  }

  function routeRows(list) {
    const problem = refused && refused.problem;
    // the sources' routes first (the ones an administrator acts on), each group in id order
    const routes = [...list.routes].sort((a, b) => (a.source ? 0 : 1) - (b.source ? 0 : 1));
    const columns = [
      { label: t('routes.col.id'), value: (r) => h('span', { class: 'mono' }, r.id) },
      { label: t('routes.col.source'), value: (r) => r.source || '–' },
      { label: t('routes.col.origin'), value: (r) => (r.origin === 'java' ? t('routes.origin.java') : h('span', { class: 'mono' }, r.origin)) },
      { label: t('routes.col.status'), value: (r) => statusBadge(r.status) },
      { label: t('routes.col.exchanges'), class: 'num', value: (r) => formatNumber(r.exchangesTotal) },
      { label: t('routes.col.failures'), class: 'num', value: (r) => formatNumber(r.exchangesFailed) },
      { label: t('routes.col.mean'), class: 'num', value: (r) => mean(r.meanProcessingMs) },
      { label: t('routes.col.circuit'), value: (r) => circuitBadge(r.circuitState) },
      { label: t('routes.col.actions'), value: (r) => actionsOf(r) },
    ];
    const grid = table(columns, routes, {
      caption: t('routes.table'),
      rowClass: (r) => (problem && r.origin === problem.file ? 'route-refused' : null),
    });
    grid.id = 'routes-table';
    // each row names its route for the tests and the refusal below it
    grid.querySelectorAll('tbody tr').forEach((tr, i) => {
      const route = routes[i];
      if (!route) {
        return;
      }
      tr.dataset.routeId = route.id;
      if (problem && route.origin === problem.file) {
        tr.after(h('tr', { class: 'route-refused-detail' },
          h('td', { colspan: String(columns.length) },
            h('span', { class: 'bad' }, t('routes.refused.here', { where: where(problem), message: problem.message })))));
      }
    });
    return h('div', { class: 'table-scroll' }, grid);
  }

  function actionsOf(route) {
    if (!route.source) {
      return '';
    }
    if (route.status === 'Stopped') {
      return h('button', { type: 'button', id: `route-start-${route.id}`, 'aria-label': t('routes.startLabel', { id: route.id }),
        onclick: () => control(route, true) }, t('routes.start'));
    }
    return h('button', { type: 'button', class: 'danger', id: `route-stop-${route.id}`,
      'aria-label': t('routes.stopLabel', { id: route.id }), onclick: () => control(route, false) }, t('routes.stop'));
  }

  function failedFiles(list) {
    if (!list.failedFiles || list.failedFiles.length === 0) {
      return null;
    }
    return h('section', { class: 'problem', id: 'routes-failed-files', 'aria-labelledby': 'routes-failed-title' },
      h('h2', { id: 'routes-failed-title' }, t('routes.failed.title')),
      h('ul', {}, list.failedFiles.map((f, i) => {
        const failure = { file: f.file, line: position(f.line), column: position(f.column),
          excerpt: typeof f.excerpt === 'string' ? f.excerpt : null };
        return h('li', {}, h('span', { class: 'mono' }, failure.line ? where(failure) : f.file), ' — ', f.error,
          excerptBlock(failure, `routes-failed-excerpt-${i}`));
      })));
  }

  function routeSet(set) {
    if (!set) {
      return null;
    }
    const fact = (label, value, id) => [h('dt', {}, label), h('dd', { id }, value)];
    return h('section', { class: 'panel', id: 'route-set', 'aria-labelledby': 'route-set-title' },
      h('h2', { id: 'route-set-title' }, t('routes.set.title')),
      h('dl', { class: 'facts' },
        fact(t('routes.set.generation'), set.generation ? formatNumber(set.generation) : t('routes.set.none'), 'route-set-generation'),
        fact(t('routes.set.changed'), formatInstant(set.changedAt)),
        fact(t('routes.set.changedBy'), set.changedBy || '–'),
        fact(t('routes.set.applied'), yesNo(set.applied), 'route-set-applied'),
        fact(t('routes.set.matches'), yesNo(set.matchesCluster), 'route-set-matches'),
        fact(t('routes.set.stopped'), set.stoppedRoutes && set.stoppedRoutes.length
          ? h('span', { class: 'mono' }, set.stoppedRoutes.join(', ')) : '–', 'route-set-stopped'),
        fact(t('routes.set.digest'), h('span', { class: 'mono digest', title: set.digest || '' }, set.digest ? set.digest.slice(0, 12) : '–')),
        fact(t('routes.set.loadedDigest'), h('span', { class: 'mono digest', title: set.loadedDigest || '' },
          set.loadedDigest ? set.loadedDigest.slice(0, 12) : '–')),
        set.problem ? fact(t('routes.set.problem'), h('span', { class: 'bad' }, set.problem), 'route-set-problem') : null));
  }

  async function refresh() {
    if (busy || left) {
      return;
    }
    busy = true;
    try {
      const list = await api.get('/api/v1/admin/routes');
      if (left) {
        return;
      }
      // keep the keyboard where it was across the refresh (buttons have stable ids)
      const focusedId = document.activeElement && body.contains(document.activeElement) ? document.activeElement.id : null;
      clear(body, routeRows(list), failedFiles(list), routeSet(list.routeSet));
      updated.textContent = t('routes.updated', { time: formatInstant(new Date().toISOString()) });
      if (focusedId) {
        const again = document.getElementById(focusedId);
        if (again) {
          again.focus();
        }
      }
    } catch (error) {
      if (!left) {
        clear(body, problemBox(error));
      }
    } finally {
      busy = false;
    }
  }

  async function control(route, start) {
    if (!start) {
      const ok = await confirmAction(t('routes.stop.title', { id: route.id }),
        t('routes.stop.text', { source: route.source }), { confirmLabel: t('routes.stop.confirm'), danger: true });
      if (!ok) {
        return;
      }
    }
    try {
      const answer = await api.post(`/api/v1/admin/routes/${encodeURIComponent(route.id)}/${start ? 'start' : 'stop'}`);
      notify(t(start ? 'routes.started' : 'routes.stopped', { id: answer.id }), 'success');
      clear(reloadResult);
    } catch (error) {
      clear(reloadResult, problemBox(error));
    }
    await refresh();
    // the button became its opposite: keep the keyboard on the row
    const next = document.getElementById(`route-${start ? 'stop' : 'start'}-${route.id}`);
    if (next) {
      next.focus();
    }
  }

  reloadButton.addEventListener('click', async () => {
    const ok = await confirmAction(t('routes.reload.title'), t('routes.reload.text'), { confirmLabel: t('routes.reload.confirm') });
    if (!ok) {
      return;
    }
    reloadButton.disabled = true;
    try {
      const answer = await api.post('/api/v1/admin/routes/reload');
      refused = null;
      clear(reloadResult, h('p', { class: 'notice-inline', role: 'status', id: 'reload-done' },
        t('routes.reloaded', { count: answer.reloaded.length })));
      notify(t('routes.reloaded', { count: answer.reloaded.length }), 'success');
    } catch (error) {
      const problem = error.problem && error.problem.code === 'admin.invalid_route' ? routeProblem(error.problem) : null;
      refused = { error, problem };
      clear(reloadResult, refusalBox());
    } finally {
      reloadButton.disabled = false;
    }
    await refresh();
  });
  refreshButton.addEventListener('click', refresh);

  await refresh();
  timer = window.setInterval(() => {
    if (!confirming()) {
      refresh();
    }
  }, REFRESH_MS);
  return () => {
    left = true;
    window.clearInterval(timer);
  };
}
