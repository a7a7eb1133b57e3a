//! Field and cross-field checks shared by the builders.
//!
//! Each check pushes issues with JSON paths and returns what later rules need
//! (sums, parsed times); a value that failed its own check is left out of
//! derived rules so one mistake is not reported three times.
//!
//! Every limit names the official page it comes from (doc/v3/partner/NNNN and
//! the page's 更新时间) so it can be re-checked. Pages: create 4012691326
//! (2025.04.24), cancel 4013194058 (2025.02.13), complete 4013194080
//! (2024.12.09), modify 4013194282 (2024.12.09) and its 2025.03.14 revision
//! (docs/partner/apis/partner-institution-weixin-pay-score/acquiring-bank-service-order/
//! modify-acquiring-bank-service-order.html), register-deduct-info (same folder,
//! 2024.12.09). Item attributes (post_payments[], post_discounts[]) are folded on
//! the acquiring-bank pages; they come from the partner create page
//! (docs/partner/apis/partner-weixin-pay-score/partner-service-order/create-partner-service-order.html, 2024.12.06).

use std::collections::HashSet;

use crate::api::validate::Issues;

use super::fen::{Count, Fen};
use super::model::{Discount, Location, OrderContext, Payment, RiskFund, RiskFundName, TimeRange};
use super::time::{CivilTime, PayscoreTime, TimeProblem};

/// 4012691326 (2025.04.24): post_payments "最多100条".
pub(crate) const MAX_PAYMENTS: usize = 100;
/// 4012691326 (2025.04.24): post_discounts "最多30条".
pub(crate) const MAX_DISCOUNTS: usize = 30;
/// `post_payments[].name` may repeat only for this generic label (legacy wiki chapter6_1_14, 2020.03.05).
const REPEATABLE_PAYMENT_NAME: &str = "商品信息";
/// Characters besides `[0-9A-Za-z]` allowed in merchant numbers ("只能是数字、大小写字母_-|*").
const ORDER_NO_EXTRA: &str = "_-|*";

/// `out_order_no`: ≤ 32 of `[0-9A-Za-z_\-|*]` (4012691326, 2025.04.24; the same text on every
/// acquiring-bank page; complete 4013194080 types the path string(64) but says "32个字符内").
pub(crate) fn out_order_no(issues: &mut Issues, value: Option<&str>) {
    merchant_no(issues, "out_order_no", value);
}

/// registerdeductinfo `out_trade_no` (商户扣款单号): required, ≤ 32 of `[0-9A-Za-z_\-|*]`
/// (register-deduct-info page, acquiring-bank-service-order, 2024.12.09: "要求32个字符内，只能是数字、大小写字母_-|*").
pub(crate) fn out_trade_no(issues: &mut Issues, value: Option<&str>) {
    merchant_no(issues, "out_trade_no", value);
}

/// `authorization_code` (授权协议号): required, ≤ 32 of `[0-9A-Za-z_\-|*]` ("要求32个字符内…只能由数字、
/// 大小写字母_-|*组成", acquiring-bank pre-authorization doc/v3/partner/4012691489, 2025.04.22).
pub(crate) fn authorization_code(issues: &mut Issues, value: Option<&str>) {
    merchant_no(issues, "authorization_code", value);
}

fn merchant_no(issues: &mut Issues, path: &str, value: Option<&str>) {
    issues.required_text(path, value, 32);
    issues.charset(path, value, ORDER_NO_EXTRA);
}

/// Identifiers such as service_id, appid, sub_mchid, channel_id: string(32)
/// (4012691326, 2025.04.24, and every other acquiring-bank page).
pub(crate) fn id32(issues: &mut Issues, path: &str, value: Option<&str>, required: bool) {
    if required {
        issues.required_text(path, value, 32);
    } else {
        issues.optional_text(path, value, 32);
    }
}

