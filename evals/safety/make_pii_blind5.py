# ruff: noqa: E501 - the cases are data, one message per line
"""Build ``pii_blind5.jsonl``: the fifth blind held-out set for kefu's PII detector.

Blind means: this file was written by a helper who never opened the detector
(``src/kefu/``), its tests, the docs, or any other case set or generator under
``evals/safety/``. Templates, name lists and value generators are all new and
written here from scratch, so the set measures how the detector generalises
rather than how well it fits cases it was tuned on.

What it contains (about 350 lines, ~80 % Chinese, ~20 % English):

* PII spans (``pii``): person, mobile, landline, id_number, bank_card, email,
  address, passport, license_plate, ip. Person names are the largest group;
  more than half of the Chinese names carry no label cue (no 我叫/姓名/收件人/
  联系人 before them) - they are sentence subjects, objects of ordinary verbs,
  list items, sign-offs, table cells, chat-log speakers or sit in mixed zh/en.
* Hard negatives (``non_pii``), which must never be masked: order and tracking
  numbers, product models, prices, dates, quantities, unified social credit
  codes, coupon/verification codes, 400/800/95xxx hotlines, and ID / card
  numbers with a wrong check character or failing Luhn.
* Words that begin with a common surname character but are not names (高兴,
  方便, 黄金, 江苏, 周末, 马上, 白色, 金额, 安全, 王府井 ...) appear in the
  text unlabelled; a detector that tags them as persons makes false positives.

Every value is built by the generators below: resident IDs carry a valid
GB 11643-1999 check character, bank cards pass Luhn on real BIN prefixes, and
non-PII numbers are re-drawn until none of them is a valid card, ID or mobile.
Offsets are Python string indices into ``text``, end exclusive, and are
checked against the value before anything is written.

Run from the repository root (standard library only, byte-identical output)::

    python evals/safety/make_pii_blind5.py
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

SEED = 55_2025
OUT = Path(__file__).with_name("pii_blind5.jsonl")
SOURCE = "blind5"

# --------------------------------------------------------------------------- names

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
RARE_SURNAMES = list("喻栾邝阚佘鄢禤蒯逄訾郦亓闵缪岑仉")
COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "端木", "南宫"]
GIVEN_ONE = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛超霞刚辉鹏飞鑫波斌宇浩凯健俊帆旭宁龙欢晨瑶琳颖倩雪婷璐莹洁萍燕玲丹蕾悦")
GIVEN_TWO = [
    "建华", "志强", "秀兰", "海燕", "晓明", "子涵", "浩然", "欣怡", "梓轩", "雨桐", "一诺", "思远", "国庆", "建国",
    "丽华", "红梅", "玉兰", "文博", "宇航", "佳琪", "诗涵", "俊杰", "家豪", "晨曦", "若曦", "明轩", "梦琪", "嘉怡",
    "晓东", "志伟", "春梅", "桂英", "秀英", "凤英", "德华", "振宇", "天佑", "子墨", "沐阳", "语嫣", "依依", "静怡",
    "雅婷", "卫东", "海峰", "永刚", "金凤", "美玲", "少华", "慧敏", "思琪", "新民", "玉珍", "宏伟", "丽娟", "鹏程",
]
RARE_GIVEN = list("祎翀喆婧珺彧骞沅湉旻赟淼昶玥琰婕璇犇曌")
# Surname + given combinations that read as ordinary words; never used as names.
NAME_BLACKLIST = {"高明", "江山", "金山", "白云", "方正", "马力", "安静", "高峰", "文明", "高超", "黄河", "龙飞", "金凤", "高洁", "万宁", "何欢", "方圆"}

PINYIN_SURNAMES = ["Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Luo", "Zheng", "Liang", "Xie", "Tang", "Han", "Feng", "Deng", "Peng", "Xiao", "Tian", "Pan", "Jiang", "Cai", "Ye", "Su", "Lu", "Shen", "Yao", "Cui", "Ouyang", "Shangguan", "Situ"]
PINYIN_GIVEN = ["Wei", "Fang", "Na", "Min", "Jing", "Qiang", "Lei", "Jun", "Yang", "Xiaoming", "Jianhua", "Zhiqiang", "Haiyan", "Zihan", "Haoran", "Xinyi", "Yutong", "Siyuan", "Jiaqi", "Shihan", "Junjie", "Chenxi", "Ruoxi", "Mingyu", "Yifan", "Tingting", "Lili", "Kaiwen", "Zhenyu", "Meiling"]
EN_FIRST = ["Emily", "James", "Olivia", "Michael", "Sophia", "Daniel", "Hannah", "David", "Grace", "Thomas", "Chloe", "Ryan", "Laura", "Kevin", "Rachel", "Brian", "Megan", "Patrick", "Natalie", "Sean", "Aisha", "Carlos", "Priya", "Lucas", "Anna", "Jonathan", "Fatima", "Oliver", "Isabella", "Tyler", "Lucy", "Vincent"]
EN_LAST = ["Carter", "Thompson", "O'Brien", "Nguyen", "Patel", "Schmidt", "Rossi", "Garcia", "Müller", "Kowalski", "Anderson", "Fischer", "Walker", "Bennett", "Hughes", "Morgan", "Clarke", "Murphy", "Lopez", "Kim", "Tanaka", "Dubois", "Johansson", "Harris", "Foster", "Reyes", "Sullivan", "Mitchell", "Okafor", "Lindqvist"]
EN_INITIALS = "ABCDEFGHJKLMNPRSTW"


def gen_cn_name(rng: random.Random) -> str:
    """A Chinese full name: common/rare/compound surname, 1-2 character given name."""
    while True:
        roll = rng.random()
        if roll < 0.13:
            surname = rng.choice(COMPOUND_SURNAMES)
        elif roll < 0.23:
            surname = rng.choice(RARE_SURNAMES)
        else:
            surname = rng.choice(SURNAMES)
        roll = rng.random()
        if roll < 0.32:
            given = rng.choice(GIVEN_ONE)
        elif roll < 0.42:
            given = rng.choice(RARE_GIVEN)
        elif roll < 0.52:
            given = rng.choice(RARE_GIVEN) + rng.choice(GIVEN_ONE)
        else:
            given = rng.choice(GIVEN_TWO)
        name = surname + given
        if name not in NAME_BLACKLIST:
            return name


def gen_pinyin_name(rng: random.Random) -> str:
    surname, given = rng.choice(PINYIN_SURNAMES), rng.choice(PINYIN_GIVEN)
    roll = rng.random()
    if roll < 0.5:
        return f"{surname} {given}"
    if roll < 0.75:
        return f"{given} {surname}"
    return f"{surname.upper()} {given}"


def gen_en_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.18:
        return f"{rng.choice(EN_FIRST)} {rng.choice(PINYIN_SURNAMES)}"
    if roll < 0.32:
        return f"{rng.choice(EN_FIRST)} {rng.choice(EN_INITIALS)}. {rng.choice(EN_LAST)}"
    return f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"


# --------------------------------------------------------------------------- checksums


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_digit(body: str) -> str:
    return next(c for c in "0123456789" if luhn_ok(body + c))


ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check(body17: str) -> str:
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def looks_like_valid_id(s: str) -> bool:
    """Any 18-char string whose GB 11643 check char fits (dates not even checked)."""
    return len(s) == 18 and s[:17].isdigit() and id_check(s[:17]) == s[17].upper()


MOBILE_RE = re.compile(r"1[3-9]\d{9}")


def safe_non_pii(value: str) -> bool:
    """True when no digit run in ``value`` could pass as a card, ID or mobile."""
    compact = re.sub(r"[\s-]", "", value)
    for run in re.findall(r"\d+[Xx]?", compact) + re.findall(r"[0-9A-Za-z]+", compact):
        digits = run.rstrip("Xx")
        if len(run) == 18 and looks_like_valid_id(run):
            return False
        if digits.isdigit() and 13 <= len(digits) <= 19 and luhn_ok(digits):
            return False
        if len(digits) == 11 and MOBILE_RE.fullmatch(digits):
            return False
    return True


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_value(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - ord("A") + 10


# --------------------------------------------------------------------------- value generators

REGIONS = [
    "110101", "110105", "110108", "310101", "310104", "310115", "440103", "440106", "440304", "440305",
    "330102", "330106", "320102", "320583", "510104", "510107", "420106", "430104", "610113", "370202",
    "350203", "120101", "500103", "210102", "230103", "410105", "130102", "340104", "360102", "530102",
    "620102", "450102", "411627", "130608", "522601",
]


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def _id_body(rng: random.Random) -> str:
    born = random_date(rng, dt.date(1948, 1, 1), dt.date(2007, 12, 31))
    return rng.choice(REGIONS) + born.strftime("%Y%m%d") + f"{rng.randint(1, 999):03d}"


def gen_id(rng: random.Random, mod: str) -> str:
    want_x = mod == "x" or rng.random() < 0.12
    while True:
        body = _id_body(rng)
        check = id_check(body)
        if want_x and check != "X":
            continue
        if check == "X" and rng.random() < 0.35:
            check = "x"
        value = body + check
        if mod == "sp":
            return f"{value[:6]} {value[6:14]} {value[14:]}"
        return value


def gen_bad_id(rng: random.Random, mod: str) -> str:
    body = _id_body(rng)
    good = id_check(body)
    return body + rng.choice([c for c in "0123456789X" if c != good])


CARD_PREFIXES = [("622202", 19), ("621700", 19), ("622848", 19), ("6217", 16), ("6217", 19), ("622588", 16), ("621483", 16), ("4", 16), ("51", 16), ("53", 16), ("55", 16), ("625965", 16)]


def _group_card(value: str, sep: str) -> str:
    return sep.join(value[i : i + 4] for i in range(0, len(value), 4))


def _card_body(rng: random.Random) -> str:
    prefix, length = rng.choice(CARD_PREFIXES)
    return prefix + digits(rng, length - len(prefix) - 1)


def _format_card(rng: random.Random, value: str, mod: str) -> str:
    if mod == "sp" or (not mod and rng.random() < 0.2):
        return _group_card(value, " ")
    if mod == "dash" or (not mod and rng.random() < 0.1):
        return _group_card(value, "-")
    return value


def gen_card(rng: random.Random, mod: str) -> str:
    body = _card_body(rng)
    value = body + luhn_digit(body)
    assert luhn_ok(value)
    return _format_card(rng, value, mod)


def gen_bad_card(rng: random.Random, mod: str) -> str:
    body = _card_body(rng)
    good = luhn_digit(body)
    value = body + rng.choice([c for c in "0123456789" if c != good])
    assert not luhn_ok(value)
    return _format_card(rng, value, mod)


MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150", "151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "176", "177", "178", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"]


def gen_mobile(rng: random.Random, mod: str) -> str:
    num = rng.choice(MOBILE_PREFIXES) + digits(rng, 8)
    style = mod or rng.choice(["", "", "", "", "", "sp", "dash", "plus"])
    if style == "sp":
        return f"{num[:3]} {num[3:7]} {num[7:]}"
    if style == "dash":
        return f"{num[:3]}-{num[3:7]}-{num[7:]}"
    if style == "plus":
        return rng.choice([f"+86 {num}", f"+86-{num[:3]}-{num[3:7]}-{num[7:]}", f"+86{num}", f"(+86) {num}"])
    return num


AREA_CODES_3 = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029"]
AREA_CODES_4 = ["0571", "0755", "0512", "0532", "0731", "0591", "0871", "0351", "0431", "0451", "0769", "0757", "0371", "0551"]


def gen_landline(rng: random.Random, mod: str) -> str:
    if rng.random() < 0.55:
        area, local = rng.choice(AREA_CODES_3), str(rng.randint(2, 8)) + digits(rng, 7)
    else:
        area = rng.choice(AREA_CODES_4)
        local = str(rng.randint(2, 8)) + digits(rng, rng.choice([6, 7, 7]))
    style = rng.random()
    if style < 0.5:
        return f"{area}-{local}"
    if style < 0.65:
        return f"({area}){local}"
    if style < 0.8 and len(local) == 8:
        return f"{area}-{local[:4]} {local[4:]}"
    return f"{area} {local}"


EMAIL_DOMAINS = ["qq.com", "163.com", "126.com", "sina.com", "gmail.com", "outlook.com", "foxmail.com", "hotmail.com", "yeah.net", "sohu.com", "icloud.com", "huaxin-logistics.com.cn", "jinpeng-trade.cn", "mail.szbank-demo.com"]


def gen_email(rng: random.Random, mod: str) -> str:
    roll = rng.random()
    if roll < 0.2:
        return f"{rng.randint(10000, 2999999999)}@qq.com"
    if roll < 0.7:
        local = rng.choice(PINYIN_SURNAMES).lower() + rng.choice(["", ".", "_"]) + rng.choice(PINYIN_GIVEN).lower()
        if rng.random() < 0.5:
            local += str(rng.choice([rng.randint(1, 99), rng.randint(1970, 2005)]))
    else:
        first, last = rng.choice(EN_FIRST).lower(), re.sub(r"[^a-z]", "", rng.choice(EN_LAST).lower())
        local = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}_{last}{rng.randint(1, 99)}"])
    return f"{local}@{rng.choice(EMAIL_DOMAINS)}"


PLACES = [
    ("北京市", "", ["朝阳区", "海淀区", "东城区", "西城区", "丰台区", "通州区"]),
    ("上海市", "", ["浦东新区", "徐汇区", "静安区", "闵行区", "杨浦区"]),
    ("天津市", "", ["和平区", "南开区", "河西区"]),
    ("重庆市", "", ["渝中区", "江北区", "渝北区"]),
    ("广东省", "深圳市", ["南山区", "福田区", "宝安区", "龙岗区"]),
    ("广东省", "广州市", ["天河区", "越秀区", "番禺区", "白云区"]),
    ("浙江省", "杭州市", ["西湖区", "余杭区", "滨江区", "拱墅区"]),
    ("江苏省", "南京市", ["鼓楼区", "玄武区", "江宁区"]),
    ("江苏省", "苏州市", ["姑苏区", "吴中区", "相城区"]),
    ("四川省", "成都市", ["武侯区", "锦江区", "青羊区", "成华区"]),
    ("湖北省", "武汉市", ["洪山区", "江汉区", "武昌区"]),
    ("山东省", "青岛市", ["市南区", "崂山区", "黄岛区"]),
    ("陕西省", "西安市", ["雁塔区", "碑林区", "未央区"]),
    ("福建省", "厦门市", ["思明区", "湖里区"]),
    ("湖南省", "长沙市", ["岳麓区", "天心区", "开福区"]),
    ("河南省", "郑州市", ["金水区", "二七区", "中原区"]),
]
ROADS = ["中山路", "人民路", "解放路", "建设路", "新华路", "和平路", "胜利路", "东风路", "光明街", "学府路", "科技路", "创业大道", "滨江大道", "青年路", "文化路", "长江路", "幸福大街", "南湖东路", "金桥路", "花园路"]
ESTATES = ["阳光花园", "翠苑小区", "锦绣家园", "万科城", "碧桂园", "幸福里", "金地格林小镇", "保利香槟国际", "龙湖春江郦城", "绿城桂花园", "恒大名都", "融创玉兰公馆", "怡景新村", "南苑小区"]
TOWNS = [("河南省", "周口市", "太康县", "马头镇", "李庄村"), ("河北省", "保定市", "清苑区", "东吕乡", "北王庄村"), ("安徽省", "阜阳市", "临泉县", "杨桥镇", "陈楼村"), ("湖南省", "邵阳市", "新邵县", "陈家坊镇", "白水村"), ("山东省", "菏泽市", "曹县", "青菏街道", "刘庄社区")]


def _unit(rng: random.Random) -> str:
    return rng.choice(
        [
            f"{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元{rng.randint(1, 32)}{rng.randint(1, 4):02d}",
            f"{rng.randint(1, 20)}号楼{rng.randint(2, 28)}{rng.randint(1, 6):02d}室",
            f"{rng.choice('ABCD')}座{rng.randint(3, 30)}{rng.randint(1, 12):02d}",
            f"{rng.randint(1, 12)}幢{rng.randint(1, 18)}{rng.randint(1, 6):02d}室",
        ]
    )


def gen_address(rng: random.Random, mod: str) -> str:
    if rng.random() < 0.12:
        prov, city, county, town, village = rng.choice(TOWNS)
        return f"{prov}{city}{county}{town}{village}{rng.choice(['一', '二', '三', '五'])}组{rng.randint(1, 60)}号"
    prov, city, districts = rng.choice(PLACES)
    head = prov + city + rng.choice(districts)
    road = f"{rng.choice(ROADS)}{rng.randint(1, 888)}号"
    if rng.random() < 0.6:
        return head + road + rng.choice(ESTATES) + _unit(rng)
    return head + road + rng.choice(["", "华润大厦", "创新园", "国际金融中心"]) + rng.choice(["", f"{rng.randint(2, 40)}楼", f"{rng.randint(1, 30)}层{rng.randint(1, 20):02d}室"])


def gen_partial_address(rng: random.Random, mod: str) -> str:
    _, city, districts = rng.choice(PLACES)
    district = rng.choice(districts)
    road = f"{rng.choice(ROADS)}{rng.randint(1, 500)}号"
    roll = rng.random()
    if roll < 0.35:
        return f"{district}{road}{rng.choice(ESTATES)}{_unit(rng)}"
    if roll < 0.6:
        return f"{rng.choice(ESTATES)}{_unit(rng)}"
    if roll < 0.8 and city:
        return f"{city}{district}{road}"
    return f"{road}{rng.choice(ESTATES)}{rng.randint(1, 30)}栋"


EN_CN_PLACES = [("Nanshan District", "Shenzhen"), ("Xuhui District", "Shanghai"), ("Chaoyang District", "Beijing"), ("Tianhe District", "Guangzhou"), ("Xihu District", "Hangzhou"), ("Wuhou District", "Chengdu")]
EN_CN_ROADS = ["Keyuan", "Zhongshan", "Renmin", "Jianshe", "Huaihai Middle", "Nanjing West", "Tianfu", "Wensan", "Jiefang"]
US_STREETS = ["Maple Avenue", "Oak Street", "Pine Road", "Cedar Lane", "Elm Drive", "Lakeview Boulevard", "Sunset Avenue", "Harbor Way"]
US_CITIES = [("Austin", "TX", "787"), ("Portland", "OR", "972"), ("Columbus", "OH", "432"), ("Denver", "CO", "802"), ("Seattle", "WA", "981"), ("Raleigh", "NC", "276")]
UK_STREETS = ["Baker Street", "Elm Park Road", "Kingsland Road", "Victoria Street", "Church Lane"]


def gen_address_en(rng: random.Random, mod: str) -> str:
    roll = rng.random()
    if roll < 0.4:
        district, city = rng.choice(EN_CN_PLACES)
        return f"Room {rng.randint(2, 30)}{rng.randint(1, 12):02d}, Building {rng.randint(1, 15)}, No. {rng.randint(1, 600)} {rng.choice(EN_CN_ROADS)} Road, {district}, {city}"
    if roll < 0.7:
        city, state, zip3 = rng.choice(US_CITIES)
        return f"{rng.randint(12, 9800)} {rng.choice(US_STREETS)}, {city}, {state} {zip3}{rng.randint(0, 99):02d}"
    if roll < 0.85:
        pc = f"{rng.choice(['N', 'E', 'SW', 'NW'])}{rng.randint(1, 19)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        return f"Flat {rng.randint(1, 40)}, {rng.randint(2, 220)} {rng.choice(UK_STREETS)}, London {pc}"
    return f"Flat {rng.choice('ABCDEFGH')}, {rng.randint(3, 40)}/F, {rng.choice(['Mei Foo Tower', 'Harbour View Court', 'Sun Hing Building'])}, {rng.randint(1, 500)} Nathan Road, Kowloon, Hong Kong"


PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def gen_plate(rng: random.Random, mod: str) -> str:
    head = rng.choice(PLATE_PROVINCES) + rng.choice(PLATE_LETTERS[:12])
    if mod == "nev" or (not mod and rng.random() < 0.3):
        tail = rng.choice("DF") + digits(rng, 5) if rng.random() < 0.75 else digits(rng, 5) + rng.choice("DF")
    else:
        chars = [rng.choice("0123456789") for _ in range(5)]
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            chars[rng.randrange(5)] = rng.choice(PLATE_LETTERS)
        tail = "".join(chars)
    return head + rng.choice(["", "", "", "·", " "]) + tail


def gen_passport(rng: random.Random, mod: str) -> str:
    roll = rng.random()
    if roll < 0.6:
        return "E" + digits(rng, 8)
    if roll < 0.8:
        return "E" + rng.choice(PLATE_LETTERS) + digits(rng, 7)
    return "G" + digits(rng, 8)


def gen_foreign_passport(rng: random.Random, mod: str) -> str:
    return rng.choice(
        [
            str(rng.randint(5, 6)) + digits(rng, 8),  # US style
            "T" + rng.choice("KRZ") + digits(rng, 7),  # Japan style
            "M" + digits(rng, 8),  # Korea style
            rng.choice("KLMNP") + digits(rng, 7),  # India style
            "C" + "".join(rng.choice("0123456789CFGHJKLMNPRTVWXYZ") for _ in range(8)),  # Germany style
            "P" + digits(rng, 7) + rng.choice("ABCD"),  # misc style
        ]
    )


PUBLIC_FIRST_OCTETS = [36, 39, 58, 59, 60, 61, 101, 106, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 175, 180, 182, 183, 202, 203, 210, 211, 218, 219, 220, 221, 222, 223]


def gen_ip(rng: random.Random, mod: str) -> str:
    roll = rng.random()
    if roll < 0.3:
        return f"192.168.{rng.randint(0, 20)}.{rng.randint(2, 254)}"
    if roll < 0.45:
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
    if roll < 0.52:
        return f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
    return f"{rng.choice(PUBLIC_FIRST_OCTETS)}.{rng.randint(1, 254)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


# ----- non-PII generators (each checked by safe_non_pii)


def gen_order(rng: random.Random, mod: str) -> str:
    day = random_date(rng, dt.date(2023, 1, 1), dt.date(2025, 6, 30))
    return rng.choice(
        [
            rng.choice("23") + digits(rng, 18),
            rng.choice("23") + digits(rng, 11),
            "DD" + day.strftime("%Y%m%d") + digits(rng, 6),
            day.strftime("%y%m%d") + "-" + digits(rng, 15),
            f"SO-{day.year}-{digits(rng, 6)}",
            "KF" + day.strftime("%y%m%d") + digits(rng, 5),
            "PO" + day.strftime("%Y%m") + digits(rng, 4),
            "WX" + digits(rng, 16),
        ]
    )


def _s10(rng: random.Random) -> str:
    serial = digits(rng, 8)
    c = 11 - sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)) % 11
    check = {10: 0, 11: 5}.get(c, c)
    return "E" + rng.choice("AKMSV") + serial + str(check) + "CN"


def gen_tracking(rng: random.Random, mod: str) -> str:
    if mod == "ems":
        return _s10(rng)
    return rng.choice(
        [
            "SF" + rng.choice("13") + digits(rng, 12),
            "JD" + rng.choice(["00", "VA", "VB"]) + digits(rng, 11),
            "YT" + rng.choice("6789") + digits(rng, 12),
            "75" + digits(rng, 12),
            _s10(rng),
            rng.choice(["43", "46"]) + digits(rng, 11),
            "77" + digits(rng, 13),
        ]
    )


MODELS = [
    "KFR-35GW/N1A1", "XQG100-HBD14376", "BCD-470WDPG", "EC6002-MV1", "MX-3200A", "DS-2CD3T47", "SM-S9280", "V2309A",
    "Mate 60 Pro", "iPhone 15 Pro Max", "Redmi K70", "小米14 Ultra", "JYL-C18D", "GA-2100", "MacBook Air M2",
    "ThinkPad X1 Carbon", "AirPods Pro 2", "RTX 4070 Ti", "65Q10G", "MB-FB40", "WH-1000XM5", "Galaxy Z Flip5",
    "BCD-520WGHTD", "EH-NA0J", "Dyson V12", "SK-II", "ZT-2288", "HD2137", "FS-960", "CX-8100", "QN65S95C", "XR-300B",
]


def gen_model(rng: random.Random, mod: str) -> str:
    return rng.choice(MODELS)


def _amount(rng: random.Random) -> str:
    value = rng.choice([rng.randint(9, 99), rng.randint(100, 999), rng.randint(1000, 29999)])
    text = f"{value:,}" if value >= 1000 and rng.random() < 0.5 else str(value)
    return text + rng.choice(["", "", "", ".00", ".50", ".9"])


def gen_price(rng: random.Random, mod: str) -> str:
    amount = _amount(rng)
    return rng.choice([f"¥{amount}", f"{amount}元", f"{amount}元", f"{amount}块", f"{amount}块钱", f"￥{amount}", f"RMB{amount}"])


def gen_price_en(rng: random.Random, mod: str) -> str:
    cents = f"{rng.randint(5, 2999)}.{rng.randint(0, 99):02d}"
    return rng.choice([f"${cents}", f"USD {cents}", f"¥{_amount(rng)}", f"RMB {_amount(rng)}", f"€{cents}"])


def gen_date(rng: random.Random, mod: str) -> str:
    d = random_date(rng, dt.date(2023, 1, 1), dt.date(2025, 12, 31))
    base = rng.choice([f"{d:%Y-%m-%d}", f"{d.year}/{d.month}/{d.day}", f"{d.month}月{d.day}日", f"{d.month}月{d.day}号", f"{d.year}年{d.month}月{d.day}日"])
    if rng.random() < 0.2:
        base += rng.choice([f" {rng.randint(8, 21)}:{rng.choice(['00', '15', '30', '45'])}", f"下午{rng.randint(1, 6)}点", f"上午{rng.randint(8, 11)}点"])
    return base


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def gen_date_en(rng: random.Random, mod: str) -> str:
    d = random_date(rng, dt.date(2023, 1, 1), dt.date(2025, 12, 31))
    return rng.choice([f"{MONTHS[d.month - 1]} {d.day}, {d.year}", f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}", f"{d:%Y-%m-%d}", f"{d:%m/%d/%Y}", f"{MONTHS[d.month - 1][:3]} {d.day}"])


def gen_qty(rng: random.Random, mod: str) -> str:
    return f"{rng.choice([1, 2, 2, 3, 4, 5, 6, 10, 12, 20, 24, 50])}{rng.choice(['件', '箱', '个', '台', '套', '斤', '瓶', '双', '盒', '袋'])}"


def gen_qty_en(rng: random.Random, mod: str) -> str:
    return f"{rng.choice([2, 3, 4, 6, 10, 12, 25, 40, 100])} {rng.choice(['units', 'boxes', 'pcs', 'cartons', 'pairs'])}"


def gen_tax_id(rng: random.Random, mod: str) -> str:
    while True:
        org = rng.choice(["MA", "MA", ""]) + "".join(rng.choice(USCC_CHARS) for _ in range(8))
        org = org[:8]
        org_sum = sum(_org_value(c) * w for c, w in zip(org, ORG_WEIGHTS, strict=True))
        c9 = 11 - org_sum % 11
        org += {10: "X", 11: "0"}.get(c9, str(c9))
        body = rng.choice(["91", "91", "91", "92", "12", "52"]) + rng.choice(REGIONS) + org
        total = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
        value = body + USCC_CHARS[(31 - total % 31) % 31]
        if any(c.isalpha() for c in value) and not looks_like_valid_id(value):
            return value


def gen_code(rng: random.Random, mod: str) -> str:
    alnum = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return rng.choice(
        [
            digits(rng, 6),
            "".join(rng.choice(alnum) for _ in range(8)),
            f"{rng.randint(1, 9)}-{rng.randint(1, 9)}-{rng.randint(1000, 9999)}",
            "".join(rng.choice(alnum) for _ in range(4)) + "-" + "".join(rng.choice(alnum) for _ in range(4)),
            str(rng.randint(1000, 9999)),
        ]
    )


def gen_hotline(rng: random.Random, mod: str) -> str:
    return rng.choice(
        [
            f"400-{rng.randint(600, 899)}-{digits(rng, 4)}",
            f"400 {rng.randint(600, 899)} {digits(rng, 4)}",
            f"400{rng.randint(600, 899)}{digits(rng, 4)}",
            f"800-{rng.randint(810, 830)}-{digits(rng, 4)}",
            rng.choice(["95588", "95533", "95599", "95566", "95555", "95595", "95528", "95511", "95338"]),
        ]
    )


Generator = Callable[[random.Random, str], str]
_name: Generator = lambda rng, mod: gen_cn_name(rng)  # noqa: E731

# slot kind -> (group, type, generator)
KINDS: dict[str, tuple[str, str, Generator]] = {
    "name": ("pii", "person", _name),  # Chinese name, no label cue before it
    "lname": ("pii", "person", _name),  # Chinese name right after a label cue
    "en": ("pii", "person", lambda rng, mod: gen_en_name(rng)),
    "py": ("pii", "person", lambda rng, mod: gen_pinyin_name(rng)),
    "mobile": ("pii", "mobile", gen_mobile),
    "landline": ("pii", "landline", gen_landline),
    "id": ("pii", "id_number", gen_id),
    "card": ("pii", "bank_card", gen_card),
    "email": ("pii", "email", gen_email),
    "addr": ("pii", "address", gen_address),
    "addrp": ("pii", "address", gen_partial_address),
    "addren": ("pii", "address", gen_address_en),
    "passport": ("pii", "passport", gen_passport),
    "fpassport": ("pii", "passport", gen_foreign_passport),
    "plate": ("pii", "license_plate", gen_plate),
    "ip": ("pii", "ip", gen_ip),
    "order": ("non_pii", "order_no", gen_order),
    "track": ("non_pii", "tracking_no", gen_tracking),
    "model": ("non_pii", "model", gen_model),
    "price": ("non_pii", "price", gen_price),
    "priceen": ("non_pii", "price", gen_price_en),
    "date": ("non_pii", "date", gen_date),
    "dateen": ("non_pii", "date", gen_date_en),
    "qty": ("non_pii", "quantity", gen_qty),
    "qtyen": ("non_pii", "quantity", gen_qty_en),
    "tax": ("non_pii", "tax_id", gen_tax_id),
    "code": ("non_pii", "code", gen_code),
    "hotline": ("non_pii", "hotline", gen_hotline),
    "badid": ("non_pii", "invalid_id", gen_bad_id),
    "badcard": ("non_pii", "invalid_card", gen_bad_card),
}

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
# Cues that label a name; a {name} slot must never follow one (a {lname} slot does).
LABEL_CUES = ("我叫", "姓名", "名字", "收件人", "寄件人", "联系人", "收货人", "签收人", "持卡人", "户名", "本人", "我是", "车主", "报修人", "申请人", "乘客", "客户名称", "法人代表", "订货人", "参会人员", "客户", "name is")

# --------------------------------------------------------------------------- templates
# (repetitions, template). Slots: {kind}, {kind#tag} (same tag = same value in a line),
# {kind!mod}. Mods: fw = full-width digits; mobile plain/sp/dash/plus; card sp/dash;
# id x/sp; plate nev; track ems.

ZH_TEMPLATES: list[tuple[int, str]] = [
    # --- names with no label cue: subjects, objects, lists, roles, sign-offs, tables, chat logs
    (2, "{name}昨天来店里退了一双鞋，说码数偏小，麻烦查下{order}这单的退款到哪一步了"),
    (1, "让{name}明天上午过来拿货吧，我{date}之前都不在公司"),
    (2, "{name}帮我下的单，手机号填的是他的{mobile}，能不能改成我的"),
    (1, "上次是{name}接待的我，态度特别好，这次还想找她办"),
    (1, "我跟{name}约好周末去提车，车牌{plate}，到时候直接开走就行吧？"),
    (1, "{name}、{name#b}和{name#c}三个人的工牌都丢了，要怎么补办"),
    (1, "这批货是{name}经手的，货款{price}上周已经打到对公账户了"),
    (1, "麻烦转告一下{name}，她要的{model}到了，一共{qty}"),
    (1, "今天{name}打电话来说快递{track}一直不更新，帮忙看看咋回事"),
    (1, "我老婆{name}的卡{card}被冻结了，她现在不方便接电话，我能代办吗"),
    (1, "{name}是我们部门新来的同事，帮她开一下系统账号，邮箱{email}"),
    (1, "刚跟{name}确认过了，发票抬头开公司，税号{tax}"),
    (1, "你们那个快递员{name}把我的件直接扔驿站了，电话{mobile}也打不通"),
    (1, "我儿子{name}在你们这报的名，身份证号{id}，帮忙核实一下"),
    (1, "房东{name}让我把押金转到{card}，说是他本人的卡，这个安全吗"),
    (1, "{name}在吗？上次说的{model}还有白色的吗"),
    (1, "替我妈{name}问一下，她手机{mobile}一直收不到验证码，是不是被拦截了"),
    (1, "我和{name}住一个小区，两个人的包裹能合并发吗？地址是{addr}"),
    (1, "下午三点{name}开车去你们仓库提货，车牌号{plate}，麻烦跟门卫说一声"),
    (1, "已经跟财务{name}说了，{date}前把{price}退回来"),
    (1, "售后的{name}说给我换新，结果过了一个礼拜都没人联系"),
    (1, "我和{name}一起买的，两个单号分别是{order}和{order#b}"),
    (1, "把{name}从群里移出去吧，她上个月已经离职了"),
    (1, "听{name}说你们黄金首饰在搞活动，现在克价多少？"),
    (1, "多亏{name}帮忙，问题终于解决了，给她点个赞👍"),
    (1, "请{name}尽快回电{landline}，是关于车险理赔的事"),
    (1, "{name}给的地址写错了，应该是{addr}，麻烦改一下"),
    (1, "上周{name}师傅来修过一次空调（型号{model}），今天又不制冷了"),
    (1, "这周值班的是{name}和{name#b}，有急事直接打{landline}"),
    (1, "货已收到，外箱有点压坏了，下次注意包装。——{name}"),
    (1, "以上问题麻烦尽快处理，谢谢！\n{name}\n{date}"),
    (1, "我把聊天记录贴过来：\n{name}：你好，我的件到哪了？\n客服：亲，正在派送中哦\n{name}：都三天了还在派送？"),
    (1, "[{date}] {name}: 东西收到了，但是少了一个配件"),
    (1, "@{name} 这个客户的退款你跟一下，订单号{order}"),
    (1, "cc {name}，客户要求{date}之前一定要发货，别忘了"),
    (1, "序号\t姓名\t手机\t地址\n1\t{name}\t{mobile!plain}\t{addrp}\n2\t{name#b}\t{mobile#b!plain}\t{addrp#b}"),
    (1, "| {name} | {mobile!plain} | {qty} | 已发货 |\n| {name#b} | {mobile#b!plain} | {qty#b} | 待发货 |"),
    (1, "{name}替我付的款，用的是她的卡{card}，现在退款会退到哪里"),
    (1, "我找{name}，她说今天帮我办理挂失的"),
    (1, "{name}这个人是你们银行员工吗？他说能帮我办大额贷款，让我先交{price}手续费"),
    (1, "给{name}转了{price}，对方卡号{card}，现在怀疑被骗了怎么办"),
    (1, "这个件是寄给{name}的，没人签收的话退回{addr}"),
    (1, "想问下{name}老师的书法课什么时候开课"),
    (1, "{name}医生开的处方药能在你们店买吗"),
    (1, "恭喜{name}获得三月份的服务之星！"),
    (1, "明早让{name}去机场接客户，{date}落地，记得带上接机牌"),
    (1, "{name}和{name#b}的护照号分别是{passport}、{passport#b}，帮忙订两张去曼谷的机票"),
    (1, "我们组长{name}说这个月的对账单要重新出"),
    (1, "楼下的{name}阿姨帮我代收了快递，单号{track}，系统里能改一下吗"),
    (1, "隔壁店老板{name}推荐我来的，说你们家{model}便宜"),
    (1, "昨天是{name}给我办的开户，能查到她工号吗"),
    (1, "麻烦让{name}给我回个电话，我的号码{mobile}"),
    (1, "{name}说他把钱转错了，转到了{card}，能撤回吗"),
    (1, "我爸{name}今年七十多了，不会用手机银行，能不能去网点办"),
    (1, "{name}你好，你的快递放在{addrp}门口了"),
    (1, "上午{name}来过电话，说{date}要来取{qty}样品"),
    (1, "{name}跟我说用优惠码{code}可以减{price}，结果根本没用"),
    (1, "我们公司采购{name}和{name#b}都可以签字确认"),
    (1, "谢谢{name}耐心解答！"),
    (1, "{name}的单子优先处理，她是老客户了"),
    (1, "告诉{name}，她的快递被{name#b}拿错了"),
    (1, "这个包裹{name}收，那个给{name#b}"),
    (1, "{name}刚把身份证{id}发我了，你们帮我录一下"),
    (1, "是{name}介绍我来的，说你们这办信用卡快"),
    (1, "说实话{name}比之前那个客服专业多了"),
    (1, "{name}的航班{date}落地，护照{passport}，需要接机服务"),
    (1, "我在王府井店买的，导购{name}给我开的小票，金额{price}"),
    (1, "{name}妈妈您好，孩子的校服已经寄出了，单号{track}"),
    (1, "周末{name}和{name#b}都休息，有事找{name#c}"),
    (1, "别把货给{name}，他已经不是我们公司的人了"),
    (1, "{name}把我拉黑了，订单{order}的钱也不退，你们管不管"),
    (1, "我同事{name}的邮箱是{email}，合同发她一份"),
    (1, "转账备注写{name}就行，金额{price}"),
    (1, "我看物流是{name}签收的，但我根本不认识这个人"),
    (1, "帮我查查{name}寄的挂号信，单号{track!ems}"),
    (1, "刚刚{name}跟我视频，说小孩发烧了，今天的课请假"),
    (1, "{name}负责华东区，{name#b}负责华南区，有问题对应找他们"),
    (1, "哈喽，我是跟{name}一起来办卡的那个，她让我找你"),
    (1, "{name} said OK，那就按{price}走吧"),
    (1, "meeting纪要：{name}负责跟进物流，{name#b}负责对账，deadline {date}"),
    (1, "帮我forward给{name}，她邮箱{email}"),
    (1, "{name}的工资卡{card}这个月没收到工资"),
    (1, "理财经理{name}推荐的产品亏了{price}，我要投诉"),
    (1, "{track}这个件显示被{name}代签收了，谁啊？"),
    (1, "司机{name}的电话{mobile}，车牌{plate}，大概{date}到"),
    (1, "货拉拉师傅{name}把我的{qty}货弄丢了"),
    (1, "申通单号{track}，派件员{name}说放丰巢了，取件码{code}"),
    (1, "亲，拍{qty}包邮吗？{name}说她也要一个"),
    (1, "帮我备注一下：送给{name}的生日礼物，别放发票"),
    (1, "{name}不在的话找{name#b}也行，号码都是{landline}"),
    (1, "马上到了，{name}在门口等你"),
    (1, "一会儿{name}过来取钥匙，麻烦给她"),
    (1, "我跟{name}吵了一架，她用我的账号下了{qty}，能取消吗"),
    (1, "{name}，{name#b}，{name#c}，{name#d}，这四个人的体检报告发一下"),
    (1, "感谢{name}和{name#b}两位的帮助，{name}尤其耐心"),
    (1, "护士{name}把我妈的医保卡拿走了还没还"),
    (1, "记得提醒{name}交物业费，她住{addrp}"),
    (1, "问下{name}在不在你们店上班，我是她高中同学"),
    (1, "{name}刚升职了，以后这块业务归{name#b}管"),
    (1, "帮{name}预约一下{date}的保养，车是{plate!nev}"),
    (1, "{name}的车{plate}被拖走了，是不是停在了消防通道"),
    (1, "咱们群里的{name}是不是骗子？她让我往{card}打钱"),
    (1, "{name}老家在{addr}，年货直接寄过去"),
    (1, "那天{name}穿着白色外套来的，你们监控能看到吗"),
    (1, "顺便问一下，{name}的快件{track}到哪了"),
    (1, "{name}也在这个群里，你直接问她"),
    (1, "老板说先给{name}发货，{name#b}的往后排"),
    (1, "是不是{name}把我的手机号{mobile}泄露出去的？天天接到推销电话"),
    (1, "今年的年会{name}主持，{name#b}负责抽奖"),
    (1, "公司前台{name}代收的，放在{addrp}那边"),
    (1, "备用联系方式：{name} {mobile}"),
    (1, "紧急情况请打给{name}，{mobile!dash}"),
    (1, "我已经让{name}把{price}转给你们了，查收一下"),
    (1, "维修单写的是{name}，其实是我报修的"),
    (1, "下周一{name}去{addr}现场勘察"),
    (1, "{name}、{name#b}两人各要{qty}，分开打包"),
    # --- names after a label cue
    (2, "我叫{lname}，手机{mobile}，想查一下快递{track}"),
    (2, "姓名：{lname}\n电话：{mobile}\n地址：{addr}"),
    (2, "收件人：{lname} {mobile} {addr}"),
    (1, "联系人{lname}，座机{landline}，工作日9点到6点都在"),
    (1, "开户名{lname}，卡号{card}，开户行在深圳"),
    (1, "持卡人：{lname}  卡号：{card!sp}"),
    (1, "本人{lname}，身份证号{id}，申请注销信用卡，{hotline}一直转不了人工"),
    (1, "客户名称：{lname}；证件号码：{id}；手机：{mobile}"),
    (1, "寄件人：{lname}，收件人：{lname#b}，{addrp}"),
    (1, "乘客姓名{lname}，护照号码{passport}，航班日期{date}"),
    (1, "车主：{lname}，车牌号：{plate}，保单到期日{date}"),
    (1, "报修人：{lname}  电话：{mobile}  地址：{addr}  故障：{model}不出热水"),
    (1, "我的名字是{lname}，上周在你们这买了{qty}"),
    (1, "你好，我是{lname}，昨天打过电话的，关于{order}的退款"),
    (1, "签收人{lname}，签收时间{date}"),
    (1, "法人代表{lname}，统一社会信用代码{tax}"),
    (1, "联系人：{lname}（{mobile}）"),
    (1, "收货人{lname}，电话{mobile!dash}，收获地址{addr}"),
    (1, "实名认证失败，姓名{lname}，身份证{id!x}"),
    (1, "我是{lname}的家属，她住院了没法来办"),
    (1, "申请人：{lname}\n性别：女\n身份证号：{id}\n联系电话：{landline}"),
    (1, "参会人员：{lname}、{lname#b}、{lname#c}"),
    (1, "订货人{lname} 数量{qty} 单价{price}"),
    (1, "对方户名{lname}，账号{card}，金额{price}，是不是诈骗"),
    (1, "收件人{lname}，{addr}，{mobile!plus}"),
    (1, "hi，我是采购部的{lname}，PO号{order}，please confirm一下交期"),
    (1, "客户{lname}投诉说我们司机开着{plate}在小区里乱停"),
    (1, "下单人是我，收货的是{lname}，电话{mobile}"),
    (1, "寄件：{lname}，{mobile}，{addr}；收件：{lname#b}，{mobile#b}，{addr#b}"),
    (1, "转账到{card}显示户名不符，户名应该是{lname}"),
    (1, "帮我查一下{card!sp}这张卡的余额，我是{lname}本人"),
    (1, "姓名 {lname}  手机 {mobile!fw}  身份证 {id!sp}"),
    # --- other PII, no person
    (2, "我的手机号{mobile}，订单{order}，麻烦尽快回电"),
    (1, "你们{hotline}打不通，有消息打我座机{landline}"),
    (1, "快递送到{addr}，放门口就行"),
    (1, "快递{track}改一下地址，新地址是{addrp}"),
    (1, "身份证{id}，帮我查一下名下有几张卡"),
    (1, "还款卡号{card}，{date}扣款失败了"),
    (1, "验证码发到{email}也行"),
    (1, "我这个IP {ip} 为什么登不上后台？"),
    (1, "服务器{ip}和{ip#b}都连不上了，运维在吗"),
    (1, "车牌{plate}的车在你们停车场被刮了，停车小票编号{code}"),
    (1, "新能源车{plate!nev}，充电桩能装到地库吗"),
    (1, "护照号{passport}，签证办好了没？预约号{code}"),
    (1, "手机号是{mobile!fw}，地址{addrp}"),
    (1, "帮我把{mobile}解绑，换成{mobile#b}"),
    (1, "卡号是{card!dash}，今天能到账吗"),
    (1, "邮箱写错了，应该是{email}，不是{email#b}"),
    (1, "我在{addr}，工单{order}，你们师傅几点能到？"),
    (1, "麻烦寄到{addr}，到付"),
    (1, "登录提醒：{date}异地登录，IP地址{ip}，不是我本人操作"),
    (1, "这辆{plate}是我老公的车，违章能在你们这处理吗"),
    (1, "身份证号：{id!x}，刚提交的资料被驳回了"),
    (1, "打{hotline}没人接，你们打我{mobile}吧"),
    (1, "发票寄到{addrp}，税号{tax}，电话{landline}"),
    (1, "新手机号{mobile!plus}，原来那个{mobile#b}不用了"),
    (1, "座机{landline}转803，找财务"),
    (1, "我的信用卡{card}在{date}有一笔{price}的消费不是我刷的"),
    (1, "储蓄卡尾号不记得了，完整卡号是{card}"),
    (1, "网银U盾丢了，身份证{id}，手机{mobile}，怎么补办"),
    (1, "我要挂失，卡号{card}，快点帮我冻结"),
    (1, "中通{track}，收件人电话写错了，正确的是{mobile}"),
    (1, "EMS单号{track!ems}，寄往{addren}"),
    (1, "{model}收到是坏的，换货寄回地址是不是{addrp}？"),
    (1, "后台显示{ip}一直在刷接口，帮我封掉"),
    (1, "我换了邮箱{email}，以后账单发这个"),
    (1, "身份证{id}，护照{passport}，两个都上传了还是审核不过"),
    (1, "在吗在吗？？我的号码{mobile}被别人注册了"),
    (1, "公司地址变更为{addr}，请更新"),
    (1, "晚上十点以后别打我手机，打家里{landline}"),
    (1, "微信付款失败，绑定的卡{card}是不是有问题"),
    (1, "车位是{plate}的吗？挡着我出不去了"),
    # --- several kinds of PII in one message
    (1, "麻烦帮我开通网银，身份证{id}，预留手机{mobile}，邮箱{email}"),
    (1, "地址：{addr}\n电话：{mobile}\n备注：{date}前送到"),
    (1, "账号异常登录，IP {ip}，时间{date}，设备{model}"),
    (1, "请把回单发到{email}，付款卡号{card}，金额{price}"),
    (1, "机票信息：护照{passport}，手机{mobile}，出发日期{date}"),
    (1, "停车场登记：{plate}，{mobile}，入场时间{date}"),
    (1, "白名单加一下{ip}、{ip#b}、{ip#c}"),
    (1, "快递单上的电话{mobile}和地址{addrp}都是对的，为啥给退回了"),
    (1, "收货地址{addr}，联系电话{landline}，工作日收货"),
    (1, "身份证正反面已经发到{email}了，号码{id}"),
    (1, "开票：税号{tax}，地址{addrp}，电话{landline}"),
    (1, "签证材料：护照{passport}，身份证{id}，邮箱{email}"),
    (1, "{plate}这台车的ETC扣了我两次{price}"),
    (1, "我在{addr}，车牌{plate}的车把我的电动车撞了，人跑了"),
    (1, "APP绑定的是{mobile!sp}，邮箱{email}，都收不到验证码"),
    (1, "电子邮箱：{email}；备用邮箱：{email#b}"),
    (1, "帮我退到原卡{card}，订单{order}，金额{price}"),
    (1, "客户IP {ip}，登录账号{email}，疑似撞库"),
    (1, "公积金提取：身份证{id!x}，银行卡{card}"),
    (1, "快递员电话{mobile}，寄件地址{addr}，取件时间{date}"),
    (1, "取消自动续费，绑定的卡{card!dash}，手机{mobile}"),
    (1, "港澳通行证号码记不清了，护照是{passport}，可以吗"),
    (1, "座机{landline}、手机{mobile}都能找到我"),
    (1, "送货地址{addrp}，周末在家，电话{mobile!fw}"),
    (1, "发到我邮箱{email}吧，微信不方便"),
    (1, "我的车{plate}昨晚停在{addrp}，早上发现被划了"),
    (1, "把{mobile}加入黑名单，一直骚扰我"),
    (1, "办理携号转网，号码{mobile}，身份证{id}"),
    (1, "预约{date}上门检修{model}，地址{addr}，电话{mobile}"),
    (1, "Wi-Fi连上了但是IP是{ip}，上不了网"),
    (1, "酒店那边要护照{passport}和手机号{mobile!plus}，我都填了，订单{order}"),
    (1, "家里电话{landline}，公司地址{addr}，这两个都改一下"),
    (1, "异地登录的IP是{ip}，我人在{addrp}，不可能是我"),
    (1, "{name}的身份证号我抄的是{badid}，系统说不对，是不是抄错了一位"),
    (1, "卡号{badcard}是{name}给我的，转不过去"),
    (1, "身份证{id}能通过，{badid}就不行，这两个有啥区别"),
    (1, "开户行说{badcard}这个卡号不存在，我再跟{name}确认下"),
    (1, "{name}让我打{hotline}，说是你们的官方客服，真的假的"),
    (1, "投诉电话{hotline}，我的手机{mobile}，今天必须给个说法"),
    (1, "{name}要开专票，税号{tax}，发到{email}"),
    (1, "两个快递{track}和{track#b}都是寄给{name}的，能一起派吗"),
    (1, "{name}的会员码{code}能借我用一下吗"),
    # --- no PII at all (hard negatives and surname-word traps)
    (1, "订单{order}显示已签收，可是我没收到啊"),
    (1, "{model}现在多少钱？上次看还是{price}"),
    (1, "快递{track}三天了还在转运中心，啥情况"),
    (1, "你们客服热线{hotline}一直占线，打了好几次"),
    (1, "优惠券{code}用不了，提示已过期"),
    (1, "这个{model}买{qty}有没有优惠"),
    (1, "{date}下的单，到现在还没发货"),
    (1, "开票信息：单位名称见附件，税号{tax}"),
    (1, "身份证号填的{badid}，系统一直提示校验不通过"),
    (1, "卡号{badcard}绑不上，说卡号有误，是不是输错了"),
    (1, "周末能送货上门吗？我马上要出差了"),
    (1, "白色那款还有货吗？付款的时候金额怎么跟页面上不一样"),
    (1, "王府井那家门店几点关门？"),
    (1, "江苏地区包邮吗？"),
    (1, "黄金回收今天多少钱一克"),
    (1, "很高兴为您服务，请问还有什么可以帮您？"),
    (1, "方便的话帮我催一下{track}"),
    (1, "这个安全座椅{model}适合几岁的宝宝"),
    (1, "取件码{code}，柜子打不开"),
    (1, "退款{price}什么时候到账？订单{order}，原路退回卡{card}"),
    (1, "我要{qty}，{date}之前能送到{addrp}吗"),
    (1, "请问{hotline}是你们官方的号码吗？有人打这个号说我中奖了"),
    (1, "验证码{code}，五分钟内有效，请勿告诉他人"),
    (1, "我看了下金额是{price}，可是我只买了{qty}"),
    (1, "{model}和{model#b}有什么区别"),
    (1, "单号{track}的件能改派到{addr}吗"),
    (1, "为什么我的卡{card}余额少了{price}"),
    (1, "高铁上信号不好，晚点再联系"),
    (1, "马上就双十一了，{model}会不会降价"),
    (1, "石家庄能发吗？多久到"),
    (1, "黄色和金色哪个好看一点"),
    (1, "{order}这个订单申请了价保，差价{price}"),
    (1, "物流单号{track!fw}，一直没动"),
    (1, "税号{tax}开专票，金额{price}，数量{qty}"),
    (1, "付款方式选错了，能改成货到付款吗"),
    (1, "贺卡上能写字吗？想写祝老师节日快乐"),
    (1, "订单{order}的发票抬头错了，需要重开，新的发到{email}"),
    (1, "{date}到{date#b}期间的账单麻烦导出一下，发{email}"),
    (1, "田园风的窗帘还有吗？要{qty}"),
    (1, "林荫路那边的自提点还开吗"),
    (1, "许多顾客反映{model}充电很慢"),
    (1, "钱包里那张满{price}减的券怎么用不了"),
    (1, "我输的身份证号是{badid}，提示号码无效，是不是最后一位错了"),
    (1, "这张{badcard}是不是假卡号？支付时一直报错"),
    (1, "订单号{order!fw}，麻烦加急"),
    (1, "{price!fw}的那个套餐还有吗"),
    (1, "周到的服务，点赞！下次还来"),
    (1, "严重怀疑你们发错货了，我买的是{model}"),
    (1, "任何时候打{hotline}都没人接"),
    (1, "朱红色的口红补货了吗？想要{qty}"),
    (1, "余额宝转出的{price}怎么还没到账"),
]

EN_TEMPLATES: list[tuple[int, str]] = [
    (2, "Hi, this is {en}. My order {order} still hasn't shipped."),
    (1, "{en} called yesterday about the refund for order {order}."),
    (1, "Please ship to {en}, {addren}. Phone: {mobile!plus}"),
    (1, "Could you ask {en} to call me back at {mobile!plus}?"),
    (1, "My colleague {py} will pick up the parcel; his passport number is {passport}."),
    (1, "Thanks for the quick help!\n\nBest regards,\n{en}\n{email}"),
    (1, "We saw a login from {ip} at 3am, that was not me."),
    (1, "I was charged {priceen} on card {card} on {dateen}, but I had cancelled."),
    (1, "Tracking {track} says delivered but {en} never got it."),
    (1, "Send the invoice to {email}, attention {py}."),
    (1, "Is the {model} compatible with the older charger?"),
    (1, "Your hotline {hotline} is always busy."),
    (1, "{en} and {en#b} will both attend on {dateen}."),
    (1, "Customer: {en}\nEmail: {email}\nPhone: {mobile!plus}\nAddress: {addren}"),
    (1, "{py} from our Shanghai office handles this account, reach her at {email}."),
    (1, "Can I change the delivery address to {addren}?"),
    (1, "Guest {en}, passport {fpassport}, checking in on {dateen}."),
    (1, "The technician {en} came on {dateen} but the {model} still doesn't work."),
    (1, "Please don't give my number {mobile!plus} to anyone."),
    (1, "Order {order}: {qtyen} of {model}, total {priceen}."),
    (1, "I ordered {qtyen} but only received half. Order {order}."),
    (1, "Coupon {code} doesn't work at checkout."),
    (1, "Hi team, loop in {en} please, she's taking over from {py} next week."),
    (1, "Our office line is {landline}, ask for {en}."),
    (1, "{en} here again, still waiting on that refund of {priceen}."),
    (1, "Car plate {plate}, parked at level B2, the gate won't open."),
    (1, "The wire went to account {card}, beneficiary {py}."),
    (1, "Server {ip} keeps timing out when I upload."),
    (1, "Hello, my name is {en} and my card {card} was swallowed by the ATM."),
    (1, "Please update my email from {email} to {email#b}."),
    (1, "Chat log:\n{en}: where is my package?\nAgent: it's out for delivery.\n{en}: you said that yesterday."),
    (1, "The ID on file should be {id}, please double-check."),
    (1, "Tax ID {tax}, company name as on the contract."),
    (1, "Delivery on {dateen}, {qtyen}, tracking {track}."),
    (1, "My wife {py} booked it under her passport {passport}."),
    (1, "I'd like to speak to {en}, the manager who approved my claim."),
    (1, "Forwarded message from {en} <{email}>: the shipment is delayed."),
    (1, "Our driver {py} will arrive in a truck with plate {plate}."),
    (1, "Refund {priceen} to my card, the full number is {card!sp}."),
    (1, "{en} (Finance) asked me to confirm the amount {priceen}."),
    (1, "Name | Phone | City\n{en} | {mobile!plus} | Shenzhen\n{py} | {mobile#b} | Hangzhou"),
    (1, "Please cancel order {order}, I found it cheaper elsewhere."),
    (1, "Is {hotline} your official number? Someone called me about a refund."),
    (1, "Please contact {name} at {landline} for the customs paperwork."),
    (1, "I'm staying at {addren} until {dateen}."),
    (1, "The card {badcard} is rejected, is the number wrong?"),
    (1, "I typed ID {badid} and the form says it's invalid."),
    (1, "Thanks {en}, you saved my day!"),
    (1, "{py} and {en} are the two authorized signatories."),
    (1, "Please reset the password for {email}, the code {code} expired."),
    (1, "What time does the Wangfujing store close on weekends?"),
    (1, "My cell is {mobile}, landline {landline}."),
    (1, "Visitor {en}, passport {fpassport}, registered from {ip}."),
    (1, "Hi {py}, your parcel {track} is at the front desk."),
    (1, "Billing address: {addren}"),
    (1, "{en} will bring the {model} back on {dateen}."),
    (1, "Can {en} collect the package for me? She has a copy of my ID {id!x}."),
    (1, "Regards,\n{py} | Procurement | {landline} ext. 204"),
    (1, "The VPN gave me {ip} but the portal blocks it."),
    (1, "{name} and {name#b} from the Suzhou plant will join the audit on {dateen}."),
    (1, "Ask {en} whether the {qtyen} for {order} can ship by {dateen}."),
    (1, "Please send {qtyen} of {model} to {addren}, attn. {en}."),
    (1, "Sorry, wrong number, I'm looking for {en}."),
    (1, "Return label requested for order {order}, {priceen} refund expected, send it to {email}."),
    (1, "Passport no. {fpassport} expired, can {en} still check in?"),
    (1, "Please wire the refund to {card}, my email is {email}."),
    (1, "Contact: {email} / {mobile!plus}"),
    (1, "Ship {qtyen} to {addren}, call {landline} on arrival."),
    (1, "Flagged IPs: {ip}, {ip#b}."),
    (1, "My plate is {plate} and my phone {mobile!plus}."),
    (1, "Passport {passport}, phone {mobile!plus}, flying out {dateen}."),
    (1, "Your verification code {code} was sent to {email}."),
    (1, "Card number {badcard} keeps failing, the one that works is {card}."),
]

SLOT_RE = re.compile(r"\{(?P<kind>[a-z]+)(?:#(?P<tag>\w+))?(?:!(?P<mod>\w+))?\}")


def render(rng: random.Random, template: str) -> tuple[str, list[dict[str, object]], list[dict[str, object]], list[tuple[str, str]]]:
    """Fill one template; return text, pii spans, non_pii spans and (kind, value) per slot."""
    text, pii, non_pii, slots = "", [], [], []
    values: dict[str, str] = {}
    pos = 0
    for match in SLOT_RE.finditer(template):
        text += template[pos : match.start()]
        pos = match.end()
        kind, tag, mod = match["kind"], match["tag"] or "", match["mod"] or ""
        group, span_type, generator = KINDS[kind]
        key = f"{kind}#{tag}"
        if key not in values:
            for _ in range(50):
                value = generator(rng, "" if mod == "fw" else mod)
                if mod == "fw":
                    value = value.translate(FULLWIDTH)
                if group == "non_pii" and not safe_non_pii(value):
                    continue
                if value not in values.values():
                    break
            else:
                raise RuntimeError(f"could not draw a fresh {kind} for {template!r}")
            values[key] = value
        value = values[key]
        if kind == "name" and text.rstrip(" ：:，,\t").endswith(LABEL_CUES):
            raise ValueError(f"{{name}} right after a label cue: {template!r}")
        span = {"type": span_type, "start": len(text), "end": len(text) + len(value)}
        text += value
        (pii if group == "pii" else non_pii).append(span)
        slots.append((kind, value))
    text += template[pos:]
    for span, (_, value) in zip(pii + non_pii, [s for s in slots if KINDS[s[0]][0] == "pii"] + [s for s in slots if KINDS[s[0]][0] == "non_pii"], strict=True):
        if text[span["start"] : span["end"]] != value:  # type: ignore[misc]
            raise ValueError(f"offset mismatch for {value!r} in {text!r}")
    return text, pii, non_pii, slots


def build() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    templates = [("zh", n, t) for n, t in ZH_TEMPLATES] + [("en", n, t) for n, t in EN_TEMPLATES]
    if len({t for _, _, t in templates}) != len(templates):
        raise ValueError("duplicate template")
    for lang, reps, template in templates:
        for _ in range(reps):
            for _ in range(50):
                text, pii, non_pii, slots = render(rng, template)
                if text not in seen:
                    break
            else:
                raise RuntimeError(f"could not make a distinct line from {template!r}")
            seen.add(text)
            rows.append({"text": text, "pii": pii, "non_pii": non_pii, "source": SOURCE, "_lang": lang, "_slots": slots})
    rng.shuffle(rows)
    check_spans(rows)
    return rows


def check_spans(rows: list[dict[str, object]]) -> None:
    pii_types = {"person", "mobile", "landline", "id_number", "bank_card", "email", "address", "passport", "license_plate", "ip"}
    non_types = {"order_no", "tracking_no", "model", "price", "date", "quantity", "tax_id", "code", "hotline", "invalid_id", "invalid_card"}
    for row in rows:
        text = str(row["text"])
        spans = sorted(row["pii"] + row["non_pii"], key=lambda s: s["start"])  # type: ignore[operator]
        for span in row["pii"]:  # type: ignore[attr-defined]
            assert span["type"] in pii_types, span
        for span in row["non_pii"]:  # type: ignore[attr-defined]
            assert span["type"] in non_types, span
        for prev, cur in itertools.pairwise(spans):
            if cur["start"] < prev["end"]:
                raise ValueError(f"overlapping spans in {text!r}")
        for span in spans:
            value = text[span["start"] : span["end"]]
            if not value or value != value.strip():
                raise ValueError(f"bad span {span} in {text!r}")


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            record = {"text": row["text"], "pii": row["pii"], "non_pii": row["non_pii"], "source": row["source"]}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")

    pii = Counter(s["type"] for r in rows for s in r["pii"])  # type: ignore[attr-defined]
    non = Counter(s["type"] for r in rows for s in r["non_pii"])  # type: ignore[attr-defined]
    kinds = Counter(k for r in rows for k, _ in r["_slots"])  # type: ignore[attr-defined]
    langs = Counter(r["_lang"] for r in rows)
    no_pii = sum(1 for r in rows if not r["pii"])
    print(f"wrote {OUT.name}: {len(rows)} lines ({langs['zh']} zh, {langs['en']} en), {no_pii} without PII, {len(ZH_TEMPLATES) + len(EN_TEMPLATES)} templates")
    print(f"pii spans: {sum(pii.values())}")
    for name, count in pii.most_common():
        print(f"  {name:14} {count}")
    print(f"non_pii spans: {sum(non.values())}")
    for name, count in non.most_common():
        print(f"  {name:14} {count}")
    cn_names = kinds["name"] + kinds["lname"]
    print(f"Chinese name spans: {cn_names} ({kinds['name']} without a label cue, {kinds['lname']} labelled); English {kinds['en']}, pinyin {kinds['py']}")


if __name__ == "__main__":
    main()
