"""Generate ``pii_blind8.jsonl``: the eighth blind held-out PII evaluation set.

Written blind (without looking at the detector or at the other evaluation sets) so
that it measures how a PII detector generalises.  The messages imitate what a
customer-service bot sees in seven industries: a bank, an insurer, a telecom
operator, an airline/hotel, a hospital booking line, an online education
platform and an e-commerce shop.

Each template is a plain string with slots such as ``{cn}``, ``{mob:b}`` or
``{ord}``.  A slot is ``{kind}`` or ``{kind:tag}``; the same kind and tag inside
one template reuse one value, so a message can mention the same person twice.
Every slot kind is either PII (labelled in ``pii``), a hard negative (labelled in
``non_pii``) or plain filler (not labelled).

Standard library only, fixed seed, byte-identical output on every run::

    python evals/safety/make_pii_blind8.py
"""

from __future__ import annotations

import ipaddress
import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import Callable

SEED = 20240808
SOURCE = "blind8"
OUT_PATH = Path(__file__).with_name("pii_blind8.jsonl")
LINES_PER_INDUSTRY = 56
EN_PER_INDUSTRY = 14  # a quarter of the lines are English or mixed zh/en

rng = random.Random(SEED)
LANG = ["zh"]  # language of the line being rendered; picks date, price and time formats

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
TO_ASCII = str.maketrans("０１２３４５６７８９", "0123456789")


# --------------------------------------------------------------------------
# Checksums and validators
# --------------------------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    """GB 11643-1999 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def is_valid_id(value: str) -> bool:
    """True for an 18-character resident ID with a correct check character."""
    s = value.replace(" ", "").translate(TO_ASCII).upper()
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return False
    return id_check_char(s[:17]) == s[17]


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) check over a string of digits."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def luhn_digit(partial: str) -> str:
    """The digit that makes ``partial + digit`` pass Luhn."""
    for d in "0123456789":
        if luhn_ok(partial + d):
            return d
    raise AssertionError("unreachable")


def is_valid_card(value: str) -> bool:
    s = re.sub(r"[ \-]", "", value).translate(TO_ASCII)
    return s.isdigit() and 16 <= len(s) <= 19 and luhn_ok(s)


def is_mobile(value: str) -> bool:
    s = re.sub(r"[ \-]", "", value).translate(TO_ASCII)
    s = re.sub(r"^(\+86|0086)", "", s)
    return bool(re.fullmatch(r"1[3-9]\d{9}", s))


def looks_sensitive(value: str) -> bool:
    """True if a would-be hard negative could pass as a mobile, ID or card."""
    flat = value.translate(TO_ASCII)
    runs = re.findall(r"[0-9Xx]+", flat) + [re.sub(r"[ \-]", "", flat)]
    for run in runs:
        digits = run.upper()
        if re.fullmatch(r"1[3-9]\d{9}", digits):
            return True
        if len(digits) == 18 and is_valid_id(digits):
            return True
        if digits.isdigit() and 16 <= len(digits) <= 19 and luhn_ok(digits):
            return True
    return False


def digits(n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def pick(seq):  # type: ignore[no-untyped-def]
    return seq[rng.randrange(len(seq))]


def redraw(make: Callable[[], str]) -> str:
    """Draw a hard-negative value until it cannot pass as a mobile, ID or card."""
    for _ in range(1000):
        value = make()
        if not looks_sensitive(value):
            return value
    raise AssertionError("could not draw a safe value")


# --------------------------------------------------------------------------
# Person names
# --------------------------------------------------------------------------

# The single-character surnames of the 百家姓, in their traditional order.
BAIJIAXING = (
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
    "戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐"
    "费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄"
    "和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁"
    "杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍"
    "虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚"
    "程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓"
    "牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙"
    "叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴胥能苍双闻"
    "莘党翟谭贡劳逄姬申扶堵冉宰郦雍郤璩桑桂濮牛寿通边扈燕冀郏浦尚农温"
    "别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡"
    "国文寇广禄阙东殴殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾"
    "毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公"
)
# Surnames that read as function words in running text (家, 和, 都 ...): skipped in draws.
AMBIGUOUS_SURNAMES = set("家和从能那后相查都通别充终居步满空养须盖益公乐计经干解应")
RARE_SURNAMES = [ch for ch in BAIJIAXING if ch not in AMBIGUOUS_SURNAMES]
# Frequent modern surnames (a few, like 肖 and 覃, are not in the 百家姓).
COMMON_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
    "肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏"
    "韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
)
COMPOUND_SURNAMES = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 "
    "澹台 端木 呼延 轩辕 独孤 南宫 万俟 闻人 钟离 百里 东郭 西门 申屠 淳于 "
    "赫连 濮阳 左丘 第五 拓跋 司空 太史"
).split()

# Characters that look wrong in a modern given name (filtered out below).
ODD_GIVEN = set("甲乙丙丁戊己庚辛壬癸巽坎离艮兑震让复务函回多大夫尔工巨声塘堂基孑中"
                "叙厚同向含呈品唯善圆坦席常幸广庭延弈征律宪尊小少展力功加印友可先"
                "仲季伯叔乾寿禄福兢")
# Characters for given names, written for this set (deduplicated below).
GIVEN_CHARS = "".join(ch for ch in dict.fromkeys(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬鹏"
    "辉斌宇浩凯健俊帆帅旭宁龙林欣晨瑞博文轩怡涵梓睿萱诺彤雨思琪佳梦瑶嘉"
    "雪婷晓峰海波志建国永庆卫东春梅秋菊冬夏晴朗月星辰阳光亮君倩颖慧琳莉"
    "蕾薇菲蓉琴瑾璐璇珊珍琼瑛丹青翠虹霖露霏岚云锦绣雯雅妍婉娴淑贞洁莹"
    "茜芸芷兰蕙菁苗蓓蕊荷莲桐楠柏松杉枫槐竹梧榕森彦昊晟昕昭晖曦暄睿哲"
    "诚毅恒弘宏鸿泓浩瀚涵淼沐泽洪润清源溪渊澜洁冰凌凡一乐天元心安然若"
    "语语诗书画琦琛瑜璟珂玮琰瑄瀚铭锐钧鑫铎锋镇钦锡钰铮磊砚岩峻嵩岳崇"
    "山川江河湖海洲舟帆航远志达通顺利康泰福禄寿喜庆祥瑞吉昌盛兴旺茂荣"
    "华耀辉炜烨煜炎焱灿烁焕熙燊德仁义礼智信忠孝廉勤俭恭谦让良善美秀丽"
    "子孑丰中正平和谐宁静致远学文武斌彪豪杰俊英雄威猛刚毅坚贤圣哲睿思"
    "辰宸逸飞翔鹤鹏鸣凤鸾燕莺鹃雁骏驰骐骁腾跃升晋进迪迅逸遥遐道启韬略"
    "胜捷凯旋冠群超越卓越宇寰坤乾震巽坎离艮兑甲乙丙丁戊己庚辛壬癸仲季"
    "伯叔勋勉劲励佑佐侠俏倩偲傲儒允兆光先克兢冬冉冠凝函力功加务劭勃"
    "卉卓南博卫印厚友双叙可叶同向君启含吟呈咏品哲唯啸善嘉回国圆坦垚培"
    "基堂塘墨壮声复夏多大天夫奇奎奕妙姝娇婧媛嫣孜孟季宏宗宝实宣宪宥容"
    "寅尊小少尔尚展峥崎嵘巍川工巧巨希帆席常幸广庭康延建弈彩彰影征律"
) if ch not in ODD_GIVEN)

CN_NAME_CUES = (
    "我叫", "叫", "姓名", "名字", "名字是", "收件人", "联系人", "客户", "收款人",
    "户名", "持卡人", "申请人", "被保险人", "投保人", "受益人", "报案人", "患者",
    "乘客", "旅客", "住客", "入住人", "学生", "家长", "机主", "户主", "家属",
    "证人", "我是", "本人",
)
EN_NAME_CUES = ("my name is", "name is", "name:", "i'm", "i am", "this is", ":")


def surname() -> str:
    r = rng.random()
    if r < 0.55:
        return pick(COMMON_SURNAMES)
    if r < 0.9:
        return pick(RARE_SURNAMES)
    return pick(COMPOUND_SURNAMES)


def given_name() -> str:
    if rng.random() < 0.35:
        return pick(GIVEN_CHARS)
    first = pick(GIVEN_CHARS)
    second = pick(GIVEN_CHARS)
    if rng.random() < 0.12:
        second = first  # reduplicated names such as 婷婷, 晶晶
    return first + second


def chinese_name() -> str:
    return surname() + given_name()


