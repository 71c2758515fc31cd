"""Generate evals/safety/pii_blind2.jsonl: a second blind held-out PII set.

Written without looking at the detector or the other PII sets. Standard library only,
fixed seed, so the output is reproducible:

    python evals/safety/make_pii_blind2.py

Each line: {"text", "pii": [{type,start,end}], "non_pii": [{type,start,end}], "source": "blind2"}.
Offsets are validated (text[start:end] equals the generated entity, spans never overlap).
"""

from __future__ import annotations

import itertools
import json
import random
import re
from collections.abc import Callable
from pathlib import Path

SEED = 20261125
OUT = Path(__file__).with_name("pii_blind2.jsonl")
rng = random.Random(SEED)

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def maybe_full_width(s: str, p: float = 0.12) -> str:
    return s.translate(FULL_WIDTH) if rng.random() < p else s


def digits(n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


# ---------------------------------------------------------------- ID numbers
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
REGIONS = (
    "110101", "110105", "110108", "310104", "310115", "320102", "320583", "330106", "330203",
    "340104", "350203", "370202", "410105", "420106", "430104", "440106", "440305", "441900",
    "450103", "500103", "510107", "530102", "610113", "120104", "130102", "210202", "220104",
)


def id_check(body: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def id_body() -> str:
    year = rng.randint(1958, 2005)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    return f"{rng.choice(REGIONS)}{year}{month:02d}{day:02d}{digits(3)}"


def gen_id() -> str:
    body = id_body()
    check = id_check(body)
    if check == "X" and rng.random() < 0.2:
        check = "x"
    return maybe_full_width(body + check, 0.1)


def gen_bad_id() -> str:
    body = id_body()
    good = id_check(body)
    return body + rng.choice([c for c in "0123456789X" if c != good])


# ---------------------------------------------------------------- bank cards
BINS = (
    ("622202", (16, 19)), ("622848", (19,)), ("621700", (19,)), ("622588", (16,)),
    ("625807", (16,)), ("628288", (16,)), ("621226", (19,)), ("622700", (19,)),
    ("621483", (16,)), ("625966", (16,)), ("622609", (16,)), ("436742", (16,)),
    ("427020", (16,)), ("489592", (16,)), ("453242", (16,)),
    ("514321", (16,)), ("526836", (16,)), ("539867", (16,)), ("552801", (16,)),
)


def luhn_ok(num: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(num)):
        d = int(c)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_complete(partial: str) -> str:
    for d in "0123456789":
        if luhn_ok(partial + d):
            return partial + d
    raise AssertionError


def group(num: str) -> str:
    r = rng.random()
    if r < 0.6:
        return num
    sep = " " if r < 0.85 else "-"
    return sep.join(num[i:i + 4] for i in range(0, len(num), 4))


def gen_card() -> str:
    bin_, lengths = rng.choice(BINS)
    length = rng.choice(lengths)
    num = luhn_complete(bin_ + digits(length - len(bin_) - 1))
    return maybe_full_width(group(num), 0.08)


def gen_bad_card() -> str:
    bin_, _ = rng.choice(BINS)
    num = luhn_complete(bin_ + digits(9))
    last = int(num[-1])
    return num[:-1] + str((last + rng.randint(1, 9)) % 10)


# ---------------------------------------------------------------- phones
MOBILE_PREFIX = ("130", "131", "132", "135", "136", "137", "138", "139", "147", "150", "151", "152",
                 "155", "157", "158", "159", "166", "172", "176", "177", "180", "181", "183", "185",
                 "186", "187", "188", "189", "191", "195", "198", "199")


def gen_mobile() -> str:
    n = rng.choice(MOBILE_PREFIX) + digits(8)
    r = rng.random()
    if r < 0.55:
        s = n
    elif r < 0.65:
        s = "+86" + n
    elif r < 0.72:
        s = "+86 " + n
    elif r < 0.77:
        s = "0086-" + n
    elif r < 0.88:
        s = f"{n[:3]} {n[3:7]} {n[7:]}"
    else:
        s = f"{n[:3]}-{n[3:7]}-{n[7:]}"
    return maybe_full_width(s, 0.1)


LANDLINE_AREAS = (("010", 8), ("021", 8), ("020", 8), ("0755", 8), ("0571", 8), ("025", 8), ("028", 8),
                  ("027", 8), ("0512", 8), ("0592", 7), ("0731", 8), ("029", 8), ("0898", 7))


def gen_landline() -> str:
    area, n = rng.choice(LANDLINE_AREAS)
    num = rng.choice("2345678") + digits(n - 1)
    r = rng.random()
    if r < 0.45:
        s = f"{area}-{num}"
    elif r < 0.6:
        s = f"{area} {num[:4]} {num[4:]}"
    elif r < 0.75:
        s = f"({area}){num}"
    elif r < 0.85:
        s = f"（{area}）{num}"
    else:
        s = f"{area}{num}"
    if rng.random() < 0.25:
        s += rng.choice(("转", "-", " ext. ", "转分机")) + digits(rng.choice((3, 4)))
    return s


# ---------------------------------------------------------------- email / ip / passport / plate
MAIL_USERS = ("zhangwei", "lina_88", "chen.hao", "xiaoyu1999", "wangfang.work", "liu-jie", "tommy.lee",
              "sarah.k", "jun_yang", "happycat", "mike2024", "huang.ting", "zzq", "annie.wu", "dr.zhou")
MAIL_DOMAINS = ("qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "sina.com", "foxmail.com",
                "hotmail.com", "yahoo.co.jp", "huawei-partner.cn", "sjtu.edu.cn", "company.com.cn")


def gen_email() -> str:
    user = rng.choice(MAIL_USERS)
    if rng.random() < 0.4:
        user += str(rng.randint(1, 999))
    if rng.random() < 0.2:
        return f"{digits(rng.randint(6, 10)).lstrip('0') or '1'}@qq.com"
    return f"{user}@{rng.choice(MAIL_DOMAINS)}"


def gen_ip() -> str:
    if rng.random() < 0.18:
        groups = ["240e", format(rng.randint(0, 0xFFF), "x"), format(rng.randint(0, 0xFFFF), "x")]
        tail = [format(rng.randint(0, 0xFFFF), "x") for _ in range(rng.choice((2, 5)))]
        sep = "::" if len(tail) == 2 else ":"
        return ":".join(groups) + sep + ":".join(tail)
    first = rng.choice((36, 58, 101, 114, 117, 120, 183, 202, 203, 223, 192, 10, 172))
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def gen_passport() -> str:
    return rng.choice("EEEG") + digits(8)


PLATE_PROV = "京沪粤浙苏川鄂湘鲁豫闽津渝陕"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def gen_plate() -> str:
    prov = rng.choice(PLATE_PROV) + rng.choice(PLATE_LETTERS[:8])
    dot = "·" if rng.random() < 0.4 else ""
    if rng.random() < 0.25:
        tail = rng.choice("DF") + digits(5)
    else:
        tail = "".join(rng.choice(PLATE_LETTERS[:20] + "0123456789" * 3) for _ in range(5))
    return prov + dot + tail


# ---------------------------------------------------------------- names
SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
            "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "董", "程", "曹", "袁", "邓",
            "许", "沈", "曾", "彭", "苏", "蒋", "蔡", "丁", "魏", "叶", "潘", "杜", "夏", "钟", "田", "姜",
            "范", "石", "谭", "廖", "熊", "陆", "崔", "欧阳", "司马", "诸葛", "上官")
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红梅"
    "海燕宇浩然子涵欣怡思远俊杰佳琪雨婷晨曦志强文博一鸣若曦天佑"
)


