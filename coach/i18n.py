"""Every UI string, in Japanese and English, and how the UI language is chosen."""

from __future__ import annotations

import os
from typing import Any

LANGUAGES = ("ja", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # generic
    "error.prefix": {"ja": "エラー", "en": "error"},
    "error.unexpected": {
        "ja": "予期しないエラー: {error}(詳細は --traceback または COACH_DEBUG=1 で表示)",
        "en": "unexpected error: {error} (run with --traceback or COACH_DEBUG=1 for details)",
    },
    "error.interrupted": {"ja": "中断しました", "en": "interrupted"},
    # packs
    "packs.not_found": {
        "ja": "パック '{pack}' が見つかりません。利用できるパック: {known}",
        "en": "no pack '{pack}'; available packs: {known}",
    },
    "packs.invalid": {
        "ja": "パック {source} に {count} 件の問題があります:",
        "en": "pack {source} has {count} problem(s):",
    },
    "packs.valid": {
        "ja": "{source}: 有効なパックです(id {id}、バージョン {version}、質問 {questions} 件、"
        "ケース {cases} 件、言語 {languages})",
        "en": "{source}: valid pack (id {id}, version {version}, {questions} questions, "
        "{cases} case prompts, languages {languages})",
    },
    "packs.col.id": {"ja": "ID", "en": "id"},
    "packs.col.title": {"ja": "タイトル", "en": "title"},
    "packs.col.version": {"ja": "バージョン", "en": "version"},
    "packs.col.languages": {"ja": "言語", "en": "languages"},
    "packs.col.questions": {"ja": "質問数", "en": "questions"},
    "packs.col.origin": {"ja": "種類", "en": "origin"},
    "packs.col.source": {"ja": "場所", "en": "location"},
    "packs.origin.bundled": {"ja": "同梱", "en": "bundled"},
    "packs.origin.user": {"ja": "ユーザー", "en": "user"},
    "packs.broken": {"ja": "壊れています({count} 件の問題)", "en": "broken ({count} problems)"},
    "packs.user_dir": {
        "ja": "ユーザーパックのフォルダ: {path}",
        "en": "user packs folder: {path}",
    },
    # pack problems (see coach.packs.loader)
    "pack.not_utf8": {
        "ja": "UTF-8 として読めません",
        "en": "the file is not valid UTF-8",
    },
    "pack.unreadable": {"ja": "読み込めません: {error}", "en": "cannot read the file: {error}"},
    "pack.bad_yaml": {"ja": "YAML として不正です: {error}", "en": "invalid YAML: {error}"},
    "pack.empty_file": {"ja": "ファイルが空です", "en": "the file is empty"},
    "pack.no_such_path": {
        "ja": "そのようなファイルやフォルダはありません",
        "en": "no such file or folder",
    },
    "pack.no_pack_file": {
        "ja": "pack.yaml がありません(パックは YAML ファイル、または pack.yaml を含むフォルダです)",
        "en": "no pack.yaml here (a pack is a YAML file or a folder holding pack.yaml)",
    },
    "pack.duplicate_key": {
        "ja": "キー '{key}' が重複しています",
        "en": "the key '{key}' appears twice",
    },
    "pack.wrong_type": {
        "ja": "{expected} が必要ですが {got} です",
        "en": "expected a {expected}, got {got}",
    },
    "pack.unknown_field": {
        "ja": "不明なフィールド '{field}'(使えるのは {allowed})",
        "en": "unknown field '{field}' (allowed: {allowed})",
    },
    "pack.unknown_field_hint": {
        "ja": "不明なフィールド '{field}'('{hint}' の誤りでは?)",
        "en": "unknown field '{field}' (did you mean '{hint}'?)",
    },
    "pack.missing_field": {
        "ja": "必須フィールド '{field}' がありません",
        "en": "missing required field '{field}'",
    },
    "pack.empty_text": {"ja": "テキストが空です", "en": "the text is empty"},
    "pack.too_small": {
        "ja": "{minimum} 以上の値が必要です",
        "en": "must be at least {minimum}",
    },
    "pack.too_few": {
        "ja": "少なくとも {minimum} 件必要です",
        "en": "needs at least {minimum} item(s)",
    },
    "pack.bad_id": {
        "ja": "ID '{id}' は小文字・数字・ハイフンのみで書いてください(例: build-team)",
        "en": "id '{id}' must be lowercase letters, digits and hyphens (e.g. build-team)",
    },
    "pack.duplicate_id": {"ja": "ID '{id}' が重複しています", "en": "duplicate id '{id}'"},
    "pack.missing_language": {
        "ja": "'{lang}' のテキストがありません(パックの言語: {languages})",
        "en": "the '{lang}' text is missing (the pack declares {languages})",
    },
    "pack.undeclared_language": {
        "ja": "言語 '{lang}' はパックで宣言されていません(宣言: {languages})",
        "en": "language '{lang}' is not declared by the pack (it declares {languages})",
    },
    "pack.bad_languages": {
        "ja": "languages は言語のリストです(使える言語: {known})",
        "en": "languages must be a list of languages ({known})",
    },
    "pack.bad_language": {
        "ja": "言語 '{lang}' には対応していません(対応: {known})",
        "en": "unsupported language '{lang}' (supported: {known})",
    },
    "pack.bad_signal": {
        "ja": "'{value}' は構造シグナルではありません(使えるのは {allowed})",
        "en": "'{value}' is not a structure signal (allowed: {allowed})",
    },
    "pack.unknown_ref": {
        "ja": "不明な {kind} ID '{id}'{hint_text}。存在する ID: {known}",
        "en": "unknown {kind} id '{id}'{hint_text}; known ids: {known}",
    },
    "pack.unknown_ref.hint": {"ja": "('{hint}' の誤りでは?)", "en": " (did you mean '{hint}'?)"},
    "pack.unknown_column": {
        "ja": "不明な列 '{column}'(列: {columns})",
        "en": "unknown column '{column}' (columns: {columns})",
    },
    "pack.no_questions": {
        "ja": "質問が 1 つもありません",
        "en": "the pack has no questions",
    },
    "kind.point": {"ja": "評価ポイント", "en": "evaluation point"},
    "kind.area": {"ja": "評価領域", "en": "area"},
    "kind.skill": {"ja": "スキル", "en": "skill"},
    # browsing
    "questions.not_found": {
        "ja": "質問 '{id}' はありません。{hint}",
        "en": "no question '{id}'. {hint}",
    },
    "questions.did_you_mean": {
        "ja": "もしかして: {close}",
        "en": "Did you mean: {close}?",
    },
    "questions.known": {"ja": "存在する ID: {known}", "en": "Known ids: {known}"},
    "questions.col.id": {"ja": "ID", "en": "id"},
    "questions.col.area": {"ja": "評価領域", "en": "area"},
    "questions.col.question": {"ja": "質問", "en": "question"},
    "questions.title": {"ja": "{pack} の質問", "en": "Questions in {pack}"},
    "questions.cases": {"ja": "ケース課題", "en": "Case prompts"},
    "questions.hint": {
        "ja": "詳しく見る: coach show <ID>",
        "en": "See one: coach show <id>",
    },
    "show.points": {"ja": "評価されるポイント", "en": "Evaluation points"},
    "show.pitfalls": {"ja": "よくある落とし穴", "en": "Common pitfalls"},
    "show.follow_ups": {"ja": "予想される追加質問", "en": "Expected follow-ups"},
    "show.model_answer": {"ja": "模範解答", "en": "Model answer"},
    "show.model_hint": {
        "ja": "模範解答を見る: coach show {id} --model-answer",
        "en": "Model answer: coach show {id} --model-answer",
    },
    "show.areas": {"ja": "評価領域", "en": "Areas"},
    "show.skills": {"ja": "スキル", "en": "Skills"},
    "show.case": {"ja": "ケース課題", "en": "Case prompt"},
    "show.no_model_answer": {
        "ja": "このパックには模範解答がありません",
        "en": "this pack has no model answer for it",
    },
    "role.responsibilities": {"ja": "主な責任", "en": "Key responsibilities"},
    "role.skills": {"ja": "必須スキル", "en": "Required skills"},
    "role.differentiators": {
        "ja": "ボーナスとなる差別化要因",
        "en": "Bonus differentiators",
    },
    "role.areas": {"ja": "模擬面接の評価領域", "en": "Mock-interview evaluation areas"},
    "role.empty": {
        "ja": "このパックには役割の説明がありません",
        "en": "this pack has no role description",
    },
    "role.session": {
        "ja": "推奨: {minutes} 分のセッション、1 回答 {seconds} 秒",
        "en": "Recommended: {minutes}-minute session, {seconds} s per answer",
    },
}


def t(key: str, lang: str, /, **params: Any) -> str:
    """The UI string `key` in `lang`, formatted with `params`."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**params) if params else text


def resolve_lang(explicit: str | None = None) -> str:
    """`--lang`, else `COACH_LANG`, else the locale (Japanese locale -> ja), else en."""
    for candidate in (explicit, os.environ.get("COACH_LANG")):
        code = (candidate or "").strip().lower()[:2]
        if code in LANGUAGES:
            return code
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"
