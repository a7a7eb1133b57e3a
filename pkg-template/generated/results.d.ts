// Generated from the Rust core by `cargo run --example gen-contracts` (tests/contracts/generate.rs). Do not edit: change the core and regenerate; `cargo test --test contracts` fails while this file differs.

import type { ProfitSharingReceiverType, RiskFundName, SplitPolicy } from './inputs.js';
import type { ViolationCodeName } from './constants.js';

/** Keeps autocomplete for the known values while accepting the ones WeChat Pay adds later (the core keeps them as sent). */
type Open<T extends string> = T | (string & {});

/**
 * `state`.
 *
 * Fields of this type are open (`Open<…>`): a value this version does not know is kept as sent.
 */
export type PayscoreOrderState = 'CREATED' | 'DOING' | 'DONE' | 'REVOKED' | 'EXPIRED';

/**
 * `state_description`, present while `DOING`.
 *
 * Fields of this type are open (`Open<…>`): a value this version does not know is kept as sent.
 */
export type PayscoreStateDescription = 'USER_CONFIRM' | 'MCH_COMPLETE';

/**
 * `collection.state`.
 *
 * Fields of this type are open (`Open<…>`): a value this version does not know is kept as sent.
 */
export type PayscoreCollectionState = 'USER_PAYING' | 'USER_PAID';

/**
 * `authorization_state`. The acquiring-bank query page folds the values; these are the
 * partner page's (get-partner-permissions-by-code, 2025.02.25), kept open.
 *
 * Fields of this type are open (`Open<…>`): a value this version does not know is kept as sent.
 */
export type PayscoreAuthorizationState = 'AVAILABLE' | 'UNAVAILABLE' | 'UNBINDUSER';

/** Something a caller can do with an existing order. */
export type PayscoreOperation = 'query' | 'cancel' | 'complete' | 'modify' | 'sync' | 'register_deduct_info' | 'query_deduction' | 'refund';

