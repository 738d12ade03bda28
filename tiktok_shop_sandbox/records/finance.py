"""Finance records: statements (GET /finance/202309/statements), statement transactions
(GET /finance/{202309,202501}/statements/{statement_id}/statement_transactions), payments
(GET /finance/202309/payments) and withdrawals (GET /finance/202309/withdrawals), plus the
settlement amounts of an order that statement and unsettled transactions share.
"""

from __future__ import annotations

from ..cores import PaymentCore, Statement, Txn, WithdrawalCore
from ..ids import derive_seed
from ..money import ZERO, D, money, q, q_usd, rate
from ..shop import Shop


def order_amounts(shop: Shop, order: dict, affiliate: bool) -> dict:
    """Settlement amounts of an order (Decimal, signed); shared by statement transactions and unsettled estimates."""
    pay = order["payment"]
    subtotal = D(pay["original_total_product_price"])
    seller_disc = -D(pay["seller_discount"])
    revenue = subtotal + seller_disc
    customer_paid_ship = D(pay["shipping_fee"])
    platform_ship_disc = D(pay["shipping_fee_platform_discount"])
    actual_ship = -D(pay["original_shipping_fee"])
    shipping_cost = actual_ship + customer_paid_ship + platform_ship_disc
    referral = -q(shop, revenue * D("0.06"))
    transaction_fee = -q(shop, revenue * D("0.029"))
    affiliate_fee = -q(shop, revenue * D("0.1")) if affiliate else ZERO
    commission = -q(shop, revenue * D("0.02")) if shop.is_sea else ZERO
    vat = q(shop, (referral + transaction_fee + affiliate_fee) * D("0.2")) if shop.region == "GB" else ZERO
    fee_tax = referral + transaction_fee + affiliate_fee + commission + vat
    return {
        "subtotal_before_discount": subtotal,
        "seller_discount": seller_disc,
        "revenue": revenue,
        "actual_shipping_fee": actual_ship,
        "customer_paid_shipping_fee": customer_paid_ship,
        "platform_shipping_fee_discount": platform_ship_disc,
        "shipping_cost": shipping_cost,
        "referral_fee": referral,
        "transaction_fee": transaction_fee,
        "affiliate_commission": affiliate_fee,
        "platform_commission": commission,
        "vat": vat,
        "fee": referral + transaction_fee + affiliate_fee + commission,
        "fee_tax": fee_tax,
        "adjustment": ZERO,
        # Signed-sum convention; how the doc's "revenue - shipping - fee - adjustment" treats signs is UNVERIFIED.
        "settlement": revenue + shipping_cost + fee_tax,
        "customer_payment": D(pay["total_amount"]),
        "platform_discount": D(pay["platform_discount"]),
        "sales_tax": D(pay["tax"]),
    }


def statement_totals(st: Statement) -> dict:
    keys = ("revenue", "shipping_cost", "fee_tax", "adjustment", "settlement")
    totals = {k: ZERO for k in keys}
    reserve = ZERO
    for txn in st.txns:
        if txn.type == "RESERVE":
            reserve += txn.amounts.get("reserve", ZERO)
            continue
        for k in keys:
            totals[k] += txn.amounts.get(k, ZERO)
    totals["reserve"] = reserve
    return totals


def statement_record(shop: Shop, st: Statement) -> dict:
    tot = statement_totals(st)
    local_non_sea = shop.seller_type == "LOCAL" and not shop.is_sea
    # SEA local sellers see shipping inside fee_amount; everyone else gets it separately.
    fee = tot["fee_tax"] + (tot["shipping_cost"] if shop.is_sea and shop.seller_type == "LOCAL" else ZERO)
    rec = {"id": st.id, "statement_time": st.time, "settlement_amount": money(shop, tot["settlement"]), "currency": shop.currency}
    if shop.region not in ("US", "GB"):
        rec["revenue_amount"] = money(shop, tot["revenue"])
    rec["fee_amount"] = money(shop, fee)
    rec["adjustment_amount"] = money(shop, tot["adjustment"])
    rec["payment_status"] = st.status
    if st.payment_id:
        rec["payment_id"] = st.payment_id
    if local_non_sea:
        rec["net_sales_amount"] = money(shop, tot["revenue"])
        rec["shipping_cost_amount"] = money(shop, tot["shipping_cost"])
    if st.payment_time is not None:
        rec["payment_time"] = st.payment_time
    return rec


def statement_header_202309(shop: Shop, st: Statement) -> dict:
    tot = statement_totals(st)
    return {
        "statement_id": st.id,
        "statement_time": st.time,
        "currency": shop.currency,
        "revenue_amount": money(shop, tot["revenue"]),
        "fee_amount": money(shop, tot["fee_tax"]),
        "adjustment_amount": money(shop, tot["adjustment"]),
        "net_sales_amount": money(shop, tot["revenue"]),
        "shipping_cost_amount": money(shop, tot["shipping_cost"]),
        "settlement_amount": money(shop, tot["settlement"]),
    }


