"""Find personal data in customer messages (Chinese first, English too).

`detect_pii(text)` returns `Entity(type, start, end, value)` spans with offsets into the
original text. Numbers are only flagged when they pass their checksum (GB 11643 for ID numbers,
Luhn plus a known card prefix for bank cards) or when the customer labels them ("身份证号：...",
"card no ..."): a labelled number is masked as the labelled type even if its checksum fails,
because the customer says it is one. A nearer business label ("订单号", "运单号", "order") keeps
a number unmasked. Full-width ASCII (`１３８…`) is folded to ASCII before matching; the fold is
one character for one, so offsets need no mapping.
"""

from __future__ import annotations

import bisect
import ipaddress
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from kefu.config import PII_TYPES
from kefu.safety import ner
from kefu.safety.name_words import (
    DOUBLE_SURNAME_PATTERN,
    EN_NOT_NAMES,
    EN_PLACE_WORDS,
    SURNAME_CHARS,
)
from kefu.safety.names import shipped_model

__all__ = ["PII_TYPES", "Entity", "detect_pii"]


@dataclass(frozen=True, slots=True)
class Entity:
    """One piece of personal data: `text[start:end] == value` in the original text."""

    type: str
    start: int
    end: int
    value: str


@dataclass(frozen=True, slots=True)
class _Candidate:
    type: str
    start: int
    end: int
    rank: int  # higher wins an overlap; then the longer span


_STRONG, _NORMAL, _WEAK = 3, 2, 1

# U+FF01..U+FF5E are ASCII's full-width twins; U+3000 is the ideographic space.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")

_NOT_ALNUM_BEFORE = r"(?<![A-Za-z0-9])"
_NOT_ALNUM_AFTER = r"(?![A-Za-z0-9])"

# Labels a customer writes just before a value. The nearest label decides.
_EN = r"(?<![A-Za-z])"  # an English label starts a word; Chinese text may touch it
_LABELS = re.compile(
    # The lookahead lists every label's first character: most positions fail at once (10x faster).
    r"(?=[身证證公银銀信储借卡护護手电電联聯座来來会积购礼订訂单單运快物发發序型工交流批券验驗金价icdbaptmfwrglos])"
    r"(?:(?P<id_number>身份证|身份證|证件号|證件號|公民身份"
    rf"|{_EN}id\s*card|{_EN}id\s*(?:number|no)|{_EN}identity\s*(?:card|number))"
    r"|(?P<bank_card>银行卡|銀行卡|信用卡|储蓄卡|借记卡|卡号|卡號"
    rf"|{_EN}(?:credit\s*|debit\s*|bank\s*)?card\s*(?:number|no|num|#)?|{_EN}cc\b|{_EN}account\s*(?:number|no))"
    rf"|(?P<passport>护照|護照|{_EN}passport)"
    r"|(?P<phone>手机|手機|电话|電話|联系方式|聯繫方式|座机|座機|来电号码|來電號碼|来电|來電"
    rf"|{_EN}(?:tel|phone|mobile|cell|fax|desk|whatsapp|call\s+me(?:\s+(?:at|on))?|reach\s+me\s+at"
    r"|text\s+me\s+at|answering\s+at|messages\s+to|my\s+number\s+is)\b)"
    r"|(?P<business>会员卡|会员号|积分卡|购物卡|礼品卡|储值卡|订单|訂單|单号|單號|运单|快递|快遞|物流|发票|發票|序列号"
    r"|型号|型號|工单|交易号|流水号|批次|券码|验证码|驗證碼|金额|价格|价钱"
    rf"|{_EN}(?:membership|gift\s*card|loyalty|order|tracking|waybill|invoice|serial|model|ticket|sku|code"
    r"|amount|price)))",
    re.IGNORECASE,
)
_LABEL_WINDOW = 24
_LABEL_GAP = re.compile(r"[^\d]{0,8}")
# A passport number may start with letters, so only separators and 号码/number sit between.
_PASSPORT_GAP = re.compile(r"(?:[\s:：#=]|号码|號碼|号|號|是|为|(?i:number|num|no)\.?){0,5}")


def _label_before(text: str, start: int) -> str | None:
    """The kind of the nearest label ending at most 8 non-digit characters before `start`."""
    window_start = max(0, start - _LABEL_WINDOW)
    nearest = None
    for match in _LABELS.finditer(text, window_start, start):
        nearest = match
    if nearest is None or not _LABEL_GAP.fullmatch(text, nearest.end(), start):
        return None
    return nearest.lastgroup


