# ruff: noqa: E501 - the templates are data, one message per line
"""Write ``pii_blind3.jsonl``: a third blind held-out PII set for kefu.

Written without opening the detectors (``kefu.safety``), the evaluation code
(``kefu.improve``), the tests or the other case files. Every template and value
list below is the writer's own. Standard library only; a fixed seed makes the
output byte-identical on every run.

Each line: ``{"text", "pii": [{"type","start","end"}], "non_pii": [...], "source"}``
with Python string offsets (end-exclusive) recorded while the text is assembled.

Run: ``python evals/safety/make_pii_blind3.py`` (prints the counts it wrote).
"""

from __future__ import annotations

import json
import random
import re
import string
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

SEED = 31337_2026
N_LINES = 400
SOURCE = "blind3"
OUT = Path(__file__).with_name("pii_blind3.jsonl")

rng = random.Random(SEED)


T = TypeVar("T")


def pick(seq: Sequence[T]) -> T:
    return seq[rng.randrange(len(seq))]


def digits(n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


FULLWIDTH = str.maketrans("0123456789+-", "０１２３４５６７８９＋－")


def fullwidth(s: str) -> str:
    return s.translate(FULLWIDTH)


# --------------------------------------------------------------------------- checksums

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    """GB 11643-1999 check character of the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def id_checksum_ok(s: str) -> bool:
    return (
        len(s) == 18
        and s[:17].isdigit()
        and id_check_char(s[:17]) == s[17].upper()
    )


def luhn_ok(number: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(number)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(body: str) -> str:
    """Append the Luhn check digit to ``body``."""
    for d in "0123456789":
        if luhn_ok(body + d):
            return body + d
    raise AssertionError("unreachable")


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc_check(first17: str) -> str:
    """GB 32100-2015 check character of a unified social credit code."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


# --------------------------------------------------------------------------- value lists

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹孟熊秦邱江尹薛闫段雷侯史陶黎贺顾毛郝"
    "龚邵万严覃武戴莫孔向汤岳柳庞翟牛樊葛乔滕裴鲁"
)
COMPOUND_SURNAMES = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "令狐", "尉迟", "公孙",
    "长孙", "宇文", "司徒", "夏侯", "端木", "澹台",
]
GIVEN_ONE = list("伟芳敏静磊军洋勇艳杰娟涛超霞刚婷斌琳宇浩凯鹏帆璐蕾昊晨瑶岚鑫琪彬莉雯")
GIVEN_TWO = [
    "建国", "志强", "秀英", "桂兰", "海燕", "晓东", "子涵", "梓萱", "浩然", "雨桐",
    "思远", "文博", "佳怡", "欣妍", "俊杰", "国庆", "春梅", "玉珍", "德明", "永红",
    "丽华", "宏伟", "婉清", "一鸣", "若曦", "天佑", "明轩", "诗琪", "晓燕", "立新",
    "少华", "美玲", "振宇", "家豪", "雅婷", "冬梅", "建军", "淑芬", "宇航", "梦洁",
    "卫东", "瑞雪", "嘉懿", "子墨", "金凤", "长青", "书瑶", "亦辰", "海涛", "秋菊",
    "光明", "晓峰", "丹丹", "欢欢", "佳琪", "锦程", "凤英", "守仁", "乐天", "静怡",
]

EN_FIRST = [
    "James", "Olivia", "Michael", "Sophie", "Daniel", "Emily", "Ethan", "Hannah", "Lucas",
    "Grace", "Oliver", "Chloe", "Ryan", "Megan", "Nathan", "Isabel", "Kevin", "Rachel",
    "Priya", "Ahmed", "Yuki", "Mateo", "Fatima", "Liam", "Aisha", "Connor", "Natalie",
    "Tom", "Wei", "Jessica", "Andrew", "Mei", "Brian", "Laura", "Samuel", "Victoria",
]
EN_LAST = [
    "Thompson", "Walker", "O'Connor", "Fischer", "Nakamura", "Patel", "Rossi", "Kowalski",
    "Hughes", "Bennett", "Chen", "Wang", "Liu", "Zhang", "Huang", "Lee", "Murphy",
    "Schneider", "Garcia", "Haddad", "Martin", "Campbell", "Evans", "Brooks", "Sullivan",
    "Novak", "Andersson", "Tanaka", "Morgan", "Reyes", "Clarke", "Nguyen",
]

# (region code, place) for ID numbers: the codes are real district codes.
REGION_CODES = [
    "110105", "110108", "110101", "120103", "130102", "130604", "140105", "150102",
    "210102", "210202", "220104", "230103", "310104", "310115", "310110", "320102",
    "320506", "320583", "330106", "330206", "330282", "340104", "350203", "350583",
    "360102", "370202", "370685", "410105", "420106", "420111", "430104", "440106",
    "440305", "440304", "441900", "445202", "450103", "460106", "500103", "500112",
    "510104", "510107", "520102", "530102", "540102", "610113", "620102", "630104",
    "640104", "650102", "371302", "411302", "421083", "513901",
]

# BIN prefix, total length.
CARD_BINS = [
    ("622202", 19), ("621226", 19), ("620200", 19), ("622848", 19), ("622845", 19),
    ("621700", 19), ("622700", 19), ("436742", 16), ("621661", 19), ("621785", 19),
    ("456351", 16), ("622588", 16), ("621483", 16), ("439225", 16), ("622262", 19),
    ("622260", 19), ("621799", 19), ("622188", 19), ("622690", 16), ("433670", 16),
    ("622521", 16), ("622909", 19), ("622155", 16), ("623058", 19), ("622660", 16),
    ("622622", 16), ("625802", 16), ("628288", 16), ("453201", 16), ("476173", 16),
    ("400115", 16), ("542418", 16), ("552399", 16), ("510510", 16), ("222100", 16),
    ("356600", 16), ("601100", 16), ("491182", 16),
]

BANKS = [
    "工商银行", "工行", "建设银行", "建行", "农业银行", "中国银行", "招商银行", "招行",
    "交通银行", "邮储银行", "浦发", "中信银行", "兴业银行", "平安银行", "光大银行", "民生银行",
]
BANKS_EN = ["ICBC", "Bank of China", "HSBC", "China Merchants Bank", "Citibank", "CCB", "Chase"]

MOBILE_PREFIXES = [
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147",
    "150", "151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "175",
    "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188",
    "189", "191", "195", "198", "199",
]

# area code, digits of the local number
AREA_CODES = [
    ("010", 8), ("021", 8), ("022", 8), ("023", 8), ("020", 8), ("024", 8), ("025", 8),
    ("027", 8), ("028", 8), ("029", 8), ("0755", 8), ("0571", 8), ("0512", 8),
    ("0532", 8), ("0731", 8), ("0591", 8), ("0592", 7), ("0871", 7), ("0351", 7),
    ("0311", 8), ("0431", 8), ("0451", 8), ("0551", 7), ("0371", 8), ("0769", 8),
    ("0757", 8), ("0898", 8), ("0943", 7), ("0710", 7),
]