def statement_header_202501(shop: Shop, st: Statement) -> dict:
    tot = statement_totals(st)
    rec = {
        "id": st.id,
        "create_time": st.time,
        "status": {"PAID": "SETTLED"}.get(st.status, st.status),
        "currency": shop.currency,
        "payable_amount": money(shop, tot["settlement"] + tot["reserve"]),
    }
    if shop.is_uk_us_local:
        rec["total_reserve_amount"] = money(shop, tot["reserve"])
    rec["total_settlement_amount"] = money(shop, tot["settlement"])
    rec["total_settlement_breakdown"] = {
        "total_revenue_amount": money(shop, tot["revenue"]),
        "total_shipping_cost_amount": money(shop, tot["shipping_cost"]),
        "total_fee_tax_amount": money(shop, tot["fee_tax"]),
        "total_adjustment_amount": money(shop, tot["adjustment"]),
    }
    return rec


FLAT_ZERO_FIELDS = (
    "gross_sales_refund_amount",
    "seller_discount_refund_amount",
    "platform_discount_refund_amount",
    "customer_refund_amount",
    "customer_order_refund_amount",
    "affiliate_ads_commission_amount",
    "affiliate_partner_commission_amount",
    "refund_administration_fee_amount",
    "sales_tax_refund_amount",
    "actual_return_shipping_fee_amount",
    "customer_paid_shipping_fee_refund_amount",
    "customer_shipping_fee_offset_amount",
    "fbm_shipping_cost_amount",
    "fbt_shipping_cost_amount",
    "fbt_fulfillment_fee_amount",
    "fbt_fulfillment_fee_reimbursement_amount",
    "shipping_cost_discount_amount",
    "refund_shipping_cost_discount_amount",
    "shipping_fee_subsidy_amount",
    "return_shipping_fee_amount",
    "shipping_insurance_fee_amount",
    "signature_confirmation_fee_amount",
    "promo_shipping_incentive_amount",
    "retail_delivery_fee_amount",
    "retail_delivery_fee_payment_amount",
    "retail_delivery_fee_refund_amount",
    "pit_amount",
    "platform_refund_subsidy_amount",
    "isr_income_tax_amount",
    "iva_vat_amount",
)


def transaction_202309(shop: Shop, txn: Txn) -> dict:
    a = txn.amounts
    m = lambda k: money(shop, a.get(k, ZERO))  # noqa: E731
    rec = {
        "id": txn.id,
        "type": txn.type,
        "order_id": txn.order_id,
        "order_create_time": txn.order_create_time,
        "adjustment_id": txn.adjustment_id,
        "adjustment_order_id": txn.adjustment_order_id,
        "currency": shop.currency,
        "settlement_amount": m("settlement"),
        "revenue_amount": m("revenue"),
        "fee_amount": m("fee_tax"),
        "adjustment_amount": m("adjustment"),
        "net_sales_amount": m("revenue"),
        "shipping_cost_amount": m("shipping_cost"),
        "gross_sales_amount": m("subtotal_before_discount"),
        "seller_discount_amount": m("seller_discount"),
        "platform_discount_amount": m("platform_discount"),
        "customer_payment_amount": m("customer_payment"),
        "after_seller_discounts_subtotal_amount": m("revenue"),
        "affiliate_commission_amount": m("affiliate_commission"),
        "affiliate_commission_before_pit": m("affiliate_commission"),
        "platform_commission_amount": m("platform_commission"),
        "referral_fee_amount": m("referral_fee"),
        "transaction_fee_amount": m("transaction_fee"),
        "sales_tax_amount": money(shop, -a.get("sales_tax", ZERO)),
        "sales_tax_payment_amount": m("sales_tax"),
        "shipping_fee_amount": m("shipping_cost"),
        "actual_shipping_fee_amount": m("actual_shipping_fee"),
        "platform_shipping_fee_discount_amount": m("platform_shipping_fee_discount"),
        "customer_paid_shipping_fee_amount": m("customer_paid_shipping_fee"),
        "customer_shipping_fee_amount": m("customer_paid_shipping_fee"),
    }
    for k in FLAT_ZERO_FIELDS:
        rec[k] = "0"
    return rec


# Fields of the 202501 breakdowns that are always zero; order-level answers (transactions by order, unsettled)
# carry two more shipping fields and four fewer fee fields than statement transactions.
STATEMENT_SHIPPING_ZEROS = ("return_shipping_fee_amount", "replacement_shipping_fee_amount", "exchange_shipping_fee_amount")
ORDER_SHIPPING_ZEROS = STATEMENT_SHIPPING_ZEROS + ("shipping_insurance_fee_amount", "signature_confirmation_fee_amount")
ORDER_FEE_ZEROS = (
    "affiliate_ads_commission_amount",
    "affiliate_partner_commission_amount",
    "sfp_service_fee_amount",
    "live_specials_fee_amount",
    "voucher_xtra_service_fee_amount",
    "bonus_cashback_service_fee_amount",
    "refund_administration_fee_amount",
)
STATEMENT_FEE_ZEROS = (
    ORDER_FEE_ZEROS[:5]
    + ("flash_sales_service_fee_amount",)
    + ORDER_FEE_ZEROS[5:]
    + ("fbt_fulfillment_fee_amount", "campaign_resource_fee_amount", "dt_handling_fee_amount")
)