# --- ID numbers (GB 11643-1999) -------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_PROVINCE_CODES = (  # GB/T 2260 first two digits; 71/81/82/83: Taiwan, HK, Macao, residence permits
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83 91"
)
_PROVINCES = frozenset(_PROVINCE_CODES.split())
_ID_RE = re.compile(_NOT_ALNUM_BEFORE + r"(?:\d{6}[ -]?\d{8}[ -]?\d{3}[\dXx]|\d{15})" + _NOT_ALNUM_AFTER)


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        born = date(year, month, day)
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date.today()


def is_valid_id_number(value: str) -> bool:
    """GB 11643: a known province, a real birth date, and (18 digits) the check character."""
    digits = re.sub(r"[ -]", "", value).upper()
    if digits[:2] not in _PROVINCES:
        return False
    if len(digits) == 15:
        return digits.isdigit() and _valid_date(
            1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
        )
    if len(digits) != 18 or not digits[:17].isdigit():
        return False
    if not _valid_date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14])):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == digits[17]


# --- bank cards ------------------------------------------------------------------------------

_CARD_RE = re.compile(
    _NOT_ALNUM_BEFORE
    + r"(?:\d{15,19}|\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,4})?|\d{4}[ -]\d{6}[ -]\d{5}|\d{6}[ -]\d{10,13})"
    + _NOT_ALNUM_AFTER
)


