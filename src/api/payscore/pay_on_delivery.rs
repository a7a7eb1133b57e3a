//! Create a pay-on-delivery (先用后付) order: `POST /v3/payscore/acquiringbank/servicepayondeliveryorder`.
//!
//! Fields per doc/v3/partner/4012783674 (acquiring-bank 创建先用后付订单, 2024.11.01): the
//! service-order fields of create plus `shopping_info`. Every service-order field obeys exactly
//! the create rules (the same code: [`super::create`]'s validation); the order is then handled
//! like any other (query, complete, cancel …).
//!
//! The page folds the attributes of `shopping_info`; its field names and the one
//! `jump_link_type` come from the OpenAPI description of the same page (TheNorthMemory/
//! wechatpay-openapi docs/v3/payscore/acquiringbank/servicepayondeliveryorder.yaml, 2024.11.01).

use serde::{Deserialize, Serialize};

use crate::api::extra_fields;
use crate::api::fen::MAX_FEN;
use crate::api::validate::Issues;
use crate::api::{to_json_with_extra, ExtraFields, RequestSpec};

use super::create::{self, CreateServiceOrder};
use super::fen::{Count, Fen};
use super::model::{Discount, Location, Payment, RiskFund, TimeRange};
use super::response::{with_body, Extra, ServiceOrder};

/// Path of the operation.
pub const PAY_ON_DELIVERY_PATH: &str = "/v3/payscore/acquiringbank/servicepayondeliveryorder";
/// The one documented `jump_link.jump_link_type` (servicepayondeliveryorder.yaml, 2024.11.01).
pub const JUMP_LINK_MINI_PROGRAM: &str = "JUMP_LINK_MINI_PROGRAM";

/// Pay-on-delivery input; serialised as-is (documented order, `None` omitted) as the body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreatePayOnDeliveryOrder {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// The institution's AppID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_mchid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_appid: Option<String>,
    /// 渠道商商户号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_order_no: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_introduction: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_payments: Option<Vec<Payment>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_discounts: Option<Vec<Discount>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_fund: Option<RiskFund>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_range: Option<TimeRange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub openid: Option<String>,
    /// Needs `sub_appid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_openid: Option<String>,
    /// `false`: exactly one of `openid` / `sub_openid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub need_user_confirm: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attach: Option<String>,
    /// 先用后付购物详情: what the user bought.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shopping_info: Option<ShoppingInfo>,
    /// Fields this version does not know yet: appended to the body or query (see `api::extra_fields`).
    #[serde(default, skip_serializing)]
    pub extra: Option<ExtraFields>,
}

/// `shopping_info` (先用后付购物详情).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShoppingInfo {
    /// 实际购物商家公众号ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub real_merchant_appid: Option<String>,
    /// 单详跳转链接: where the order detail in WeChat leads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jump_link: Option<JumpLink>,
    /// 商品列表, at least one item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goods: Option<Vec<ShoppingGoods>>,
}

/// `shopping_info.jump_link`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JumpLink {
    /// `JUMP_LINK_MINI_PROGRAM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jump_link_type: Option<String>,
    /// Mini program AppID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
    /// Mini program page path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// One `shopping_info.goods[]` item.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShoppingGoods {
    /// 商品名称.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 商品图片链接 (http or https).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// 商品单价金额: the unit price, not the line total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Fen>,
    /// 商品数量, at least 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<Count>,
    /// 商品品类ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_id: Option<Vec<String>>,
}

impl CreatePayOnDeliveryOrder {
    /// The service-order part, to run create's own validation on it.
    fn service_order(&self) -> CreateServiceOrder {
        CreateServiceOrder {
            service_id: self.service_id.clone(),
            appid: self.appid.clone(),
            sub_mchid: self.sub_mchid.clone(),
            sub_appid: self.sub_appid.clone(),
            channel_id: self.channel_id.clone(),
            out_order_no: self.out_order_no.clone(),
            service_introduction: self.service_introduction.clone(),
            post_payments: self.post_payments.clone(),
            post_discounts: self.post_discounts.clone(),
            risk_fund: self.risk_fund.clone(),
            time_range: self.time_range.clone(),
            location: self.location.clone(),
            openid: self.openid.clone(),
            sub_openid: self.sub_openid.clone(),
            need_user_confirm: self.need_user_confirm,
            notify_url: self.notify_url.clone(),
            attach: self.attach.clone(),
            extra: None,
        }
    }
}

