"""Facts about one normalised text that several checks ask for, computed lazily and once:
sentence and clause bounds, jieba token boundaries (only for blocks that hold a hit), whether a
negator earlier in the clause reaches a position, and whether a position is someone else's
words or the debtor's own (reported speech, a plain yes/no question, a debtor's account)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..engine.segment import BLOCK_RE, Segmenter

# Sentence ends (co-occurrence scope) and clause ends (negation scope).
_SENTENCE_END_RE = re.compile(r"[。！？!?；;\n]")
# Negation reaches back to the start of the clause; an enumeration (拘留、坐牢) stays inside it.
CLAUSE_END = set("。！？!?；;\n，,：:")
_CLAUSE_END_RE = re.compile("[" + re.escape("".join(sorted(CLAUSE_END))) + "]")
NEGATORS = (
    "绝对不会", "绝不会", "决不会", "不会", "不得", "不能", "不可能", "不应", "不该", "不再", "不是",
    "不存在", "绝不", "决不", "从不", "从未", "从来没有", "从来不", "并未", "并不", "并没有", "没有",
    "没", "未", "不", "禁止", "严禁", "无权", "别", "杜绝", "拒绝", "反对",
)
# Words starting with a negator character that do not negate what follows (不得不 = must;
# 不知道 says what the speaker does not know, not that what follows will not happen).
NOT_NEGATORS = (
    "不行", "不然", "不如", "不管", "不论", "不得不", "不光", "不仅", "不但", "不止", "不断", "不少",
    "不久", "不过", "不同", "不停", "不够", "不满", "没完", "没门", "别人", "别的", "别处", "未来",
    "未必", "禁止令", "没关系", "没问题", "不要紧", "不知道", "不知", "不晓得", "不要脸", "没脸", "没良心", "没出息", "不是东西", "不是人",
)
# A negator followed at once by what the debtor fails to do (不还钱, 没钱, 不接电话, 别逼我) states
# a condition, not a negated threat: "不还钱就上门" stays a threat.
DEBTOR_ACTIONS = (
    "还", "给", "钱", "交", "缴", "付", "接", "理", "回", "配合", "处理", "听", "管", "逼", "怪", "怨", "想还",
    "打算还", "按时", "老实", "识相",
)
# A condition or consequence marker between the negator and the hit ends its scope.
TURN_WORDS = ("就", "才", "否则", "不然", "的话", "要是", "如果", "那么", "那就", "马上", "立刻", "立马", "等着")
# Where unpunctuated text (ASR transcripts, chat) starts a new clause after a negator: a
# sentence-final particle (你不是挺爱面子的吗现在……), a concession (你不接电话没关系我们……),
# a conjunction, 我告诉你, or the agent's side as the subject of a new verb phrase (若仍不缴费我们将
# 发函……, 听不出来了我是你老同学; not 让我们, 是我们: there 我们 is the object of the negated verb).
_NEW_SUBJECT = (
    "(?<![让叫派被给把和跟与对找请使令由向是])(?:(?:我们|我司|咱们)(?=的人|将|会|就|要|可以|已经|马上|现在|明天|今天|今晚|直接|只好|只能|派|去|来|找)"
    "|我(?=是|会|要|已经|现在|马上|明天|今天|今晚))"
)
_CLAUSE_BREAK_RE = re.compile(
    "[吗呢吧啊呀嘛]|没关系|无所谓|但是|可是|然后|所以|反正|而且|结果|那(?=我|你|咱)|我告诉你|我跟你说|" + _NEW_SUBJECT
)
_NEW_SUBJECT_RE = re.compile(_NEW_SUBJECT)
_BARE_NEGATORS = frozenset(("不", "没", "没有", "别", "未"))
_QUOTES = (("“", "”"), ("「", "」"), ("『", "』"), ("‘", "’"), ('"', '"'))

# Reported speech: a narrating subject (a third person, an authority, a role
# such as 催收员 or 被告人) and, within its clause, a speech or report verb; what follows in the
# sentence is what someone else said or did (催收员在电话里称……, 被告人王某扬言……, 据借款人
# 反映……). Pronouns and authorities take only report verbs (他扬言, not 他说: an agent relaying
# 他说 to a relative may go on to threaten); a subject right after 我们/我司 is the agent's side.
_CLAUSE_CHARS = "[^。！？!?；;\\n，,：:“”「」]"
_REPORT_VERBS = (
    "称", "声称", "宣称", "扬言", "威胁", "威胁称", "威胁说", "威胁道", "恐吓称", "表示", "曾说", "曾称", "曾表示",
    "叫嚣", "放话", "坦言", "透露", "反映", "回忆", "回忆说", "讲述", "描述", "供述", "交代", "证实", "指出",
    "告诉记者", "对记者说", "向记者表示", "骂道", "留言称", "发帖称", "写道", "要挟", "恐吓",
)
_SPEECH_VERBS = _REPORT_VERBS + ("说", "说道", "讲", "告诉", "警告", "骂", "辱骂", "问", "要求")
# Pronouns and authorities (an agent may claim 法院要求……) take only report verbs.
_FORMAL_SUBJECTS = (
    "他", "她", "他们", "她们", "该男子", "该女子", "男子", "女子", "此人", "法院", "法官", "警方", "民警", "检察院",
    "检察机关", "公诉机关",
)
_ROLE_SUBJECTS = (
    "催收员", "催收人员", "催收方", "催收公司", "催债公司", "讨债公司", "讨债人", "讨债者", "放贷人", "被告人",
    "被害人", "受害人", "原告", "记者", "网友", "知情人", "业内人士",
)
# Not 借款人, 债务人, 当事人: agents use them for the debtor when they write to a third party
# (借款人张三告诉我们您是他的紧急联系人……).


def _alternatives(words) -> str:
    """``words`` as a regex alternation, longest first."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def _reporting_re() -> re.Pattern:
    alt = _alternatives
    gap = _CLAUSE_CHARS + "{0,10}?"
    return re.compile(
        f"(?P<role>(?:{alt(_ROLE_SUBJECTS)}){gap}(?:{alt(_SPEECH_VERBS)}))"
        f"|(?P<formal>(?:{alt(_FORMAL_SUBJECTS)}){gap}(?:{alt(_REPORT_VERBS)}))"
        f"|(?P<source>据{_CLAUSE_CHARS}{{0,12}}?(?:反映|称|介绍|透露|报道|通报|了解|统计|调查|查明|交代|供述))"
        # a subject left out at the start of a sentence, as in notes and lists (说要抓人 → 记住！),
        # also after a spoken filler (嗯说要抓人)
        "|(?P<elided>(?:^|(?<=[。！？!?；;\\n]))[\\s\\-*•·>]*(?:嗯|啊|呃|哦|那个|就是说)?[，,]?(?:还|又|并|就)?(?:说要|说会|称要|称会|扬言|威胁要|威胁说))"
    )


