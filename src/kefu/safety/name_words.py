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
# The single-character surnames of the Hundred Family Surnames (百家姓), and rarer ones of the
# census beyond it. Many of these characters also start ordinary words (水, 花, 山), so the cue
# rules do not look for them; a name that a tagger finds may still start with one.
_HUNDRED_FAMILY = (
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎"
    "鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄"
    "和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭"
    "梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚"
    "程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫"
    "宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴胥能苍双闻"
    "莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向"
    "古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾"
    "毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公"
)
_CENSUS_RARE = (
    "亓冼禤仉庹禚笪睢眭蒉卬仝迮郇琚缑亢靖揭漆粟帅萨闾岳鄢阚扈訾逄郦蒯隗璩郏庾暨逯厍晁乜鞠巢荆竺郜钭冀"
    "茅羿储汲邴糜莘胥宰雍堵蓟咸籍郁苍贡夔殳沃蔚勾毋须桓鄂郗嵇笃仝牢盍"
)
RARE_SURNAMES = frozenset(_HUNDRED_FAMILY + _CENSUS_RARE) - SINGLE_SURNAMES

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
    "pro max plus ultra mini air gen carbon galaxy iphone ipad macbook thinkpad pixel ii iii iv"
)
EN_NOT_NAME_PARTS = EN_PLACE_WORDS | frozenset(_NOT_NAME_PARTS.split())