def gen_name() -> str:
    n = rng.choice((1, 2, 2, 2))
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(n))


EN_FIRST = ("James", "Emily", "Michael", "Olivia", "Daniel", "Sophia", "David", "Grace", "Kevin", "Linda",
            "Wei", "Mei", "Ryan", "Hannah", "Carlos", "Priya", "Thomas", "Chloe")
EN_LAST = ("Smith", "Johnson", "Brown", "Nguyen", "Garcia", "Miller", "Wilson", "Chen", "Wong", "Patel",
           "Anderson", "Taylor", "O'Brien", "Kowalski", "Schmidt")


def gen_ename() -> str:
    return f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"


# ---------------------------------------------------------------- addresses
CITIES = (
    ("北京市", "朝阳区"), ("北京市", "海淀区"), ("上海市", "浦东新区"), ("上海市", "徐汇区"),
    ("广东省广州市", "天河区"), ("广东省深圳市", "南山区"), ("浙江省杭州市", "西湖区"),
    ("江苏省南京市", "鼓楼区"), ("四川省成都市", "武侯区"), ("湖北省武汉市", "洪山区"),
    ("陕西省西安市", "雁塔区"), ("重庆市", "渝北区"), ("福建省厦门市", "思明区"), ("山东省青岛市", "市南区"),
    ("湖南省长沙市", "岳麓区"), ("天津市", "南开区"), ("江苏省苏州市", "工业园区"),
)
ROADS = ("建国路", "张江路", "科技园南路", "文三路", "中山北路", "天府大道", "珞喻路", "雁塔北路", "长江路",
         "人民南路", "解放大道", "金科路", "星湖街", "麓山南路", "香港中路", "湖滨路", "龙华大道")