# English-script names: culture -> (given names, family names, family-name-first?)
CULTURES: dict[str, tuple[list[str], list[str], bool]] = {
    "anglo": ("Tom Sarah Michael Emily James Olivia Daniel Grace Ryan Chloe Ethan Hannah "
              "Liam Megan Owen Zoe Nathan Laura".split(),
              "Becker O'Connor Whitfield Harper Donovan McAllister Brooks Jennings "
              "Caldwell Fairbanks Thornton Abernathy Pemberton Lockhart".split(), False),
    "indian": ("Priya Arjun Ananya Rahul Deepika Vikram Sanjay Kavya Rohan Meera Aditya "
               "Lakshmi Siddharth Pooja".split(),
               "Sharma Mehta Iyer Nair Reddy Patel Gupta Krishnan Banerjee Chatterjee "
               "Venkatesan Desai Pillai".split(), False),
    "arabic": ("Omar Layla Yousef Fatima Khalid Noor Hassan Amira Tariq Salma Karim "
               "Rania".split(),
               "Al-Farsi Haddad Nasser Al-Sayed Mansour Abdullah Khoury Hamdan "
               "El-Masri Qureshi Al-Rashid".split(), False),
    "spanish": ("Carlos Lucía Javier Sofía Alejandro Marta Diego Carmen Pablo Inés "
                "Rodrigo".split(),
                "Fernández Romero Ortega Navarro Gutiérrez Morales Delgado Castillo "
                "Vázquez Herrera".split(), False),
    "portuguese": ("João Beatriz Tiago Ana Rafael Mariana Gonçalo Inês Duarte Leonor".split(),
                   "Silva Oliveira Costa Pereira Ferreira Rodrigues Almeida Carvalho "
                   "Sousa Gonçalves".split(), False),
    "french": ("Élodie Julien Camille Théo Margaux Antoine Léa Baptiste Chloé Mathieu".split(),
               "Martin Lefèvre Dubois Moreau Laurent Girard Rousseau Fontaine Mercier "
               "Chevalier".split(), False),
    "german": ("Lukas Anna Jürgen Katrin Felix Sabine Matthias Lena Stefan Ursula".split(),
               "Müller Schneider Becker Hoffmann Schäfer Wagner Zimmermann Krüger "
               "Hartmann Weiß".split(), False),
    "polish": ("Katarzyna Piotr Agnieszka Tomasz Magdalena Krzysztof Zofia Wojciech".split(),
               "Nowak Wiśniewski Kowalczyk Zieliński Wójcik Kamińska Lewandowski "
               "Szymańska".split(), False),
    "nigerian": ("Chinedu Ngozi Oluwaseun Emeka Funmilayo Chiamaka Tunde Adaeze Ifeanyi "
                 "Yetunde".split(),
                 "Okafor Adeyemi Balogun Nwosu Adebayo Okonkwo Eze Oyelaran Chukwu "
                 "Afolabi".split(), False),
    "ethiopian": ("Abebe Tigist Dawit Meron Selam Yonas Hiwot Bereket Mekdes Tesfaye".split(),
                  "Bekele Haile Tesfaye Alemu Girma Kebede Wolde Tadesse Getachew "
                  "Mengistu".split(), False),
    "japanese": ("Haruto Yui Kenji Aiko Sota Hina Takeshi Yuki Ren Sakura".split(),
                 "Sato Tanaka Watanabe Nakamura Kobayashi Yamamoto Ito Takahashi "
                 "Matsumoto Inoue".split(), False),
    "korean": ("Min-jun Ji-woo Seo-yeon Hyun-woo Ji-hoon Su-bin Do-yoon Ha-eun".split(),
               "Kim Park Lee Choi Jung Kang Yoon Jang".split(), True),
    "vietnamese": ("Van An|Thi Mai|Hoang Nam|Thu Trang|Minh Tuan|Ngoc Lan|Quoc Bao|"
                   "Thanh Huong".split("|"),
                   "Nguyen Tran Le Pham Hoang Phan Vu Dang".split(), True),
    "thai": ("Somchai Nattaporn Kittipong Pimchanok Anan Siriporn Thanawat Kanokwan".split(),
             "Wongsawat Chaiyasit Srisuk Boonmee Rattanakorn Suwannarat Thongdee "
             "Phromsiri".split(), False),
    "russian": ("Dmitri Anastasia Sergei Ekaterina Alexei Olga Mikhail Natalia Ivan "
                "Yulia".split(),
                "Ivanov Petrova Volkov Smirnova Kuznetsov Sokolova Morozov Popova "
                "Lebedev".split(), False),
    "turkish": ("Mehmet Elif Emre Zeynep Burak Ayşe Can Merve Oğuz Selin".split(),
                "Yılmaz Demir Kaya Çelik Şahin Aydın Öztürk Arslan Doğan".split(), False),
}
CULTURE_KEYS = list(CULTURES)

PINYIN_SURNAMES = ("Zhang Wang Li Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu "
                   "Guo He Lin Luo Zheng Liang Xie Song Tang Han Feng Deng Cao Ouyang "
                   "Situ Shangguan").split()
PINYIN_GIVEN = ("Wei Na Jing Xiaoming Yang Min Lei Jun Fang Hao Yuxuan Zihan Haoran "
                "Xinyi Jiahui Mingyu Ruoxi Tianyu Siyu Junjie Yifan Xiaoyu Qian Kai "
                "Zhiwei Lina Wenjing Shuang").split()


def english_name() -> str:
    givens, families, family_first = CULTURES[pick(CULTURE_KEYS)]
    given, family = pick(givens), pick(families)
    r = rng.random()
    if r < 0.1 and not family_first:
        return f"{given[0]}. {family}"  # "P. Sharma"
    if r < 0.18 and not family_first:
        middle = pick("ABCDEFGHJKLMNPRSTW")
        return f"{given} {middle}. {family}"  # "Mary K. Lin" style
    return f"{family} {given}" if family_first else f"{given} {family}"


def english_first_name() -> str:
    givens, _, _ = CULTURES[pick(CULTURE_KEYS)]
    return pick(givens)


def pinyin_name() -> str:
    fam, giv = pick(PINYIN_SURNAMES), pick(PINYIN_GIVEN)
    r = rng.random()
    if r < 0.45:
        return f"{fam} {giv}"
    if r < 0.85:
        return f"{giv} {fam}"
    return f"{fam.upper()} {giv}"


# --------------------------------------------------------------------------
# Other PII values
# --------------------------------------------------------------------------

MOBILE_PREFIXES = ("130 131 132 133 134 135 136 137 138 139 145 147 150 151 152 153 155 "
                   "156 157 158 159 166 172 173 175 176 177 178 180 181 182 183 184 185 "
                   "186 187 188 189 191 193 195 198 199").split()


def mobile() -> str:
    raw = pick(MOBILE_PREFIXES) + digits(8)
    a, b, c = raw[:3], raw[3:7], raw[7:]
    r = rng.random()
    if r < 0.45:
        out = raw
    elif r < 0.6:
        out = f"{a} {b} {c}"
    elif r < 0.72:
        out = f"{a}-{b}-{c}"
    elif r < 0.8:
        out = f"+86 {a} {b} {c}"
    elif r < 0.86:
        out = f"+86{raw}"
    elif r < 0.9:
        out = f"+86-{raw}"
    elif r < 0.93:
        out = f"0086 {raw}"
    else:
        out = raw.translate(FULLWIDTH)  # typed with a Chinese IME in full-width mode
    assert is_mobile(out), out
    return out


AREA_CODES = ("010 021 022 023 020 024 025 027 028 029 0755 0571 0512 0532 0591 0731 "
              "0871 0351 0431 0451 0898 0519 0311 0551 0371 0791").split()


def landline() -> str:
    code = pick(AREA_CODES)
    local = pick("2345678") + digits(7 if len(code) == 3 or rng.random() < 0.7 else 6)
    half = len(local) // 2
    r = rng.random()
    if r < 0.35:
        out = f"{code}-{local}"
    elif r < 0.5:
        out = f"({code}){local[:half]} {local[half:]}"
    elif r < 0.62:
        out = f"{code} {local[:half]} {local[half:]}"
    elif r < 0.74:
        out = f"{code}-{local}转{digits(rng.choice((3, 4)))}"
    elif r < 0.84:
        out = f"+86 {code[1:]} {local[:half]} {local[half:]}"
    elif r < 0.92:
        out = f"+86-{code[1:]}-{local} ext. {digits(3)}"
    else:
        out = f"{code}{local}"
    assert not is_mobile(out), out
    return out


# Real county-level division codes (GB/T 2260) used as ID prefixes.
ID_AREAS = ("110105 110108 120101 130102 130705 140105 150102 210102 220102 230103 "
            "310101 310115 320106 320583 320402 330106 330212 340104 350203 360102 "
            "370102 370212 410105 420106 430104 440106 440305 440604 450103 460106 "
            "500103 510104 510107 520102 530102 610113 620102 630102 640104 650102").split()


