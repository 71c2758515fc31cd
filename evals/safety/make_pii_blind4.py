# ruff: noqa: E501 - the cases are data, one message per line
"""Blind held-out evaluation set no. 4 for kefu's PII detector.

BLIND: written by a helper who never opened the detector (``src/kefu/``), its tests, ``docs/security.md``
or any other case file, generator or README under ``evals/safety/``. Templates, name lists, address
parts and value generators below are all written fresh for this set, so nothing here was tuned to
what the detector already handles.

What it contains: 402 customer messages (322 Chinese: colloquial, with typos, full-width digits and
zh/en mixing; 80 English), built from 306 hand-written templates (242 Chinese, 64 English). Every
template is used once; a greedy planner then repeats some (at most MAX_USES times each) to bring the
per-type span counts near TARGETS. Each line of ``pii_blind4.jsonl`` is::

    {"text": "...", "pii": [{"type": "mobile", "start": 3, "end": 14}],
     "non_pii": [{"type": "order_no", "start": 20, "end": 34}], "source": "blind4"}

Offsets are Python string indices into ``text`` (end exclusive). ``pii`` spans must be masked:
person, mobile, landline, id_number, bank_card, email, address, passport, license_plate, ip.
``non_pii`` spans must stay as they are: order_no, tracking_no, model, price, date, quantity,
tax_id, code, hotline, invalid_id (18-digit look-alikes with a wrong GB 11643 check character) and
invalid_card (card-shaped numbers failing Luhn). Only about a third of the Chinese names follow a
label-like cue (我叫, 姓名, 收件人...); the rest follow a role, relation word or verb (客服, 老公, 找,
告诉...) or nothing of the kind (subject of the sentence, lists, sign-offs, pasted forms).

Values are generated here: resident IDs carry a valid GB 11643-1999 check character, bank cards pass
Luhn on real BIN prefixes, social credit codes carry valid GB 32100 check characters. Digit-only
non-PII values are re-drawn until they neither pass Luhn (16-19 digits) nor the ID check (18), so
that a non-PII label is never a coincidental valid card or ID.

Run from the repository root (standard library only; output is byte-identical on every run)::

    python evals/safety/make_pii_blind4.py
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

SEED = 4_20_2024
SOURCE = "blind4"
OUT = Path(__file__).with_name("pii_blind4.jsonl")
ZH_LINES = 322
EN_LINES = 80
MAX_USES = 3  # lines per template at most
# rough per-type span counts the planner aims for ("no_pii_line": lines without any PII span)
TARGETS = {
    "person": 200, "mobile": 110, "address": 75, "bank_card": 40, "id_number": 40, "landline": 35,
    "email": 35, "ip": 25, "passport": 20, "license_plate": 20, "non_pii": 260, "no_pii_line": 60,
}

PII_TYPES = (
    "person", "mobile", "landline", "id_number", "bank_card", "email", "address", "passport",
    "license_plate", "ip",
)
NON_PII_TYPES = (
    "order_no", "tracking_no", "model", "price", "date", "quantity", "tax_id", "code", "hotline",
    "invalid_id", "invalid_card",
)

# --------------------------------------------------------------------------------------------
# Templates. {type} or {type.variant}; the type is the span label, the variant picks a format.
# --------------------------------------------------------------------------------------------

ZH_TEMPLATES = (
    # shop and orders
    "你好，我的订单{order_no}一直没发货，收件人{person}，电话{mobile}，麻烦查一下",
    "{person}帮我下的单，订单号{order_no}，能不能改成寄到{address}",
    "订单{order_no}里的{model}少发了{quantity}，钱我是付了全款的，怎么处理",
    "我要退货，{model}屏幕有划痕，订单号是{order_no}，退款退回原卡{bank_card}就行",
    "地止写错了！！应该是{address}，手机{mobile}不变",
    "帮我把收货人改成{person}，号码{mobile}，地址{address.part}",
    "刚才客服{person}说给我补发，到现在也没消息，单号{order_no}",
    "优惠券{code}用不了，结算的时候显示已失效，订单金额{price}",
    "我老婆{person}用我的账号买的，她手机是{mobile}，能查到吗",
    "麻烦让{person}给我回个电话，{mobile}，今天下午都在",
    "发票抬头写我们公司，税号{tax_id}，发到我邮箱{email}，谢谢",
    "{date}下的单，{quantity.台}{model}，到现在物流还没更新",
    "我在你们店买了{model}，价格{price}，现在降价了能保价吗",
    "收货地址：{address}\n收货人：{person}\n电话：{mobile}",
    "告诉{person}东西放在门卫室了，快递单号{tracking_no}",
    "这个{model}是{person}推荐我买的，他说你们有{price}的活动",
    "订单{order_no}和{order_no}能合并发货吗，都寄{address.part}",
    "亲，我换手机号了，新号{mobile}，旧号{mobile}不用了",
    "{person}、{person}和我三个人拼的单，订单号{order_no}，可以分开寄吗",
    "请问{date}之前能到吗？地址{address}，急用",
    "我是{person}，上周在店里买的{model}，开不了机",
    "怎么又是{person}接的电话，上次就是她把我地址写错了",
    "退款{price}还没到账，原路退回的卡是{bank_card}",
    "我是{person}，听说你们仓库在{address.part}，我能自己去提货吗？订单{order_no}",
    "买了{quantity}，到手只有一半，淘宝单好{order_no}",
    "东西是给{person}的生日礼物，千万别放价格单，送到{address}",
    "我在{address.part}等了一上午，师傅{person}还没来，订单{order_no}",
    "发错货了！我要的是{model}，你们发成了{model}，订单{order_no}",
    "这单是{person}替我付的，用的她的卡{bank_card}，能退回她卡里吗",
    "帮我查个订单，下单人{person}，她不会用手机，号码{mobile}",
    # logistics
    "快递{tracking_no}显示签收了但我没收到，我住{address}",
    "顺丰单号{tracking_no.sf}，派件员{person}电话打不通，{mobile}",
    "请问{tracking_no.zto}到哪了？收件人电话{mobile}",
    "{person}你好，我是{address.part}的住户，包裹{tracking_no}放哪了",
    "快递员{person}把件放丰巢了，取件码{code.pickup}，可我人在外地",
    "改派到{address}，联系人{person}，座机{landline}",
    "EMS单号{tracking_no.ems}，寄往国外的，收件人{person.en}，地址{address.abroad}",
    "帮我查下{tracking_no.jd}和{tracking_no.yt}这两个件",
    "京东快递{tracking_no.jd}，配送员叫{person}，手机{mobile}，一直说明天送",
    "包裹被{person}代收了，他住我隔壁，电花{mobile}",
    "寄件人{person}，寄件地址{address}；收件人{person}，收件地址{address}",
    "物流停在{date}就没动过，单号{tracking_no}，重量{quantity.kg}",
    "我下午不在家，让快递交给{person}，或者打我爱人电话{mobile}",
    "运单号{tracking_no.sf}，派送地址改为{address.part}，谢谢师傅",
    "中通{tracking_no.zto}被退回了，我地址没写错啊：{address}",
    "寄件人：{person}，今天早上取的件，寄到{address}，单号还没给我",
    "快递小哥{person}态度太差了，把箱子扔在{address.part}门口就走了",
    "韵达{tracking_no.yd}一直显示派送中，收件仁{person}，{mobile}",
    "这两个快递{tracking_no}、{tracking_no}都是我的，收件人写的{person}",
    "网点地址是{address.part}吗？我想自己去取{tracking_no}",
    # banking
    "我的卡{bank_card}被冻结了，身份证{id_number}，怎么解冻",
    "转账给{person}，卡号{bank_card}，转了{price}对方说没收到",
    "信用卡{bank_card}有一笔{price}的消费不是我刷的，时间是{date}",
    "开户人{person}，身份证号码{id_number}，预留手机{mobile}",
    "我想挂失，卡号{bank_card}，户名{person}",
    "我母亲叫{person}，她的卡{bank_card}我能代办销户吗？她身份证{id_number}",
    "贷款合同编号{order_no}，每月还{price}，扣款卡{bank_card}",
    "你们热线{hotline}一直占线，我身份证号{id_number}，帮我查下征信异议进度",
    "交易流水号{invalid_id}，金额{price}，状态一直是处理中",
    "理财经理{person}让我把钱转到{bank_card}，这是你们行的卡吗？",
    "刚收到短信说卡{bank_card}昨晚消费了{price}，我没用过啊，回电{mobile}",
    "对公账户的统一社会信用代码{tax_id}，联系人{person}，电话{landline}",
    "会员卡号{invalid_card}积分没到账，上次消费了{price}",
    "我的银行卡号是{bank_card}，绑定的手机{mobile}收不到验证码",
    "这张卡{invalid_card}是不是你们行的？输进去一直提示卡号有误",
    "持卡人{person}让我问一下，她那张{bank_card}的年费{price}能不能免",
    "业务编号{invalid_id}，这个单据是{date}打印的，需要盖章吗",
    "我是{person}的代理人，他的卡{bank_card}丢了，他身份证是{id_number}",
    "房东{person}的卡号{bank_card}，押金{price}，可以代付吗",
    "银行卡尾号记不清了，完整的应该是{bank_card}，户名{person}",
    "卡{invalid_card}刷不出来，POS显示无效卡，买了{quantity}",
    "批次号{invalid_id}的货是不是召回了？我买了{quantity.箱}",
    # telecom and IT
    "我家宽带老掉线，光猫IP是{ip}，装机地址{address}",
    "账号异地登录了，登录IP {ip}，不是我本人，我的手机{mobile}",
    "服务器{ip}访问你们的接口一直超时，对接人{person}，邮箱{email}",
    "{person}昨天从{ip}登录了后台，是你们的人吗",
    "帮我查下{mobile}这个号这个月为什么扣了{price}",
    "固话{landline}欠费停机了，户主{person}，身份证{id_number}",
    "白名单加一下{ip}和{ip}，谢谢",
    "我换了路由器，现在外网IP是{ip}，还是连不上，设备型号{model}",
    "找回密码的邮件发到{email}了吗？验证码{code.verify}也过期了",
    "我的帐号绑定的是{email}，现在想换成{email}",
    "后台日志里{ip}一晚上请求了几万次，{person}说是你们的爬虫？",
    "店铺后台显示{ip}登录，绑定的手机{mobile}，店主{person}",
    "昨晚有人用IP {ip}改了我的收货地址，改成了{address}",
    # travel
    "乘机人{person}，护照号{passport}，有效期到{date}，机票能出吗",
    "帮我把护照号改成{passport}，之前填错了，乘客{person.py}",
    "入住人{person}、{person}，{date}入住，订了{quantity.间}",
    "签证材料寄到{address}，联系人{person}，护照{passport}",
    "{person}的护照{passport}下个月就过期了，能改签到{date}吗",
    "我们一行三个人：{person}、{person}、{person}，接送地址{address.part}",
    "护照{passport.cn}的签证页已经上传了，预约号{code.ticket}",
    "租车用的护照是{passport}，取车人{person}",
    # cars and parking
    "车牌{license_plate}在你们停车场被刮了，车主{person}，电话{mobile}",
    "我的车{license_plate}上周在{address.part}被拍了违章，当时开车的是{person}",
    "被保险人{person}，身份证{id_number}，车牌{license_plate}，保单还没收到",
    "{license_plate}这辆车出场没抬杆，还扣了我{price}",
    "帮我预约保养，车型{model.car}，车牌{license_plate}，{date}上午到店",
    "{person}开着{license_plate}把我的车剐了，他电话是{mobile}",
    "ETC绑定的车牌是{license_plate}，扣费卡{bank_card}",
    "我老公叫{person.cpd}，他的车{license_plate}登记在我名下",
    "物业{person}说你们的车{license_plate}一直停在消防通道",
    "充电桩安装在{address}，报装人{person}，车{license_plate}",
    # after-sales
    "空调型号{model.appl}，不制冷，上门地址{address}，{person}收",
    "洗衣机{model.appl}漏水，联系{person}，{mobile}，或者座机{landline}",
    "你们的师傅{person}上门装的{model.appl}，装歪了，{date}来的",
    "维修单号{order_no}，机器{model}，保修到{date}，为什么还要收{price}",
    "安装的时候找{person}就行，她是我们物业的，办公室电话{landline}",
    "请联系我们的采购{person}，手机{mobile}，邮箱{email}",
    "上门取件地址：{address}，联系人：{person}，电话：{mobile}",
    "热水器{model.appl}显示E1故障，家里电话{landline}，白天{person}在家",
    # forms, sign-offs, lists, mixed zh/en
    "姓名：{person}\n身份证：{id_number}\n手机：{mobile}\n地址：{address}",
    "以上，谢谢！\n{person}\n{mobile}",
    "麻烦尽快处理。—— {person} 敬上",
    "Hi 客服，我是{person}，my order {order_no} still not shipped，手机{mobile}",
    "{person}（{mobile}）负责对接，有问题直接call她",
    "联系人 {person} / {mobile} / {email}",
    "抄送：{person}、{person}；附件是{date}的对账单",
    "经办人{person}，审批人{person}，报销金额{price}",
    "我朋友{person}说你们这{model}有货，让我来问问",
    "{person}和{person}都问过好几次了，订单{order_no}到底什么时候发",
    "今天接待我的是{person}，态度非常好，想表扬一下",
    "投诉{person}，昨天电话里态度很差，录音编号{code.ticket}",
    "麻烦转告{person}，合同已经寄到{address}了，顺丰{tracking_no.sf}",
    "是{person}吗？我住{address.part}，你的快递在我这",
    "收件人写的{person.py}，系统不认，能改成中文{person}吗",
    "我的邮箱是{email}，备用邮想{email}",
    "客户姓名{person}，身份证{id_number}，银行卡{bank_card}，要办分期",
    "wo de dian hua shi {mobile}, 帮我查下订单{order_no}",
    "打{landline}没人接，打{hotline}又一直排队",
    "客服电话是{hotline}吗？我刚才打的{landline}说是空号",
    "我已经打过{hotline}了，他们让我发邮件，我的邮箱{email}",
    "营业执照上的统一社会信用代码是{tax_id}，法人{person}",
    "我们公司{tax_id}要开专票，开票金额{price}，寄给财务{person}",
    "验证码{code.verify}是不是发错了？我手机号{mobile}",
    "取件码{code.pickup}，柜子在{address.part}",
    "我的号{mobile}被你们拉黑了吧，怎么一直打不进{hotline}",
    "机主姓名{person}，手机{mobile}停机了，我是他老婆，用自己的{mobile}打的",
    "{person}、{person}两位的体检报告请发到{email}",
    "办理人{person}，证件号{id_number}，证件类型：居民身份证",
    "我是帮我爸{person}问的，他身份证号{id_number}，卡是{bank_card}",
    "学生姓名{person}，学籍地址填{address}对吗",
    "{person}上个月离职了，她手上的客户请转给{person}",
    "你好！{person}推荐我来的，说报她名字有优惠",
    "我住{address}，楼下就是你们门店，为啥显示不在配送范围",
    "请寄到：{address.en}，收件人{person.py}，电话{mobile.intl}",
    "公司地址{address}，前台电话{landline}，找{person}签收",
    "家里座机{landline}，手机{mobile}，哪个都行",
    "{person}在吗？上次说好的{quantity.台}{model}什么时候到",
    "让{person}把身份证{id_number}拍照发过来就行",
    "身份证{id_number}和手机{mobile}都对，为啥实名认证通不过",
    "Email:{email} 电话:{mobile} 地址:{address} 这是我的新信息",
    "刚才{mobile}打给我，自称{person}，说我快递丢了要赔{price}，是你们的人吗",
    "会员名字叫{person}，还有一个是{person}的，能不能合并",
    "{person.cpd}和{person.rare}是我们项目组的，门禁卡都要开通",
    "{person.rare}，{mobile}，{address.part}，这是我的收货信息",
    "听{person}说你们{date}有活动，{model}打八折？",
    "找{person}，上次就是他帮我办的，电话{landline}",
    "已经给{person}发了{quantity.份}合同，邮箱{email}，请查收",
    "公司在{address.en}，英文地址这么写对吗",
    "请问{person.py}是不是你们的员工？他加我微信说可以退{price}",
    "{person}给你们打过电话了吗？她的号码是{landline}",
    "把发票寄给{person}，地址{address.part}，税号{tax_id}",
    "老人家名字叫{person}，七十多了，身份证{id_number}，能办老年卡吗",
    "新地址：{address.part}；新电话：{mobile}；旧的{landline}停用了",
    "我的名字是{person}，邮箱{email}一直收不到你们的电子发票",
    "客服{person}你好，我的投诉单号{code.ticket}有进展吗",
    "我叫{person}，{mobile}，东西到了给我打电话",
    "我叫{person.rare}，身份证{id_number}和护照{passport.cn}都丢了，要补办",
    "{person}跟{person}说好了，明天一起来店里退{model}",
    "请帮忙核对：{person} {id_number} {mobile}",
    "我和{person}住一起，地址{address}，她的件我也能签吧",
    "问下{person.cpd}的订单{order_no}发了没，她让我帮忙催一下",
    "上次是{person}给我寄的发票，寄到{address.part}，这次还寄那",
    "师傅{person}说今天下午之后才能上门，我手机号{mobile}，座机{landline}",
    "{person}，{person}，{person}，这三个人的工牌都要补",
    "团购的{quantity}已经到了，签收人{person}，不是我本人",
    "IP地址{ip}被封了，我们公司就这一个出口，管理员{person}急死了",
    "{person}老师您好，孩子的教材寄到{address}，家长电话{mobile}",
    "我妹妹{person}在你们那开的户，她的预留手机{mobile}已经不用了",
    "我是{address.part}的业主，楼上{person}家漏水，物业电话{landline}打不通",
    # contact details without a name
    "手机{mobile}，身份证{id_number}，帮我查下名下有几张卡",
    "我身份证号是{id_number}，为什么说已经被注册了",
    "座机{landline}打不通的话就打手机{mobile}",
    "请把合同扫描件发我邮箱{email}，或者传真到{landline}",
    "身份证号码{id_number}，补办的社保卡寄到哪里了",
    "能不能把通知改发到{email}？原来那个{email}不用了",
    "你们的人用{landline}给我打了三次，到底什么事",
    "我的手机号码{mobile}，身份证最后一位是x：{id_number.x}",
    "工资卡{bank_card}，身份证{id_number}，开通手机银行要带什么",
    "新办的卡{bank_card}还没激活，预留手机{mobile}",
    "麻烦回拨{mobile}或者{landline}，白天都有人",
    "查一下身份证{id_number}名下的保单",
    "请问用护照{passport}能实名吗？手机{mobile}",
    "ID:{id_number}，tel:{mobile}，mail:{email}",
    "刚才打{landline}的是你们公司吗？说我的卡{bank_card}有风险",
    "邮箱{email}登录不上，提示IP {ip}异常",
    "我手机{mobile}丢了，能不能先把绑定的卡{bank_card}冻结",
    "办公室电话{landline}，传真同号，邮件{email}",
    "{mobile}是我新号，{landline}是店里座机，都存一下",
    "身份证{id_number}，驾驶证也是这个号，车牌{license_plate}",
    "我用{email}注册的，手机{mobile}，现在两个都收不到验证码",
    "之前留的电话{landline}已经停机了，联系我手机{mobile}吧",
    "开发票用的邮箱{email}，电话{landline}，地址{address.part}",
    "你好，我的身份证号码是{id_number}，手机{mobile}，想查询一下贷款审批进度",
    "扣款卡{bank_card}余额不足，能换成{bank_card}吗",
    "手机号{mobile}，要是没人接就是在开车",
    "我的号码是{mobile}啊，你们短信一直发到{mobile}这个旧号上",
    "身份证{id_number}，手机{mobile}，银行卡{bank_card}，三个都核对过了",
    # look-alike numbers beside real ones
    "我手机{mobile}，充值卡{invalid_card}一直充不进去",
    "快递面单上的条码{invalid_id}是什么意思？收件人{person}",
    "加油卡{invalid_card}绑到车牌{license_plate}上怎么弄",
    "档案编号{invalid_id}，跟我身份证{id_number}不是一个号吧？",
    "{invalid_card}是公交卡卡号，不是银行卡，别搞混了，我的银行卡是{bank_card}",
    # short messages with one detail
    "{person}在不在？我等半天了",
    "喂，{person}呢？怎么一直不回消息",
    "回我电话{mobile}，急",
    "我这边的IP是{ip}，你们看看日志",
    "车牌号{license_plate}，月卡到期了怎么续",
    "护照号{passport}，帮我查下出票了没",
    "地址改成{address.part}，谢谢",
    "加我邮箱{email}吧，微信不常看",
    "身份证号码 {id_number} 帮忙核实一下",
    "退到{bank_card}这张卡上就行",
    "转人工，我找{person}",
    "有事打{landline}，手机经常没信号",
    # no PII at all: only non-PII numbers
    "兑换码{code}提示无效，活动截止{date}",
    "请问{model}和{model}有什么区别，差价{price}值不值",
    "买{quantity}送{quantity}是真的吗？我看页面写的{price}",
    "你们{hotline}的人工几点上班",
    "订单号{order_no}，发票税号{tax_id}，金额{price}，请尽快开",
    "充值{price}没到账，交易单号{order_no}，时间{date}",
    "纸尿裤{quantity.包}，奶粉{quantity.罐}，一共{price}，对吗",
    "快递{tracking_no}和{tracking_no}是同一个订单{order_no}的吗",
    "我{date}买的{model}，没用几天就坏了，能换新吗",
    "电子发票金额{price}，购方税号{tax_id}，开错了要红冲",
    "{model.appl}的安装费是{price}吗？我买了{quantity.台}",
    "凭证号{invalid_id}的退款到哪一步了",
    "储值卡{invalid_card}还剩多少钱？上次充了{price}",
    "退货单{order_no}，寄回的单号{tracking_no}，麻烦签收后尽快退款",
    "打了{hotline}说让我在线上问，订单{order_no}能不能加急",
    "活动码{code}能和满{price}减的券一起用吗",
)

EN_TEMPLATES = (
    "Hi, my name is {person.en} and my order {order_no} hasn't arrived. You can reach me at {mobile.intl}.",
    "Please ship to {address.en}. Recipient: {person.py}, phone {mobile}.",
    "{person.en} from our procurement team will contact you, her email is {email}.",
    "I was charged {price.en} twice on card {bank_card} on {date.en}.",
    "Tracking {tracking_no} shows delivered but nothing arrived at {address.abroad}.",
    "My passport number is {passport} and it expires on {date.en}.",
    "Can {person.en} pick up the parcel for me? The number to call is {mobile}.",
    "Our server at {ip} keeps getting 403 from your API. Contact: {email}",
    "Thanks for the quick help!\n\nBest regards,\n{person.en}\n{landline.en}",
    "I bought {quantity.en} of the {model} for {price.en}, is there a bulk discount?",
    "Orders {order_no} and {order_no} should be combined, both go to {address.en}.",
    "Spoke with {person.py} on the phone yesterday, she promised a refund of {price.en}.",
    "{person.en} and {person.en} are both travelling, passports {passport} and {passport}.",
    "Coupon {code} doesn't work at checkout, the total is {price.en}.",
    "Please call me on {landline.en} during office hours, or email {email}.",
    "Is {hotline} your official support line? Someone called me from {mobile} claiming to be you.",
    "Login from {ip} on {date.en} was not me. Please lock my account, registered phone {mobile.intl}.",
    "Our unified social credit code is {tax_id}, invoice total {price.en}.",
    "Car plate {license_plate}, parked at your lot on {date.en}, got scratched. Owner: {person.py}.",
    "The courier, {person.py}, left my package with the neighbour at {address.en}.",
    "ID card number {id_number}, name {person.py}, I need to update my real-name info.",
    "Please refund to my card {bank_card} (holder {person.en}).",
    "Is the {model} compatible with the {model}? Order {order_no}.",
    "Reference {invalid_id} is the transaction ID in my bank app, amount {price.en}.",
    "Gift card {invalid_card} shows zero balance, I paid {price.en} for it.",
    "Hi {person.en}, following up on ticket {code.ticket}. My new address is {address.abroad}.",
    "Please add {person.en} ({email}) and {person.py} ({email}) to the account.",
    "The delivery slot on {date.en} doesn't work. Can you deliver to my office at {address.en} and ask for {person.py} at reception?",
    "My WeChat phone is {mobile} and my landline is {landline}.",
    "Whitelist {ip} please, we moved our office.",
    "International parcel {tracking_no.ems}, recipient {person.en}, {address.abroad}, passport {passport.foreign}.",
    "Tell {person.py} that the contract was sent via {tracking_no.sf}.",
    "Order {order_no}, {quantity.en} of {model}, delivered {date.en}, one was broken.",
    "I called {hotline} three times on {date.en}, nobody answered.",
    "{person.en} here. I rented the car with plate {license_plate}, you have my passport {passport.foreign} on file.",
    "Please change the account holder to {person.py}, ID {id_number}.",
    "My colleague {person.en} ({mobile.intl}) will sign for the delivery at {address.en}.",
    "{person.py} and I share this account, send the verification code to {email} instead.",
    "Sorry for the typo, my phone is {mobile} not {mobile}.",
    "Shipping label: {person.en}, {address.abroad}, tel {landline.en}",
    "Your agent {person.py} asked for my ID {id_number} over chat, is that normal?",
    "Invoice for {quantity.en} {model}, unit price {price.en}, VAT number {tax_id}.",
    "The store at {address.en} told me to call {hotline}. Order {order_no}.",
    "My mother {person.py} can't use the app, please call her at {landline}.",
    "Card {bank_card} was declined, but {person.en} paid with the same card last week.",
    "Device at {ip} was blocked after 5 failed logins, user {email}.",
    "Pickup code {code.pickup} for locker at {address.en} doesn't open.",
    "Hello, this is {person.en}, passport {passport.foreign}, booking for {date.en}.",
    "Please don't send anything to {address.abroad} anymore, I moved.",
    "{person.en}, {person.en} and {person.py} all got the same phishing SMS from {mobile}.",
    "Quick question about {order_no} and {tracking_no}, are they the same shipment?",
    "Could {person.en} get a copy of receipt {code.ticket}? Her email is {email}.",
    "My Chinese name is {person}, phone {mobile}, the English one is on the order.",
    "Verification code {code.verify} expired before I could enter it, can you resend?",
    "My ID number is {id_number} and the registered phone is {mobile}.",
    "Please call {landline.en} or {mobile.intl}, whichever works.",
    "Send the invoice to {email}, phone {landline.en}.",
    "Card {bank_card} was charged but order {order_no} was cancelled.",
    "New number: {mobile}. Old one {mobile} is no longer in use.",
    "Ask for {person.en} at the front desk.",
    "The long number {invalid_id} on my receipt, is that my order reference? My email is {email}.",
    "Loyalty card {invalid_card}, the name on it is {person.en}.",
    "Refund to {bank_card} please.",
    "Reach me at {email}, I rarely check WeChat.",
)


# --------------------------------------------------------------------------------------------
# Value lists (written for this set)
# --------------------------------------------------------------------------------------------

SURNAMES_COMMON = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤"
)
SURNAMES_RARE = "冼缪仇訾扈逯鄢隗佘晏郦蔺聂阮栾巩鞠宓笪亓冉邴禚覃郜桓"
SURNAMES_COMPOUND = (
    "欧阳", "司马", "上官", "诸葛", "慕容", "东方", "皇甫", "尉迟", "令狐", "公孙", "长孙", "端木",
    "夏侯", "澹台", "宇文", "司徒", "南宫", "呼延", "申屠",
)
GIVEN_CHARS = (
    "伟芳娜秀敏静丽强磊军洋勇艳杰涛超霞刚辉玲桂丹萍鹏华红飞鑫波斌宇浩凯健俊帆帅旭宁龙林欣佳雪琳晨婷颖倩"
    "悦璐瑶怡欢梦嘉子梓涵轩博文思雨泽睿晗妍诗宸昊若依可馨彤琪菲蕾蓉岚峰毅志国建立春晓慧秀兰德昌荣海"
)
GIVEN_RARE = (
    "翀", "赟", "喆", "淼", "犇", "燚", "玥", "珺", "璟", "昶", "彧", "芃芃", "沐宸", "一诺", "梓萱",
    "若汐", "知远", "南乔", "星阑", "骁", "婳", "祎", "堃", "晔", "甯", "懿轩", "亦舒", "朵朵",
)
# surname+given combinations that read as ordinary words or places
NAME_BLACKLIST = {"高明", "金华", "江南", "方向", "高兴", "白云", "黄金", "龙华", "海宁", "江海", "万华", "常德"}

EN_FIRST = (
    "James", "Emily", "Olivia", "Michael", "Sarah", "David", "Jennifer", "Robert", "Priya", "Mohammed",
    "Hans", "Sophie", "Lucas", "Aiko", "Chloe", "Daniel", "Grace", "Ethan", "Hannah", "Oliver",
    "Isabella", "Liam", "Fatima", "Carlos", "Elena", "Noah", "Zoe", "Kevin", "Rachel", "Tom", "Anna",
    "Mark", "Vivian", "Jason", "Cindy", "Eric", "Amy", "Tony", "Wendy", "Ingrid", "Rahul", "Yuki",
)
EN_LAST = (
    "Smith", "Johnson", "Brown", "Miller", "Davis", "Garcia", "Wilson", "Anderson", "Thompson",
    "Nguyen", "Müller", "O'Brien", "Kowalski", "Patel", "Tanaka", "Fischer", "Rossi", "Dubois", "Kim",
    "Hernandez", "Walker", "Clarke", "Schneider", "Silva", "Novak", "Jensen", "Murphy", "Martin",
    "Okafor", "Larsen", "Moreau", "Petrov", "Sato", "Haddad",
)
PY_SURNAMES = (
    "Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
    "Zhu", "Hu", "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han",
    "Feng", "Deng", "Cao", "Peng", "Zeng", "Ouyang", "Sima", "Shangguan", "Zhuge", "Xian", "Lü", "Qin",
)
PY_GIVEN = (
    "wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan", "jie",
    "tao", "ming", "chao", "xiu", "hua", "ping", "gang", "hui", "ling", "dan", "peng", "fei", "xin",
    "bo", "bin", "yu", "hao", "kai", "jian", "fan", "xu", "ning", "long", "xue", "chen", "ting",
    "ying", "qian", "yue", "yao", "yi", "huan", "meng", "jia", "zi", "han", "xuan", "wen", "si", "rui",
    "shi", "xiao", "zhi", "guo", "hong", "lan", "qing", "shan",
)

# (province, city, districts) - municipalities have an empty province
CN_PLACES = (
    ("广东省", "深圳市", ("南山区", "福田区", "宝安区", "龙岗区")),
    ("广东省", "广州市", ("天河区", "越秀区", "海珠区", "番禺区")),
    ("广东省", "东莞市", ("南城街道", "松山湖")),
    ("浙江省", "杭州市", ("西湖区", "余杭区", "滨江区", "拱墅区")),
    ("浙江省", "宁波市", ("鄞州区", "海曙区")),
    ("江苏省", "南京市", ("玄武区", "鼓楼区", "江宁区")),
    ("江苏省", "苏州市", ("姑苏区", "工业园区", "吴中区")),
    ("四川省", "成都市", ("武侯区", "锦江区", "高新区", "金牛区")),
    ("湖北省", "武汉市", ("洪山区", "江汉区", "武昌区")),
    ("山东省", "青岛市", ("市南区", "崂山区", "黄岛区")),
    ("山东省", "济南市", ("历下区", "槐荫区")),
    ("陕西省", "西安市", ("雁塔区", "碑林区", "未央区")),
    ("福建省", "厦门市", ("思明区", "湖里区")),
    ("湖南省", "长沙市", ("岳麓区", "芙蓉区", "天心区")),
    ("河南省", "郑州市", ("金水区", "二七区", "中原区")),
    ("辽宁省", "大连市", ("中山区", "甘井子区")),
    ("云南省", "昆明市", ("五华区", "盘龙区")),
    ("黑龙江省", "哈尔滨市", ("南岗区", "道里区")),
    ("广西壮族自治区", "南宁市", ("青秀区", "西乡塘区")),
    ("安徽省", "合肥市", ("蜀山区", "包河区")),
    ("河北省", "石家庄市", ("长安区", "裕华区")),
    ("", "北京市", ("朝阳区", "海淀区", "东城区", "丰台区", "通州区")),
    ("", "上海市", ("浦东新区", "徐汇区", "静安区", "闵行区", "杨浦区")),
    ("", "天津市", ("和平区", "南开区", "滨海新区")),
    ("", "重庆市", ("渝中区", "江北区", "渝北区")),
)
CN_ROADS = (
    "建国路", "中山路", "人民路", "解放大道", "文三路", "科技园南路", "深南大道", "淮海中路", "南京西路",
    "天府大道", "珞喻路", "香港中路", "长江路", "和平路", "滨江路", "新华街", "五四路", "学院路", "工业大道",
    "金沙江路", "黄河路", "东风路", "北京路", "环城西路", "劳动路", "朝阳北路", "丰收路", "望京街",
    "创业大道", "府前街", "青年路", "幸福南路",
)
CN_COMMUNITIES = (
    "阳光花园", "万科城", "碧桂园", "锦绣江南", "翠湖小区", "金色家园", "幸福里", "紫荆苑", "龙湖天街",
    "绿地中心", "保利花园", "世纪城", "华润城", "梧桐苑", "书香名邸", "银河湾", "学府一号", "春晖小区",
    "南湖新村", "东方明珠小区", "丽景华庭", "凤凰城",
)
CN_RURAL = (
    ("浙江省", "宁波市", "慈溪市", "观海卫镇", "五洞闸村"),
    ("河南省", "周口市", "郸城县", "宁平镇", "刘楼村"),
    ("四川省", "南充市", "阆中市", "天宫镇", "龙泉村"),
    ("山东省", "临沂市", "沂南县", "岸堤镇", "朱家林村"),
    ("湖南省", "邵阳市", "隆回县", "桃洪镇", "白竹坪村"),
)
# (city, district, postcode, roads) for English-format addresses in China
CN_EN_PLACES = (
    ("Beijing", "Chaoyang District", "100022", ("Jianguo Road", "Chaoyang North Road", "Wangjing Street")),
    ("Beijing", "Haidian District", "100080", ("Zhongguancun Street", "Xueyuan Road")),
    ("Shanghai", "Xuhui District", "200030", ("Huaihai Middle Road", "Caoxi North Road")),
    ("Shanghai", "Pudong New Area", "200120", ("Century Avenue", "Zhangyang Road")),
    ("Shenzhen", "Nanshan District", "518057", ("Keyuan South Road", "Shennan Avenue")),
    ("Guangzhou", "Tianhe District", "510620", ("Tianhe Road", "Huacheng Avenue")),
    ("Hangzhou", "Xihu District", "310012", ("Wensan Road", "Tianmushan Road")),
    ("Chengdu", "Wuhou District", "610041", ("Tianfu Avenue", "Renmin South Road")),
    ("Wuhan", "Hongshan District", "430074", ("Luoyu Road", "Minzu Avenue")),
    ("Qingdao", "Shinan District", "266071", ("Xianggang Middle Road", "Donghai West Road")),
)
EN_STREETS = (
    "Oak Street", "Maple Avenue", "Harrow Road", "King Street", "Elm Drive", "Victoria Road",
    "Sunset Boulevard", "Park Lane", "Church Street", "Lakeview Court", "High Street", "Cedar Lane",
)
US_CITIES = (
    ("Springfield", "IL", "627"), ("Brooklyn", "NY", "112"), ("San Jose", "CA", "951"),
    ("Austin", "TX", "787"), ("Seattle", "WA", "981"), ("Edison", "NJ", "088"),
)
DE_STREETS = ("Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Lindenallee")
DE_CITIES = (("Berlin", "10"), ("München", "80"), ("Hamburg", "20"), ("Frankfurt am Main", "60"))
JP_AREAS = (
    ("Jingumae", "Shibuya-ku", "Tokyo", "150"), ("Nishi-Shinjuku", "Shinjuku-ku", "Tokyo", "160"),
    ("Umeda", "Kita-ku", "Osaka", "530"),
)

ID_REGIONS = (
    "110101", "110105", "110108", "310104", "310115", "440106", "440305", "440304", "330106", "330108",
    "320102", "320506", "420106", "510107", "610113", "370202", "210102", "500103", "350203", "430104",
    "410105", "130102", "120101", "340104", "360102", "450103", "530102", "520102", "230103", "220102",
    "140105", "620102", "650102", "460105", "441900", "320582", "330282", "411625", "511381", "371321",
)
CARD_PREFIXES = (
    # (prefix, lengths)
    ("622202", (19,)), ("621700", (19,)), ("622848", (19,)), ("621483", (16,)), ("622588", (16,)),
    ("622262", (17, 19)), ("621661", (19,)), ("622700", (19,)), ("625", (16,)), ("628", (16,)),
    ("6217", (19,)), ("6230", (19,)), ("4", (16,)), ("51", (16,)), ("53", (16,)), ("62", (16, 19)),
    ("603367", (19,)), ("356", (16,)),
)
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150", "151",
    "152", "153", "155", "156", "157", "158", "159", "166", "170", "173", "175", "176", "177", "178",
    "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199",
)
AREA3 = ("010", "020", "021", "022", "023", "024", "025", "027", "028", "029")
AREA4 = (
    "0755", "0571", "0512", "0532", "0731", "0591", "0871", "0451", "0311", "0371", "0531", "0898",
    "0757", "0769", "0574", "0551", "0791", "0771", "0931", "0592",
)
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
EMAIL_DOMAINS = (
    "qq.com", "163.com", "126.com", "sina.com", "sohu.com", "foxmail.com", "aliyun.com", "gmail.com",
    "outlook.com", "hotmail.com", "yahoo.com", "icloud.com", "huaxin-tech.com.cn", "kaida.cn",
    "139.com", "yeah.net",
)
IP_FIRST = (
    1, 14, 27, 36, 39, 42, 58, 60, 61, 101, 106, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119,
    120, 121, 122, 123, 124, 125, 171, 175, 180, 182, 183, 202, 210, 211, 218, 219, 220, 221, 222, 223,
)

MODELS = (
    "iPhone 15 Pro", "iPhone 14 Pro Max", "RTX 4090", "RTX 4070 Ti", "XPS 13 9340", "Mate 60 Pro",
    "小米14 Ultra", "Redmi K70", "ThinkPad X1 Carbon Gen 11", "MacBook Air M2", "iPad Pro 12.9",
    "Galaxy S24 Ultra", "SM-S9280", "Switch OLED", "AirPods Pro 2", "WH-1000XM5", "Kindle Paperwhite 5",
    "vivo X100", "OPPO Find X7", "荣耀Magic6", "DJI Mini 4 Pro", "Apple Watch S9", "ROG 魔霸7",
    "拯救者Y9000P", "Pixel 8a", "EOS R6 Mark II",
)
MODELS_APPLIANCE = (
    "KFR-35GW/BpR3DN8Y1", "KFR-26GW", "BCD-470WDPG", "EG100B129", "XQB80-Z3018", "JSQ30-16WH5D",
    "C21-RT2140", "MJJSQ05DY", "戴森V12", "EM7KCGW3-NR", "KFR-72LW", "JSQ25-13UTS",
)
MODELS_CAR = ("Model Y", "汉EV", "凯美瑞 2.5G", "朗逸 1.5L", "理想L7", "问界M7", "CR-V 240TURBO", "海豹 DM-i")
UNITS_ZH = ("件", "台", "个", "箱", "瓶", "包", "盒", "双", "套", "袋")
CN_NUMS = "两三四五六七八九十"


# --------------------------------------------------------------------------------------------
# Check digits
# --------------------------------------------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
HALFWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def id_check_char(body17: str) -> str:
    """GB 11643-1999 check character for the first 17 digits of a resident ID."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def id_valid(value: str) -> bool:
    s = value.translate(HALFWIDTH)
    return len(s) == 18 and s[:17].isdigit() and s[17].upper() == id_check_char(s[:17])