ESTATES = ("阳光花园", "万科城", "绿地中心", "碧桂园", "锦绣家园", "中海国际社区", "保利香槟国际",
           "融创壹号院", "软件园二期", "", "", "")


def gen_addr() -> str:
    prov_city, district = rng.choice(CITIES)
    lead = prov_city + district if rng.random() < 0.7 else (prov_city.split("省")[-1] + district)
    road = rng.choice(ROADS)
    no = f"{rng.randint(1, 999)}号"
    if rng.random() < 0.15:
        no = f"{rng.randint(10, 999)}弄{rng.randint(1, 60)}号"
    estate = rng.choice(ESTATES)
    b = rng.randint(1, 30)
    r = rng.random()
    if r < 0.4:
        tail = f"{b}栋{rng.randint(1, 6)}单元{rng.randint(1, 33)}0{rng.randint(1, 4)}室"
    elif r < 0.7:
        tail = f"{b}号楼{rng.randint(1, 4)}单元{rng.randint(1, 28)}0{rng.randint(1, 6)}"
    elif r < 0.85:
        tail = f"{rng.choice('ABCD')}座{rng.randint(3, 40)}层{rng.randint(1, 20):02d}室"
    else:
        tail = f"{rng.randint(101, 2808)}室"
    return maybe_full_width(lead + road + no + estate + tail, 0.05)


EN_STREETS = ("Maple Ave", "Oak Street", "Sunset Blvd", "King's Road", "Queen St W", "Elm Drive",
              "Harbour Road", "Nathan Road", "Market Street", "Pine Lane")
EN_CITIES = ("Seattle, WA 98101", "San Jose, CA 95112", "Toronto, ON M5V 2T6", "London SW3 4RY",
             "Austin, TX 78701", "Wan Chai, Hong Kong", "Vancouver, BC V6B 1A1", "Sydney NSW 2000")


def gen_eaddr() -> str:
    unit = rng.choice(("", f"Apt {rng.randint(1, 30)}{rng.choice('ABCD')}, ",
                       f"Unit {rng.randint(100, 2500)}, ", f"Flat {rng.randint(1, 40)}, ",
                       f"Suite {rng.randint(100, 900)}, "))
    return f"{rng.randint(1, 9999)} {rng.choice(EN_STREETS)}, {unit}{rng.choice(EN_CITIES)}"


# ---------------------------------------------------------------- non-PII
def gen_order() -> str:
    r = rng.random()
    if r < 0.35:
        return "XH" + digits(12)
    if r < 0.65:
        return "DD2026" + f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" + digits(rng.choice((6, 8)))
    return "2026" + digits(rng.choice((12, 14, 16)))