EMAIL_DOMAINS = [
    "qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "sina.com", "foxmail.com",
    "hotmail.com", "yahoo.co.jp", "icloud.com", "139.com", "aliyun.com",
    "huaxin-tech.com.cn", "mail.bjtu.edu.cn", "ruifeng-logistics.cn", "proton.me",
]
PINYIN = [
    "zhang", "wang", "li", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun",
    "hu", "zhu", "gao", "lin", "he", "guo", "ma", "luo", "liang", "song", "zheng", "xie",
    "han", "tang", "feng", "yu", "dong", "xiao", "cheng", "cao", "yuan", "deng", "fu",
]
PINYIN_GIVEN = [
    "wei", "fang", "min", "jing", "lei", "jun", "yang", "yong", "yan", "jie", "tao", "chao",
    "xiaoming", "haiyan", "zihan", "yutong", "jianguo", "siyuan", "jiayi", "haoran", "mengjie",
]

PROVINCES = [
    ("广东省", "深圳市", ["南山区", "福田区", "宝安区", "龙岗区", "龙华区"]),
    ("广东省", "广州市", ["天河区", "海珠区", "越秀区", "番禺区", "白云区"]),
    ("浙江省", "杭州市", ["西湖区", "滨江区", "余杭区", "拱墅区", "萧山区"]),
    ("江苏省", "南京市", ["鼓楼区", "玄武区", "江宁区", "建邺区"]),
    ("江苏省", "苏州市", ["工业园区", "姑苏区", "吴中区", "昆山市"]),
    ("四川省", "成都市", ["武侯区", "锦江区", "高新区", "青羊区", "双流区"]),
    ("湖北省", "武汉市", ["洪山区", "武昌区", "江汉区", "东湖高新区"]),
    ("山东省", "青岛市", ["市南区", "崂山区", "黄岛区", "李沧区"]),
    ("陕西省", "西安市", ["雁塔区", "碑林区", "未央区", "长安区"]),
    ("湖南省", "长沙市", ["岳麓区", "芙蓉区", "雨花区", "开福区"]),
    ("福建省", "厦门市", ["思明区", "湖里区", "集美区"]),
    ("河南省", "郑州市", ["金水区", "二七区", "郑东新区", "中原区"]),
    ("辽宁省", "沈阳市", ["和平区", "浑南区", "铁西区"]),
    ("云南省", "昆明市", ["五华区", "盘龙区", "官渡区"]),
    ("", "北京市", ["朝阳区", "海淀区", "东城区", "丰台区", "通州区", "昌平区"]),
    ("", "上海市", ["浦东新区", "徐汇区", "闵行区", "静安区", "杨浦区", "宝山区"]),
    ("", "天津市", ["南开区", "河西区", "滨海新区"]),
    ("", "重庆市", ["渝中区", "江北区", "渝北区", "沙坪坝区"]),
]
ROADS = [
    "建设路", "人民南路", "中山北路", "解放大道", "科技园南路", "文三路", "天府大道北段",
    "长江路", "五四路", "滨河西路", "东风路", "学院路", "华强北路", "南京西路", "淮海中路",
    "光谷大道", "望京街", "龙华大道", "珠江东路", "和平路", "幸福大街", "青年路", "新华西路",
    "金桥路", "高新南九道", "创业路", "丰台北路", "迎宾大道", "红旗街", "朝阳北路",
]
ESTATES = [
    "阳光花园", "翠湖苑", "金色家园", "锦绣华庭", "绿城桂花园", "万象新天", "幸福里小区",
    "枫林绿洲", "和谐家园", "明珠公寓", "紫荆苑", "星河湾", "书香名邸", "滨江一号", "世纪新城",
    "梧桐雅苑", "东方国际大厦", "创新科技园", "汇智大厦", "南湖新村",
]
RURAL = [
    ("河南省", "周口市", "郸城县", "汲冢镇", "王庄村"),
    ("安徽省", "阜阳市", "临泉县", "姜寨镇", "新华村"),
    ("山东省", "菏泽市", "曹县", "大集镇", "丁楼村"),
    ("湖南省", "邵阳市", "隆回县", "桃洪镇", "石门村"),
    ("四川省", "南充市", "仪陇县", "金城镇", "白鹤村"),
    ("江西省", "赣州市", "于都县", "贡江镇", "长岭村"),
]
EN_CITIES = [
    ("Shenzhen", "Nanshan"), ("Shanghai", "Xuhui"), ("Beijing", "Chaoyang"),
    ("Hangzhou", "Xihu"), ("Guangzhou", "Tianhe"), ("Chengdu", "Wuhou"),
]
EN_ROADS = [
    "Keyuan Road", "Huaihai Middle Road", "Jianguo Road", "Wensan Road", "Tianfu Avenue",
    "Zhujiang East Road", "Gaoxin South 7th Road",
]
FOREIGN_ADDR = [
    # street, city, postcode head, postcode length (0: "head NLL" style)
    ("Maple Avenue", "Seattle, WA", "981", 5), ("Elm Street", "Austin, TX", "787", 5),
    ("Lakeshore Drive", "Toronto, ON", "M5V", 0), ("King Street", "Sydney NSW", "20", 4),
    ("Kingsland Road", "London", "E2", 0), ("Orchard Road", "Singapore", "23", 6),
    ("Queen Street", "Auckland", "10", 4), ("Sunset Blvd", "Los Angeles, CA", "900", 5),
]

PROVINCE_CHARS = list("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青川宁琼")
PLATE_LETTERS = [c for c in string.ascii_uppercase if c not in "IO"]

PRODUCTS = [
    "卫衣", "空气炸锅", "洗面奶", "蓝牙耳机", "羽绒服", "电饭煲", "猫粮", "奶粉", "运动鞋",
    "扫地机器人", "床垫", "充电宝", "口红", "行李箱", "机械键盘", "保温杯", "纸尿裤", "茶叶",
    "吹风机", "投影仪", "儿童座椅", "榴莲", "大闸蟹", "车载冰箱",
]
PRODUCTS_EN = [
    "hoodie", "air fryer", "phone case", "pair of running shoes", "coffee machine",
    "bluetooth speaker", "desk lamp", "winter jacket", "baby stroller", "mechanical keyboard",
]
COMPANIES = [
    "深圳市华鑫科技有限公司", "杭州云帆电子商务有限公司", "上海启明贸易有限公司",
    "成都蓉锦餐饮管理有限公司", "北京智远信息技术有限公司", "武汉长风物流有限公司",
    "苏州恒达精密机械有限公司", "厦门海韵文化传媒有限公司",
]
CITIES = ["深圳", "杭州", "成都", "广州", "武汉", "西安", "南京", "长沙", "青岛", "郑州", "昆明"]
SIZES = ["42码", "M码", "XL", "39码", "165/88A", "均码"]
MODELS = [
    "iPhone 15 Pro", "iPhone 14 Pro Max", "Mate 60 Pro", "Mate X5", "RTX 4090", "RTX 4060 Ti",
    "小米14 Ultra", "Redmi K70", "Galaxy S24 Ultra", "MacBook Air M2", "iPad Air 5",
    "AirPods Pro 2", "ThinkPad X1 Carbon", "vivo X100", "OPPO Find X7", "DJI Mini 4 Pro",
    "Dyson V12", "Switch OLED", "PS5 Slim", "BCD-470WGPZV", "KFR-35GW/N8", "HG8245H",
    "SKU-HW-MT60-BLK-512", "SKU 8806094", "XS-2024-BLK-L", "RT-AX86U", "A2848",
    "EOS R50", "Kindle Paperwhite 5", "WH-1000XM5", "V3.2.1.18", "荣耀Magic6",
]