/// Validates and builds the pay-on-delivery create request.
pub fn create_pay_on_delivery_order(input: &CreatePayOnDeliveryOrder) -> crate::Result<RequestSpec> {
    // 4012783674 (2024.11.01) lists the create fields with create's types and limits (service_id,
    // appid, sub_mchid, channel_id 必填 string(32); out_order_no string(32) of [0-9A-Za-z_-|*];
    // service_introduction string(20); ≤ 100 payments, ≤ 30 discounts; risk_fund and time_range 必填):
    // the same rules, from the same code.
    let mut issues = create::validate(&input.service_order());
    // 4012783674 (2024.11.01): "need_user_confirm为false时,openid、sub_openid必须填写并且只能填写一个".
    if input.need_user_confirm == Some(false) && input.openid.is_some() && input.sub_openid.is_some() {
        issues.push("sub_openid", "exactly_one", "need_user_confirm=false takes exactly one of openid and sub_openid, not both");
    }
    shopping_info(&mut issues, input.shopping_info.as_ref());
    let extra = extra_fields::check(&mut issues, input.extra.as_ref(), extra_fields::known::<CreatePayOnDeliveryOrder>);
    issues.finish()?;
    Ok(RequestSpec::post(PAY_ON_DELIVERY_PATH.to_owned(), to_json_with_extra(input, extra)?))
}

/// `shopping_info`: 必填 (merchant pay-on-delivery page docs/merchant/apis/weixin-pay-score/
/// service-order/create-pay-on-delivery-service-order.html, 2024.10.29: "先用后付订单的购物详情信息,必填");
/// `jump_link` and `goods` are required in it (servicepayondeliveryorder.yaml, 2024.11.01).
fn shopping_info(issues: &mut Issues, info: Option<&ShoppingInfo>) {
    const P: &str = "shopping_info";
    let Some(info) = info else {
        issues.push(P, "required", "is required: the goods of a pay-on-delivery order");
        return;
    };
    // AppIDs are string(32) on every Payscore page (4012783674, 2024.11.01).
    issues.optional_text("shopping_info.real_merchant_appid", info.real_merchant_appid.as_deref(), 32);
    match &info.jump_link {
        None => issues.push("shopping_info.jump_link", "required", "is required"),
        Some(link) => jump_link(issues, link),
    }
    match info.goods.as_deref() {
        None => issues.push("shopping_info.goods", "required", "is required"),
        Some([]) => issues.push("shopping_info.goods", "too_few", "must contain at least one item"),
        Some(goods) => {
            for (i, g) in goods.iter().enumerate() {
                one_goods(issues, i, g);
            }
        }
    }
}

fn jump_link(issues: &mut Issues, link: &JumpLink) {
    const TYPE: &str = "shopping_info.jump_link.jump_link_type";
    issues.required_text(TYPE, link.jump_link_type.as_deref(), 32);
    if let Some(t) = link.jump_link_type.as_deref().filter(|t| !t.is_empty() && *t != JUMP_LINK_MINI_PROGRAM) {
        issues.push(TYPE, "unknown_value", format!("{t:?} is not {JUMP_LINK_MINI_PROGRAM}"));
    }
    issues.optional_text("shopping_info.jump_link.appid", link.appid.as_deref(), 32);
    // UNCONFIRMED: the page folds the attributes; 512 bounds a mini-program path generously.
    issues.optional_text("shopping_info.jump_link.path", link.path.as_deref(), 512);
}

fn one_goods(issues: &mut Issues, i: usize, g: &ShoppingGoods) {
    let at = |field: &str| format!("shopping_info.goods[{i}].{field}");
    // name, picture, amount and count are required (servicepayondeliveryorder.yaml, 2024.11.01);
    // UNCONFIRMED lengths (the page folds them): 128 for the name, 1024 for the picture URL.
    issues.required_text(&at("name"), g.name.as_deref(), 128);
    issues.required_text(&at("picture"), g.picture.as_deref(), 1024);
    if let Some(url) = g.picture.as_deref().filter(|u| !u.is_empty()) {
        // The official sample is an http:// mmbiz.qpic.cn image, so http is accepted.
        let scheme = url.get(..8).map(str::to_ascii_lowercase);
        let ok = scheme.as_deref() == Some("https://") || scheme.as_deref().and_then(|s| s.get(..7)) == Some("http://");
        if !ok || url.chars().any(char::is_whitespace) {
            issues.push(at("picture"), "format", "must be an http(s):// image URL without whitespace");
        }
    }
    // A unit price in fen, ≥ 0 like any Payscore item amount (rules::payments).
    let price = match &g.amount {
        None => {
            issues.push(at("amount"), "required", "is required (the unit price in fen)");
            None
        }
        Some(a) => a.check(&at("amount"), issues),
    };
    let count = match &g.count {
        None => {
            issues.push(at("count"), "required", "is required");
            None
        }
        Some(c) => match c.check(&at("count"), issues) {
            Some(0) => {
                issues.push(at("count"), "out_of_range", "is 0, must be at least 1");
                None
            }
            other => other,
        },
    };
    // Integer fen end to end: the line total must stay a safe integer.
    if let (Some(p), Some(c)) = (price, count) {
        if p.checked_mul(c).is_none_or(|t| t > MAX_FEN) {
            issues.push(at("amount"), "too_large", format!("amount × count exceeds {MAX_FEN} fen"));
        }
    }
    for (k, id) in g.category_id.iter().flatten().enumerate() {
        // UNCONFIRMED length (folded on the page): category ids are short codes such as "6032".
        issues.required_text(&format!("shopping_info.goods[{i}].category_id[{k}]"), Some(id), 64);
    }
}

