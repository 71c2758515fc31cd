"""Word lists about names, shared by the cue rules (`pii.py`), the name model (`names.py`) and
the taggers' shape checks (`ner.py`)."""

from __future__ import annotations

# Common Chinese surnames: one character (a regex character class) and two (an alternation).
SURNAME_CHARS = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝赖萧阎傅洪"
    "谈蔺钮滕薄印宿怀蓬邰"
)
DOUBLE_SURNAME_PATTERN = (
    "欧阳|司马|诸葛|上官|东方|皇甫|慕容|令狐|司徒|尉迟|公孙|夏侯|长孙|宇文|端木|南宫|西门|百里|呼延|轩辕"
    "|澹台|公冶|太叔|申屠|闻人|濮阳|钟离|宗政|仲孙|单于|赫连|独孤|梁丘|左丘|东郭|拓跋|完颜|万俟|第五"
)
SINGLE_SURNAMES = frozenset(SURNAME_CHARS)
DOUBLE_SURNAMES = frozenset(DOUBLE_SURNAME_PATTERN.split("|"))
# Rare surnames (Hundred Family Surnames, census) whose characters seldom start an ordinary
# word: a name that a tagger finds may start with one, although the cue rules do not look for them.
RARE_SURNAMES = frozenset(
    "亓冼宓扈訾逄郦鄢阚禤蒯仉隗璩郏庾暨逯厍晁乜鞠巢荆竺缑亢郜钭冀茅羿储靖汲邴糜莘胥宰雍堵蓟咸籍郁苍贡"
    "夔殳沃蔚勾毋须桓岳鄂闾萨帅揭漆粟郗禚笪庹睢昝眭蒉酆嵇笃卬卢仝迮郇琚羊舌逢牢盍"
)

# English words that are not part of a name after "I am" / "this is" ("I am not sure").
_NOT_NAME_WORDS = (
    "not very so sorry happy glad here there just still also really the a an at in on from with "
    "your writing trying looking calling having going unable waiting wondering interested "
    "asking contacting back new customer order it that this"
)
EN_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())
# Places and companies, not people: "收件人Amazon Locker", "Apple Store".
_PLACE_WORDS = (
    "store shop locker station office center centre mall hub point express logistics bank hotel "
    "service services support team group company inc ltd co limited department desk"
)
EN_PLACE_WORDS = frozenset(_PLACE_WORDS.split())
# Words that a news-trained tagger puts into a PERSON span but that no name contains: streets,
# buildings, salutations, form labels and product lines ("Nathan Road", "Dear Sir or Madam").
_NOT_NAME_PARTS = (
    "road rd street st avenue ave lane drive dr boulevard blvd way court plaza square tower "
    "building block floor flat room suite apartment apt district village town city county province "
    "sir madam dear mr mrs ms miss order tel phone email address name ref invoice account card "
    "pro max plus ultra mini air gen carbon galaxy iphone ipad macbook thinkpad pixel"
)
EN_NOT_NAME_PARTS = EN_PLACE_WORDS | frozenset(_NOT_NAME_PARTS.split())