# --------------------------------------------------------------------------- PII values

def person_zh(variant: str | None = None) -> str:
    sur = pick(COMPOUND_SURNAMES) if rng.random() < 0.12 else pick(SURNAMES)
    if variant == "short" or (variant is None and rng.random() < 0.35):
        return sur + pick(GIVEN_ONE)
    return sur + pick(GIVEN_TWO)


def person_en(variant: str | None = None) -> str:
    if variant == "zh" or (variant is None and rng.random() < 0.2):
        return pick(PINYIN_GIVEN).capitalize() + " " + pick(PINYIN).capitalize()
    return pick(EN_FIRST) + " " + pick(EN_LAST)


def random_birth() -> str:
    start = date(1948, 1, 1)
    d = start + timedelta(days=rng.randrange(365 * 58))
    return d.strftime("%Y%m%d")


def id_raw() -> str:
    first17 = pick(REGION_CODES) + random_birth() + digits(3)
    return first17 + id_check_char(first17)


def id_number(variant: str | None = None) -> str:
    s = id_raw()
    v = variant or pick(["plain"] * 8 + ["space", "lower"])
    if v == "lower":
        # force an X check character now and then, written in lower case
        for _ in range(200):
            if s.endswith("X"):
                break
            s = id_raw()
        return s[:17] + s[17].lower()
    if v == "space":
        return f"{s[:6]} {s[6:14]} {s[14:]}"
    return s


def card_raw() -> str:
    bin_, length = pick(CARD_BINS)
    return luhn_complete(bin_ + digits(length - len(bin_) - 1))


def group4(s: str, sep: str) -> str:
    return sep.join(s[i:i + 4] for i in range(0, len(s), 4))


def bank_card(variant: str | None = None) -> str:
    s = card_raw()
    assert luhn_ok(s) and len(s) in (16, 19)
    v = variant or pick(["plain"] * 6 + ["space", "space", "dash"])
    if v == "space":
        return group4(s, " ")
    if v == "dash":
        return group4(s, "-")
    return s


def mobile(variant: str | None = None) -> str:
    s = pick(MOBILE_PREFIXES) + digits(8)
    v = variant or pick(
        ["plain"] * 10 + ["space"] * 2 + ["dash"] * 2 + ["p86"] * 2 + ["p86s"] * 2
        + ["0086", "fw", "p86dash"]
    )
    if v == "space":
        return f"{s[:3]} {s[3:7]} {s[7:]}"
    if v == "dash":
        return f"{s[:3]}-{s[3:7]}-{s[7:]}"
    if v == "p86":
        return "+86" + s
    if v == "p86s":
        return f"+86 {s[:3]} {s[3:7]} {s[7:]}" if rng.random() < 0.5 else "+86 " + s
    if v == "0086":
        return "0086" + s if rng.random() < 0.5 else "0086-" + s
    if v == "fw":
        return fullwidth(s)
    if v == "p86dash":
        return f"+86-{s[:3]}-{s[3:7]}-{s[7:]}"
    return s


def landline(variant: str | None = None) -> str:
    code, n = pick(AREA_CODES)
    local = str(rng.randrange(2, 9)) + digits(n - 1)
    v = variant or pick(["dash"] * 5 + ["paren", "space", "plain", "intl"])
    if v == "paren":
        s = f"({code}){local}" if rng.random() < 0.5 else f"（{code}）{local}"
    elif v == "space":
        s = f"{code} {local[:4]} {local[4:]}"
    elif v == "plain":
        s = code + local
    elif v == "intl":
        s = f"+86 {code[1:]} {local}"
    else:
        s = f"{code}-{local}"
    if variant is None and rng.random() < 0.25:
        ext = str(rng.randrange(100, 9999))
        s += pick(["转" + ext, "-" + ext, " ext. " + ext, "分机" + ext])
    return s


def email(variant: str | None = None) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        local = str(rng.randrange(10_000, 3_999_999_999))
        return f"{local}@qq.com"
    if kind == 1:
        local = pick(PINYIN) + pick(PINYIN_GIVEN) + str(rng.randrange(1, 2000))
    elif kind == 2:
        local = pick(PINYIN_GIVEN) + pick([".", "_", ""]) + pick(PINYIN)
    elif kind == 3:
        local = pick(EN_FIRST).lower() + "." + pick(EN_LAST).lower().replace("'", "")
    else:
        local = pick(["service", "finance", "hr", "caiwu", "kefu", "purchase"]) + str(
            rng.randrange(1, 99)
        )
    return f"{local}@{pick(EMAIL_DOMAINS)}"


def _room() -> str:
    floor = rng.randrange(1, 33)
    return f"{floor}{rng.randrange(1, 9):02d}"


def _building() -> str:
    k = rng.randrange(6)
    b, u, r = rng.randrange(1, 28), rng.randrange(1, 6), _room()
    if k == 0:
        return f"{b}栋{u}单元{r}"
    if k == 1:
        return f"{b}号楼{r}室"
    if k == 2:
        return f"{pick('ABCD')}座{r}"
    if k == 3:
        return f"{b}幢{u}单元{r}室"
    if k == 4:
        return f"{b}-{u}-{r}"
    return f"{b}号楼{u}单元{r}"


def address_zh(variant: str | None = None) -> str:
    prov, city, districts = pick(PROVINCES)
    dist = pick(districts)
    road = pick(ROADS) + f"{rng.randrange(1, 999)}号"
    estate = pick(ESTATES) if rng.random() < 0.6 else ""
    k = variant or pick(["full", "full", "city", "city", "dist", "road", "rural"])
    if k == "rural":
        p, c, county, town, village = pick(RURAL)
        head = p + c if rng.random() < 0.6 else c
        return f"{head}{county}{town}{village}{rng.randrange(1, 12)}组{rng.randrange(1, 80)}号"
    tail = road + estate + _building()
    if k == "full":
        return prov + city + dist + tail
    if k == "city":
        return city + dist + tail
    if k == "dist":
        return dist + tail
    return tail


def address_en(variant: str | None = None) -> str:
    if rng.random() < 0.55:
        city, dist = pick(EN_CITIES)
        return (
            f"Room {_room()}, Building {rng.randrange(1, 20)}, No. {rng.randrange(1, 600)} "
            f"{pick(EN_ROADS)}, {dist} District, {city}"
        )
    street, city, zip_head, zip_len = pick(FOREIGN_ADDR)
    num = rng.randrange(3, 4999)
    apt = pick(["", f", Apt {rng.randrange(1, 40)}{pick('ABCD')}", f", Unit {rng.randrange(1, 300)}"])
    if zip_len:
        zip_code = zip_head + digits(zip_len - len(zip_head))
    else:  # Canadian and British style postcodes
        zip_code = f"{zip_head} {rng.randrange(1, 10)}{pick('ABDEHLNPRSTW')}{pick('ABDEHLNPRSTW')}"
    return f"{num} {street}{apt}, {city} {zip_code}"


def passport(variant: str | None = None) -> str:
    v = variant or pick(["cnE"] * 5 + ["cnEA", "cnG", "us", "jp", "kr", "de", "in"])
    if v == "cnE":
        return "E" + digits(8)
    if v == "cnEA":
        return "E" + pick(PLATE_LETTERS) + digits(7)
    if v == "cnG":
        return "G" + digits(8)
    if v == "us":
        return pick("ACEFGHJKLMN") + digits(8)
    if v == "jp":
        return pick(["TK", "TZ", "MU", "TR"]) + digits(7)
    if v == "kr":
        return "M" + digits(8)
    if v == "de":
        return "C" + "".join(pick("0123456789CFGHJKLMNPRTVWXYZ") for _ in range(8))
    return pick("JKLMNPRTZ") + digits(7)