def gen_track() -> str:
    r = rng.random()
    if r < 0.35:
        return "SF" + digits(12)
    if r < 0.55:
        return "YT" + digits(13)
    if r < 0.75:
        return "JDVA" + digits(11)
    return "75" + digits(13)


MODELS = ("iPhone 16 Pro", "iPhone 15", "Mate 70", "Mate 60 Pro+", "RTX 4090", "SM-S9280", "小米14 Ultra",
          "MacBook Air M3", "Redmi K70", "OPPO Find X8", "vivo X200", "AirPods Pro 2", "iPad Pro 13",
          "ThinkPad X1 Carbon Gen 12", "Galaxy S24", "RX 7900 XTX", "nova 12", "Apple Watch S10",
          "WH-1000XM5", "Switch OLED", "DJI Mini 4 Pro", "荣耀Magic6", "美的KFR-35GW", "海尔BCD-470")


def gen_model() -> str:
    return rng.choice(MODELS)


def gen_price() -> str:
    r = rng.random()
    amount = rng.choice((2999, 1299, 89, 6499, 15999, 328, 4799, 59, 12999, 799, 199, 2388))
    if r < 0.3:
        return f"¥{amount}"
    if r < 0.5:
        return f"{amount:,}.00元"
    if r < 0.7:
        return f"{amount}块"
    if r < 0.85:
        return f"￥{amount}.{rng.randint(0, 99):02d}"
    return f"${amount // 7}.99"


def gen_date() -> str:
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    r = rng.random()
    if r < 0.3:
        return f"2026年{m}月{d}日"
    if r < 0.5:
        return f"2026-{m:02d}-{d:02d}"
    if r < 0.65:
        return f"{m}月{d}号"
    if r < 0.8:
        return f"2026/{m}/{d} {rng.randint(8, 22)}:{rng.randint(0, 59):02d}"
    return f"{m}.{d}"


def gen_time() -> str:
    return rng.choice((f"{rng.randint(8, 22)}:{rng.randint(0, 59):02d}", f"下午{rng.randint(1, 6)}点",
                       f"晚上{rng.randint(7, 10)}点半", f"上午{rng.randint(9, 11)}点{rng.randint(10, 50)}分"))


def gen_qty() -> str:
    return f"{rng.randint(1, 12)}{rng.choice(('件', '台', '个', '箱', '盒', '双', '套'))}"


def gen_coupon() -> str:
    return rng.choice(("QX", "VIP", "DOUBLE11-", "NEW", "MJ")) + "".join(
        rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(rng.randint(5, 8)))


def gen_vcode() -> str:
    return digits(rng.choice((4, 6)))


def gen_invoice() -> str:
    return digits(rng.choice((8, 20)))


def gen_ecard_last() -> str:
    return digits(4)


GENERATORS: dict[str, tuple[Callable[[], str], str, bool]] = {
    "name": (gen_name, "person", True),
    "ename": (gen_ename, "person", True),
    "id": (gen_id, "id_number", True),
    "card": (gen_card, "bank_card", True),
    "mob": (gen_mobile, "mobile", True),
    "tel": (gen_landline, "landline", True),
    "email": (gen_email, "email", True),
    "addr": (gen_addr, "address", True),
    "eaddr": (gen_eaddr, "address", True),
    "passport": (gen_passport, "passport", True),
    "plate": (gen_plate, "license_plate", True),
    "ip": (gen_ip, "ip", True),
    "order": (gen_order, "order_no", False),
    "track": (gen_track, "tracking_no", False),
    "model": (gen_model, "model", False),
    "price": (gen_price, "price", False),
    "date": (gen_date, "date", False),
    "time": (gen_time, "date", False),
    "qty": (gen_qty, "quantity", False),
    "coupon": (gen_coupon, "other_number", False),
    "vcode": (gen_vcode, "other_number", False),
    "badid": (gen_bad_id, "other_number", False),
    "badcard": (gen_bad_card, "other_number", False),
    "invoice": (gen_invoice, "other_number", False),
    "last4": (gen_ecard_last, "other_number", False),
}

