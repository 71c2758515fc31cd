"""Generate pii_blind7.jsonl: a seventh blind held-out PII evaluation set.

Written without looking at the detector or at earlier sets, so it measures how
a detector generalises. Standard library only; the fixed seed makes every run
byte-identical:

    python evals/safety/make_pii_blind7.py

Each template is a string whose ``{key}`` or ``{key#tag}`` slots are filled by
the generators in ``SLOTS``. A slot yields a PII span, a non-PII span (hard
negative) or plain text; ``#tag`` reuses the value drawn earlier under the
same tag (so a sign-off can repeat the caller name of a full name).
"""

# ruff: noqa: E501, SIM905  (long template strings and compact word lists are data)
from __future__ import annotations

import json
import random
import re
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

SEED = 20240607
OUT = Path(__file__).with_name("pii_blind7.jsonl")
SOURCE = "blind7"
N_ZH, N_EN = 300, 100

# --------------------------------------------------------------------------
# Name material (written from scratch for this set)
# --------------------------------------------------------------------------

# Frequent surnames: drawn most of the time.
SUR_COMMON = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
    "薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤"
)
# The long tail of the 百家姓, picked to avoid characters that read as common words.
SUR_RARE = list(
    "褚卫尤施喻柏窦章云葛奚郎鲁昌苗凤俞柳酆鲍费廉岑倪滕殷毕邬乐傅皮卞齐康伍"
    "卜祁禹狄米贝臧伏茅庞纪舒屈祝阮蓝闵席麻娄危童颜梅盛刁骆樊凌霍虞柯昝裘缪"
    "宗宣贲郁杭洪诸左吉钮嵇邢滑裴荣翁荀羊甄芮羿储靳汲邴糜松井富巫焦巴弓牧隗"
    "车宓蓬郗班仰仲伊宫宁仇栾暴甘钭厉戎祖符詹束幸司韶郜蓟薄蒲邰鄂卓蔺屠蒙池"
    "乔胥莘党翟贡逄姬申冉宰郦雍璩桑桂濮牛燕冀郏浦尚农温庄晏柴瞿阎慕连茹宦艾"
    "庾暨衡耿弘匡寇阙蔚夔巩厍聂晁勾敖融冷訾辛阚饶毋沙乜鞠巢蒯荆竺逯桓"
)
SUR_COMPOUND = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
    "长孙", "宇文", "司徒", "夏侯", "端木", "澹台", "公冶", "申屠", "轩辕", "钟离",
    "闻人", "呼延", "南宫", "独孤", "第五", "万俟", "赫连", "濮阳", "太史", "百里",
]
# Given-name characters (well over 300 distinct ones).
GIVEN_CHARS = sorted(set(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞刚桂英华玉萍鹏飞辉斌宇浩凯健俊帆旭"
    "宁龙林欣佳怡婷雪琳晨晶颖倩慧莉蕾璐瑶琪萱妍茜薇菲蓉梅兰菊松柏桦楠森岚峰岩"
    "川海波源泉溪澜渊润泽清澄沁涵淇湘漪潇然炜烨煜熙燕鸿鹤鸣凤麟骏驰腾跃翔翰墨"
    "书文武德仁义礼智信忠诚恒毅坚志远航舟琦瑞祥福禄喜庆嘉乐欢悦恬雅婉娴淑贞洁"
    "素纯朴真善美媛嫣姝婧妮娅岑芸芷苓茹荷莲蓓蕊薰蔚芮苒若晴曦昕晗昊昱晟晖暄曜"
    "旻朗皓青紫丹彤彩虹雯霏霖露云风雷雨冰凌冬春秋季光阳景亮煊灿烁焱炎灵韵音笛"
    "琴筝歌舞诗词章典策韬铭锐锋钧铎钊鑫铮锦钰珏瑜瑾璇璟琛琰琼珊珍珠宝玲珑璋琮"
    "琨珩玮玥昀邦国家民安康泰和顺达畅兴旺盛昌隆荣耀煌宏博广宽厚深长久永立建树"
    "成功业创新进升卓越凡奇秉承继绍启迪思维念怀恩惠沛霈滨港湾洲峻崇嵩岱巍屹岳"
    "峥嵘昆仑坤乾元亨彦哲睿聪捷勤俭恭谦逊忍持守正直方圆子孟仲叔伯佑佐儒逸豪放"
    "雄彪虎豹鹰鲲骐骥骁驹麒敬靖婕娇嫦娥姣妤婵姗姿嫚梓桐槿樱桃杏榕楷柯栋梁栎杉"
    "枫檀橙柚芊芃苡茉莎芹艾萌葳蓁蕙薏馨香芬菁莹滢瀚浚湛淼沐洛浠洵渝湄澍霆霄霁"
    "颂赞扬帜旌东南北西中天地山水火土石金木月星辰朝夕晓暮初新雁鸥鹭莺凯旋胜利"
))

FOREIGN = [
    # full name / name used in a greeting or sign-off (default: first token)
    "Priya Sharma", "Arjun Mehta", "Rohan Iyer", "Ananya Reddy", "Vikram Nair",
    "Deepika Pillai", "Sanjay Gupta", "Kavya Menon", "Omar Haddad", "Fatima Al-Sayed",
    "Yousef Khalil", "Layla Mansour", "Khalid Rahman", "Noor Aziz", "Tariq Hussein",
    "Amira Nasser", "Carlos Mendoza", "Lucía Fernández", "Javier Ortega", "Isabel Romero",
    "Diego Navarro", "Carmen Delgado", "Alejandro Ruiz", "Jürgen Becker", "Katrin Schmidt",
    "Matthias Hoffmann", "Anja Weber", "Felix Schneider", "Lena Wagner", "Tobias Krüger",
    "Chinedu Okafor", "Ngozi Adeyemi", "Oluwaseun Balogun", "Emeka Nwosu", "Adaeze Eze",
    "Tunde Bakare", "Folake Ogunleye", "Haruto Sato", "Yui Takahashi", "Kenji Watanabe",
    "Aiko Yamamoto", "Takeshi Nakamura", "Sakura Kobayashi", "Kim Min-jun/Min-jun",
    "Park Ji-woo/Ji-woo", "Lee Seo-yeon/Seo-yeon", "Choi Hyun-woo/Hyun-woo",
    "Jung Da-eun/Da-eun", "Nguyen Van An/An", "Tran Thi Mai/Mai", "Le Minh Tuan/Tuan",
    "Pham Thu Ha/Ha", "Hoang Duc Anh/Anh", "Dmitri Volkov", "Natalia Ivanova",
    "Sergei Petrov", "Olga Smirnova", "Alexei Sokolov", "Irina Kuznetsova", "Tom Becker",
    "Emily Carter", "James O'Connor", "Sarah Whitfield", "Michael R. Dunn",
    "J. K. Lawson/J. K.", "Hannah Moore", "Oliver Grant", "Margaret Ellis", "Connor Walsh",
    "Aisha Bello", "Mei-Ling Ho", "Rafael Costa", "Sofia Rossi", "Pieter de Vries",
    "Ingrid Lindqvist", "Mateusz Kowalski", "Zeynep Yılmaz", "Hiroshi Mori",
]
PY_SUR = (
    "Zhang Wang Li Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo "
    "Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai "
    "Jiang Du Ye Cheng Su Lu Ding Ren Shen Yao Cui Zhong Tan Fan Jin Shi Liao Jia Xia "
    "Fang Bai Zou Meng Xiong Qin Qiu Xue Yan Duan Lei Hou Long Tao Gu Mao Hao Gong Shao "
    "Qian Dai Kong Ouyang Sima Zhuge Murong"
).split()
PY_GIVEN = (
    "Wei Na Min Jing Qiang Lei Jun Yong Yan Jie Juan Tao Ming Chao Xiuying Ping Gang "
    "Hui Yuxuan Zihan Haoran Yichen Xinyi Jiahao Siqi Mengyao Zhiwei Xiaoming Junjie "
    "Tingting Yutong Ruoxi Shuang Kai Bo Rui Hao Wenbin Jianguo Lihua Xueqin Zhenyu "
    "Yiran Qiuyue Dongmei Guanghui Shufen"
).split()

# Chinese label cues; a name right after one counts as "cued" in the final report.
ZH_CUES = ("我叫", "姓名", "名字", "收件人", "联系人", "客户", "户名", "持卡人", "被保险人",
           "投保人", "乘机人", "入住人", "收款人", "申请人", "购买人", "寄件人", "本人",
           "登记人", "处理人", "报修人", "用户", "顾客", "中文名", "我是", "经手", "签收", "法人",
           "客人", "伤者", "司机")