def plate(variant: str | None = None) -> str:
    prov = pick(PROVINCE_CHARS)
    letter = pick(PLATE_LETTERS)
    v = variant or pick(["reg"] * 3 + ["ne"] * 2)
    if v == "ne":
        if rng.random() < 0.7:
            rest = pick("DF") + pick(PLATE_LETTERS + list("0123456789")) + digits(4)
        else:
            rest = digits(5) + pick("DF")
    else:
        chars = [str(rng.randrange(10)) for _ in range(5)]
        for _ in range(rng.randrange(3)):
            chars[rng.randrange(5)] = pick(PLATE_LETTERS)
        rest = "".join(chars)
    sep = pick(["", "", "·", " "])
    return prov + letter + sep + rest


IPV4_FIRST = [36, 39, 58, 59, 61, 101, 106, 111, 112, 113, 114, 116, 117, 119, 120, 121,
              123, 124, 125, 180, 182, 183, 202, 210, 211, 218, 219, 220, 221, 222, 223,
              8, 23, 45, 66, 73, 98, 104, 142, 185, 203]


def ip(variant: str | None = None) -> str:
    if variant == "v6":
        head = pick(["240e", "2408", "2409", "2a02", "2001:da8", "2603"])
        groups = [format(rng.randrange(1, 0xFFFF), "x") for _ in range(7)]
        if rng.random() < 0.5:
            n = 8 - len(head.split(":"))
            return head + ":" + ":".join(groups[:n])
        return head + ":" + ":".join(groups[:3]) + "::" + groups[3]
    if rng.random() < 0.15:
        if rng.random() < 0.6:
            return f"192.168.{rng.randrange(0, 10)}.{rng.randrange(2, 254)}"
        return f"10.{rng.randrange(0, 256)}.{rng.randrange(0, 256)}.{rng.randrange(2, 254)}"
    return f"{pick(IPV4_FIRST)}.{rng.randrange(0, 256)}.{rng.randrange(0, 256)}.{rng.randrange(1, 255)}"


# --------------------------------------------------------------------------- non-PII values

def _digits_not_card_not_id(n: int, head: str = "") -> str:
    """A digit string that fails Luhn (16-19) and the ID checksum (18)."""
    while True:
        s = head + digits(n - len(head))
        if 16 <= n <= 19 and luhn_ok(s):
            continue
        if n == 18 and id_checksum_ok(s):
            continue
        return s


def _yymmdd() -> str:
    d = date(2024, 1, 1) + timedelta(days=rng.randrange(700))
    return d.strftime("%y%m%d")


def order_no(variant: str | None = None) -> str:
    k = rng.randrange(9)
    if k <= 2:
        n = pick([16, 17, 18, 19, 19, 20])
        return _digits_not_card_not_id(n, head=pick(["", "2", "3", "4", "5"]))
    if k == 3:
        return "DD20" + _yymmdd() + digits(6)
    if k == 4:
        return _yymmdd() + "-" + digits(15)
    if k == 5:
        return pick(["SO", "RMA", "WO", "TK"]) + "-" + str(rng.randrange(2024, 2026)) + "-" + digits(6)
    if k == 6:
        return "E20" + _yymmdd() + digits(9)
    if k == 7:
        return "".join(pick(PLATE_LETTERS + list("23456789")) for _ in range(10))
    return digits(12) if rng.random() < 0.5 else "JD" + digits(12)


def tracking_no(variant: str | None = None) -> str:
    k = rng.randrange(8)
    if k == 0:
        return "SF" + digits(13)
    if k == 1:
        return "YT" + digits(13)
    if k == 2:
        return "JDVA" + digits(11)
    if k == 3:
        return "75" + digits(12)
    if k == 4:
        return "11" + digits(11)
    if k == 5:
        return "E" + pick(["A", "M", "E"]) + digits(9) + "CN"
    if k == 6:
        return pick(["43", "46"]) + digits(13)
    return "77" + digits(13)


def price(variant: str | None = None) -> str:
    amount = rng.choice([19.9, 39, 59.8, 89, 129, 199, 299, 358, 499, 699, 1299, 2399, 3280,
                         4999, 8999, 12888, 45.5, 6.66])
    if variant == "en":
        return pick([f"${amount:,.2f}", f"USD {amount:,.2f}", f"€{amount:g}", f"¥{amount:,g}",
                     f"RMB {amount:,.2f}"])
    return pick([f"¥{amount:,g}", f"{amount:g}元", f"￥{amount:.2f}", f"{amount:g}块",
                 f"{amount:g}块钱", f"RMB{amount:g}"])


def a_date(variant: str | None = None) -> str:
    d = date(2024, 3, 1) + timedelta(days=rng.randrange(600))
    hh, mm = rng.randrange(8, 22), pick([0, 15, 30, 45])
    if variant == "en":
        return pick([
            d.strftime("%Y-%m-%d"), d.strftime("%b %d").replace(" 0", " "), d.strftime("%m/%d/%Y"),
            d.strftime("%d %B %Y").lstrip("0"), f"{d.strftime('%b %d').replace(' 0', ' ')} at {hh}:{mm:02d}",
        ])
    return pick([
        d.strftime("%Y-%m-%d"), f"{d.month}月{d.day}号", f"{d.month}月{d.day}日",
        f"{d.year}年{d.month}月{d.day}日", d.strftime("%Y/%m/%d"), f"{d.month}.{d.day}",
        f"{d.month}月{d.day}号下午{hh - 12 if hh > 12 else hh}点", f"{d.month}/{d.day} {hh}:{mm:02d}",
        f"{d.day}号",
    ])


def quantity(variant: str | None = None) -> str:
    n = rng.randrange(2, 13)
    if variant == "en":
        return pick([f"{n} units", f"{n} boxes", f"x{n}", f"{n} pcs", f"{n} pairs"])
    return pick([f"{n}件", f"{n}箱", f"{n}台", f"{n}瓶", f"{n}盒", f"{n}个", f"{n}双", f"{n}斤"])


def code(variant: str | None = None) -> str:
    k = rng.randrange(4)
    if k <= 1:
        return digits(6)
    if k == 2:
        return "".join(pick(PLATE_LETTERS + list("23456789")) for _ in range(4)) + "-" + "".join(
            pick(PLATE_LETTERS + list("23456789")) for _ in range(4)
        )
    return pick(["NEW", "VIP", "SAVE", "DX", "MJ"]) + str(rng.randrange(10, 99)) + pick(PLATE_LETTERS)


def hotline(variant: str | None = None) -> str:
    k = rng.randrange(6)
    if k == 0:
        return f"400-{digits(3)}-{digits(4)}"
    if k == 1:
        return "400" + digits(7)
    if k == 2:
        return f"800-{digits(3)}-{digits(4)}"
    if k == 3:
        return f"400 {digits(3)} {digits(4)}"
    if k == 4:
        return pick(["95588", "95533", "95555", "95566", "95599", "95559", "95528"])
    return pick(["10086", "10010", "10000", "12315", "95338"])


