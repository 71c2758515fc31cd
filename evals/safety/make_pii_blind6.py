#!/usr/bin/env python3
"""Generate ``pii_blind6.jsonl``: the sixth blind held-out PII evaluation set.

Written without looking at kefu's detector, its tests or the other evaluation
sets, so that it measures how a detector generalises. Standard library only;
a fixed seed makes the output byte-identical on every run::

    python3 evals/safety/make_pii_blind6.py

Each output line is one JSON object::

    {"text": ..., "pii": [{"type", "start", "end"}], "non_pii": [...], "source": "blind6"}

Offsets are Python ``str`` indices, end exclusive. ``pii`` holds the spans a
detector must mask; ``non_pii`` holds hard negatives it must leave alone
(order and tracking numbers, models, prices, hotlines, ID and card look-alikes
that fail their checksum, ...).

Templates use three placeholders, rendered left to right:

* ``{p:KEY}`` a PII span, ``{n:KEY}`` a hard negative, ``{w:KEY}`` filler that
  is neither (for instance a bare "王经理", which names nobody in particular);
* ``{n:TYPE=value}`` a hard negative with a fixed value;
* a trailing ``@tag`` (``{p:zh@a}``) reuses the value drawn for that tag earlier
  in the same line, for speakers in pasted chat logs; on a LINKED key the tag
  names a shared base instead, so that ``{n:idn_bad@k}`` is ``{p:idn_ok@k}``
  with a mistyped check character, and ``{n:clock@c}`` ticks forward.

Every span is checked against its value, every ID and card against its
checksum, and the text outside the PII spans is scanned to make sure it holds
no valid mobile, ID or card number. Counts per type are printed at the end.
"""

# ruff: noqa: E501  (templates and data tables are long lines by nature)
from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any

SEED = 202406116
SOURCE = "blind6"
OUT = Path(__file__).with_name("pii_blind6.jsonl")

# Line budget per group: ~75 % Chinese, ~25 % English or mixed, ~15 % without PII.
N_ZH_PII = 242
N_ZH_CLEAN = 43
N_EN_PII = 80
N_EN_CLEAN = 15

# --------------------------------------------------------------------------- #
# Checksums
# --------------------------------------------------------------------------- #

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
FULLWIDTH = str.maketrans("0123456789X-", "０１２３４５６７８９Ｘ－")
HALFWIDTH = str.maketrans("０１２３４５６７８９Ｘｘ－", "0123456789Xx-")