def id_first17() -> str:
    year = rng.randint(1948, 2012)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    return f"{pick(ID_AREAS)}{year:04d}{month:02d}{day:02d}{digits(3)}"


def id_number() -> str:
    first = id_first17()
    value = first + id_check_char(first)
    r = rng.random()
    if r < 0.1:
        value = f"{value[:6]} {value[6:14]} {value[14:]}"
    elif r < 0.14 and value.endswith("X"):
        value = value[:-1] + "x"
    elif r < 0.17:
        value = value.translate(FULLWIDTH)
    assert is_valid_id(value), value
    return value


def bad_id_number() -> str:
    first = id_first17()
    good = id_check_char(first)
    value = first + pick([c for c in ID_CHECK if c != good])
    assert not is_valid_id(value) and len(value) == 18
    return value


# (prefix, total length): ICBC, CCB, ABC, CMB, BOC, Visa, Mastercard, UnionPay.
CARD_BINS = (("622202", 19), ("621700", 19), ("622848", 19), ("621226", 19), ("622700", 19),
             ("621483", 16), ("622588", 16), ("621661", 19), ("427020", 16), ("436742", 16),
             ("414709", 16), ("512431", 16), ("558868", 16), ("525998", 16), ("625907", 16),
             ("628888", 16), ("623058", 19))


def card_body() -> str:
    prefix, length = pick(CARD_BINS)
    return prefix + digits(length - len(prefix) - 1)


def group_card(raw: str) -> str:
    r = rng.random()
    if r < 0.55:
        return raw
    sep = " " if r < 0.88 else "-"
    return sep.join(raw[i:i + 4] for i in range(0, len(raw), 4))


def bank_card() -> str:
    body = card_body()
    out = group_card(body + luhn_digit(body))
    assert is_valid_card(out), out
    return out


def bad_card() -> str:
    body = card_body()
    good = luhn_digit(body)
    out = group_card(body + pick([d for d in "0123456789" if d != good]))
    assert not is_valid_card(out), out
    return out


EMAIL_DOMAINS = ("qq.com 163.com 126.com sina.com foxmail.com gmail.com outlook.com "
                 "hotmail.com yahoo.co.jp naver.com mail.ru gmx.de yandex.com icloud.com "
                 "139.com sohu.com aliyun.com hengda-logistics.com.cn nova-edu.cn "
                 "orient-med.org").split()


def email() -> str:
    fam, giv = pick(PINYIN_SURNAMES).lower(), pick(PINYIN_GIVEN).lower()
    r = rng.random()
    if r < 0.2:
        local = pick("123456789") + digits(rng.randint(7, 9))  # QQ number
        return f"{local}@qq.com"
    if r < 0.4:
        local = f"{fam}{giv}{rng.randint(1, 99)}"
    elif r < 0.55:
        local = f"{giv}.{fam}"
    elif r < 0.75:
        givens, families, _ = CULTURES[pick(CULTURE_KEYS)]
        g = re.sub(r"[^a-z]", "", pick(givens).lower().translate(ACCENTS)) or "user"
        f = re.sub(r"[^a-z]", "", pick(families).lower().translate(ACCENTS)) or "mail"
        local = pick([f"{g}.{f}", f"{g[0]}{f}", f"{g}_{f}{rng.randint(1, 9)}", f"{f}.{g[0]}"])
    else:
        local = pick(["sunny", "xiaoyu", "kk", "momo", "lucky", "tiger", "bluesky",
                      "cat_lover", "daydream", "joe"]) + pick(["", "_", "."]) + str(rng.randint(1, 2024))
    return f"{local}@{pick(EMAIL_DOMAINS)}"


ACCENTS = str.maketrans("áéíóúàèçãõâêôüöäßñłśńżźćęąşğıéö",
                        "aeiouaecaoaeouoasnlsnzzceasgieo")

# (province prefix, city, districts); an empty province is a municipality.
CN_PLACES = (
    ("广东省", "深圳市", ("南山区", "福田区", "宝安区", "龙岗区")),
    ("广东省", "广州市", ("天河区", "越秀区", "海珠区", "番禺区")),
    ("江苏省", "常州市", ("天宁区", "钟楼区", "新北区", "武进区")),
    ("江苏省", "南京市", ("鼓楼区", "玄武区", "江宁区")),
    ("浙江省", "杭州市", ("西湖区", "拱墅区", "滨江区", "余杭区")),
    ("四川省", "成都市", ("锦江区", "武侯区", "高新区", "青羊区")),
    ("河北省", "张家口市", ("桥西区", "桥东区", "宣化区")),
    ("湖北省", "武汉市", ("洪山区", "江汉区", "武昌区")),
    ("山东省", "青岛市", ("市南区", "崂山区", "黄岛区")),
    ("福建省", "厦门市", ("思明区", "湖里区", "集美区")),
    ("陕西省", "西安市", ("雁塔区", "碑林区", "未央区")),
    ("", "北京市", ("朝阳区", "海淀区", "东城区", "丰台区")),
    ("", "上海市", ("徐汇区", "浦东新区", "静安区", "闵行区")),
    ("", "重庆市", ("渝中区", "江北区", "沙坪坝区")),
    ("", "天津市", ("和平区", "南开区", "河西区")),
)
ROADS = ("人民路 解放大道 中山北路 科技园南路 长江路 滨河大道 学府路 文化路 建设路 "
         "新华街 和平里东街 延安西路 天府大道 环城北路 青年路 丰收路 望京街 黄河路 "
         "复兴中路 东风路 金融街 迎宾大道").split()
ESTATES = ("阳光花园 锦绣华庭 翠湖苑 金色家园 海棠湾 枫林绿洲 新城国际 幸福里 "
           "御景湾 碧桂园 万科城 绿地中心").split()


def cn_address() -> str:
    prov, city, districts = pick(CN_PLACES)
    district = pick(districts)
    road = pick(ROADS)
    num = f"{rng.randint(1, 999)}号"
    r = rng.random()
    if r < 0.3:
        tail = f"{pick(ESTATES)}{rng.randint(1, 30)}栋{rng.randint(1, 4)}单元{rng.randint(1, 32)}0{rng.randint(1, 6)}室"
    elif r < 0.55:
        tail = f"{rng.randint(1, 28)}楼{rng.randint(1, 28)}0{rng.randint(1, 9)}室"
    elif r < 0.75:
        tail = f"{pick(ESTATES)}{rng.randint(1, 20)}号楼{rng.randint(1, 26)}0{rng.randint(1, 4)}"
    else:
        tail = f"{pick('ABCD')}座{rng.randint(3, 40)}层"
    head = prov + city if rng.random() < 0.8 else city
    return f"{head}{district}{road}{num}{tail}"


# (street, city and postcode) pairs that belong together.
EN_PLACES = (("Maple Avenue", "Springfield, IL 62704"), ("Elm Drive", "Austin, TX 78704"),
             ("Baker Street", "London NW1 6XE"), ("Rue de la Paix", "75002 Paris"),
             ("Hauptstraße", "10115 Berlin"), ("Queensway", "Admiralty, Hong Kong"),
             ("George Street", "Sydney NSW 2000"), ("Calle Mayor", "28013 Madrid"),
             ("Rua Augusta", "1100-053 Lisboa"), ("Ulica Długa", "80-831 Gdańsk"),
             ("Sukhumvit Road", "Bangkok 10110"), ("Orchard Road", "Singapore 238859"),
             ("Nathan Road", "Kowloon, Hong Kong"), ("Bole Road", "Addis Ababa"),
             ("King Street West", "Toronto, ON M5V 2T6"), ("Allen Avenue", "Ikeja, Lagos"))


def en_address() -> str:
    number = rng.randint(1, 2400)
    street, city = pick(EN_PLACES)
    unit = pick(["", f"Apt {rng.randint(1, 30)}{pick('ABCD')}, ", f"Flat {rng.randint(1, 12)}, ",
                 f"Room {rng.randint(2, 40)}0{rng.randint(1, 9)}, ", f"Unit {rng.randint(1, 60)}, "])
    return f"{unit}{number} {street}, {city}"


def passport() -> str:
    r = rng.random()
    if r < 0.45:
        return "E" + digits(8)
    if r < 0.7:
        return "G" + digits(8)
    if r < 0.78:
        return "EA" + digits(7)
    foreign = (
        lambda: pick("KLMNPRSTUZ") + digits(7),                           # India
        lambda: pick(["TK", "TR", "MZ", "TZ"]) + digits(7),               # Japan
        lambda: "M" + digits(8),                                           # Korea
        lambda: "C" + "".join(rng.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(8)),  # Germany
        lambda: digits(2) + pick(["AB", "CK", "FR", "HT"]) + digits(5),  # France
        lambda: pick("56") + digits(8),                                    # USA
    )
    return pick(foreign)()


PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def plate() -> str:
    head = pick(PLATE_PROVINCES) + pick(PLATE_LETTERS[:12])
    dot = pick(["", "", "·", " "])
    if rng.random() < 0.3:  # new-energy: 6 characters after the city letter
        body = pick("DF") + digits(5) if rng.random() < 0.8 else digits(5) + pick("DF")
    else:
        chars = [rng.choice("0123456789") for _ in range(5)]
        for i in rng.sample(range(5), rng.choice((0, 1, 1, 2))):
            chars[i] = pick(PLATE_LETTERS)
        body = "".join(chars)
    return head + dot + body


def ip_address() -> str:
    if rng.random() < 0.18:
        groups = [f"{rng.choice((0x2408, 0x240e, 0x2409, 0x2001)):x}"]
        groups += [f"{rng.randint(0, 0xffff):x}" for _ in range(rng.choice((3, 7)))]
        value = ":".join(groups) + ("::" + f"{rng.randint(1, 0xfff):x}" if len(groups) == 4 else "")
    elif rng.random() < 0.15:
        value = f"192.168.{rng.randint(0, 10)}.{rng.randint(2, 254)}"
    else:
        first = pick((27, 36, 39, 42, 58, 59, 60, 61, 101, 106, 110, 111, 112, 113, 114, 115,
                      116, 117, 119, 120, 121, 122, 123, 124, 125, 171, 175, 180, 182, 183,
                      202, 203, 210, 211, 218, 219, 220, 221, 222, 223))
        value = f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    ipaddress.ip_address(value)
    return value


# --------------------------------------------------------------------------
# Hard negatives (non_pii) and plain filler
# --------------------------------------------------------------------------

def order_no() -> str:
    day = f"2024{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    return redraw(lambda: pick((
        lambda: digits(1).replace("0", "3") + digits(18),            # 19-digit marketplace order
        lambda: "DD" + day + digits(6),
        lambda: digits(12).lstrip("0").rjust(12, "2"),
        lambda: f"{day[2:]}-{digits(15)}",
        lambda: "HB" + day + digits(5),
        lambda: f"{digits(4)} {digits(4)} {digits(4)} {digits(3)}",
        lambda: "No." + day + digits(4),
    ))())


def tracking_no() -> str:
    return redraw(lambda: pick((
        lambda: "SF" + pick("1234") + digits(12),
        lambda: "JDVA" + digits(11),
        lambda: "JD" + digits(13),
        lambda: "YT" + pick("2345789") + digits(12),
        lambda: "75" + digits(12),                                    # ZTO
        lambda: pick(["EA", "EB", "EE", "LK"]) + digits(9) + "CN",    # EMS
        lambda: "43" + digits(11),                                    # Yunda
    ))())


PRODUCT_MODELS = ("iPhone 15 Pro", "iPhone 14 Plus", "RTX 4090", "SM-G9980", "Mate 60 Pro",
                  "Galaxy S24 Ultra", "ThinkPad X1 Carbon Gen 11", "MacBook Air M2",
                  "AirPods Pro 2", "小米14 Ultra", "DJI Mini 4 Pro", "Dyson V12", "Redmi K70",
                  "Kindle Paperwhite 5", "Nike Air Max 270", "Switch OLED", "iPad Air 5",
                  "Pura 70", "Watch GT 4", "OPPO Find X7", "vivo X100", "XPS 13 9340",
                  "WH-1000XM5", "EOS R6 Mark II")


def price() -> str:
    amount = rng.choice((rng.randint(9, 999), rng.randint(1000, 60000)))
    cents = pick(["", "", ".00", f".{rng.randint(10, 99)}"])
    grouped = f"{amount:,}" if rng.random() < 0.5 else str(amount)
    if LANG[0] == "en":
        return pick([f"${rng.randint(5, 900)}.{rng.randint(10, 99)}", f"¥{grouped}{cents}",
                     f"RMB {grouped}{cents}", f"CNY {grouped}", f"USD {rng.randint(20, 3000)}"])
    return pick([f"¥{grouped}{cents}", f"{amount}{cents}元", f"￥{amount}", f"RMB {grouped}{cents}",
                 f"{amount}块", f"{amount}元整"])


MONTHS = "January February March April May June July August September October November December".split()


def date() -> str:
    y, m, d = rng.randint(2023, 2025), rng.randint(1, 12), rng.randint(1, 28)
    if LANG[0] == "en":
        return pick([f"{y}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{y}", f"{MONTHS[m - 1]} {d}, {y}",
                     f"{d} {MONTHS[m - 1][:3]}", f"{MONTHS[m - 1][:3]} {d}"])
    return pick([f"{y}年{m}月{d}日", f"{y}-{m:02d}-{d:02d}", f"{m}月{d}号", f"{y}/{m}/{d}",
                 f"{m}月{d}日", f"{y}.{m}.{d}"])


def amount_of(zh_units: str, en_units: str, low: int = 1, high: int = 12) -> Callable[[], str]:
    """A quantity generator with units that fit the sentence, e.g. 3盒 or 3 pcs."""
    def make() -> str:
        n = rng.randint(low, high)
        if LANG[0] == "en":
            unit = pick(en_units.split())
            return f"x{n}" if unit == "x" else f"{n} {unit}"
        return f"{n}{pick(zh_units.split())}"
    return make


def coupon() -> str:
    chars = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    code = "".join(rng.choice(chars) for _ in range(rng.randint(6, 9)))
    return pick([code, f"SAVE{rng.choice((10, 20, 50))}-{code[:4]}", f"YHQ{code}",
                 f"{code[:4]}-{code[4:]}", f"VIP{rng.randint(2023, 2025)}{code[:3]}"])


def verification_code() -> str:
    return redraw(lambda: digits(rng.choice((4, 6))))


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code() -> str:
    """A unified social credit code with a correct GB 32100-2015 check character."""
    def make() -> str:
        body = pick(["91", "92", "93", "12", "52"]) + pick(ID_AREAS)
        body += "".join(rng.choice(USCC_CHARS) for _ in range(9))
        total = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
        return body + USCC_CHARS[(31 - total % 31) % 31]
    return redraw(make)


HOTLINES = ("95588", "95533", "95599", "95555", "95566", "95511", "95519", "95500", "95518",
            "10086", "10010", "10000", "95539", "95583", "12315", "12306", "95530")


def hotline() -> str:
    if rng.random() < 0.45:
        return pick(HOTLINES)
    head = pick(["400", "800"])
    return redraw(lambda: f"{head}-{digits(3)}-{digits(4)}" if rng.random() < 0.7
                  else f"{head}{digits(7)}")


def clock_time() -> str:
    h, m = rng.randint(7, 22), rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50))
    if LANG[0] == "en":
        return pick([f"{h}:{m:02d}", f"{h % 12 or 12}:{m:02d} {'pm' if h >= 12 else 'am'}",
                     f"{h % 12 or 12}{'pm' if h >= 12 else 'am'}"])
    half = f"下午{h - 12}" if h > 12 else f"上午{h}"
    return pick([f"{h}:{m:02d}", f"{half}点{m}分" if m else f"{half}点", f"{h}点半", f"{h}点"])


def sku() -> str:
    return redraw(lambda: pick([f"{digits(12)}", f"A{digits(4)}-{pick(['BLK', 'WHT', 'RED'])}-{rng.randint(35, 45)}",
                                f"SKU{digits(8)}"]))


def flight_no() -> str:
    return pick(["CA", "MU", "CZ", "HU", "3U", "ZH", "MF", "EK", "SQ", "LH", "TK", "ET"]) + str(rng.randint(101, 8999))


def simple_no(prefixes: tuple[str, ...], n: int) -> Callable[[], str]:
    return lambda: redraw(lambda: pick(prefixes) + digits(n))


BANKS = ("工商银行", "建设银行", "农业银行", "招商银行", "中国银行", "交通银行", "浦发银行", "邮储银行")
HOSPITALS = ("市第一人民医院", "协和医院", "华西医院", "中山大学附属第三医院", "仁济医院",
             "省中医院", "儿童医院", "瑞金医院")
HOTELS = ("锦江之星", "全季酒店", "亚朵酒店", "希尔顿欢朋", "如家精选", "汉庭酒店", "万豪行政公寓")
COURSES = ("初二数学提高班", "少儿编程Scratch", "雅思口语冲刺", "小学英语自然拼读", "高考物理一轮",
           "Python入门", "钢琴启蒙课")
COMPANIES = ("深圳市恒达科技有限公司", "常州金石文具有限公司", "成都安全环保工程有限公司",
             "江苏林业发展集团", "张家口高铁物流有限公司")
# Places and words that start with a surname character but are not names.
CITIES = ("成都", "常州", "张家口", "江苏", "王府井", "高铁站", "石家庄", "周口", "金华", "安庆")


# --------------------------------------------------------------------------
# Slots and rendering
# --------------------------------------------------------------------------

