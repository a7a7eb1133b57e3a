// wechatpay-edge/webhooks (browser): exactly-once notification processing on a transactional store.
import { ack, nack, profitSharing, payScore } from '../entry/browser.js';
import { createWebhooks } from './core.js';
import { createEventsFromQuery, createReconcile } from './reconcile.js';

export { d1Store, durableObjectStore, onceInDurableObject, serveOnce, sqlStore, sqlJsDatabase, markerTableSql, DEFAULT_TABLE } from './core.js';
export const { handleOnce } = createWebhooks({ ack, nack });
export const eventsFromQuery = createEventsFromQuery({ profitSharing, payScore });
export const reconcile = createReconcile(eventsFromQuery);