# ---------------------------------------------------------------- templates
# Messages that contain personal data (Chinese first, colloquial, sometimes sloppy).
PII_TEMPLATES_ZH = (
    "在吗在吗？？我那个订单{order}到现在还没发货，急死了，收件人{name}，电话{mob}，麻烦催一下",
    "你好，我想改一下收货地址，原来填错了，新地址是{addr}，手机号不变还是{mob}",
    "退款申请提交三天了一点动静都没有！！！订单{order}，退到我尾号{last4}那张卡就行，实在不行退到{card}",
    "开发票抬头写个人，{name}，身份证{id}，邮箱{email}发电子票就好，谢谢亲",
    "账号被锁了，客服让我提供身份证号码验证，{id}，绑定手机{mob}，快点帮我解开吧",
    "麻烦转告{name}，她买的{model}已经到{addr}楼下了，让她下来拿一下",
    "我是{name}，上周在你们店买了{qty}{model}，有一台开不了机，保修能不能上门？我家座机{tel}",
    "快递{track}显示签收了但我根本没收到啊，我住{addr}，谁签的？？",
    "您好，我的银行卡号{card}，户名{name}，之前那笔{price}的退款请打到这张卡上",
    "{name}先生您好，这边是售后回访，请问{model}使用还满意吗？如有问题可拨打{tel}",
    "寄给{name}，{mob}，{addr}，周末也能收，别打座机",
    "我叫{name}，护照号{passport}，出国前要把发票邮件寄到{email}，来得及吗",
    "你们师傅上门装空调，车牌{plate}停在小区门口被贴条了，说是你们公司的车，联系人{name}电话{mob}",
    "昨晚有人用IP {ip}登录我的账号，不是我本人！我的注册邮箱{email}，请马上冻结",
    "联系人：{name}\n电话：{mob}\n地址：{addr}\n备注：{date}之前送到，谢谢",
    "投诉！！配送员态度太差了，我打他电话{mob}他还挂我电话，我的订单{order}，收件人是我老婆{name}",
    "姓名{name}，身份证号{id}，申请实名认证一直失败是什么原因",
    "麻烦把发票寄到{addr}，{name}收，手机{mob}，税号和金额{price}都没问题吧",
    "hello 客服，我的卡{card}被扣了两次{price}，订单{order}，请核实并退还多扣的钱",
    "收件人：{name}、{name}（两个人都可以签收），电话分别是{mob}和{mob}",
    "我要换货，{model}屏幕有坏点，寄回地址给我一下，我这边是{name}，联系方式{mob}",
    "我在{date}买的，现在过了七天了还能退不？我手机号{mob}，用户名就是手机号",
    "亲，我的快递地址写的是{addr}，可是物流显示到了别的城市，单号{track}",
    "{name}女士的会员积分没到账，她让我帮忙问，她手机{mob}，注册邮箱{email}",
    "请问开增值税专票要提供什么？我们公司联系人{name}，座机{tel}，邮箱{email}",
    "验证身份用的：身份证{id}，预留手机{mob}，银行卡{card}，麻烦尽快办理",
    "退货已经寄出去了，顺丰单号{track}，退款请原路返回，如果原路不行就打到{card}，开户名{name}",
    "我老公{name}帮我下的单，他的手机号{mob}打不通的话就打我的{mob}",
    "停车场出口拍到的车牌是{plate}，就是这辆车把我买的{model}撞坏了，送货员叫{name}",
    "我家地址：{addr}。我白天上班不在家，放门口或者丰巢都行",
    "你们APP登录提示异地登录，IP是{ip}，我人在上海从没去过那边，账号绑定邮箱{email}",
    "发票信息：抬头{name}，邮箱{email}，金额{price}，订单号{order}",
    "办理保修需要购买凭证吗？我叫{name}，买的{model}，序列号和发票都在，电话{tel}",
    "能不能帮我查下身份证{id}名下有几个账号？我怀疑被人冒用了",
    "刚才那个电话{mob}是你们客服打的吗？说我中奖了要我提供银行卡{card}，是不是骗子",
    "我人在国外，用护照{passport}注册的，现在换新护照了号码是{passport}，怎么更新",
    "配送员{name}说放在{addr}的快递柜里了，但我去看了没有",
    "电子发票发到{email}，纸质的就不要了，谢谢{name}",
    "有问题找我们行政{name}，座机{tel}，或者直接发邮件{email}",
    "充电桩安装要登记车辆信息，车牌{plate}，车主{name}，身份证{id}",
    "收货人改成{name}吧，电话{mob}，其他信息不变，订单{order}",
    "——\n以上，有问题随时联系\n{name}\n{mob}",
    "我昨天下午在线上付了{price}，卡号是{card}，到现在订单还显示待支付",
    "投诉编号给我一个，我要投诉你们{date}那个客服，我的号码{mob}，我姓名{name}",
    "帮我备注一下：不要打{tel}，那是公司电话，打手机{mob}",
    "门牌号写错了，正确的是{addr}，收件人{name}不变",
    "我手机号{mob}收不到验证码，验证码应该是{vcode}开头的那种吧？账号邮箱{email}",
    "拜托拜托，老人家不会用手机，有事打家里座机{tel}，找{name}就行",
    "麻烦给{name}回个电话{mob}，她说买的{qty}{model}少发了一个",
    "这是我新的收货地址{addr}，之前那个{addr}不要再寄了",
    "服务器被封了？我们出口IP是{ip}和{ip}，麻烦加白名单，负责人{name}",
    "退款请转到{card}（{name}），谢谢，这是第三次提了",
    "我用的是{name}的身份证{id}实名的，现在想转到我自己名下可以吗",
    "送货司机开的{plate}，我看到他把箱子扔地上了，我要投诉",
    "你好我是{name}，手机{mob}，邮箱{email}，地址{addr}，上面就是全部信息了",
    "预约{date}{time}上门安装，地址{addr}，联系{name}{mob}",
    "账户里绑定的银行卡{card}已经注销了，帮我解绑，我本人{name}",
    "兄弟帮个忙，把我的订单{order}转给{name}，她电话{mob}",
)

