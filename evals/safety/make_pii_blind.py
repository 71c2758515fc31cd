"""Generate `pii_blind.jsonl`: a PII set written without looking at the detector.

Written by someone who had not read `kefu.safety.pii`, `kefu.safety.masking`, `pii.jsonl` or
`make_pii_cases.py`; its templates, value generators and name lists are its own. Fixed seed,
stdlib only, byte-identical output:

    .venv/bin/python evals/safety/make_pii_blind.py

A template is a string with `{slot}` placeholders. Each slot is filled by a generator that
returns the surface text and a label: a PII type (must be masked) or a `non_pii` type (must
stay unmasked). Offsets are computed while the text is assembled and checked at the end.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections.abc import Callable
from pathlib import Path

SEED = 20261125
OUT = Path(__file__).with_name("pii_blind.jsonl")
N_LINES = 360

PII_TYPES = {
    "id_number",
    "bank_card",
    "mobile",
    "landline",
    "email",
    "address",
    "passport",
    "license_plate",
    "ip",
    "person",
}

rng = random.Random(SEED)
DIGITS = "0123456789"


def digits(n: int) -> str:
    return "".join(rng.choice(DIGITS) for _ in range(n))


# --- identity numbers -------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
REGIONS = (
    "110101",
    "110105",
    "110108",
    "120103",
    "130102",
    "140105",
    "210102",
    "220104",
    "310101",
    "310104",
    "310115",
    "320106",
    "320583",
    "330106",
    "330203",
    "340104",
    "350203",
    "360102",
    "370202",
    "410105",
    "420106",
    "430104",
    "440106",
    "440305",
    "441900",
    "450103",
    "500103",
    "510104",
    "520102",
    "530102",
    "610113",
    "620102",
)


def id_check(body17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def id_body() -> str:
    year = rng.randint(1958, 2006)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return f"{rng.choice(REGIONS)}{year}{month:02d}{day:02d}{digits(3)}"


def id_number() -> str:
    body = id_body()
    return body + id_check(body)


def bad_id_number() -> str:
    body = id_body()
    good = id_check(body)
    return body + rng.choice([c for c in ID_CHECK if c != good])


# --- bank cards --------------------------------------------------------------

BINS = (
    ("622202", 19),
    ("622848", 19),
    ("621700", 19),
    ("622588", 16),
    ("621483", 16),
    ("622700", 19),
    ("625807", 16),
    ("625911", 16),
    ("622260", 19),
    ("621226", 19),
    ("623668", 19),
    ("622908", 16),
    ("4", 16),
    ("4", 16),
    ("51", 16),
    ("55", 16),
    ("2221", 16),
)


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def card_raw() -> str:
    prefix, length = rng.choice(BINS)
    body = prefix + digits(length - len(prefix) - 1)
    return body + luhn_digit(body)


def grouped(num: str) -> str:
    return " ".join(num[i : i + 4] for i in range(0, len(num), 4))


def bank_card() -> str:
    return card_raw()


def bank_card_grouped() -> str:
    return grouped(card_raw())


def bad_card() -> str:
    prefix = rng.choice(("6222", "6228", "6217", "6225", "4", "5"))
    body = prefix + digits(15 - len(prefix))
    good = luhn_digit(body)
    return body + rng.choice([d for d in DIGITS if d != good])


# --- contact -----------------------------------------------------------------

MOBILE_PREFIX = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "147",
    "150",
    "151",
    "152",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "173",
    "175",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "193",
    "195",
    "198",
    "199",
)


def mobile() -> str:
    return rng.choice(MOBILE_PREFIX) + digits(8)


def mobile_styled() -> str:
    m = mobile()
    style = rng.randrange(5)
    if style == 0:
        return f"+86 {m}"
    if style == 1:
        return f"+86-{m[:3]}-{m[3:7]}-{m[7:]}"
    if style == 2:
        return f"{m[:3]} {m[3:7]} {m[7:]}"
    if style == 3:
        return f"{m[:3]}-{m[3:7]}-{m[7:]}"
    return f"+86{m}"


AREA = (
    ("010", 8),
    ("021", 8),
    ("022", 8),
    ("023", 8),
    ("020", 8),
    ("025", 8),
    ("027", 8),
    ("028", 8),
    ("029", 8),
    ("0755", 8),
    ("0571", 8),
    ("0512", 8),
    ("0532", 7),
    ("0731", 8),
    ("0591", 8),
    ("0898", 8),
    ("0371", 8),
    ("0851", 7),
)


def landline() -> str:
    code, n = rng.choice(AREA)
    num = str(rng.randint(2, 8)) + digits(n - 1)
    style = rng.randrange(5)
    if style == 0:
        return f"{code}-{num}"
    if style == 1:
        return f"{code} {num[:4]} {num[4:]}"
    if style == 2:
        return f"({code}){num}"
    if style == 3:
        return f"（{code}）{num}"
    return f"{code}-{num[:4]}-{num[4:]}" if n == 8 else f"{code}-{num}"


PINYIN = (
    "zhangwei",
    "liuyang",
    "wangfang",
    "lina",
    "chenjie",
    "xiaoming",
    "huanglei",
    "zhaomin",
    "sunli",
    "zhouqiang",
    "wuxia",
    "xu.jing",
    "gaoyan",
    "linfeng",
    "he_tao",
    "luoqi",
    "emily.chen",
    "mike.j",
    "sarah_w",
    "tom.lee",
    "annie88",
    "daxiong",
    "jjzhang",
)
DOMAINS = (
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "gmail.com",
    "outlook.com",
    "hotmail.com",
    "foxmail.com",
    "yeah.net",
    "aliyun.com",
    "huawei-partner.cn",
    "abc-trading.com.cn",
    "company.com",
    "yahoo.co.jp",
)


def email() -> str:
    if rng.random() < 0.3:
        return f"{rng.randint(10000, 3999999999)}@qq.com"
    tail = str(rng.randint(1, 2025)) if rng.random() < 0.5 else ""
    return f"{rng.choice(PINYIN)}{tail}@{rng.choice(DOMAINS)}"


# --- addresses ---------------------------------------------------------------

CITIES = (
    ("北京市", ("朝阳区", "海淀区", "东城区", "丰台区")),
    ("上海市", ("浦东新区", "徐汇区", "静安区", "闵行区")),
    ("广东省深圳市", ("南山区", "福田区", "龙岗区", "宝安区")),
    ("广东省广州市", ("天河区", "越秀区", "番禺区")),
    ("浙江省杭州市", ("西湖区", "滨江区", "余杭区")),
    ("江苏省南京市", ("鼓楼区", "玄武区", "江宁区")),
    ("四川省成都市", ("武侯区", "锦江区", "高新区")),
    ("湖北省武汉市", ("洪山区", "江汉区", "武昌区")),
    ("重庆市", ("渝北区", "江北区", "沙坪坝区")),
    ("山东省青岛市", ("市南区", "崂山区", "黄岛区")),
    ("天津市", ("和平区", "南开区")),
    ("陕西省西安市", ("雁塔区", "碑林区")),
)
ROADS = (
    "建国路",
    "中山北路",
    "人民大道",
    "科技园南路",
    "文三路",
    "长江西路",
    "解放大道",
    "天府大道",
    "淮海中路",
    "深南大道",
    "学院路",
    "香港中路",
    "滨河东街",
    "光华路",
    "环城西路",
    "幸福里巷",
)
COMPOUNDS = ("阳光花园", "翠湖小区", "万科城", "金地名郡", "和平里社区", "碧桂园", "绿地中心", "保利香槟苑")


def address_cn() -> str:
    city, districts = rng.choice(CITIES)
    road = rng.choice(ROADS)
    no = rng.randint(1, 1888)
    style = rng.randrange(4)
    if style == 0:
        return (
            f"{city}{rng.choice(districts)}{road}{no}号{rng.choice(COMPOUNDS)}"
            f"{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元{rng.randint(1, 33)}0{rng.randint(1, 6)}室"
        )
    if style == 1:
        return f"{rng.choice(districts)}{road}{no}号{rng.randint(1, 20)}号楼{rng.randint(101, 2808)}"
    if style == 2:
        return f"{city}{rng.choice(districts)}{road}{no}弄{rng.randint(1, 99)}号{rng.randint(101, 1602)}室"
    unit = f"{rng.randint(1, 12)}-{rng.randint(1, 30)}-{rng.randint(1, 4)}"
    return f"{city}{rng.choice(districts)}{road}{no}号{rng.choice(COMPOUNDS)}{unit}"


EN_STREETS = (
    "Maple Street",
    "Oak Avenue",
    "Elm Road",
    "Sunset Blvd",
    "King Street West",
    "Victoria Road",
    "Nathan Road",
    "Orchard Road",
    "High Street",
    "Pine Lane",
)
EN_CITIES = (
    "Springfield, IL 62704",
    "Seattle, WA 98109",
    "Toronto, ON M5V 2T6",
    "London SW1A 1AA",
    "Singapore 238859",
    "Kowloon, Hong Kong",
    "Austin, TX 78701",
    "Vancouver, BC V6B 1A1",
)


def address_en() -> str:
    unit = rng.choice(
        (
            "",
            f"Apt {rng.randint(1, 30)}{rng.choice('ABCD')}, ",
            f"Unit {rng.randint(101, 2505)}, ",
            f"Flat {rng.randint(1, 40)}, ",
        )
    )
    return f"{rng.randint(1, 9999)} {rng.choice(EN_STREETS)}, {unit}{rng.choice(EN_CITIES)}"


# --- other PII -----------------------------------------------------------------


def passport() -> str:
    return rng.choice("EEEG") + digits(8)


PROVINCES = "京沪粤苏浙川鄂湘鲁豫津渝冀闽皖赣陕辽吉黑"
PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def license_plate() -> str:
    head = rng.choice(PROVINCES) + rng.choice("ABCDEFGH")
    if rng.random() < 0.35:
        sep = rng.choice(("·", "", " "))
        return head + sep + rng.choice("DF") + digits(5)
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    one, two = rng.choice(letters), rng.choice(letters)
    tail = rng.choice((digits(5), one + digits(4), digits(3) + one + digits(1), one + two + digits(3)))
    return head + rng.choice(("", "", "·")) + tail


def ip() -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if kind == 1:
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    first = rng.choice((36, 58, 101, 112, 114, 117, 183, 202, 221))
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
)
COMPOUND = ("欧阳", "司马", "上官", "诸葛")
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英小红"
    "建华志强晓东海燕子涵雨萱浩然思远一鸣佳怡梓轩欣怡宇航"
)


def person_cn() -> str:
    surname = rng.choice(COMPOUND) if rng.random() < 0.06 else rng.choice(SURNAMES)
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))


FIRST = (
    "Emily",
    "Michael",
    "Sarah",
    "David",
    "Jessica",
    "Kevin",
    "Linda",
    "Jason",
    "Grace",
    "Daniel",
    "Olivia",
    "Ryan",
    "Sophia",
    "Brian",
    "Chloe",
)
LAST = (
    "Chen",
    "Wang",
    "Johnson",
    "Smith",
    "Li",
    "Nguyen",
    "Brown",
    "Garcia",
    "Zhang",
    "Miller",
    "Taylor",
    "Wong",
    "Lee",
)


def person_en() -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


# --- non-PII numbers ---------------------------------------------------------


def order_no() -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return "XH" + digits(12)
    if kind == 1:
        return f"DD2026{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" + digits(rng.choice((6, 8)))
    if kind == 2:
        return f"2026{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" + digits(rng.choice((8, 10, 12)))
    if kind == 3:
        return "E" + digits(rng.choice((14, 16)))
    return "KF-" + digits(4) + "-" + digits(6)


def tracking_no() -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return "SF" + digits(12)
    if kind == 1:
        return "YT" + digits(13)
    if kind == 2:
        return "JDVA" + digits(11)
    if kind == 3:
        return "75" + digits(13)
    return "JT" + digits(13)


MODELS = (
    "iPhone 16 Pro",
    "iPhone 15",
    "RTX 4090",
    "SM-S9280",
    "小米14 Ultra",
    "Mate 60 Pro",
    "P70",
    "MacBook Air M3",
    "iPad Pro 13",
    "Redmi K70",
    "vivo X100s",
    "OPPO Find X7",
    "AirPods Pro 2",
    "戴森V12",
    "WH-1000XM5",
    "KFR-35GW",
    "BCD-470WDPG",
    "XQG100-BD14376",
    "Nintendo Switch OLED",
    "荣耀Magic6",
    "一加12",
    "Apple Watch S10",
    "DJI Mini 4 Pro",
    "罗技G502",
)


def model() -> str:
    return rng.choice(MODELS)


def price() -> str:
    v = rng.choice((59, 99, 129, 299, 399, 899, 1299, 2999, 4599, 6999, 8999, 12999))
    style = rng.randrange(6)
    if style == 0:
        return f"¥{v}"
    if style == 1:
        return f"{v:,}.00元"
    if style == 2:
        return f"{v}块"
    if style == 3:
        return f"￥{v}.{rng.choice(('00', '50', '90'))}"
    if style == 4:
        return f"{v}元"
    return f"${rng.randint(9, 499)}.{rng.choice(('99', '00', '49'))}"


def date() -> str:
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    style = rng.randrange(6)
    if style == 0:
        return f"2026-{m:02d}-{d:02d}"
    if style == 1:
        return f"{m}月{d}日"
    if style == 2:
        return f"{m}月{d}号下午{rng.randint(1, 6)}点"
    if style == 3:
        return f"2026/{m}/{d} {rng.randint(8, 22)}:{rng.choice(('00', '15', '30', '45'))}"
    if style == 4:
        return f"{m}.{d}"
    return f"{rng.randint(8, 21)}:{rng.choice(('00', '30'))}"


def date_en() -> str:
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice((f"{months[m - 1]} {d}", f"2026-{m:02d}-{d:02d}", f"{m}/{d}/2026"))


def quantity() -> str:
    return f"{rng.randint(1, 50)}{rng.choice(('件', '台', '个', '箱', '盒', '瓶', '双', '份'))}"


def coupon() -> str:
    return rng.choice(("QX", "VIP", "NEW", "DS")) + digits(rng.choice((4, 6))) + rng.choice(("", "A", "XY"))


def tax_id() -> str:
    body = "9131" + digits(6) + "MA" + "".join(rng.choice(PLATE_CHARS) for _ in range(7))
    return body + rng.choice("0123456789X")


def code6() -> str:
    return digits(6)


# slot name -> (generator, label)
SLOTS: dict[str, tuple[Callable[[], str], str]] = {
    "id": (id_number, "id_number"),
    "card": (bank_card, "bank_card"),
    "cardg": (bank_card_grouped, "bank_card"),
    "mob": (mobile, "mobile"),
    "mobs": (mobile_styled, "mobile"),
    "tel": (landline, "landline"),
    "mail": (email, "email"),
    "addr": (address_cn, "address"),
    "addren": (address_en, "address"),
    "pp": (passport, "passport"),
    "plate": (license_plate, "license_plate"),
    "ip": (ip, "ip"),
    "name": (person_cn, "person"),
    "nameen": (person_en, "person"),
    "order": (order_no, "order_no"),
    "track": (tracking_no, "tracking_no"),
    "model": (model, "model"),
    "price": (price, "price"),
    "date": (date, "date"),
    "dateen": (date_en, "date"),
    "qty": (quantity, "quantity"),
    "coupon": (coupon, "other_number"),
    "code": (code6, "other_number"),
    "taxid": (tax_id, "other_number"),
    "badid": (bad_id_number, "other_number"),
    "badcard": (bad_card, "other_number"),
}

TEMPLATES_ZH = (
    # delivery and address changes
    "你好，我想改一下收货地址，改成{addr}，收件人{name}，电话{mob}，谢谢！",
    "麻烦把订单{order}的地址改到{addr}，手机{mob}谢谢",
    "快递{track}一直没动，我人不在家了，帮我转寄到{addr}吧，联系人{name}",
    "收件人：{name}　电话：{mobs}　地址：{addr}",
    "我是{name}，订单号{order}，东西到现在都没收到！！！已经{date}了",
    "寄到公司吧{addr}，前台{name}代收，座机{tel}",
    "地址写错了。。应该是{addr}，不是原来那个",
    "{name}，{mob}，{addr}，就这些信息你们核对下",
    "亲，能不能{date}之前送到？地址{addr}，电话打{mob}就行",
    "快递员说联系不上我，我电话是{mobs}啊，运单{track}",
    # refunds and payments
    "申请退款，退到我的银行卡{card}，开户名{name}",
    "退款一直没到账，卡号{cardg}，订单{order}，金额{price}",
    "我的卡号是{card}，你们扣了我两次{price}！！快处理",
    "退款请打到这张卡：{cardg}（工行），谢谢亲",
    "为什么退款要填身份证号？{id}，行吧给你",
    "订单{order}退了{qty}，应该退{price}，结果只退了一半",
    "我刚才付款用的卡{card}被冻结了，是不是你们的问题",
    "卡号{card}我确定没错，你们再查一下",
    # account and identity
    "实名认证一直失败，身份证{id}，姓名{name}，手机{mob}",
    "帐号被盗了！！登录IP是{ip}，根本不是我，我在{addr}",
    "我身份证号码是{id}啊 为什么说不匹配",
    "换绑手机，旧号{mob}新号{mobs}，身份证后面要不要？{id}",
    "注册邮箱填错了，应该是{mail}，原来那个收不到验证码",
    "登录地址显示{ip}，我没去过那里，是不是被黑了",
    "请把发票发到邮箱{mail}，抬头个人{name}",
    "开专票，税号{taxid}，地址电话{addr} {tel}，开户行账号{card}",
    "我是{name}，上次打电话那个，手机尾号不对，完整的是{mob}",
    "身份证{id}，护照{pp}，哪个能用来实名？",
    # travel / passport / plates
    "出国要用，护照号{pp}，姓名{name}，{date}出发",
    "护照{pp}已经更新了，旧的那个作废",
    "车牌{plate}，停车费扣错了，扣了{price}",
    "我的车是{plate}，预约{date}保养，电话{mob}",
    "ETC绑定的车牌号{plate}，卡号{card}，一直扣费失败",
    "上门安装的师傅开的车{plate}撞了我家门口的栏杆，联系人{name}",
    # glued numbers
    "手机{mob}谢谢",
    "电话{mob}地址{addr}",
    "{mob}这个号码打不通吗",
    "收货人{name}{mob}",
    "身份证号{id}姓名{name}",
    "卡号{card}户名{name}",
    "我的邮箱{mail}谢谢啦",
    "{id}这是我身份证",
    "微信同号{mob}，有事打我",
    "座机{tel}，工作日九点到六点有人",
    # multiple entities, long-winded
    "是这样的，我{date}在你们店里买了{qty}{model}，一共{price}，订单号是{order}，结果收到的时候外包装是破的，"
    "我当场拍了照片，快递单号{track}，我现在要求换货，我的联系方式{mob}，地址还是{addr}，麻烦尽快处理，不然我就投诉了",
    "你们客服太慢了吧，我已经第三次联系了，{name}，手机{mobs}，问题还是没解决，卡号{cardg}的退款到底什么时候到",
    "帮我查一下：订单{order}、运单{track}、收件人{name}、电话{mob}，是不是寄丢了",
    "我妈妈{name}的身份证{id}，她不会用手机，帮她开通一下会员，电话{tel}",
    "公司采购，联系人{name}，邮箱{mail}，座机{tel}，收货地址{addr}，要{qty}{model}",
    "售后地址是{addr}吗？我要寄回去，我这边电话{mob}",
    "家里宽带IP{ip}，路由器型号{model}，一直掉线",
    # chat fragments / typos
    "在吗在吗",
    "{mob}",
    "电话换了 {mobs}",
    "亲 我那个件到哪了 {track}",
    "收件人改成{name}吧 我不在家",
    "老板 {model}还有货没 {price}能不能便宜点",
    "额。。我发错了，手机号是{mob}不是刚才那个",
    "邮箱：{mail}",
    "我叫{name}，就是刚刚下单那个",
    "住址{addr}，快点发货呀",
)

TEMPLATES_ZH_NO_PII = (
    "订单{order}什么时候发货？我{date}就下单了",
    "快递单号{track}显示已签收，但是我没收到啊",
    "{model}现在多少钱？活动价{price}吗",
    "我买了{qty}，只到了一半，订单号{order}",
    "优惠券{coupon}用不了，提示已过期，明明写着{date}到期",
    "验证码{code}输进去说错误，是不是系统问题",
    "订单编号{order}，物流{track}，麻烦催一下",
    "这个{model}和{model}有什么区别？差价{price}值不值",
    "订单号{badid}，怎么查不到？",
    "我的会员号是{badcard}，积分没到账",
    "流水号{badcard}，付了{price}但是显示未支付",
    "售后工单{order}，预约{date}上门，师傅没来",
    "{date}之前能到吗？急用，买的{model}",
    "为什么{price}的东西运费还要收？",
    "退货单{order}已经寄回了，单号{track}",
    "这个东西质量太差了，用了不到三天就坏了，要求退货！",
    "你好请问有人吗，我想咨询一下保修政策",
    "批号{badid}的那批货有问题吗",
    "合同编号{badid}，请确认付款进度",
    "请问{model}支持{date}发货吗？要{qty}",
    "订单{order}和订单{order}能合并发货吗",
    "价格保护怎么申请？我{date}买的{price}，现在降到{price}了",
)

TEMPLATES_EN = (
    "Hi, my name is {nameen}, order {order} never arrived. You can reach me at {mobs} or {mail}.",
    "Please change the shipping address to {addren}. Phone: {mobs}. Thanks!",
    "I was charged twice ({price}) on my card {cardg}, please refund asap",
    "This is {nameen} from ABC Trading, send the invoice to {mail}",
    "hey my account got logged in from {ip}, not me!! reset pls",
    "passport no. {pp}, name {nameen}, need it for the customs form",
    "Ship to: {nameen}, {addren}, tel {mobs}",
    "收件人 {nameen}，地址 {addren}，phone {mobs}",
    "my id card is {id}, why does verification keep failing?",
    "call me at {tel} after 3pm, thx — {nameen}",
    "Refund to card {card} please, order {order}",
    "I'm {nameen}. the {model} I bought on {dateen} is broken, tracking {track}",
)

TEMPLATES_EN_NO_PII = (
    "Where is my package? Tracking {track}, ordered on {dateen}.",
    "Is the {model} in stock? I need {qty} units, budget {price}.",
    "Coupon {coupon} doesn't work at checkout, order {order}.",
    "My member number {badcard} shows zero points, please check",
    "Order {order} arrived damaged, can I get a replacement?",
    "what's the warranty on the {model}? bought it for {price}",
)


def fill(template: str) -> dict[str, object]:
    """Assemble one case, recording each slot's span as it is appended."""
    text, pii, non_pii = "", [], []
    for part in re.split(r"(\{[a-z]+\})", template):
        if part.startswith("{") and part.endswith("}"):
            gen, label = SLOTS[part[1:-1]]
            value = gen()
            span = {"type": label, "start": len(text), "end": len(text) + len(value)}
            (pii if label in PII_TYPES else non_pii).append(span)
            text += value
        else:
            text += part
    return {"text": text, "pii": pii, "non_pii": non_pii, "source": "blind"}