PII, NON, PLAIN = "pii", "non_pii", "plain"

# slot kind -> (label list, span type, value generator)
SLOTS: dict[str, tuple[str, str, Callable[[], str]]] = {
    "cn": (PII, "person", chinese_name),
    "en": (PII, "person", english_name),
    "ef": (PII, "person", english_first_name),
    "py": (PII, "person", pinyin_name),
    "mob": (PII, "mobile", mobile),
    "tel": (PII, "landline", landline),
    "id": (PII, "id_number", id_number),
    "card": (PII, "bank_card", bank_card),
    "mail": (PII, "email", email),
    "addr": (PII, "address", cn_address),
    "eaddr": (PII, "address", en_address),
    "pass": (PII, "passport", passport),
    "plate": (PII, "license_plate", plate),
    "ip": (PII, "ip", ip_address),
    "ord": (NON, "order_no", order_no),
    "trk": (NON, "tracking_no", tracking_no),
    "model": (NON, "product_model", lambda: pick(PRODUCT_MODELS)),
    "price": (NON, "price", price),
    "date": (NON, "date", date),
    "qty": (NON, "quantity", amount_of("件 盒 个 箱 条 双", "pcs items x", 1, 9)),
    "data": (NON, "quantity", amount_of("G GB", "GB", 5, 100)),
    "lessons": (NON, "quantity", amount_of("节课 课时", "lessons sessions", 12, 96)),
    "nights": (NON, "quantity", amount_of("晚", "nights", 1, 9)),
    "rooms": (NON, "quantity", amount_of("间房", "rooms", 2, 8)),
    "grams": (NON, "quantity", amount_of("克", "g", 5, 200)),
    "coupon": (NON, "coupon_code", coupon),
    "vcode": (NON, "verification_code", verification_code),
    "credit": (NON, "credit_code", credit_code),
    "hot": (NON, "hotline", hotline),
    "badid": (NON, "bad_id_number", bad_id_number),
    "badcard": (NON, "bad_card", bad_card),
    "time": (NON, "time", clock_time),
    "sku": (NON, "sku", sku),
    "flight": (NON, "flight_no", flight_no),
    "policy": (NON, "policy_no", simple_no(("P44", "PICC", "AIA-", "ZA"), 12)),
    "claim": (NON, "claim_no", simple_no(("RDAA", "LP", "BA"), 13)),
    "loan": (NON, "application_no", simple_no(("LN", "DK"), 12)),
    "serial": (NON, "serial_no", simple_no(("TX", "", "FT"), 15)),
    "booking": (NON, "booking_no", simple_no(("GH", "YY"), 10)),
    "ticket": (NON, "ticket_no", simple_no(("781-", "999-", "880-"), 10)),
    "sur": (PLAIN, "", surname),
    "bank": (PLAIN, "", lambda: pick(BANKS)),
    "hosp": (PLAIN, "", lambda: pick(HOSPITALS)),
    "hotel": (PLAIN, "", lambda: pick(HOTELS)),
    "course": (PLAIN, "", lambda: pick(COURSES)),
    "company": (PLAIN, "", lambda: pick(COMPANIES)),
    "city": (PLAIN, "", lambda: pick(CITIES)),
    "d4": (PLAIN, "", lambda: digits(4)),
    "rate": (PLAIN, "", lambda: f"{rng.randint(2, 4)}.{rng.randint(10, 95)}%"),
}
SLOT_RE = re.compile(r"\{([a-z0-9]+)(?::([a-z0-9]+))?\}")


def render(template: str) -> tuple[str, list[dict], list[dict], list[tuple[str, int, int]]]:
    """Fill a template; return text, pii spans, non_pii spans and person-slot notes."""
    values: dict[tuple[str, str], str] = {}
    parts: list[str] = []
    pii: list[dict] = []
    non: list[dict] = []
    persons: list[tuple[str, int, int]] = []
    checks: list[tuple[int, int, str]] = []
    pos = last = 0
    for m in SLOT_RE.finditer(template):
        literal = template[last:m.start()]
        parts.append(literal)
        pos += len(literal)
        last = m.end()
        kind = m.group(1)
        label, span_type, make = SLOTS[kind]
        key = (kind, m.group(2) or "")
        if key not in values:
            taken = set(values.values())
            value = make()
            while value in taken:
                value = make()
            values[key] = value
        value = values[key]
        parts.append(value)
        if label == PII:
            pii.append({"type": span_type, "start": pos, "end": pos + len(value)})
            if span_type == "person":
                persons.append((kind, pos, pos + len(value)))
        elif label == NON:
            non.append({"type": span_type, "start": pos, "end": pos + len(value)})
        if label != PLAIN:
            checks.append((pos, pos + len(value), value))
        pos += len(value)
    parts.append(template[last:])
    text = "".join(parts)
    for start, end, value in checks:
        assert text[start:end] == value, (text, start, end, value)
    return text, pii, non, persons


# --------------------------------------------------------------------------
# Templates: industry -> (Chinese templates, English or mixed templates)
# --------------------------------------------------------------------------

BANK_ZH = [
    "我的{bank}借记卡昨天在{city}弄丢了，卡号{card}，麻烦马上帮我挂失，身份证号码{id}，预留手机{mob}",
    "上午给{cn}转了{price}，账号{card}，显示成功了但她说没收到，金额也是对的啊，到底转哪去了？流水号{serial}，我身份证{id}",
    "我真的忍不了了！{date}在你们{city}支行办的房贷，经办的{cn}经理当时拍胸脯说材料齐全，结果今天又打电话说要补一份收入证明文件，"
    "我老婆{cn:b}为这事已经请了三天假跑了四趟，每次都说马上好马上好，你们内部能不能先对好口径再通知客户？？"
    "我手机{mob}，身份证{id}，今天下班前没人联系我，我就打{hot}投诉到{sur}行长那里！",
    "代发工资明细（请{sur}会计核对）\n{cn:a}\t{card:a}\t{price:a}\n{cn:b}\t{card:b}\t{price:b}\n{cn:c}\t{card:c}\t{price:c}\n{cn:d}\t{card:d}\t{price:d}\n经办电话{tel}",
    "个人贷款申请\n申请人：{cn}\n身份证号：{id}\n手机：{mob}\n单位电话：{tel}\n现住址：{addr}\n申请金额：{price}\n申请编号：{loan}",
    "喂你好我帮我妈{cn}问一下她那张卡尾号{d4}的被冻结了她人在{city}不方便过来能不能视频认证我是她儿子{cn:b}电话{mob}她身份证号{id}",
    "{cn}说转给我的钱被退回来了，是不是我给她的卡号{badcard}写错了？我核对了好几遍，正确的应该是{card}吧",
    "请问金卡和白金卡年费分别是多少？APP实名认证输身份证{badid}一直提示有误是什么原因？周末王府井那个网点开门吗，几点到几点",
    "信用卡账单日是{date}，这期应还金额{price}，我{time}就还了，APP怎么还显示逾期？交易流水{serial}",
    "跨行转账查询：收款人{cn}，收款账号{card}，开户行{bank}{city}分行，我这边已经扣款了对方说一直没到账，我的联系电话{tel}",
    "我是{cn}的老公，她在外地出差，手机{mob}收不到验证码，能不能把预留手机号改成我的{mob:b}啊",
    "{cn}、{cn:b}和我三个人合伙开的公司要开对公账户，统一社会信用代码{credit}，是不是每个股东都得到场？注册地址{addr}，我电话{tel}",
    "ATM吞卡了！！！就在{city}高铁站那台机器，卡号{card}，我马上要赶车了怎么办，手机{mob}",
    "之前给我办业务的{cn}说利率是{rate}，结果合同上写的根本不一样，我该找谁？她工号我也不知道，合同{date}签的，寄到了{addr}",
    "帐户被锁了，登录提示异常IP {ip}，我人一直在常州没去过别的地方，安全起见先帮我把网银冻结吧，绑定邮箱{mail}",
    "我和{cn}是夫妻想办共同还款人，她身份证{id}，我的{id:b}，{date}上午去网点方便吗",
    "黄金积存金额怎么算的？我存了{grams}，今天显示的比昨天少了{price}，很不高兴",
]
BANK_EN = [
    "Hi, I lost my debit card ({card}) somewhere near Shanghai Road this morning, please block it asap. Reach me on {mob}, passport {pass} if you need ID. Thanks, {ef}",
    "I wired {price} to {en} on {date}, ref {serial}, and it's still not recieved on her side. Her account no. is {card}. My registered email is {mail}. pls check",
    "Please update my contact details: email {mail}, mobile {mob}, mailing address {eaddr}. Card ending {d4}.",
    "ask {en} about my loan application {loan}, she handled it last week and said it was fine. my number is {mob} or email {mail}",
    "你好 my Visa {card} 在 Apple Store 刷不了，一直 declined，我叫 {py}，passport {pass}，can you help?",
    "Does the Prime Day cashback apply to Visa Platinum cards? Your hotline {hot} keeps saying all agents are busy.",
    "The transfer to {en} failed twice - maybe the card number is wrong? I typed {badcard}. Call me at {tel}, thx. {en:b}",
]

