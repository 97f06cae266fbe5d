// The console's shell: session, navigation by role, language switch and a hash router that loads
// each page's module on demand. A page module's default export is render(main, ctx), where ctx is
// { params, path, session, navigate }; it resolves once the page's first data is drawn, and may
// return a function called when the page is left. A module may also export prefetch(params), which
// the shell calls while it asks for the session, to start the page's first request sooner.
import * as api from './api.js';
import { register, t, lang, setLang, onLangChange } from './i18n.js';
import { h, clear, heading, field, problemBox, notify } from './ui.js';

register({
  vi: {
    'app.skip': 'Bỏ qua, tới nội dung',
    'app.language': 'Ngôn ngữ',
    'app.menu': 'Menu',
    'app.signOut': 'Đăng xuất',
    'app.signedInAs': 'Đăng nhập: {client} ({roles})',
    'app.signIn.title': 'Đăng nhập',
    'app.signIn.intro': 'Nhập khóa API của bạn. Khóa chỉ được gửi một lần; phiên làm việc hết hạn khi không hoạt động.',
    'app.signIn.key': 'Khóa API',
    'app.signIn.submit': 'Đăng nhập',
    'app.signIn.required': 'Hãy nhập khóa API.',
    'app.signIn.or': 'hoặc',
    'app.signIn.provider': 'Đăng nhập qua {name}',
    'app.signIn.providerIntro': 'Tài khoản của bạn tại {name} mở phiên làm việc với vai trò mà tổ chức đã cấp cho bạn.',
    'app.signIn.denied': 'Đăng nhập qua nhà cung cấp định danh đã bị từ chối hoặc bị hủy.',
    'app.signIn.expired': 'Lần đăng nhập đó đã quá hạn hoặc được bắt đầu ở cửa sổ khác. Hãy đăng nhập lại.',
    'app.signIn.refused': 'Nhà cung cấp định danh đã xác nhận bạn, nhưng mã truy cập của bạn không mở được hệ thống này (thiếu mã ứng dụng, sai đối tượng, hoặc hết hạn). Hãy liên hệ quản trị viên.',
    'app.signIn.failed': 'Không nhận được mã truy cập từ nhà cung cấp định danh. Hãy thử lại sau.',
    'app.signedOut': 'Bạn đã đăng xuất.',
    'app.expired': 'Phiên làm việc đã hết hạn. Hãy đăng nhập lại.',
    'app.forbidden.title': 'Không có quyền',
    'app.forbidden.text': 'Vai trò của bạn không được mở trang này.',
    'app.notFound.title': 'Không tìm thấy trang',
    'nav.dashboard': 'Tổng quan tái sử dụng',
    'nav.routes': 'Tuyến',
    'nav.sources': 'Nguồn dữ liệu',
    'nav.catalogues': 'Danh mục mã',
    'nav.dead-letters': 'Thư lỗi',
    'nav.audit': 'Nhật ký quản trị',
    'nav.health': 'Tình trạng',
    'nav.fixtures': 'Dữ liệu mẫu',
    'nav.try': 'Thử tra cứu',
  },
  en: {
    'app.skip': 'Skip to content',
    'app.language': 'Language',
    'app.menu': 'Menu',
    'app.signOut': 'Sign out',
    'app.signedInAs': 'Signed in: {client} ({roles})',
    'app.signIn.title': 'Sign in',
    'app.signIn.intro': 'Enter your API key. It is sent once; the session ends when left idle.',
    'app.signIn.key': 'API key',
    'app.signIn.submit': 'Sign in',
    'app.signIn.required': 'Enter an API key.',
    'app.signIn.or': 'or',
    'app.signIn.provider': 'Sign in with {name}',
    'app.signIn.providerIntro': 'Your account at {name} opens a session with the roles your organisation gave you.',
    'app.signIn.denied': 'The sign-in at the identity provider was refused or cancelled.',
    'app.signIn.expired': 'That sign-in took too long or was started in another window. Sign in again.',
    'app.signIn.refused': 'The identity provider knows you, but your access token does not open this hub (no client id, another audience, or expired). Ask an administrator.',
    'app.signIn.failed': 'No access token came from the identity provider. Try again later.',
    'app.signedOut': 'You are signed out.',
    'app.expired': 'Your session has ended. Sign in again.',
    'app.forbidden.title': 'Not allowed',
    'app.forbidden.text': 'Your role does not open this page.',
    'app.notFound.title': 'No such page',
    'nav.dashboard': 'Reuse dashboard',
    'nav.routes': 'Routes',
    'nav.sources': 'Sources',
    'nav.catalogues': 'Catalogues',
    'nav.dead-letters': 'Dead letters',
    'nav.audit': 'Audit trail',
    'nav.health': 'Health',
    'nav.fixtures': 'Fixtures',
    'nav.try': 'Try a lookup',
  },
});