def luhn_ok(digits: str) -> bool:
    """The Luhn mod-10 check of a digit string."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _known_card_prefix(digits: str) -> bool:
    """Issuer prefixes by length: UnionPay, Visa, Mastercard, Amex, JCB, Discover, ICBC 95xx."""
    n = len(digits)
    if digits[:2] in ("34", "37"):
        return n == 15
    if n < 16:
        return False
    if digits[0] == "4":
        return n in (16, 19)
    if "51" <= digits[:2] <= "55" or "2221" <= digits[:4] <= "2720":
        return n == 16
    return digits[:2] in ("62", "60", "65", "35", "95", "81") or digits[:3] in ("644", "645", "646", "647")


def is_valid_card(value: str) -> bool:
    digits = re.sub(r"[ -]", "", value)
    return 15 <= len(digits) <= 19 and _known_card_prefix(digits) and luhn_ok(digits)


# --- phones --------------------------------------------------------------------------------

_MOBILE_RE = re.compile(
    r"(?<![A-Za-z0-9+])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}[ -]?\d{4}|-\d{4}-\d{4})" + _NOT_ALNUM_AFTER
)
_LANDLINE_RE = re.compile(
    r"(?<![A-Za-z0-9+])(?:(?:\+86|0086)[ -]?(?=[1-9])|(?=\(?0))"
    r"(?:\(?0?(?:10|2\d)\)?[ -]?[1-9]\d{3}[ -]?\d{4}|\(?0?[3-9]\d{2}\)?[ -]?[1-9]\d{2,3}[ -]?\d{4})"
    r"(?:[ -]?(?:转|ext\.?|x)[ -]?\d{1,5})?" + _NOT_ALNUM_AFTER,
    re.IGNORECASE,
)
_NANP_RE = re.compile(
    r"(?<![A-Za-z0-9+])(?:\+?1[ .-]?)?(?!\(?(?:400|8(?:00|33|44|55|66|77|88))\b)"  # not hotlines
    r"(?:\([2-9]\d{2}\)[ ]?|[2-9]\d{2}[.-])[2-9]\d{2}[.-]\d{4}" + _NOT_ALNUM_AFTER
)
_INTL_RE = re.compile(r"(?<![A-Za-z0-9])\+(?!86)[1-9]\d{0,2}(?:[ .-]?\(?\d{1,4}\)?){2,5}" + _NOT_ALNUM_AFTER)
_LABELLED_PHONE_RE = re.compile(r"\(?\+?\d[\d ().-]{5,18}\d(?:\s?(?:x|ext\.?)\s?\d{1,5})?" + _NOT_ALNUM_AFTER)


def _digit_count(value: str) -> int:
    return sum(char.isdigit() for char in value)


# --- other patterns ------------------------------------------------------------------------

_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
# Letters just before a dotted quad usually make it a version ("v1.2.3.4"), except "IP" itself
# ("宽带IP192.168.1.8").
_IPV4_RE = re.compile(
    r"(?:(?<=[Ii][Pp])|(?<![A-Za-z0-9.]))"
    r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
    r"(?![A-Za-z0-9]|\.\d)"
)
_IPV6_RE = re.compile(r"(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])")
_PASSPORT_RE = re.compile(
    _NOT_ALNUM_BEFORE + r"(?:[EeGg]\d{8}|[Ee][A-HJ-NP-Za-hj-np-z]\d{7})" + _NOT_ALNUM_AFTER
)
_LABELLED_ID_RE = re.compile(r"[A-Za-z]{0,2}\d[\d -]{5,20}[\dXx]" + _NOT_ALNUM_AFTER)
# After 护照/passport: any passport number of letters and digits, foreign ones too ("CY1851MLP").
_LABELLED_PASSPORT_RE = re.compile(r"[A-Za-z0-9]{6,12}" + _NOT_ALNUM_AFTER)

_PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领"
_PLATE_RE = re.compile(
    rf"[{_PLATE_PROVINCES}][A-HJ-NP-Za-hj-np-z][ ·•・.-]?"
    r"(?:[DFdf][A-HJ-NP-Za-hj-np-z0-9]\d{4}|\d{5}[DFdf]|[A-HJ-NP-Za-hj-np-z0-9]{4}[A-HJ-NP-Za-hj-np-z0-9挂学警港澳])"
    + _NOT_ALNUM_AFTER
)

# --- names -------------------------------------------------------------------------------

# Characters that end a name: particles, pronouns and verbs that follow "我叫张三" in chat.
_NAME_STOP = "的了呢吗嘛啊呀吧在是要想和跟与我你他她它们说问买订下单个这那有没不就也都还把被给让请帮到从对"
_TITLES = (
    "先生|女士|小姐|老师|师傅|经理|总|阿姨|同学|太太|大哥|大姐"
    "|组长|主管|主任|店长|班长|队长|科长|处长|部长|厂长|院长|老板|姐|哥"
)
_GIVEN = rf"(?:(?![{_NAME_STOP}])[\u4e00-\u9fff])"
_ZH_NAME = rf"(?:{DOUBLE_SURNAME_PATTERN}|[{SURNAME_CHARS}])(?!{_TITLES}){_GIVEN}{{1,2}}"
# What often follows a name in a message: its phone, ID or a form of address.
_AFTER_NAME = "代收|签收|收|电话|手机|座机|联系|身份证|先生|女士|小姐|回电|回个电话"
_ZH_NAME_RE = re.compile(
    r"(?:(?P<strong>(?:收件人|收货人|联系人|取件人|签收人)(?:改成|改为|换成|写)?|我叫|我姓|姓名|名字叫|名字"
    r"|寄件人|持卡人|开户名|户名|真实姓名|抬头个人)"
    r"|我是|这边是|这里是|本人|找|联系|给|老婆|老公|爱人|我妈|妈妈|我爸|爸爸|朋友|同事|家人|室友|儿子|女儿"
    r"|转告|告诉|寄给|转给|交给|送给|谢谢|感谢|车主|负责人|行政|财务|前台|快递员|配送员|送货员|英文名"
    # A role on a form or in a story: any "…人" (被保险人, 入住人, 代办人), owners, relatives, staff.
    r"|[\u4e00-\u9fff]{1,3}(?<![个有别客好坏名男女商军工家用病老大小熟路外年众他她我你没无些每本真活等])人"
    r"|机主|户主|业主|房东|租客|表[姐哥弟妹]|堂[姐哥弟妹]|[姐哥弟妹]{2}|舅舅|叔叔|阿姨|姑姑|奶奶|爷爷|外婆|外公"
    r"|姥姥|姥爷|岳母|岳父|婆婆|公公|孙子|孙女|侄子|侄女|小哥|师傅|店员|店长|主管|经理|销售|工程师|维修员|接待的是"
    r"|邻居|保安|乘客|旅客|驾驶员|司机|客户|同学|老师|医生|护士|父亲|母亲|导购|门卫|仓管|经手|助理|员工|游客|客人"
    r"|伤者|同行的"
    r"|抬头(?:写|是|为)?(?:个人)?[，,]?)"
    r"[\s:：是为叫写的]{0,3}"
    rf"(?P<name>{_ZH_NAME})(?=$|[^\u4e00-\u9fff]|[{_NAME_STOP}]|{_AFTER_NAME})"
)
# "…谢谢！——郝桂兰": a Chinese name signing off a message.
_ZH_SIGN_OFF_RE = re.compile(rf"(?:^|\s|[，。！？!?])[—–-]{{1,2}}\s*(?P<name>{_ZH_NAME})\s*$")
# "王小明先生", "李娜女士": a full name (surname + given name) before a form of address.
_ZH_NAME_TITLE_RE = re.compile(rf"(?P<name>{_ZH_NAME})(?=先生|女士|小姐)")
# "收件人：张三、李四": further names in a list after a detected one.
_ZH_NAME_LIST_RE = re.compile(rf"\s*[、/]\s*(?P<name>{_ZH_NAME})(?=$|[^\u4e00-\u9fff]|[{_NAME_STOP}])")
# "张三收", "王芳代收": a name right before the receiving verb, at the start of a clause.
_ZH_NAME_BEFORE_RE = re.compile(
    rf"(?:^|(?<=[\s,，。;；:：、]))(?P<name>{_ZH_NAME})(?:代收|签收|收)(?=$|[\s,，。;；!！])"
)
# "张三，13812345678" / "李娜 广东省...": a bare name as one field of pasted shipping details.
_ZH_NAME_FIELD_RE = re.compile(
    rf"(?:^|(?<=[\s,，;；:：、/|(（]))(?P<name>{_ZH_NAME})(?=[\s,，;；、/|(（)）])"
)
_EN_NAME_RE = re.compile(
    r"(?i:\bmy name is|\bmy name's|\bname\s*(?:is\b|[:：])?|\bi'm|\bi am|\bcall me|\bthis is"
    r"|\brecipient\s*[:：]?|\bcardholder\s*[:：]?|\bcontact\s*[:：]|\bask for|\battn\.?|\bc/o"
    r"|\b(?:ship|deliver|send|mail) (?:it )?to\s*[:：]|\b(?:to|cc|bcc|from)\s*[:：]|\bcard ?holder"
    r"|\bon behalf of(?: my \w+)?,?|\bbooking for|\baccount holder\s*[:：]?|\bpassenger\s*[:：]?"
    r"|\bforwarding (?:this|it) from|\bbilling contact\b.{0,40}?\bis"
    r"|\bmy (?:wife|husband|son|daughter|mother|father|mom|dad|brother|sister|friend|colleague|boss),?"
    r"|英文名(?:是|叫)?"
    r"|\bwas called|\bmaiden name is|\bcalls me|\bdear|\b(?:mr|mrs|ms|miss|dr)(?:\.|(?=\s)))\s*"
    r"(?P<name>[^\W\d_][\w'’.-]*(?:[ ]+[^\W\d_][\w'’.-]*){0,2})"
)
_WORD_RE = re.compile(r"[^\W\d_][\w'’.-]*")
_EN_AFTER_ZH_RE = re.compile(
    r"(?:收件人|收货人|联系人|取件人|签收人|寄件人|收款人|付款人|持卡人|开户名|户名|姓名|名字|我叫|英文名|拼音"
    r"|客户|乘客|旅客|住客|同事|老板|经理)[\s:：是为叫写的]{0,3}"
    r"(?P<name>[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2})(?![A-Za-z])"
)
# "... Thanks! — Olivia Young", "Best regards, Olivia Young": a full name signing off.
_EN_SIGN_OFF_RE = re.compile(
    r"(?:(?:^|\s)[—–-]{1,2}|(?i:regards|thanks|thank you|cheers|sincerely|best)[,!.]?)\s*"
    r"(?P<name>[A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+){1,2})\s*[.!]?\s*$"
)
# "Hi, Olivia Young here": a full name introducing the writer.
_EN_NAME_HERE_RE = re.compile(
    r"(?:^|[,.!]\s*|\b(?i:hi|hello|hey)[,!]?\s+)(?P<name>[A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+){1,2})\s+here\b"
)

# "成锐：谁知道他们售后电话多少": a speaker in a pasted chat log, at the start of a line or turn.
_ZH_SPEAKER_RE = re.compile(r"(?:^|(?<=[\s。！？!?]))(?P<name>[\u4e00-\u9fff]{2,3})[:：](?![:：])")
# "Hi Kenji,", "Thanks Sarah and Raj", "@Carlos", "call Tom at": one first name, addressed.
_EN_ADDRESSED_RE = re.compile(
    r"(?:(?<![A-Za-z])(?i:hi|hey|hello|dear|thanks|thank you|thanks a lot|many thanks|cheers|best"
    r"|tell|ask|call|ping|cc|welcome|it's|it’s)[,!]?\s+|@)"
    r"(?P<name>[A-Z][a-z'’-]{1,14}(?: [A-Z][a-z'’-]{1,14})?)"
    r"(?:\s+(?:and|&)\s+(?P<other>[A-Z][a-z'’-]{1,14}(?: [A-Z][a-z'’-]{1,14})?))?(?![\w'’-]|\s+[A-Z])"
)
_NOT_ADDRESSED_WORDS = (
    "team all everyone everybody there guys folks support customer service sir madam again so "
    "you me us them him her it this that admin agent staff manager boss friend friends mate "
    "i i'm i’m im i've ive i'd please pls today tomorrow yesterday now sorry good morning afternoon "
    "evening how what when where why who can could would will is are do does my our your "
    "thanks thank cheers regards hi hello hey dear welcome best kind"
)
_NOT_ADDRESSED = frozenset(_NOT_ADDRESSED_WORDS.split())

# --- addresses ---------------------------------------------------------------------------

_PLACE_CHAR = r"(?:(?![在是到寄送址我的了把请帮收住要换改为和或给从你他她呢吗吧啊呀哦])[\u4e00-\u9fff])"
_ROOM_TAIL = r"(?:(?<=[号號栋幢座楼元])\d{2,5}(?!\d))?"  # "4号502": the room number, unlabelled
_ZH_ADDRESS_RE = re.compile(
    # Atomic: the admin chain is split one way only, so a long run of 市/区 cannot backtrack.
    rf"(?>(?:{_PLACE_CHAR}{{1,8}}?(?:省|自治区|特别行政区|市|州|盟|区|县|旗|镇|乡|街道|村)){{1,5}})"
    rf"(?:{_PLACE_CHAR}|[A-Za-z0-9-]){{0,24}}?"
    r"(?:\d+[A-Za-z]?(?:号|號|弄|栋|幢|座|楼|室|单元|层|户|组)"
    r"|小区|花园|公寓|大厦|苑|府|家园|新村|广场|中心|大楼)"
    rf"(?:[\s,，]?(?:{_PLACE_CHAR}|[A-Za-z0-9-]){{0,12}}?(?:\d+[A-Za-z]?|[一二三四五六七八九十]+)"
    r"(?:号楼|号|號|栋|幢|座|楼|室|单元|层|户|组))*" + _ROOM_TAIL
)
_ZH_ROAD_RE = re.compile(
    rf"{_PLACE_CHAR}{{1,10}}?(?:路|街|大道|道|巷|弄|胡同)\s?\d+(?:-\d+)?(?:号|號|弄)"
    rf"(?:[\s,，]?(?:{_PLACE_CHAR}|[A-Za-z0-9-]){{0,12}}?(?:\d+[A-Za-z]?|[一二三四五六七八九十]+)"
    r"(?:号楼|号|號|栋|幢|座|楼|室|单元|层|户))*" + _ROOM_TAIL
)
_EN_STREET = (
    r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Highway|Hwy"
    r"|Parkway|Pkwy|Circle|Cir|Square|Sq|Trail|Crescent|Close|Row|Alley|Plaza"
)
# Then up to three ", City, State" parts; a full stop ends one ("Shanghai. Tracking EA…").
_EN_ADDRESS_RE = re.compile(
    r"\b\d{1,6}[A-Za-z]?(?:\s\d{1,5})?\s+(?:[A-Z][\w'.-]*\s+){1,4}(?:" + _EN_STREET + r")\b\.?"
    r"(?:[ ](?:North|South|East|West|[NSEW])\b)?"
    r"(?:,?\s*(?:Apt|Apartment|Suite|Unit|Ste|Fl|Floor|Room|#)\.?\s*#?\w+){0,2}"
    r"(?:[ ]*[,\n][ ]*[A-Z][A-Za-z'-]*(?:[ ][A-Z][A-Za-z'-]*){0,3}\.?){0,3}(?:[ ,]+\d{5}(?:-\d{4})?)?"
)

# "地址：..." / "my address is 12 ..." : the customer says what follows is an address.
_LABELLED_ADDRESS_RE = re.compile(
    r"(?:(?:收货|收件|寄件|家庭|联系|新|详细)?地址(?:是|为|改成|改为)?[:：]?\s*"
    r"(?P<zh>[^\s，。；！？,;!?]{4,40}?)(?=[\s，。；！？,;!?]|$)"
    r"|(?i:\baddress(?:\s+is)?|\bship(?:ped)?\s+(?:it\s+)?to|\bsen[dt]\s+(?:it\s+|this\s+)?to"
    r"|\bdeliver(?:ed)?\s+(?:it\s+)?to|\blived?\s+(?:in|at)|\blocated\s+at|\bmoved\s+to)\s*[:：]?\s*"
    r"(?P<en>\d{1,6}[^?!;]{4,90}?)(?=[?!;]|\.\s+[A-Z][a-z]+\s|\n\s*\n|$"
    r"|,?\s+(?:please|pls|thanks|thank|and|asap|by|before|tomorrow|today|if|so|but)\b))"
)


# --- scanners -----------------------------------------------------------------------------

_Scanner = Callable[[str], Iterator[_Candidate]]


def _numbers(text: str) -> Iterator[_Candidate]:
    """ID numbers and bank cards: checksum-valid, or labelled by the customer."""
    for match in _ID_RE.finditer(text):
        label = _label_before(text, match.start())
        if label == "business" or label == "bank_card":
            continue
        if is_valid_id_number(match.group()) or label == "id_number":
            yield _Candidate("id_number", match.start(), match.end(), _STRONG)
    for match in _CARD_RE.finditer(text):
        label = _label_before(text, match.start())
        if label == "business":
            continue
        if label == "bank_card" or (label != "id_number" and is_valid_card(match.group())):
            rank = _STRONG if label == "bank_card" else _STRONG - 1
            yield _Candidate("bank_card", match.start(), match.end(), rank)


_LABELLED_PATTERNS = {"phone": _LABELLED_PHONE_RE, "passport": _LABELLED_PASSPORT_RE}


def _labelled_numbers(text: str) -> Iterator[_Candidate]:
    """Numbers right after "身份证/卡号/护照/电话" that no format above recognised."""
    for label in _LABELS.finditer(text):
        kind = label.lastgroup
        if kind == "business":
            continue
        gap = (_PASSPORT_GAP if kind == "passport" else _LABEL_GAP).match(text, label.end())
        assert gap is not None  # {0,8} always matches
        pattern = _LABELLED_PATTERNS.get(str(kind), _LABELLED_ID_RE)
        value = pattern.match(text, gap.end())
        if value is None or _digit_count(value.group()) < (2 if kind == "passport" else 6):
            continue
        if _not_personal(text, value.start(), value.group(), phone=kind == "phone"):
            continue
        if kind != "passport" and _label_before(text, value.start()) != kind:
            continue
        kind_type = "landline" if kind == "phone" else str(kind)
        yield _Candidate(kind_type, value.start(), value.end(), _NORMAL - 1)


# After a label, still not personal: a 400/800 company hotline, a date, or (after a phone label)
# the digits of a code that starts with letters ("打过电话的，关于SO-2023-393613的退款").
_HOTLINE_OR_DATE = re.compile(r"[48]00(?:[ -]?\d){7}(?!\d)|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)")
# A whole phone-shaped match that is a company's 400/800 hotline, in any grouping ("4003-793-911").
_HOTLINE = re.compile(r"\(?[48]00\)?(?:[ -]?\d){7}")


def _not_personal(text: str, start: int, value: str, *, phone: bool) -> bool:
    before = text[start - 1] if start > 0 else " "
    glued = phone and ((before.isascii() and before.isalpha()) or before in "-_/")
    return glued or _HOTLINE_OR_DATE.match(value) is not None


def _phones(text: str) -> Iterator[_Candidate]:
    for regex, kind in (
        (_MOBILE_RE, "mobile"),
        (_LANDLINE_RE, "landline"),
        (_NANP_RE, "landline"),
        (_INTL_RE, "landline"),
    ):
        for match in regex.finditer(text):
            if kind == "landline" and (_digit_count(match.group()) < 8 or _HOTLINE.fullmatch(match.group())):
                continue  # too short, or a company's 400/800 hotline in any grouping ("4003-793-911")
            if _label_before(text, match.start()) in ("business", "bank_card", "id_number", "passport"):
                continue
            yield _Candidate(kind, match.start(), match.end(), _NORMAL)


def _emails(text: str) -> Iterator[_Candidate]:
    for match in _EMAIL_RE.finditer(text):
        yield _Candidate("email", match.start(), match.end(), _STRONG + 1)


def _ips(text: str) -> Iterator[_Candidate]:
    for match in _IPV4_RE.finditer(text):
        yield _Candidate("ip", match.start(), match.end(), _STRONG)
    for match in _IPV6_RE.finditer(text):
        value = match.group()
        if sum(c in "0123456789abcdefABCDEF" for c in value) < 4:
            continue
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            continue
        yield _Candidate("ip", match.start(), match.end(), _STRONG)


def _passports(text: str) -> Iterator[_Candidate]:
    for match in _PASSPORT_RE.finditer(text):
        if _label_before(text, match.start()) != "business":
            yield _Candidate("passport", match.start(), match.end(), _NORMAL)


def _plates(text: str) -> Iterator[_Candidate]:
    for match in _PLATE_RE.finditer(text):
        if _digit_count(match.group()) >= 3:
            yield _Candidate("license_plate", match.start(), match.end(), _NORMAL)


# After a weak cue ("我是江苏的", "联系方式"), words that start with a surname are not names.
_NOT_GIVEN = frozenset(
    "州省市县区镇村人生色式面便末才苏徽员家们款件号店客户级样种类部门口头天时候边里外会卡子"
)
_NOT_NAMES = frozenset(
    (
        *("宁波", "宁夏", "马上", "高中", "黄金", "金牌", "白金", "钱包", "龙虾", "石头", "方向", "安全"),
        *("周一", "周二", "周三", "周四", "周五", "周六", "周日", "周天"),
        *("师傅", "师父", "老师", "老板", "经理"),
        *("辛苦", "商量", "和电话", "和手机", "和地址", "和号码", "和姓名", "和名字", "和联系"),
        # Words that follow a role or a person in chat ("没人解决", "客服谢谢") and start with a surname.
        *("谢谢", "麻烦", "解决", "解释", "帮忙", "处理", "负责", "管理", "回复", "通知", "安排", "说明"),
    )
)


def _plausible_name(name: str) -> bool:
    return name not in _NOT_NAMES and not any(char in _NOT_GIVEN for char in name[1:])


def _names(text: str) -> Iterator[_Candidate]:
    for match in _ZH_NAME_RE.finditer(text):
        name = match.group("name")
        if (match.group("strong") and name not in _NOT_NAMES) or _plausible_name(name):
            yield _Candidate("person", match.start("name"), match.end("name"), _WEAK + 1)
    zh_cued = (_ZH_NAME_BEFORE_RE, _ZH_NAME_TITLE_RE, _ZH_SIGN_OFF_RE)
    for match in (found for pattern in zh_cued for found in pattern.finditer(text)):
        if _plausible_name(match.group("name")):
            yield _Candidate("person", match.start("name"), match.end("name"), _WEAK + 1)
    for match in _ZH_SPEAKER_RE.finditer(text):
        if ner.plausible_chinese_name(match.group("name")):
            yield _Candidate("person", match.start("name"), match.end("name"), _WEAK + 1)
    position = 0
    while addressed := _EN_ADDRESSED_RE.search(text, position):
        position = addressed.start("name")  # "cheers! Thanks, Liam": the next cue may start inside
        for group in ("name", "other"):
            name = addressed.group(group)
            if name and name.split()[0].lower() not in _NOT_ADDRESSED:
                yield _Candidate("person", addressed.start(group), addressed.end(group), _WEAK + 1)
                position = addressed.end()
    english = (_EN_NAME_HERE_RE, _EN_SIGN_OFF_RE, _EN_AFTER_ZH_RE)
    for match in (found for pattern in english for found in pattern.finditer(text)):
        if not EN_PLACE_WORDS & set(match.group("name").lower().split()):
            yield _Candidate("person", match.start("name"), match.end("name"), _WEAK + 1)
    for match in _EN_NAME_RE.finditer(text):
        end = None
        for word in _WORD_RE.finditer(text, match.start("name"), match.end("name")):
            value = word.group()
            initial = end is not None and len(value.rstrip(".")) == 1
            if not value[0].isupper() or (value.lower().strip(".") in EN_NOT_NAMES and not initial):
                break
            # A sentence's full stop is not part of the name; an initial's ("J.") is.
            end = word.end() - (value.endswith(".") and len(value.rstrip(".")) > 1)
        if end is not None:
            yield _Candidate("person", match.start("name"), end, _WEAK + 1)


_ADMIN_HINT = re.compile(r"[省市区县旗镇乡村州盟]")
_ROAD_HINT = re.compile(r"(?:路|街|道|巷|弄|胡同)\s?\d")


def _addresses(text: str) -> Iterator[_Candidate]:
    for hint, regex in ((_ADMIN_HINT, _ZH_ADDRESS_RE), (_ROAD_HINT, _ZH_ROAD_RE), (_DIGIT, _EN_ADDRESS_RE)):
        if not hint.search(text):
            continue  # cheap test first: these regexes cost milliseconds on long text
        for match in regex.finditer(text):
            yield _Candidate("address", match.start(), match.end(), _WEAK)
    for match in _LABELLED_ADDRESS_RE.finditer(text):
        group = "zh" if match.group("zh") is not None else "en"
        start, end = match.span(group)
        value = text[start:end].rstrip(" .,\n")
        if group == "zh" and _digit_count(value) + value.count("小区") == 0:
            continue  # "地址不对" is a complaint, not an address
        yield _Candidate("address", start, start + len(value), _WEAK)


_DIGIT = re.compile(r"\d")
_ANY = re.compile(r"")
# Each scanner runs only when its cheap precondition matches somewhere in the text.
_SCANNERS: tuple[tuple[re.Pattern[str], _Scanner], ...] = (
    (_DIGIT, _numbers),
    (_DIGIT, _labelled_numbers),
    (_DIGIT, _phones),
    (re.compile("@"), _emails),
    (re.compile(r"[\d:]"), _ips),
    (_DIGIT, _passports),
    (_DIGIT, _plates),
    (_ANY, _names),
    (_ANY, _addresses),
)


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the best of overlapping candidates: higher rank, then longer, then earlier."""
    starts: list[int] = []  # of the kept spans, which never overlap, so ends sort the same way
    kept: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (-c.rank, c.start - c.end, c.start)):
        i = bisect.bisect_left(starts, cand.start)
        if (i == 0 or kept[i - 1].end <= cand.start) and (i == len(kept) or cand.end <= kept[i].start):
            starts.insert(i, cand.start)
            kept.insert(i, cand)
    return kept


