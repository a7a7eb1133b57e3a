// Generated from the Rust core by `cargo run --example gen-contracts` (tests/contracts/generate.rs). Do not edit: change the core and regenerate; `cargo test --test contracts` fails while this file differs.

import type { ExtraFields } from '../index.js';

/** A profit-sharing receiver's `type` (`ReceiverType`); any other type is refused with `invalid_enum`. */
export type ProfitSharingReceiverType = 'MERCHANT_ID' | 'PERSONAL_OPENID';

/** Relation between receiver and platform (`relation_type`, add-receiver only). */
export type RelationType = 'SUPPLIER' | 'DISTRIBUTOR' | 'SERVICE_PROVIDER' | 'PLATFORM' | 'OTHERS';
/** `type` of an after-sales service-fee split (售后服务分账). */
export type AfterSalesType = 'SERVICE_FEE_INCOME';
/** `scene` of an after-sales service-fee split: 退票, 改签, 退货. */
export type AfterSalesScene = 'REFUND_TICKET' | 'CHANGE_TICKET' | 'RETURN_GOODS';

/** `risk_fund.name` (Payscore): deposit-free (先免) `DEPOSIT`, `ADVANCE`, `CASH_DEPOSIT`, or enjoy-first (先享) `ESTIMATE_ORDER_COST`. */
export type RiskFundName = 'DEPOSIT' | 'ADVANCE' | 'CASH_DEPOSIT' | 'ESTIMATE_ORDER_COST';

/**
 * Body of `POST /v3/ecommerce/profitsharing/receivers/add`, plus `wechatpay_serial`.
 *
 * `name` depends on `type` (doc/v3/partner/4012477758, 2025.09.29):
 * * `MERCHANT_ID`: the merchant's full legal name, required, sent plain.
 * * `PERSONAL_OPENID`: optional personal name, sent plain in `name`; WeChat
 *   checks it against the account's real name. The current page has no
 *   `encrypted_name` and no `Wechatpay-Serial`, and neither has the official
 *   Java model `AddReceiverRequest`.
 *
 * The 2020 page (apiv3 chapter7_4_7) sent a personal name RSA-encrypted in
 * `encrypted_name` with `Wechatpay-Serial`; that shape is kept only behind
 * `PersonalName::LegacyEncrypted`.
 */
export interface AddReceiverInput {
  /** Required when `type` is PERSONAL_OPENID. */
  appid?: string;
  type: ProfitSharingReceiverType;
  account: string;
  name?: string;
  /** Legacy only: a personal name the caller encrypted already. */
  encrypted_name?: string;
  relation_type: RelationType;
  /** Legacy only, not a body field: the `Wechatpay-Serial` of the key that made `encrypted_name`. */
  wechatpay_serial?: string;
  /** Body fields this version does not know yet, merged into the body. */
  extra?: ExtraFields;
}

/** Body of `POST /v3/ecommerce/profitsharing/receivers/delete`. */
export interface DeleteReceiverInput {
  /**
   * Required: the legacy page and the official Java SDK both have it and no
   * source calls it optional (current optionality is unconfirmed, spec B.2).
   */
  appid: string;
  type: ProfitSharingReceiverType;
  account: string;
  /** Body fields this version does not know yet, merged into the body. */
  extra?: ExtraFields;
}

/**
 * One receiver as documented, except that `receiver_name` is the **plaintext**
 * name (we encrypt it) and `receiver_name_encrypted` carries a name the caller
 * encrypted already.
 */
export interface CreateOrderReceiverInput {
  type: ProfitSharingReceiverType;
  receiver_account?: string;
  /**
   * Legacy spelling of a merchant account (seed samples). Used as
   * `receiver_account` when that is absent; never sent.
   */
  receiver_mchid?: string;
  /** Integer fen (分), > 0. */
  amount: number;
  description: string;
  /** PERSONAL_OPENID only: the plaintext name, RSA-encrypted for you (needs `keys`). */
  receiver_name?: string;
  /** PERSONAL_OPENID only: a name you encrypted already (then give `wechatpay_serial`). */
  receiver_name_encrypted?: string;
}

