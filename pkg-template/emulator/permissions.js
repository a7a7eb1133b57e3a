// Payscore user authorization for acquiring institutions (/v3/payscore/acquiringbank/permissions…):
// pre-authorize (→ apply_permissions_token), query and terminate by authorization_code, and the
// PAYSCORE.USER_OPEN_SERVICE / USER_CLOSE_SERVICE notifications to the pre-authorization's
// notify_url. Every request rule comes from the package's builders; the states are the query
// page's authorization_state (UNBINDUSER until a user authorizes, AVAILABLE, UNAVAILABLE).
// /_emulator hooks play the user (authorize, revoke in WeChat).
import { apiError, payscoreTime, rfc3339 } from './protocol.js';
import { validated, rejectFields, requireObject, queryObject, canonical, notFound } from './common.js';

const BASE = '/v3/payscore/acquiringbank/permissions';
const NOT_FOUND = () => notFound('ORDER_NOT_EXIST', '授权记录不存在');
// The pages' business error for an operation the record's state does not allow (4012461012, 2025.04.22).
const BAD_STATE = (state) => apiError(400, 'INVALID_ORDER_STATE', '单据状态错误', { location: 'path', field: 'authorization_code', issue: `the authorization is ${state}` });

export function createPermissions(ctx) {
  const { wx, store } = ctx;
  const WIRE = ['service_id', 'appid', 'mchid', 'openid', 'sub_openid', 'authorization_code', 'authorization_state', 'notify_url', 'cancel_authorization_time', 'authorization_success_time', 'sub_mchid', 'sub_appid', 'channel_id'];
  const view = (p) => Object.fromEntries(WIRE.filter((n) => p[n] !== undefined).map((n) => [n, p[n]]));
  const save = (p) => store.put('payscorePermission', p.authorization_code, p);

  function load(code, { service_id, channel_id, sub_mchid } = {}) {
    const p = store.get('payscorePermission', code);
    if (!p) throw NOT_FOUND();
    if ((service_id !== undefined && p.service_id !== service_id) || (channel_id !== undefined && p.channel_id !== channel_id) || (sub_mchid !== undefined && p.sub_mchid !== sub_mchid)) {
      throw NOT_FOUND();
    }
    return p;
  }

  function notify(p, eventType, summary) {
    // notify_url is optional on the pre-authorization (4012691489): without it nothing is sent.
    if (!p.notify_url) return;
    const open = eventType === 'PAYSCORE.USER_OPEN_SERVICE';
    ctx.notifier.enqueue({
      url: p.notify_url,
      eventType,
      summary,
      originalType: 'payscore',
      associatedData: 'payscore',
      payload: {
        ...Object.fromEntries(['appid', 'mchid', 'sub_appid', 'sub_mchid', 'channel_id', 'service_id', 'openid', 'sub_openid', 'authorization_code'].filter((n) => p[n] !== undefined).map((n) => [n, p[n]])),
        user_service_status: open ? 'USER_OPEN_SERVICE' : 'USER_CLOSE_SERVICE',
        openorclose_time: payscoreTime(Date.parse(open ? p.authorization_success_time : p.cancel_authorization_time)),
      },
      apiV3Key: ctx.keys.apiV3Key,
      fault: ctx.takeNotificationFault(),
    });
  }

  // ---- API ------------------------------------------------------------------

  function apply({ body, caller }) {
    const b = requireObject(body);
    validated((i) => wx.payScore.applyPermissions(i), b);
    const key = canonical(b);
    const existing = store.get('payscorePermission', b.authorization_code);
    if (existing) {
      // "多个用户授权不能重复使用同一授权协议号" (4012691489): the same request again gets the same token.
      if (existing.request_key !== key) throw apiError(400, 'INVALID_REQUEST', '授权协议号已被使用', { location: 'body', field: 'authorization_code', issue: 'same authorization_code with different parameters' });
      return { status: 200, body: { apply_permissions_token: existing.token } };
    }
    const p = {
      ...b,
      mchid: caller.mchid,
      authorization_state: 'UNBINDUSER',
      token: `APT_${Buffer.from(b.authorization_code).toString('base64url')}_${ctx.ids.serviceOrder()}`,
      request_key: key,
    };
    save(p);
    return { status: 200, body: { apply_permissions_token: p.token } };
  }

  function query({ params, query: q }) {
    const input = { ...queryObject(q, ['service_id', 'channel_id', 'sub_mchid']), authorization_code: decodeURIComponent(params.authorization_code) };
    validated((i) => wx.payScore.queryPermissions(i), input);
    return { status: 200, body: view(load(input.authorization_code, input)) };
  }

  function terminate({ params, body }) {
    const b = requireObject(body);
    rejectFields(b, ['authorization_code']);
    const authorization_code = decodeURIComponent(params.authorization_code);
    validated((i) => wx.payScore.terminatePermissions(i), { ...b, authorization_code });
    const p = load(authorization_code, b);
    if (p.authorization_state !== 'AVAILABLE') throw BAD_STATE(p.authorization_state);
    close(p, b.reason);
    return { status: 204 };
  }

  function close(p, reason) {
    store.batch(() => {
      p.authorization_state = 'UNAVAILABLE';
      p.cancel_authorization_time = rfc3339(Date.now());
      if (reason !== undefined) p.terminate_reason = reason;
      save(p);
      notify(p, 'PAYSCORE.USER_CLOSE_SERVICE', '解除授权成功');
    });
  }

  // ---- hooks: the user's side -------------------------------------------------

  function hookAuthorize(code, input) {
    const b = input && typeof input === 'object' ? input : {};
    const p = load(code);
    if (p.authorization_state === 'AVAILABLE') throw apiError(409, 'INVALID_STATE', 'the user has already authorized this authorization_code');
    if (p.authorization_state === 'UNAVAILABLE') throw apiError(409, 'INVALID_STATE', 'this authorization ended; pre-authorize with a new authorization_code');
    store.batch(() => {
      p.authorization_state = 'AVAILABLE';
      p.openid = b.openid ?? p.openid ?? `oEmu${Buffer.from(code).toString('hex').slice(0, 24)}`;
      p.authorization_success_time = rfc3339(Date.now());
      save(p);
      notify(p, 'PAYSCORE.USER_OPEN_SERVICE', '授权成功');
    });
    return { permission: view(p) };
  }

  function hookRevoke(code) {
    const p = load(code);
    if (p.authorization_state !== 'AVAILABLE') throw apiError(409, 'INVALID_STATE', `the authorization is ${p.authorization_state}; only AVAILABLE can be revoked`);
    close(p);
    return { permission: view(p) };
  }

  return {
    routes: [
      ['POST', BASE, apply],
      ['GET', `${BASE}/authorization-code/:authorization_code`, query],
      ['POST', `${BASE}/authorization-code/:authorization_code/terminate`, terminate],
    ],
    hooks: { authorize: hookAuthorize, revoke: hookRevoke },
    permissions: () => store.all('payscorePermission').map(view),
  };
}