def _name_fields(text: str, found: list[_Candidate]) -> Iterator[_Candidate]:
    """A bare name next to a detected phone, address, ID or card: "张三，138..., 广东省..."."""
    anchors = [c for c in found if c.type in ("mobile", "landline", "address", "id_number", "bank_card")]
    if not anchors:
        return
    for match in _ZH_NAME_FIELD_RE.finditer(text):
        start, end = match.span("name")
        if _plausible_name(match.group("name")) and any(
            _GAP_RE.fullmatch(text, end, a.start) or _GAP_RE.fullmatch(text, a.end, start) for a in anchors
        ):
            yield _Candidate("person", start, end, _WEAK + 1)


def _listed_names(text: str, found: list[_Candidate]) -> Iterator[_Candidate]:
    """The names after a detected one in a list: "收件人：张三、李四、王五"."""
    for candidate in found:
        if candidate.type != "person":
            continue
        position = candidate.end
        while (match := _ZH_NAME_LIST_RE.match(text, position)) and _plausible_name(match.group("name")):
            yield _Candidate("person", match.start("name"), match.end("name"), _WEAK + 1)
            position = match.end()


_GAP_RE = re.compile(r"[\s,，;；、/|(（]{1,3}")
_SURNAME_CHAR = re.compile(f"[{SURNAME_CHARS}]|{DOUBLE_SURNAME_PATTERN}")