_REPORTING_RE = _reporting_re()
# A quotation introduced by a speech verb (催收员在电话里说：“……。……”, 短信内容为：“……”) is
# someone's words even where it runs over several sentences; not when 我 introduces it (我跟你说：
# “……” is the agent speaking).
_QUOTE_LEAD = 16
_QUOTE_LEAD_WORDS = _SPEECH_VERBS + ("写道", "写着", "内容为", "内容是", "留言", "喊", "喊道", "发帖", "短信", "微信")
_QUOTE_LEAD_RE = re.compile("(?:" + _alternatives(_QUOTE_LEAD_WORDS) + ")[：:，,]?\\s*$")
_OWN_SIDE = ("我们", "我司", "我方", "咱们", "本公司", "我行")
# A yes/no question about what may happen (被起诉了会坐牢吗？ 催收会联系我家人吗？) asks; without
# a second person and a rhetorical marker (难道, 不会……吗) it is the debtor's question.
_QUESTION_END_RE = re.compile(r"(?:[吗么嘛][\s]*[？?]+|吗)[\s]*$")
_MAY_RE = re.compile("会|能|可能|可以|是不是")
_RHETORIC_RE = re.compile("你(?!好[，,。！!\\s])|难道|不会|不怕|还想|想不想|信不信|试试")
# A debtor telling what is done to them: 我 as the one affected (起诉我, 爆我通讯录, 我的照片) in
# a sentence with no second person. Agents address 你/您. Not 我 + a person (转到我老婆的卡上 is
# an agent's personal payment channel), nor 让我/逼我/打我 (别逼我上门 is an agent's threat), nor
# 我公司/我单位 (how institutions name themselves).
_FIRST_PERSON_RE = re.compile(
    "我(?:的)?(?:老家|通讯录|联系人|照片|征信|身份证|户籍地)"
    "|(?:起诉|告|抓|爆|骂|辱骂|威胁|恐吓|吓唬|催|骚扰|曝光)我(?!们)"
)
# (A greeting, 您好，, addresses no one in particular: 您好，被起诉了会坐牢吗？ is the debtor asking.)
# (The text is normalised: 您 reads as 你.)
_SECOND_PERSON_RE = re.compile("你(?!好[，,。！!\\s])")
# A debtor relaying the collector's words (催收说要爆我通讯录) passes on the violating phrasing
# itself; the realworld corpus labels complaint posts that quote collectors with what they quote,
# so the account check leaves such sentences to the rules' own conditions.
_RELAYED_RE = re.compile("说|称|扬言|威胁|恐吓|骂")