const AUDIT_ROLES = ['AUDITOR', 'ADMIN'];

/** Every page: its id (the hash path), who may open it, its module. */
export const PAGES = [
  { id: 'dashboard', roles: AUDIT_ROLES, load: () => import('./pages/dashboard.js') },
  { id: 'routes', roles: ['ADMIN'], load: () => import('./pages/routes.js') },
  { id: 'sources', roles: ['ADMIN'], load: () => import('./pages/sources.js') },
  { id: 'catalogues', roles: ['ADMIN'], load: () => import('./pages/catalogues.js') },
  { id: 'dead-letters', roles: ['ADMIN'], load: () => import('./pages/dead-letters.js') },
  { id: 'audit', roles: ['ADMIN'], load: () => import('./pages/audit.js') },
  { id: 'health', roles: ['ADMIN'], load: () => import('./pages/health.js') },
  { id: 'fixtures', roles: ['CLIENT', 'AUDITOR', 'ADMIN'], load: () => import('./pages/fixtures.js') },
  { id: 'try', roles: ['CLIENT'], load: () => import('./pages/try.js') },
];

const main = document.getElementById('main');
let session = null;
let leavePage = null;
let pendingNotice = null;
let signInOptions = { apiKey: true, oauth2: null };

function allowed(page) {
  return session && page.roles.some((role) => session.roles.includes(role));
}

function parseHash() {
  const hash = window.location.hash.replace(/^#\/?/, '');
  const [pathPart, queryPart] = hash.split('?');
  const path = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  return { path, params: new URLSearchParams(queryPart || '') };
}

export function navigate(pageId, params = {}) {
  const search = api.query(params);
  const target = `#/${pageId}${search}`;
  if (window.location.hash === target) {
    route();
  } else {
    window.location.hash = target;
  }
}

function renderShell() {
  document.getElementById('skip-link').textContent = t('app.skip');
  document.getElementById('lang-label').textContent = t('app.language');
  document.getElementById('lang-select').value = lang();
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('app.menu'));
  const current = parseHash().path[0];
  clear(nav, session ? h('ul', {}, PAGES.filter(allowed).map((page) => h('li', {},
    h('a', { href: `#/${page.id}`, 'aria-current': page.id === current ? 'page' : null, id: `nav-${page.id}` },
      t(`nav.${page.id}`))))) : null);
  const signOut = document.getElementById('sign-out');
  signOut.textContent = t('app.signOut');
  signOut.hidden = !session;
  document.getElementById('who').textContent = session
    ? t('app.signedInAs', { client: session.client, roles: session.roles.join(', ') }) : '';
}

function firstPage() {
  const page = PAGES.find(allowed);
  return page ? page.id : null;
}

async function route() {
  if (leavePage) {
    leavePage();
    leavePage = null;
  }
  renderShell();
  if (!session) {
    renderSignIn();
    return;
  }
  const { path, params } = parseHash();
  if (path.length === 0) {
    const first = firstPage();
    if (first) {
      navigate(first);
      return;
    }
  }
  const page = PAGES.find((p) => p.id === path[0]);
  if (!page) {
    clear(main, heading(t('app.notFound.title')));
  } else if (!allowed(page)) {
    clear(main, heading(t('app.forbidden.title')), h('p', { class: 'forbidden' }, t('app.forbidden.text')));
  } else {
    document.title = `${t(`nav.${page.id}`)} · LGSP Hub`;
    const module = await page.load();
    clear(main);
    delete main.dataset.renderedMs;
    main.dataset.page = page.id;
    const leave = await module.default(main, { params, path: path.slice(1), session, navigate });
    leavePage = typeof leave === 'function' ? leave : null;
    // when the page's first data is drawn (its render resolves then): read by tests and bench/console.sh
    main.dataset.renderedMs = String(Math.round(performance.now()));
  }
  const title = main.querySelector('h1');
  (title || main).focus();
}