def _modelled_names(text: str, found: list[_Candidate]) -> list[_Candidate]:
    """Names without a cue: the taggers' (any language) and the name model's (Chinese)."""
    names = [_Candidate("person", start, end, _WEAK) for start, end in ner.people(text)]
    if _SURNAME_CHAR.search(text):
        taken = [(c.start, c.end) for c in found]
        for n in shipped_model().find(text, taken):
            if ner.plausible_chinese_name(text[n.start : n.end]):  # not 于姐, not a dictionary word
                names.append(_Candidate("person", n.start, n.end, _WEAK))
    return names


def detect_pii(text: str, *, model_names: bool = True) -> list[Entity]:
    """Every piece of personal data in `text`, in order, non-overlapping. Names that no cue word
    announces come from the taggers (`ner.py`) and the name model (`names.py`) unless
    `model_names` is false."""
    folded = text.translate(_FOLD) if _FULL_WIDTH.search(text) else text
    found = _resolve([cand for gate, scan in _SCANNERS if gate.search(folded) for cand in scan(folded)])
    bare_names = list(_name_fields(folded, found))
    if bare_names:
        found = _resolve(found + bare_names)
    listed = list(_listed_names(folded, found))
    if listed:
        found = _resolve(found + listed)
    if model_names and (modelled := _modelled_names(folded, found)):
        found = _resolve(found + modelled)
    return [Entity(c.type, c.start, c.end, text[c.start : c.end]) for c in found]