/// `shopping_info` as returned.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OrderShoppingInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub real_merchant_appid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jump_link: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods: Option<Vec<OrderGoods>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `shopping_info.goods[]` as returned.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OrderGoods {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<Vec<String>>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// 200 body: the service order (with `order_id` and `package`) plus its `shopping_info`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PayOnDeliveryOrder {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shopping_info: Option<OrderShoppingInfo>,
    #[serde(flatten)]
    pub order: ServiceOrder,
}

/// Pay-on-delivery create: 200 with the order.
pub fn parse_pay_on_delivery_response(status: u16, body: &str) -> crate::Result<PayOnDeliveryOrder> {
    with_body(status, body, "pay-on-delivery create")
}

/// Source: doc/v3/partner/4012783674 (acquiring-bank 创建先用后付订单, 2024.11.01).
#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payscore::input_from_json;
    use crate::api::payscore::test_util::{body_json, has, issues};

    const FULL: &str = r#"{
        "shopping_info":{"goods":[{"category_id":["6032"],"count":1,"amount":39900,"picture":"http://mmbiz.qpic.cn/mmbiz_png/x/640?wx_fmt=png","name":"无线耳机"}],
            "jump_link":{"path":"/page/order?id=PO1","appid":"wxd678efh567hg6787","jump_link_type":"JUMP_LINK_MINI_PROGRAM"},
            "real_merchant_appid":"wxd678efh567hg6787"},
        "notify_url":"https://bank.example.com/payscore/notify",
        "time_range":{"start_time":"OnAccept"},
        "risk_fund":{"amount":39900,"name":"ESTIMATE_ORDER_COST"},
        "post_payments":[{"amount":39900,"name":"耳机","count":1}],
        "service_introduction":"先用后付",
        "out_order_no":"POD-1",
        "channel_id":"1230000109",
        "sub_mchid":"1900000109",
        "appid":"wxd678efh567hg6787",
        "service_id":"2002000000000558128851361561536"
    }"#;

    fn full() -> CreatePayOnDeliveryOrder {
        input_from_json(FULL).unwrap()
    }

    #[test]
    fn builds_exact_request() {
        let spec = create_pay_on_delivery_order(&full()).unwrap();
        assert_eq!((spec.method, spec.path_and_query.as_str()), ("POST", "/v3/payscore/acquiringbank/servicepayondeliveryorder"));
        assert_eq!(
            spec.body.as_deref().unwrap(),
            concat!(
                r#"{"service_id":"2002000000000558128851361561536","appid":"wxd678efh567hg6787","sub_mchid":"1900000109","channel_id":"1230000109","#,
                r#""out_order_no":"POD-1","service_introduction":"先用后付","post_payments":[{"name":"耳机","amount":39900,"count":1}],"#,
                r#""risk_fund":{"name":"ESTIMATE_ORDER_COST","amount":39900},"time_range":{"start_time":"OnAccept"},"#,
                r#""notify_url":"https://bank.example.com/payscore/notify","#,
                r#""shopping_info":{"real_merchant_appid":"wxd678efh567hg6787","jump_link":{"jump_link_type":"JUMP_LINK_MINI_PROGRAM","appid":"wxd678efh567hg6787","path":"/page/order?id=PO1"},"#,
                r#""goods":[{"name":"无线耳机","picture":"http://mmbiz.qpic.cn/mmbiz_png/x/640?wx_fmt=png","amount":39900,"count":1,"category_id":["6032"]}]}}"#
            )
        );
        body_json(&spec);
    }

    /// The create rules run on the service-order fields: one report for everything.
    #[test]
    fn create_money_rules_apply() {
        let mut o = full();
        o.post_payments = Some(vec![Payment { name: Some("耳机".into()), amount: Some(Fen::new(100)), ..Default::default() }]);
        o.post_discounts = Some(vec![Discount { name: Some("券".into()), description: Some("d".into()), amount: Some(Fen::new(200)), count: None }]);
        o.risk_fund = Some(RiskFund { name: Some("DEPOSIT".into()), amount: Some(Fen::new(0)), description: None });
        o.time_range = None;
        let got = issues(create_pay_on_delivery_order(&o));
        assert!(has(&got, "post_discounts", "discounts_exceed_payments"), "{got:?}");
        assert!(has(&got, "risk_fund.amount", "not_positive"), "{got:?}");
        assert!(has(&got, "time_range", "required"), "{got:?}");
        let amount: serde_json::Value = serde_json::from_str("1.5").unwrap();
        o.post_payments = Some(vec![Payment { name: Some("耳机".into()), amount: Some(serde_json::from_value(amount).unwrap()), ..Default::default() }]);
        assert!(has(&issues(create_pay_on_delivery_order(&o)), "post_payments[0].amount", "not_integer"));
    }

    #[test]
    fn shopping_info_rules() {
        let mut o = full();
        o.shopping_info = None;
        assert_eq!(issues(create_pay_on_delivery_order(&o)), vec![("shopping_info".to_string(), "required")]);
        o.shopping_info = Some(ShoppingInfo::default());
        assert_eq!(
            issues(create_pay_on_delivery_order(&o)),
            vec![("shopping_info.jump_link".to_string(), "required"), ("shopping_info.goods".to_string(), "required")]
        );
        let bad: ShoppingInfo = serde_json::from_str(
            r#"{"jump_link":{"jump_link_type":"JUMP_LINK_H5"},"goods":[{"name":"x","picture":"ftp://x","amount":9007199254740991,"count":2,"category_id":[""]},{}]}"#,
        )
        .unwrap();
        o.shopping_info = Some(bad);
        let got = issues(create_pay_on_delivery_order(&o));
        assert_eq!(
            got,
            vec![
                ("shopping_info.jump_link.jump_link_type".to_string(), "unknown_value"),
                ("shopping_info.goods[0].picture".to_string(), "format"),
                ("shopping_info.goods[0].amount".to_string(), "too_large"),
                ("shopping_info.goods[0].category_id[0]".to_string(), "required"),
                ("shopping_info.goods[1].name".to_string(), "required"),
                ("shopping_info.goods[1].picture".to_string(), "required"),
                ("shopping_info.goods[1].amount".to_string(), "required"),
                ("shopping_info.goods[1].count".to_string(), "required"),
            ]
        );
        assert!(input_from_json::<CreatePayOnDeliveryOrder>(r#"{"shopping_info":{"good":[]}}"#).is_err(), "a typo stays an error");
    }

    #[test]
    fn confirmation_free_needs_exactly_one_user() {
        let mut o = full();
        o.need_user_confirm = Some(false);
        assert!(has(&issues(create_pay_on_delivery_order(&o)), "openid", "openid_required"));
        o.openid = Some("oUp".into());
        o.sub_appid = Some("wx2".into());
        o.sub_openid = Some("oSub".into());
        assert_eq!(issues(create_pay_on_delivery_order(&o)), vec![("sub_openid".to_string(), "exactly_one")]);
        o.sub_openid = None;
        assert!(create_pay_on_delivery_order(&o).is_ok());
    }

    #[test]
    fn response_keeps_the_order_and_the_goods() {
        let r = parse_pay_on_delivery_response(
            200,
            r#"{"out_order_no":"POD-1","service_id":"500001","appid":"wx1","mchid":"1230000109","sub_mchid":"1900000109","service_introduction":"先用后付",
                "state":"CREATED","order_id":"0000300001201908301055157220022","package":"PKG","new_top":1,
                "shopping_info":{"jump_link":{"jump_link_type":"JUMP_LINK_MINI_PROGRAM","appid":"wx1","path":"/p"},
                  "goods":[{"name":"耳机","picture":"http://p","amount":550,"count":1,"category_id":["6032"],"sku":"S"}]}}"#,
        )
        .unwrap();
        assert_eq!(r.order.package.as_deref(), Some("PKG"));
        assert_eq!(r.order.extra["new_top"], 1);
        assert!(!r.order.extra.contains_key("shopping_info"));
        let goods = r.shopping_info.as_ref().and_then(|s| s.goods.as_ref()).unwrap();
        assert_eq!((goods[0].amount, &goods[0].extra["sku"]), (Some(550), &serde_json::json!("S")));
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!((v["state"].as_str(), v["shopping_info"]["goods"][0]["sku"].as_str()), (Some("CREATED"), Some("S")));
        assert_eq!(parse_pay_on_delivery_response(500, r#"{"code":"SYSTEM_ERROR"}"#).unwrap_err().code(), "ERR_WXPAY_API");
    }
}