/** The documented request body, plus `wechatpay_serial`. */
export interface CreateOrderInput {
  /** Required when any receiver is `PERSONAL_OPENID`. */
  appid?: string;
  sub_mchid: string;
  transaction_id: string;
  out_order_no: string;
  receivers: CreateOrderReceiverInput[];
  /** true: unfreeze the rest to sub_mchid after this split. */
  finish: boolean;
  /** Only in the official Java SDK model (unconfirmed, spec B.3); sent only when given. */
  notify_url?: string;
  /**
   * Not a body field: `Wechatpay-Serial` when no encryptor is given (the
   * header is required for this call even when nothing is encrypted).
   */
  wechatpay_serial?: string;
  /** Body fields this version does not know yet, merged into the body. */
  extra?: ExtraFields;
}

/** All three parameters are required. */
export interface QueryOrderInput {
  sub_mchid: string;
  transaction_id: string;
  /** The split's out_order_no, or a finish-order's to get the finish result. */
  out_order_no: string;
  /** Query parameters this version does not know yet, appended to the query. */
  extra?: ExtraFields;
}

/** The documented body. `order_id` and/or `out_order_no` name the original split. */
export interface CreateReturnOrderInput {
  sub_mchid: string;
  order_id?: string;
  out_order_no?: string;
  out_return_no: string;
  /** The merchant receiver to pull the money back from. */
  return_mchid: string;
  /** Integer fen (分), > 0. */
  amount: number;
  description: string;
  /** string(32), 选填 on the ecommerce create-return page (2025.09.29); sent last, only when given. */
  transaction_id?: string;
  /** Body fields this version does not know yet, merged into the body. */
  extra?: ExtraFields;
}

export interface QueryReturnOrderInput {
  sub_mchid: string;
  order_id?: string;
  out_order_no?: string;
  out_return_no: string;
  /** Query parameters this version does not know yet, appended to the query. */
  extra?: ExtraFields;
}

export interface FinishOrderInput {
  sub_mchid: string;
  transaction_id: string;
  /** A **new** out_order_no, not one of a split. */
  out_order_no: string;
  description: string;
  /** Only in the official Java SDK model (unconfirmed, spec B.7); sent only when given. */
  notify_url?: string;
  /** Body fields this version does not know yet, merged into the body. */
  extra?: ExtraFields;
}

export interface QueryAmountsInput {
  transaction_id: string;
  /** Query parameters this version does not know yet, appended to the query. */
  extra?: ExtraFields;
}

/** The documented body of a request for an after-sales service-fee split. */
export interface CreateAfterSalesOrderInput {
  /** 二级商户号: the sub-merchant the fee is taken from. */
  sub_mchid: string;
  /** 微信订单号 of the original payment. */
  transaction_id: string;
  /**
   * The fee, at most the order's payment and the maximum split ratio.
   * Integer fen (分), > 0.
   */
  amount: number;
  /** `SERVICE_FEE_INCOME`, the only documented value. */
  type: AfterSalesType;
  /** `REFUND_TICKET`, `CHANGE_TICKET` or `RETURN_GOODS`. */
  scene: AfterSalesScene;
  /** 微信退款单号 of the refund the fee belongs to (required for every documented scene). */
  refund_id: string;
  /** Body fields this version does not know yet, merged into the body. */
  extra?: ExtraFields;
}

/** The query parameters of the after-sales split result. */
export interface QueryAfterSalesOrderInput {
  sub_mchid: string;
  transaction_id: string;
  /** Query parameters this version does not know yet, appended to the query. */
  extra?: ExtraFields;
}

export interface ProfitSharingBillInput {
  /** Optional: absent, a service provider gets the bill of all its sub-merchants (string(12)). */
  sub_mchid?: string;
  /** `YYYY-MM-DD`, a date within the last three months. */
  bill_date: string;
  /** `GZIP`, or absent for the uncompressed bill. */
  tar_type?: 'GZIP';
  /** Query parameters this version does not know yet, appended to the query. */
  extra?: ExtraFields;
}

/**
 * Per-platform limits. Defaults follow the seed documents (30 %, 5, 20); the
 * current official limits are 50 receivers per request and 50 splits per
 * order, and the ratio is configured per platform, so every value is overridable.
 *
 * `DEFAULT_POLICY` and `OFFICIAL_POLICY` (`wechatpay-edge/constants`) hold the named policies.
 */
