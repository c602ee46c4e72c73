"""The words around the findings, in the users' language: severity words, summary lines,
statistics headings, the prefix of errors and notes, progress. Rule messages and suggestions are
Chinese already and stay as they are; machine formats (JSON, SARIF, …) keep English keys.

The language is ``--lang zh|en`` when given, else Chinese when ``LC_ALL``, ``LC_MESSAGES`` or
``LANG`` (the first one set, as gettext reads them) starts with ``zh``, else English.
"""

from __future__ import annotations

import os
from typing import Mapping

LANGUAGES = ("en", "zh")

MESSAGES: dict[str, dict[str, str]] = {
    "error": {"en": "error", "zh": "错误"},
    "warning": {"en": "warning", "zh": "警告"},
    "info": {"en": "info", "zh": "提示"},
    "error_prefix": {"en": "error: ", "zh": "错误："},
    "colon": {"en": ":", "zh": "："},
    "separator": {"en": ", ", "zh": "，"},
    "files": {"en": "{n} file|{n} files", "zh": "{n} 个文件"},
    "calls": {"en": "{n} call|{n} calls", "zh": "{n} 通电话"},
    "no_problems": {"en": "No problems found ({where}, {items} items checked).",
                    "zh": "未发现问题（{where}，检查了 {items} 条）。"},
    "found": {"en": "Found {problems} problem{s} ({error} error, {warning} warning, {info} info) in {where}, {items} items checked.",
              "zh": "发现 {problems} 个问题（错误 {error}，警告 {warning}，提示 {info}），{where}，检查了 {items} 条。"},
    "input_errors_only": {"en": "{n} input error(s); no problems found in what could be read ({where}, {items} items checked).",
                          "zh": "{n} 个输入错误；能读取的部分未发现问题（{where}，检查了 {items} 条）。"},
    "input_errors": {"en": " {n} input error(s).", "zh": "另有 {n} 个输入错误。"},
    "fixed_summary": {"en": "{fixed} fixed, {remaining} remaining ({error} error, {warning} warning, {info} info) in {where}, {items} items checked.",
                      "zh": "已修复 {fixed} 个，剩余 {remaining} 个（错误 {error}，警告 {warning}，提示 {info}），{where}，检查了 {items} 条。"},
    "by_rule": {"en": "By rule", "zh": "按规则"},
    "by_category_said": {"en": "By category (what was said)", "zh": "按类别（话术内容）"},
    "contact_timing": {"en": "Contact timing (when and how often)", "zh": "联系时段与频次"},
    "by_agent": {"en": "By agent_id", "zh": "按坐席（agent_id）"},
    "by_severity": {"en": "By severity", "zh": "按严重程度"},
    "by_review": {"en": "By review state", "zh": "按复核状态"},
    "unknown_speakers": {"en": "Unrecognised speaker label ({n} utterances read as third party)",
                         "zh": "无法识别的说话人标签（{n} 句按第三方处理）"},
    "per_100_calls": {"en": "{rate:.2f} per 100 calls", "zh": "每百通 {rate:.2f} 次"},
    "agent_calls": {"en": "{n} calls", "zh": "{n} 通"},
    "fixable_note": {"en": "[*] {n} fixable with --fix.", "zh": "[*] 其中 {n} 个可用 --fix 自动修复。"},
    "progress": {"en": "{records:,} records  {mb:,.1f} MB  {rate:,.1f} MB/s  {per_second:,.0f} records/s",
                 "zh": "{records:,} 条记录  {mb:,.1f} MB  {rate:,.1f} MB/s  每秒 {per_second:,.0f} 条"},
    "progress_eta": {"en": "{percent:3.0f}%  ETA {eta}", "zh": "{percent:3.0f}%  预计剩余 {eta}"},
}

_chosen: str | None = None


def detect_language(option: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """``option`` when given, else by the locale variables (see the module docstring)."""
    if option:
        return option
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(language: str | None) -> None:
    """Use ``language`` for this command (None: detect from the environment again)."""
    global _chosen
    _chosen = language


def language() -> str:
    return _chosen if _chosen is not None else detect_language()


def tr(key: str, **values) -> str:
    """The message ``key`` in the current language, formatted with ``values``. English
    ``singular|plural`` entries choose by ``n``."""
    text = MESSAGES[key][language()]
    if "|" in text:
        singular, plural = text.split("|")
        text = singular if values.get("n") == 1 else plural
    return text.format(**values)