def tax_id(variant: str | None = None) -> str:
    region = pick(REGION_CODES)
    while True:
        letters = rng.random() < 0.7
        body = "MA" + "".join(pick(USCC_CHARS) for _ in range(7)) if letters else digits(9)
        first17 = "91" + region + body
        s = first17 + uscc_check(first17)
        if not id_checksum_ok(s):
            return s


def invalid_id(variant: str | None = None) -> str:
    while True:
        good = id_raw()
        wrong = pick([c for c in "0123456789X" if c != good[17]])
        s = good[:17] + wrong
        assert not id_checksum_ok(s)
        if wrong == "X" or not luhn_ok(s):
            return s


def invalid_card(variant: str | None = None) -> str:
    good = card_raw()
    s = good[:-1] + pick([d for d in "0123456789" if d != good[-1]])
    assert not luhn_ok(s)
    return s


# --------------------------------------------------------------------------- fillers

def _filler(values: list[str]) -> Callable[[str | None], str]:
    def gen(variant: str | None = None) -> str:
        return pick(values)

    return gen


def small_number(variant: str | None = None) -> str:
    return str(rng.randrange(2, 9))


# placeholder -> (label kind, label type, generator)
Gen = Callable[[str | None], str]
SLOTS: dict[str, tuple[str | None, str | None, Gen]] = {
    "person": ("pii", "person", person_zh),
    "person_en": ("pii", "person", person_en),
    "id": ("pii", "id_number", id_number),
    "card": ("pii", "bank_card", bank_card),
    "mobile": ("pii", "mobile", mobile),
    "landline": ("pii", "landline", landline),
    "email": ("pii", "email", email),
    "addr": ("pii", "address", address_zh),
    "addr_en": ("pii", "address", address_en),
    "passport": ("pii", "passport", passport),
    "plate": ("pii", "license_plate", plate),
    "ip": ("pii", "ip", ip),
    "order": ("non_pii", "order_no", order_no),
    "track": ("non_pii", "tracking_no", tracking_no),
    "model": ("non_pii", "model", _filler(MODELS)),
    "price": ("non_pii", "price", price),
    "date": ("non_pii", "date", a_date),
    "qty": ("non_pii", "quantity", quantity),
    "code": ("non_pii", "code", code),
    "hotline": ("non_pii", "hotline", hotline),
    "tax": ("non_pii", "tax_id", tax_id),
    "bad_id": ("non_pii", "invalid_id", invalid_id),
    "bad_card": ("non_pii", "invalid_card", invalid_card),
    "product": (None, None, _filler(PRODUCTS)),
    "product_en": (None, None, _filler(PRODUCTS_EN)),
    "bank": (None, None, _filler(BANKS)),
    "bank_en": (None, None, _filler(BANKS_EN)),
    "company": (None, None, _filler(COMPANIES)),
    "city": (None, None, _filler(CITIES)),
    "size": (None, None, _filler(SIZES)),
    "n": (None, None, small_number),
}

# --------------------------------------------------------------------------- templates
# (language, template). "zh" Chinese, "en" English, "mix" Chinese with English mixed in.
# Placeholders: {slot} or {slot:variant}. Real newlines are part of some messages.