/** The receiver as WeChat Pay echoes it after add or delete. */
export interface ReceiverEcho {
  type: Open<ProfitSharingReceiverType>;
  account: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** 平台接收异常资金商户号. */
export interface FundsAbnormalReceiver {
  mchid?: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** One receiver's outcome. Only `result == SUCCESS` means the money arrived. */
export interface OrderReceiver {
  /** Fen. */
  amount: number;
  description?: string;
  result?: Open<'PENDING' | 'SUCCESS' | 'CLOSED' | 'ADJUST' | 'RETURNED'>;
  finish_time?: string;
  fail_reason?: Open<'ACCOUNT_ABNORMAL' | 'NO_RELATION' | 'RECEIVER_HIGH_RISK' | 'RECEIVER_REAL_NAME_NOT_VERIFIED' | 'NO_AUTH' | 'RECEIVER_RECEIPT_LIMIT' | 'PAYER_ACCOUNT_ABNORMAL' | 'INVALID_REQUEST'>;
  type?: Open<ProfitSharingReceiverType>;
  receiver_account?: string;
  /** Legacy (query only). */
  receiver_mchid?: string;
  /** 分账明细单号: matches the fund bill. */
  detail_id?: string;
  abnormal_status?: string;
  funds_abnormal_closed_reason?: string;
  funds_abnormal_redirect_id?: string;
  funds_abnormal_receivers?: FundsAbnormalReceiver[];
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

export interface OrderResult {
  sub_mchid: string;
  transaction_id: string;
  out_order_no: string;
  /** 微信分账单号. */
  order_id: string;
  /**
   * `PROCESSING` / `FINISHED`: processing ended, not that money arrived;
   * look at each receiver's `result`.
   */
  status?: Open<'PROCESSING' | 'FINISHED' | 'ACCEPTED' | 'CLOSED'>;
  /** Absent when querying a finish operation; then empty. */
  receivers: OrderReceiver[];
  /** Legacy: `NO_AUTH` when status was `CLOSED`. */
  close_reason?: string;
  /** Only when querying a finish-order: fen unfrozen to the sub-merchant. */
  finish_amount?: number;
  finish_description?: string;
  /** 2025 additions whose semantics are unconfirmed: kept as strings. */
  abnormal_status?: string;
  funds_abnormal_closed_reason?: string;
  funds_abnormal_redirect_id?: string;
  funds_abnormal_receivers?: FundsAbnormalReceiver[];
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** A split return as answered by create and query. */
export interface ReturnOrderResult {
  sub_mchid: string;
  order_id?: string;
  out_order_no?: string;
  out_return_no: string;
  return_mchid: string;
  /** Fen. */
  amount: number;
  /** 微信回退单号. */
  return_no?: string;
  /** `PROCESSING` / `SUCCESS` / `FAILED` (legacy `FAIL` is read as `FAILED`). */
  result: Open<'PROCESSING' | 'SUCCESS' | 'FAILED'>;
  fail_reason?: Open<'ACCOUNT_ABNORMAL' | 'TIME_OUT_CLOSED' | 'PAYER_ACCOUNT_ABNORMAL' | 'INVALID_REQUEST'>;
  finish_time?: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** 200 body of finish-order: identifiers only. */
export interface FinishOrderResult {
  sub_mchid: string;
  transaction_id: string;
  out_order_no: string;
  order_id: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

export interface AmountsResult {
  transaction_id: string;
  /** 订单剩余待分金额, fen. */
  unsplit_amount: number;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** An after-sales split as answered by create (ids and amount) and query (also the outcome). */
export interface AfterSalesOrderResult {
  sub_mchid: string;
  transaction_id: string;
  /** Fen. */
  amount: number;
  /** Query only: `PROCESSING`, or final `SUCCESS` / `FAILED`. */
  result?: Open<'PROCESSING' | 'SUCCESS' | 'FAILED'>;
  /** Query only, when FAILED: `ACCOUNT_ABNORMAL`, `NO_RELATION`, `RECEIVER_HIGH_RISK` (wechatpay-java QueryAfterSalesOrderResponse). */
  fail_reason?: Open<'ACCOUNT_ABNORMAL' | 'NO_RELATION' | 'RECEIVER_HIGH_RISK' | 'RECEIVER_REAL_NAME_NOT_VERIFIED' | 'NO_AUTH' | 'RECEIVER_RECEIPT_LIMIT' | 'PAYER_ACCOUNT_ABNORMAL' | 'INVALID_REQUEST'>;
  /** Query only: RFC 3339. */
  finish_time?: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** The answer: where to download (30 s) and the digest of the bill after gunzip. */
export interface ProfitSharingBillResult {
  download_url: string;
  /** `SHA1` (the only documented value; kept as given). */
  hash_type: string;
  hash_value: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** One receiver's movement. */
export interface NotifiedReceiver {
  type?: Open<ProfitSharingReceiverType>;
  account: string;
  /** Fen, whether it arrived as a number or a digit string. */
  amount: number;
  description?: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/**
 * A normalised notification. Field names are the API's; `kind`, `event_type`,
 * `summary` and `idempotency_key` are added from the envelope.
 */
export interface ProfitSharingNotificationData {
  kind: 'split' | 'return';
  /** As received in the envelope. */
  event_type: string;
  /** As received in the envelope. */
  summary: string;
  /** Direct mode: the merchant that started and paid the split. */
  mchid?: string;
  /** Service-provider / platform that started the split. */
  sp_mchid?: string;
  /** The paying (second-level) merchant. */
  sub_mchid?: string;
  transaction_id: string;
  /** 微信分账单号 for a split, 微信回退单号 for a return. */
  order_id: string;
  /** The payer's out_order_no for a split, out_return_no for a return. */
  out_order_no: string;
  /** Always at least one, whichever shape arrived. */
  receivers: NotifiedReceiver[];
  success_time?: string;
  /**
   * Stable across redeliveries: `merchant|order_id|accounts|KIND`, each piece percent-encoded
   * (see `ProfitSharingNotification::idempotency_key`).
   */
  idempotency_key: string;
  /** Payload fields this version does not know, kept verbatim. */
  [extra: string]: unknown;
}

/** `post_payments[]` as returned. */
export interface PayscoreOrderPayment {
  name?: string;
  amount?: number;
  description?: string;
  count?: number;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** `post_discounts[]` as returned. */
export interface PayscoreOrderDiscount {
  name?: string;
  description?: string;
  amount?: number;
  count?: number;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** `risk_fund` as returned. */
export interface PayscoreOrderRiskFund {
  name?: Open<RiskFundName>;
  amount?: number;
  description?: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** `time_range` as returned (strings kept as sent). */
export interface PayscoreOrderTimeRange {
  start_time?: string;
  start_time_remark?: string;
  end_time?: string;
  end_time_remark?: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** `location` as returned. */
export interface PayscoreOrderLocation {
  start_location?: string;
  end_location?: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** `collection.details[].promotion_detail[].goods_detail[]`. */
export interface PayscoreGoodsDetail {
  goods_id?: string;
  quantity?: number;
  unit_price?: number;
  discount_amount?: number;
  goods_remark?: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** `collection.details[].promotion_detail[]` (coupons applied to a payment). */
export interface PayscorePromotionDetail {
  coupon_id?: string;
  name?: string;
  /** `GLOBAL` / `SINGLE`. */
  scope?: string;
  /** `CASH` / `NOCASH`. */
  type?: string;
  amount?: number;
  stock_id?: string;
  wechatpay_contribute?: number;
  merchant_contribute?: number;
  other_contribute?: number;
  currency?: string;
  goods_detail?: PayscoreGoodsDetail[];
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** One collected payment (`collection.details[]`); several for partial collections. */
export interface PayscoreCollectionDetail {
  seq?: number;
  amount?: number;
  paid_type?: Open<'NEWTON' | 'MCH'>;
  /** `yyyyMMddHHmmss`. */
  paid_time?: string;
  /** WeChat Pay payment order: the id for refunds and profit sharing. */
  transaction_id?: string;
  promotion_detail?: PayscorePromotionDetail[];
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** `collection` (收款信息). */
export interface PayscoreCollection {
  state?: Open<PayscoreCollectionState>;
  total_amount?: number;
  paying_amount?: number;
  /** Cumulative over partial collections. */
  paid_amount?: number;
  details?: PayscoreCollectionDetail[];
  bank_type?: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/**
 * A service order as returned by create and query, and as carried by the
 * USER_CONFIRM / USER_PAID notifications. Every field is optional because
 * the three sources return different subsets.
 */
export interface PayscoreServiceOrder {
  out_order_no?: string;
  service_id?: string;
  appid?: string;
  /** The institution's merchant id. */
  mchid?: string;
  sub_appid?: string;
  sub_mchid?: string;
  channel_id?: string;
  service_introduction?: string;
  state?: Open<PayscoreOrderState>;
  state_description?: Open<PayscoreStateDescription>;
  post_payments?: PayscoreOrderPayment[];
  post_discounts?: PayscoreOrderDiscount[];
  risk_fund?: PayscoreOrderRiskFund;
  total_amount?: number;
  need_collection?: boolean;
  collection?: PayscoreCollection;
  time_range?: PayscoreOrderTimeRange;
  location?: PayscoreOrderLocation;
  attach?: string;
  notify_url?: string;
  openid?: string;
  sub_openid?: string;
  /** 微信支付服务订单号. */
  order_id?: string;
  /** Create only: the data package for `openBusinessView` (`wxpayScoreUse`). */
  package?: string;
  /** USER_PAID (acquiring bank): the registered deduction number. */
  out_trade_no?: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** registerdeductinfo response. */
export interface PayscoreDeductInfo {
  /** 商品或支付单简要描述 to use for the deduction. */
  description?: string;
  /**
   * True when the registration's own answer was lost, its retry was refused, and the deduction
   * query showed this `out_trade_no` registered (`description` is then the query's). Absent
   * otherwise; never read from an answer (a field of that name stays in the extra fields).
   */
  recovered?: boolean;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** Deduction query response. */
export interface PayscoreDeductionInfo {
  description?: string;
  out_trade_no?: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/**
 * Success of a write whose answer the docs disagree on (204, or legacy 200
 * with or without the order).
 */
export interface PayscoreAck {
  status: number;
  /** The order when a legacy 200 carried one, or as queried when `recovered`. */
  order?: PayscoreServiceOrder;
  /**
   * True when the write's own answer was lost, its retry was refused by the order's state, and
   * a query showed the order where this write leads (`status` is then the query's). The
   * client does this for cancelServiceOrder, completeServiceOrder and terminatePermissions
   * (whose Ack has no `order`). Absent otherwise.
   */
  recovered?: boolean;
}

/** `prepay_req_body` of MCH_PREPAY: the cashier order WeChat Pay asks for. */
export interface PayscorePrepayRequestBody {
  device_info?: string;
  nonce_str?: string;
  body?: string;
  attach?: string;
  /** `CNY`. */
  fee_type?: string;
  /** `yyyyMMddHHmmss`. */
  time_start?: string;
  /** `yyyyMMddHHmmss`. */
  time_expire?: string;
  goods_tag?: string;
  notify_url?: string;
  /** `JSAPI` / `NATIVE` / `App`. */
  trade_type?: string;
  /** `no_credit`. */
  limit_pay?: string;
  /** Type undocumented (v2 used `"Y"`), so kept as raw JSON. */
  need_receipt?: unknown;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** MCH_PREPAY payload (acquiring banks only). */
export interface PayscoreMchPrepayNotice {
  service_id?: string;
  appid?: string;
  mchid?: string;
  sub_appid?: string;
  sub_mchid?: string;
  channel_id?: string;
  out_order_no?: string;
  openid?: string;
  sub_openid?: string;
  total_amount?: number;
  prepay_req_body?: PayscorePrepayRequestBody;
  prepay_req_header_base64?: string;
  prepay_req_body_base64?: string;
  /** Type undocumented, so kept as raw JSON. */
  prepay_resp_http_code?: unknown;
  prepay_resp_header_base64?: string;
  prepay_resp_body_base64?: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** 200 body of the pre-authorization: the token for the Payscore authorization mini program. */
export interface PayscoreApplyPermissionsResult {
  /** string(300) (4012691489, 2025.04.22). */
  apply_permissions_token: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** An authorization record as answered by the query (4012461004, 2025.04.22). */
export interface PayscorePermissionRecord {
  service_id?: string;
  appid?: string;
  /** The institution's merchant number. */
  mchid?: string;
  sub_mchid?: string;
  sub_appid?: string;
  channel_id?: string;
  openid?: string;
  sub_openid?: string;
  authorization_code?: string;
  authorization_state?: Open<PayscoreAuthorizationState>;
  notify_url?: string;
  /** RFC 3339. */
  cancel_authorization_time?: string;
  /** RFC 3339. */
  authorization_success_time?: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/**
 * The decrypted payload of `PAYSCORE.USER_OPEN_SERVICE` / `PAYSCORE.USER_CLOSE_SERVICE`
 * (fields per wechatpay-im webhook/v3/PAYSCORE.USER_OPEN_SERVICE.md; every one optional so a
 * variant of the product never makes an authentic notification fail).
 */
export interface PayscorePermissionNotice {
  appid?: string;
  mchid?: string;
  sub_appid?: string;
  sub_mchid?: string;
  channel_id?: string;
  service_id?: string;
  openid?: string;
  sub_openid?: string;
  user_service_status?: Open<'USER_OPEN_SERVICE' | 'USER_CLOSE_SERVICE'>;
  /** 服务开启/解除授权时间. */
  openorclose_time?: string;
  authorization_code?: string;
  out_request_no?: string;
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** `shopping_info.goods[]` as returned. */
export interface PayscoreOrderGoods {
  name?: string;
  picture?: string;
  amount?: number;
  count?: number;
  category_id?: string[];
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** `shopping_info` as returned. */
export interface PayscoreOrderShoppingInfo {
  real_merchant_appid?: string;
  jump_link?: Record<string, unknown>;
  goods?: PayscoreOrderGoods[];
  /** Fields this version does not know, kept as received. */
  [extra: string]: unknown;
}

/** 200 body: the service order (with `order_id` and `package`) plus its `shopping_info`. */
export interface PayscorePayOnDeliveryOrder extends PayscoreServiceOrder {
  shopping_info?: PayscoreOrderShoppingInfo;
}

/** The answer of `allowed_operations`. */
export interface AllowedOperations {
  operations: PayscoreOperation[];
  /**
   * False when the combination is not in the table: nothing is allowed
   * until a query shows a known state.
   */
  known: boolean;
  /**
   * Operations in `operations` that the server refuses while a deduction
   * registered with registerdeductinfo is live (24 h, or until it is closed
   * at the clearing institution). Omitted when empty. The order's query
   * response does not say whether one is live; the caller knows.
   */
  blocked_by_live_deduction?: PayscoreOperation[];
}

/**
 * The one finding type of the package: where (`receivers[2].amount`), a stable
 * sub-code (one per mistake, the same from a builder and from `split.checkPlan`),
 * and a sentence. Split checks call it `Violation` and
 * fill `step` in a simulation.
 */
export interface Issue {
  /** Index into `operations` for findings of a split simulation; absent elsewhere. */
  step?: number;
  path: string;
  code: string;
  message: string;
}

/** A split finding is an `Issue`: `step` is set in a simulation. */
export interface Violation {
  /** Index into `operations` for findings of a split simulation; absent elsewhere. */
  step?: number;
  path: string;
  code: ViolationCodeName;
  message: string;
}

/** One receiver of a split: who and how many fen. */
export interface SplitReceiver {
  type: ProfitSharingReceiverType;
  account: string;
  amount: number;
}

/** The result: one share per rule, in rule order. */
export interface Allocation {
  amount: number;
  fee: number;
  splittable: number;
  /** Σ fixed amounts. */
  fixedTotal: number;
  /** What percentages apply to: splittable − fixed_total. */
  percentBase: number;
  /** Σ percentBp. */
  percentBpTotal: number;
  /** Σ percent shares = ⌊percent_base × percent_bp_total / 10000⌋. */
  percentTotal: number;
  /** fixed_total + percent_total. */
  allocated: number;
  /** splittable − allocated (stays with the sub-merchant). */
  unallocated: number;
  /** Receivers with their amounts, rule order; 0-fen shares are kept (see `warnings`). */
  shares: SplitReceiver[];
  /** Non-fatal findings, e.g. a percentage that rounds to 0 fen. */
  warnings: Violation[];
}

/** What `check_plan` (`split.checkPlan`) found, with the numbers behind it. */
export interface PlanReport {
  ok: boolean;
  /** `null` when the order's fee/splittable is invalid. */
  fee: number | null;
  splittable: number | null;
  /** ⌊splittable × maxRatioBp / 10000⌋. */
  cap: number | null;
  alreadySplit: number;
  /** Σ request amounts (saturated at u64::MAX; a violation gives the exact value). */
  requestTotal: number;
  /** Still frozen and unsplit before this request. */
  remainingBefore: number | null;
  /** After this request if it were accepted (0 when `finish`). */
  remainingAfter: number | null;
  /** Unfrozen to the sub-merchant when the request has `finish: true`. */
  unfrozen: number | null;
  /**
   * The limits the request was checked against (the defaults filled in), so a
   * host shows the package's policy instead of keeping its own copy.
   */
  policy: SplitPolicy;
  violations: Violation[];
}

/** One receiver's running totals over the simulation. */
export interface ReceiverBalance {
  type: ProfitSharingReceiverType;
  account: string;
  received: number;
  returned: number;
  /** received − returned. */
  net: number;
}

/** The order's money at one point, in fen. */
export interface SplitSnapshot {
  splittable: number;
  /** Σ accepted split amounts, including `priorSplit`; returns do not lower it. */
  splitTotal: number;
  returnedTotal: number;
  /** split_total − returned_total. */
  netSplit: number;
  /** Frozen and not yet split (0 after finish). */
  remaining: number;
  /** Unfrozen to the sub-merchant by a finish. */
  unfrozen: number;
  splitCount: number;
  finished: boolean;
  /** Receivers in order of first appearance. */
  receivers: ReceiverBalance[];
}

/** What happened at `operations[index]`. */
export interface SplitStep {
  index: number;
  op: 'split' | 'return' | 'finish';
  /** `false` when the operation broke a rule and was skipped. */
  applied: boolean;
  /** Amount unfrozen to the sub-merchant by this step (finish, or split with `finish`). */
  unfrozenNow: number;
  state: SplitSnapshot;
}

/** The whole replay. */
export interface Simulation {
  ok: boolean;
  amount: number;
  /** `null` when the order is invalid; then there are no steps. */
  fee: number | null;
  splittable: number | null;
  cap: number | null;
  /** `order.alreadySplit`: split before the simulation. */
  priorSplit: number;
  initial: SplitSnapshot | null;
  steps: SplitStep[];
  finalState: SplitSnapshot | null;
  /** The limits the operations were checked against (the defaults filled in). */
  policy: SplitPolicy;
  violations: Violation[];
}

/** One detail row. `amount` is fen, with the sign the bill wrote. */
export interface BillRow {
  /** 1-based line in the file. */
  line: number;
  create_time: string | null;
  initiator: string | null;
  sponsor: string | null;
  sub_mchid: string | null;
  transaction_id: string;
  order_id: string | null;
  /** A split's out_order_no; on a return row, the return's number. */
  out_order_no: string | null;
  detail_id: string | null;
  receiver_account: string;
  /** Integer fen (the bill writes yuan), with the sign the bill wrote. */
  amount: number;
  business_type: string;
  /** From `business_type`; an unknown type is `other`, kept. */
  kind: 'split' | 'return' | 'other';
  status: string | null;
  description: string | null;
  /** Columns this version does not type, by header as written. */
  extra: Record<string, string>;
}

/** One cell of the summary row: header, value as written, and fen when the column is money. */
export interface BillSummaryCell {
  name: string;
  value: string;
  fen: number | null;
}

/** A parsed profit-sharing bill: its detail rows and its summary row. */
export interface Bill {
  rows: BillRow[];
  /** Line of the summary data row. */
  summary_line: number;
  summary: BillSummaryCell[];
}

/** One receiver of one split (or return): planned against billed, in fen. */
export interface ReconcileLine {
  /** The split's out_order_no: what a page groups lines by. */
  order: string;
  kind: 'split' | 'return' | 'other';
  /** out_order_no of a split, out_return_no of a return. */
  outNo: string;
  transactionId: string | null;
  account: string;
  planned: number | null;
  billed: number | null;
  /** billed − planned (absent counts as 0). */
  difference: number;
  status: 'match' | 'missing' | 'extra' | 'differs';
  /** Lines of the bill file behind `billed`. */
  billLines: number[];
}

/** Planned and billed sums over every line, in fen, and the number of lines that differ. */
export interface ReconcileTotals {
  plannedSplit: number;
  billedSplit: number;
  plannedReturn: number;
  billedReturn: number;
  differences: number;
}

/** A bill against a split ledger or plan: every line, their totals, and whether all match. */
export interface Reconciliation {
  lines: ReconcileLine[];
  totals: ReconcileTotals;
  /** No difference at all. */
  ok: boolean;
}

/** What a successful verification vouches for. */
export interface Verified {
  serial: string;
  timestamp: number;
  nonce: string;
}

/** The tokens of a `WECHATPAY2-SHA256-RSA2048` Authorization header (`timestamp` in Unix seconds). */
export interface AuthorizationParts {
  mchid: string;
  nonceStr: string;
  signature: string;
  timestamp: number;
  serialNo: string;
}

export {};