EN_CUES = ("my name is", "name", "name is", "i am", "i'm", "this is", "it's", "holder is", "passenger",
           "insured person", "driver", "attn", "ship to", "guests", "guest")

# --------------------------------------------------------------------------
# Checksums and validity tests
# --------------------------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def id_check(body17: str) -> str:
    """GB 11643-1999 check character for the first 17 digits."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def id_valid(s: str) -> bool:
    s = s.upper()
    return len(s) == 18 and s[:17].isdigit() and id_check(s[:17]) == s[17]


def luhn_digit(body: str) -> str:
    """The digit that makes body + digit pass the Luhn test."""
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(digits: str) -> bool:
    return digits.isdigit() and luhn_digit(digits[:-1]) == digits[-1]


def mobile_like(digits: str) -> bool:
    return re.fullmatch(r"1[3-9]\d{9}", digits) is not None


def harmless(value: str) -> bool:
    """True when no digit run in a non-PII value reads as a valid ID, card or mobile."""
    runs = [*re.findall(r"\d+[Xx]?", value), "".join(re.findall(r"[\dXx]", value))]
    for run in runs:
        digits = run.rstrip("Xx")
        if len(run) == 18 and id_valid(run):
            return False
        if 16 <= len(digits) <= 19 and luhn_ok(digits):
            return False
        if mobile_like(digits):
            return False
    return True


# --------------------------------------------------------------------------
# PII value generators: each returns the surface string
# --------------------------------------------------------------------------

def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


_DECK: list[str] = []


def given_char(rng: random.Random) -> str:
    """Deal given-name characters from a shuffled deck so the set covers the whole list."""
    if not _DECK:
        _DECK.extend(GIVEN_CHARS)
        rng.shuffle(_DECK)
    return _DECK.pop()


def zh_name(rng: random.Random) -> tuple[str, str]:
    """(full name, surname)."""
    r = rng.random()
    sur = rng.choice(SUR_COMPOUND) if r < 0.08 else rng.choice(SUR_RARE) if r < 0.38 else rng.choice(SUR_COMMON)
    n = 1 if rng.random() < 0.38 else 2
    given = "".join(given_char(rng) for _ in range(n))
    return sur + given, sur


def pinyin_name(rng: random.Random) -> tuple[str, str]:
    sur, given = rng.choice(PY_SUR), rng.choice(PY_GIVEN)
    style = rng.random()
    if style < 0.4:
        return f"{sur} {given}", given
    if style < 0.7:
        return f"{given} {sur}", given
    return f"{sur.upper()} {given}", given


def foreign_name(rng: random.Random) -> tuple[str, str]:
    full, _, call = rng.choice(FOREIGN).partition("/")
    return full, call or full.split()[0]


MOBILE_HEADS = ["130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152",
                "155", "157", "158", "159", "166", "173", "176", "177", "180", "181", "185",
                "186", "187", "188", "189", "191", "193", "195", "198", "199", "147", "178"]


def mobile(rng: random.Random) -> str:
    n = rng.choice(MOBILE_HEADS) + digits(rng, 8)
    a, b, c = n[:3], n[3:7], n[7:]
    fmt = rng.choices(range(8), weights=[30, 14, 12, 10, 6, 5, 4, 4])[0]
    out = [n, f"{a} {b} {c}", f"{a}-{b}-{c}", f"+86 {a} {b} {c}", f"+86-{n}",
           f"(+86){n}", f"+86{n}", n.translate(FULL)][fmt]
    return out


def mobile_en(rng: random.Random) -> str:
    n = rng.choice(MOBILE_HEADS) + digits(rng, 8)
    return rng.choice([f"+86 {n[:3]} {n[3:7]} {n[7:]}", f"+86-{n}", n, f"+86 {n}", f"(+86) {n[:3]}-{n[3:7]}-{n[7:]}"])


AREAS_8 = ["010", "021", "020", "022", "023", "024", "025", "027", "028", "029", "0755", "0571", "0512"]
AREAS_7 = ["0832", "0937", "0473", "0898", "0917", "0358", "0766"]


def landline(rng: random.Random) -> str:
    if rng.random() < 0.7:
        area, local = rng.choice(AREAS_8), rng.choice("2345678") + digits(rng, 7)
        split = local[:4] + " " + local[4:]
    else:
        area, local = rng.choice(AREAS_7), rng.choice("2345678") + digits(rng, 6)
        split = local[:3] + " " + local[3:]
    ext = rng.choice(["8", "21", "602", "1035", "3"]) + digits(rng, rng.randint(0, 1))
    fmt = rng.choices(range(8), weights=[30, 12, 10, 10, 8, 8, 6, 4])[0]
    return [f"{area}-{local}", f"({area}){split}", f"{area} {split}", f"{area}-{local}转{ext}",
            f"{area}-{local}-{ext}", f"+86 {area[1:]} {split}", f"{area}-{local} ext. {ext}",
            f"{area}-{local}".translate(FULL)][fmt]


def landline_en(rng: random.Random) -> str:
    area, local = rng.choice(AREAS_8), rng.choice("2345678") + digits(rng, 7)
    return rng.choice([f"+86 {area[1:]} {local[:4]} {local[4:]}", f"+86-{area[1:]}-{local}",
                       f"({area}) {local}", f"{area}-{local} ext. {rng.randint(10, 899)}"])


REGIONS = ["110105", "110108", "310104", "310115", "440305", "440106", "330106", "330302",
           "510107", "420106", "320102", "320583", "370202", "610113", "500103", "350203",
           "430104", "210102", "130104", "410105", "450103", "520102", "620102", "650102",
           "140105", "360103", "340104", "230103", "460106", "530102"]


def id_body(rng: random.Random) -> str:
    year = rng.randint(1952, 2006)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return f"{rng.choice(REGIONS)}{year}{month:02d}{day:02d}{digits(rng, 3)}"


def id_number(rng: random.Random) -> str:
    body = id_body(rng)
    s = body + id_check(body)
    return s.lower() if s.endswith("X") and rng.random() < 0.3 else s


CARD_BINS = [("622202", 19), ("621700", 19), ("622848", 19), ("622588", 16), ("621483", 16),
             ("623058", 19), ("622609", 16), ("621226", 19), ("625965", 16), ("436742", 16),
             ("438088", 16), ("427018", 16), ("524374", 16), ("552599", 16), ("622150", 19),
             ("621661", 19)]


def card_digits(rng: random.Random) -> str:
    bin_, length = rng.choice(CARD_BINS)
    body = bin_ + digits(rng, length - len(bin_) - 1)
    return body + luhn_digit(body)


def group4(s: str, sep: str = " ") -> str:
    return sep.join(s[i:i + 4] for i in range(0, len(s), 4))


def bank_card(rng: random.Random) -> str:
    s = card_digits(rng)
    r = rng.random()
    return group4(s) if r < 0.35 else group4(s, "-") if r < 0.45 else s


MAIL_DOMAINS = ["qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "foxmail.com",
                "sina.com", "hotmail.com", "yahoo.co.jp", "mail.ru", "web.de", "icloud.com",
                "xingchen-tech.cn", "aliyun.com", "proton.me", "yandex.ru", "naver.com"]
MAIL_WORDS = ["sunny", "xiaoyu", "dragon", "lemon", "panda", "echo", "kiki", "tiger", "moon",
              "river", "maple", "coco", "blue", "shadow", "ace", "nova"]


def ascii_word(s: str) -> str:
    return re.sub(r"[^a-z]", "", s.lower().replace("ü", "ue").replace("í", "i"))


def email(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.25:
        local = str(rng.randint(10_000_000, 2_999_999_999))
        return f"{local}@qq.com"
    if r < 0.55:
        sur, given = rng.choice(PY_SUR).lower(), rng.choice(PY_GIVEN).lower()
        local = rng.choice([f"{given}.{sur}", f"{sur}{given}", f"{sur}_{given}{rng.randint(1, 99)}",
                            f"{given[0]}{sur}"])
    elif r < 0.8:
        first, last = foreign_name(rng)[0].split()[0], foreign_name(rng)[0].split()[-1]
        local = f"{ascii_word(first)}.{ascii_word(last)}" if rng.random() < 0.6 else f"{ascii_word(first)[0]}{ascii_word(last)}"
    else:
        local = rng.choice(MAIL_WORDS) + rng.choice(["", "_", "."]) + str(rng.randint(7, 2024))
    return f"{local}@{rng.choice(MAIL_DOMAINS)}"


ZH_PLACES = [  # province (may be empty for municipalities), city, districts
    ("广东省", "深圳市", ["南山区", "福田区", "龙岗区", "宝安区"]),
    ("广东省", "广州市", ["天河区", "海珠区", "番禺区"]),
    ("", "北京市", ["朝阳区", "海淀区", "丰台区", "通州区"]),
    ("", "上海市", ["浦东新区", "徐汇区", "闵行区", "静安区"]),
    ("浙江省", "杭州市", ["西湖区", "余杭区", "滨江区"]),
    ("江苏省", "南京市", ["鼓楼区", "江宁区"]),
    ("江苏省", "苏州市", ["工业园区", "吴中区", "姑苏区"]),
    ("四川省", "成都市", ["武侯区", "锦江区", "高新区"]),
    ("湖北省", "武汉市", ["洪山区", "江汉区"]),
    ("陕西省", "西安市", ["雁塔区", "未央区"]),
    ("山东省", "青岛市", ["市南区", "黄岛区"]),
    ("福建省", "厦门市", ["思明区", "湖里区"]),
    ("", "重庆市", ["渝北区", "江北区", "沙坪坝区"]),
    ("河南省", "郑州市", ["金水区", "二七区"]),
    ("湖南省", "长沙市", ["岳麓区", "芙蓉区"]),
    ("辽宁省", "沈阳市", ["和平区", "浑南区"]),
    ("云南省", "昆明市", ["五华区", "盘龙区"]),
    ("黑龙江省", "哈尔滨市", ["南岗区", "道里区"]),
    ("新疆维吾尔自治区", "乌鲁木齐市", ["天山区", "沙依巴克区"]),
    ("广西壮族自治区", "南宁市", ["青秀区", "西乡塘区"]),
]
ROADS = ["建设路", "人民路", "解放大道", "中山北路", "科技园南路", "文一西路", "长江路", "和平街",
         "幸福里", "学府路", "新华路", "创业大道", "望京街", "滨河东路", "光明巷", "金沙江路",
         "东风路", "朝阳北路", "青年路", "体育西路"]
ESTATES = ["阳光花园", "锦绣家园", "碧桂园", "万科城", "翠湖小区", "世纪新城", "书香苑",
           "绿地中心", "华润大厦", "腾飞创新园", "东方明珠苑", "金桥公寓"]


def zh_address(rng: random.Random) -> str:
    prov, city, dists = rng.choice(ZH_PLACES)
    dist, road = rng.choice(dists), rng.choice(ROADS)
    no = f"{rng.randint(1, 999)}号"
    room = rng.choice([
        f"{rng.randint(1, 28)}栋{rng.randint(1, 3)}单元{rng.randint(1, 32)}{rng.randint(1, 6):02d}室",
        f"{rng.choice(ESTATES)}{rng.randint(1, 20)}号楼{rng.randint(1, 30)}0{rng.randint(1, 4)}",
        f"{rng.randint(2, 40)}楼{rng.randint(1, 20):02d}室", f"{rng.choice(ESTATES)}{rng.randint(1, 9)}栋",
        "", f"{rng.randint(1, 6)}号门", f"B座{rng.randint(10, 30)}{rng.randint(1, 20):02d}",
    ])
    r = rng.random()
    if r < 0.55:
        return f"{prov}{city}{dist}{road}{no}{room}"
    if r < 0.8:  # colloquial: no province, city without 市
        return f"{city.rstrip('市')}{dist}{road}{no}{room}"
    return f"{prov}{city} {dist} {road}{no} {room}".replace("  ", " ").strip()


EN_STREETS = [  # street, town: kept together so an address reads true
    ("Baker Street", "London NW1 6XE"), ("King's Road", "London SW3 4LY"),
    ("Maple Avenue", "Springfield, IL 62704"), ("Elm Drive", "Austin, TX 78701"),
    ("Rue de Rivoli", "75001 Paris"), ("Friedrichstraße", "10117 Berlin"),
    ("Calle de Alcalá", "28014 Madrid"), ("Harbour Road", "Wan Chai, Hong Kong"),
    ("Sukhumvit Soi 11", "Bangkok 10110"), ("Orchard Road", "Singapore 238858"),
    ("Nathan Road", "Tsim Sha Tsui, Kowloon"), ("Century Avenue", "Pudong, Shanghai 200120"),
    ("Queen Street West", "Toronto, ON M5H 2N2"), ("Adeola Odeku Street", "Victoria Island, Lagos"),
    ("Al Marsa Street", "Dubai Marina, Dubai"), ("Hill Road", "Bandra West, Mumbai 400050"),
    ("Tverskaya Street", "Moscow 125009"), ("Nguyen Hue Boulevard", "District 1, Ho Chi Minh City"),
]


def en_address(rng: random.Random) -> str:
    unit = rng.choice(["", f"Flat {rng.randint(1, 30)}{rng.choice('ABCD')}, ",
                       f"Apt {rng.randint(100, 2400)}, ", f"Room {rng.randint(101, 3208)}, ",
                       f"Suite {rng.randint(2, 90)}0, "])
    street, town = rng.choice(EN_STREETS)
    return f"{unit}{rng.randint(1, 420)} {street}, {town}"


def passport(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.72:
        return rng.choice("EEEG") + digits(rng, 8)
    if r < 0.8:
        return "E" + rng.choice("ABCDE") + digits(rng, 7)
    return rng.choice([
        rng.choice("KLMNPRZ") + digits(rng, 7),                              # India
        rng.choice(["TK", "TR", "MZ"]) + digits(rng, 7),                      # Japan
        "M" + digits(rng, 8),                                                 # Korea
        "C" + "".join(rng.choice("0123456789CFGHJKLMNPRTVWXYZ") for _ in range(8)),  # Germany
        digits(rng, 9),                                                       # UK / US
        "C" + digits(rng, 7),                                                 # Vietnam
        "XD" + digits(rng, 7),                                                # Spain
    ])


PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


def plate(rng: random.Random) -> str:
    head = rng.choice(PROVINCES) + rng.choice("ABCDEFGHJK")
    if rng.random() < 0.3:  # new-energy: 8 characters
        tail = rng.choice("DF") + digits(rng, 5) if rng.random() < 0.7 else digits(rng, 5) + rng.choice("DF")
    else:  # at most two letters among the five, as on most issued plates
        chars = [rng.choice("0123456789") for _ in range(5)]
        for i in rng.sample(range(4), rng.choice([0, 1, 1, 2])):
            chars[i] = rng.choice(PLATE_CHARS[:24])
        tail = "".join(chars)
    return head + rng.choice(["", "", "·", " "]) + tail


def ip_addr(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.18:  # IPv6: compressed (prefix::tail) or all eight groups
        prefix = rng.choice([["240e", "3a1"], ["2408", "8207"], ["2409", "8a1e"], ["2001", "db8"], ["2402", "f000"]])
        if rng.random() < 0.6:
            tail = [f"{rng.randint(1, 65535):x}" for _ in range(rng.randint(1, 3))]
            return ":".join(prefix) + "::" + ":".join(tail)
        return ":".join(prefix + [f"{rng.randint(0, 65535):x}" for _ in range(6)])
    if r < 0.45:
        return rng.choice(["192.168", "10." + str(rng.randint(0, 255)), "172.16"]) + \
            f".{rng.randint(0, 254)}.{rng.randint(2, 254)}"
    return ".".join(str(x) for x in (rng.choice([27, 36, 58, 101, 112, 117, 120, 183, 202, 211, 223]),
                                      rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)))


# --------------------------------------------------------------------------
# Hard-negative generators (re-drawn until harmless)
# --------------------------------------------------------------------------

def order_no(rng: random.Random) -> str:
    d = f"2024{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    return rng.choice([
        d + digits(rng, 8), "DD" + d + digits(rng, 6), rng.choice("3456") + digits(rng, 18),
        digits(rng, 12), d[2:] + "-" + digits(rng, 15), "HT" + digits(rng, 10),
        "RMA-" + d + "-" + digits(rng, 4), "NO." + digits(rng, 16),
    ])


def tracking_no(rng: random.Random) -> str:
    return rng.choice([
        "SF" + digits(rng, 13), "JDVA" + digits(rng, 11), "JD" + digits(rng, 13),
        "YT" + digits(rng, 13), "75" + digits(rng, 12), "E" + rng.choice("ABM") + digits(rng, 9) + "CN",
        "77" + digits(rng, 13), "4300" + digits(rng, 9), "1Z" + digits(rng, 3) + "E" + digits(rng, 12),
    ])


MODELS = ["iPhone 15 Pro", "iPhone 14 Plus", "RTX 4090", "RTX 4060 Ti", "SM-G9980", "Galaxy S24 Ultra",
          "Mate 60 Pro", "nova 12", "Redmi K70", "Xiaomi 14", "MacBook Air M3", "iPad Pro 11",
          "ThinkPad X1 Carbon Gen 11", "XPS 13 9340", "KFR-35GW/BpR3", "BCD-521WKPZM", "Dyson V15",
          "AirPods Pro 2", "DJI Mini 4 Pro", "Switch OLED", "PS5 CFI-2000", "Watch GT 4",
          "Kindle Paperwhite 5", "EOS R6 Mark II", "MX Master 3S", "Find X7 Ultra", "WH-1000XM5",
          "G502 X", "Vivo X100", "EW-2812", "HC-18P"]


def product_model(rng: random.Random) -> str:
    return rng.choice(MODELS)


def amount(rng: random.Random) -> str:
    v = rng.choice([rng.randint(9, 99) + 0.9, rng.randint(100, 999), rng.randint(1000, 19999)])
    return f"{v:,.2f}" if isinstance(v, float) or rng.random() < 0.2 else f"{v:,}"


def price(rng: random.Random) -> str:
    s = amount(rng)
    return rng.choice([f"¥{s}", f"{s}元", f"{s}块", f"RMB {s}", f"￥{s}", f"{s}元整"])


def price_en(rng: random.Random) -> str:
    s = amount(rng)
    return rng.choice([f"${s}", f"RMB {s}", f"¥{s}", f"€{s}", f"USD {s}", f"{s} yuan"])


MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def ymd(rng: random.Random) -> tuple[int, int, int]:
    return rng.choice([2023, 2024, 2025]), rng.randint(1, 12), rng.randint(1, 28)


def date(rng: random.Random) -> str:
    y, m, d = ymd(rng)
    return rng.choice([f"{y}-{m:02d}-{d:02d}", f"{m}月{d}号", f"{y}年{m}月{d}日", f"{y}.{m}.{d}",
                       f"{m}月{d}日", f"{y}/{m:02d}/{d:02d}"])


def date_en(rng: random.Random) -> str:
    y, m, d = ymd(rng)
    return rng.choice([f"{y}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{y}", f"{MONTHS[m - 1]} {d}",
                       f"{d} {MONTHS[m - 1]} {y}", f"{MONTHS[m - 1]} {d}, {y}"])


def clock(rng: random.Random) -> tuple[int, int, int]:
    h, mi = rng.randint(7, 22), rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50])
    return h, mi, h % 12 or 12


def time_(rng: random.Random) -> str:
    h, mi, h12 = clock(rng)
    zh = f"{'上午' if h < 12 else '下午' if h < 18 else '晚上'}{h12}点" + ("半" if mi == 30 else f"{mi}分" if mi else "")
    return rng.choice([f"{h:02d}:{mi:02d}", zh, zh])


def time_en(rng: random.Random) -> str:
    h, mi, h12 = clock(rng)
    return rng.choice([f"{h:02d}:{mi:02d}", f"{h12}:{mi:02d} {'AM' if h < 12 else 'PM'}",
                       f"{h12}{'am' if h < 12 else 'pm'}"])


def quantity(rng: random.Random) -> str:
    n = rng.randint(2, 48)
    return rng.choice([f"{n}件", f"{n}箱", f"x{n}", f"{n} pcs", f"{n}台", f"{n}瓶", f"{n} units",
                       rng.choice(["两台", "三盒", "一打", "五双"])])


def quantity_en(rng: random.Random) -> str:
    n = rng.randint(2, 48)
    return rng.choice([f"{n} pcs", f"{n} units", f"x{n}", f"{n} boxes", f"{n} pairs", "a dozen"])


def coupon(rng: random.Random) -> str:
    abc = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return rng.choice([
        rng.choice(["MANJIAN", "VIP", "NEW", "SPRING", "FANS", "BACK2SCHOOL"]) + str(rng.randint(5, 300)),
        "-".join("".join(rng.choice(abc) for _ in range(4)) for _ in range(3)),
        "".join(rng.choice(abc) for _ in range(10)),
    ])


def vcode(rng: random.Random) -> str:
    return digits(rng, rng.choice([4, 6, 6]))


UCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
UCC_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(rng: random.Random) -> str:
    """Unified social credit code (GB 32100-2015) with its own valid check character."""
    body = "91" + rng.choice(REGIONS) + "MA" + "".join(rng.choice(UCC_CHARS) for _ in range(7))
    total = sum(UCC_CHARS.index(c) * w for c, w in zip(body, UCC_W, strict=True))
    return body + UCC_CHARS[(31 - total % 31) % 31]


def hotline(rng: random.Random) -> str:
    return rng.choice(["400-820-8820", "400 600 " + digits(rng, 4), "400-" + digits(rng, 3) + "-" + digits(rng, 4),
                       "800-810-" + digits(rng, 4), "95588", "95533", "95566", "95599", "95518",
                       "95555", "10086", "12315", "4008" + digits(rng, 6), "95" + digits(rng, 3)])


def bad_id(rng: random.Random) -> str:
    body = id_body(rng)
    good = id_check(body)
    return body + rng.choice([c for c in "0123456789X" if c != good])


def bad_card(rng: random.Random) -> str:
    s = card_digits(rng)
    wrong = rng.choice([c for c in "0123456789" if c != s[-1]])
    s = s[:-1] + wrong
    return group4(s) if rng.random() < 0.3 else s


def sku(rng: random.Random) -> str:
    return rng.choice(["SKU-" + rng.choice(["BK", "WH", "GR", "RD"]) + "-" + digits(rng, 4) + "-" + rng.choice(["S", "M", "XL"]),
                       digits(rng, 12), "A" + digits(rng, 2) + "-" + digits(rng, 5), "69" + digits(rng, 11)])


# --------------------------------------------------------------------------
# Slots: key -> (kind, type, generator). Kind P = PII span, N = hard negative.
# --------------------------------------------------------------------------

SLOTS = {
    "cn": ("P", "person", zh_name), "py": ("P", "person", pinyin_name),
    "fo": ("P", "person", foreign_name), "mob": ("P", "mobile", mobile),
    "tel": ("P", "landline", landline), "id": ("P", "id_number", id_number),
    "card": ("P", "bank_card", bank_card), "mail": ("P", "email", email),
    "addr": ("P", "address", zh_address), "eaddr": ("P", "address", en_address),
    "pp": ("P", "passport", passport), "plate": ("P", "license_plate", plate),
    "ip": ("P", "ip", ip_addr),
    "ord": ("N", "order_no", order_no), "trk": ("N", "tracking_no", tracking_no),
    "model": ("N", "product_model", product_model), "price": ("N", "price", price),
    "date": ("N", "date", date), "time": ("N", "time", time_), "qty": ("N", "quantity", quantity),
    "eprice": ("N", "price", price_en), "edate": ("N", "date", date_en), "etime": ("N", "time", time_en),
    "etel": ("P", "landline", landline_en), "eqty": ("N", "quantity", quantity_en), "emob": ("P", "mobile", mobile_en),
    "coupon": ("N", "coupon_code", coupon), "vcode": ("N", "verification_code", vcode),
    "ucc": ("N", "credit_code", credit_code), "hot": ("N", "hotline", hotline),
    "badid": ("N", "bad_id_number", bad_id), "badcard": ("N", "bad_card", bad_card),
    "sku": ("N", "sku", sku),
}
DERIVED = {"fn": "fo", "sur": "cn", "pyalt": "py"}  # derived slot -> slot it derives from
SLOT_RE = re.compile(r"\{([a-z]+)(?:#(\w+))?\}")
Span = tuple[str, str, str]  # kind, type, value
Row = dict[str, Any]


def draw(key: str, tag: str | None, rng: random.Random, memo: dict[str, tuple[str, Span, str]]) -> Span:
    """Value for one slot; `fn` (caller name, a person), `pyalt` (pinyin name in the other
    order) and `sur` (bare surname, plain text) derive from the person drawn under the same tag."""
    if key in DERIVED:
        base = DERIVED[key]
        if not tag:
            return ("T", "", rng.choice(SUR_COMMON)) if key == "sur" else (
                "P", "person", foreign_name(rng)[1] if key == "fn" else pinyin_name(rng)[0])
        if tag not in memo:  # the derived slot may come first, as in a greeting
            draw(base, tag, rng, memo)
        _, (_, _, value), extra = memo[tag]
        if key == "pyalt":
            first, _, last = value.partition(" ")
            return ("P", "person", f"{last.title()} {first.title()}")
        return ("P", "person", extra) if key == "fn" else ("T", "", extra)
    if tag and tag in memo:
        return memo[tag][1]
    kind, typ, gen = SLOTS[key]
    while True:
        out = gen(rng)
        value, extra = out if isinstance(out, tuple) else (out, "")
        if kind == "P" or harmless(value):
            break
    span = (kind, typ, value)
    if tag:
        memo[tag] = (key, span, extra)
    return span


def render(template: str, rng: random.Random) -> Row:
    text = ""
    pii: list[dict[str, Any]] = []
    non: list[dict[str, Any]] = []
    memo: dict[str, tuple[str, Span, str]] = {}
    pos = 0
    for m in SLOT_RE.finditer(template):
        text += template[pos:m.start()]
        kind, typ, value = draw(m.group(1), m.group(2), rng, memo)
        start = len(text)
        text += value
        if kind != "T":
            (pii if kind == "P" else non).append({"type": typ, "start": start, "end": len(text)})
            assert text[start:] == value
        pos = m.end()
    text += template[pos:]
    assert "{" not in text and "}" not in text, template
    return {"text": text, "pii": pii, "non_pii": non, "source": SOURCE}


# --------------------------------------------------------------------------
# Chinese templates (shapes: forms, complaints, shop group chats, voice-to-text,
# reviews, bank/insurance, bookings, refunds to relatives, notes, plain talk)
# --------------------------------------------------------------------------

ZH_FORMS = [
    "售后申请单\n订单号：{ord}\n商品：{model} 数量：{qty}\n问题：开机黑屏，{date}签收后第二天就这样了\n联系人：{cn}\n电话：{mob}\n地址：{addr}",
    "【退换货登记】单号{ord} 型号{model} 登记人{cn} 顾客电话{mob} 备注：顾客问黄金会员能不能免运费，我说要问{sur}经理",
    "维修工单 {date} {time}\n报修人 {cn}  手机 {mob}\n上门地址 {addr}\n故障：空调不制冷，外机异响，师傅{cn}已接单",
    "发票信息：抬头 深圳市星河贸易有限公司 税号 {ucc} 金额 {price} 收票邮箱 {mail}",
    "换货 订单{ord}｜{model}｜颜色：白色｜原因：屏幕有亮点｜{cn} {mob}｜{addr}",
    "退款信息 原路退回不了，麻烦退到这个卡：{card}（建行），户名{cn}，是我爱人的卡",
    "姓名 | 手机 | 城市\n{cn} | {mob} | 成都\n{cn} | {mob} | 常州\n{cn} | {tel} | 张家口",
    "保修卡登记\n购买日期 {date}\n机身码 {sku}\n用户 {cn}\n证件号 {id}\n送修车辆 {plate}",
    "门店调拨单 {date}\n调出：王府井店（经手 {cn}）\n调入：成都高新店（签收 {cn}）\n货品：{model} {qty}\n送货车辆：{plate}",
    "报销单｜申请日期 {date}｜事由：去常州出差｜高铁票 {price}｜审批：{cn} → 财务{cn}｜收款卡{card}",
    "客诉记录#{vcode}\n来电号码：{tel}\n内容：{cn}反映送货师傅把石头茶几磕坏了，要求赔偿{price}\n跟进：{cn}",
    "会员资料变更：原手机 {mob} 改为 {mob}，邮箱 {mail}，其他不变",
    "寄件信息\n{cn} {mob}\n{addr}\n物品：文件、钟表各一\n保价 {price}",
    "开户资料：公司统一社会信用代码{ucc}，法人{cn}，对接人手机{mob}，办公电话{tel}",
    "实名认证信息\n证件类型：居民身份证\n证件号码：{id}\n手机：{mob}\n常用邮箱：{mail}\n常住地址：{addr}",
    "电子发票申请｜购方税号{ucc}｜收票手机{mob}｜收票邮箱{mail}｜开票金额{price}",
    "入职登记：手机 {mob}；紧急联系人 {cn} {mob}；现住址 {addr}；工资卡 {card}",
    "访客登记 {date}\n{cn} {plate} {mob} 事由：送货\n{cn} {plate} {mob} 事由：安装",
    "账号安全中心：新设备登录 {time}，IP {ip}，位置 江苏常州；上次登录 IP {ip}",
    "会员卡绑定\n手机号：{mob}\n身份证：{id}\n绑定银行卡：{card}\n车牌（积分抵停车费）：{plate}",
]
ZH_COMPLAINTS = [
    "尊敬的领导：本人于{date}在贵公司王府井店购买{model}一台，价格{price}，导购{cn}承诺七天无理由退货，结果今天去退，店员{cn}说拆封了不给退，态度非常恶劣。请给个说法！联系电话{mob}",
    "投诉信：我母亲{cn}上个月在你们营业厅办的宽带，工作人员私自给她开了金卡套餐，每月多扣{price}。她七十多岁根本不懂，身份证{id}是她本人的，请查实退费。",
    "我要投诉你们的快递员{cn}，{date}我的件{trk}根本没送上门，直接丢在小区门口，电话{mob}打了五次不接，丢了谁负责？",
    "致客服部：{date}入住贵酒店时前台{cn}把我的护照{pp}复印件随手放在台面上，其他客人都能看到，这是严重的隐私泄露，希望酒店安全部门重视。\n{cn}",
    "{sur}经理你好，我是常州店的老顾客，{cn}和{cn}两位导购一直服务很好，但这次门店把我的地址{addr}写错了，三件家具送到了别人家。",
    "关于{ord}订单的投诉：{date}下单，承诺次日达，{cn}客服每次都说马上发，到今天一周了。我要求退款{price}，不然我就打{hot}投诉到底。",
    "第三次投诉了！维修点的{cn}把我的{model}拆了又说没配件，让我找{cn}，{cn}又让我等通知。我的电话{mob}，地址{addr}，请你们领导直接联系我。",
    "以上情况属实，望贵公司尽快处理，退回货款{price}至原卡{card}。\n{cn}\n{date}",
    "本人对贵行{date}的扣费有异议：卡号{card}被扣年费{price}，但办卡时客户经理{cn}明确说首年免年费，现在{cn}电话{tel}也打不通。",
    "物业投诉：{plate}这辆车长期占用消防通道，保安{cn}说管不了，业主群里{cn}也反映过好几次了。",
]
ZH_GROUPCHAT = [
    "【星河数码南山店工作群】\n店长{cn}：今天谁开的单{ord}？顾客说没收到发票\n导购{cn}：我开的，马上补\n仓管{cn}：库里{model}只剩{qty}了",
    "{cn#a}：@{cn#b} 下午那个顾客的车牌{plate}记一下，停车券给他\n{cn#b}：好的{sur#a}姐\n{cn}：我看到了，白色那辆",
    "导购-{cn}：顾客要开发票，信用代码{ucc}\n店长-{cn}：可以，金额按{price}开\n财务-{cn}：收到，发到{mail}",
    "{cn}（店长）：周末促销券码是{coupon}，别发错了\n{cn}（导购）：李子味那款饮料还有吗\n{cn}（仓管）：还有{qty}",
    "[群] 仓管{cn}: 今天{trk}这单退回来了，包装破了\n[群] 店长{cn}: 拍照发给{cn}处理，让她联系顾客{mob}",
    "{cn}撤回了一条消息\n{cn}：刚才发错群了不好意思\n{cn}：没事，那个顾客电话是{mob}，你找{cn}跟进",
    "{cn#a}：今天营业额{price}，比上周末高\n{cn}：高兴！{sur#a}店长请奶茶吗\n{cn#a}：请，{cn}去买",
    "店群｜{time}\n{cn}：收银机连不上了，IP是{ip}\n{cn}：重启试试，不行找IT{cn}\n{cn}：好了好了",
    "{cn}：有个顾客说金卡积分不见了，卡号{badcard}\n{cn}：这个卡号不对吧，少一位还是多一位\n{cn}：我再问问",
    "仓库群\n{cn#a}：{date}到货{qty}，放B区\n{cn}：{sur#a}哥，司机车牌{plate}，还在门口等\n{cn#a}：让他开进来",
    "{cn}：谁知道{cn}的座机？\n{cn}：{tel}\n{cn}：谢了",
]
ZH_VOICE = [
    "喂你好我想问一下就是我那个快递到现在都没到单号是{trk}然后我打了好几次电话给那个快递员{cn}他说让我找你们客服我就很无语你们看一下到底怎么回事",
    "就是那个我昨天在你们店里买的那个{model}然后回家发现屏幕有个坏点我老公{cn}说让我直接找你们退你们那个导购{cn}当时说七天可以退的对吧我手机是{mob}你们回个电话",
    "你好你好我是那个{addr}的业主啊我家空调又不制冷了上次来修的师傅是{cn}能不能还让他来方便的话明天{time}以后都行",
    "嗯那个退款你就退到我儿子{cn}的卡上吧卡号我念一下{card}工商银行的对没错就这个",
    "我刚刚在高铁上信号不好没听清你们说的验证码是{vcode}对吧然后要我提供身份证号是吧{id}",
    "哎呀我跟你说我这个快递啊签收写的是{cn}但是我们家根本没这个人你们是不是送错了我地址是{addr}",
    "那个我明天让{cn}开车过去拿车牌是{plate}你们跟门卫说一声啊他不认识路",
    "喂喂听得到吗我就想问问{ord}这个单子能不能改地址改成{addr}收件的还是我{mob}",
    "我婆婆{cn}的手机号是{mob}你们别老打我电话了有事直接找她她在家的",
    "刚才那个叫小李的客服说要等三天我不理解为什么上次{cn}处理的时候当天就好了",
]
ZH_REVIEWS = [
    "★★★★★ 安装师傅{cn}非常专业，准时上门，还帮忙把旧钟表挂好了，给个好评！",
    "差评。{date}去的门店，导购{cn}全程玩手机，问个{model}的价格都爱答不理，{cn}倒是挺热情，可惜不是她接待的。",
    "评价：物流很快，{qty}全部完好，客服{cn}耐心解释了金卡积分怎么用，点赞👍",
    "五星！感谢{cn}和{cn}两位小哥，搬上六楼没电梯，一点没抱怨。下次买家电还找你们。",
    "追评：用了一个月{model}出了问题，售后{cn}说寄回去检修，单号{trk}，到现在还没消息。",
    "给{cn}师傅点赞，拆机很仔细，石头台面一点没划到。",
    "一般吧，东西还行，就是{cn}送货迟到两小时，打{mob}还说堵车。",
    "必须表扬一下{cn}！周末加班帮我查了{ord}的物流，比{hot}靠谱多了",
    "酒店很干净，前台{cn}和礼宾{cn}都很热情，唯一的缺点是停车场太小",
]
ZH_BANK = [
    "您好，我要给我父亲{cn}的保单申请理赔，保单号{ord}，他的身份证号{id}，理赔款打到{card}，开户行农行。",
    "信用卡挂失：卡号{card}，持卡人{cn}，今天下午在成都春熙路丢的，请马上冻结。",
    "客服你好，我这张卡{card}在境外被盗刷了{price}，当时我人在上海，手机{mob}一直没收到短信提醒。",
    "车险续保，车牌{plate}，车主是我老婆{cn}，身份证{id}，麻烦报个价，去年是{price}。",
    "银行回电：{cn}女士您好，您申请的卡片已经寄出，快递单号{trk}，如有疑问请致电{hot}。",
    "帮我查一下这张卡{badcard}为什么绑不上，一直提示卡号有误",
    "我登记的身份证号是不是输错了？{badid}，系统说校验不通过。",
    "给我妹妹{cn}开一张副卡，她的证件号{id}，寄到{addr}，谢谢",
    "意外险报案：{date}{time}在张家口滑雪摔伤，伤者{cn}，同行的{cn}可以作证，联系电话{mob}",
    "{cn}的工资卡{card}被冻结了，她本人在外地出差，我是她同事能不能代办？",
    "网银登录异常，{date}显示登录地址{ip}，我本人在常州，证件号{id}，请帮我核实",
]
ZH_BOOKING = [
    "订房信息：{date}入住，两间大床房，入住人{cn}、{cn}，手机{mob}，需要无烟房。",
    "机票改签：原航班{date}上海飞成都，乘机人{cn}，护照号{pp}，改到后一天同一时间。",
    "帮我和{cn}订两张{date}去张家口的高铁票，她的身份证{id}，我的是{id}",
    "酒店确认单 {ord}\n客人：{py}\n房型：高级双床\n到店：{date} {time}\n备注：客人护照{pp}，需开发票",
    "旅行社报名：{cn}、{cn}、{cn}三人，护照分别是{pp}、{pp}、{pp}，周末出发，团费{price}/人",
    "我朋友{cn}帮我订的酒店，用她的邮箱{mail}下的单，入住的是我，能不能改成我的名字？",
    "{cn}和{cn}的签证材料已经收到，护照{pp}那本快过期了，让他们尽快换",
    "接机：{date}{time}浦东T2，客人{fo}，司机{cn}，车牌{plate}，电话{mob}",
]
ZH_REFUND = [
    "退款别退到原来的卡了，那张卡注销了，打到我姐{cn}的账户{card}，招行的，她手机{mob}",
    "退款申请：订单{ord}，金额{price}，收款人{cn}（我舅舅），卡号{card}",
    "我爸{cn}不会用手机，退货的钱能不能直接退到他卡上？{card}，邮储银行",
    "钱退给{cn}就行，她是我表妹，支付宝绑的手机号{mob}，实名是她本人",
]
ZH_TALK = [
    "快递放门卫室就行，门卫是{cn}大爷，跟他说是{addr}的件",
    "{cn}你好，你的包裹{trk}已到驿站，取件码{vcode}，营业到{time}",
    "麻烦改一下收货地址：{addr}，人不变，还是{cn}收",
    "顺丰{trk}，寄件人{cn}，收件人{cn}，物品：文件",
    "明天{time}左右{cn}去你们仓库提货，车牌{plate}，提前跟门口打个招呼",
    "让{cn}把合同扫描件发到{mail}，{sur}总那边等着签",
    "{cn}昨天打电话来说发票抬头写错了，你跟进一下",
    "刚才问了{cn}，她说那批黄金吊坠已经发出去了，一共{qty}",
    "你去找{cn}拿钥匙，她在三楼陈列区",
    "这事让{cn}去办吧，办完让她发邮件到{mail}",
    "我跟{cn}说过了，他马上过来，车牌{plate}",
    "{cn}、{cn}、{cn}这几位本周值班，有事打值班电话{tel}",
    "周末的活动{cn}负责，物料找{cn}，预算{price}以内",
    "请把这个工单转给{cn}，顾客{cn}等了一上午了",
    "上次是{cn}帮我处理的，能不能还找她",
    "问了一圈，{cn}说不清楚，{cn}说去问{sur}主管",
    "公司座机{tel}，有事打这个，手机{mob}不常看",
    "前台电话{tel}，转财务找{cn}",
    "我家登录后台的IP是{ip}，一直提示异地登录，但我就在江苏没出去过",
    "管理员你好，{date} {time}有人从{ip}登录了我的账号，改了绑定手机{mob}，不是我操作的",
    "系统日志：用户{cn}于{time}从{ip}下单{ord}，支付{price}",
    "我们门店收银机的IP是{ip}，备用机是{ip}，麻烦技术{cn}远程看一下",
    "监控显示{date}晚上一辆车牌{plate}的车撞了我们门店门口的石头墩子然后跑了",
    "停车缴费：{plate}，入场{time}，金额{price}",
    "我的新能源车{plate}要装充电桩，安装地址{addr}，联系我{mob}",
    "{cn}老师您好，孩子的校服订单{ord}能不能改个尺码",
    "{cn}阿姨让我帮她问一下，她那台{model}保修到什么时候",
    "叶子黄了是不是浇水太多？上次{cn}卖给我的那盆绿萝",
    "白色的没货了吗？{cn}上周说周末到货",
    "{cn}和我都是会员，能不能把积分合到一个账户？她的会员手机{mob}",
    "周末我和{cn}一起去门店，到了打你们门店电话{tel}？",
    "给{cn}转了{price}定金，收据在她那",
    "钟表送修，取件的时候{cn}会带我的身份证复印件，我的证件号{id}",
    "金额不对啊，{cn}跟我说的是{price}，怎么扣了{price}",
    "陈列架到了，{cn}签收的，{cn}清点了一下，{qty}",
    "石头你认识吗？就是{cn}他弟，在成都开店那个",
    "谢谢您的耐心解答！\n{cn} 敬上",
    "抄送：{cn}、{cn}、{cn}；{sur}经理知悉",
    "{cn}的邮箱是{mail}，你直接发给她，别抄送我",
    "新同事{cn}的工位电话{tel}，手机{mob}，有问题先找她",
    "安全提醒：{cn}的电脑在{ip}上被检测到异常登录，已通知{cn}处理",
    "{cn}在吗？常州那个客户的样品寄了没，单号发我",
    "马上到了，{cn}在楼下等你，车牌{plate}，黑色",
    "找一下{cn}，她在林业局那个项目组，电话{tel}",
    "{cn}刚发来一个地址：{addr}，让我们周末送过去",
    "我手机号换了，新号{mob}，旧号{mob}停用了，会员资料帮我改一下",
    "座机{tel}没人接的话打{tel}，那是我们仓库",
    "这是我的邮箱{mail}，备用的是{mail}，两个都能收",
    "送货地址写{addr}，电话留{mob}，白天家里有人",
    "{ip}和{ip}是我们公司的出口IP，麻烦加个白名单",
    "护照{pp}到期了，新护照号{pp}，帮我更新一下会员资料",
    "车牌{plate}是我的，{plate}是我老公的，都登记一下月卡",
    "身份证{id}，银行卡{card}，实名信息就这些，麻烦快点审核",
    "发票寄到我单位：{addr}，座机{tel}，前台代收",
    "快递员把我的件送到{addr}去了，我住的是{addr}啊",
    "帮我查下{mob}这个号下面的订单，机主是我本人",
    "我的身份证是{id}然后银行卡是{card}你们看看为什么绑不上啊急死了",
    "邮箱{mail}收不到验证码，换成{mail}试试，手机{mob}也行",
    "出差住的酒店在{addr}，房间电话{tel}，有事打这个",
    "护照号{pp}，签发地上海，有效期到{date}，我要办加急签证",
    "机票订单{ord}的证件号填错了，应该是{pp}不是{pp}",
    "我的护照{pp}落在你们酒店保险柜里了，退房忘拿，{date}退的房",
    "境外刷卡失败：卡{card}，当地时间{time}，商户在东京，护照{pp}",
    "宽带报修：账号绑定手机{mob}，光猫地址{ip}，家里地址{addr}",
    "路由器分配的地址是{ip}，但是你们app显示我在{ip}登录，这不是我家的",
    "收货电话填的座机{tel}，快递说打不通，改成{mob}",
    "停车场监控：{time} {plate} 进，{time} {plate} 出，中间那台车是{plate}",
    "ETC办理：车牌{plate}，车主身份证{id}，扣款卡{card}",
    "我的邮箱从{mail}改成{mail}了，之前的订单通知都发到旧邮箱了",
    "证件照片上传失败，手动填一下：{id}，有效期到{date}",
    "紧急！卡{card}被锁了，我在{addr}附近的网点，能去柜台办吗",
    "——\n{cn}\n{addr}\n电话 {tel}｜邮箱 {mail}",
    "我那个护照号是{pp}然后出发日期是{date}你帮我看看还能不能订",
    "你们那个师傅能不能打我座机{tel}我手机{mob}没电了",
    "同一个IP {ip} 下注册了好几个账号领券{coupon}，是不是有人薅羊毛",
    "寄到香港的件，收件地址写英文的：{eaddr}，电话{mob}",
    "车管所说我的车{plate}有违章，可那天车在{addr}停着没动",
    "银行卡号{card}，身份证号{id}，手机号{mob}，三个都对，为什么还是验证失败",
]
ZH_NEG = [  # no PII at all: hard negatives and surname-initial words only
    "订单{ord}什么时候发货？都{date}了还没动静",
    "请问{model}现在多少钱？我看活动价{price}，能用券{coupon}吗",
    "快递单号{trk}，显示已签收但我没收到，麻烦查一下",
    "我要买{model}，数量{qty}，企业采购，统一社会信用代码{ucc}，能开专票吗",
    "你们的客服热线{hot}一直占线，周末有人吗",
    "验证码{vcode}是什么意思？我没申请过啊",
    "高兴得太早了，{model}到手才发现是翻新机，金额{price}都付了",
    "方便的话{date}{time}之前发货，谢谢",
    "黄金首饰能退吗？{date}买的，单号{ord}",
    "{sku}这个编码的白色还有货吗？要{qty}",
    "李子和叶子图案的那款茶具什么时候补货？上次{price}买的",
    "成都仓发货还是常州仓发货？{trk}这个单好像绕路了",
    "这个身份证号{badid}系统提示格式错误，是不是你们系统问题",
    "卡号{badcard}提示无效，我确认是从卡背面抄下来的",
    "王府井那家店周末几点关门？我想去看看{model}",
    "安全起见我不发身份证了，订单号{ord}够不够",
    "林业局团购{qty}，预算{price}，能不能走对公",
    "高铁上丢了个文件袋，里面有发票，单号{ord}，{date}{time}的车",
    "马上要过期的金卡积分能换什么？{hot}说看App",
    "江苏地区{date}之后还能包邮吗？我买{qty}",
    "周末去张家口滑雪，{model}防水吗？价格{price}贵了点",
    "石头纹的和白色的哪个好看？都是{price}吗",
    "陈列的样机{model}卖不卖？打个折{price}就要了",
    "黄金周{date}到{date}，物流会不会延迟？{trk}",
    "优惠码{coupon}用不了，提示已过期，订单{ord}",
    "商品编码{sku}和{sku}是同一款吗？",
    "身份证号我记得是{badid}啊，你们说不对？",
    "这张卡{badcard}刷不了，是不是磁条坏了",
]
ZH_MIXED = [
    "那个外国客户{fo}又来问了，说订单{ord}的发票抬头写错了",
    "帮我翻译一下给{fo}的邮件，就说{model}要延迟到{date}发货",
    "{py}是她的护照名，护照号{pp}，订票用这个",
    "今天接待的韩国游客{fo}买了{qty}面膜，要退税，护照{pp}",
    "{py}是我们新来的同事，中文名{cn}，以后英文邮件找他",
    "Hi 你好，我是{fo}的助理，he wants to change the delivery address to {addr}",
    "麻烦check一下{trk}，the receiver is {fo}，phone {mob}",
    "Order {ord}的invoice请发到{mail}，thanks！—{py}",
    "{cn} said 你们的{model} is out of stock，能不能调货？我的email是{mail}",
    "帮我问问{fo}，她的签证是不是{date}到期，passport {pp}",
    "老板让{py}和{cn}一起对接这个海外订单，预算{price}",
    "明天的meeting {cn}和{fo}都参加，会议室电话{tel}",
]

# --------------------------------------------------------------------------
# English templates (own sentence shapes, not translations of the above)
# --------------------------------------------------------------------------

EN_MAIL = [
    "Hi team,\n\nI ordered a {model} on {date} (order {ord}) and it arrived with a cracked screen. Could you arrange a replacement? My number is {mob}.\n\nBest regards,\n{fo}",
    "Dear Sir/Madam,\n\nI am writing on behalf of my colleague {fo}, who cannot get through to {hot}. Please send the invoice to {mail}.\n\nKind regards,\n{fo}",
    "Could you ask {fo} about it? The refund for {ord} went through that desk last week.\n\nThanks,\n{fn}",
    "Happy to send more photos if needed.\n\nThanks,\n{fn#a}\n\n{fo#a} | Purchasing, Mumbai\n{mail}",
    "cc: {fo}; {fo}; {py}\nSubject: Damaged parcel {trk}",
    "Dear Customer Service,\n\nMy Visa card was charged twice ({price}). The full number is {card}. I live at {eaddr}.\n\nSincerely,\n{fo}",
    "Gentle reminder: order {ord} ({qty}) has not shipped yet.\n\nWarm regards,\n{fo}",
    "Hello,\n\nPer my call with {fo} on {date}, you promised a full refund of {price}. Nothing has arrived.\n\n— {fo}",
    "Regards,\n{fo}\nProcurement, Lagos office\nTel {tel}",
    "Hi {fn},\n\nFollowing up on ticket {ord}: {fo} from your Dubai branch said the part ships {date}.\n\nCheers,\n{fo}",
    "Good morning! {fo} here. We loved the {model}, but the charger has the wrong plug for Hanoi. Tracking {trk}.",
    "Sorry for the late reply! {fo} told me you need my ID for the customs form; it's {id}.",
    "Forwarding this to {fo}, who handles the Visa disputes (direct line {tel}). Original receipt attached, {price}.",
    "To whom it may concern, I stayed at your Shanghai Road hotel on {date}. Staff member {fo} kept my passport ({pp}) overnight without asking. Regards, {py}",
    "Thanks a lot, {fn}! The replacement {model} works perfectly.",
    "Hello from Madrid. Please change the delivery to {eaddr}. {fo} will sign for it.\nBest, {fn}",
]
EN_CHAT = [
    "Ask {fo} about it; the warehouse in Shanghai is their patch.",
    "Please refund the {price} to my cousin's card {card}; the account holder is {fo}.",
    "Booking request: two rooms from {date} to {date}, guests {fo} and {fo}, passports {pp} and {pp}. Arriving around {time}.",
    "Flight change for passenger {py}, passport {pp}, ticket {ord}. New date {date}.",
    "I'm {fo}, I bought Nike Air shoes on Prime Day ({qty}) and one pair is the wrong size.",
    "Hey, it's {fn} from the Apple Store on Shanghai Road — your {model} is ready for pickup, ref {ord}.",
    "Please ship to: {fo}, {eaddr}, phone {mob}",
    "Our IT admin {fo} says the login from {ip} wasn't us. Can you lock the account?",
    "My name is {fo} and my passport number is {pp}. I need an invoice for {price}.",
    "{py} and {py} from the Beijing office will attend; please send the badges to {mail}.",
    "Hi {fn}, your verification code is {vcode}. Do not share it with anyone.",
    "The courier, {fo}, left the box at the wrong door. Tracking {trk}.",
    "5 stars. {fo} at the front desk was super helpful and even upgraded our Gold Card room.",
    "Name: {fo}\nEmail: {mail}\nPhone: {tel}\nIssue: invoice for company {ucc} is missing",
    "Insurance claim: policy {ord}, insured person {py}, payout account {card} (Bank of China).",
    "{py} here, the one who called about the {model} refund. Any news?",
    "Could {fo} call me back at {mob}? I was promised an update by {time}.",
    "Car rental: plate {plate}, driver {py}, pickup at Hongqiao on {date}.",
    "I emailed {fo} twice at {mail} and got no answer.",
    "My flatmate {fo} will collect the parcel for me; her phone is {mob}.",
    "Send the replacement to my office, {eaddr}. Attn: {fo}",
    "Server {ip} keeps getting blocked by your checkout page; our admin {fo} can share the logs.",
    "We met {fo} and {fo} at your Prime Day booth and they said coupon {coupon} works until {date}.",
    "Is it {py#a} or {pyalt#a}? The hotel has my name wrong, booking {ord}.",
    "Quick one: does {fo} still work in after-sales? I only have an old number, {tel}.",
    "Our visitor {fo} lost a wallet in your store; the Mastercard inside was {card}.",
    "Log excerpt: {date} {time} user {mail} signed in from {ip}, then from {ip}.",
    "Yes, {py} is my wife, she can pick up the {model} with her ID {id}.",
    "Thank you {fo} for fixing the fridge so quickly! Invoice to {mail}, please.",
    "Hotel folio for {fo} (room 1208), {date}: minibar {price}, paid with Visa.",
    "New phone: {mob}. The old one, {mob}, no longer works.",
    "Billing address {eaddr}; shipping address {eaddr}, please don't mix them up again.",
    "Whitelist these please: {ip}, {ip}. Both are our Frankfurt servers.",
    "For the refund: my Chinese ID is {id} and the UnionPay card is {card}.",
    "Passport renewed — old {pp}, new {pp}. Please update my profile ({mail}).",
    "The driver called from {tel}; car {plate} is waiting outside gate 3.",
    "Reach me on {mob} or at the office line {tel} after {time}.",
    "Passport {pp} expires on {date}; can I still travel with booking {ord}?",
    "Connections from {ip} and {ip} were flagged; neither is my home network.",
    "Please call the hotel landline {tel} rather than my mobile {mob}.",
    "The shipping label shows {eaddr}, but I moved to {eaddr} in March.",
    "The car is {plate}, a white Tesla; parking ticket {ord}.",
]
EN_NEG = [
    "Is the {model} compatible with the {model}? I need {qty}.",
    "Order {ord} still says processing, and it's been like that since {date}.",
    "Tracking {trk} hasn't updated in a week. Can you chase the courier?",
    "Does coupon {coupon} stack with the Prime Day discount? Cart total is {price}.",
    "Your hotline {hot} hangs up after the menu. Is there a chat option?",
    "Card {badcard} gets rejected at checkout as an invalid number. Typo on my side?",
    "The ID {badid} I typed came back invalid — what format do you expect?",
    "Is the Apple Store on Shanghai Road open on Black Friday? Looking for a {model}.",
    "Please quote {qty} of item {sku}, delivery to Beijing before {date}.",
    "Promo code {coupon} says expired, but the banner says valid until {date}.",
    "Is item {sku} the same as {sku} in a different colour?",
    "Paid by Visa, {price}, order {ord}. Invoice please, company code {ucc}.",
]

ZH = ZH_FORMS + ZH_COMPLAINTS + ZH_GROUPCHAT + ZH_VOICE + ZH_REVIEWS + ZH_BANK + ZH_BOOKING + ZH_REFUND + ZH_TALK + ZH_NEG


def english(template: str) -> str:
    """Use the English-formatted variants of the slots that have one."""
    return re.sub(r"\{(price|date|time|tel|mob|qty)(#\w+)?\}", lambda m: "{e" + m.group(1) + (m.group(2) or "") + "}", template)


EN = [english(t) for t in EN_MAIL + EN_CHAT + EN_NEG] + ZH_MIXED


# --------------------------------------------------------------------------
# Build, check, report
# --------------------------------------------------------------------------

LANG_OF: dict[str, str] = {}  # text -> template language, for the report only


def build() -> list[Row]:
    """400 rows: Chinese templates first, then English/mixed ones, shuffled together."""
    rng = random.Random(SEED)
    rows: list[Row] = []
    seen: set[str] = set()
    for pool, n in ((ZH, N_ZH), (EN, N_EN)):
        order: list[str] = []
        while len(order) < n:  # every template once before any is used again
            batch = list(pool)
            rng.shuffle(batch)
            order += batch
        for template in order[:n]:
            row = render(template, rng)
            while row["text"] in seen:
                row = render(template, rng)
            seen.add(row["text"])
            LANG_OF[row["text"]] = "zh" if pool is ZH else "en/mixed"
            rows.append(row)
    rng.shuffle(rows)
    return rows


def digits_of(value: str) -> str:
    return "".join(c for c in value.translate(str.maketrans("０１２３４５６７８９", "0123456789")) if c.isdigit())


def check(row: Row) -> None:
    """Re-verify every span against its value and its checksum rules."""
    text = row["text"]
    spans = sorted(row["pii"] + row["non_pii"], key=lambda s: s["start"])
    for a, b in pairwise(spans):
        assert a["end"] <= b["start"], (text, a, b)
    for span in spans:
        value = text[span["start"]:span["end"]]
        assert value and value == value.strip(), (text, span)
        kind, d = span["type"], digits_of(value)
        if kind == "id_number":
            assert id_valid(value), value
        elif kind == "bank_card":
            assert luhn_ok(d) and 16 <= len(d) <= 19, value
        elif kind == "mobile":
            assert mobile_like(d[-11:]), value
        elif kind == "bad_id_number":
            assert len(value) == 18 and not id_valid(value), value
        elif kind == "bad_card":
            assert 16 <= len(d) <= 19 and not luhn_ok(d), value
    for span in row["non_pii"]:
        assert harmless(text[span["start"]:span["end"]]), (text, span)


def cued(text: str, start: int, cues: tuple[str, ...]) -> bool:
    before = text[:start].rstrip(" :：\t").lower()
    return before.endswith(cues)


def report(rows: list[Row]) -> None:
    pii = Counter(s["type"] for r in rows for s in r["pii"])
    non = Counter(s["type"] for r in rows for s in r["non_pii"])
    total = sum(pii.values())
    print(f"lines: {len(rows)}")
    print("pii spans:", total)
    for k, v in pii.most_common():
        print(f"  {k:15s} {v:4d}  {v / total:5.1%}")
    print("non_pii spans:", sum(non.values()))
    for k, v in non.most_common():
        print(f"  {k:17s} {v:4d}")
    zh_names = [(r["text"], s) for r in rows for s in r["pii"]
                if s["type"] == "person" and re.search(r"[\u4e00-\u9fff]", r["text"][s["start"]:s["end"]])]
    en_names = [(r["text"], s) for r in rows for s in r["pii"]
                if s["type"] == "person" and not re.search(r"[\u4e00-\u9fff]", r["text"][s["start"]:s["end"]])]
    zh_free = sum(not cued(t, s["start"], ZH_CUES) for t, s in zh_names)
    en_free = sum(not cued(t, s["start"], EN_CUES + ZH_CUES) for t, s in en_names)
    given = {c for t, s in zh_names for c in t[s["start"]:s["end"]] if c in GIVEN_CHARS}
    print(f"chinese names: {len(zh_names)}, without cue: {zh_free} ({zh_free / len(zh_names):.1%})")
    print(f"latin-script names: {len(en_names)}, without cue: {en_free} ({en_free / len(en_names):.1%})")
    print(f"distinct given-name characters used: {len(given)}")
    print(f"lines with no pii: {sum(not r['pii'] for r in rows)}; with non_pii: {sum(bool(r['non_pii']) for r in rows)}")
    print("lines by template language:", dict(Counter(LANG_OF[r["text"]] for r in rows)))


def main() -> None:
    rows = build()
    for row in rows:
        check(row)
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    report(rows)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