def id_check_char(first17: str) -> str:
    """GB 11643-1999 check character for the first 17 digits of an ID number."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def is_valid_id(s: str) -> bool:
    """True for an 18-character resident ID with a real birth date and check character."""
    s = s.translate(HALFWIDTH).upper()
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    try:
        dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return id_check_char(s[:17]) == s[17]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_digit(body: str) -> str:
    for d in "0123456789":
        if luhn_ok(body + d):
            return d
    raise AssertionError("unreachable")


def is_mobile(digits: str) -> bool:
    return bool(re.fullmatch(r"(?:0?86)?1[3-9]\d{9}", digits))


def looks_sensitive(value: str) -> bool:
    """True if any digit run in value is a valid mobile, resident ID or bank card."""
    s = value.translate(HALFWIDTH)
    s = re.sub(r"(?<=\d)[ \-·](?=\d)", "", s)
    for run in re.findall(r"\d+[Xx]?", s):
        digits = run.rstrip("Xx")
        if is_mobile(digits) or is_valid_id(run):
            return True
        if run == digits and 16 <= len(digits) <= 19 and luhn_ok(digits):
            return True
    return False


def digits(r: random.Random, n: int, first: str = "0123456789") -> str:
    return r.choice(first) + "".join(r.choice("0123456789") for _ in range(n - 1))


def negative(r: random.Random, make: Callable[[random.Random], str]) -> str:
    """Draw from make until the value is not a valid mobile, ID or card."""
    for _ in range(1000):
        v = make(r)
        if not looks_sensitive(v):
            return v
    raise AssertionError("could not draw a safe negative")


# --------------------------------------------------------------------------- #
# People
# --------------------------------------------------------------------------- #

ZH_SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常文安成"
)
ZH_COMPOUND = [
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "慕容",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "令狐",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "端木",
    "澹台",
    "申屠",
    "闻人",
]
ZH_RARE = list("庹禚亓訾郗冼隗厍仉璩逯堵晏麴佘笪揭蒯昝睢郜缑甘栾逄")
ZH_GIVEN = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂文斌浩宇欣怡涵梓轩博雨晴思远嘉琪晓东建国华"
    "玉兰俊峰志鹏婷慧佳宁颖倩瑶辰逸晨悦然昊天诺可馨楠凯鑫琳雪梅红海波亮飞宏毅卓锐昕茜蕊璐"
    "子若依彤泽铭睿航宸沐萱岚翔坤振荣德福春秋菲薇蓉"
)
# Words that start with a surname character but are not names; never emit them as names.
ZH_LOOKALIKES = [
    "高兴",
    "方便",
    "黄金",
    "江苏",
    "周末",
    "马上",
    "白色",
    "金额",
    "安全",
    "王府井",
    "张家口",
    "李子",
    "陈列",
    "林业",
    "叶子",
    "钟表",
    "石头",
    "成都",
    "高铁",
    "常州",
    "文件",
    "金卡",
    "高明",
    "文明",
    "安宁",
    "方可",
    "常春",
    "金华",
    "黄山",
    "江宁",
    "高新",
    "白天",
]
TITLES = ["经理", "姐", "哥", "师傅", "总", "主管", "老师", "工", "组长", "女士", "先生", "阿姨", "叔"]

EN_FIRST = [
    "Priya",
    "Tom",
    "Sarah",
    "Michael",
    "Aisha",
    "Carlos",
    "Olga",
    "Kenji",
    "Fatima",
    "Liam",
    "Emma",
    "Noah",
    "Chloe",
    "Raj",
    "Ahmed",
    "Ingrid",
    "Mateo",
    "Hannah",
    "Daniel",
    "Grace",
    "Oliver",
    "Zoe",
    "Lucas",
    "Mia",
    "Ethan",
    "Nadia",
    "Pierre",
    "Sofia",
    "Yuki",
    "Diego",
    "Rebecca",
    "Samuel",
    "Leah",
    "Marcus",
    "Elena",
    "Owen",
    "Amara",
    "Jonas",
    "Clara",
    "Ravi",
]
EN_MALE = [
    "Tom",
    "Michael",
    "Carlos",
    "Kenji",
    "Liam",
    "Noah",
    "Raj",
    "Ahmed",
    "Mateo",
    "Daniel",
    "Oliver",
    "Lucas",
    "Ethan",
    "Pierre",
    "Diego",
    "Samuel",
    "Marcus",
    "Owen",
    "Jonas",
    "Ravi",
]
EN_FEMALE = [n for n in EN_FIRST if n not in EN_MALE]
EN_LAST = [
    "Becker",
    "Smith",
    "Johnson",
    "Patel",
    "Nguyen",
    "Garcia",
    "O'Brien",
    "Müller",
    "Kowalski",
    "Rossi",
    "Tanaka",
    "Silva",
    "Anderson",
    "Thompson",
    "Khan",
    "Dubois",
    "Fischer",
    "Murphy",
    "Schmidt",
    "Jensen",
    "Okafor",
    "Ivanova",
    "Hughes",
    "Walsh",
    "Bennett",
    "Carter",
    "Morrison",
    "Lopez",
    "Sharma",
    "Haddad",
    "Larsen",
    "Costa",
    "Novak",
    "Fraser",
    "Mendes",
]
PY_SURNAMES = [
    "Zhang",
    "Wang",
    "Li",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Gao",
    "Lin",
    "Luo",
    "Zheng",
    "Liang",
    "Xie",
    "Song",
    "Tang",
    "Ouyang",
    "Situ",
    "Deng",
    "Feng",
    "Cao",
]
PY_GIVEN = [
    "Wei",
    "Na",
    "Fang",
    "Min",
    "Jing",
    "Lei",
    "Yang",
    "Jie",
    "Tao",
    "Ming",
    "Hao",
    "Yu",
    "Xin",
    "Yi",
    "Jun",
    "Jianguo",
    "Xiaoming",
    "Yuting",
    "Zihan",
    "Haoran",
    "Siyu",
    "Jiaqi",
    "Wenbin",
    "Xiaoyan",
    "Lina",
    "Zhiqiang",
    "Meiling",
    "Ruoxi",
    "Kai",
    "Shuang",
]
EN_FOR_PY = ["Kevin", "Amy", "Jason", "Vivian", "Eric", "Cindy", "Tony", "Helen", "Jack", "Coco"]


def zh_name(r: random.Random, kind: str = "") -> str:
    while True:
        if kind == "c" or (not kind and r.random() < 0.08):
            sur = r.choice(ZH_COMPOUND)
        elif kind == "r" or (not kind and r.random() < 0.08):
            sur = r.choice(ZH_RARE)
        else:
            sur = r.choice(ZH_SURNAMES)
        n_given = {"1": 1, "2": 2}.get(kind, 1 if r.random() < 0.35 else 2)
        given = "".join(r.choice(ZH_GIVEN) for _ in range(n_given))
        name = sur + given
        if n_given == 1 and given in "子可然天诺一若依泽":
            continue
        if len(set(given)) == len(given) and not any(w in name for w in ZH_LOOKALIKES):
            return name


def en_name(r: random.Random) -> str:
    first, last = r.choice(EN_FIRST), r.choice(EN_LAST)
    x = r.random()
    if x < 0.15:
        return f"{first} {r.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
    if x < 0.22:
        return f"{first} {last}-{r.choice(EN_LAST)}"
    return f"{first} {last}"


def en_initials(r: random.Random) -> str:
    last = r.choice(EN_LAST)
    x = r.random()
    if x < 0.4:
        return f"{r.choice('ABCDEGHJKLMPRST')}. {last}"
    if x < 0.7:
        return f"{r.choice('ABCDEGHJKLMPRST')}. {r.choice('ABCDEGHJKLMPRST')}. {last}"
    return f"{r.choice(EN_FIRST)} {r.choice('ABCDEGHJKLMPRST')}. {last}"


def pinyin_name(r: random.Random) -> str:
    sur, given = r.choice(PY_SURNAMES), r.choice(PY_GIVEN)
    x = r.random()
    if x < 0.5:
        return f"{sur} {given}"
    if x < 0.7:
        return f"{given} {sur}"
    if x < 0.82:
        return f"{sur.upper()} {given}"
    return f"{r.choice(EN_FOR_PY)} {sur}"


def bare_title(r: random.Random) -> str:
    sur = r.choice(ZH_SURNAMES)
    x = r.random()
    if x < 0.15:
        return "小" + sur
    if x < 0.25:
        return "老" + sur
    return sur + r.choice(TITLES)


# --------------------------------------------------------------------------- #
# Contact details
# --------------------------------------------------------------------------- #

MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "170",
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
    "195",
    "198",
    "199",
]


def mobile_digits(r: random.Random) -> str:
    return r.choice(MOBILE_PREFIXES) + digits(r, 8)


def mobile(r: random.Random) -> str:
    m = mobile_digits(r)
    a, b, c = m[:3], m[3:7], m[7:]
    return r.choices(
        [
            m,
            f"{a} {b} {c}",
            f"{a}-{b}-{c}",
            f"+86 {a} {b} {c}",
            f"+86{m}",
            f"+86-{m}",
            f"(+86){m}",
            f"0086 {m}",
            f"{a} {m[3:]}",
            m.translate(FULLWIDTH),
        ],
        weights=[36, 15, 10, 9, 7, 4, 4, 3, 6, 4],
    )[0]


def mobile_plain(r: random.Random) -> str:
    return mobile_digits(r)


def mobile_fullwidth(r: random.Random) -> str:
    return mobile_digits(r).translate(FULLWIDTH)


def mobile_en(r: random.Random) -> str:
    x = r.random()
    if x < 0.2:
        return f"+44 7{digits(r, 3)} {digits(r, 6)}"
    if x < 0.35:
        return f"+1 ({digits(r, 3, '2345678')}) {digits(r, 3, '2345678')}-{digits(r, 4)}"
    m = mobile_digits(r)
    return r.choice([f"+86 {m[:3]} {m[3:7]} {m[7:]}", f"+86-{m}", m, f"+86 {m}"])


AREA3 = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029"]
AREA4 = [
    "0755",
    "0571",
    "0512",
    "0532",
    "0731",
    "0591",
    "0592",
    "0311",
    "0371",
    "0898",
    "0769",
    "0757",
    "0574",
    "0851",
]


def landline_parts(r: random.Random) -> tuple[str, str]:
    if r.random() < 0.55:
        return r.choice(AREA3), digits(r, 8, "2345678")
    area = r.choice(AREA4)
    return area, digits(r, r.choice([7, 8]), "2345678")


def landline(r: random.Random) -> str:
    area, num = landline_parts(r)
    split = f"{num[:4]} {num[4:]}" if len(num) == 8 else f"{num[:3]} {num[3:]}"
    return r.choices(
        [
            f"{area}-{num}",
            f"{area}-{split}",
            f"({area}){num}",
            f"（{area}）{num}",
            f"{area} {num}",
            f"{area}{num}",
            f"{area}-{num}".translate(FULLWIDTH),
        ],
        weights=[35, 15, 12, 10, 12, 8, 4],
    )[0]


def landline_ext(r: random.Random) -> str:
    area, num = landline_parts(r)
    ext = digits(r, r.choice([3, 4]), "123456789")
    return r.choice(
        [
            f"{area}-{num}转{ext}",
            f"{area}-{num}-{ext}",
            f"{area}-{num} ext.{ext}",
            f"({area}){num}转{ext}",
            f"{area} {num}-{ext}",
        ]
    )


def landline_fullwidth(r: random.Random) -> str:
    area, num = landline_parts(r)
    return f"{area}-{num}".translate(FULLWIDTH)


def landline_en(r: random.Random) -> str:
    x = r.random()
    if x < 0.15:
        return f"+44 20 {digits(r, 4, '378')} {digits(r, 4)}"
    if x < 0.25:
        return f"+1 (212) {digits(r, 3, '2345678')}-{digits(r, 4)}"
    area, num = landline_parts(r)
    a = area[1:]
    split = f"{num[:4]} {num[4:]}" if len(num) == 8 else f"{num[:3]} {num[3:]}"
    return r.choice(
        [
            f"+86 {a} {split}",
            f"+86-{a}-{num}",
            f"({area}) {split} ext. {digits(r, 3, '123456789')}",
            f"+86 {a} {num}",
            f"{area}-{num}",
        ]
    )


EMAIL_FREE = [
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "foxmail.com",
    "139.com",
    "aliyun.com",
    "gmail.com",
    "outlook.com",
    "hotmail.com",
    "yahoo.com",
    "icloud.com",
    "sohu.com",
]
EMAIL_WORK = [
    "xingchen-digital.cn",
    "huaxin-tech.com.cn",
    "acme-corp.com",
    "northwind.co.uk",
    "mail.ustc.edu.cn",
    "brightline.io",
    "jinqiao-trade.com",
    "example-logistics.de",
]


def email(r: random.Random) -> str:
    sur, given = r.choice(PY_SURNAMES).lower(), r.choice(PY_GIVEN).lower()
    first, last = r.choice(EN_FIRST).lower(), r.choice(EN_LAST).lower().replace("'", "").replace("ü", "ue")
    x = r.random()
    if x < 0.2:
        local = digits(r, r.choice([6, 7, 8, 9, 10]), "123456789")
        return f"{local}@{r.choice(['qq.com', 'qq.com', 'foxmail.com'])}"
    if x < 0.45:
        local = r.choice(
            [
                f"{sur}{given}",
                f"{given}.{sur}",
                f"{sur}_{given}{digits(r, 2)}",
                f"{sur}{given}{r.randint(1975, 2005)}",
                f"{given[0]}{sur}",
            ]
        )
    elif x < 0.7:
        local = r.choice([f"{first}.{last}", f"{first}{last[0]}", f"{first}_{last}", f"{first[0]}.{last}"])
    else:
        local = r.choice(
            [f"{sur}.{given}", f"{first}{digits(r, 3)}", f"{given}{sur}", f"{sur}-{given}", f"{first}.{sur}"]
        )
    domain = r.choice(EMAIL_WORK) if r.random() < 0.35 else r.choice(EMAIL_FREE)
    return f"{local}@{domain}"


# --------------------------------------------------------------------------- #
# Identity documents and cards
# --------------------------------------------------------------------------- #

REGIONS = [
    "110101",
    "110105",
    "110108",
    "310104",
    "310115",
    "440305",
    "440106",
    "440304",
    "330106",
    "330108",
    "510107",
    "510104",
    "420106",
    "320102",
    "320506",
    "370202",
    "500103",
    "610113",
    "430104",
    "350203",
    "210102",
    "120101",
    "130102",
    "410105",
    "450102",
    "530102",
    "220102",
    "360102",
    "230103",
    "340104",
]


def id_body(r: random.Random) -> str:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=r.randrange(0, 365 * 58))
    return r.choice(REGIONS) + born.strftime("%Y%m%d") + digits(r, 3)


def id_number(r: random.Random) -> str:
    body = id_body(r)
    v = body + id_check_char(body)
    return v.lower() if v.endswith("X") and r.random() < 0.3 else v


def id_number_fullwidth(r: random.Random) -> str:
    body = id_body(r)
    return (body + id_check_char(body)).translate(FULLWIDTH)


def bad_id_number(r: random.Random) -> str:
    def make(r: random.Random) -> str:
        body = id_body(r)
        good = id_check_char(body)
        return body + r.choice([c for c in "0123456789X" if c != good])

    return negative(r, make)


CARD_BINS = [
    ("622202", 19),
    ("621700", 19),
    ("622848", 19),
    ("621226", 19),
    ("622700", 19),
    ("623058", 19),
    ("621661", 19),
    ("622588", 16),
    ("621483", 16),
    ("622609", 16),
    ("438088", 16),
    ("427020", 16),
    ("4", 16),
    ("4", 16),
    ("51", 16),
    ("53", 16),
    ("55", 16),
    ("625807", 16),
]


def card_body(r: random.Random) -> tuple[str, int]:
    bin_, length = r.choice(CARD_BINS)
    return bin_ + digits(r, length - len(bin_) - 1), length


def group_card(num: str, r: random.Random, x: float | None = None) -> str:
    """Write a card number plain or in groups of four; x fixes the choice."""
    x = r.random() if x is None else x
    if x < 0.5:
        return num
    sep = " " if x < 0.88 else "-"
    return sep.join(num[i : i + 4] for i in range(0, len(num), 4))


def bank_card(r: random.Random) -> str:
    body, _ = card_body(r)
    return group_card(body + luhn_digit(body), r)


def bad_card(r: random.Random) -> str:
    def make(r: random.Random) -> str:
        body, _ = card_body(r)
        good = luhn_digit(body)
        return group_card(body + r.choice([d for d in "0123456789" if d != good]), r)

    return negative(r, make)


PASSPORT_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def passport_cn(r: random.Random) -> str:
    x = r.random()
    if x < 0.5:
        return "E" + digits(r, 8)
    if x < 0.75:
        return "E" + r.choice("ABCDEFGH") + digits(r, 7)
    return "G" + digits(r, 8)


def passport_foreign(r: random.Random) -> str:
    return r.choice(
        [
            "T" + r.choice("KRSZ") + digits(r, 7),  # Japan
            "C" + "".join(r.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(8)),  # Germany
            r.choice("JKLMNPRSTVZ") + digits(r, 7),  # India
            "M" + digits(r, 8),  # Korea
            digits(r, 2) + "".join(r.choice(PASSPORT_LETTERS) for _ in range(2)) + digits(r, 5),  # France
            "GB" + digits(r, 7) if r.random() < 0.3 else digits(r, 9, "12345"),  # UK / US
        ]
    )


PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青川宁琼"
PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def plate(r: random.Random) -> str:
    prov = r.choice(PROVINCES)
    city = r.choice("AABBCDEFGH")
    body = [r.choice("0123456789") for _ in range(5)]
    for _ in range(r.choice([0, 0, 1, 1, 2])):
        body[r.randrange(5)] = r.choice(PLATE_CHARS)
    sep = r.choices(["", "·", " ", "-"], weights=[45, 35, 12, 8])[0]
    return f"{prov}{city}{sep}{''.join(body)}"


def plate_ev(r: random.Random) -> str:
    prov = r.choice(PROVINCES)
    city = r.choice("AABBCDEF")
    second = r.choice(PLATE_CHARS + "0123456789")
    body = r.choice("DF") + second + digits(r, 4)
    sep = r.choices(["", "·", " "], weights=[55, 35, 10])[0]
    return f"{prov}{city}{sep}{body}"


def plate_any(r: random.Random) -> str:
    return plate_ev(r) if r.random() < 0.35 else plate(r)


def ipv4(r: random.Random) -> str:
    first = r.choice([36, 58, 101, 106, 112, 114, 117, 119, 120, 123, 183, 221, 223, 192, 10, 172])
    if first == 192:
        return f"192.168.{r.randint(0, 31)}.{r.randint(2, 254)}"
    if first == 172:
        return f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(2, 254)}"
    return f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


def ipv6(r: random.Random) -> str:
    prefix = r.choice(["2408:8207", "240e:3b7", "2409:8a28", "2001:da8", "2400:da00", "fe80:"])
    groups = [f"{r.randint(0, 0xFFFF):x}" for _ in range(6)]
    if prefix == "fe80:":
        return "fe80::" + ":".join(groups[:4])
    if r.random() < 0.4:
        return f"{prefix}:{groups[0]}::{groups[1]}"
    return f"{prefix}:" + ":".join(groups)


# --------------------------------------------------------------------------- #
# Addresses
# --------------------------------------------------------------------------- #

ADDR_SPECS = [
    (
        "广东省",
        "深圳市",
        ["南山区", "福田区", "宝安区", "龙岗区"],
        ["科技园南路", "深南大道", "创业路", "宝安大道", "布吉路"],
    ),
    (
        "广东省",
        "广州市",
        ["天河区", "海珠区", "越秀区", "番禺区"],
        ["天河路", "江南大道中", "东风中路", "中山大道西"],
    ),
    (
        "浙江省",
        "杭州市",
        ["西湖区", "滨江区", "余杭区", "拱墅区"],
        ["文三路", "江南大道", "文一西路", "莫干山路"],
    ),
    ("江苏省", "苏州市", ["姑苏区", "吴中区", "工业园区"], ["人民路", "东环路", "星湖街", "金鸡湖大道"]),
    ("江苏省", "南京市", ["鼓楼区", "玄武区", "江宁区"], ["中山北路", "北京东路", "双龙大道"]),
    (
        "四川省",
        "成都市",
        ["武侯区", "锦江区", "高新区", "成华区"],
        ["天府大道北段", "人民南路四段", "建设北路二段"],
    ),
    ("湖北省", "武汉市", ["洪山区", "江汉区", "武昌区"], ["珞喻路", "解放大道", "中南路"]),
    ("山东省", "青岛市", ["市南区", "崂山区", "黄岛区"], ["香港中路", "海尔路", "长江中路"]),
    ("福建省", "厦门市", ["思明区", "湖里区"], ["湖滨南路", "嘉禾路", "仙岳路"]),
    ("陕西省", "西安市", ["雁塔区", "碑林区", "未央区"], ["科技路", "长安北路", "凤城八路"]),
    ("湖南省", "长沙市", ["岳麓区", "天心区", "开福区"], ["麓山南路", "芙蓉中路", "湘江中路"]),
    ("河南省", "郑州市", ["金水区", "二七区"], ["花园路", "大学路"]),
    ("辽宁省", "大连市", ["中山区", "沙河口区"], ["人民路", "五四路"]),
    (
        "",
        "北京市",
        ["朝阳区", "海淀区", "东城区", "丰台区"],
        ["建国路", "中关村大街", "东直门南大街", "望京西路"],
    ),
    ("", "上海市", ["浦东新区", "徐汇区", "静安区", "闵行区"], ["张杨路", "漕溪北路", "南京西路", "七莘路"]),
    ("", "天津市", ["和平区", "南开区"], ["南京路", "鞍山西道"]),
    ("", "重庆市", ["渝中区", "江北区", "渝北区"], ["民族路", "建新北路", "金开大道"]),
]
ESTATES = [
    "阳光花园",
    "锦绣华庭",
    "翠湖苑",
    "万科城",
    "星河丽景",
    "幸福里小区",
    "世纪城",
    "碧桂园",
    "绿地新都会",
    "融创玖玺",
    "和平里小区",
    "梧桐苑",
    "观澜一品",
    "华润城",
]
TOWERS = ["创新大厦", "国贸中心", "华润大厦", "科兴科学园", "软件园二期", "环球中心", "金融港"]


def unit_part(r: random.Random) -> str:
    b, u, fl, rm = r.randint(1, 28), r.randint(1, 4), r.randint(1, 32), r.randint(1, 8)
    return r.choice(
        [
            f"{r.choice(ESTATES)}{b}栋{u}单元{fl}{rm:02d}室",
            f"{r.choice(ESTATES)}{b}幢{fl}{rm:02d}",
            f"{r.choice(TOWERS)}{r.choice('ABCD')}座{fl}{rm:02d}室",
            f"{b}号楼{u}门{fl}{rm:02d}",
            f"{b}-{u}-{fl}{rm:02d}",
            f"{r.choice(ESTATES)}{b}栋{fl}{rm:02d}",
            "",
        ]
    )


def address_zh(r: random.Random) -> str:
    prov, city, dists, roads = r.choice(ADDR_SPECS)
    dist, road = r.choice(dists), r.choice(roads)
    num = f"{r.randint(1, 1999)}号"
    tail = road + num + unit_part(r)
    x = r.random()
    if x < 0.4:
        return prov + city + dist + tail
    if x < 0.75:
        return city + dist + tail
    if x < 0.9:
        return dist + tail
    # colloquial: "广东深圳南山区…", "北京朝阳区…"
    return prov.rstrip("省") + city.rstrip("市") + dist + tail


EN_STREETS = [
    "Maple",
    "Oak",
    "Cedar",
    "Hanover",
    "Elm",
    "Willow",
    "King",
    "Queen",
    "Harbour",
    "Mill",
    "Church",
    "Station",
    "Park",
    "Lakeview",
    "Birch",
    "Sunset",
]
US_CITIES = [
    ("Seattle", "WA", "981"),
    ("Austin", "TX", "787"),
    ("Portland", "OR", "972"),
    ("Denver", "CO", "802"),
    ("Boston", "MA", "021"),
    ("San Jose", "CA", "951"),
    ("Chicago", "IL", "606"),
    ("Brooklyn", "NY", "112"),
]
UK_CITIES = [("Leeds", "LS"), ("Manchester", "M"), ("Bristol", "BS"), ("Edinburgh", "EH"), ("London", "SW")]
PY_DISTRICTS = [
    ("Nanshan", "Shenzhen", "518057"),
    ("Xihu", "Hangzhou", "310012"),
    ("Chaoyang", "Beijing", "100020"),
    ("Xuhui", "Shanghai", "200030"),
    ("Wuhou", "Chengdu", "610041"),
    ("Tianhe", "Guangzhou", "510620"),
    ("Gusu", "Suzhou", "215000"),
    ("Hongshan", "Wuhan", "430070"),
]
PY_ROADS = [
    "Keji South Rd",
    "Wensan Rd",
    "Jianguo Rd",
    "Caoxi North Rd",
    "Tianfu Ave",
    "Tianhe Rd",
    "Renmin Rd",
    "Luoyu Rd",
    "Zhongshan North Rd",
]


def address_en(r: random.Random) -> str:
    x = r.random()
    if x < 0.55:
        city, st, zip3 = r.choice(US_CITIES)
        apt = r.choice(["", f"Apt {r.randint(1, 30)}{r.choice('ABCD')}, ", f"Suite {r.randint(100, 950)}, "])
        kind = r.choice(["St", "Ave", "Rd", "Blvd", "Lane", "Street", "Drive"])
        return f"{r.randint(12, 9800)} {r.choice(EN_STREETS)} {kind}, {apt}{city}, {st} {zip3}{digits(r, 2)}"
    if x < 0.85:
        city, pc = r.choice(UK_CITIES)
        flat = r.choice(["", f"Flat {r.randint(1, 12)}, "])
        kind = r.choice(["Road", "Street", "Gardens", "Close", "Terrace"])
        postcode = f"{pc}{r.randint(1, 19)} {r.randint(1, 9)}{r.choice('ABDEFGHJLNPQRSTUWXY')}{r.choice('ABDEFGHJLNPQRSTUWXY')}"
        return f"{flat}{r.randint(1, 240)} {r.choice(EN_STREETS)} {kind}, {city} {postcode}"
    return address_pinyin(r)


def address_pinyin(r: random.Random) -> str:
    dist, city, zipc = r.choice(PY_DISTRICTS)
    rm, bldg, no = f"{r.randint(1, 30)}{r.randint(1, 8):02d}", r.randint(1, 20), r.randint(1, 999)
    return r.choice(
        [
            f"Room {rm}, Building {bldg}, No. {no} {r.choice(PY_ROADS)}, {dist} District, {city} {zipc}",
            f"Rm {rm}, Bldg {bldg}, {no} {r.choice(PY_ROADS)}, {dist} Dist., {city}",
            f"No. {no} {r.choice(PY_ROADS)}, {dist} District, {city}, China",
        ]
    )


# --------------------------------------------------------------------------- #
# Hard negatives
# --------------------------------------------------------------------------- #

MODELS = [
    "iPhone 15 Pro",
    "iPhone 14",
    "RTX 4090",
    "RTX 4060 Ti",
    "SM-G9980",
    "Mate 60 Pro",
    "MacBook Air M2",
    "AirPods Pro 2",
    "Redmi K70",
    "HUAWEI P60",
    "XPS 13 9340",
    "ThinkPad X1 Carbon",
    "WH-1000XM5",
    "Galaxy S24 Ultra",
    "iPad Air 5",
    "DJI Mini 4 Pro",
    "Xiaomi 14 Ultra",
    "Switch OLED",
    "Kindle Paperwhite",
    "Dyson V12",
    "GoPro HERO12",
    "MX Master 3S",
    "小米手环8",
    "荣耀X50",
    "vivo X100",
    "OPPO Find X7",
    "星辰S1耳机",
    "A2848",
    "Watch GT 4",
    "Pixel 8",
    "PS5 Slim",
    "EOS R50",
    "RX 7800 XT",
    "Mi Band 8 Pro",
    "星辰 Pad 11",
    "K8 Pro 键盘",
    "MateBook 14s",
    "Nova 12",
    "Z Fold5",
    "空气净化器 AP-360",
]
WATCHES = ["Watch GT 4", "Apple Watch S9", "卡西欧 GA-2100", "Galaxy Watch6", "天梭 T137.407"]
PHONES = [
    "iPhone 15 Pro",
    "iPhone 14",
    "Mate 60 Pro",
    "Redmi K70",
    "Galaxy S24 Ultra",
    "vivo X100",
    "Pixel 8",
]
TVS = ["小米电视 S Pro 65", "海信 E8K", "TCL Q10K", "索尼 X91L", "Redmi A55"]
ZH_NUM_QTY = ["两", "三", "四", "五", "十"]


def order_no(r: random.Random) -> str:
    def make(r: random.Random) -> str:
        x = r.random()
        if x < 0.3:
            return digits(r, r.choice([16, 17, 18, 19]), "123456789")
        if x < 0.5:
            return f"DD{r.randint(2023, 2024)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}{digits(r, 6)}"
        if x < 0.65:
            return digits(r, 12, "23")
        if x < 0.8:
            return f"XC{r.randint(23, 24)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}{digits(r, 5)}"
        if x < 0.9:
            return f"A{r.randint(1000, 9999)}"
        return f"SO-{r.randint(2023, 2024)}-{digits(r, 6)}"

    return negative(r, make)


def ems_no(r: random.Random) -> str:
    body = digits(r, 8)
    s = 11 - sum(int(c) * w for c, w in zip(body, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)) % 11
    check = {10: "0", 11: "5"}.get(s, str(s))
    return f"E{r.choice('ABCDEMNPQ')}{body}{check}CN"


def tracking(r: random.Random, kind: str = "") -> str:
    def make(r: random.Random) -> str:
        k = kind or r.choice(["sf", "jd", "yt", "zto", "ems"])
        if k == "sf":
            return "SF" + digits(r, 13, "1")
        if k == "jd":
            return (
                r.choice(["JDVA", "JDVB", "JDVC"]) + digits(r, 11, "0123")
                if r.random() < 0.6
                else "JD" + digits(r, 13, "0")
            )
        if k == "yt":
            return "YT" + digits(r, 13, "2345678")
        if k == "zto":
            return r.choice(["75", "78", "73"]) + digits(r, 12)
        return ems_no(r)

    return negative(r, make)


def price(r: random.Random, low: bool = False) -> str:
    v = r.randint(5, 300) if low else r.choice([r.randint(99, 999), r.randint(1000, 12999)])
    cents = r.choice(["", "", ".00", ".50", ".9"])
    fmt = f"{v:,}" if v >= 1000 and r.random() < 0.5 else str(v)
    return r.choice([f"¥{fmt}", f"{v}{cents}元", f"￥{v}{cents}", f"{v}块", f"{fmt}元", f"RMB {fmt}"])


def price_en(r: random.Random) -> str:
    v = r.choice([r.randint(29, 999), r.randint(1000, 4999)])
    return r.choice(
        [f"${v}.{r.randint(0, 99):02d}", f"USD {v:,}", f"¥{v:,}", f"RMB {v:,}", f"€{v}", f"£{v}.99"]
    )


def date_zh(r: random.Random) -> str:
    d = dt.date(2023, 6, 1) + dt.timedelta(days=r.randrange(0, 540))
    return r.choice(
        [
            d.isoformat(),
            f"{d.year}年{d.month}月{d.day}日",
            f"{d.month}月{d.day}日",
            f"{d.month}月{d.day}号",
            f"{d.year}/{d.month:02d}/{d.day:02d}",
            f"{d.month}.{d.day}",
        ]
    )


def date_en(r: random.Random) -> str:
    d = dt.date(2023, 6, 1) + dt.timedelta(days=r.randrange(0, 540))
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(d.day, "th")
    month, mon = d.strftime("%B"), d.strftime("%b")
    return r.choice(
        [
            f"{month} {d.day}",
            f"{mon} {d.day}, {d.year}",
            d.strftime("%d/%m/%Y"),
            d.isoformat(),
            f"{month} {d.day}{suffix}",
            d.strftime("%m/%d"),
        ]
    )


def time_zh(r: random.Random) -> str:
    h, m = r.randint(8, 22), r.choice([0, 5, 15, 20, 30, 45, 50])
    return r.choice(
        [
            f"{h:02d}:{m:02d}",
            f"{h}:{m:02d}",
            f"下午{r.randint(1, 5)}点",
            f"晚上{r.randint(7, 10)}点半",
            f"上午{r.randint(8, 11)}点{r.choice(['', '半', '一刻'])}",
        ]
    )


def time_en(r: random.Random) -> str:
    h, m = r.randint(1, 12), r.choice([0, 10, 15, 30, 45])
    return r.choice(
        [
            f"{h}:{m:02d} {r.choice(['AM', 'PM', 'pm', 'am'])}",
            f"{h}{r.choice(['am', 'pm'])}",
            f"{r.randint(8, 22):02d}:{m:02d}",
        ]
    )


def qty_zh(r: random.Random, units: str = "件个份") -> str:
    unit = r.choice(units)
    return r.choices(
        [f"{r.randint(1, 6)}{unit}", f"{r.choice(ZH_NUM_QTY)}{unit}", f"{r.randint(10, 50)}{unit}"],
        weights=[65, 25, 10],
    )[0]


def qty_en(r: random.Random) -> str:
    n = r.randint(2, 40)
    return r.choice([f"{n} units", f"x{n}", f"{n} pcs", f"qty {n}", f"{n} boxes", "two cartons"])


def coupon(r: random.Random) -> str:
    al = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return negative(
        r,
        lambda r: r.choice(
            [
                f"XC{r.randint(2023, 2024)}{r.choice(['SUMMER', 'VIP', 'NEW', 'BACK'])}",
                f"MAN{r.choice([199, 299, 300, 500])}JIAN{r.choice([20, 30, 50, 100])}",
                "-".join("".join(r.choice(al) for _ in range(4)) for _ in range(3)),
                f"{r.choice(['618', '1111', '1212'])}HB{''.join(r.choice(al) for _ in range(5))}",
                "".join(r.choice(al) for _ in range(10)),
            ]
        ),
    )


def vcode(r: random.Random) -> str:
    return digits(r, r.choice([4, 6, 6]))


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(r: random.Random) -> str:
    """Unified social credit code with valid GB 11714 and GB 32100-2015 check characters."""

    def make(r: random.Random) -> str:
        head = r.choice(["91", "91", "91", "92", "12", "93"]) + r.choice(REGIONS)
        org8 = ("MA" + "".join(r.choice(USCC_CHARS) for _ in range(6))) if r.random() < 0.6 else digits(r, 8)
        s = 11 - sum(int(c, 36) * w for c, w in zip(org8, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
        org9 = org8 + {10: "X", 11: "0"}.get(s, str(s))
        body = head + org9
        c = 31 - sum(USCC_CHARS.index(ch) * w for ch, w in zip(body, USCC_WEIGHTS, strict=True)) % 31
        return body + USCC_CHARS[0 if c == 31 else c]

    return negative(r, make)


def hotline(r: random.Random) -> str:
    x = r.random()
    if x < 0.45:
        n = "400" + digits(r, 7, "1235678")
        return r.choice(
            [f"{n[:3]}-{n[3:6]}-{n[6:]}", f"{n[:3]} {n[3:6]} {n[6:]}", n, f"{n[:4]}-{n[4:7]}-{n[7:]}"]
        )
    if x < 0.6:
        n = "800" + digits(r, 7, "1235678")
        return f"{n[:3]}-{n[3:6]}-{n[6:]}"
    return r.choice(
        [
            "95588",
            "95533",
            "95555",
            "95566",
            "95338",
            "95311",
            "95546",
            "12315",
            "10086",
            "10010",
            "95554",
            "12345",
        ]
    )


def sku(r: random.Random) -> str:
    return negative(
        r,
        lambda r: r.choice(
            [
                "1000" + digits(r, 8),
                f"SKU-{digits(r, 5, '123456789')}-{r.choice(['BLK', 'WHT', 'RED', 'GLD', 'SLV'])}",
                f"XC-{r.choice('ABCDE')}{r.randint(1, 9)}-{r.randint(1000, 9999)}",
                f"HJ{digits(r, 6)}",
            ]
        ),
    )


def ticket(r: random.Random) -> str:
    return r.choice(
        [
            f"GD{r.randint(2023, 2024)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}-{digits(r, 4)}",
            f"TK-{digits(r, 5, '123456789')}",
            f"#{digits(r, 6, '123456789')}",
            f"CS{digits(r, 8)}",
        ]
    )


def serial(r: random.Random) -> str:
    al = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
    return r.choice(
        [
            "SN" + "".join(r.choice(al) for _ in range(10)),
            "".join(r.choice(al) for _ in range(12)),
            f"{r.choice(['F2L', 'C02', 'DMP'])}{''.join(r.choice(al) for _ in range(8))}",
        ]
    )


def staff_id(r: random.Random) -> str:
    return r.choice([f"KF{digits(r, 4)}", f"{digits(r, 4, '123456789')}", f"CS-{digits(r, 3)}"])


def invoice_no(r: random.Random) -> str:
    return r.choice([f"INV-{r.randint(2023, 2024)}-{digits(r, 5)}", digits(r, 8, "0"), f"No.{digits(r, 8)}"])


def version(r: random.Random) -> str:
    return r.choice(
        [
            f"v{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 60)}",
            f"{r.randint(1, 15)}.{r.randint(0, 9)}.{r.randint(0, 99)}",
            f"V{r.randint(2, 6)}.{r.randint(0, 9)}",
        ]
    )


State = dict[str, Any]  # per-line shared state of linked keys


def clock(r: random.Random, st: State) -> str:
    """Successive chat-log timestamps, a few minutes apart."""
    t = int(st["t"]) + r.randint(1, 6) if "t" in st else r.randint(8 * 60, 21 * 60)
    st["t"] = t
    return f"{t // 60:02d}:{t % 60:02d}"


def linked_id(r: random.Random, st: State, good: bool) -> str:
    """An ID number and the same number with a mistyped check character."""
    if "body" not in st:
        st["body"] = id_body(r)
    body = str(st["body"])
    right = id_check_char(body)
    if good:
        return body + right
    for c in r.sample("0123456789X", 11):
        if c != right and not looks_sensitive(body + c):
            return body + c
    raise AssertionError("no safe typo")


def linked_card(r: random.Random, st: State, good: bool) -> str:
    """A bank card and the same number with a mistyped last digit (fails Luhn)."""
    if "body" not in st:
        st["body"], _ = card_body(r)
        st["x"] = r.random()
    body, x = str(st["body"]), float(st["x"])
    right = luhn_digit(body)
    if good:
        return group_card(body + right, r, x)
    for c in r.sample("0123456789", 10):
        if c != right and not looks_sensitive(body + c):
            return group_card(body + c, r, x)
    raise AssertionError("no safe typo")


def linked_passport(r: random.Random, st: State, true: bool) -> str:
    """A passport number and a copy with one digit wrong."""
    if "pp" not in st:
        st["pp"] = passport_cn(r)
    pp = str(st["pp"])
    if true:
        return pp
    i = r.randrange(len(pp) - 7, len(pp))
    return pp[:i] + r.choice([d for d in "0123456789" if d != pp[i]]) + pp[i + 1 :]


def linked_email(r: random.Random, st: State, dot: bool) -> str:
    """first.last@domain and the same address with the dot left out."""
    if "parts" not in st:
        st["parts"] = (
            r.choice(PY_GIVEN + EN_FIRST).lower(),
            r.choice(PY_SURNAMES).lower(),
            r.choice(EMAIL_FREE),
        )
    first, last, domain = st["parts"]
    return f"{first}.{last}@{domain}" if dot else f"{first}{last}@{domain}"


Gen = Callable[[random.Random], str]
Linked = Callable[[random.Random, State], str]

# Keys whose @tag names shared state (one base value) instead of a value to repeat.
LINKED: dict[str, tuple[str, Linked]] = {
    "clock": ("time", clock),
    "idn_ok": ("id_number", lambda r, st: linked_id(r, st, True)),
    "idn_bad": ("bad_id_number", lambda r, st: linked_id(r, st, False)),
    "card_ok": ("bank_card", lambda r, st: linked_card(r, st, True)),
    "card_bad": ("bad_card", lambda r, st: linked_card(r, st, False)),
    "pp_true": ("passport", lambda r, st: linked_passport(r, st, True)),
    "pp_typo": ("passport", lambda r, st: linked_passport(r, st, False)),
    "mail_dot": ("email", lambda r, st: linked_email(r, st, True)),
    "mail_nodot": ("email", lambda r, st: linked_email(r, st, False)),
}

PII_KEYS: dict[str, tuple[str, Gen]] = {
    "zh": ("person", zh_name),
    "zh1": ("person", lambda r: zh_name(r, "1")),
    "zh2": ("person", lambda r: zh_name(r, "2")),
    "zhc": ("person", lambda r: zh_name(r, "c")),
    "zhr": ("person", lambda r: zh_name(r, "r")),
    "en": ("person", en_name),
    "enf": ("person", lambda r: r.choice(EN_FIRST)),
    "enm": ("person", lambda r: f"{r.choice(EN_MALE)} {r.choice(EN_LAST)}"),
    "enw": ("person", lambda r: f"{r.choice(EN_FEMALE)} {r.choice(EN_LAST)}"),
    "eni": ("person", en_initials),
    "py": ("person", pinyin_name),
    "mob": ("mobile", mobile),
    "mobp": ("mobile", mobile_plain),
    "mobfw": ("mobile", mobile_fullwidth),
    "mob_en": ("mobile", mobile_en),
    "tel": ("landline", landline),
    "telx": ("landline", landline_ext),
    "telfw": ("landline", landline_fullwidth),
    "tel_en": ("landline", landline_en),
    "idn": ("id_number", id_number),
    "idnfw": ("id_number", id_number_fullwidth),
    "card": ("bank_card", bank_card),
    "email": ("email", email),
    "addr": ("address", address_zh),
    "addr_en": ("address", address_en),
    "addr_py": ("address", address_pinyin),
    "pp": ("passport", passport_cn),
    "ppf": ("passport", passport_foreign),
    "plate": ("license_plate", plate_any),
    "plate_ev": ("license_plate", plate_ev),
    "ip": ("ip", ipv4),
    "ip6": ("ip", ipv6),
}

NON_KEYS: dict[str, tuple[str, Gen]] = {
    "order": ("order_no", order_no),
    "track": ("tracking_no", tracking),
    "sf": ("tracking_no", lambda r: tracking(r, "sf")),
    "jd": ("tracking_no", lambda r: tracking(r, "jd")),
    "yt": ("tracking_no", lambda r: tracking(r, "yt")),
    "zto": ("tracking_no", lambda r: tracking(r, "zto")),
    "ems": ("tracking_no", lambda r: tracking(r, "ems")),
    "model": ("product_model", lambda r: r.choice(MODELS)),
    "watch": ("product_model", lambda r: r.choice(WATCHES)),
    "phone": ("product_model", lambda r: r.choice(PHONES)),
    "tv": ("product_model", lambda r: r.choice(TVS)),
    "price": ("price", price),
    "price_lo": ("price", lambda r: price(r, low=True)),
    "price_en": ("price", price_en),
    "date": ("date", date_zh),
    "date_en": ("date", date_en),
    "time": ("time", time_zh),
    "time_en": ("time", time_en),
    "qty": ("quantity", qty_zh),
    "qtyt": ("quantity", lambda r: qty_zh(r, "台个")),
    "qtyz": ("quantity", lambda r: qty_zh(r, "张")),
    "qty_en": ("quantity", qty_en),
    "coupon": ("coupon_code", coupon),
    "vcode": ("verification_code", vcode),
    "credit": ("credit_code", credit_code),
    "hotline": ("hotline", hotline),
    "badid": ("bad_id_number", bad_id_number),
    "badcard": ("bad_card", bad_card),
    "sku": ("sku", sku),
    "ticket": ("ticket_no", ticket),
    "sn": ("serial_no", serial),
    "staff": ("staff_id", staff_id),
    "invoice": ("invoice_no", invoice_no),
    "version": ("version", version),
}

FILLER_KEYS: dict[str, Gen] = {"title": bare_title}

# --------------------------------------------------------------------------- #
# Templates
# --------------------------------------------------------------------------- #

ZH_PII = [
    # pasted chat logs
    "{p:zh@a}：在吗在吗\n客服：您好，在的，请问有什么可以帮您？\n{p:zh@a}：我{n:date}买的{n:model}屏幕有个亮点，能换吗\n客服：可以的，麻烦提供下订单号\n{p:zh@a}：{n:order}",
    "[{n:clock@c}] {p:zh@a}: 快递到哪了啊\n[{n:clock@c}] 客服: 亲，单号{n:sf}显示派送中哦\n[{n:clock@c}] {p:zh@a}: 那让快递员直接打我电话{p:mob}",
    "{p:zh@a}：我妈{p:zh}说她收到的是黑色的，我们下单明明选的白色\n客服：非常抱歉，马上帮您登记换货\n{p:zh@a}：好，换货寄到{p:addr}",
    "群聊记录：\n{p:zh@a}：谁知道他们售后电话多少\n{p:zh@b}：{n:hotline}\n{p:zh@a}：打过了没人接\n{p:zh}：直接找{w:title}吧，他手机{p:mob}",
    "客服{n:staff@s}（{p:zh}）：您好，这边看到您的退款申请了\n{p:zh@a}：嗯嗯大概多久到账\n客服{n:staff@s}：{n:date}之前会原路退回的",
    "{p:zh@a}：你们这个{n:model}怎么连不上蓝牙\n{p:zh@b}：我的也是！！\n{p:zh@a}：是不是要升级固件{n:version}\n{p:zh@b}：升了也没用",
    "{p:zh@a} {n:clock@c}\n到楼下了没人开门\n{p:zh@b} {n:clock@c}\n不好意思我马上下来，你等我两分钟",
    "{p:zh@a}：老婆你把快递单号发我一下\n{p:zh@b}：{n:yt}\n{p:zh@a}：收到，我问问客服",
    "{p:zh2@a}：我在{p:addr}楼下了，你们的人呢\n客服：师傅马上到，请稍等\n{p:zh2@a}：都等半小时了，再不来我投诉了",
    "{p:zh@a}：帮我查下{n:order}\n客服：亲，这单已经在{n:date}签收了哦，签收人{p:zh}\n{p:zh@a}：？？我没签啊",
    # delivery and address
    "你好，我订单{n:order}的收货地址填错了，麻烦改成{p:addr}，电话还是{p:mob}不变，谢谢哈",
    "快递{n:sf}显示已经签收了，可我根本没收到啊！问了门卫说是{p:zh}代收的，我不认识这个人，你们帮我查查",
    "麻烦让快递员送到{p:addr}，白天家里没人就打{p:zh}的电话{p:mob}，她是我邻居会帮忙收",
    "帮我问一下{p:zh}，上次那单{n:jd}到底寄哪去了，她说一直没收到，打她手机{p:mob}也没人接",
    "地址改一下：原来是{p:addr}，现在搬到{p:addr}了，不好意思麻烦你们了",
    "我家是成都的，但是人在张家口上班，想寄到公司：{p:addr}，前台{p:zh}会帮我签收，她座机{p:tel}",
    "送货前先给{p:zh}打个电话{p:mob}，她在家带孩子，下午两点到四点娃睡觉别敲门哈",
    "快递小哥{p:zh}每次都不送上楼，直接扔驿站，我{n:date}那单{n:zto}又是这样，能不能换个人送",
    "明天能不能送{p:addr}？周末我不在家，让{p:zh}帮我收一下，她手机号{p:mob}",
    "我和{p:zh}是一个小区的，拼单买了{n:qtyt}{n:model}，她那份能不能单独发到{p:addr}",
    "收货信息：{p:zh} {p:mob} {p:addr}（周末送货）",
    "寄件人那里写的是{p:zh}，其实是同事代寄的，收件人{p:zh}，电话{p:mob}，麻烦核实一下",
    "你们的网点{p:addr}是不是搬了？我过去一看是个石头加工厂",
    "小区物业{p:zh}说快递放在{p:addr}的物业前台了，但我去问了说没有",
    "备注：别放驿站！！送货上门，{p:addr}，到了打{p:mobfw}",
    "麻烦给{p:zhc}和{p:zhr}各寄一份样品，地址都是{p:addr}，他们都在那上班",
    "老板让{p:zh}来取货，她开{p:plate}的白色车，到了会给你们打电话",
    # refunds, cards and invoices
    "退款请退到这张卡：{p:card}，工商银行，户名{p:zh}，金额{n:price}",
    "我老公{p:zh}昨天用金卡付了{n:price}，今天又扣了一次，卡号{p:card}，赶紧给我处理！！",
    "为什么退款显示到账卡号是{n:badcard}？我的卡不是这个啊，我的是{p:card}，你们是不是搞错了",
    "跟{p:zh}确认过了，她说{n:price}已经原路返回，可是我建行卡{p:card}一直没看到钱，能给个流水号吗",
    "分期付款绑的卡{p:card}要换成{p:card}，旧卡已经挂失了，两张卡都是我自己的",
    "我妈{p:zh}的银行卡{p:card}被你们自动扣费了，她根本没开通什么会员，请退回{n:price_lo}",
    "提现到{p:card}失败，提示户名不一致，但那就是我本人的卡啊，身份证{p:idn}",
    "财务{p:zh}让我问一下，上个月那笔{n:price}的对公转账收到没？我们账户尾号是8821",
    "发票抬头：深圳星河贸易有限公司，税号{n:credit}，金额{n:price}，纸质发票寄给财务{p:zh}，电话{p:tel}",
    "报销要{p:zh}、{p:zh}两个人的差旅发票，各{n:qtyz}，开到公司抬头，信用代码{n:credit}",
    "之前一直是{p:zh}跟我对接的，听说她离职了？那我那批{n:qtyt}{n:model}的尾款{n:price}现在付给谁？还是打到{p:card}？",
    "您好，帮忙核实一下持卡人信息，卡号{p:card}，预留手机{p:mob}，我刚才输了三次都不对",
    "卡号{n:badcard}不对，少了一位还是多了一位我也不知道，你们用这个{p:card}吧",
    # identity
    "实名认证一直通不过，身份证号{p:idn}，是不是系统有问题？试了五六次了都",
    "帮我爸{p:zh}弄一下实名，他身份证{p:idn}，手机{p:mob}，他不会用手机我来操作方便点",
    "刚才输成了{n:idn_bad@k}，最后一位打错了，正确的是{p:idn_ok@k}，麻烦帮我改下",
    "上传身份证照片一直模糊，我直接打字吧：{p:idn}，姓名{p:zh}",
    "给孩子{p:zh}办的儿童手表要实名，能用我的身份证{p:idn}吗？",
    "{p:zh}（身份证{p:idn}）授权我代办退货，授权书稍后发到{p:email}",
    "身份证号码{p:idnfw}，用手机输入法打的，不知道是不是全角的问题一直提示错误",
    "{p:zh}和{p:zh}的身份证号分别是{p:idn}、{p:idn}，机票帮忙一起改签",
    # complaints
    "你们那个{w:title}态度太差了！我找{p:zh}投诉，他说不归他管，又让我去找{p:zh}，踢皮球是吧？？",
    "上周三在王府井门店买的{n:model}，导购{p:zh}说可以保价，现在降了{n:price_lo}又不给补，什么意思啊",
    "投诉！！！快递员{p:zh}（手机{p:mob}）把我的包裹直接扔楼下，箱子都变形了，里面是钟表啊！",
    "我是{p:zh}的家属，她住院了没法自己弄，她那单{n:order}能不能转给我收，我电话{p:mob}",
    "安装师傅{p:zh}收了我{n:price_lo}上门费，你们官网写的免费安装，这钱谁退？",
    "第三次反馈了！{n:model}充不进电，{p:zh}上次说寄回检测，单号{n:yt}寄过去半个月了都没消息",
    "你们{p:zh}经理答应补偿我{n:price_lo}优惠券的，人呢？电话{p:tel}打过去说查无此人",
    "别再让{p:zh}打电话给我推销了，一天打三次，{p:mob}这个号我要投诉到{n:hotline=12315}",
    "这个{w:title}和{p:zh}互相推，一个说是仓库的问题一个说是快递的问题，到底谁负责？",
    "叫{p:zh}把钱退给我！！！{n:price}！！！拖了一个月了",
    "{p:zh1}姐说你们这可以以旧换新？我家有台旧的{n:model}，能抵多少钱",
    "上次{p:zh}来修空调把我家白色墙面蹭黑了一大块，到现在也没人来处理，我住{p:addr}",
    "我跟你说啊，上次我女儿{p:zh}帮我在你们这买了个电饭煲，用了不到一个月就坏了，她说找{p:zh}就行，找了半天没找到人，你们到底谁管售后？我住{p:addr}，派人来看看",
    # internal chatter
    "【交接】今晚值班{p:zh}，明早{p:zh}接班，有问题打座机{p:telx}，急事直接找{w:title}",
    "@{p:zh} 这个客户的工单{n:ticket}你跟一下，客户电话{p:mob}，地址{p:addr}，别再拖了",
    "排班：周一{p:zh}、{p:zh}，周二{p:zh}、{p:zh}，周末{p:zh}单独值班，调班提前跟{w:title}说",
    "{p:zh}说那个客户的IP是{p:ip}，半小时下了十几单，疑似刷单，安全组看一下",
    "后台日志：用户{p:zh}于{n:date} {n:time}从{p:ip}登录，设备{n:model}，异地登录已拦截",
    "风控提醒：绑定手机{p:mob}的账号在{p:ip}和{p:ip}两地同时登录，请联系{p:zh}核实",
    "运维那边{p:zh}把白名单加上了：{p:ip}、{p:ip}，还有一个IPv6 {p:ip6}，你再试试",
    "转给{p:zh}处理：客户{p:zh}反映{n:model}死机，序列号{n:sn}，已过保",
    "今天回访：{p:zh}、{p:zh}、{p:zh}、{p:zh}，每人打一遍，记一下满意度",
    "{p:zh}和{p:zh}负责华南区，{p:zh}负责江苏和安徽，有疑问问{w:title}",
    "质检抽查：{p:zh}在会话里把客户身份证{p:idn}原样发到群里了，违规，扣分",
    "请{p:zh}{n:date}前把退货报表发我，抄送{p:email}",
    "客户回电请转{p:zh}分机，总机{p:telx}",
    "{p:zh}的账号在{n:date}被锁定，最后登录IP {p:ip}，请二线排查",
    "用户{p:zh}反馈在{p:ip6}下支付不了，换成IPv4 {p:ip} 就正常",
    "@{p:zh} @{p:zh} 明天{n:time}开会，{w:title}要听{n:model}退货率的汇报",
    "辛苦{p:zh}把{p:zh}那边的{n:qty}退货登记一下，{w:title}催了",
    "{p:zh}今天请假，她的客户先转给{p:zh}，有急事打她手机{p:mob}",
    "新人{p:zh1}下周一入职，先跟着{p:zh}学两周，工位在{p:zh}旁边",
    "服务器日志里{p:ip}一直在刷登录接口，{p:zh}已经封了，另外{p:ip6}也很可疑",
    "装宽带的师傅{p:zh}说要先把路由器IP改成{p:ip}，改完网就断了，怎么办",
    # vehicles
    "停车场优惠券抵扣不了，车牌{p:plate}，{n:date}下午停的，收了我{n:price_lo}",
    "上门安装的师傅开的是{p:plate}的面包车吗？小区门口登记的是这个，我想确认一下",
    "充电桩预约：新能源车牌{p:plate_ev}，车主{p:zh}，联系电话{p:mob}",
    "洗车卡绑的车是{p:plate}和{p:plate_ev}，第二辆想换成我爱人{p:zh}的车",
    "门店送货车{p:plate}今天下午在常州高铁站附近剐蹭了我的车，司机{p:zh}留了电话{p:mob}",
    "{p:plate_ev}是我的车，昨天在你们地库充电被多扣了{n:price_lo}，麻烦退一下",
    "违章代办：车牌{p:plate}，驾驶人{p:zh}，驾驶证号就是身份证号{p:idn}",
    "提车的时候销售{p:zh}说送一年保养，车牌也上好了{p:plate_ev}，保养券怎么还没发给我？",
    "{p:plate}和{p:plate}这两辆是我们公司的车，月卡到{n:date}，续费找{p:zh}",
    "地库{p:plate_ev}旁边那个车位被{p:plate}占了，保安{w:title}说他管不了",
    # passports and travel
    "海外购清关要护照号，我的是{p:pp}，名字拼音{p:py}",
    "帮{p:zh}订的酒店要登记护照{p:pp}，她{n:date}入住，坐高铁过去大概晚上九点到",
    "退税单上的护照号写成了{p:pp_typo@k}，其实我的是{p:pp_true@k}，差了一位，怎么改？",
    "代购的东西寄到香港，收件人护照{p:pp}，{p:zh}，手机{p:mob}",
    "外籍同事{p:en}要开发票，护照号{p:ppf}，可以吗？",
    "{p:zh}的护照{p:pp}下个月到期了，跨境订单会不会受影响",
    "我和{p:zh}一起出国，护照分别是{p:pp}和{p:pp}，酒店能合并预订吗",
    # email
    "电子发票发到{p:email}就行，别发{p:email}，那个邮箱好久不用了",
    "绑定的邮箱{p:email}一直收不到验证码，短信验证码{n:vcode}也过期了，怎么办啊",
    "我让{p:zh}把合同扫描件发到你们{p:email}了，你查收一下，文件名叫采购合同",
    "{p:zh}的邮箱是{p:email}，{p:zh}的是{p:email}，两个人都要抄送",
    "帐号{p:email}被盗了，登录地址{p:ip}不是我，赶紧冻结！",
    # lists
    "这次团购名单：{p:zh}、{p:zh}、{p:zh}、{p:zh}，每人{n:qty}，统一寄到{p:addr}",
    "中奖的是{p:zh}、{p:zh}和{p:zh}，奖品是黄金转运珠，麻烦尽快联系他们领奖",
    "我们办公室{p:zh}、{p:zh}、{p:zhc}都用的{n:model}，都出现同样的问题",
    "参加活动的家长：{p:zh}（{p:mob}）、{p:zh}（{p:mob}）、{p:zh}（{p:mob}）",
    "{p:zh}、{p:zh1}、{p:zhr}三位的会员卡都过期了，能一起续吗",
    "请通知{p:zh}、{p:zh}、{p:zh}到{p:addr}领取样机",
    # tables and forms
    "| {p:zh} | {p:mob} | {p:addr} | {n:order} |",
    "1\t{p:zh}\t{p:idn}\t{p:card}\n2\t{p:zh}\t{p:idn}\t{p:card}",
    "姓名：{p:zh}\n手机：{p:mob}\n身份证：{p:idn}\n地址：{p:addr}\n备注：周末不方便收货",
    "{p:zh},{p:mob},{p:email},{n:order},{n:price}\n{p:zh},{p:mob},{p:email},{n:order},{n:price}",
    "序号|会员|车牌|卡号\n1|{p:zh}|{p:plate}|{p:card}\n2|{p:zh}|{p:plate_ev}|{p:card}",
    "值班表\n周六 {p:zh} {p:tel}\n周日 {p:zh} {p:tel}",
    "领用人 {p:zh}  数量 {n:qtyt}  型号 {n:model}  审批 {p:zh}",
    # sign-offs
    "问题就是这些，麻烦尽快回复，谢谢！\n——{p:zh}\n{p:mob}",
    "以上，辛苦了。\n{p:zh}\n华东区售后部\n电话：{p:tel}\n邮箱：{p:email}",
    "拜托拜托，这个礼物是周末要送人的！！\n{p:zh} 敬上",
    "有任何问题随时联系我。\n{p:zh}｜采购部\nT：{p:telx}\nM：{p:mob}",
    "谢谢亲~ {p:zh}",
    "麻烦了，等你们消息。{p:zh} {n:date}",
    "此致\n敬礼\n{p:zh}\n{n:date}",
    # long-winded and miscellaneous
    "是这样的，我{n:date}在你们网店买了{n:qtyt}{n:model}，当时客服{p:zh}说{n:date}前能到，结果到现在都没动静，打你们{n:hotline}也一直占线，实在没办法才来留言，看到回一下，我手机{p:mob}，白天都方便接电话",
    "麻烦转告{p:zh1}，她要的那款白色{n:model}到货了，让她{n:date}前来店里拿，过期不候哈",
    "{p:zh}你好，我是楼下{w:title}介绍过来的，想问问你们的{n:model}还有没有现货",
    "给{p:zh}留个言：周末方便的话回个电话{p:mob}，关于{n:order}退款的事",
    "联系不上{p:zh}，能不能帮忙转一下？他座机{p:tel}一直忙音，手机{p:mob}关机",
    "我是替{p:zhr}问的，她不会打字，她那台{n:model}开不了机，地址{p:addr}",
    "让{p:zhc}直接跟我联系吧，我微信就是手机号{p:mob}",
    "刚才和你们{p:zh}通过电话了，他说给我加急处理，单号{n:jd}，麻烦备注一下",
    "昨天{p:zh}帮我下的单，用的是她的号{p:mob}，发票能开我的名字吗？我叫{p:zh}",
    "安排{p:zh}{n:date}上门测量，客户地址{p:addr}，客户电话{p:mob}",
    "请问{p:zh}在吗？上次他帮我处理的那个问题又出现了",
    "我朋友{p:zh}推荐我来的，说报她名字有{n:price_lo}优惠，有这回事吗",
    "这单是帮我们部门{p:zh}买的，发票开她的名字就行，她邮箱{p:email}",
    "我是{p:zh}，昨天打过电话的，{n:model}换货的事有进展吗",
    "{p:zh1}、{p:zh2}你们俩谁负责{n:model}的售后？",
    "家里老人{p:zh}不会用智能手机，能不能用座机{p:tel}下单？",
    "你好，IP {p:ip} 访问你们网站一直被拦截，说我是机器人，我只是在看黄金首饰而已",
    "上次来送货的是{p:zh}吧？他把我家的钥匙落在车上了，麻烦问问他，我电话{p:mob}",
    "{p:zh}师傅手艺不错，下次安装还找他，麻烦给他加个好评",
    "我把订单截图发给{p:zh}了，你们内部沟通一下，别让我一遍遍重复",
    "上午{p:zh}给我打电话说东西缺货要退款，下午{p:zh}又打电话说有货了，到底有没有啊",
    "问过{p:zh}了，她说这个问题得找技术部的{p:zh}，他电话{p:telx}",
    "客户说之前联系的是{p:zh2}，但我们系统里没有这个人，你帮忙查查是不是{p:zh2}",
    "我们是{p:addr}的便利店，老板{p:zh}想订{n:qtyt}{n:model}，能送货吗？电话{p:tel}",
    "跟{p:zh}说一声，她那个{n:model}的维修单{n:ticket}已经处理好了，可以来拿了",
    "能不能让{p:zh}给我回个电话？{p:mob}，下午三点以后都行",
    "{p:zhc}上周在你们这办的金卡，卡号{p:card}，积分一直没到账",
    "安全提示：有人冒充客服{p:zh}给我打电话要验证码，来电号码{p:mob}，你们核实下",
    "住在{p:addr}的{p:zh}阿姨说电视{n:tv}又黑屏了，麻烦派人去看下",
    "装修公司{p:zh}让我把发票寄到{p:addr}，收件写他名字就行",
    "我要投诉{p:zh}！！说好{n:time}到，结果拖到天黑才来，还一身酒气",
    "电话{p:telfw}是我们店的座机，有事打这个，或者找店长{p:zh}",
    "{p:zhr}的快递{n:sf}被{p:zh}拿错了，两个人住对门，麻烦协调一下",
    "这个售后单请{p:zh}跟进，客户{p:zh}，手机{p:mob}，座机{p:tel}",
    # fewer names, more of the other types
    "酒店入住登记：护照{p:pp}，手机{p:mob}，预计{n:date}到店，麻烦留个安静点的房间",
    "我的护照号是{p:pp}，旧护照是{p:pp}，免税店提货用哪个？",
    "跨境订单{n:order}要补充身份信息：身份证{p:idn}，手机{p:mob}，其他都填好了",
    "座机{p:tel}和{p:tel}都打不通，你们门店到底还开不开？",
    "公司座机{p:telx}，传真{p:tel}，收货地址{p:addr}，开票信息后面发你",
    "有事打我办公室电话{p:tel}，手机{p:mob}在地下室经常没信号",
    "邮箱{p:email}和{p:email}都是我的，发票随便发一个就行",
    "订单{n:order}请开电子发票，邮箱{p:email}，抬头个人，谢谢",
    "退货地址是不是{p:addr}？我用顺丰{n:sf}寄过去了，麻烦注意查收",
    "我这边IP是{p:ip}，从{n:time}开始一直提示访问过于频繁，啥也没干啊",
    "路由器后台显示有个陌生设备{p:ip}，还有个IPv6地址{p:ip6}，是不是你们那个智能音箱？",
    "停车费开发票：车牌{p:plate}，入场{n:time}，出场{n:time}，金额{n:price_lo}",
    "新能源车{p:plate_ev}的充电卡{p:card}被盗刷了{n:price}，已经报警了",
    "身份证{p:idn}，银行卡{p:card}，预留手机{p:mob}，为什么绑卡还是失败？",
    "我的身份证是{p:idn_ok@k}不是{n:idn_bad@k}，你们系统里录错了一位",
    "绑卡用的是{p:card_ok@k}，不是{n:card_bad@k}，客服你再看看",
    "护照{p:pp}的免税额度用完了没？{n:date}在机场提货",
    "寄到{p:addr}，收件电话{p:tel}，工作日白天都有人",
    "发货地址写{p:addr}就行，单位门卫会签收，电话{p:telx}",
    "实名信息：{p:idn}，{p:mob}，{p:email}",
    "{p:ip}到{p:ip}这一段都是我们公司的出口IP，加一下白名单，有问题找{p:zh}",
    "退款退到卡{p:card}，不行的话就退到支付宝，绑定手机{p:mob}",
    "门店电话{p:telfw}一直没人接，地址是{p:addr}吧？",
    "车{p:plate}昨晚停在{p:addr}门口被贴条了，你们的车位不是说免费吗",
    "请把{n:qtyt}{n:model}送到{p:addr}，到了打座机{p:tel}，前台会下来接",
    "邮箱写错了，不是{p:mail_nodot@k}，是{p:mail_dot@k}，少了个点",
    "我要改绑手机，旧号{p:mob}已经停机，新号{p:mob}，身份证{p:idn}",
    "出差在外，护照{p:pp}，在{p:addr}的酒店，东西能寄过来吗",
    "昨天晚上有人用{p:ip}登录了我的帐号，还改了收货地址为{p:addr}，我根本不住那",
    "营业执照上的统一社会信用代码是{n:credit}，对公账户{p:card}，财务座机{p:tel}，周末不方便接电话",
    "优惠券{n:coupon}用不了，订单{n:order}，我手机{p:mob}，方便的话回个电话",
    "身份证先发错了一个{n:badid}，那个作废，用这个{p:idn}",
    "你们短信里那个{n:badcard}是什么卡号？不是我的，我的卡是{p:card}，安全吗这样",
    "从{p:ip}下单时提示券码{n:coupon}已被使用，可我明明是第一次用，金额{n:price}",
    "黄金回收的钱打到{p:card}，开户行常州分行，手机{p:mob}",
]

ZH_CLEAN = [
    "请问白色的{n:model}还有货吗？周末想去王府井的店里看看，方便的话帮我留一台",
    "黄金手链{n:sku}是按克算还是按件算？{n:price}一条的话我要{n:qty}",
    "订单{n:order}的金额不对，优惠券{n:coupon}没抵扣上，多付了{n:price_lo}",
    "你们高铁站那个自提点几点关门？我{n:date}大概{n:time}到常州",
    "文件我已经传到后台了，麻烦安全部门审核一下，工单号{n:ticket}",
    "李子和叶子都坏了好几个，硬得跟石头一样，这还叫新鲜？订单{n:order}，申请退款{n:price}",
    "钟表维修要多久啊？{n:watch}表盘进水了，保修卡上写的{n:date}到期",
    "陈列的样机能便宜点卖吗？{n:model}标价{n:price}，我看有点划痕",
    "林业局这边团购{n:qtyt}{n:model}，需要开专票，统一社会信用代码{n:credit}",
    "马上就周末了，{n:jd}这单还没发出来，说好的{n:date}发货呢？",
    "卡号{n:badcard}提示无效，是不是我输错了？我再去翻翻卡片",
    "身份证号码校验不通过：{n:badid}，系统说有误，我自己也看不出哪里错了",
    "江苏地区能用{n:coupon}这个券吗？满{n:price=300元}减{n:price=50元}那种",
    "客服热线{n:hotline}一直打不通，另外{n:hotline}是不是停用了？",
    "{n:model}和{n:model}哪个打游戏更好？预算{n:price}左右，高兴的话今天就下单",
    "EMS单号{n:ems}，从成都寄出的，现在显示在海关，请问大概还要几天？",
    "中通{n:zto}这个件被退回来了，原因写的地址不详，我重新下单吧",
    "验证码{n:vcode}，输了三次都说错误，是不是系统卡了",
    "金卡会员积分怎么查？上次买{n:model}花了{n:price}，积分好像没加",
    "张家口那边的仓库发货吗？{n:sku}这个型号北京缺货",
    "你好 我想问下 {n:model} 的保修是全国联保吗 在成都能修吗",
    "白色款{n:sku}和黑色款价格一样吗？都是{n:price}？",
    "周末下单的{n:qtyt}{n:model}，{n:date}能到吗？急着送人，谢谢",
    "订单{n:order}显示已发货，物流{n:yt}，三天了都没更新，常州中转站是不是爆仓了",
    "安全起见我就不发卡号了，说一下订单号{n:order}，退款金额{n:price}对吗？",
    "方便的话帮我把{n:model}换成黄色的，差价{n:price_lo}我补",
    "高铁上信号不好，刚才付款页面卡住了，到底扣没扣{n:price}？订单{n:order}",
    "请问{n:hotline}是你们官方的吗？对方说我的金卡要升级，让我报验证码",
    "叶子形状的那款耳环还有吗？{n:sku}，想要{n:qty}",
    "石头纹理的手机壳适配{n:phone}吗？有没有白色",
    "文件夹里的发票号码是{n:invoice}，金额{n:price}，开票日期{n:date}",
    "你们常州仓发的货比成都快吗？我下单{n:qtyt}{n:model}",
    "周末店里人多吗？我想{n:time}去王府井那家试一下{n:model}",
    "陈列柜里的钟表是样品还是可以卖的？标签写的{n:price}",
    "马上双十一了，{n:coupon}能和店铺券叠加吗",
    "安全帽{n:sku}，{n:qty}，顺丰{n:sf}，请问到哪了",
    "这个金额{n:price}含不含运费？江苏偏远地区要不要加钱",
    "高兴得太早了，刚收到{n:model}就发现充不进电，订单{n:order}",
    "{n:badid}这个号码为什么一直提示身份证无效？我照着复印件抄的",
    "刷卡显示{n:badcard}不是有效卡号，你们支持哪些银行？",
    "固件升到{n:version}以后{n:model}老是自动重启，有没有回退的办法",
    "请开具增值税专用发票，单位统一社会信用代码{n:credit}，订单{n:order}",
    "物流显示{n:date} {n:time}已到张家口营业部，今天能派送吗",
]

EN_PII = [
    "Hi, I ordered a {n:model} on {n:date_en} (order {n:order}) and it still hasn't shipped. Could you check with {p:en}? I was told it would go out by Friday.",
    "Thanks for sorting this out so quickly!\n\nBest regards,\n{p:en}\nProcurement | {p:tel_en}",
    "cc: {p:en}; {p:en}; {p:py}\nPlease refund {n:price_en} to the Visa card ending in 4421.",
    "Ask {p:en} about the RMA for order {n:order}, the return went through that desk. Email: {p:email}.",
    "Ship to: {p:addr_en}\nPhone: {p:mob_en}\nNote: leave it at the front desk, not at the Apple Store pickup point.",
    "My name is {p:en}, I left my passport ({p:ppf}) in the fitting room at your Shanghai Road store on {n:date_en}.",
    "Our logs show logins from {p:ip} and {p:ip6}, neither is us. Please lock the account tied to {p:email} ASAP.",
    "That fixed it, cheers!\nThanks, {p:enf}",
    "Spoke to {p:py} at the Beijing office, the invoice will go to {p:email} by Monday.",
    "你好，我是留学生，English name {p:en}，护照号{p:ppf}，想问下寄到国外的运费",
    "订单{n:order}的delivery address写错了, should be {p:addr_py}, phone {p:mob}, thx",
    "{p:enf@a}: is the Nike Air restock happening on Prime Day?\nAgent: Yes, on {n:date_en}.\n{p:enf@a}: great, put me down for {n:qty_en}, my number is {p:mob_en}",
    "Per {p:eni}'s note, the card on file is {p:card}. Please don't charge it again until the dispute is closed.",
    "Hi {p:enf}, your tracking number is {n:sf} (SF Express). Call {n:hotline} if it's late.",
    "Vehicle {p:plate} is blocking the loading dock again. Driver was {p:py} I think. Can someone call {p:mob}?",
    "Passport no. {p:pp}, holder {p:py}, flying to Hong Kong on {n:date_en}, please deliver before then.",
    "Please forward this to {p:en} and {p:eni} in accounts; USCC {n:credit}, invoice {n:invoice}.",
    "Attendees: {p:en}, {p:eni}, {p:py}, {p:zh}. Action item: {p:enf} to email {p:email} about the bulk order ({n:qty_en}).",
    "The ID number I typed was {n:idn_bad@k} and it says invalid, the right one is {p:idn_ok@k}. - {p:en}",
    "Server {p:ip} keeps timing out when customers in Shanghai pay with Alipay, {p:py}'s team is looking into it.",
    "Hey {p:enf}, can you call the customer back at {p:tel_en}? She's upset about the {n:model} that arrived with a cracked screen.",
    "Dear Customer Service,\nI am writing to complain about order {n:order}. The {n:model} I received was clearly used.\nRegards,\n{p:eni}\n{p:addr_en}",
    "Customer {p:en} (ID {p:idn}) wants the delivery address changed to {p:addr_py}.",
    "Hi team, {p:en} from finance here. Refunds for Prime Day orders go to card {p:card}, not the old one.",
    "FYI {p:py} and {p:py} will be at the Apple Store pickup counter on {n:date_en}, plates {p:plate} and {p:plate_ev}.",
    "please send the contract to {p:email} and cc {p:email}, ask {p:en} if anything is missing",
    "客户 {p:py} 说他的 email {p:email} 收不到 order confirmation，麻烦 check 一下",
    "帮我 forward 给 {p:enf}，Visa 退款这块是 ta 负责的，卡号 {p:card}",
    "Delivery note: call {p:enf} at {p:mob} before arriving, gate code is {n:vcode}. Building next to the Nike Air outlet.",
    '{p:en} wrote: "I was charged twice for the {n:model}, {n:price_en} each time." Please refund one to {p:card}.',
    "Login alert for {p:email}: new sign-in from {p:ip} (Beijing, CN) on {n:date_en} at {n:time_en}.",
    "Thanks {p:enf} and {p:enf} for handling the escalation. {p:en} takes over from tomorrow, direct line {p:tel_en}.",
    "Return label for {p:en}: {p:addr_en}. Tracking {n:ems}.",
    "Name: {p:en}\nEmail: {p:email}\nPhone: {p:mob_en}\nPassport: {p:ppf}\nComments: need the invoice in English please",
    "@{p:enf} the client at {p:ip} keeps hitting the coupon endpoint with {n:coupon}, probably a bot",
    "Mr. {p:enm}'s car {p:plate_ev} was towed from our lot, now he's asking for compensation.",
    "Card {p:card} belongs to {p:py}; the one ending 0000 is the company card, don't use that.",
    "Hi {p:enf}, 你的 refund {n:price} 已经 processed 了，到账卡 {p:card}，有问题打 {n:hotline}",
    "{p:py@a}：the 二维码 doesn't work\n客服：请问您的订单号是？\n{p:py@a}：{n:order}, bought it at the Shanghai Road shop",
    "I think {p:en} already emailed {p:email} about it, but nobody from your side replied. Call me on {p:mob_en}.",
    "Could {p:eni} confirm whether the {n:model} can be delivered to {p:addr_en} before {n:date_en}?",
    "Sorry for the late reply, I was on the train. Tell {p:enf} the new passport number is {p:pp}.\n\n{p:py}",
    "Escalating per {p:en}: customer {p:py}, mobile {p:mob}, IP {p:ip}, order {n:order}.",
    "Hi all, welcome {p:en} to the Shanghai team! {p:enf} will sit with {p:py} for the first week.",
    "{p:zh}说 the parcel for {p:en} is at the front desk, 让他来拿一下 before 6pm",
    "Please update the shipping address for {p:en} to {p:addr_en}, phone {p:mob_en}.",
    "Can you ask {p:en} why my refund of {n:price_en} went to {n:badcard}? That's not my card, mine is {p:card}.",
    "Kind regards,\n{p:eni}\nHead of Operations, Northwind Trading\nOffice: {p:tel_en} | Mobile: {p:mob_en}",
    "Our warehouse at {p:addr_py} will be closed on {n:date_en}. Contact {p:py} ({p:email}) for urgent pickups.",
    "Visitor log: {p:en}, plate {p:plate}, passport {p:ppf}, arrived {n:time_en}, host {p:py}.",
    "Please send the replacement to {p:addr_en}. Landline {p:tel_en}, email {p:email}.",
    "My passport {p:ppf} and visa were inside parcel {n:track}. If you find them please call {p:mob_en}.",
    "Billing address: {p:addr_en}\nCard: {p:card}\nPaid with Mastercard during Black Friday",
    "Login from {p:ip6} was blocked; the previous login came from {p:ip}. A reset link went to {p:email}.",
    "My Chinese ID is {p:idn} and my passport is {p:pp}, which one do you need for customs?",
    "The courier van {p:plate} left my parcel at {p:addr_py} instead of my flat.",
    "Office {p:tel_en}, mobile {p:mob_en}, email {p:email}. Please don't call after 9pm, thanks.",
    "Your form says {n:idn_bad@k} is not a valid ID; the correct one is {p:idn_ok@k}, passport {p:pp} as a backup.",
    "Ms. {p:enw} asked us to ship both boxes to {p:addr_en}; her WeChat Pay receipt shows {n:price_en}.",
]

EN_CLEAN = [
    "Is the {n:model} compatible with the {n:model}? Saw it for {n:price_en} on Black Friday.",
    "Coupon {n:coupon} doesn't work at checkout. Order {n:order}, total {n:price_en}.",
    "Tracking {n:ems} hasn't updated since {n:date_en}, is it stuck in customs?",
    "Do you ship to Beijing? I need {n:qty_en} of the {n:model} before Prime Day.",
    "Card number {n:badcard} was rejected, probably a typo on my end, will retry.",
    "Your hotline {n:hotline} is always busy. Is there a Visa installment plan for the {n:model}?",
    "Does the Apple Store on Shanghai Road accept returns of stuff bought during Prime Day? Order {n:order}.",
    "The ID field rejects {n:badid}, which is what I copied from the form. Do you validate the check digit?",
    "订单 {n:order} 的 invoice 还没收到，amount {n:price}，please help",
    "Are Nike Air sizes true to fit? Ordering {n:qty_en} for the team, SKU {n:sku}.",
    "After updating to {n:version} my {n:model} won't pair anymore. Any workaround?",
]

# --------------------------------------------------------------------------- #
# Rendering and checks
# --------------------------------------------------------------------------- #

PLACEHOLDER = re.compile(r"\{([pnw]):([a-z0-9_]+)(?:=([^}@]*))?(?:@([a-z0-9]+))?\}")
ZH_CUES = (
    "我叫",
    "叫",
    "姓名",
    "名字",
    "收件人",
    "收货人",
    "联系人",
    "客户",
    "寄件人",
    "持卡人",
    "户名",
    "车主",
    "驾驶人",
    "我是",
    "本人",
    "信息",
    "签收人",
)
EN_CUES = ("my name is", "name", "i am", "i'm", "this is", "holder", "customer", "mr.", "ms.")


Span = tuple[str, str, int, int]


def render(template: str, r: random.Random) -> tuple[dict[str, object], list[Span], list[str]]:
    """Fill one template; return the record, (kind, type, start, end) per span, and each span's value."""
    out: list[str] = []
    spans: list[Span] = []
    values: list[str] = []
    memo: dict[tuple[str, str], tuple[str, str]] = {}
    shared: dict[str, State] = {}
    pos = last = 0
    for m in PLACEHOLDER.finditer(template):
        literal = template[last : m.start()]
        out.append(literal)
        pos += len(literal)
        last = m.end()
        kind, key, fixed, tag = m.groups()
        if key in LINKED:
            typ, linked = LINKED[key]
            value = linked(r, shared.setdefault(tag or key, {}))
            tag = None
        elif tag and (kind, tag) in memo:
            typ, value = memo[(kind, tag)]
        elif kind == "p":
            typ, gen = PII_KEYS[key]
            value = gen(r)
        elif kind == "n":
            if fixed is not None:
                typ, value = key, fixed
            else:
                typ, gen = NON_KEYS[key]
                value = gen(r)
        else:
            typ, value = "", FILLER_KEYS[key](r)
        if tag:
            memo[(kind, tag)] = (typ, value)
        out.append(value)
        if kind in "pn":
            spans.append((kind, typ, pos, pos + len(value)))
            values.append(value)
        pos += len(value)
    out.append(template[last:])
    text = "".join(out)
    assert "{" not in template[last:] and all("{" not in s for s in out[::2]), template
    record: dict[str, object] = {
        "text": text,
        "pii": [{"type": t, "start": s, "end": e} for k, t, s, e in spans if k == "p"],
        "non_pii": [{"type": t, "start": s, "end": e} for k, t, s, e in spans if k == "n"],
        "source": SOURCE,
    }
    return record, spans, values


