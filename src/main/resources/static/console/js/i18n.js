// The console's two languages. Each module registers its own strings, { vi: {...}, en: {...} };
// t(key, params) looks the key up in the current language, then in Vietnamese, then shows the key.
const dictionaries = { vi: {}, en: {} };
const listeners = [];
const STORAGE_KEY = 'lgsp.console.lang';

export const LANGUAGES = ['vi', 'en'];

let current = initialLanguage();

function initialLanguage() {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  if (LANGUAGES.includes(stored)) {
    return stored;
  }
  return (navigator.language || 'vi').toLowerCase().startsWith('en') ? 'en' : 'vi';
}

export function register(strings) {
  for (const lang of LANGUAGES) {
    Object.assign(dictionaries[lang], strings[lang] || {});
  }
}

export function lang() {
  return current;
}

/** BCP 47 tag for number and date formatting. */
export function locale() {
  return current === 'vi' ? 'vi-VN' : 'en-GB';
}

export function setLang(next) {
  if (!LANGUAGES.includes(next) || next === current) {
    return;
  }
  current = next;
  window.localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  listeners.forEach((listener) => listener(next));
}

export function onLangChange(listener) {
  listeners.push(listener);
}

export function t(key, params = {}) {
  const text = dictionaries[current][key] ?? dictionaries.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** Intl formatters are costly to make: one per language and kind, made when first used. */
const formatters = new Map();

function formatter(kind, make) {
  const key = `${current}:${kind}`;
  if (!formatters.has(key)) {
    formatters.set(key, make(locale()));
  }
  return formatters.get(key);
}

export function formatNumber(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '–';
  }
  return formatter(`number:${digits}`, (tag) => new Intl.NumberFormat(tag,
    { maximumFractionDigits: digits, minimumFractionDigits: digits })).format(value);
}

export function formatPercent(ratio, digits = 1) {
  if (ratio === null || ratio === undefined) {
    return '–';
  }
  return formatter(`percent:${digits}`, (tag) => new Intl.NumberFormat(tag,
    { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits })).format(ratio);
}

export function formatInstant(iso) {
  if (!iso) {
    return '–';
  }
  return formatter('instant', (tag) => new Intl.DateTimeFormat(tag,
    { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Asia/Ho_Chi_Minh' })).format(new Date(iso));
}

document.documentElement.lang = current;