/// An amount in fen; `positive` also rejects 0. Returns the value when usable.
pub(crate) fn amount(issues: &mut Issues, path: &str, value: Option<&Fen>, required: bool, positive: bool) -> Option<u64> {
    match value {
        None => {
            if required {
                issues.push(path, "required", "is required");
            }
            None
        }
        // Whether 0 is legal is this field's rule (a risk fund must be positive; a discount or total may be 0).
        Some(f) if positive => f.check_positive(path, issues),
        Some(f) => f.check(path, issues),
    }
}

fn count(issues: &mut Issues, path: &str, value: Option<&Count>, max: Option<u64>) {
    let Some(c) = value else { return };
    match c.check(path, issues) {
        None => {}
        Some(v) if v == 0 || max.is_some_and(|m| v > m) => {
            let range = max.map(|m| format!("1 to {m}")).unwrap_or_else(|| "at least 1".to_owned());
            issues.push(path, "out_of_range", format!("is {v}, must be {range}"));
        }
        Some(_) => {}
    }
}

/// Sum of one list's amounts; `reliable` is false when an amount was unusable.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ListSum {
    pub sum: u64,
    pub reliable: bool,
}

impl ListSum {
    fn new() -> Self {
        ListSum { sum: 0, reliable: true }
    }

    fn add(&mut self, checked: Option<u64>, given: bool) {
        match checked {
            Some(v) => self.sum = self.sum.saturating_add(v),
            None if given => self.reliable = false,
            None => {}
        }
    }
}

/// Presence and size of a list.
fn list_shape<T>(issues: &mut Issues, path: &str, list: Option<&[T]>, required: bool, max: usize) {
    match list {
        None if required => issues.push(path, "required", "is required"),
        None => {}
        Some([]) if required => issues.push(path, "too_few", "must contain at least one item"),
        Some([]) => issues.push(path, "empty", "must be omitted rather than empty"),
        Some(items) if items.len() > max => issues.push(path, "too_many", format!("has {} items, at most {max} allowed", items.len())),
        Some(_) => {}
    }
}

fn duplicate_name<'a>(issues: &mut Issues, path: &str, name: Option<&'a str>, seen: &mut HashSet<&'a str>, repeatable: Option<&str>) {
    if let Some(n) = name {
        if !n.is_empty() && Some(n) != repeatable && !seen.insert(n) {
            issues.push(path, "duplicate", format!("{n:?} is already used by an earlier item; names must be unique"));
        }
    }
}

/// `post_payments`: ≤ 100 items (4012691326, 2025.04.24); name ≤ 20, amount ≥ 0 ("大于等于0"),
/// description ≤ 30, count "[1,100]" (partner create page, 2024.12.06); name unique except
/// "商品信息" (legacy wiki chapter6_1_14, 2020.03.05).
pub(crate) fn payments(issues: &mut Issues, list: Option<&[Payment]>, required: bool) -> ListSum {
    list_shape(issues, "post_payments", list, required, MAX_PAYMENTS);
    let mut sum = ListSum::new();
    let mut seen = HashSet::new();
    for (i, p) in list.unwrap_or_default().iter().enumerate() {
        let at = |field: &str| format!("post_payments[{i}].{field}");
        issues.required_text(&at("name"), p.name.as_deref(), 20);
        duplicate_name(issues, &at("name"), p.name.as_deref(), &mut seen, Some(REPEATABLE_PAYMENT_NAME));
        let a = amount(issues, &at("amount"), p.amount.as_ref(), false, false);
        sum.add(a, p.amount.is_some());
        issues.optional_text(&at("description"), p.description.as_deref(), 30);
        count(issues, &at("count"), p.count.as_ref(), Some(100));
    }
    sum
}