def check(record: dict[str, object], spans: list[Span], values: list[str]) -> None:
    """Assert offsets, checksums, and that nothing outside the PII spans is a real ID, card or mobile."""
    text = str(record["text"])
    for (kind, typ, s, e), value in zip(spans, values, strict=True):
        assert text[s:e] == value, (text, s, e, value)
        if kind == "n":
            assert not looks_sensitive(value), (typ, value)
        if typ == "id_number":
            assert is_valid_id(value), value
        if typ == "bad_id_number":
            assert len(value) == 18 and not is_valid_id(value), value
        if typ == "bank_card":
            d = re.sub(r"[ -]", "", value)
            assert 16 <= len(d) <= 19 and luhn_ok(d), value
        if typ == "bad_card":
            d = re.sub(r"[ -]", "", value)
            assert 16 <= len(d) <= 19 and not luhn_ok(d), value
    ordered = sorted((s, e) for _, _, s, e in spans)
    for (_, e1), (s2, _) in pairwise(ordered):
        assert e1 <= s2, ("overlap", text)
    masked = list(text)
    for kind, _, s, e in spans:
        if kind == "p":
            masked[s:e] = "#" * (e - s)
    rest = "".join(masked)
    assert not looks_sensitive(rest), ("unlabelled PII-like number", text)