def schedule() -> list[str]:
    """Every template at least once, the rest weighted so ~80 % Chinese and ~25 % no PII."""
    pools = (
        (TEMPLATES_ZH, 0.63),
        (TEMPLATES_ZH_NO_PII, 0.15),
        (TEMPLATES_EN, 0.17),
        (TEMPLATES_EN_NO_PII, 0.05),
    )
    chosen = [t for pool, _ in pools for t in pool]
    while len(chosen) < N_LINES:
        pool = rng.choices([p for p, _ in pools], weights=[w for _, w in pools])[0]
        chosen.append(rng.choice(pool))
    rng.shuffle(chosen)
    return chosen


def check(case: dict[str, object]) -> None:
    text = case["text"]
    assert isinstance(text, str)
    spans = sorted(case["pii"] + case["non_pii"], key=lambda s: s["start"])  # type: ignore[operator]
    for a, b in itertools.pairwise(spans):
        assert a["end"] <= b["start"], (text, a, b)
    for s in spans:
        assert 0 <= s["start"] < s["end"] <= len(text)
    for s in case["pii"]:  # type: ignore[attr-defined]
        value = text[s["start"] : s["end"]].replace(" ", "")
        if s["type"] == "id_number":
            assert id_check(value[:17]) == value[17]
        if s["type"] == "bank_card":
            assert luhn_digit(value[:-1]) == value[-1] and 16 <= len(value) <= 19


def main() -> None:
    n_templates = len(TEMPLATES_ZH) + len(TEMPLATES_ZH_NO_PII) + len(TEMPLATES_EN) + len(TEMPLATES_EN_NO_PII)
    cases = [fill(t) for t in schedule()]
    for case in cases:
        check(case)
    with OUT.open("w", encoding="utf-8") as fh:
        for case in cases:
            fh.write(json.dumps(case, ensure_ascii=False) + "\n")
    n_pii = sum(len(c["pii"]) for c in cases)  # type: ignore[arg-type,misc]
    n_non = sum(len(c["non_pii"]) for c in cases)  # type: ignore[arg-type,misc]
    empty = sum(1 for c in cases if not c["pii"])
    print(
        f"{len(cases)} cases from {n_templates} templates, {n_pii} PII spans, {n_non} non-PII spans, "
        f"{empty} without PII -> {OUT}"
    )


if __name__ == "__main__":
    main()