def luhn_valid(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_digit(body: str) -> str:
    return next(c for c in "0123456789" if luhn_valid(body + c))


def org_code_check(body8: str) -> str:
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def uscc_check(body17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def bare(value: str) -> str:
    return re.sub(r"[\s\-·]", "", value.translate(HALFWIDTH))


def looks_like_pii_number(value: str) -> bool:
    """A non-PII value that by chance is a valid card, ID or mobile number would be an unfair label."""
    s = bare(value)
    if len(s) == 18 and id_valid(s):
        return True
    if 16 <= len(s) <= 19 and luhn_valid(s):
        return True
    return len(s) == 11 and s.isdigit() and s[0] == "1" and s[1] in "3456789"


# --------------------------------------------------------------------------------------------
# Value generators
# --------------------------------------------------------------------------------------------


class Gen:
    """Draws values for each placeholder type from one seeded random.Random."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def digits(self, n: int, first: str = "0123456789") -> str:
        return self.r.choice(first) + "".join(self.r.choice("0123456789") for _ in range(n - 1))

    def value(self, kind: str, variant: str, zh: bool) -> str:
        method = getattr(self, "g_" + kind, None)
        if method is None:
            raise ValueError(f"unknown placeholder type {kind!r}")
        for _ in range(200):
            out: str = method(variant, zh)
            if kind in PII_TYPES or not looks_like_pii_number(out):
                return out
        raise RuntimeError(f"could not draw a clean {kind}")

    def widen(self, value: str, zh: bool, p: float = 0.08) -> str:
        return value.translate(FULLWIDTH) if zh and self.r.random() < p else value

    # ---- PII -------------------------------------------------------------------------------

    def zh_name(self, variant: str) -> str:
        r = self.r
        while True:
            roll = r.random()
            if variant == "cpd" or (not variant and roll < 0.12):
                surname = r.choice(SURNAMES_COMPOUND)
            elif variant == "rare" or (not variant and roll < 0.24):
                surname = r.choice(SURNAMES_RARE)
            else:
                surname = r.choice(SURNAMES_COMMON)
            if variant == "rare" or r.random() < 0.12:
                given = r.choice(GIVEN_RARE)
            elif r.random() < 0.35:
                given = r.choice(GIVEN_CHARS)
            else:
                given = r.choice(GIVEN_CHARS) + r.choice(GIVEN_CHARS)
            name = surname + given
            if name not in NAME_BLACKLIST:
                return name

    def py_name(self) -> str:
        r = self.r
        sur = r.choice(PY_SURNAMES)
        given = "".join(r.choice(PY_GIVEN) for _ in range(r.choice((1, 2, 2))))
        given = given.capitalize()
        style = r.random()
        if style < 0.55:
            return f"{sur} {given}"
        if style < 0.8:
            return f"{given} {sur}"
        return f"{sur.upper()} {given}"

    def g_person(self, variant: str, zh: bool) -> str:
        r = self.r
        if variant == "py":
            return self.py_name()
        if variant == "en":
            first = r.choice(EN_FIRST)
            if r.random() < 0.25:
                return f"{first} {r.choice(PY_SURNAMES)}"
            if r.random() < 0.08:
                return f"{first} {r.choice('ABCDEFGHJKLMRST')}. {r.choice(EN_LAST)}"
            return f"{first} {r.choice(EN_LAST)}"
        return self.zh_name(variant)

    def mobile_digits(self) -> str:
        return self.r.choice(MOBILE_PREFIXES) + self.digits(8)

    def g_mobile(self, variant: str, zh: bool) -> str:
        r = self.r
        m = self.mobile_digits()
        a, b, c = m[:3], m[3:7], m[7:]
        if variant == "intl" or (not variant and r.random() < 0.14):
            return r.choice((f"+86 {a} {b} {c}", f"+86-{a}-{b}-{c}", f"+86{m}", f"+86 {m}", f"0086 {m}"))
        roll = r.random()
        if roll < 0.55 or variant == "plain":
            return self.widen(m, zh, 0.1)
        if roll < 0.78:
            return f"{a}-{b}-{c}"
        return f"{a} {b} {c}"

    def g_landline(self, variant: str, zh: bool) -> str:
        r = self.r
        if r.random() < 0.5:
            code = r.choice(AREA3)
            local = self.digits(8, "2345678")
        else:
            code = r.choice(AREA4)
            local = self.digits(r.choice((7, 8, 8)), "2345678")
        head, tail = local[:-4], local[-4:]
        if variant == "en":
            c = code[1:]
            return r.choice((f"+86-{c}-{head}-{tail}", f"+86 {c} {head} {tail}", f"({code}) {head}-{tail}"))
        return r.choice((
            f"{code}-{local}", f"{code}-{local}", f"{code} {head} {tail}", f"({code}){head}-{tail}",
            f"（{code}）{local}", self.widen(f"{code}{local}", zh, 0.3), f"{code}-{head}-{tail}",
        ))

    def g_id_number(self, variant: str, zh: bool) -> str:
        r = self.r
        want_x = variant == "x" or r.random() < 0.2
        for _ in range(500):
            year = r.randint(1948, 2006)
            month = r.randint(1, 12)
            day = r.randint(1, 28 if month == 2 else 30)
            body = f"{r.choice(ID_REGIONS)}{year}{month:02d}{day:02d}{self.digits(3)}"
            full = body + id_check_char(body)
            if luhn_valid(full.replace("X", "")) and not full.endswith("X"):
                continue  # keep IDs distinct from valid card numbers
            if want_x == full.endswith("X"):
                break
        if full.endswith("X") and (variant == "x" or r.random() < 0.5):
            full = full[:-1] + "x"
        return self.widen(full, zh, 0.08)

    def g_invalid_id(self, variant: str, zh: bool) -> str:
        r = self.r
        year = r.randint(1950, 2005)
        month = r.randint(1, 12)
        day = r.randint(1, 28)
        body = f"{r.choice(ID_REGIONS)}{year}{month:02d}{day:02d}{self.digits(3)}"
        good = id_check_char(body)
        wrong = r.choice([c for c in "0123456789" if c != good])
        return body + wrong

    def card_digits(self) -> str:
        prefix, lengths = self.r.choice(CARD_PREFIXES)
        n = self.r.choice(lengths)
        body = prefix + self.digits(n - len(prefix) - 1)
        return body + luhn_digit(body)

    def group(self, digits: str, zh: bool) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.5:
            return self.widen(digits, zh, 0.1)
        sep = " " if roll < 0.8 else "-"
        return sep.join(digits[i:i + 4] for i in range(0, len(digits), 4))

    def g_bank_card(self, variant: str, zh: bool) -> str:
        return self.group(self.card_digits(), zh)

    def g_invalid_card(self, variant: str, zh: bool) -> str:
        good = self.card_digits()
        wrong = self.r.choice([c for c in "0123456789" if c != good[-1]])
        return self.group(good[:-1] + wrong, zh)

    def g_email(self, variant: str, zh: bool) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.2:
            return f"{self.digits(r.randint(6, 10), '123456789')}@qq.com"
        if roll < 0.55:
            sur = r.choice(PY_SURNAMES).lower().replace("ü", "v")
            given = "".join(r.choice(PY_GIVEN) for _ in range(r.choice((1, 2))))
            local = r.choice((f"{sur}{given}", f"{given}.{sur}", f"{sur}_{given}{r.randint(1, 99)}", f"{sur[0]}{given}{r.randint(1970, 2005)}"))
        elif roll < 0.8:
            first, last = r.choice(EN_FIRST).lower(), r.choice(EN_LAST).lower()
            last = re.sub(r"[^a-z]", "", last.replace("ü", "ue"))
            local = r.choice((f"{first}.{last}", f"{first[0]}{last}", f"{first}_{last}{r.randint(1, 9)}"))
        else:
            local = r.choice(("sunny_day", "xiaomao", "lucky.cat", "bluesky", "momo.shop", "tiantian", "mr.panda")) + str(r.randint(1, 2024))
        return f"{local}@{r.choice(EMAIL_DOMAINS)}"

    def g_ip(self, variant: str, zh: bool) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.2:
            return f"192.168.{r.randint(0, 20)}.{r.randint(2, 254)}"
        if roll < 0.3:
            return f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(2, 254)}"
        if roll < 0.35:
            return f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(2, 254)}"
        return f"{r.choice(IP_FIRST)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"

    def g_passport(self, variant: str, zh: bool) -> str:
        r = self.r
        up = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        if variant == "cn" or (not variant and r.random() < 0.55):
            return r.choice((
                "E" + self.digits(8, "123456789"), "G" + self.digits(8, "3456789"),
                "E" + r.choice(up) + self.digits(7),
            ))
        return r.choice((
            self.digits(9, "4567"),  # United States
            "C" + "".join(r.choice("0123456789CFGHJKLMNPRTVWXYZ") for _ in range(8)),  # Germany
            r.choice("TM") + r.choice("KRSZ") + self.digits(7),  # Japan
            "M" + self.digits(8),  # Korea
            r.choice("JKLMNPRSTZ") + self.digits(7),  # India
            self.digits(2) + r.choice(up) + r.choice(up) + self.digits(5),  # France
            r.choice(up) + r.choice(up) + self.digits(6),  # Canada
            "K" + self.digits(7) + r.choice(up),  # Singapore
        ))

    def g_license_plate(self, variant: str, zh: bool) -> str:
        r = self.r
        prov, city = r.choice(PLATE_PROVINCES), r.choice(PLATE_LETTERS)
        roll = r.random()
        if roll < 0.3:  # new-energy, 8 characters
            if r.random() < 0.7:
                return f"{prov}{city}{r.choice('DF')}{r.choice(PLATE_LETTERS + '0123456789')}{self.digits(4)}"
            return f"{prov}{city}{self.digits(5)}{r.choice('DF')}"
        tail = list(self.digits(5))
        if r.random() < 0.45:
            tail[r.randint(0, 2)] = r.choice(PLATE_LETTERS)
        tail_s = "".join(tail)
        if roll < 0.45:
            return f"{prov}{city}·{tail_s}"
        if roll < 0.55:
            return f"{prov}{city} {tail_s}"
        return f"{prov}{city}{tail_s}"

    def g_address(self, variant: str, zh: bool) -> str:
        r = self.r
        if variant == "en":
            return self.en_cn_address()
        if variant == "abroad":
            return self.abroad_address()
        prov, city, districts = r.choice(CN_PLACES)
        dist, road = r.choice(districts), r.choice(CN_ROADS)
        num = f"{r.randint(1, 999)}号"
        comm = r.choice(CN_COMMUNITIES)
        bld = r.choice((f"{r.randint(1, 30)}栋", f"{r.randint(1, 20)}号楼", f"{r.choice('ABCDE')}座", f"{r.randint(1, 12)}幢"))
        unit = f"{r.randint(1, 6)}单元"
        room = f"{r.randint(1, 33)}{r.randint(1, 8):02d}"
        if variant == "part":
            return r.choice((
                f"{dist}{road}{num}",
                f"{comm}{bld}{unit}{room}",
                f"{comm}{bld}{room}室",
                f"{city}{dist}{road}{num}{comm}",
                f"{road}{num}{bld}{room}室",
                f"{dist}{comm}{bld}{unit}",
            ))
        roll = r.random()
        if roll < 0.1:
            p, c, county, town, village = r.choice(CN_RURAL)
            return f"{p}{c}{county}{town}{village}{r.randint(1, 12)}组{r.randint(1, 80)}号"
        head = f"{prov}{city}{dist}" if roll < 0.75 else f"{city}{dist}"
        tail = r.choice((
            f"{road}{num}{comm}{bld}{unit}{room}室",
            f"{road}{num}{comm}{bld}{room}",
            f"{road}{num}{bld}{room}室",
            f"{comm}{bld}{unit}{room}",
            f"{road}{num}",
        ))
        return self.widen(head + tail, zh, 0.05)

    def en_cn_address(self) -> str:
        r = self.r
        city, dist, post, roads = r.choice(CN_EN_PLACES)
        road = r.choice(roads)
        num = r.randint(1, 999)
        roll = r.random()
        if roll < 0.4:
            return f"Room {r.randint(1, 32)}{r.randint(1, 9):02d}, Building {r.randint(1, 20)}, No. {num} {road}, {dist}, {city} {post}"
        if roll < 0.7:
            return f"No. {num} {road}, {dist}, {city}, China"
        return f"Unit {r.randint(1, 6)}-{r.randint(1, 30)}{r.randint(1, 9):02d}, {r.choice(('Sunshine Garden', 'Vanke City', 'Jade Lake Residence', 'Poly Garden'))}, {road}, {dist}, {city}, {r.choice(('PRC', 'P.R. China'))} {post}"

    def abroad_address(self) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.3:
            city, state, zip3 = r.choice(US_CITIES)
            apt = f", Apt {r.randint(1, 20)}{r.choice('ABCDEF')}" if r.random() < 0.5 else ""
            return f"{r.randint(10, 9999)} {r.choice(EN_STREETS)}{apt}, {city}, {state} {zip3}{r.randint(10, 99)}"
        if roll < 0.5:
            pc = f"{r.choice(('W2', 'NW1', 'SE15', 'E14', 'N7'))} {r.randint(1, 9)}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            return f"{r.randint(1, 250)} {r.choice(EN_STREETS)}, London {pc}"
        if roll < 0.7:
            city, pre = r.choice(DE_CITIES)
            return f"{r.choice(DE_STREETS)} {r.randint(1, 120)}, {pre}{self.digits(3)} {city}"
        if roll < 0.85:
            area, ward, city, pre = r.choice(JP_AREAS)
            return f"{r.randint(1, 6)}-{r.randint(1, 30)}-{r.randint(1, 20)} {area}, {ward}, {city} {pre}-{self.digits(4)}"
        return f"Blk {r.randint(100, 699)} Ang Mo Kio Ave {r.randint(1, 10)}, #{r.randint(2, 20):02d}-{r.randint(1, 300):02d}, Singapore {self.digits(6, '5')}"

    # ---- non-PII ---------------------------------------------------------------------------

    def ymd(self) -> tuple[int, int, int]:
        r = self.r
        return r.randint(2023, 2025), r.randint(1, 12), r.randint(1, 28)

    def g_order_no(self, variant: str, zh: bool) -> str:
        r = self.r
        y, m, d = self.ymd()
        return r.choice((
            self.widen(self.digits(19, "234"), zh, 0.12),  # marketplace style
            self.digits(18, "1234"),
            self.digits(12, "23"),
            f"{y % 100}{m:02d}{d:02d}-{self.digits(15)}",
            f"DD{y}{m:02d}{d:02d}{self.digits(6)}",
            f"SO{y}{m:02d}{d:02d}-{self.digits(4)}",
            f"KF-{y}-{self.digits(6)}",
            f"E{y}{m:02d}{d:02d}{self.digits(8)}",
            f"MT{self.digits(16)}",
        ))

    def g_tracking_no(self, variant: str, zh: bool) -> str:
        r = self.r
        kind = variant or r.choice(("sf", "jd", "yt", "zto", "ems", "yd"))
        if kind == "sf":
            return "SF" + self.digits(13, "1")
        if kind == "jd":
            return "JD" + r.choice(("VA", "VB", "VC", "00")) + self.digits(11)
        if kind == "yt":
            return "YT" + self.digits(13, "7")
        if kind == "zto":
            return self.widen("75" + self.digits(r.choice((12, 13))), zh, 0.1)
        if kind == "ems":
            if r.random() < 0.5:
                return r.choice(("EA", "EB", "EE", "LX")) + self.digits(9) + "CN"
            return "11" + self.digits(11)
        return "43" + self.digits(13)  # yd

    def g_model(self, variant: str, zh: bool) -> str:
        pool = {"appl": MODELS_APPLIANCE, "car": MODELS_CAR}.get(variant, MODELS)
        if not zh:
            pool = tuple(m for m in pool if m.isascii())
        return self.r.choice(pool)

    def g_price(self, variant: str, zh: bool) -> str:
        r = self.r
        amount = r.choice((r.randint(9, 99), r.randint(100, 999), r.randint(1000, 19999)))
        cents = r.choice(("", "", ".00", ".99", f".{r.randint(10, 90)}"))
        grouped = f"{amount:,}" if amount >= 1000 and r.random() < 0.5 else str(amount)
        if variant == "en" or not zh:
            return r.choice((f"${grouped}{cents}", f"¥{grouped}{cents}", f"RMB {grouped}{cents}", f"USD {grouped}{cents}", f"€{amount}{cents}"))
        return r.choice((f"¥{grouped}{cents}", f"{grouped}{cents}元", f"￥{amount}", f"{amount}块", f"{grouped}{cents}元"))

    def g_date(self, variant: str, zh: bool) -> str:
        r = self.r
        y, m, d = self.ymd()
        hh, mm = r.randint(8, 21), r.choice((0, 15, 30, 45, 5, 20))
        if variant == "en" or not zh:
            mon = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[m - 1]
            return r.choice((f"{mon} {d}, {y}", f"{d} {mon} {y}", f"{y}-{m:02d}-{d:02d}", f"{m:02d}/{d:02d}/{y}", f"{mon} {d}"))
        return r.choice((
            f"{y}-{m:02d}-{d:02d}", f"{y}年{m}月{d}日", f"{m}月{d}日", f"{m}月{d}号", f"{y}.{m:02d}.{d:02d}",
            f"{y}/{m}/{d}", f"{m}月{d}号{hh}点", f"{y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}",
        ))

    def g_quantity(self, variant: str, zh: bool) -> str:
        r = self.r
        n = r.randint(2, 24)
        if variant == "en" or not zh:
            return r.choice((f"{n} pcs", f"{n} boxes", f"x{n}", f"{n} units"))
        if variant == "kg":
            return r.choice((f"{r.randint(1, 30)}kg", f"{r.randint(1, 30)}.{r.randint(1, 9)}公斤", f"{r.randint(2, 60)}斤"))
        unit = variant or r.choice(UNITS_ZH)
        if r.random() < 0.25:
            return f"{r.choice(CN_NUMS)}{unit}"
        return f"{n}{unit}"

    def g_tax_id(self, variant: str, zh: bool) -> str:
        r = self.r
        letters = "ABCDEFGHJKLMNPQRTUWXY"
        if r.random() < 0.7:
            org = "MA" + "".join(r.choice("0123456789" + letters) for _ in range(6))
        else:
            org = self.digits(8, "1234567")
        org += org_code_check(org)
        body = r.choice(("91", "91", "91", "92", "12", "52")) + r.choice(ID_REGIONS) + org
        return body + uscc_check(body)

    def g_code(self, variant: str, zh: bool) -> str:
        r = self.r
        up = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        if variant == "verify":
            return self.digits(r.choice((4, 6, 6)))
        if variant == "pickup":
            return r.choice((f"{r.randint(1, 9)}-{r.randint(1, 9)}-{self.digits(4)}", f"{r.choice('ABCDEF')}{r.randint(1, 20)}-{self.digits(4)}", self.digits(6)))
        if variant == "ticket":
            y, m, d = self.ymd()
            return r.choice((f"T{y}{m:02d}{d:02d}-{self.digits(4)}", f"#{self.digits(7)}", f"CS{self.digits(8)}"))
        return r.choice((
            "KF" + "".join(r.choice(up + "23456789") for _ in range(6)),
            f"SAVE{r.choice((10, 20, 30, 50))}-" + "".join(r.choice(up) for _ in range(4)),
            f"VIP{r.randint(2023, 2025)}{r.choice(('SPRING', 'SUMMER', 'DOUBLE11', 'NEWYEAR'))}",
            "".join(r.choice(up + "23456789") for _ in range(4)) + "-" + "".join(r.choice(up + "23456789") for _ in range(4)),
        ))

    def g_hotline(self, variant: str, zh: bool) -> str:
        r = self.r
        return r.choice((
            f"400-{self.digits(3)}-{self.digits(4)}", f"400 {self.digits(3)} {self.digits(4)}",
            f"400{self.digits(7)}", f"4006-{self.digits(3)}-{self.digits(3)}", f"800-{self.digits(3)}-{self.digits(4)}",
            f"800{self.digits(7)}", r.choice(("95588", "95533", "95599", "95566", "95555", "95338")),
        ))


# --------------------------------------------------------------------------------------------
# Rendering and checks
# --------------------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{(\w+)(?:\.([^{}]+))?\}")
CUES = (
    "我叫", "姓名", "收件人", "收货人", "联系人", "名字", "户名", "持卡人", "寄件人", "开户人", "乘机人",
    "入住人", "乘客", "我是", "叫", "户主", "法人", "经办人", "审批人", "办理人", "被保险人", "车主",
    "报装人", "签收人", "取车人", "收件仁", "店主", "收件人写的", "下单人", "名字是",
)
ROLE_WORDS = (
    "客服", "师傅", "快递员", "快递小哥", "派件员", "老婆", "老公", "我爸", "我妹妹", "母亲", "孩子", "朋友",
    "房东", "物业", "理财经理", "采购", "财务", "管理员", "转账给", "转告", "告诉", "让", "找", "帮",
    "联系", "问下", "抄送", "接待我的是", "投诉", "听", "自称", "楼上", "给", "是",
)


def render(template: str, gen: Gen, zh: bool) -> dict[str, Any]:
    parts: list[str] = []
    spans: list[tuple[dict[str, Any], str]] = []
    pos = last = 0
    for m in PLACEHOLDER.finditer(template):
        literal = template[last:m.start()]
        parts.append(literal)
        pos += len(literal)
        kind, variant = m.group(1), m.group(2) or ""
        value = gen.value(kind, variant, zh)
        spans.append(({"type": kind, "start": pos, "end": pos + len(value)}, value))
        parts.append(value)
        pos += len(value)
        last = m.end()
    parts.append(template[last:])
    text = "".join(parts)
    for span, value in spans:
        if text[span["start"]:span["end"]] != value:
            raise AssertionError(f"bad offsets for {value!r} in {text!r}")
    pii = [s for s, _ in spans if s["type"] in PII_TYPES]
    non_pii = [s for s, _ in spans if s["type"] in NON_PII_TYPES]
    if len(pii) + len(non_pii) != len(spans):
        raise AssertionError(f"unknown span type in {template!r}")
    return {"text": text, "pii": pii, "non_pii": non_pii, "source": SOURCE}


def check_case(case: dict[str, Any]) -> None:
    """Re-check every span against the value rules before the case is written."""
    text = str(case["text"])
    spans = sorted(case["pii"] + case["non_pii"], key=lambda s: s["start"])
    for a, b in pairwise(spans):
        if a["end"] > b["start"]:
            raise AssertionError(f"overlapping spans in {text!r}")
    for s in spans:
        value = text[s["start"]:s["end"]]
        if not value or value != value.strip():
            raise AssertionError(f"empty or padded span {value!r} in {text!r}")
        kind, b = s["type"], bare(value)
        if kind == "id_number" and not id_valid(b):
            raise AssertionError(f"id_number with bad check character: {value!r}")
        if kind == "invalid_id" and (id_valid(b) or len(b) != 18):
            raise AssertionError(f"invalid_id that is valid: {value!r}")
        if kind == "bank_card" and not (16 <= len(b) <= 19 and luhn_valid(b)):
            raise AssertionError(f"bank_card failing Luhn: {value!r}")
        if kind == "invalid_card" and (luhn_valid(b) or not 16 <= len(b) <= 19):
            raise AssertionError(f"invalid_card passing Luhn: {value!r}")
        if kind == "mobile" and not re.fullmatch(r"(\+86|0086)?1[3-9]\d{9}", b):
            raise AssertionError(f"bad mobile: {value!r}")


def profile(template: str) -> Counter[str]:
    """What one line from this template adds to the counts the planner steers."""
    kinds = [m.group(1) for m in PLACEHOLDER.finditer(template)]
    counts = Counter(k if k in PII_TYPES else "non_pii" for k in kinds)
    if not any(k in PII_TYPES for k in kinds):
        counts["no_pii_line"] = 1
    return counts


def cost(counts: Counter[str]) -> float:
    return sum((counts[k] - t) ** 2 / t for k, t in TARGETS.items())


def plan() -> list[tuple[bool, str]]:
    """Use every template once, then greedily repeat the template (up to MAX_USES) that brings the
    per-type counts closest to TARGETS, until each language has its number of lines."""
    pools = {True: ZH_TEMPLATES, False: EN_TEMPLATES}
    budget = {True: ZH_LINES - len(ZH_TEMPLATES), False: EN_LINES - len(EN_TEMPLATES)}
    chosen = [(zh, t) for zh, pool in pools.items() for t in pool]
    uses = Counter(chosen)
    counts: Counter[str] = Counter()
    for _, t in chosen:
        counts += profile(t)
    while budget[True] > 0 or budget[False] > 0:
        best: tuple[float, bool, str] | None = None
        for zh, pool in pools.items():
            if budget[zh] <= 0:
                continue
            for t in pool:
                if uses[zh, t] >= MAX_USES:
                    continue
                score = cost(counts + profile(t))
                if best is None or score < best[0]:
                    best = (score, zh, t)
        if best is None:
            raise RuntimeError("not enough templates for the line budget")
        _, zh, t = best
        chosen.append((zh, t))
        uses[zh, t] += 1
        budget[zh] -= 1
        counts += profile(t)
    return chosen


def build() -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    gen = Gen(rng)
    seen: set[str] = set()
    cases: list[dict[str, Any]] = []
    for templates in (ZH_TEMPLATES, EN_TEMPLATES):
        if len(set(templates)) != len(templates):
            raise AssertionError("duplicate template")
    for zh, template in plan():
        for _ in range(50):
            case = render(template, gen, zh)
            if case["text"] not in seen:
                break
        else:
            raise RuntimeError(f"cannot make a distinct line from {template!r}")
        check_case(case)
        seen.add(str(case["text"]))
        cases.append(case)
    rng.shuffle(cases)
    return cases


def name_contexts(cases: list[dict[str, Any]]) -> Counter[str]:
    """What comes right before each Chinese name: a label-like cue (我叫, 姓名, 收件人...), a role,
    relation or verb (客服, 老公, 找, 告诉...), or nothing of the kind (start of line, list, sign-off)."""
    seen: Counter[str] = Counter()
    for case in cases:
        text = str(case["text"])
        for s in case["pii"]:
            if s["type"] != "person" or not re.search(r"[\u4e00-\u9fff]", text[s["start"]:s["end"]]):
                continue
            before = re.sub(r"[\s:：]+$", "", text[max(0, s["start"] - 8):s["start"]])
            if before.endswith(CUES):
                seen["cue word"] += 1
            elif before.endswith(ROLE_WORDS):
                seen["role, relation or verb"] += 1
            else:
                seen["no cue"] += 1
    return seen


def main() -> None:
    cases = build()
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        for case in cases:
            fh.write(json.dumps(case, ensure_ascii=False) + "\n")
    pii = Counter(s["type"] for c in cases for s in c["pii"])
    non = Counter(s["type"] for c in cases for s in c["non_pii"])
    no_pii = sum(1 for c in cases if not c["pii"])
    contexts = name_contexts(cases)
    print(f"wrote {len(cases)} lines to {OUT}")
    print(f"templates: {len(ZH_TEMPLATES)} Chinese + {len(EN_TEMPLATES)} English")
    print(f"lines: {ZH_LINES} from Chinese templates, {EN_LINES} from English ones; without PII: {no_pii}")
    print(f"pii spans: {sum(pii.values())}")
    for kind in PII_TYPES:
        print(f"  {kind:14} {pii[kind]}")
    print(f"non_pii spans: {sum(non.values())}")
    for kind in NON_PII_TYPES:
        print(f"  {kind:14} {non[kind]}")
    print(f"Chinese names by what precedes them ({sum(contexts.values())}):")
    for label in ("cue word", "role, relation or verb", "no cue"):
        print(f"  {label:24} {contexts[label]}")


if __name__ == "__main__":
    main()