function renderSignIn() {
  document.title = `${t('app.signIn.title')} · LGSP Hub`;
  const key = h('input', { type: 'password', name: 'apiKey', autocomplete: 'current-password', required: true,
    id: 'sign-in-key' });
  const keyField = field(t('app.signIn.key'), key);
  const result = h('div', { id: 'sign-in-result' });
  const form = h('form', { class: 'sign-in', id: 'sign-in-form', novalidate: true },
    keyField, h('button', { type: 'submit', class: 'primary', id: 'sign-in-submit' }, t('app.signIn.submit')), result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(result);
    if (!key.value) {
      keyField.setError(t('app.signIn.required'));
      key.focus();
      return;
    }
    keyField.setError(null);
    try {
      const started = await api.post('/console/session', { apiKey: key.value });
      key.value = '';
      startSession(started);
      route();
    } catch (error) {
      clear(result, problemBox(error));
      key.select();
    }
  });
  clear(main, heading(t('app.signIn.title')),
    pendingNotice ? h('p', { class: 'notice-inline', role: 'status', id: 'sign-in-notice' }, pendingNotice) : null,
    h('p', {}, t('app.signIn.intro')), form, providerSignIn());
  pendingNotice = null;
  key.focus();
}

/**
 * The identity provider's sign-in, when the hub offers one: a link to its authorization path, which
 * sends the browser to the provider and back signed in, at the page the address names now.
 */
function providerSignIn() {
  const provider = signInOptions.oauth2;
  if (!provider) {
    return null;
  }
  const back = /^#\/[A-Za-z0-9/?&=._:%,-]{0,256}$/.test(window.location.hash) ? window.location.hash : '';
  const href = provider.path + api.query({ return: back });
  return h('div', { class: 'sign-in-provider', id: 'sign-in-provider' },
    h('p', { class: 'sign-in-or' }, t('app.signIn.or')),
    h('p', {}, t('app.signIn.providerIntro', { name: provider.name })),
    h('a', { class: 'button primary', id: 'sign-in-oauth2', href }, t('app.signIn.provider', { name: provider.name })));
}

/** What the address says of an identity provider's sign-in that came back without a session (?sign-in=…). */
function providerOutcome() {
  const url = new URL(window.location.href);
  const reason = url.searchParams.get('sign-in');
  if (!reason) {
    return null;
  }
  url.searchParams.delete('sign-in');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  return ['denied', 'expired', 'refused', 'failed'].includes(reason) ? t(`app.signIn.${reason}`) : null;
}

function startSession(started) {
  session = started;
  api.useSession(session);
}

function sessionEnded() {
  if (!session) {
    return;
  }
  session = null;
  api.useSession(null);
  pendingNotice = t('app.expired');
  route();
}

async function signOut() {
  try {
    await api.del('/console/session');
  } catch (error) {
    // the session had already ended: signed out either way
  }
  session = null;
  api.useSession(null);
  pendingNotice = t('app.signedOut');
  notify(t('app.signedOut'));
  route();
}

async function boot() {
  api.useSession(null, sessionEnded);
  document.getElementById('lang-select').addEventListener('change', (event) => setLang(event.target.value));
  document.getElementById('sign-out').addEventListener('click', signOut);
  onLangChange(() => route());
  window.addEventListener('hashchange', route);
  // the page the address names, and its first data if it says how (prefetch), are asked for while the
  // session is: an import is fetched once, and the page finds its request in flight
  const named = PAGES.find((p) => p.id === parseHash().path[0]);
  if (named) {
    named.load().then((module) => module.prefetch && module.prefetch(parseHash().params)).catch(() => {});
  }
  const options = api.get('/console/sign-in-options').catch(() => null);
  pendingNotice = providerOutcome();
  try {
    startSession(await api.get('/console/session'));
  } catch (error) {
    session = null;
  }
  signInOptions = (await options) || signInOptions;
  route();
}

boot();