def has_cue(text: str, start: int, chinese: bool) -> bool:
    before = text[max(0, start - 14) : start].rstrip(" \t:：，,（(\n")
    if chinese:
        return before.endswith(ZH_CUES)
    return before.lower().endswith(EN_CUES)


def build() -> list[dict[str, object]]:
    r = random.Random(SEED)
    plan = (
        [(t, "zh") for t in cycle(ZH_PII, N_ZH_PII, r)]
        + [(t, "zh") for t in cycle(ZH_CLEAN, N_ZH_CLEAN, r)]
        + [(t, "en") for t in cycle(EN_PII, N_EN_PII, r)]
        + [(t, "en") for t in cycle(EN_CLEAN, N_EN_CLEAN, r)]
    )
    r.shuffle(plan)
    seen: set[str] = set()
    records = []
    for template, lang in plan:
        while True:
            record, spans, values = render(template, r)
            if record["text"] not in seen:
                break
        seen.add(str(record["text"]))
        check(record, spans, values)
        record["_lang"] = lang
        records.append(record)
    return records


def cycle(templates: list[str], n: int, r: random.Random) -> list[str]:
    """n templates, each used floor(n/len) or ceil(n/len) times, in shuffled passes."""
    out: list[str] = []
    while len(out) < n:
        batch = list(templates)
        r.shuffle(batch)
        out.extend(batch[: n - len(out)])
    return out