/// `post_discounts`: ≤ 30 items (4012691326, 2025.04.24); name ≤ 20 and unique ("同一单多个优惠项目名称不可重复"),
/// description ≤ 30 (partner create page, 2024.12.06); amount required when `amount_required`
/// (complete and modify need it for the total formula, 4013194080, 2024.12.09).
pub(crate) fn discounts(issues: &mut Issues, list: Option<&[Discount]>, amount_required: bool) -> ListSum {
    list_shape(issues, "post_discounts", list, false, MAX_DISCOUNTS);
    let mut sum = ListSum::new();
    let mut seen = HashSet::new();
    for (i, d) in list.unwrap_or_default().iter().enumerate() {
        let at = |field: &str| format!("post_discounts[{i}].{field}");
        issues.required_text(&at("name"), d.name.as_deref(), 20);
        duplicate_name(issues, &at("name"), d.name.as_deref(), &mut seen, None);
        issues.required_text(&at("description"), d.description.as_deref(), 30);
        let a = amount(issues, &at("amount"), d.amount.as_ref(), amount_required, false);
        // A required amount that is missing leaves the sum unknown.
        sum.add(a, d.amount.is_some() || amount_required);
        count(issues, &at("count"), d.count.as_ref(), None);
    }
    sum
}

/// `total_amount = Σ post_payments[].amount − Σ post_discounts[].amount` (4013194080, 2024.12.09:
/// "需满足计算条件"; the server answers PARAM_ERROR 最终总金额计算非法).
pub(crate) fn total_matches(issues: &mut Issues, total: Option<u64>, pay: ListSum, disc: ListSum) {
    let Some(t) = total else { return };
    if !(pay.reliable && disc.reliable) {
        return;
    }
    let expected = i128::from(pay.sum) - i128::from(disc.sum);
    if i128::from(t) != expected {
        issues.push(
            "total_amount",
            "total_mismatch",
            format!("is {t} but Σ post_payments[].amount ({}) − Σ post_discounts[].amount ({}) = {expected}", pay.sum, disc.sum),
        );
    }
}

/// Discounts larger than payments can never give a valid total.
pub(crate) fn discounts_within_payments(issues: &mut Issues, pay: ListSum, disc: ListSum) {
    if pay.reliable && disc.reliable && disc.sum > pay.sum {
        issues.push(
            "post_discounts",
            "discounts_exceed_payments",
            format!("Σ post_discounts[].amount ({}) exceeds Σ post_payments[].amount ({})", disc.sum, pay.sum),
        );
    }
}

/// A validated risk fund: its mode and amount.
pub(crate) type Risk = (RiskFundName, u64);

/// `risk_fund` (or `context.risk_fund`): required at create (4012691326, 2025.04.24); name one of
/// DEPOSIT / ADVANCE / CASH_DEPOSIT / ESTIMATE_ORDER_COST, amount > 0, description ≤ 30 (partner
/// create page, 2024.12.06).
pub(crate) fn risk_fund(issues: &mut Issues, prefix: &str, rf: Option<&RiskFund>, required: bool) -> Option<Risk> {
    let Some(rf) = rf else {
        if required {
            issues.push(prefix, "required", "is required");
        }
        return None;
    };
    let name_path = format!("{prefix}.name");
    let name = match rf.name.as_deref() {
        None => {
            issues.push(&name_path, "required", "is required");
            None
        }
        Some(n) => match RiskFundName::from_wire(n) {
            RiskFundName::Other(_) => {
                issues.push(&name_path, "unknown_value", format!("{n:?} is not one of DEPOSIT, ADVANCE, CASH_DEPOSIT, ESTIMATE_ORDER_COST"));
                None
            }
            known => Some(known),
        },
    };
    let amt = amount(issues, &format!("{prefix}.amount"), rf.amount.as_ref(), true, true);
    issues.optional_text(&format!("{prefix}.description"), rf.description.as_deref(), 30);
    name.zip(amt)
}