PII_TEMPLATES_EN = (
    "Hi, my name is {ename} and I never received order {order}. Please call me at {mob}.",
    "Please ship the replacement {model} to {eaddr}. Thanks, {ename}",
    "to: {ename}\ncc: {ename}\nRe: refund for order {order} ({price})",
    "I was charged twice on my card {card} for {price}. Can you refund one of them?",
    "Please update my email to {email}, the old one was hacked. Login came from {ip}.",
    "Hello, this is {ename}. My passport number is {passport}, do you need it for the invoice?",
    "Delivery address: {eaddr}. Contact: {ename}, phone {mob}, email {email}.",
    "Someone logged in from {ip} at {time}, that was not me! Account email {email}.",
    "Can you send the warranty card to {ename} at {email}? Our office line is {tel}.",
    "我的英文名{ename}，shipping to {eaddr}，phone {mob}，thx",
    "Refund please to card {card}, card holder {ename}. Order {order}, tracking {track}.",
    "My wife {ename} placed the order, her number is {mob}. Could you change the address to {addr}?",
    "Dear support,\nthe {model} I bought on {date} stopped working.\nBest regards,\n{ename}\n{mob}",
    "Our server IP {ip} is blocked by your API, please whitelist it. Contact {ename}, {email}.",
    "hey pls dont call {tel}, thats my work line, use {mob} instead",
)