def breakdowns(m, shipping_zeros: tuple = ORDER_SHIPPING_ZEROS, fee_zeros: tuple = ORDER_FEE_ZEROS) -> dict:
    """revenue / shipping_cost / fee_tax breakdowns of the 202501+ shapes; m(key) formats one amount."""
    zeros = lambda keys: dict.fromkeys(keys, "0")  # noqa: E731
    return {
        "revenue_breakdown": {
            "subtotal_before_discount_amount": m("subtotal_before_discount"),
            "seller_discount_amount": m("seller_discount"),
            "seller_discount_refund_amount": "0",
            "refund_subtotal_before_discount_amount": "0",
            "cod_service_fee_amount": "0",
            "refund_cod_service_fee_amount": "0",
        },
        "shipping_cost_breakdown": {
            "actual_shipping_fee_amount": m("actual_shipping_fee"),
            "customer_paid_shipping_fee_amount": m("customer_paid_shipping_fee"),
            "shipping_fee_discount_amount": m("platform_shipping_fee_discount"),
            **zeros(shipping_zeros),
            "supplementary_component": {
                "platform_shipping_fee_discount_amount": m("platform_shipping_fee_discount"),
                "promo_shipping_incentive_amount": "0",
                "shipping_fee_subsidy_amount": "0",
            },
        },
        "fee_tax_breakdown": {
            "fee": {
                "platform_commission_amount": m("platform_commission"),
                "referral_fee_amount": m("referral_fee"),
                "transaction_fee_amount": m("transaction_fee"),
                "affiliate_commission_amount": m("affiliate_commission"),
                **zeros(fee_zeros),
            },
            "tax": {
                "vat_amount": m("vat"),
                "import_vat_amount": "0",
                "gst_amount": "0",
                "sst_amount": "0",
                "customs_duty_amount": "0",
                "customs_clearance_amount": "0",
                "pit_amount": "0",
            },
        },
    }


def transaction_202501(shop: Shop, txn: Txn) -> dict:
    a = txn.amounts
    m = lambda k: money(shop, a.get(k, ZERO))  # noqa: E731
    reserve = txn.type == "RESERVE"
    b = breakdowns(m, STATEMENT_SHIPPING_ZEROS, STATEMENT_FEE_ZEROS)
    return {
        "id": txn.id,
        "type": txn.type,
        "order_id": txn.order_id,
        "order_create_time": txn.order_create_time,
        "adjustment_id": txn.adjustment_id,
        "adjustment_order_id": txn.adjustment_order_id,
        "associated_order_id": txn.order_id if reserve else "0",
        "reserve_id": txn.reserve_id,
        "reserve_amount": m("reserve") if reserve else "",
        "reserve_status": txn.reserve_status,
        "estimated_release_time": txn.estimated_release_time,
        "settlement_amount": m("settlement"),
        "revenue_amount": m("revenue"),
        "revenue_breakdown": b["revenue_breakdown"],
        "shipping_cost_amount": m("shipping_cost"),
        "shipping_cost_breakdown": b["shipping_cost_breakdown"],
        "fee_tax_amount": m("fee_tax"),
        "fee_tax_breakdown": b["fee_tax_breakdown"],
        "adjustment_amount": m("adjustment"),
        "supplementary_component": {
            "customer_payment_amount": m("customer_payment"),
            "customer_refund_amount": "0",
            "platform_discount_amount": m("platform_discount"),
            "platform_discount_refund_amount": "0",
            "sales_tax_amount": m("sales_tax"),
            "retail_delivery_fee_amount": "0",
        },
    }


def bank_account(shop: Shop) -> str:
    return "*" * 11 + f"{derive_seed(shop.id, 'bank') % 10000:04d}"


def payment_record(shop: Shop, p: PaymentCore) -> dict:
    before = p.settlement + p.reserve
    if shop.seller_type == "CROSS_BORDER":  # paid out in USD after exchange
        per_local = D(1) / rate(shop.currency)
        amount = {"currency": "USD", "value": format(q_usd(before * per_local), "f")}
        exchange = f"{per_local:.6f}"
    else:
        amount, exchange = {"currency": shop.currency, "value": money(shop, before)}, "1.000000"
    rec = {"id": str(p.id), "create_time": p.create_time}
    if p.paid_time is not None:
        rec["paid_time"] = p.paid_time
    rec.update(
        {
            "status": p.status,
            "amount": amount,
            "payment_amount_before_exchange": {"currency": shop.currency, "value": money(shop, before)},
            "settlement_amount": {"currency": shop.currency, "value": money(shop, p.settlement)},
            "reserve_amount": {"currency": shop.currency, "value": money(shop, p.reserve)},
            "exchange_rate": exchange,
            "bank_account": bank_account(shop),
        }
    )
    return rec


def withdrawal_record(shop: Shop, w: WithdrawalCore) -> dict:
    return {
        "id": w.id,
        "type": w.type,
        "amount": money(shop, w.amount),
        "currency": shop.currency,
        "status": w.status,
        "create_time": w.create_time,
    }
