"""Fold Traditional Chinese to Simplified for matching, so '骨关节炎' finds '骨關節炎' and the reverse.

Not a general converter: the table covers the Traditional characters that occur in msc's data (names, indications,
history), each mapped to its Simplified form. tests check that Simplified queries find the Traditional text in the data.
"""

from __future__ import annotations

_PAIRS = (
    "並并來来個个側侧傷伤僅仅兒儿兩两創创動动務务單单嚴严國国團团報报學学實实對对層层帶带幹干後后從从應应損损"
    "據据擴扩攣挛數数於于會会業业標标樣样歐欧準准潛潜為为無无營营獲获現现環环產产療疗癒愈發发確确礎础礙碍種种"
    "稱称節节紐纽級级細细終终組组統统經经綜综維维線线緩缓縮缩織织纖纤羅罗羥羟義义聯联腦脑腫肿膚肤膠胶臍脐臨临"
    "與与萬万葉叶薦荐蘭兰術术複复規规視视訪访評评試试該该誌志認认調调證证識识議议貼贴質质購购輕轻輸输轉转週周"
    "進进運运達达邊边開开間间關关陰阴陽阳隊队際际隨随雜杂離离難难項项頓顿類类養养驗验體体髖髋魯鲁點点韓韩瘻瘘"
    "痺痹併并長长閉闭脈脉採采測测痙痉異异鉑铂賽赛邁迈臟脏變变腎肾歲岁衛卫藥药審审將将"
)
T2S = str.maketrans(dict(zip(_PAIRS[0::2], _PAIRS[1::2], strict=True)))


def fold(text: str) -> str:
    """Traditional characters become Simplified; everything else is unchanged."""
    return text.translate(T2S)