TEMPLATES: list[tuple[str, str]] = [
    # --- returns and refunds
    ("zh", "在吗 我那个{product}有质量问题要退货 订单号{order} 退款打到这张卡{card} 户名{person}"),
    ("zh", "退款能不能直接退到这张卡{card}，{bank}的，持卡人{person}"),
    ("zh", "亲 退货已经寄回去了 单号{track} 你们签收了没 有问题打我电话{mobile}"),
    ("zh", "我是{person}，{date}买的{model}屏幕有坏点，申请换货，收货地址不变：{addr}"),
    ("zh", "退款{price}到现在还没到账啊，卡号{card}，说好3到5个工作日，今天都{date}了"),
    ("zh", "换货的新机寄到{addr}，收件人{person}，电话{mobile}，旧机我已经用顺丰{track}寄回"),
    ("zh", "七天无理由 订单{order} 买了{qty}退一半 联系电话{mobile}"),
    ("zh", "我老婆{person}用我账号买的{product} 她不想要了 能退不 她手机{mobile}"),
    ("zh", "退款失败说卡号有误？？我填的就是{card}啊 你们系统是不是有bug"),
    ("zh", "你好 我要退那个{model} 退货地址发我一下 寄件人写{person} 电话{mobile}"),
    ("zh", "质量太差了刚用两天就坏 要求全额退款{price} 原路退回{bank}卡{card:space}"),
    ("zh", "售后单{order}，师傅上门取件请打{mobile}，地址{addr}，白天家里有老人"),
    ("zh", "退宽怎么还没到 我都等一个礼拜了 {person} {mobile}"),
    ("zh", "那个退货运费险理赔到哪了 保单上写的被保人是{person} 身份证{id}"),
    ("zh", "取件的快递小哥{person}说今天来不了 那我的退货{order}会不会超时啊"),
    ("zh", "我买的{qty}{product}漏发了一半 麻烦补发到{addr} 急用"),
    ("zh", "退款请打到我妈的卡上{card:dash} 户名{person} 她说这个卡常用"),
    # --- delivery and address changes
    ("zh", "地址写错了 麻烦改成{addr} 收件人还是{person}"),
    ("zh", "快递{track}麻烦改派到{addr}，原来那个地方不住了"),
    ("zh", "收件人改成{person} 电话{mobile} 其他不变哈"),
    ("zh", "我在公司 快递放前台就行 {addr} 前台座机{landline}"),
    ("zh", "能送到{addr}吗 小区进不去的话打我电话{mobile:fw}"),
    ("zh", "订单{order}还没发货的话帮我改下地址：{addr}，电话也换成{mobile}"),
    ("zh", "快递员{person}电话一直打不通 {mobile} 我的件{track}都两天没动了"),
    ("zh", "买给我爸的 收货人{person} {mobile} 地址{addr} 他不太会用手机 到了直接送上楼"),
    ("zh", "之前那个地址不要了！！新地址{addr}，{date}前一定要到"),
    ("zh", "帮我查下{track}到哪了 收件人{person} 手机{mobile}"),
    ("zh", "驿站说没有我的快递 取件码{code} 手机号{mobile} 你们到底送哪去了"),
    ("zh", "送货的时候别打这个号了{mobile} 打我老公的{mobile:space}"),
    ("zh", "我搬家了，以后寄到{addr}，联系人：{person}、{person}，打谁都行"),
    ("zh", "大件家具送货要提前约 我电话{landline} 或者{mobile} 地址{addr} 有电梯"),
    ("zh", "自提点能改到{addr}吗 订单{order}"),
    ("zh", "地址该一下 {addr} 谢谢亲"),
    ("zh", "为什么显示已签收 我根本没收到 签收人写的{person} 我都不认识这个人"),
    ("zh", "麻烦跟快递说下 到了先打电话{mobile:dash} 别直接放门口 上次丢过一次"),
    ("zh", "我下周出差 {date}到{date}不在家 东西先寄到我同事{person}那 {addr}"),
    ("zh", "收货地址：{addr:full}（{person}收）"),
    ("zh", "生鲜别放驿站 会坏的 直接送到{addr:dist} 我电话{mobile}"),
    ("zh", "我填的收件人是{person}不是{person} 你们快递单打错了 订单{order}"),
    # --- invoices
    ("zh", "开票信息：抬头{company} 税号{tax} 地址{addr} 电话{landline} 发票寄给{person}"),
    ("zh", "发票开个人的 抬头写{person} 发到我邮箱{email}"),
    ("zh", "电子发票一直没收到 邮箱{email} 订单号{order} 金额{price}"),
    ("zh", "专票寄到{addr} 收票人{person} {mobile} 税号{tax}"),
    ("zh", "发票能重开吗 上次的邮箱填错了 正确的是{email} 不是{email}"),
    ("zh", "报销要纸质发票 邮寄到{addr} 财务{person}收 座机{landline}"),
    # --- account recovery
    ("zh", "我账号被盗了 绑定的手机号{mobile}已经不用了 身份证{id} 能帮我找回吗"),
    ("zh", "忘记密码了 注册邮箱是{email} 但是邮箱也登不上了 实名是{person}"),
    ("zh", "登录提醒说异地登录 IP是{ip} 不是我登的 我人一直在{city} 赶紧帮我冻结"),
    ("zh", "帐号申诉要什么材料 身份证号{id} 姓名{person} 原来的手机{mobile}"),
    ("zh", "换绑手机 旧号{mobile} 新号{mobile} 验证码{code}一直收不到"),
    ("zh", "人脸识别一直失败 我叫{person} 身份证{id:space} 你们人工审核一下吧"),
    ("zh", "实名认证提示身份证号格式不对 {id} 这个没错啊 你们核一下"),
    ("zh", "我的号好像被人登了 登录记录里有个{ip}还有个{ip:v6} 都不是我"),
    ("zh", "账号是我爸{person}的 他去世了 我是他儿子{person} 想把余额提出来 要什么手续"),
    ("zh", "手机丢了 号码{mobile} 能先把支付功能关了吗 我身份证{id:lower}"),
    # --- banking
    ("zh", "我的信用卡{card}被盗刷了{price} 交易时间{date} 不是我本人操作 请立即冻结"),
    ("zh", "你好 我想查一下这张卡的余额 卡号{card} 持卡人{person} 身份证{id}"),
    ("zh", "转账转错了 转到了{card} 户名{person} 金额{price} 能追回来吗"),
    ("zh", "信用卡账单地址改成{addr} 谢谢 我是持卡人{person}"),
    ("zh", "挂失 卡号{card:space} 手机{mobile} 快点啊"),
    ("zh", "网银登录提示我的IP {ip}被限制了 怎么回事"),
    ("zh", "房贷扣款失败 扣款卡{card} 余额够的啊 {date}扣的"),
    ("zh", "{bank}吗 我要办账单分期 卡号{card} 分12期手续费多少"),
    ("zh", "贷款审批要补资料 护照号{passport} 我现在在国外 身份证过期了"),
    ("zh", "刚收到个短信说我卡被冻结 让我打{landline} 这是你们的电话吗"),
    ("zh", "境外消费{price}是我的卡{card}吗 我人在{city}根本没出国"),
    ("zh", "工资卡换了 新卡{card} 旧卡{card}注销 开户人{person}"),
    ("zh", "还款日是{date}吗 我用{card:dash}自动还款的 别给我算逾期"),
    ("zh", "我是{person}的女儿 我妈年纪大了 她的卡{card}密码锁了 我能代她去网点办吗"),
    ("zh", "对公账户预留电话改成{landline} 公司{company} 联系人{person}"),
    # --- telecom
    ("zh", "宽带装机地址{addr} 联系人{person} {mobile} 周末来装"),
    ("zh", "我的号{mobile}怎么停机了 明明交了{price}话费"),
    ("zh", "宽带老掉线 路由器WAN口IP是{ip} 光猫型号{model}"),
    ("zh", "办理携号转网 号码{mobile} 机主{person} 身份证{id}"),
    ("zh", "副卡{mobile}挂在主卡{mobile}下面 主卡机主是{person}"),
    ("zh", "座机{landline}没声音了 报修 地址{addr}"),
    ("zh", "退订流量包 号码{mobile:dash} 验证码{code}"),
    ("zh", "上个月话费多扣了{price} 号码{mobile} 查下是什么业务"),
    ("zh", "给我爸办的老人卡 机主{person} 身份证{id} 现在想过户给我 我叫{person}"),
    ("zh", "用{ip:v6}访问不了你们网站 换成IPv4 {ip}就可以"),
    ("zh", "家里宽带账号是{landline:dash} 密码忘了 装机人{person}"),
    ("zh", "我的手机号{mobile:p86}在国外能用吗 要开国际漫游吗"),
    # --- vehicles
    ("zh", "我的车{plate}在你们停车场被刮了 监控能调吗 电话{mobile}"),
    ("zh", "车险续保 车牌{plate} 车主{person} 身份证{id}"),
    ("zh", "ETC扣费异常 车牌号{plate} {date}明明没上高速"),
    ("zh", "新能源车{plate:ne}预约充电桩 联系人{person}"),
    ("zh", "代驾订单{order} 车牌{plate} 司机把我车门刮了"),
    ("zh", "违章代办 {plate} 驾驶员{person} 手机{mobile}"),
    ("zh", "上门洗车 地址{addr} 车停地库B2 车牌{plate:ne} 钥匙在物业"),
    # --- travel and passports
    ("zh", "机票改签 乘客{person} 护照{passport} 航班是{date}的"),
    ("zh", "海淘清关要护照号吗 我的是{passport}，收件人{person}"),
    ("zh", "签证材料寄到{addr} 护照号{passport} 名字{person}"),
    ("zh", "酒店入住人{person} 证件号{id} 同住人{person}"),
    # --- complaints and long stories
    ("zh", "我真的服了 上礼拜三让我表姐{person}帮我签收 结果快递员说没人 直接退回了 我表姐一整天都在家啊 她电话{mobile}一个未接都没有 你们到底怎么回事 订单{order}"),
    ("zh", "投诉你们那个安装师傅{person} 约好{date}来装空调 放我鸽子两次 还态度恶劣 我家地址{addr}"),
    ("zh", "事情是这样的，我妈妈{person}在你们店买了{qty}{product}，结果收到的是过期的，她年纪大了不会弄，我帮她申请退款，她手机是{mobile}"),
    ("zh", "昨天晚上十点多有个自称你们客服的人打我电话{mobile} 说自己叫{person} 说我快递丢了要赔钱 让我报银行卡号 是骗子吧"),
    ("zh", "你们客服{person}说三天内给我回复 现在一个礼拜了 工单号{order}"),
    ("zh", "我邻居{person}帮我代收的 他说没收到 柜子上显示已取件 取件码{code}"),
    ("zh", "这是第三次打电话了 {landline}一直占线 我就想问我的退款{price}什么时候到"),
    ("zh", "我朋友{person}推荐我来的 说你们售后好 结果呢 {model}修了一个月还没修好"),
    ("zh", "说实话我对你们很失望。从{date}下单到现在，换了三个客服，每个人都让我重新说一遍。我再说最后一次：我叫{person}，订单{order}，收货电话{mobile}，东西到现在没见到。"),
    ("zh", "小区保安{person}说快递员把我的箱子扔在门卫室就走了 我下班去拿已经被人拆了 你们给个说法"),
    ("zh", "维修的时候你们的人把我的数据全删了 当时接待的是{person} 我留的电话是{landline}"),
    ("zh", "我是{company}的采购{person} 上个月那批{model}有{qty}是坏的 请联系我{mobile}或者发邮件{email}"),
    # --- form-like messages without cues
    ("zh", "{person} {mobile} {addr}"),
    ("zh", "{person}，{mobile}，{addr}，{qty}"),
    ("zh", "姓名：{person}\n电话：{mobile}\n地址：{addr}\n备注：{date}之前送到"),
    ("zh", "{addr} {person} {mobile:space}"),
    ("zh", "收：{person} {mobile}\n{addr}"),
    ("zh", "{person}/{mobile}/{email}"),
    ("zh", "{person} {id} {mobile}"),
    ("zh", "{person}\n{card}\n{bank}"),
    ("zh", "{mobile} {person} 到付"),
    # --- forms of address
    ("zh", "我是{person}先生的秘书 他那张机票改签好了没 护照号{passport}"),
    ("zh", "快递单上写的{person}先生就是我 名字打错了一个字 不影响签收吧"),
    ("zh", "{person}女士您好，附件是本月对账单，请核对后回复，谢谢"),
    ("mix", "Dear {person}先生，报价单在附件里 pls check 有问题call {landline}"),
    ("en", "Attn: Mr. {person_en}, the replacement part ships on {date:en}."),
    # --- signatures at the end
    ("zh", "你好，想咨询下{model}的保修政策，发票丢了还能保修吗？谢谢！\n——{person}"),
    ("zh", "麻烦尽快处理 谢谢 {person}"),
    ("zh", "以上情况属实，请贵公司核实。\n投诉人：{person}\n{date}"),
    ("zh", "收到请回复 {person} {landline}"),
    ("zh", "请把合同扫描件发我邮箱 谢谢\n{person}\n{company}\n电话：{landline}\n邮箱：{email}"),
    # --- mixed Chinese and English
    ("mix", "hi 我的order {order} 还没ship 地址是{addr} contact {person} {mobile}"),
    ("mix", "refund 到我的visa卡{card}就行 thx"),
    ("mix", "我email是{email} 有啥update直接发邮件给我"),
    ("mix", "快递{track} status一直是in transit 三天没更新了 收件人{person_en}"),
    ("mix", "帮我check一下账号 注册手机{mobile} 最近login IP {ip}"),
    ("mix", "老板 invoice 开给{company} 税号{tax} email {email}"),
    ("mix", "客户{person_en}的地址改成{addr} 他不会中文 有问题call我{mobile}"),
    ("mix", "我的passport是{passport} 名字拼音{person_en:zh} 订机票用"),
    ("mix", "OK的 那就寄到{addr_en} 收件人{person_en} 电话{mobile:p86s}"),
    ("mix", "PayPal绑定的邮箱{email} 被盗了 card {card:space} 有两笔不是我刷的"),
    ("mix", "Hi 客服 我是{person} 我的{model}开不了机 SN码在盒子上 需要拍照吗"),
    ("mix", "我公司的VPN出口IP是{ip} 麻烦加白名单 contact: {person} {landline}"),
    # --- English
    ("en", "Hi, my name is {person_en} and I ordered a {product_en} on {date:en}. It arrived broken. Order {order}. Please call me at {mobile}."),
    ("en", "Please change the delivery address to {addr_en}. Thanks, {person_en}"),
    ("en", "I was charged twice on my card {card} for order {order}. Amount {price:en}. Please refund one of them."),
    ("en", "Can you send the invoice to {email}? Our company tax ID is {tax}."),
    ("en", "hey my package {track} says delivered but i never got it. address is {addr} and my number {mobile}"),
    ("en", "Someone logged into my account from {ip} last night. That was not me. Please lock it. My email is {email}"),
    ("en", "Passport number {passport}, name {person_en}, I need to update my KYC info."),
    ("en", "my car {plate} got towed from your parking lot, who do i call?? my phone {mobile:p86}"),
    ("en", "Recipient: {person_en}\nPhone: {mobile:p86s}\nAddress: {addr_en}"),
    ("en", "I'm writing on behalf of my mother, {person}. She doesn't speak English. Her phone is {mobile} and she lives at {addr}."),
    ("en", "Please refund to my Mastercard, the full number is {card:space}, expiry doesn't matter right?"),
    ("en", "Our office number is {landline}, ask for {person_en} in accounts."),
    ("en", "The technician, {person_en}, never showed up. I waited all day on {date:en}. Terrible service."),
    ("en", "pls cancel order {order} and refund {price:en} to the original payment method. cheers, {person_en}"),
    ("en", "Hello, I'm {person_en}. I lost my phone and can't get the SMS code. Old number {mobile}, new one {mobile:p86s}."),
    ("en", "Our server at {ip} keeps getting blocked by your API, can you whitelist it? Also {ip:v6}."),
    ("en", "Send the replacement {model} to {addr_en}, attn {person_en}."),
    ("en", "Hi team, forwarding this from {person_en} ({email}): shipment {track} is missing {qty:en}."),
    ("en", "Could you update my billing address to {addr_en}? Account holder: {person_en}"),
    ("en", "My wife {person_en} and I both have accounts, hers is {email} and mine is {email}. Can we merge them?"),
    ("en", "ID number {id}, I'm a Chinese citizen living in Canada, how do I verify my account?"),
    ("en", "I want to complain about your agent {person_en}, who hung up on me twice."),
    ("en", "Contact: {person_en} | {mobile:p86} | {email}"),
    ("en", "Please quote 500 units of {model}, delivery to our warehouse.\n\nBest regards,\n{person_en}\nProcurement Manager\nTel: {landline}"),
    ("en", "i think my card {card:dash} was skimmed at one of your ATMs on {date:en}, please block it asap"),
    ("en", "The courier left my parcel with a neighbour, {person_en}, at {addr_en}. I never agreed to that."),
    ("en", "Is it safe to give my passport number here? It's {passport}. Booking for {person_en} and {person_en}."),
    ("en", "Please add {person_en} as an authorized user. Her mobile: {mobile:p86dash}"),
    ("en", "Booking under {person_en}, plate {plate} for the airport parking on {date:en}."),
    ("en", "Dear Sir or Madam, I am {person_en}, residing at {addr_en}. I write to dispute a charge of {price:en} on card {card}."),
    ("en", "wrong address on my order!! should be {addr_en} not the old one"),
    ("en", "This is {person_en} from {company}. Please call me back on {landline}."),
    # --- look-alikes and hotlines next to real personal data
    ("zh", "客服热线{hotline}打不通 只好在这留言 我叫{person} 电话{mobile} 回个电话"),
    ("zh", "官网写的{hotline}和短信里的{landline}哪个是真的 我差点把卡号{card}报给他们"),
    ("zh", "理赔申请编号{bad_id} 被保险人{person} 身份证{id} 材料都交了"),
    ("zh", "交易流水号{bad_card} 扣款卡是{card} 请核实一下为什么扣了两次"),
    ("zh", "我的护照{passport}快过期了 新的还没下来 能先用身份证{id}实名吗"),
    ("zh", "订单{order}的发票 抬头{company} 统一社会信用代码{tax} 收票邮箱{email}"),
    ("zh", "车主{person} 车牌{plate} 保单号{bad_id} 出险了怎么报案"),
    ("zh", "给{mobile}充了{price}话费没到账 支付流水{bad_card}"),
    ("zh", "刚打{hotline}说要本人去网点 我腿脚不方便 让我儿子{person}代办行吗 他身份证{id}"),
    ("mix", "跨境汇款 收款人{person_en} 地址{addr_en} 金额{price:en} 汇款用途写tuition"),
    ("en", "The call center ({hotline}) told me to email {email} with a scan of passport {passport}. Is that legit?"),
    ("en", "Billing contact for tax ID {tax} is {person_en}, {email}."),
    # --- no personal data: Chinese
    ("zh", "订单号{order}什么时候发货啊 都{date}了"),
    ("zh", "我的快递{track}三天没动了"),
    ("zh", "{model}现在多少钱 活动价是{price}吗"),
    ("zh", "优惠券码{code}提示已失效 怎么回事"),
    ("zh", "打了{hotline}一直没人接"),
    ("zh", "买了{qty}{product}只到了一半 订单{order}"),
    ("zh", "包裹上贴的条码{bad_id}是什么编号 不是我的单号吧"),
    ("zh", "发票税号{tax}对吗 公司是{company}"),
    ("zh", "{date}下的单 {qty} 一共{price} 为什么只收到一件"),
    ("zh", "验证码{code}输进去说错误"),
    ("zh", "{model}有现货吗 {date}前能到吗"),
    ("zh", "交易流水号{bad_card} 扣了{price}但是订单显示未支付"),
    ("zh", "保单号{bad_id}的理赔进度怎么样了"),
    ("zh", "{hotline}是你们官方电话吗 有人打这个号说我中奖了"),
    ("zh", "退款流水{bad_card}，银行说没收到这笔钱"),
    ("zh", "物流单号{track} 订单号{order} 两个都查不到"),
    ("zh", "想买{qty}{model} 企业采购有优惠吗 开票税号{tax}"),
    ("zh", "李宁那款跑鞋尺码偏大吗 我平时穿{size}"),
    ("zh", "王老吉一箱多少钱 还是{price}吗"),
    ("zh", "周大福的金镯子{date}有活动没"),
    ("zh", "张小泉的剪刀坏了能换吗 订单{order}"),
    ("zh", "你们家老干妈涨价了？之前{price}现在贵了好多"),
    ("zh", "兑换码{code}用不了 活动不是{date}才截止吗"),
    ("zh", "固件升级到{model}以后就连不上wifi了"),
    ("zh", "打{hotline}转人工要等多久啊"),
    ("zh", "{date}预约的上门安装 到现在还没人来 单号{order}"),
    ("zh", "会员编号{bad_card}的积分怎么清零了"),
    ("zh", "满{price}减50的券怎么用不了 购物车里有{qty}"),
    ("zh", "申请编号{bad_id} 审核多久能好"),
    ("zh", "同款{model}你们比京东贵了{price}"),
    ("zh", "退货单{order}已经寄出 快递单号{track}"),
    ("zh", "在吗在吗 客服在不在 怎么一直没人回"),
    ("zh", "我订单是{order}吗 还是{order} 我有点搞混了"),
    # --- no personal data: English and mixed
    ("en", "Where is my order {order}? It's been {n} days."),
    ("en", "Tracking {track} hasn't updated since {date:en}."),
    ("en", "Is the {model} in stock? Still {price:en}?"),
    ("en", "Promo code {code} isn't working at checkout"),
    ("en", "I called {hotline} three times, nobody picked up."),
    ("en", "Transaction reference {bad_card} shows I paid {price:en} but the order is unpaid"),
    ("en", "The barcode on the box says {bad_id}, is that my order number?"),
    ("en", "Ordered {qty:en} of {model}, only one arrived. Order {order}."),
    ("en", "Does the {model} come with a charger? Thinking of ordering {qty:en}."),
    ("mix", "这个{model}有没有国行版 price多少"),
    ("mix", "coupon {code} 说不适用 是不是只能新用户用"),
]