/// In deposit-free modes `total_amount` may not exceed the risk fund: "先免模式:total_amount<=创单
/// risk_fund.amount" (complete 4013194080 and modify 4013194282, both 2024.12.09). Applies to the
/// total at complete and modify only; create has no such rule (4012691326, 2025.04.24).
pub(crate) fn within_risk_fund(issues: &mut Issues, path: &str, what: &str, amount: u64, risk: Option<&Risk>) {
    if let Some((name, limit)) = risk {
        if name.is_deposit_free() && amount > *limit {
            issues.push(
                path,
                "over_risk_fund",
                format!("{what} ({amount}) exceeds risk_fund.amount ({limit}); in {} mode the order total may not exceed the risk fund", name.as_str()),
            );
        }
    }
}

/// `time_range.start_time_remark` / `end_time_remark`: "不超过20个字符" (4012691326, 2025.04.24).
pub(crate) const MAX_TIME_REMARK: usize = 20;

/// Where a time range is used; decides what is required or allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimeUse {
    /// Create: start_time required, `OnAccept` allowed.
    Create,
    /// Complete: everything optional, start must be a real time. Whether `start_time` may be
    /// re-sent at complete could not be settled (4013194080, 2024.12.09, folds the time_range
    /// attributes; its text only says end_time is required when create had none), so it is
    /// accepted with or without.
    Complete,
    /// `context.time_range`: as created.
    Context,
}

/// What a checked time range says.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TimeFacts {
    pub start: Option<PayscoreTime>,
    pub end: Option<CivilTime>,
    pub end_given: bool,
}

fn time_value(issues: &mut Issues, path: &str, value: &str) -> Option<PayscoreTime> {
    match PayscoreTime::parse(value) {
        Ok(t) => Some(t),
        Err(TimeProblem::Format) => {
            issues.push(path, "format", format!("{value:?} is not yyyyMMddHHmmss, yyyyMMdd or OnAccept"));
            None
        }
        Err(TimeProblem::Calendar) => {
            issues.push(path, "invalid_date", format!("{value:?} is not a real calendar date and time"));
            None
        }
    }
}

/// `time_range`: formats (`yyyyMMddHHmmss`, `yyyyMMdd`, `OnAccept` for start at create:
/// 4012691326, 2025.04.24, and the legacy wiki chapter3_1), real dates, remarks, and
/// `end_time ≥ start_time` (server: 271316637 真实结束时间小于预计开始时间).
pub(crate) fn time_range(issues: &mut Issues, prefix: &str, tr: Option<&TimeRange>, usage: TimeUse) -> TimeFacts {
    let Some(tr) = tr else {
        if usage == TimeUse::Create {
            issues.push(prefix, "required", "is required");
        }
        return TimeFacts::default();
    };
    if *tr == TimeRange::default() && usage != TimeUse::Create {
        issues.push(prefix, "empty", "must be omitted rather than empty");
        return TimeFacts::default();
    }
    let start_path = format!("{prefix}.start_time");
    let end_path = format!("{prefix}.end_time");
    let start = match tr.start_time.as_deref() {
        None => {
            if usage == TimeUse::Create {
                issues.push(&start_path, "required", "is required");
            }
            None
        }
        Some(s) => match time_value(issues, &start_path, s) {
            Some(PayscoreTime::OnAccept) if usage == TimeUse::Complete => {
                issues.push(&start_path, "on_accept_not_allowed", "OnAccept is only valid at create; send the actual start time");
                None
            }
            other => other,
        },
    };
    let end = match tr.end_time.as_deref() {
        None => None,
        Some(s) => match time_value(issues, &end_path, s) {
            Some(PayscoreTime::At(t)) => Some(t),
            Some(PayscoreTime::OnAccept) => {
                issues.push(&end_path, "format", "OnAccept is only valid for start_time; end_time is yyyyMMddHHmmss or yyyyMMdd");
                None
            }
            None => None,
        },
    };
    if let (Some(PayscoreTime::At(s)), Some(e)) = (start, end) {
        end_not_before(issues, &end_path, e, s, "start_time");
    }
    // Remarks: "不超过20个字符" for both (4012691326, 2025.04.24; the same text in the legacy wiki
    // chapter3_1). The 50 for end_time_remark came from a third-party OpenAPI file.
    issues.optional_text(&format!("{prefix}.start_time_remark"), tr.start_time_remark.as_deref(), MAX_TIME_REMARK);
    issues.optional_text(&format!("{prefix}.end_time_remark"), tr.end_time_remark.as_deref(), MAX_TIME_REMARK);
    TimeFacts { start, end, end_given: tr.end_time.is_some() }
}

