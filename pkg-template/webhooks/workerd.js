// wechatpay-edge/webhooks (workerd): exactly-once notification processing on a transactional store.
import { ack, nack } from '../entry/workerd.js';
import { createWebhooks } from './core.js';

export { d1Store, durableObjectStore, onceInDurableObject, serveOnce, sqlStore, sqlJsDatabase, markerTableSql, DEFAULT_TABLE } from './core.js';
export { reconcile, eventsFromQuery } from './reconcile.js';
export const { handleOnce } = createWebhooks({ ack, nack });
