"""Generate evals/safety/pii.jsonl: held-out PII cases in customer-service language.

Run: `.venv/bin/python evals/safety/make_pii_cases.py` (fixed seed: the output is reproducible).
The templates and value generators here are written independently of kefu.safety.pii (no
shared regexes or word lists) so the evaluation is not circular. ID numbers pass GB 11643 and
cards pass Luhn; the look-alikes (`bad_id`, `bad_card`) are made to fail them and are non-PII.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

SEED = 20261125
CASES_PER_TEMPLATE = 4
OUT = Path(__file__).with_name("pii.jsonl")

rng = random.Random(SEED)

# --- value generators --------------------------------------------------------------------

REGIONS = [
    "110101",
    "110105",
    "120103",
    "310104",
    "310115",
    "320102",
    "320583",
    "330106",
    "330212",
    "340104",
    "350203",
    "370202",
    "410105",
    "420106",
    "430104",
    "440106",
    "440305",
    "440604",
    "450103",
    "500103",
    "510107",
    "530102",
    "610113",
    "620102",
    "650102",
    "210202",
    "230103",
]


def _id_check(body: str) -> str:
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    return "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


def _valid_id() -> str:
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    body = rng.choice(REGIONS) + born.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    return body + _id_check(body)


def id_number() -> str:
    value = _valid_id()
    style = rng.random()
    if style < 0.1:
        return f"{value[:6]} {value[6:14]} {value[14:]}"  # how some people copy it from the card
    if style < 0.2:
        return value.lower()  # a lower-case x check digit, when there is one
    return value


def bad_id() -> str:
    good = _valid_id()
    wrong = rng.choice([c for c in "0123456789X" if c != good[-1]])
    return good[:-1] + wrong


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        n = int(ch)
        if i % 2 == 0:
            n = n * 2 - 9 if n * 2 > 9 else n * 2
        total += n
    return str((10 - total % 10) % 10)


BINS = [
    ("622202", 19),
    ("621700", 19),
    ("622848", 19),
    ("621226", 19),
    ("622588", 16),
    ("625807", 16),
    ("436742", 16),
    ("404119", 16),
    ("512425", 16),
    ("552599", 16),
    ("622609", 16),
    ("628288", 16),
    ("601382", 19),
    ("955880", 19),
    ("377677", 15),
    ("356889", 16),
]


def card_digits() -> str:
    prefix, length = rng.choice(BINS)
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return body + _luhn_digit(body)


def group(digits: str, sep: str) -> str:
    return sep.join(digits[i : i + 4] for i in range(0, len(digits), 4))


def card() -> str:
    digits = card_digits()
    style = rng.random()
    if style < 0.5:
        return digits
    return group(digits, " " if style < 0.85 else "-")


def bad_card() -> str:
    digits = card_digits()
    wrong = str((int(digits[-1]) + rng.randrange(1, 10)) % 10)
    return digits[:-1] + wrong


def mobile() -> str:
    n = rng.choice(["13", "15", "18", "17", "19", "16", "14"]) + "".join(
        rng.choice("0123456789") for _ in range(9)
    )
    style = rng.random()
    if style < 0.6:
        return n
    if style < 0.72:
        return f"{n[:3]}-{n[3:7]}-{n[7:]}"
    if style < 0.84:
        return f"{n[:3]} {n[3:7]} {n[7:]}"
    if style < 0.94:
        return f"+86 {n}"
    return f"+86-{n[:3]}-{n[3:7]}-{n[7:]}"


def landline() -> str:
    area, digits = rng.choice(
        [
            ("010", 8),
            ("021", 8),
            ("020", 8),
            ("0755", 8),
            ("0571", 8),
            ("028", 8),
            ("0532", 8),
            ("0731", 8),
            ("0898", 7),
            ("0917", 7),
        ]
    )
    local = str(rng.randrange(2, 10)) + "".join(rng.choice("0123456789") for _ in range(digits - 1))
    sep = rng.choice(["-", "-", " ", ""])
    if rng.random() < 0.15:
        return f"({area}){local}"
    return f"{area}{sep}{local}"


def hotline() -> str:
    return rng.choice(["400-", "400", "800-"]) + f"{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}"


NAMES_FAMILY = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
    "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志飞鹏辉宇浩然子涵梓"
    "轩思雨欣怡佳琪嘉文俊博晨阳一诺雪梅海燕晓东春梅秋菊"
)


def name() -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))
    return rng.choice(NAMES_FAMILY) + given


EN_FIRST = [
    "James",
    "Emily",
    "Michael",
    "Sarah",
    "David",
    "Olivia",
    "Daniel",
    "Sophie",
    "Kevin",
    "Linda",
    "Chris",
    "Anna",
    "Mark",
    "Grace",
    "Ryan",
    "Helen",
]
EN_LAST = [
    "Smith",
    "Johnson",
    "Brown",
    "Taylor",
    "Wilson",
    "Martin",
    "Lee",
    "Walker",
    "Hall",
    "Young",
    "King",
    "Wright",
    "Green",
    "Baker",
    "Carter",
    "Turner",
]


def en_name() -> str:
    return f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"


def email() -> str:
    user = rng.choice(
        [
            "zhang.wei",
            "lina88",
            "kevin_w",
            "xiaoming2001",
            "sarah.j",
            "wangfang",
            "happycat",
            "li-jun",
            "chen123",
            "m.turner",
        ]
    ) + rng.choice(["", str(rng.randrange(10, 99))])
    return (
        user
        + "@"
        + rng.choice(
            [
                "qq.com",
                "163.com",
                "gmail.com",
                "outlook.com",
                "126.com",
                "example.com",
                "foxmail.com",
                "sina.cn",
                "company.com.cn",
            ]
        )
    )


CITIES = [
    ("广东省", "深圳市", ["南山区", "福田区", "宝安区"]),
    ("广东省", "广州市", ["天河区", "海珠区"]),
    ("浙江省", "杭州市", ["西湖区", "余杭区", "滨江区"]),
    ("江苏省", "南京市", ["鼓楼区", "江宁区"]),
    ("", "北京市", ["朝阳区", "海淀区", "东城区"]),
    ("", "上海市", ["浦东新区", "徐汇区", "闵行区"]),
    ("四川省", "成都市", ["武侯区", "锦江区"]),
    ("湖北省", "武汉市", ["洪山区", "江汉区"]),
    ("山东省", "青岛市", ["市南区", "崂山区"]),
    ("河南省", "郑州市", ["金水区", "二七区"]),
    ("", "重庆市", ["渝北区", "江北区"]),
    ("福建省", "厦门市", ["思明区", "湖里区"]),
]
ROADS = [
    "科技园路",
    "建国路",
    "中山路",
    "人民路",
    "文三路",
    "解放大道",
    "长江路",
    "天府大道",
    "学院路",
    "南京东路",
    "淮海中路",
    "滨海大道",
    "金融街",
    "解放西路",
    "东风路",
    "湖滨路",
]
ESTATES = ["阳光花园", "翠苑小区", "万科城", "碧桂园", "华润城", "绿地中心", "金地公寓", "幸福家园"]


def address() -> str:
    province, city, districts = rng.choice(CITIES)
    district = rng.choice(districts)
    head = (province if rng.random() < 0.7 else "") + city + district
    if rng.random() < 0.2:
        head = city.rstrip("市") + district  # how people write it: 深圳南山区
    road = f"{rng.choice(ROADS)}{rng.randrange(1, 999)}号"
    style = rng.random()
    if style < 0.35:
        return head + road
    if style < 0.7:
        return head + road + f"{rng.randrange(1, 30)}栋{rng.randrange(101, 2808)}室"
    return (
        head
        + rng.choice(ESTATES)
        + f"{rng.randrange(1, 20)}栋{rng.randrange(1, 6)}单元{rng.randrange(101, 1808)}"
    )


EN_STREETS = [
    "Main Street",
    "Oak Avenue",
    "Maple Road",
    "Park Ave",
    "Elm St",
    "Sunset Blvd",
    "King Street",
    "Queen Road",
    "High Street",
    "Cedar Lane",
    "Lake Drive",
]


def en_address() -> str:
    base = f"{rng.randrange(1, 9999)} {rng.choice(EN_STREETS)}"
    if rng.random() < 0.4:
        base += f", Apt {rng.randrange(1, 40)}{rng.choice('ABCD')}"
    return base


def en_phone() -> str:
    a, b, c = rng.randrange(201, 989), rng.randrange(200, 999), rng.randrange(1000, 9999)
    return rng.choice([f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"+1 {a}-{b}-{c}"])


def passport() -> str:
    if rng.random() < 0.7:
        return rng.choice("EG") + "".join(rng.choice("0123456789") for _ in range(8))
    return "E" + rng.choice("ABCDEFGH") + "".join(rng.choice("0123456789") for _ in range(7))


def plate() -> str:
    prov = rng.choice("京沪粤浙苏川鄂鲁豫湘闽津渝")
    letter = rng.choice("ABCDEFGHJK")
    sep = rng.choice(["", "", "·"])
    if rng.random() < 0.3:
        return f"{prov}{letter}{sep}{rng.choice('DF')}{rng.randrange(10000, 99999)}"
    tail = "".join(rng.choice("0123456789") for _ in range(4))
    return f"{prov}{letter}{sep}{rng.choice('0123456789ABCDEFGHJKLMN')}{tail}"


def ip() -> str:
    if rng.random() < 0.8:
        return ".".join(str(rng.randrange(1, 255)) for _ in range(4))
    return (
        "2408:"
        + ":".join(f"{rng.randrange(0, 65535):x}" for _ in range(3))
        + "::"
        + f"{rng.randrange(1, 999):x}"
    )


def order() -> str:
    day = date(2026, 1, 1) + timedelta(days=rng.randrange(330))
    style = rng.random()
    if style < 0.25:
        return "XH" + day.strftime("%Y%m%d") + f"{rng.randrange(10000):04d}"
    if style < 0.45:
        return "DD" + day.strftime("%Y%m%d") + f"{rng.randrange(10**6):06d}"
    if style < 0.7:
        return day.strftime("%Y%m%d") + "".join(rng.choice("0123456789") for _ in range(rng.randrange(6, 12)))
    if style < 0.85:  # marketplace style: 18-19 digits
        return str(rng.randrange(1, 5)) + "".join(
            rng.choice("0123456789") for _ in range(rng.choice([17, 18]))
        )
    return day.strftime("%y%m%d") + "-" + "".join(rng.choice("0123456789") for _ in range(15))


def tracking() -> str:
    style = rng.random()
    digits = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    if style < 0.25:
        return "SF" + digits(13)
    if style < 0.4:
        return "YT" + digits(13)
    if style < 0.55:
        return "JD" + digits(13)
    if style < 0.75:
        return "75" + digits(13)
    if style < 0.9:
        return "7" + digits(13)
    return "E" + digits(9) + "CN"


MODELS = [
    "iPhone 16 Pro",
    "iPhone 15 Pro Max",
    "RTX 4090",
    "XPS 13 9340",
    "SM-S9280",
    "Mate 60 Pro",
    "小米14 Ultra",
    "Redmi K70",
    "MacBook Air M3",
    "WH-1000XM5",
    "Galaxy S24",
    "iPad Air 11",
    "KFR-35GW",
    "XQG100-14B",
    "RT-AX86U",
    "A2894",
    "ThinkPad X1 Carbon Gen 12",
    "DJI Mini 4 Pro",
    "Switch OLED",
    "AirPods Pro 2",
]


def model() -> str:
    return rng.choice(MODELS)


def price() -> str:
    n = rng.choice([99, 199, 299, 599, 1299, 2999, 4999, 8999, 12999])
    return rng.choice([f"¥{n}", f"{n}元", f"{n:,}.00", f"￥{n}.00", f"{n}块", f"${n / 7:.2f}"])


def day_text() -> str:
    d = date(2026, 1, 1) + timedelta(days=rng.randrange(330))
    return rng.choice(
        [
            d.isoformat(),
            d.strftime("%Y/%m/%d"),
            f"{d.month}月{d.day}号",
            f"{d.month}月{d.day}日",
            d.strftime("%Y-%m-%d") + f" {rng.randrange(8, 23)}:{rng.randrange(60):02d}",
        ]
    )


def qty() -> str:
    return rng.choice(["2件", "3箱", "1台", "500ml", "10个", "2kg", "12瓶", "x3", "4 pcs"])


def coupon() -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(rng.choice([8, 10, 12])))


def fullwidth(value: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in value)


# type → (generator, pii type or None, non-PII label)
SLOTS: dict[str, tuple[Callable[[], str], str | None, str]] = {
    "id": (id_number, "id_number", ""),
    "card": (card, "bank_card", ""),
    "mobile": (mobile, "mobile", ""),
    "landline": (landline, "landline", ""),
    "email": (email, "email", ""),
    "addr": (address, "address", ""),
    "en_addr": (en_address, "address", ""),
    "name": (name, "person", ""),
    "en_name": (en_name, "person", ""),
    "en_phone": (en_phone, "landline", ""),
    "passport": (passport, "passport", ""),
    "plate": (plate, "license_plate", ""),
    "ip": (ip, "ip", ""),
    "order": (order, None, "order_no"),
    "tracking": (tracking, None, "tracking_no"),
    "model": (model, None, "model"),
    "price": (price, None, "price"),
    "date": (day_text, None, "date"),
    "qty": (qty, None, "quantity"),
    "bad_id": (bad_id, None, "invalid_id"),
    "bad_card": (bad_card, None, "invalid_card"),
    "hotline": (hotline, None, "hotline"),
    "coupon": (coupon, None, "coupon"),
}

# Written the way customers type: colloquial, missing punctuation, typos, mixed zh/en.
TEMPLATES_ZH = [
    "你好，我的手机号是{mobile}，订单{order}一直没发货",
    "我叫{name}，电话{mobile}，麻烦帮我查下单号{order}",
    "收件人：{name} 手机：{mobile} 地址：{addr}",
    "帮我改下地址，改成{addr}，谢谢",
    "地址写错了 应该是{addr} 收货人{name}",
    "退款打到我这张卡吧 {card}",
    "银行卡号{card}，户名{name}，退款多久到账",
    "实名认证一直失败，身份证{id}，姓名{name}",
    "身份证号码：{id} 帮我看看为啥认证不过",
    "快递{tracking}到哪了？三天没动了",
    "订单号{order}，买的{model}，{price}，能便宜点吗",
    "{model}现在多少钱 我看活动价{price}",
    "我{date}下的单，单号{order}，到现在没收到",
    "电话打不通，我座机是{landline}，白天在",
    "公司电话{landline}，找{name}就行",
    "发票抬头写公司，邮箱{email}，订单{order}",
    "发个电子发票到{email}吧",
    "护照号{passport}，海外购需要清关",
    "清关要护照 我的是{passport} 名字拼音见附件",
    "车牌{plate}，来提货的时候登记一下",
    "停车场进不去，车牌号是{plate}",
    "登录异常提示IP {ip} 不是我本人",
    "账号在{ip}登录了，被盗了吗",
    "我买了{qty}，只收到一半，单号{tracking}",
    "{name}，{mobile}，{addr}",
    "麻烦寄到{addr}，{name}收，{mobile}",
    "这个编号{bad_id}是啥，订单详情里看到的",
    "系统里有串数字{bad_card}，是会员号吗",
    "会员卡号{bad_card}积分没到账",
    "客服热线{hotline}一直占线，我手机{mobile}",
    "优惠券码{coupon}用不了，订单{order}",
    "我是{name}，之前打过电话{mobile}，说好{date}前退款的",
    "换货寄回到哪 我这边单号{tracking} 寄件人{name}",
    "手机号换了，新号{mobile}，旧的别打了",
    "绑定的卡{card}不想用了，怎么解绑",
    "信用卡尾号不对吧 我的卡是{card}",
    "我身份证{id}，手机号{mobile}，帮忙开个发票",
    "{date}到货 一共{qty} {price}",
    "亲 {model} 有货吗 要{qty}",
    "为啥扣了我{price}，订单{order}只有{qty}",
    "你们快递员电话是多少 单号{tracking}",
    "联系人{name} 联系电话{landline} 送货前先打电话",
    "地址 {addr} 电话 {mobile} 周末送",
    "我老婆{name}代收，她电话{mobile}",
    "老地址{addr}不住了",
    "帮我查查这个运单{tracking}和订单{order}",
    "我的邮箱是{email}，收不到验证邮件",
    "银行卡：{card}\n开户行：招商银行\n户名：{name}",
    "收货地址{addr}，麻烦备注放门卫",
    "身份证{id}，护照{passport}，都可以用吗",
    "我在{addr}附近，能自提吗",
    "订单{order}退款{price}还没到 卡号{card}",
    "设备型号{model}，序列号{coupon}，保修到{date}吗",
    "电话{mobile}微信同号",
    "我手机{mobile} 邮箱{email} 有事联系",
    "实名的名字是{name}，身份证号{id}",
    "刚刚那个订单{order}地址填成了{addr}",
    "我的证件号码{id}，麻烦核实下",
    "{id} 这是我身份证 帮忙查一下订单{order}",
    "实名信息：{name}/{id}",
    "卡号是{card}，开户行建设银行",
    "退到{card}这张卡就行 不要原路退",
    "这个18位的数字{bad_id}是你们系统生成的吗",
    "流水号{bad_card}退款到账了吗",
    "{bad_id}这个是订单编号吗",
    "取件码给我发到{mobile}了，但单号{tracking}查不到",
]

TEMPLATES_EN = [
    "Hi, my name is {en_name} and my order {order} hasn't shipped yet",
    "Please call me at {en_phone} about order {order}",
    "My email is {email}, can you resend the invoice?",
    "Ship to {en_addr} please, it's a new address",
    "Refund to card {card} please, order {order}, amount {price}",
    "My passport number is {passport} for customs",
    "Tracking {tracking} shows no update since {date}",
    "I'm {en_name}, phone {mobile}, I bought a {model}",
    "The login from {ip} was not me!!",
    "Name: {en_name}\nPhone: {en_phone}\nAddress: {en_addr}",
    "hi can u check order {order}? I paid {price} for {qty}",
    "my chinese mobile is {mobile} and email {email}",
    "Contact: {en_name}, {en_phone}",
    "My ID card number is {id}, please verify",
    "Card {card} was charged twice for order {order}",
    "I'm locked out, last login IP {ip}, my email {email}",
    "Deliver to {en_addr} before {date}, ask for {en_name}",
]

TEMPLATES = TEMPLATES_ZH + TEMPLATES_EN

# Written after the detector was tuned and measured once, untouched since: a check on overfitting.
LATE_TEMPLATES = [
    "在吗在吗？？{mobile}是我号码，东西到底啥时候到",
    "我姓{name}，手机尾号不对，正确的是{mobile}",
    "亲 麻烦把发票寄给我 {addr} 电话{landline}",
    "帮我把默认地址删掉吧：{addr}",
    "退款账户：{card}（工商银行）",
    "本人{name}，身份证号 {id}，申请注销账号",
    "这个{model}坏了，{date}买的，花了{price}，单号{order}",
    "运单号{tracking}显示签收了但我没收到！！！",
    "我的新邮箱 {email} 旧的不用了",
    "有人用{ip}登录我账号还改了密码",
    "车是{plate}的，4S店说要预约",
    "护照{passport}过期了 还能清关吗",
    "收件信息：{name} {mobile} {addr}",
    "开票信息 公司电话{landline} 邮箱{email}",
    "{name}({mobile})",
    "数字{bad_card}是我卡号吗？好像不对",
    "订单{order}里的{qty}我只要一半",
    "卡号{card}扣了两次{price}",
    "姓名：{name}\n电话：{mobile}\n地址：{addr}",
    "i paid with {card} but the order {order} still says unpaid",
    "pls update my number to {mobile}, thx",
    "hello, {en_name} here. my email {email}",
    "The parcel {tracking} should go to {en_addr}",
    "ID: {id} name {en_name}",
]

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str) -> dict[str, object]:
    text, pii, non_pii, position = [], [], [], 0
    for match in PLACEHOLDER.finditer(template):
        literal = template[position : match.start()]
        text.append(literal)
        generate, pii_type, label = SLOTS[match.group(1)]
        value = generate()
        if pii_type in ("mobile", "id_number") and rng.random() < 0.05:
            value = fullwidth(value)
        start = sum(map(len, text))
        text.append(value)
        span = {"type": pii_type or label, "start": start, "end": start + len(value)}
        (pii if pii_type else non_pii).append(span)
        position = match.end()
    text.append(template[position:])
    return {"text": "".join(text), "pii": pii, "non_pii": non_pii}


def main() -> None:
    rows = [fill(template) for template in TEMPLATES for _ in range(CASES_PER_TEMPLATE)]
    rows += [fill(template) | {"source": "late"} for template in LATE_TEMPLATES for _ in range(2)]
    rng.shuffle(rows)
    with OUT.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    templates = len(TEMPLATES) + len(LATE_TEMPLATES)
    print(f"{len(rows)} cases from {templates} templates → {OUT}")


if __name__ == "__main__":
    main()
