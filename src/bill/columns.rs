//! The detail columns of the profit-sharing bill, by header name.
//!
//! The column list and meanings are those of the bill's documented header (获取分账账单文件下载地址,
//! "文件格式说明": create_time, initiator, sponsor, sub_mchid, transaction_id, order_id,
//! out_order_no, detail_id, receiver_account, amount, currency, …, business_type, status,
//! description; pay.weixin.qq.com/wiki/doc/api_external/ch/apis/chapter4_1_9.shtml). The page of
//! 申请分账账单 (pay.weixin.qq.com/doc/v3/partner/4012715572) describes the file's shape but not
//! its header, so the Chinese names are read too: the 字段名 of that table (分账发起时间,
//! 分账发起方, 分账出资方) and the domestic pages' names of the same fields (UNCONFIRMED against a
//! real domestic bill). A header lacking a required column is refused naming the column, so a
//! spelling this list misses shows at once instead of mis-parsing. A "(元)" unit suffix is
//! ignored. Columns are found by name, never by position: any other column is kept in `extra`.

/// A typed detail column: its field name and the header spellings that mean it.
pub struct Column {
    pub field: &'static str,
    pub names: &'static [&'static str],
    pub required: bool,
}

const fn col(field: &'static str, names: &'static [&'static str], required: bool) -> Column {
    Column { field, names, required }
}

/// Required: what reconciling needs (which payment, which receiver, how much, split or return).
pub const COLUMNS: &[Column] = &[
    col("create_time", &["create_time", "分账发起时间"], false),
    col("initiator", &["initiator", "分账发起方"], false),
    col("sponsor", &["sponsor", "分账出资方", "分账方"], false),
    col("sub_mchid", &["sub_mchid", "二级商户号", "子商户号"], false),
    col("transaction_id", &["transaction_id", "微信订单号", "微信支付订单号"], true),
    col("order_id", &["order_id", "微信分账单号", "微信分账/回退单号"], false),
    col("out_order_no", &["out_order_no", "商户分账单号", "商户分账/回退单号"], false),
    col("detail_id", &["detail_id", "detaill_id", "分账明细单号"], false),
    col("receiver_account", &["receiver_account", "分账接收方", "分账接收方账号"], true),
    col("amount", &["amount", "分账金额", "分账/回退金额", "金额"], true),
    col("business_type", &["business_type", "业务类型"], true),
    col("status", &["status", "处理状态"], false),
    col("description", &["description", "分账描述", "描述"], false),
];

/// A header cell as written, minus spaces and a yuan unit suffix: `分账金额(元)` → `分账金额`.
pub fn normalise(header: &str) -> &str {
    let h = header.trim();
    ["(元)", "（元）"].iter().find_map(|s| h.strip_suffix(s)).unwrap_or(h).trim()
}

/// Which typed column a header names.
pub fn typed(header: &str) -> Option<usize> {
    let h = normalise(header);
    COLUMNS.iter().position(|c| c.names.iter().any(|n| n.eq_ignore_ascii_case(h)))
}

/// `business_type` words: each detail row is "一笔分账或一笔回退" (申请分账账单, 文件格式说明); the
/// English spellings are UNCONFIRMED. Any other word is `RowKind::Other`, kept and shown.
pub const SPLIT_WORDS: &[&str] = &["分账", "SHARING", "PROFIT_SHARING", "SPLIT"];
pub const RETURN_WORDS: &[&str] = &["回退", "分账回退", "RETURN", "RETURN_ORDER"];