NONPII_TEMPLATES = (
    "订单{order}什么时候发货啊？都{date}了还没动静",
    "快递单号{track}好几天没更新了，是不是丢件了",
    "{model}现在多少钱？我看活动价是{price}，能再便宜点不",
    "我买了{qty}，只到了一部分，订单号{order}",
    "优惠券{coupon}用不了，提示已过期，可是有效期到{date}啊",
    "验证码{vcode}，我收到了但是输进去说错误",
    "{model}和{model}哪个好？预算{price}左右",
    "我在{date}下的单，订单{order}，物流{track}，到现在还在中转",
    "发票号码{invoice}，金额{price}，麻烦帮我红冲一下",
    "这个编号{badid}是你们系统里的工单号吗？我看着像身份证但不是",
    "会员卡号{badcard}，积分怎么查不到了",
    "请问{model}支持{qty}起批吗？单价{price}可以的话我们下单",
    "退款{price}什么时候到账？申请时间{date}{time}",
    "Order {order} shows delivered but tracking {track} says in transit. What's going on?",
    "Is the {model} still {price}? I want {qty}.",
    "Coupon code {coupon} doesn't work on order {order}, please check.",
    "昨天{time}在直播间抢的{model}，{price}，订单{order}，能保价吗",
    "工单{badid}处理到哪一步了？已经等了一周",
    "保修卡上的序列号{badcard}，是不是要登记一下才能保修",
    "你们是不是把{order}和{order}两个订单搞混了，{qty}变成了一件",
    "换货的新单号是{track}吗？原单号{track}",
    "{date}之前能送到吗？急用，买的是{model}",
    "这单{order}用了券{coupon}，实付{price}，发票能开全额吗",
    "退货运费{price}谁出？东西是{model}，包装都还在",
    "您好，请问{date}有没有满减活动？想买{qty}{model}",
    "提现失败，流水号{invoice}，金额{price}",
    "物流{track}显示{date}已签收，但我没收到，麻烦查一下监控",
    "我的积分兑换码{coupon}，兑换了{qty}但只到一个",
)


PLACEHOLDER = re.compile(r"\{(\w+)\}")


def render(template: str) -> dict[str, object]:
    text = ""
    pii: list[dict[str, object]] = []
    non_pii: list[dict[str, object]] = []
    pos = 0
    for m in PLACEHOLDER.finditer(template):
        text += template[pos:m.start()]
        gen, etype, is_pii = GENERATORS[m.group(1)]
        value = gen()
        span = {"type": etype, "start": len(text), "end": len(text) + len(value), "_value": value}
        (pii if is_pii else non_pii).append(span)
        text += value
        pos = m.end()
    text += template[pos:]
    text = maybe_sloppy(text)
    return {"text": text, "pii": pii, "non_pii": non_pii, "source": "blind2"}


def maybe_sloppy(text: str) -> str:
    """Append colloquial tails; never changes offsets of entities already placed."""
    if rng.random() < 0.2:
        text += rng.choice(("，谢谢", "！！", "。。。", " 急", "～", "哈", " thx", "，麻烦了亲"))
    return text


def validate(line: dict[str, list[dict[str, object]]]) -> None:
    """Check every span against the generated value, then drop the value."""
    text = str(line["text"])
    spans = []
    for span in line["pii"] + line["non_pii"]:
        start, end = int(str(span["start"])), int(str(span["end"]))
        assert text[start:end] == span.pop("_value"), f"bad offsets in {text!r}"
        spans.append((start, end))
    spans.sort()
    for (_, e1), (s2, _) in itertools.pairwise(spans):
        assert e1 <= s2, f"overlap in {text!r}"
    for s, e in spans:
        assert 0 <= s < e <= len(text), text
        assert text[s:e].strip() == text[s:e], f"whitespace edge {text[s:e]!r}"


def main() -> None:
    lines: list[dict[str, object]] = []
    pii_templates = PII_TEMPLATES_ZH + PII_TEMPLATES_EN
    # ~75 % with PII: every template three times; ~25 % without PII.
    for t in pii_templates * 3:
        lines.append(render(t))
    for t in NONPII_TEMPLATES * 3:
        lines.append(render(t))
    rng.shuffle(lines)
    for line in lines:
        validate(line)  # type: ignore[arg-type]
    with OUT.open("w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    n_pii = sum(1 for line in lines if line["pii"])
    print(f"wrote {len(lines)} lines ({n_pii} with PII, {len(lines) - n_pii} without) to {OUT}")


if __name__ == "__main__":
    main()