export interface SplitPolicy {
  /** Cumulative cap on splits of one order, in basis points of the splittable amount (3000 = 30 %). */
  maxRatioBp: number;
  /** Receivers in one split request. */
  maxReceiversPerRequest: number;
  /** Split requests for one order. */
  maxSplitsPerOrder: number;
}

/** One `post_payments[]` item (付费项目). */
export interface PayscorePayment {
  name?: string;
  /**
   * Total for this item (not a unit price); 0 means free.
   * Integer fen (分).
   */
  amount?: number;
  description?: string;
  count?: number;
}

/** One `post_discounts[]` item (商户优惠). */
export interface PayscoreDiscount {
  name?: string;
  description?: string;
  /**
   * Optional at create, required at complete and modify.
   * Integer fen (分).
   */
  amount?: number;
  count?: number;
}

/** `risk_fund` (订单风险金). */
export interface PayscoreRiskFund {
  /** `DEPOSIT`, `ADVANCE`, `CASH_DEPOSIT` (deposit-free, 先免) or `ESTIMATE_ORDER_COST` (先享). */
  name?: RiskFundName;
  /** Integer fen (分). */
  amount?: number;
  description?: string;
}

/** `time_range`: `yyyyMMddHHmmss`, `yyyyMMdd` or (start only, at create) `OnAccept`. */
export interface PayscoreTimeRange {
  /** Required at create; optional at complete (accepted with or without: doc/v3/partner/4013194080 folds the flags). */
  start_time?: string;
  /** At most 20 characters (doc/v3/partner/4012691326, 2025.04.24). */
  start_time_remark?: string;
  end_time?: string;
  /** At most 20 characters ("不超过20个字符", doc/v3/partner/4012691326, 2025.04.24). */
  end_time_remark?: string;
}

/** `location`. */
export interface PayscoreLocation {
  start_location?: string;
  end_location?: string;
}

/**
 * What the caller knows about the order from earlier calls. Never sent.
 *
 * Enables rules that span calls; each is skipped when its field is absent:
 * * `risk_fund` (as created): complete/modify totals must stay within it in
 *   deposit-free modes.
 * * `time_range` (as created): complete must send `time_range.end_time` when
 *   this has none, and the actual end must not precede the expected start.
 * * `total_amount` (the total at completion): modify may not exceed it.
 */
export interface PayscoreOrderContext {
  /** As created: in DEPOSIT / ADVANCE / CASH_DEPOSIT mode, complete and modify totals may not exceed its amount. */
  risk_fund?: PayscoreRiskFund;
  /** As created: complete must send `time_range.end_time` when this has none. */
  time_range?: PayscoreTimeRange;
  /**
   * Modify: the total at completion; the new total may not exceed it (equal is accepted).
   * Integer fen (分).
   */
  total_amount?: number;
}

/**
 * Create input; serialised as-is (documented order, `None` omitted) as the body.
 *
 * No rule ties `post_payments` to `risk_fund.amount` at create (doc/v3/partner/4012691326).
 */
export interface CreateServiceOrderInput {
  service_id: string;
  /** The institution's AppID; complete and cancel must use the same one. */
  appid: string;
  sub_mchid: string;
  sub_appid?: string;
  /** 渠道商商户号. */
  channel_id: string;
  out_order_no: string;
  service_introduction: string;
  post_payments?: PayscorePayment[];
  post_discounts?: PayscoreDiscount[];
  risk_fund: PayscoreRiskFund;
  time_range: PayscoreTimeRange;
  location?: PayscoreLocation;
  openid?: string;
  sub_openid?: string;
  /** Absent means the API default (`true`). */
  need_user_confirm?: boolean;
  notify_url: string;
  attach?: string;
  /** Fields this version does not know yet: appended to the body or query (see `api::extra_fields`). */
  extra?: ExtraFields;
}