SLOT_RE = re.compile(r"\{([a-z_0-9]+)(?::([a-z0-9]+))?\}")


def render(template: str) -> dict[str, object]:
    """Fill one template, recording every labelled span's offsets as it goes."""
    text = ""
    pii: list[dict[str, object]] = []
    non_pii: list[dict[str, object]] = []
    inserted: list[tuple[int, int, str]] = []
    pos = 0
    for m in SLOT_RE.finditer(template):
        text += template[pos:m.start()]
        slot, variant = m.group(1), m.group(2)
        kind, typ, gen = SLOTS[slot]
        if slot == "ip" and variant is None and rng.random() < 0.1:
            variant = "v6"
        value = gen(variant)
        start = len(text)
        text += value
        if kind is not None:
            span: dict[str, object] = {"type": typ, "start": start, "end": len(text)}
            (pii if kind == "pii" else non_pii).append(span)
            inserted.append((start, len(text), value))
        pos = m.end()
    text += template[pos:]
    for start, end, value in inserted:
        assert text[start:end] == value and value == value.strip(), (text, value)
    return {"text": text, "pii": pii, "non_pii": non_pii, "source": SOURCE}


def main() -> None:
    for _, t in TEMPLATES:
        for m in SLOT_RE.finditer(t):
            assert m.group(1) in SLOTS, (m.group(1), t)
    assert len({t for _, t in TEMPLATES}) == len(TEMPLATES), "duplicate template"
    # each template once, then random extra draws up to N_LINES
    order = list(range(len(TEMPLATES)))
    order += [rng.randrange(len(TEMPLATES)) for _ in range(N_LINES - len(order))]
    rows: list[tuple[str, dict[str, object]]] = []
    seen: set[str] = set()
    for i in order:
        lang, t = TEMPLATES[i]
        for _ in range(50):
            row = render(t)
            if row["text"] not in seen:
                break
        seen.add(row["text"])  # type: ignore[arg-type]
        rows.append((lang, row))
    rng.shuffle(rows)
    lines = []
    for _, row in rows:
        text = row["text"]
        assert isinstance(text, str)
        for span in row["pii"] + row["non_pii"]:  # type: ignore[operator]
            piece = text[span["start"]:span["end"]]
            assert piece and piece == piece.strip()
        lines.append(json.dumps(row, ensure_ascii=False))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summarize(rows)


def summarize(rows: list[tuple[str, dict[str, object]]]) -> None:
    pii_types: Counter[str] = Counter()
    non_types: Counter[str] = Counter()
    langs: Counter[str] = Counter()
    no_pii = with_non = 0
    for lang, row in rows:
        langs[lang] += 1
        pii = row["pii"]
        non = row["non_pii"]
        assert isinstance(pii, list) and isinstance(non, list)
        pii_types.update(s["type"] for s in pii)
        non_types.update(s["type"] for s in non)
        no_pii += not pii
        with_non += bool(non)
    out = sys.stdout
    print(f"wrote {OUT.name}: {len(rows)} lines from {len(TEMPLATES)} templates", file=out)
    print(f"languages: {dict(sorted(langs.items()))}", file=out)
    print(f"pii spans {sum(pii_types.values())}: {dict(sorted(pii_types.items()))}", file=out)
    print(f"non_pii spans {sum(non_types.values())}: {dict(sorted(non_types.items()))}", file=out)
    print(f"lines without pii: {no_pii}; lines with non_pii: {with_non}", file=out)


if __name__ == "__main__":
    main()