INSURE_ZH = [
    "报案！我朋友{cn}昨天在{city}骑电动车被一辆白色小车撞了，车牌{plate}，司机叫{cn:b}，当时路边卖李子的{cn:c}看到了全过程，愿意作证，事发地在{addr}门口，我电话{mob}",
    "理赔进度帮我查下，保单号{policy}，被保险人{cn}，身份证{id}，出险时间{date}，在{hosp}住的院，{cn:b}医生开的诊断证明已经上传了，结果请发邮箱{mail}",
    "你们这理赔也太磨叽了吧！我{date}就把全部材料交给{cn}了，她说五个工作日，现在一个多月了，打{hot}永远是坐席忙，"
    "我父亲{cn:b}的医药费{price}都是我垫的，不是小数目啊，再拖下去我就去监管投诉，电话{mob}，家里地址{addr}，你们自己看着办",
    "目击证人：\n1. {cn}，{mob}\n2. {cn:b}，{mob:b}\n3. {cn:c}（{sur}师傅店里的伙计），{tel}\n报案号{claim}",
    "车险报案单\n报案人：{cn}\n联系电话：{mob}\n本车车牌：{plate}\n三者车牌：{plate:b}\n出险地点：{addr}\n报案号：{claim}",
    "你好我要报案我的车周末停在小区门口被楼上掉下来的石头砸了车牌{plate}车主是我爸{cn}我是{cn:b}手机{mob}",
    "给我老婆{cn}加一份意外险，身份证{id}，受益人写我，我叫{cn:b}，身份证{id:b}",
    "保单上被保险人的身份证号{badid}好像最后一位录错了，要怎么改？保单号{policy}",
    "请问重疾险等待期多久？{date}之前投保还能赶上老版本吗？金额最低多少起",
    "楼上邻居{cn}家水管爆了，把我家{addr}的木地板全泡了，他家买了家财险，我能直接找你们赔吗，我电话{tel}",
    "医院那边{cn}主任说需要你们公司盖章的文件，传真号{tel}，麻烦{sur}经理跟进一下",
    "出事的是我同事{cn}，他跟{cn:b}一起去{city}出差路上出的车祸，他身份证{id}，两个人现在都在{hosp}，肇事车辆{plate}，我先帮他们报个案",
    "请把理赔款打到{cn}的卡上，卡号{card}，开户行{bank}，她是被保险人的女儿",
    "我要投诉你们业务员{cn}！当初卖保险的时候说什么都能赔，现在出事了电话{mob}不接微信也拉黑，保单{policy}，这就是你们的服务？",
    "车停在林业局门口被剐了，我的车{plate:b}，对方车牌{plate}，司机{cn}态度还挺好的，说走保险，我要准备哪些文件",
]
INSURE_EN = [
    "Claim {claim}: the insured, {en}, was hit by a car (plate {plate}) on {date}. Witness: {en:b}, phone {mob}. Dr. {en:c} at the clinic signed the report. Insured's email: {mail}",
    "Hello, I'm writing for my mother {en}. Her travel policy is {policy}; she fell in Lisbon (passport {pass}) and was treated by Dr. {en:b}. Please send the forms to {mail}. Regards, {en:c}",
    "my car got hit in the parking lot outside the Apple Store, the other driver {py} gave me his number {mob} and plate {plate}, policy {policy}",
    "How long does a claim usually take? Submitted on {date}, claim {claim}, amount {price}.",
    "Could {en} and {en:b} both be listed as beneficiaries? The policy holder is me, passport {pass}. Address for the documents: {eaddr}",
    "理赔的事情麻烦跟 {en} 确认一下，she was driving my car that day，车牌{plate}，她的电话{mob}",
]

TELECOM_ZH = [
    "补卡：机主是我爸{cn}，他住院了来不了营业厅，我是他女儿{cn:b}，号码{mob}，他身份证{id}，能代办吗，要带哪些文件",
    "携号转网，号码{mob}，机主{cn}，身份证{id}，携转授权码{vcode}，麻烦尽快办理",
    "{mob}这个号是我们公司{cn}在用，户主是公司，统一社会信用代码{credit}，现在他离职了要过户给{cn:b}，新机主身份证{id}",
    "我要投诉你们{city}营业厅的{cn}！我去办宽带，她给我推荐了一个{price}的套餐说是最便宜的，回家一看合同根本不是我要的那个，"
    "每个月多扣好几十，打{hot}说让我回营业厅，营业厅又说让我打{hot:b}，踢皮球呢？？装机地址{addr}，登记电话{mob}",
    "[营业厅工作群]\n{cn}：上午来补卡的大爷，号码{mob}，身份证{id}，已经办好了，联系地址{addr}\n{cn:b}：好的我登记一下\n{cn}：他女儿{cn:c}下午过来取卡，记得核对证件",
    "我手机号{mob}被人盗用了一直在往外发短信我登APP看到登录IP是{ip}根本不是我我人在常州你们赶紧给我停机",
    "流量包是不是周末不限量？套餐说明写的是{data}，我这个月已经用超了",
    "帮我查下{mob}登记的是不是我名下，我是{cn}，最近总有人用{tel}打过来说我欠费要停机",
    "给我和{cn}办的亲情号，副卡{mob}一直没生效，主卡{mob:b}，业务单号{ord}",
    "家里宽带老掉线，光猫后台看到有个陌生设备{ip}连着，是不是被蹭网了，安全吗？",
    "你们{hot}人工服务怎么转？按了半天都是语音，我就想问下金卡会员有没有免费的换机券{coupon}",
    "号码{mob}的实名是我妈{cn}，但一直是我在用，能改成我的名字吗？{cn:b}，身份证{id}（上次营业厅登记成了{badid}）",
    "{cn}（{mob}）、{cn:b}（{mob:b}）、{cn:c}三个号码都挂在我的家庭套餐下面，每个月的纸质账单寄到{addr}就行",
    "在{city}出差手机突然没信号了，补卡能在外地办吗？号码{mob}，身份证{id}，{cn}让我直接找你们",
    "营业厅陈列的那台{model}是真机吗？合约机{price}，送{data}流量，跟{cn}说好了周末去拿",
]
TELECOM_EN = [
    "Port-in request: number {mob}, account holder {en}, but the phone is actually used by her son {en:b}. Porting code {vcode}. Contact email {mail}.",
    "Hi, my SIM stopped working after I flew in from Dubai. Number is {mob}, passport {pass}. Can I get a replacement at the Shanghai Road store? - {ef}",
    "Someone logged into my account from {ip} and {ip:b}, neither of them is me. Please lock everything tied to {mail}.",
    "What does the Global Roaming pack cost for Beijing and Shanghai numbers? I saw {price} on the website.",
    "the bill for {mob} should go to {en} at {eaddr}, not me. send the invoice to {mail} pls",
    "副卡 {mob} 是给 {en} 用的，she's my exchange student，can the SIM be registered with her passport {pass}?",
]