/** Query input: identify the order by exactly one of `out_order_no` or `query_id`. */
export interface QueryServiceOrderInput {
  service_id: string;
  sub_mchid: string;
  channel_id: string;
  out_order_no?: string;
  /** Returned to the front end when the user comes back from the confirmation page. */
  query_id?: string;
  /** Fields this version does not know yet: appended to the body or query (see `api::extra_fields`). */
  extra?: ExtraFields;
}

/**
 * Cancel input; `out_order_no` goes into the path, the rest is the body.
 *
 * Allowed in CREATED, USER_CONFIRM and (after complete) USER_PAYING, not while a registered deduction is live.
 */
export interface CancelServiceOrderInput {
  out_order_no: string;
  /** Optional (选填) on cancel (doc/v3/partner/4013194058, 2025.02.13); sent only when given. */
  service_id?: string;
  channel_id: string;
  sub_mchid: string;
  reason: string;
  /** Fields this version does not know yet: appended to the body or query (see `api::extra_fields`). */
  extra?: ExtraFields;
}

/** Complete input; `out_order_no` goes into the path and `context` is never sent. */
export interface CompleteServiceOrderInput {
  out_order_no: string;
  service_id: string;
  sub_mchid: string;
  channel_id: string;
  /** Replaces the create-time list; 1–100 items. */
  post_payments: PayscorePayment[];
  /** Replaces the create-time list; every item needs an amount. */
  post_discounts?: PayscoreDiscount[];
  /** Integer fen (分). */
  total_amount: number;
  /** Actual service time; `end_time` is mandatory when create had none. */
  time_range?: PayscoreTimeRange;
  location?: PayscoreLocation;
  profit_sharing?: boolean;
  /** RFC 3339, e.g. `2019-11-11T16:24:05+08:00`. */
  complete_time?: string;
  goods_tag?: string;
  /** The order as created (`risk_fund`, `time_range`); enables the cross-call rules. */
  context?: PayscoreOrderContext;
  /** Fields this version does not know yet: appended to the body or query (see `api::extra_fields`). */
  extra?: ExtraFields;
}

/** Modify input; `out_order_no` goes into the path and `context` is never sent. */
export interface ModifyServiceOrderInput {
  out_order_no: string;
  service_id: string;
  sub_mchid: string;
  channel_id: string;
  post_payments: PayscorePayment[];
  post_discounts?: PayscoreDiscount[];
  /**
   * Not above the total at completion (`context.total_amount`); equal is accepted (issue code `above_completed_total`).
   * Integer fen (分).
   */
  total_amount: number;
  reason: string;
  /**
   * `total_amount`: the total at completion, which the new one may not exceed;
   * `risk_fund`: as created, bounding the total in deposit-free modes.
   */
  context?: PayscoreOrderContext;
  /** Fields this version does not know yet: appended to the body or query (see `api::extra_fields`). */
  extra?: ExtraFields;
}

/** `detail`. */
export interface PayscoreSyncDetail {
  /** `yyyyMMddHHmmss` or `yyyyMMdd`. */
  paid_time: string;
}

/** Sync input; `type` may be omitted (it is always `Order_Paid`). */
export interface SyncServiceOrderInput {
  out_order_no: string;
  service_id: string;
  sub_mchid: string;
  channel_id: string;
  /** Always `Order_Paid` (filled in when omitted). */
  type?: 'Order_Paid';
  detail: PayscoreSyncDetail;
  /** Fields this version does not know yet: appended to the body or query (see `api::extra_fields`). */
  extra?: ExtraFields;
}

/**
 * Register input; `out_order_no` goes into the path, the rest is the body.
 *
 * `appid` and `out_trade_no` are required (register-deduct-info page,
 * acquiring-bank-service-order, 2024.12.09: both 必填). The third-party
 * `reason` field is not part of the API and is rejected.
 */
export interface RegisterDeductInfoInput {
  out_order_no: string;
  service_id: string;
  appid: string;
  sub_mchid: string;
  sub_appid?: string;
  channel_id: string;
  /**
   * 商户系统内部扣款单号: the number later used with the clearing institution.
   * At most 32 of `[0-9A-Za-z_-|*]`; valid 24 h, charges once.
   */
  out_trade_no: string;
  /** Fields this version does not know yet: appended to the body or query (see `api::extra_fields`). */
  extra?: ExtraFields;
}

