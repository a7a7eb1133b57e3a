// Helpers shared by the emulated API families.
import { apiError } from './protocol.js';

/** The builder's validation as WeChat's 400 PARAM_ERROR; `messages` maps issue codes to WeChat messages. */
export function validated(build, input, messages = {}) {
  // `extra` is the builders' pass-through option, never a wire field.
  rejectFields(input, ['extra']);
  try {
    return build(input);
  } catch (err) {
    if (err && err.code === 'ERR_WXPAY_VALIDATION' && Array.isArray(err.issues)) throw paramError(err.issues, messages);
    throw err;
  }
}

/** Builder option names → what the caller actually sent on the wire. */
const WIRE_NAMES = [
  [/receiver_name_encrypted/g, 'receiver_name'],
  [/^wechatpay_serial$/, 'Wechatpay-Serial'],
  [/^context\./, ''],
];
const wireName = (path) => WIRE_NAMES.reduce((p, [re, to]) => p.replace(re, to), String(path));

export function paramError(rawIssues, messages = {}) {
  const issues = rawIssues.map((i) => ({ ...i, path: wireName(i.path), message: String(i.message).replace(/receiver_name_encrypted/g, 'receiver_name') }));
  const known = issues.find((i) => messages[i.code]);
  const first = known ?? issues[0];
  const m = messages[first.code];
  const status = m && m.status ? m.status : 400;
  const code = m && m.code ? m.code : 'PARAM_ERROR';
  const message = m ? (typeof m === 'string' ? m : m.message) : `参数错误：${first.path} ${first.message}`;
  const detail = { location: first.path === 'Wechatpay-Serial' ? 'header' : 'body', field: first.path, issue: first.message };
  if (issues.length > 1) detail.issues = issues;
  return apiError(status, code, message, detail, m && m.numeric);
}

/** Fields that are builder conveniences, never on the wire: a request carrying them is malformed. */
export function rejectFields(obj, names, where = '') {
  if (!obj || typeof obj !== 'object') return;
  for (const n of names) {
    if (Object.prototype.hasOwnProperty.call(obj, n)) {
      throw apiError(400, 'PARAM_ERROR', `参数错误：${where}${n} 不是接口字段`, { location: 'body', field: `${where}${n}`, issue: 'unknown field' });
    }
  }
}

export function requireObject(body) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw apiError(400, 'PARAM_ERROR', '参数错误：请求体必须是JSON对象', { location: 'body', issue: 'the body must be a JSON object' });
  }
  return body;
}

export const queryObject = (params, names) => {
  const o = {};
  for (const n of names) if (params.has(n)) o[n] = params.get(n);
  return o;
};

/** Canonical JSON (sorted keys) for "same request" comparisons. */
export function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export const notFound = (code, message, numeric) => apiError(404, code, message, undefined, numeric);

/**
 * Every path parameter and every query name and value must percent-decode (decodeURIComponent;
 * `+` is a space in the query): a malformed escape (`%`, `%E4%B8`, `%ZZ`) is WeChat's 400
 * PARAM_ERROR naming the parameter, not an exception later in a handler.
 * @param {Record<string, string>} params the route's raw (still encoded) path parameters
 * @param {string} rawQuery the query string after `?`
 */
export function checkEscapes(params = {}, rawQuery = '') {
  for (const [name, value] of Object.entries(params)) {
    if (!decodes(value)) throw badEscape('path', name, value);
  }
  if (!rawQuery) return;
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    if (!decodes(name)) throw badEscape('query', name, name);
    if (!decodes(value)) throw badEscape('query', decodeURIComponent(name.replace(/\+/g, ' ')), value);
  }
}

function decodes(s) {
  try {
    decodeURIComponent(s.replace(/\+/g, ' '));
    return true;
  } catch {
    return false;
  }
}

const badEscape = (location, field, raw) =>
  apiError(400, 'PARAM_ERROR', `参数错误：${field} 的百分号编码不合法`, {
    location,
    field,
    issue: `malformed percent-encoding in ${JSON.stringify(raw.length > 64 ? `${raw.slice(0, 64)}…` : raw)}`,
  });
