// Generated from the Rust core by `cargo run --example gen-contracts` (tests/contracts/generate.rs). Do not edit: change the core and regenerate; `cargo test --test contracts` fails while this file differs.

import type { ExtraFields, ProfitSharingReceiverType } from '../index.js';

/** Relation between receiver and platform (`relation_type`, add-receiver only). */
export type RelationType = 'SUPPLIER' | 'DISTRIBUTOR' | 'SERVICE_PROVIDER' | 'PLATFORM' | 'OTHERS';

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