TRAVEL_ZH = [
    "帮我订{date}的{flight}，乘客：{cn}，证件{id}；{cn:b}，证件{id:b}；{cn:c}（儿童）。联系电话{mob}",
    "我和{cn}、{cn:b}三个人住{hotel}，订单号{ord}，能不能把{cn:b}的房间换到同一层，车牌{plate}要停车，她腿脚不方便，我手机{mob}",
    "你们酒店前台的{cn}态度也太差了！！我们一家{date}晚上十一点才到，预订明明是两间房，她说只剩一间让我们自己想办法，"
    "孩子都睡着了抱在手上，打{hot}客服说是酒店的问题，酒店说是平台的问题，订单{ord}，差价{price}必须退给我，手机{mob}",
    "旅客名单\n{cn}\t{pass}\n{cn:b}\t{pass:b}\n{en}\t{pass:c}\n{cn:c}\t{pass:d}\n联系电话{mob}",
    "国际航班值机时系统说护照{pass}信息不匹配，我护照上是{py}，订票的时候是不是把拼音顺序写反了",
    "喂你好我帮领导{cn}改一下机票原来是{date}的改到后天同行的还有{cn:b}他们俩都要靠窗的位置然后行李帮忙加购一件领导身份证{id}他手机{mob}",
    "{flight}延误了四个多小时，延误险怎么申请？票号{ticket}，转的高铁也来不及了",
    "周末去成都出差，住的酒店能开专票吗？公司统一社会信用代码{credit}，一共{rooms}",
    "麻烦查下{cn}住哪个房间，我是她同事{cn:b}，她电话{mob}一直打不通，我电话{tel}",
    "入住登记：房号1208，住客{cn}，同住人{cn:b}，车牌{plate}需要登记免费停车，住客电话{mob}",
    "我妈{cn}第一次坐飞机，{date}的{flight}，能申请轮椅服务吗？我电话{mob}，她电话{mob:b}",
    "{cn}和{cn:b}的机票是用我的卡{card}付的，现在要退票，退款会原路退回吗，我身份证{id}",
    "酒店发票抬头写{company}，寄给{cn}，地址{addr}，电话{tel}",
    "把{cn}从这张订单{ord}里删掉，他不去了，剩下我和{cn:b}两个人，房型不变，差价退到{card}",
    "房间窗外全是叶子堵着排水槽，一下雨就漏，住了{nights}，让{cn}经理给个说法，我电话{mob}",
]
TRAVEL_EN = [
    "Booking {ord}: passengers {en}, {en:b} and {en:c}. the second one needs a vegetarian meal. Contact email {mail}.",
    "Hi there, I stayed at your property near Shanghai Road from {date} to {date:b} and the room charge of {price} was billed twice to my Visa {card}. "
    "Guest name on the booking: {en}, billing address {eaddr}. Cheers, {ef}",
    "Please correct the passenger name from {py} to {py:b}, passport {pass}, flight {flight}. Contact: {mail}",
    "We are a group of three ({en}, {en:b} and {en:c}). Email {mail} is the best way to reach me. Any chance of adjoining rooms? Call me on {mob}.",
    "Is breakfast included for Prime members? Booking {ord}, check-in {date} around {time}.",
    "Guest: {en}\nCompanion: {en:b}\nRoom: 1208\nPhone: {mob}\nCar plate: {plate}",
]

HOSPITAL_ZH = [
    "帮我妈{cn}挂{date}上午{cn:b}主任的号，她身份证{id}，我是家属{cn:c}，电话{mob}",
    "{cn}医生这周还出诊吗？上次{cn:b}护士说周末可以来复查，我手机{mob}",
    "预约挂号\n患者姓名：{cn}\n身份证号：{id}\n联系电话：{mob}\n预约科室：骨科\n预约医生：{cn:b}\n预约时间：{date} {time}",
    "我想投诉一下你们医院的预约系统，{date}我给我爷爷{cn}约了号，系统显示预约成功，结果到了医院说没有记录，我们是从张家口坐高铁专门过来的，"
    "老人家八十多岁了在大厅等了三个小时，最后还是{cn:b}医生看他可怜给加了个号，这种事你们不觉得离谱吗？爷爷身份证{id}，挂号单号{booking}，我电话{mob}",
    "你好我想问一下{cn}大夫明天上午还有没有号我带我儿子{cn:b}看牙他要上学只有周末方便电话{tel}",
    "体检报告能邮寄到{addr}吗，收件人{cn}，电话{mob}",
    "陪诊的{cn}和{cn:b}都是我家亲戚，住院部探视需要登记身份证吗，他们的车{plate}能停进去吗",
    "挂号费是{price}吗？医保卡能用吗？{hosp}的停车场在哪个门",
    "专家号是{time}放号吗，我想挂{date}{hosp}的号，需要提前几天？",
    "我爸{cn}下周三做手术，主刀是{cn:b}主任，家属要签字，我和我姐{cn:c}谁去都行吗，我电话{mob}，同意书扫描件发我邮箱{mail}",
    "麻烦让{cn}护士长给我回个电话{tel}，我母亲在{hosp}住院的费用清单有问题",
    "给孩子约疫苗，孩子{cn}，家长{cn:b}，手机{mob}，住址{addr}",
    "{cn}上次的检查单子找不到了，能不能重新打印？就诊日期{date}，他身份证{id}",
    "{sur}医生说让我找{cn}登记，她是哪个科室的？电话一直打不通，我手机{mob}",
    "候诊区钟表停了好几天了也没人修，叫号屏也不显示，我排在{cn}后面等了一上午",
]
HOSPITAL_EN = [
    "I'd like to book an appointment with Dr. {en} for my father, {en:b}, on {date}. He only speaks Mandarin, so his caregiver {py} will come with him. We live at {addr}. Phone {mob}.",
    "Hi, this is {en}. I need to reschedule my son's check-up ({booking}) with Dr. {en:b}; we can't make it on {date}. My number is {mob}. Thanks",
    "Could you email {ef}'s lab results to {mail}? I'm the emergency contact on file, passport {pass}. {en}",
    "Does the international clinic take Visa? And is there parking near Shanghai Road in Beijing? Visit on {date} at {time}.",
    "please ask nurse {en} to call me back at {tel}, it's about my mother {en:b}",
    "预约 Dr. {en} 的号，patient 是我朋友 {en:b}，她只会说英语，电话{mob}",
]

EDU_ZH = [
    "我是{cn}的家长，孩子报的{course}，现在是{cn:b}老师在带，想问下能不能换到周末的班，我手机{mob}",
    "退费申请：学生{cn}，家长{cn:b}，手机{mob}，订单号{ord}，退款金额{price}，退到原来付款的卡{card}",
    "你们这个网课平台真的太坑了，我儿子{cn}报的{course}，{cn:b}老师上了两节就换人了，换了个{cn:c}老师口音特别重孩子完全听不懂，"
    "我找班主任{sur}老师反映了三次都没用，课时费{price}一分没少收，今天必须给我个说法，不然我就打{hot}，我电话{mob}，邮箱{mail}",
    "三年级二班直播课名单：{cn}、{cn:b}、{cn:c}、{cn:d}，今天缺课的是最后两个，请{sur}老师通知家长，班主任电话{tel}",
    "老师你好我是{cn}妈妈今天上课的链接打不开了试了好几次都不行孩子爸爸{cn:b}的手机{mob}也收不到验证码麻烦帮忙看下",
    "兑换码{coupon}用不了，提示已过期，明明写着有效期到{date}",
    "{cn}老师能不能把今天的课件文件发到我邮箱{mail}，上课的时候没来得及记",
    "我家两个孩子{cn}和{cn:b}都报了，能用一个账号吗？家长手机{mob}",
    "{course}一共{lessons}？现在报名多少钱，{price}是含教材的吗",
    "结课证书寄到{addr}，收件人{cn}，{mob}",
    "助教{cn}加了我微信说要先交{price}资料费，转到{card}，这是你们官方的吗？感觉不太安全",
    "把我女儿{cn}从周二的班调到{cn:b}老师周六的班，和{cn:c}一个班，她俩是同学，我手机{mob}",
    "直播时间改成{time}了吗？{cn}同学说群里通知了，我没看到",
    "孩子{cn}的账号在另一台电脑登录了，IP是{ip}，不是我们家的，帮忙查一下",
    "孩子很高兴，说{cn}老师讲得特别好，想续报{course}，有没有老学员优惠券{coupon}",
]
EDU_EN = [
    "Hi Ms. {en}, this is {en:b}'s dad. He missed the live class on {date}, could you send the recording to {mail}? Thanks, {ef}",
    "teacher {py} said the certificate would be mailed to {eaddr} but nothing has arrived. tracking {trk}",
    "Students in my group: {en}, {py} and {en:b}. Tutor: {en:c}, email {mail}.",
    "Is the IELTS speaking course {price} for {lessons}? Coupon {coupon} didn't work.",
    "My daughter {en} can't log in; the account is under my email {mail} and phone {mob}. It says blocked login from {ip}.",
    "孩子的外教 {en} 上周没来上课，能不能换成 {en:b}？my number {mob}",
]

SHOP_ZH = [
    "我买的{model}还没到，快递单号{trk}，收件人{cn}，地址{addr}，电话{mob}",
    "帮我朋友{cn}下的单，订单{ord}，数量{qty}，要的是白色，结果发成黑色了，她电话{mob}",
    "你们家客服到底有没有人管？我{date}买的{model}，到手屏幕就有一条线，申请退货被拒了三次，理由是人为损坏？？我开箱是录了视频的！"
    "之前对接的{cn}说帮我升级处理，然后就没下文了，订单{ord}，{price}不是小钱，今天不处理我就打{hot}投诉，我电话{mob}",
    "你好我上周在你们店买了一条黄金手链金额{price}收到发现有个扣是坏的我要退货快递让{cn}来取她下午都在家地址是{addr}",
    "给{cn}的生日礼物，帮我写张贺卡，寄到{addr}，{cn}电话{mob}",
    "优惠券{coupon}为什么用不了？买的是李子和黄桃，订单{ord}，提示不满足使用条件",
    "钟表类商品能开发票吗？抬头{company}，税号{credit}",
    "发货了吗？SKU {sku}，{model}，{qty}，说好{date}前发的",
    "让{cn}把那个{model}的发票文件发我一下，或者直接转给{cn:b}也行，他邮箱{mail}",
    "售后单{ord}，上门取件的快递员{cn}电话{mob}，他让我把物流单号{trk}写在箱子上",
    "收货人改成{cn}，电话{mob}，地址改成{addr}，之前那个{cn:b}是我同事",
    "我的账号在{ip}登录过，还用我绑定的卡{card}付了款，不是我买的！！",
    "团购名单：{cn} {qty}、{cn:b} {qty:b}、{cn:c} {qty:c}，统一寄到{addr}，联系电话{mob}",
    "上次帮我查退款的是{cn}，那笔{price}还没到，退款卡号{card}（之前填成了{badcard}，已经改过），今天能到吗",
    "买的石头摆件碎了，门店陈列的样品能直接换给我吗？{cn}说可以问问你们",
]
SHOP_EN = [
    "Ordered the {model} on Prime Day, order {ord}, tracking {trk}. It says delivered to {eaddr} but I never got it. - {en}",
    "Please ship to {en}, {eaddr}, phone {mob}. It's a gift, no invoice in the box please.",
    "refund {price} to my card {card} pls, order {ord}. thx, {ef}",
    "Nike Air size 42 out of stock? When will it restock? SKU {sku}",
    "My colleague {py} placed order {ord} with my email {mail}; can you change the recipient to {en}, phone {mob}?",
    "快递 {trk} 显示签收了但我没收到，收件人写的是 {en}，phone {mob}，address {eaddr}",
]