def report(records: list[dict[str, object]]) -> None:
    pii: Counter[str] = Counter()
    non: Counter[str] = Counter()
    names = {"zh": [0, 0], "en": [0, 0]}
    zh_lines = sum(1 for x in records if x["_lang"] == "zh")
    for x in records:
        text = str(x["text"])
        for span in x["pii"]:  # type: ignore[attr-defined]
            pii[span["type"]] += 1
            if span["type"] == "person":
                value = text[span["start"] : span["end"]]
                chinese = bool(re.search(r"[\u4e00-\u9fff]", value))
                bucket = names["zh" if chinese else "en"]
                bucket[0] += 1
                bucket[1] += not has_cue(text, span["start"], chinese)
        for span in x["non_pii"]:  # type: ignore[attr-defined]
            non[span["type"]] += 1
    total = sum(pii.values())
    print(f"lines: {len(records)}  chinese templates: {zh_lines} ({zh_lines / len(records):.0%})")
    print(
        f"lines without PII: {sum(1 for x in records if not x['pii'])}"
        f"  lines with hard negatives: {sum(1 for x in records if x['non_pii'])}"
    )
    print(f"PII spans: {total}")
    for typ, n in pii.most_common():
        print(f"  {typ:15s} {n:4d}  {n / total:.1%}")
    print(f"non-PII spans: {sum(non.values())}")
    for typ, n in non.most_common():
        print(f"  {typ:17s} {n:4d}")
    for lang, (n, free) in names.items():
        print(f"{lang} names: {n}, without a cue: {free} ({free / max(n, 1):.1%})")
    lookalike_lines = sum(1 for x in records if any(w in str(x["text"]) for w in ZH_LOOKALIKES))
    print(f"lines with surname-initial non-name words: {lookalike_lines}")


def main() -> int:
    records = build()
    with OUT.open("w", encoding="utf-8", newline="\n") as f:
        for x in records:
            row = {k: x[k] for k in ("text", "pii", "non_pii", "source")}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    report(records)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