/// `end` must not be earlier than `start` (date-only values count as 00:00:00).
pub(crate) fn end_not_before(issues: &mut Issues, end_path: &str, end: CivilTime, start: CivilTime, start_name: &str) {
    if end < start {
        issues.push(end_path, "end_before_start", format!("is earlier than {start_name}"));
    }
}

/// `location`: both parts ≤ 50 characters. UNCONFIRMED: the 2025 acquiring-bank pages fold the
/// attributes (4012691326, 2025.04.24); 50 is the spec's (U) value (spec D.1).
pub(crate) fn location(issues: &mut Issues, loc: Option<&Location>) {
    if let Some(l) = loc {
        if *l == Location::default() {
            issues.push("location", "empty", "must be omitted rather than empty");
        }
        issues.optional_text("location.start_location", l.start_location.as_deref(), 50);
        issues.optional_text("location.end_location", l.end_location.as_deref(), 50);
    }
}

/// `notify_url`: required string(255) (merchant create page docs/merchant/products/weixin-pay-score/
/// apilist.html, 2025.03.06; the acquiring-bank create 4012691326 lists it as required); https with
/// a host, no query string, no whitespace (spec D.2).
pub(crate) fn notify_url(issues: &mut Issues, value: Option<&str>) {
    notify_url_rules(issues, value, true);
}

/// `notify_url` where it is 选填 (acquiring-bank pre-authorization doc/v3/partner/4012691489,
/// 2025.04.22: string(255)): when given, the same rules as [`notify_url`].
pub(crate) fn optional_notify_url(issues: &mut Issues, value: Option<&str>) {
    notify_url_rules(issues, value, false);
}

fn notify_url_rules(issues: &mut Issues, value: Option<&str>, required: bool) {
    const PATH: &str = "notify_url";
    if required {
        issues.required_text(PATH, value, 255);
    } else {
        issues.optional_text(PATH, value, 255);
    }
    let Some(url) = value.filter(|v| !v.is_empty()) else { return };
    let scheme_ok = url.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://"));
    if !scheme_ok {
        issues.push(PATH, "not_https", "must start with https://");
    } else if url.get(8..).is_none_or(|rest| rest.is_empty() || rest.starts_with('/')) {
        issues.push(PATH, "format", "has no host");
    }
    if url.contains('?') {
        issues.push(PATH, "has_query", "must not carry a query string; WeChat Pay rejects notify URLs with parameters");
    }
    if url.chars().any(char::is_whitespace) {
        issues.push(PATH, "format", "must not contain whitespace");
    }
}

/// Facts taken from a checked [`OrderContext`].
#[derive(Debug, Clone, Default)]
pub(crate) struct ContextFacts {
    pub risk: Option<Risk>,
    /// Present only when the caller passed `context.time_range`.
    pub time: Option<TimeFacts>,
    pub total: Option<u64>,
}

/// Checks `context` like the fields it mirrors, under `context.*` paths.
pub(crate) fn context(issues: &mut Issues, ctx: Option<&OrderContext>) -> ContextFacts {
    let Some(ctx) = ctx else { return ContextFacts::default() };
    let risk = risk_fund(issues, "context.risk_fund", ctx.risk_fund.as_ref(), false);
    let time = ctx.time_range.as_ref().map(|tr| time_range(issues, "context.time_range", Some(tr), TimeUse::Context));
    let total = amount(issues, "context.total_amount", ctx.total_amount.as_ref(), false, false);
    ContextFacts { risk, time, total }
}