INDUSTRIES = {
    "bank": (BANK_ZH, BANK_EN),
    "insurance": (INSURE_ZH, INSURE_EN),
    "telecom": (TELECOM_ZH, TELECOM_EN),
    "travel": (TRAVEL_ZH, TRAVEL_EN),
    "hospital": (HOSPITAL_ZH, HOSPITAL_EN),
    "education": (EDU_ZH, EDU_EN),
    "ecommerce": (SHOP_ZH, SHOP_EN),
}


# --------------------------------------------------------------------------
# Assembly, checks and statistics
# --------------------------------------------------------------------------

OPEN_ZH = ("你好，", "在吗？", "亲，", "客服你好，", "急！", "麻烦问下，", "您好 ", "hello，")
CLOSE_ZH = ("谢谢", "谢谢！", "麻烦尽快。", "急急急", "多谢了", "辛苦了～", "？？")
OPEN_EN = ("Hi, ", "Hello - ", "Hey, ")
CLOSE_EN = (" Thanks!", " thx", " Appreciate it.")
DISTRACTORS = ("高兴", "方便", "黄金", "江苏", "周末", "马上", "白色", "金额", "安全", "王府井",
               "张家口", "李子", "陈列", "林业", "叶子", "钟表", "石头", "成都", "高铁", "常州",
               "文件", "金卡", "Apple Store", "Prime Day", "Visa", "Nike Air", "Beijing",
               "Shanghai Road")


def decorate(template: str, lang: str) -> str:
    """Add a random greeting or closing so repeated templates read differently."""
    if "\n" in template:
        return template
    if lang == "zh":
        if rng.random() < 0.3 and not template.startswith(("你好", "喂", "老师", "您好", "报案")):
            template = pick(OPEN_ZH) + template
        if rng.random() < 0.3:
            template += pick(CLOSE_ZH)
        return template
    if rng.random() < 0.2 and template[0].isascii() and not template.startswith(("Hi", "Hello", "Hey")):
        if template[:2].istitle() and not template.startswith("I "):
            template = template[0].lower() + template[1:]  # "Hi, could you ..."
        template = pick(OPEN_EN) + template
    if rng.random() < 0.25 and template[-1] in ".?":
        template += pick(CLOSE_EN)
    return template


def plan() -> list[tuple[str, str, str]]:
    """(industry, language, template) for every line, in output order."""
    lines: list[tuple[str, str, str]] = []
    for industry, (zh, en) in INDUSTRIES.items():
        for lang, pool, quota in (("zh", zh, LINES_PER_INDUSTRY - EN_PER_INDUSTRY),
                                  ("en", en, EN_PER_INDUSTRY)):
            chosen: list[str] = []
            while len(chosen) < quota:  # every template once before any repeats
                cycle = pool[:]
                rng.shuffle(cycle)
                chosen.extend(cycle)
            lines.extend((industry, lang, t) for t in chosen[:quota])
    rng.shuffle(lines)
    return lines


def is_cued(text: str, start: int, kind: str) -> bool:
    """Whether a label cue (我叫, 姓名:, Name:, my name is ...) sits right before a name."""
    before = text[max(0, start - 12):start].rstrip()
    if before.endswith(("：", ":")) or before.endswith(CN_NAME_CUES):
        return True
    return kind != "cn" and before.lower().endswith(EN_NAME_CUES)


def check_record(rec: dict) -> None:
    """Validate every span of one record against its type and the others."""
    text = rec["text"]
    spans = sorted(rec["pii"] + rec["non_pii"], key=lambda s: s["start"])
    for a, b in zip(spans, spans[1:], strict=False):
        assert a["end"] <= b["start"], ("overlap", text, a, b)
    for span in rec["pii"]:
        value = text[span["start"]:span["end"]]
        assert value and value == value.strip(), (text, span)
        kind = span["type"]
        if kind == "mobile":
            assert is_mobile(value), value
        elif kind == "id_number":
            assert is_valid_id(value), value
        elif kind == "bank_card":
            assert is_valid_card(value), value
        elif kind == "ip":
            ipaddress.ip_address(value)
    for span in rec["non_pii"]:
        value = text[span["start"]:span["end"]]
        if span["type"] == "bad_id_number":
            assert len(value) == 18 and not is_valid_id(value), value
        elif span["type"] == "bad_card":
            assert not is_valid_card(value) and 16 <= len(re.sub(r"\D", "", value)) <= 19, value
        else:
            assert not looks_sensitive(value), value
    # Nothing outside a labelled span may look like a mobile, ID or card number.
    masked = list(text)
    for span in spans:
        masked[span["start"]:span["end"]] = " " * (span["end"] - span["start"])
    assert not looks_sensitive("".join(masked).replace(" ", "|")), text


def build() -> tuple[list[dict], dict[str, Counter]]:
    records: list[dict] = []
    stats: dict[str, Counter] = {k: Counter() for k in ("pii", "non", "lang", "industry",
                                                        "names", "lines", "words")}
    for industry, lang, template in plan():
        LANG[0] = lang
        text, pii, non, persons = render(decorate(template, lang))
        rec = {"text": text, "pii": pii, "non_pii": non, "source": SOURCE}
        check_record(rec)
        records.append(rec)
        stats["lang"][lang] += 1
        stats["industry"][industry] += 1
        stats["pii"].update(s["type"] for s in pii)
        stats["non"].update(s["type"] for s in non)
        stats["lines"]["no_pii"] += not pii
        stats["lines"]["with_non_pii"] += bool(non)
        for kind, start, _ in persons:
            group = "zh" if kind == "cn" else "en"
            stats["names"][f"{group}_{'cued' if is_cued(text, start, kind) else 'bare'}"] += 1
        stats["words"].update(w for w in DISTRACTORS if w in text)
    return records, stats


def main() -> None:
    records, stats = build()
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    OUT_PATH.write_text(body, encoding="utf-8")
    # Re-read the file and re-check every span against its value.
    for line in OUT_PATH.read_text(encoding="utf-8").splitlines():
        check_record(json.loads(line))
    n = len(records)
    total_pii = sum(stats["pii"].values())
    names = stats["names"]
    print(f"wrote {n} lines to {OUT_PATH}")
    print("industries:", dict(stats["industry"]))
    print("languages:", dict(stats["lang"]), f"(zh share {stats['lang']['zh'] / n:.0%})")
    print("pii spans:", total_pii)
    for kind, count in sorted(stats["pii"].items(), key=lambda kv: -kv[1]):
        print(f"  {kind:14s} {count}")
    print("non_pii spans:", sum(stats["non"].values()))
    for kind, count in sorted(stats["non"].items(), key=lambda kv: -kv[1]):
        print(f"  {kind:18s} {count}")
    print(f"person share of pii spans: {stats['pii']['person'] / total_pii:.1%}")
    zh_names = names["zh_bare"] + names["zh_cued"]
    en_names = names["en_bare"] + names["en_cued"]
    print(f"chinese names without cue: {names['zh_bare']}/{zh_names} = {names['zh_bare'] / zh_names:.1%}")
    print(f"english-script names without cue: {names['en_bare']}/{en_names} = {names['en_bare'] / en_names:.1%}")
    print(f"lines without pii: {stats['lines']['no_pii']} ({stats['lines']['no_pii'] / n:.1%})")
    print(f"lines with non_pii: {stats['lines']['with_non_pii']} ({stats['lines']['with_non_pii'] / n:.1%})")
    print("distractor words (lines):", dict(stats["words"]))


if __name__ == "__main__":
    main()