def _alternation(words) -> re.Pattern:
    return re.compile(_alternatives(words))


_NOT_NEGATOR_RE = _alternation(NOT_NEGATORS)
_DEBTOR_ACTION_RE = _alternation(DEBTOR_ACTIONS)
_TURN_RE = _alternation(TURN_WORDS)
_NEGATORS_ANY_RE = _alternation(NEGATORS)
NEGATION_WINDOW = 16


class TextFacts:
    """Lazily computed facts about one normalised text, shared by every check and hit in it.

    ``block_boundaries`` is the one place segmentation happens; the benchmark's naive baseline
    overrides it to segment whole texts instead."""

    def __init__(self, text: str, segmenter: Segmenter) -> None:
        self.text = text
        self.segmenter = segmenter
        self._sentence_ends: list[int] | None = None
        self._clause_ends: list[int] | None = None  # offsets of the characters that end clauses
        self._blocks: tuple[list[int], list[int]] | None = None  # starts, ends of jieba blocks
        self._reporting: dict[int, list[tuple[int, str]]] = {}  # sentence start → (end, frame) of reporting frames
        self._told: dict[int, tuple[bool, bool]] = {}  # sentence start → (plain question, debtor's account)

    def sentence(self, position: int) -> tuple[int, int]:
        """[start, end) of the sentence holding ``position``."""
        if self._sentence_ends is None:
            self._sentence_ends = [m.end() for m in _SENTENCE_END_RE.finditer(self.text)]
        ends = self._sentence_ends
        i = bisect_right(ends, position)
        return (ends[i - 1] if i else 0), (ends[i] if i < len(ends) else len(self.text))

    def clause(self, position: int) -> tuple[int, int]:
        """[start, end) of the clause holding ``position`` (a comma or colon ends one too; the
        character that ends a clause belongs to neither side)."""
        if self._clause_ends is None:
            text = self.text
            self._clause_ends = [m.start() for m in _CLAUSE_END_RE.finditer(text) if _ends_clause(text, m.start())]
        ends = self._clause_ends
        i = bisect_left(ends, position)
        return (ends[i - 1] + 1 if i else 0), (ends[i] if i < len(ends) else len(self.text))

    def quotation(self, start: int, end: int) -> tuple[int, int] | None:
        """[start, end) of the text inside the quotation marks that enclose [start, end) within
        its sentence, or None (“”, 「」, 『』, ‘’ and straight double quotes)."""
        low, high = self.sentence(start)
        text = self.text
        for opening, closing in _QUOTES:
            if opening == closing:
                if text.count(opening, low, start) % 2 == 1 and text.find(closing, end, high) >= 0:
                    return text.rfind(opening, low, start) + 1, text.find(closing, end, high)
                continue
            left = text.rfind(opening, low, start)
            if left < 0 or text.rfind(closing, left, start) >= 0:
                continue
            right = text.find(closing, end, high)
            if right >= 0:
                return left + 1, right
        return None

    def reported(self, position: int) -> str | None:
        """The reporting frame (催收员在电话里称, 被告人王某扬言, 据借款人反映) that ends before
        ``position`` in its sentence, or None: what follows it is someone else's speech or
        conduct being told, not the speaker's own."""
        low, high = self.sentence(position)
        frames = self._reporting.get(low)
        if frames is None:
            frames = self._reporting[low] = []
            text = self.text
            for match in _REPORTING_RE.finditer(text, low, high):
                if any(text.endswith(side, max(low, match.start() - len(side)), match.start()) for side in _OWN_SIDE):
                    continue
                frames.append((match.end(), match.group()))
        for end, frame in frames:
            if end <= position:
                return frame
        return self._quoted_lead(position)

    def _quoted_lead(self, position: int) -> str | None:
        """The lead-in (……说：) of the quotation that holds ``position``, looking past sentence
        ends inside the quotation, or None."""
        text = self.text
        for opening, closing in _QUOTES[:4]:
            if opening not in text:
                continue
            left = text.rfind(opening, 0, position)
            if left < 0 or text.rfind(closing, left, position) >= 0:
                continue
            lead = text[max(0, left - _QUOTE_LEAD) : left]
            lead = _SENTENCE_END_RE.split(lead)[-1]
            if "我" in lead or _QUOTE_LEAD_RE.search(lead) is None:
                return None
            return lead + opening
        return None

    def asks(self, position: int) -> bool:
        """Whether the sentence holding ``position`` is a plain yes/no question about what may
        happen, with ``会``/``能`` before ``position`` and no second person or rhetoric
        (被起诉了会坐牢吗？ — not 你想坐牢吗？ nor 不还钱不会被起诉吗？)."""
        low, high = self.sentence(position)
        facts = self._sentence_facts(low, high)
        return facts[0] and _MAY_RE.search(self.text, low, position) is not None

    def debtor_account(self, position: int) -> bool:
        """Whether the sentence holding ``position`` is a debtor telling what is done to them:
        我 as the one affected (起诉我, 爆我通讯录, 我的照片) and no 你/您 (他们说再不还就起诉我，
        还说要让我坐牢)."""
        return self._sentence_facts(*self.sentence(position))[1]

    def _sentence_facts(self, low: int, high: int) -> tuple[bool, bool]:
        """(a plain yes/no question, a debtor's own account) for the sentence [low, high)."""
        found = self._told.get(low)
        if found is None:
            text = self.text
            second = _SECOND_PERSON_RE.search(text, low, high) is not None
            question = _QUESTION_END_RE.search(text[low:high]) is not None and not second and _RHETORIC_RE.search(text, low, high) is None
            account = not second and _FIRST_PERSON_RE.search(text, low, high) is not None and _RELAYED_RE.search(text, low, high) is None
            found = self._told[low] = (question, account)
        return found

    def negated(self, position: int) -> bool:
        """A negator earlier in the clause whose scope reaches ``position`` (不会派人上门)."""
        text = self.text
        floor = max(0, position - NEGATION_WINDOW)
        clause_start = position
        while clause_start > floor and text[clause_start - 1] not in CLAUSE_END:
            clause_start -= 1
        window = text[clause_start:position]
        skip_until = 0
        for match in _NEGATORS_ANY_RE.finditer(window):
            start, end = match.span()
            if start < skip_until:
                continue
            word = _NOT_NEGATOR_RE.match(window, start)
            if word is not None:
                skip_until = word.end()
                continue
            # A-not-A questions (是不是, 要不要, 有没有) ask; they do not negate.
            after = clause_start + start + 1
            if start > 0 and after < len(text) and window[start - 1] == text[after]:
                continue
            if match.group() in _BARE_NEGATORS and _DEBTOR_ACTION_RE.match(window, end):
                continue
            if _TURN_RE.search(window, end):
                continue
            # A new clause may start with the hit itself (听不出来了我是你老同学: the hit is 我是…).
            if _CLAUSE_BREAK_RE.search(window, end) or _NEW_SUBJECT_RE.match(text, position):
                continue
            return True
        return False

    def aligned(self, start: int, end: int) -> bool:
        """Whether [start, end) starts and ends on jieba token boundaries."""
        return self._is_boundary(start, True) and self._is_boundary(end, False)

    def _is_boundary(self, position: int, at_start: bool) -> bool:
        # At a start, look at the block holding text[position]; at an end, at text[position-1].
        probe = position if at_start else position - 1
        if self._blocks is None:
            spans = [match.span() for match in BLOCK_RE.finditer(self.text)]
            self._blocks = ([start for start, _ in spans], [end for _, end in spans])
        starts, ends = self._blocks
        i = bisect_right(starts, probe) - 1
        if i < 0 or probe >= ends[i]:
            return True  # the hit edge is not inside a jieba block: punctuation, symbols
        return position - starts[i] in self.block_boundaries(starts[i], ends[i])

    def spans_words(self, start: int, end: int, added: frozenset[str]) -> bool:
        """Whether [start, end) may be read as whole words: each edge is a token boundary, or
        falls inside a token that is one of the ``added`` words (rule patterns put in the
        segmenter's dictionary, such as 剁你手指, which a frame reads as 剁 | 你 | 手指)."""
        return self._edge(start, True, added) and self._edge(end, False, added)

    def edge_ok(self, position: int, at_start: bool, added: frozenset[str]) -> bool:
        """Whether a word may start (end) at ``position``: a token boundary, or inside one of
        the ``added`` words."""
        return self._edge(position, at_start, added)

    def _edge(self, position: int, at_start: bool, added: frozenset[str]) -> bool:
        token = self.token_at(position, at_start)
        return token is None or self.text[token[0] : token[1]] in added

    def token_at(self, position: int, at_start: bool) -> tuple[int, int] | None:
        """The [start, end) of the jieba token that an edge at ``position`` falls inside, or
        None when the edge is a token boundary (or outside any jieba block)."""
        if self._is_boundary(position, at_start):
            return None
        probe = position if at_start else position - 1
        starts, ends = self._blocks
        i = bisect_right(starts, probe) - 1
        cuts = sorted(self.block_boundaries(starts[i], ends[i]))
        j = bisect_right(cuts, probe - starts[i]) - 1
        return starts[i] + cuts[j], starts[i] + cuts[j + 1]

    def block_boundaries(self, start: int, end: int) -> frozenset[int]:
        """Token boundaries of the jieba block text[start:end], relative to ``start``."""
        return self.segmenter.boundaries(self.text[start:end])


def _ends_clause(text: str, index: int) -> bool:
    """Whether text[index] ends a clause (a colon inside a clock time, 23:30, does not)."""
    char = text[index]
    if char not in CLAUSE_END:
        return False
    if char in ":：" and 0 < index < len(text) - 1 and text[index - 1].isdigit() and text[index + 1].isdigit():
        return False
    return True


def facts(prepared, segmenter: Segmenter, factory: type[TextFacts] = TextFacts) -> TextFacts:
    """The ``TextFacts`` of a prepared item, made on first request and shared by the checks."""
    found = prepared.shared.get("facts")
    if found is None:
        found = prepared.shared["facts"] = factory(prepared.norm.text, segmenter)
    return found
