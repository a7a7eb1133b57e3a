// Every operation the client sends, with why sending it again is safe. The client retries only
// what may succeed on a second try (network failures, timeouts, 429, 5xx, the core's retryable
// codes: see the core's ApiFailure::retryable) and always with the same body, re-signed. Whether
// that is safe depends on the operation; this table is the reason, per operation, and the README
// shows it. `encrypts`: the builder may encrypt a field with a platform key (the client lends its
// key set unless the call gives one).

export const OPERATIONS = Object.freeze([
  // ---- profit sharing (分账) ----
  op('profitSharing', 'addReceiver', 'POST', 'idempotent: adding a receiver that is already added answers success again, nothing is added twice', true),
  op('profitSharing', 'deleteReceiver', 'POST', 'idempotent: deleting a receiver that is gone answers success again'),
  op('profitSharing', 'createOrder', 'POST', 'deduplicated: WeChat Pay treats a repeated out_order_no with the same receivers as the same split and answers with it', true),
  op('profitSharing', 'queryOrder', 'GET', 'read only'),
  op('profitSharing', 'createReturnOrder', 'POST', 'deduplicated: a repeated out_return_no is the same return (a different amount is refused, never applied twice)'),
  op('profitSharing', 'queryReturnOrder', 'GET', 'read only'),
  op('profitSharing', 'finishOrder', 'POST', 'deduplicated: a repeated out_order_no is the same finish; an order already finished is never unfrozen twice'),
  op('profitSharing', 'queryAmounts', 'GET', 'read only'),
  op('profitSharing', 'createAfterSalesOrder', 'POST', 'deduplicated: a repeated refund_id with the same body is the same after-sales split'),
  op('profitSharing', 'queryAfterSalesOrder', 'GET', 'read only'),
  op('profitSharing', 'bill', 'GET', 'read only'),
  // ---- Payscore (acquiring bank) ----
  op('payScore', 'createServiceOrder', 'POST', 'deduplicated: a repeated out_order_no with the same body answers with the order made the first time (订单重入)'),
  op('payScore', 'queryServiceOrder', 'GET', 'read only'),
  op('payScore', 'cancelServiceOrder', 'POST', 'state-guarded: only an open order can be cancelled, so a second cancel never applies; when a retry after a lost answer is refused, the client queries the order and answers recovered: true if it is REVOKED (needs service_id)'),
  op('payScore', 'completeServiceOrder', 'POST', 'state-guarded: only a DOING order can be completed, so the amount is never charged twice; when a retry after a lost answer is refused, the client queries the order and answers recovered: true if it is completed at the asked amount'),
  op('payScore', 'registerDeductInfo', 'POST', 'safe to repeat: it records out_trade_no for the order, and a deduction number charges once at the clearing institution however often it is registered; when a retry after a lost answer is refused, the client queries the deduction and answers recovered: true if the same out_trade_no is registered'),
  op('payScore', 'queryDeduction', 'GET', 'read only'),
  op('payScore', 'modifyServiceOrder', 'POST', 'idempotent: sets the amounts to the values in the body; the same body twice sets the same amounts'),
  op('payScore', 'syncServiceOrder', 'POST', 'idempotent: reports the same offline payment again (same paid time), the order state does not move twice'),
  op('payScore', 'applyPermissions', 'POST', 'deduplicated: a repeated authorization_code with the same body answers with the same pre-authorization'),
  op('payScore', 'queryPermissions', 'GET', 'read only'),
  op('payScore', 'terminatePermissions', 'POST', 'state-guarded: only an open authorization can be ended; a second end is refused, never applied twice; when a retry after a lost answer is refused, the client queries the authorization and answers recovered: true if it is UNAVAILABLE'),
  op('payScore', 'createPayOnDeliveryOrder', 'POST', 'deduplicated: a repeated out_order_no with the same body answers with the order made the first time'),
]);

function op(namespace, name, method, retrySafe, encrypts = false) {
  return Object.freeze({ namespace, name, method, retrySafe, encrypts });
}