/**
 * Query-deduction input.
 *
 * `out_order_no` is documented as optional but is the only thing naming the
 * order, so it is required here.
 */
export interface QueryDeductionInput {
  service_id: string;
  appid: string;
  sub_mchid: string;
  channel_id: string;
  sub_appid?: string;
  out_order_no: string;
  /** Fields this version does not know yet: appended to the query (see `api::extra_fields`). */
  extra?: ExtraFields;
}

/** Pre-authorization input; serialised as-is (documented order, `None` omitted) as the body. */
export interface ApplyPermissionsInput {
  service_id: string;
  /** 渠道商商户号. */
  channel_id: string;
  /** The institution's AppID. */
  appid: string;
  sub_appid?: string;
  sub_mchid: string;
  /** 授权协议号: yours, unique under the institution; one per user authorization. */
  authorization_code: string;
  /** Where the open/close notifications go (`PAYSCORE.USER_OPEN_SERVICE` / `PAYSCORE.USER_CLOSE_SERVICE`). */
  notify_url?: string;
  /** Fields this version does not know yet: appended to the body or query (see `api::extra_fields`). */
  extra?: ExtraFields;
}

/** Query input: `authorization_code` goes into the path, the rest into the query. */
export interface QueryPermissionsInput {
  authorization_code: string;
  service_id: string;
  channel_id: string;
  sub_mchid: string;
  /** Fields this version does not know yet: appended to the body or query (see `api::extra_fields`). */
  extra?: ExtraFields;
}

/** Terminate input; `authorization_code` goes into the path, the rest is the body. */
export interface TerminatePermissionsInput {
  authorization_code: string;
  service_id: string;
  channel_id: string;
  sub_mchid: string;
  /** 撤销原因, at most 50 characters. */
  reason: string;
  /** Fields this version does not know yet: appended to the body or query (see `api::extra_fields`). */
  extra?: ExtraFields;
}

/** `shopping_info.jump_link`. */
export interface PayscoreJumpLink {
  /** `JUMP_LINK_MINI_PROGRAM`. */
  jump_link_type: 'JUMP_LINK_MINI_PROGRAM';
  /** Mini program AppID. */
  appid?: string;
  /** Mini program page path. */
  path?: string;
}

/** One `shopping_info.goods[]` item. */
export interface PayscoreShoppingGoods {
  /** 商品名称. */
  name: string;
  /** 商品图片链接 (http or https). */
  picture: string;
  /**
   * 商品单价金额: the unit price, not the line total.
   * Integer fen (分).
   */
  amount: number;
  /** 商品数量, at least 1. */
  count: number;
  /** 商品品类ID. */
  category_id?: string[];
}

/** `shopping_info` (先用后付购物详情). */
export interface PayscoreShoppingInfo {
  /** 实际购物商家公众号ID. */
  real_merchant_appid?: string;
  /** 单详跳转链接: where the order detail in WeChat leads. */
  jump_link: PayscoreJumpLink;
  /** 商品列表, at least one item. */
  goods: PayscoreShoppingGoods[];
}

/** Pay-on-delivery input; serialised as-is (documented order, `None` omitted) as the body. */
export interface CreatePayOnDeliveryOrderInput {
  service_id: string;
  /** The institution's AppID. */
  appid: string;
  sub_mchid: string;
  sub_appid?: string;
  /** 渠道商商户号. */
  channel_id: string;
  out_order_no: string;
  service_introduction: string;
  post_payments?: PayscorePayment[];
  post_discounts?: PayscoreDiscount[];
  risk_fund: PayscoreRiskFund;
  time_range: PayscoreTimeRange;
  location?: PayscoreLocation;
  openid?: string;
  /** Needs `sub_appid`. */
  sub_openid?: string;
  /** `false`: exactly one of `openid` / `sub_openid`. */
  need_user_confirm?: boolean;
  notify_url: string;
  attach?: string;
  /** 先用后付购物详情: what the user bought. */
  shopping_info: PayscoreShoppingInfo;
  /** Fields this version does not know yet: appended to the body or query (see `api::extra_fields`). */
  extra?: ExtraFields;
}
